#!/usr/bin/env bash
# Builds the fuzz targets with libFuzzer instrumentation on the stable toolchain and runs one.
#   fuzz/run.sh build                 build every target
#   fuzz/run.sh TARGET [SECONDS] [libFuzzer flags...]
# The working corpus is fuzz/corpus/TARGET (not committed), seeded from the project's
# fixtures; crashes land in fuzz/artifacts/TARGET. See docs/fuzzing.md.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
triple="$(rustc -vV | sed -n 's/^host: //p')"
# What cargo-fuzz passes with `--sanitizer none` (coverage counters, comparison tracing,
# `cfg(fuzzing)`: all stable codegen flags), added by rustc-wrap.sh to the crates that read
# untrusted bytes only. `--target` keeps build scripts and proc macros apart.
export RUSTC_WRAPPER="$here/rustc-wrap.sh"
build() { cargo build --manifest-path "$here/Cargo.toml" --release --target "$triple" --bins; }
target="${1:?usage: run.sh build | TARGET [SECONDS] [libFuzzer flags]}"
if [ "$target" = build ]; then build; exit; fi
shift
secs="${1:-600}"; [ $# -gt 0 ] && shift
build
corpus="$here/corpus/$target"; artifacts="$here/artifacts/$target"
mkdir -p "$corpus" "$artifacts"
# Seeds: the project's fixtures of the target's kind, copied into a new corpus once.
root="$here/.."
case "$target" in
  definition) seeds=("$root"/src/definition/default.toml "$root"/fixtures/definitions/*.toml "$root"/examples/*.toml); max_len=65536 ;;
  csv) seeds=("$root"/fixtures/*.csv "$root"/fixtures/real/*.csv "$root"/fixtures/shapes/*.csv); max_len=65536 ;;
  xlsx) seeds=("$root"/fixtures/*.xlsx "$root"/fixtures/real/*.xlsx "$root"/fixtures/shapes/*.xlsx "$root"/fixtures/hostile/[!z]*.xlsx); max_len=262144 ;;
  platform_table) seeds=("$root"/fixtures/platform_opinion.* "$root"/fixtures/hostile/stray_*.xlsx); max_len=65536 ;;
  *) echo "unknown target $target (definition, csv, xlsx, platform_table)" >&2; exit 2 ;;
esac
if [ -z "$(ls -A "$corpus")" ]; then
  cp "${seeds[@]}" "$corpus/"
  # The xlsx target also takes a sheet's, shared strings' and styles' XML as plain parts
  # (qbpc_index::fuzzing::xlsx): seed that form from the same workbooks.
  if [ "$target" = xlsx ]; then
    python3 - "$corpus" "${seeds[@]}" <<'PY'
import sys, zipfile, os
out = sys.argv[1]
for i, path in enumerate(sys.argv[2:]):
    try:
        z = zipfile.ZipFile(path)
        names = {n.lower(): n for n in z.namelist()}
        def part(n):
            return z.read(names[n]) if n in names else b""
        data = b"\n--part--\n".join([part("xl/worksheets/sheet1.xml")[:200000], part("xl/sharedstrings.xml")[:50000], part("xl/styles.xml")])
        open(os.path.join(out, f"parts_{i}.xml"), "wb").write(data)
    except Exception:
        pass
PY
  fi
fi
# Past -rss_limit_mb or -malloc_limit_mb (one allocation) libFuzzer reports an out-of-memory
# crash: the targets run within caps far below (qbpc_index::fuzzing::limits).
exec "$here/target/$triple/release/$target" "$corpus" \
  -artifact_prefix="$artifacts/" -max_total_time="$secs" -rss_limit_mb=1024 \
  -malloc_limit_mb=512 -timeout=10 -max_len="$max_len" -print_final_stats=1 "$@"
