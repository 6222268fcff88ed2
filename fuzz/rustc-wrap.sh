#!/bin/sh
# RUSTC_WRAPPER of the fuzz build (run.sh): libFuzzer's coverage instrumentation only for
# the crates whose code reads untrusted bytes (the project and its xlsx reader, zip/deflate, CSV, TOML, XML,
# encodings) and the targets; the rest (polars above all) is compiled plainly, which makes
# the first build minutes instead of an hour on two cores.
rustc="$1"; shift
name=""; prev=""
for a in "$@"; do
  [ "$prev" = "--crate-name" ] && name="$a"
  prev="$a"
done
case "$name" in
  qbpc_index|qbpc_xlsx|definition|csv|xlsx|platform_table|zip|flate2|zlib_rs|csv_core|toml|toml_parser|toml_datetime|serde_spanned|encoding_rs|calamine|quick_xml|fast_float2|unicode_normalization)
    exec "$rustc" "$@" --cfg fuzzing -Cpasses=sancov-module \
      -Cllvm-args=-sanitizer-coverage-level=4 \
      -Cllvm-args=-sanitizer-coverage-inline-8bit-counters \
      -Cllvm-args=-sanitizer-coverage-pc-table \
      -Cllvm-args=-sanitizer-coverage-trace-compares ;;
esac
exec "$rustc" "$@"
