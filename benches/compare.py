#!/usr/bin/env python3
"""End-to-end benchmarks of qbpc-index, side by side with what researchers would otherwise use.

    python3 benches/compare.py tidy      [--rows 1000000] [--reps 5]   # vs pandas and wc -l
    python3 benches/compare.py scaling   [--reps 3]    # rows 10k/100k/1M, items, platforms
    python3 benches/compare.py xlsx      [--rows 100000] [--reps 3]    # vs openpyxl read-only
    python3 benches/compare.py coinr     [--reps 5]    # COINr's synth10k vs its recorded 1.20 s
    python3 benches/compare.py fixture   [--reps 10]   # the 40-respondent fixture, end to end
    python3 benches/compare.py all

qbpc-index is timed writing its per-platform results as CSV (`--format csv -o`), as pandas
writes its scores; the agreement check reads both programs' JSON. Every run builds the
release binary first (cargo build --release; --no-build skips it), makes
its data in --dir (default /tmp/qbpc-bench; kept between runs), checks that the programs agree
on the numbers before it times them, runs the contenders interleaved (so that a busy machine
hurts all of them alike) and reports the median, min and max wall time and the peak RSS of
each (getrusage of the child: ru_maxrss), and the ratios. pandas and openpyxl are installed
with pip when missing. Results are also written to DIR/results-<what>.json.
"""

import argparse
import csv
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / "target" / "release" / "qbpc-index"
GEN = ROOT / "target" / "release" / "examples" / "generate_survey"
READ_TABLE = ROOT / "target" / "release" / "examples" / "read_table"
PANDAS = ROOT / "benches" / "pandas_pipeline.py"
COINR = Path(os.environ.get("COINR_BENCH", ROOT.parent / "shared" / "reference" / "coinr" / "bench"))


def sh(cmd, **kw):
    return subprocess.run(cmd, check=True, **kw)


def build():
    sh(["cargo", "build", "--release", "--quiet", "--bin", "qbpc-index",
        "--example", "generate_survey", "--example", "read_table"], cwd=ROOT)


def ensure_python(*modules):
    missing = []
    for m in modules:
        try:
            __import__(m)
        except ImportError:
            missing.append(m)
    if missing:
        sh([sys.executable, "-m", "pip", "install", "--quiet", *missing])


TIME = "/usr/bin/time"


def run_once(cmd, env=None):
    """Wall seconds and peak RSS (MiB) of one run of `cmd` (output discarded). The peak RSS is
    /usr/bin/time's %M for the command alone (getrusage of a child forked from this Python
    process would count the parent's pages too); without /usr/bin/time, ru_maxrss."""
    full_env = dict(os.environ, **(env or {}))
    wrapped = [TIME, "-f", "maxrss_kb=%M"] + [str(c) for c in cmd] if os.path.exists(TIME) else cmd
    start = time.perf_counter()
    p = subprocess.Popen(wrapped, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=full_env)
    _, status, usage = os.wait4(p.pid, 0)
    wall = time.perf_counter() - start
    err = p.stderr.read().decode(errors="replace")
    p.stderr.close()
    if status != 0:
        raise SystemExit(f"failed ({status}): {' '.join(map(str, cmd))}\n{err[-2000:]}")
    rss_kb = usage.ru_maxrss
    for line in err.splitlines():
        if line.startswith("maxrss_kb="):
            rss_kb = int(line.split("=", 1)[1])
    return wall, rss_kb / 1024.0


def bench(contenders, reps):
    """contenders: name -> (cmd, env). Interleaved runs; one untimed warm-up round first."""
    for cmd, env in contenders.values():
        run_once(cmd, env)
    runs = {name: [] for name in contenders}
    for _ in range(reps):
        for name, (cmd, env) in contenders.items():
            runs[name].append(run_once(cmd, env))
    out = {}
    for name, rs in runs.items():
        walls = [w for w, _ in rs]
        out[name] = {
            "median_s": statistics.median(walls),
            "min_s": min(walls),
            "max_s": max(walls),
            "peak_rss_mib": max(r for _, r in rs),
            "command": " ".join(map(str, contenders[name][0])),
        }
    return out


def table(res, file_mib=None):
    lines = ["| program | median | min | max | peak RSS |" + (" RSS / file |" if file_mib else ""),
             "|---|---|---|---|---|" + ("---|" if file_mib else "")]
    for name, r in res.items():
        line = f"| {name} | {r['median_s']:.3f} s | {r['min_s']:.3f} s | {r['max_s']:.3f} s | {r['peak_rss_mib']:.0f} MiB |"
        if file_mib:
            line += f" {r['peak_rss_mib'] / file_mib:.2f} |"
        lines.append(line)
    return "\n".join(lines)


