#!/usr/bin/env bash
# Builds the fuzz targets with libFuzzer instrumentation on the stable toolchain and runs one.
#   fuzz/run.sh build                 build every target
#   fuzz/run.sh TARGET [SECONDS] [libFuzzer flags...]
# The working corpus is fuzz/corpus/TARGET (not committed), seeded from fuzz/seeds/TARGET and
# the project's fixtures; crashes land in fuzz/artifacts/TARGET. See docs/fuzzing.md.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
triple="$(rustc -vV | sed -n 's/^host: //p')"
# What cargo-fuzz passes with `--sanitizer none`: coverage counters, comparison tracing and
# `cfg(fuzzing)`; all stable codegen flags. `--target` keeps them off build scripts and
# proc macros (which cannot link the coverage hooks).
export RUSTFLAGS="--cfg fuzzing -Cpasses=sancov-module -Cllvm-args=-sanitizer-coverage-level=4 \
-Cllvm-args=-sanitizer-coverage-inline-8bit-counters -Cllvm-args=-sanitizer-coverage-pc-table \
-Cllvm-args=-sanitizer-coverage-trace-compares -Cforce-frame-pointers"
build() { cargo build --manifest-path "$here/Cargo.toml" --release --target "$triple" --bins; }
target="${1:?usage: run.sh build | TARGET [SECONDS] [libFuzzer flags]}"
if [ "$target" = build ]; then build; exit; fi
shift
secs="${1:-600}"; [ $# -gt 0 ] && shift
build
corpus="$here/corpus/$target"; artifacts="$here/artifacts/$target"
mkdir -p "$corpus" "$artifacts"
seeds=("$here/seeds/$target")
[ -d "$here/seeds/$target" ] || seeds=()
exec "$here/target/$triple/release/$target" "$corpus" "${seeds[@]}" \
  -artifact_prefix="$artifacts/" -max_total_time="$secs" -rss_limit_mb=2048 \
  -malloc_limit_mb=1024 -timeout=10 -max_len=1048576 -print_final_stats=1 "$@"