def save(args, what, payload):
    path = Path(args.dir) / f"results-{what}.json"
    path.write_text(json.dumps(payload, indent=1))
    print(f"(written to {path})")


def machine():
    cpu = ""
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {"cpu": cpu, "cores": os.cpu_count(),
            "rustc": subprocess.run(["rustc", "--version"], capture_output=True, text=True).stdout.strip(),
            "python": sys.version.split()[0]}


# ------------------------------------------------------------------ tidy survey vs pandas


def survey(args, rows, items=31, platforms=10):
    d = Path(args.dir) / (f"p{platforms}" if platforms != 10 else ".")
    d.mkdir(parents=True, exist_ok=True)
    name = f"tidy_{rows}" + (f"_i{items}" if items != 31 else "") + ".csv"
    path = d / name
    if not path.exists():
        sh([GEN, "--rows", str(rows), "--items", str(items), "--platforms", str(platforms), "--out", path])
    index = d / "definition.toml" if platforms > 10 else None
    return path, index


def agree(ours_json, pandas_json):
    """Every index, dimension and item score, n and respondent count, to 1e-9."""
    r = json.load(open(ours_json))
    p = json.load(open(pandas_json))["platforms"]
    problems, checked = [], 0

    def same(a, b, what):
        nonlocal checked
        checked += 1
        if (a is None) != (b is None) or (a is not None and abs(a - b) > 1e-9 * max(1.0, abs(a))):
            problems.append(f"{what}: qbpc-index {a}, pandas {b}")

    for pl in r["platforms"]:
        q = p[pl["id"]]
        same(pl["score"], q["score"], f"{pl['id']} index")
        same(pl["respondents"], q["respondents"], f"{pl['id']} respondents")
        same(pl["rank"], q["rank"], f"{pl['id']} rank")
        for d, v in pl["dimensions"].items():
            same(v["score"], q["dimensions"][d]["score"], f"{pl['id']} {d}")
        for i, v in pl["items"].items():
            qi = q["items"].get(i)
            if qi is None:
                if v["score"] is not None and v.get("raw") is None:
                    problems.append(f"{pl['id']} {i}: pandas has no score")
                continue
            same(v["score"], qi["score"], f"{pl['id']} {i}")
            same(v["n"], qi["n"], f"{pl['id']} {i} n")
    return checked, problems


def score_cmd(path, out, index=None, fmt="json"):
    cmd = [BIN, "score", path, "--format", fmt, "-o", out, "--quiet"]
    return cmd + (["--index", index] if index else [])


def check_agreement(path, index, work):
    ours, theirs = work / "check-qbpc.json", work / "check-pandas.json"
    sh(score_cmd(path, ours, index))
    sh([sys.executable, PANDAS, path, "-o", theirs] + (["--index", index] if index else []))
    checked, problems = agree(ours, theirs)
    if problems:
        raise SystemExit(f"qbpc-index and pandas disagree on {path}:\n" + "\n".join(problems[:20]))
    print(f"agreement: {checked} numbers equal to 1e-9 (qbpc-index vs pandas) on {path.name}")
    return checked


def tidy(args):
    ensure_python("pandas")
    work = Path(args.dir)
    path, index = survey(args, args.rows)
    file_mib = path.stat().st_size / 2**20
    checked = check_agreement(path, index, work)
    sh(["cat", path], stdout=subprocess.DEVNULL)  # warm the page cache
    contenders = {
        "wc -l": (["wc", "-l", path], None),
        "qbpc-index score": (score_cmd(path, work / "out-qbpc.csv", index, "csv"), None),
        "pandas (benches/pandas_pipeline.py)": ([sys.executable, PANDAS, path, "-o", work / "out-pandas.json"], None),
    }
    if args.polars:
        ensure_python("polars")
        script = work / "polars_read.py"
        script.write_text(POLARS_READ)
        contenders["polars read_csv (read only, all columns as text)"] = ([sys.executable, script, path], None)
    if args.general:
        contenders["qbpc-index score, general path"] = (
            score_cmd(path, work / "out-general.csv", index, "csv"), {"QBPC_GENERAL_PATH": "1"})
    res = bench(contenders, args.reps)
    q, pd_, wc = (res["qbpc-index score"], res["pandas (benches/pandas_pipeline.py)"], res["wc -l"])
    ratios = {
        "pandas / qbpc-index": pd_["median_s"] / q["median_s"],
        "qbpc-index / wc -l": q["median_s"] / wc["median_s"],
        "qbpc-index peak RSS / file size": q["peak_rss_mib"] / file_mib,
    }
    print(f"\n{path.name}: {file_mib:.0f} MiB, {args.rows} rows; {args.reps} interleaved runs each\n")
    print(table(res, file_mib))
    for k, v in ratios.items():
        print(f"{k}: {v:.2f}")
    save(args, f"tidy-{args.rows}", {"machine": machine(), "file": str(path), "file_mib": file_mib,
                                     "agreement_checked": checked, "results": res, "ratios": ratios})


def scaling(args):
    ensure_python("pandas")
    work = Path(args.dir)
    out = {"machine": machine(), "rows": {}, "items": {}, "platforms": {}}
    for rows in (10_000, 100_000, 1_000_000):
        path, _ = survey(args, rows)
        contenders = {
            "wc -l": (["wc", "-l", path], None),
            "qbpc-index": (score_cmd(path, work / "out-qbpc.csv", None, "csv"), None),
            "pandas": ([sys.executable, PANDAS, path, "-o", work / "out-pandas.json"], None),
        }
        out["rows"][rows] = bench(contenders, args.reps)
        print(f"\nrows = {rows}\n" + table(out["rows"][rows]))
    for items in (8, 16, 31):
        path, _ = survey(args, 100_000, items=items)
        out["items"][items] = bench({"qbpc-index": (score_cmd(path, work / "out-qbpc.csv", None, "csv"), None)}, args.reps)
        print(f"\n100k rows, {items} items\n" + table(out["items"][items]))
    for platforms in (10, 100, 1000):
        path, index = survey(args, 100_000, platforms=platforms)
        out["platforms"][platforms] = bench(
            {"qbpc-index": (score_cmd(path, work / "out-qbpc.csv", index, "csv"), None)}, args.reps)
        print(f"\n100k rows, {platforms} platforms\n" + table(out["platforms"][platforms]))
    save(args, "scaling", out)


POLARS_READ = """
import sys, polars as pl
df = pl.read_csv(sys.argv[1], infer_schema=False)
print(df.height)
"""

# ------------------------------------------------------------------ XLSX vs openpyxl

OPENPYXL_READ = """
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1], read_only=True)
n = sum(len(row) for row in wb.worksheets[0].iter_rows(values_only=True))
print(n)
"""


def xlsx(args):
    ensure_python("openpyxl")
    work = Path(args.dir)
    path = work / f"survey_{args.rows}x30.xlsx"
    if not path.exists():
        sh([GEN, "--rows", str(args.rows), "--columns", "30", "--out", path])
    script = work / "openpyxl_read.py"
    script.write_text(OPENPYXL_READ)
    cells = subprocess.run([sys.executable, script, path], capture_output=True, text=True, check=True).stdout
    ours = subprocess.run([READ_TABLE, path], capture_output=True, text=True, check=True).stdout
    print(f"openpyxl reads {cells.strip()} cells (header row included); qbpc-index: {ours.strip()}")
    res = bench({
        "qbpc-index read (examples/read_table)": ([READ_TABLE, path], None),
        "qbpc-index score (whole pipeline)": ([BIN, "score", path, "-o", work / "out-xlsx.json", "--quiet"], None),
        "openpyxl read-only": ([sys.executable, script, path], None),
    }, args.reps)
    print(f"\n{path.name}: {path.stat().st_size / 2**20:.1f} MiB\n")
    print(table(res))
    o = res["openpyxl read-only"]["median_s"]
    ratios = {"openpyxl / qbpc-index read": o / res["qbpc-index read (examples/read_table)"]["median_s"],
              "openpyxl / qbpc-index score": o / res["qbpc-index score (whole pipeline)"]["median_s"]}
    for k, v in ratios.items():
        print(f"{k}: {v:.2f}")
    save(args, "xlsx", {"machine": machine(), "file": str(path), "results": res, "ratios": ratios})


# ------------------------------------------------------------------ COINr synth10k


def coinr_definition(work):
    """COINr's synth10k (iMeta) as an index definition over a platform list of the 10,000 units."""
    meta = list(csv.DictReader(open(COINR / "synth10k_iMeta.csv")))
    units = [r[0] for r in csv.reader(open(COINR / "synth10k_iData.csv"))][1:]
    (work / "synth10k_platforms.csv").write_text("id,name\n" + "".join(f"{u},{u}\n" for u in units))
    lines = [
        "# COINr synth10k: 10,000 units x 60 indicators -> 10 pillars -> index, min-max [0, 100],",
        "# weighted arithmetic means (COINr: Normalise(n_minmax, l_u = c(0, 100)); Aggregate(a_amean)).",
        "format = 1", 'platform_list = "synth10k_platforms.csv"', "",
        "[index]", 'id = "synth10k"', 'name = "COINr synth10k"', 'edition = "benchmark"', "",
        "[aggregation]", 'method = "arithmetic"', "min_coverage = 0.0", "decimals = 6", "",
        "[[sources]]", 'id = "data"', 'kind = "platform"', 'preset = "platform-table"',
        f'path = "{COINR / "synth10k_iData.csv"}"', 'platform = "uCode"', "",
        "[scales.up]", 'kind = "numeric"', 'na = ["NA"]', 'normalize = "minmax"', 'better = "higher"', "",
        "[scales.down]", 'kind = "numeric"', 'na = ["NA"]', 'normalize = "minmax"', 'better = "lower"', "",
    ]
    for m in meta:
        if m["Level"] == "2":
            lines += [f"[dimensions.{m['iCode']}]", f'name = "{m["iCode"]}"', f"weight = {m['Weight']}", ""]
    for m in meta:
        if m["Level"] == "1":
            scale = "up" if m["Direction"] == "1" else "down"
            lines += [f"[items.{m['iCode']}]", f'dimension = "{m["Parent"]}"', 'source = "data"',
                      f'scale = "{scale}"', f"weight = {m['Weight']}", ""]
    path = work / "synth10k.toml"
    path.write_text("\n".join(lines))
    return path


def coinr_seconds():
    for r in csv.DictReader(open(COINR / "timings.csv")):
        if r["n_units"] == "10000" and r["step"] == "total_minmax_amean_pipeline":
            return float(r["median_s"])
    raise SystemExit("no 10k timing in timings.csv")


def coinr(args):
    work = Path(args.dir) / "coinr"
    work.mkdir(parents=True, exist_ok=True)
    index = coinr_definition(work)
    out = work / "synth10k.json"
    sh([BIN, "score", "--index", index, "--format", "json", "-o", out, "--quiet"])
    r = json.load(open(out))
    ref = {row["uCode"]: row for row in csv.DictReader(open(COINR / "synth10k_minmax_amean_Aggregates.csv"))}
    worst, n = 0.0, 0
    for p in r["platforms"]:
        for k, v in ref[p["id"]].items():
            if k == "uCode":
                continue
            ours = p["score"] if k == "Index" else p["dimensions"][k]["score"]
            worst = max(worst, abs(ours - float(v)) / max(1.0, abs(float(v))))
            n += 1
    if n != 110_000 or worst > 1e-9:
        raise SystemExit(f"synth10k: {n} values compared, worst relative difference {worst}")
    print(f"agreement: {n} pillar and index values equal to COINr's to {worst:.1e} (relative)")
    res = bench({
        "qbpc-index score (CSV out)": ([BIN, "score", "--index", index, "--format", "csv", "-o", work / "out.csv", "--quiet"], None),
        "qbpc-index score (JSON out)": ([BIN, "score", "--index", index, "--format", "json", "-o", work / "out.json", "--quiet"], None),
    }, args.reps)
    print(table(res))
    c = coinr_seconds()
    ratios = {f"COINr ({c} s) / qbpc-index, {k}": c / v["median_s"] for k, v in res.items()}
    for k, v in ratios.items():
        print(f"{k}: {v:.2f}")
    save(args, "coinr", {"machine": machine(), "agreement_worst_rel": worst, "results": res,
                         "coinr_seconds": c, "ratios": ratios})


def fixture(args):
    res = bench({
        "tidy_long.csv + opinion": ([BIN, "score", ROOT / "fixtures/tidy_long.csv", "--source",
                                     f"opinion={ROOT / 'fixtures/platform_opinion.csv'}", "--quiet"], None),
        "wjx_text_wide.xlsx + opinion": ([BIN, "score", ROOT / "fixtures/wjx_text_wide.xlsx", "--source",
                                          f"opinion={ROOT / 'fixtures/platform_opinion.csv'}", "--quiet"], None),
    }, args.reps)
    print(table(res))
    save(args, "fixture", {"machine": machine(), "results": res})


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("what", choices=["tidy", "scaling", "xlsx", "coinr", "fixture", "all"])
    ap.add_argument("--rows", type=int, default=None)
    ap.add_argument("--reps", type=int, default=None)
    ap.add_argument("--dir", default="/tmp/qbpc-bench")
    ap.add_argument("--no-build", action="store_true")
    ap.add_argument("--general", action="store_true", help="also time the general (non-columnar) path")
    ap.add_argument("--polars", action="store_true", help="also time polars' CSV reader on the file (read only)")
    args = ap.parse_args()
    Path(args.dir).mkdir(parents=True, exist_ok=True)
    if not args.no_build:
        build()
    todo = ["tidy", "xlsx", "coinr", "fixture", "scaling"] if args.what == "all" else [args.what]
    for what in todo:
        a = argparse.Namespace(**vars(args))
        a.rows = args.rows or {"xlsx": 100_000}.get(what, 1_000_000)
        a.reps = args.reps or {"fixture": 10, "scaling": 3, "xlsx": 3}.get(what, 5)
        print(f"\n=== {what}")
        globals()[what](a)


if __name__ == "__main__":
    main()
