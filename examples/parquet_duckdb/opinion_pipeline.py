#!/usr/bin/env python3
"""Social-opinion data as it arrives in practice: a million posts, complaints and court
records, aggregated upstream in DuckDB into the platform-level opinion table (Parquet) that
qbpc-index scores with a survey.

    python3 examples/parquet_duckdb/opinion_pipeline.py generate --out work/   # 1,000,000 posts
    qbpc-index score examples/survey_wjx.xlsx --source opinion=work/opinion.parquet -o work/results.parquet
    python3 examples/parquet_duckdb/opinion_pipeline.py check --out work/ \\
        --json work/results.json --parquet work/results.parquet --csv work/results.csv

`generate` writes `posts.parquet` (one row per post: seeded, so the same `--seed` and
`--rows` give the same table) and `opinion.parquet` (one row per platform, the columns the
definition's opinion items read). `check` recomputes, in DuckDB, what qbpc-index should have
made of them (each item min-max normalised across the platforms in its good direction, the
opinion dimension their mean) and compares it with the JSON results; it also checks that the
Parquet results read by DuckDB equal the CSV results. Needs the duckdb, pyarrow and numpy
Python packages.
"""
import argparse
import json
import math
import pathlib
import sys

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

# The platforms of the embedded definition, with a size (posts are drawn in proportion),
# a tone (shifts sentiment) and orders in millions (complaints are per million orders).
PLATFORMS = {
    "taobao": (0.20, 0.05, 9_000),
    "tmall": (0.14, 0.25, 6_500),
    "jd": (0.14, 0.20, 4_200),
    "pdd": (0.16, -0.20, 8_800),
    "douyin": (0.12, -0.05, 4_000),
    "kuaishou": (0.07, -0.10, 1_900),
    "xianyu": (0.05, 0.00, 700),
    "xiaohongshu": (0.05, 0.10, 500),
    "temu": (0.04, -0.25, 1_200),
    "meituan": (0.03, 0.15, 3_000),
}
# What a record is: a social-media post with a sentiment, a media report (positive or
# negative), a consumer complaint, or an IP lawsuit naming the platform as defendant.
KINDS = ["post", "media_report", "complaint", "court_case"]
KIND_P = [0.90, 0.03, 0.065, 0.005]


def generate(rows: int, seed: int) -> pa.Table:
    rng = np.random.default_rng(seed)
    names = list(PLATFORMS)
    share = np.array([PLATFORMS[p][0] for p in names])
    platform = rng.choice(len(names), size=rows, p=share / share.sum())
    kind = rng.choice(len(KINDS), size=rows, p=KIND_P)
    tone = np.array([PLATFORMS[p][1] for p in names])[platform]
    sentiment = np.clip(rng.normal(tone, 0.6), -1.0, 1.0).round(3)
    is_post = kind == KINDS.index("post")
    is_report = kind == KINDS.index("media_report")
    return pa.table(
        {
            "post_id": pa.array(np.arange(1, rows + 1), pa.int64()),
            "platform": pa.array(np.array(names)[platform]).dictionary_encode(),
            "kind": pa.array(np.array(KINDS)[kind]),
            # Posts carry a sentiment score; media reports a positive/negative flag.
            "sentiment": pa.array(np.where(is_post, sentiment, np.nan), from_pandas=True),
            "positive": pa.array(
                np.where(is_report, sentiment > -0.05, False),
                mask=~is_report,
            ),
        }
    )


AGGREGATE = """
SELECT p.platform,
       count(*) FILTER (kind = 'media_report' AND positive)          AS media_reports_positive,
       count(*) FILTER (kind = 'media_report' AND NOT positive)      AS media_reports_negative,
       round(count(*) FILTER (kind = 'complaint') * 1.0 / o.orders_millions, 4)
                                                                      AS consumer_complaints_per_million_orders,
       count(*) FILTER (kind = 'court_case')                          AS court_cases_as_defendant,
       round(avg(sentiment) FILTER (kind = 'post'), 4)                AS net_sentiment
FROM read_parquet('{posts}') AS p
JOIN orders AS o ON o.platform = p.platform::VARCHAR
GROUP BY p.platform, o.orders_millions
ORDER BY p.platform
"""


def cmd_generate(args) -> None:
    out = pathlib.Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    posts = out / "posts.parquet"
    pq.write_table(generate(args.rows, args.seed), posts)
    con = duckdb.connect()
    orders = pa.table(
        {
            "platform": list(PLATFORMS),
            "orders_millions": [float(v[2]) for v in PLATFORMS.values()],
        }
    )
    con.register("orders", orders)
    query = AGGREGATE.format(posts=posts.as_posix())
    con.execute(f"COPY ({query}) TO '{(out / 'opinion.parquet').as_posix()}' (FORMAT parquet)")
    n = con.execute(f"SELECT count(*) FROM read_parquet('{posts.as_posix()}')").fetchone()[0]
    print(f"{n} posts -> {out / 'opinion.parquet'}")
    print(con.execute(f"SELECT * FROM read_parquet('{(out / 'opinion.parquet').as_posix()}')").df())


# The definition's opinion items and their good direction (default.toml: opinion_higher /
# opinion_lower, min-max normalised across platforms).
ITEMS = {
    "media_reports_positive": "higher",
    "media_reports_negative": "lower",
    "consumer_complaints_per_million_orders": "lower",
    "court_cases_as_defendant": "lower",
    "net_sentiment": "higher",
}


def expected_scores(opinion: pathlib.Path) -> dict:
    """Per platform, each item's normalised score and the opinion dimension's, in DuckDB."""
    parts = []
    for item, better in ITEMS.items():
        x = f"{item}::DOUBLE"
        span = f"(max({x}) OVER () - min({x}) OVER ())"
        score = (
            f"({x} - min({x}) OVER ()) / {span} * 100"
            if better == "higher"
            else f"(max({x}) OVER () - {x}) / {span} * 100"
        )
        parts.append(f"{score} AS {item}")
    con = duckdb.connect()
    rows = con.execute(
        f"SELECT platform, {', '.join(parts)} FROM read_parquet('{opinion.as_posix()}')"
    ).fetchall()
    out = {}
    for platform, *scores in rows:
        items = dict(zip(ITEMS, scores))
        out[platform] = {"items": items, "opinion": sum(scores) / len(scores)}
    return out


def close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


def cmd_check(args) -> None:
    out = pathlib.Path(args.out)
    opinion = out / "opinion.parquet"
    expected = expected_scores(opinion)
    raw = duckdb.connect().execute(f"SELECT * FROM read_parquet('{opinion.as_posix()}')").df()
    results = json.loads(pathlib.Path(args.json).read_text(encoding="utf-8"))
    problems = []
    for p in results["platforms"]:
        want = expected[p["id"]]
        row = raw[raw.platform == p["id"]].iloc[0]
        for item, score in want["items"].items():
            got = p["items"][item]
            if not close(got["raw"], float(row[item])):
                problems.append(f"{p['id']} {item}: raw {got['raw']} != DuckDB {row[item]}")
            if not close(got["score"], score):
                problems.append(f"{p['id']} {item}: score {got['score']} != DuckDB {score}")
        got = p["dimensions"]["opinion"]["score"]
        if not close(got, want["opinion"]):
            problems.append(f"{p['id']} opinion: {got} != DuckDB {want['opinion']}")
    if args.parquet and args.csv:
        con = duckdb.connect()
        from_parquet = con.execute(f"SELECT * FROM read_parquet('{args.parquet}')").fetchall()
        from_csv = con.execute(
            f"SELECT * FROM read_csv('{args.csv}', header=true, all_varchar=true)"
        ).fetchall()
        columns = [c[0] for c in con.execute(f"DESCRIBE SELECT * FROM read_parquet('{args.parquet}')").fetchall()]
        csv_columns = [c[0] for c in con.execute(f"DESCRIBE SELECT * FROM read_csv('{args.csv}', header=true)").fetchall()]
        if columns != csv_columns:
            problems.append(f"Parquet columns {columns} != CSV columns {csv_columns}")
        if len(from_parquet) != len(from_csv):
            problems.append(f"{len(from_parquet)} Parquet rows != {len(from_csv)} CSV rows")
        for r, (prow, crow) in enumerate(zip(from_parquet, from_csv)):
            for name, pv, cv in zip(columns, prow, crow):
                same = (pv is None and cv is None) or (
                    cv is not None
                    and pv is not None
                    and (close(float(pv), float(cv)) if isinstance(pv, (int, float)) else str(pv) == cv)
                )
                if not same:
                    problems.append(f"row {r + 1} {name}: Parquet {pv!r} != CSV {cv!r}")
    for p in problems:
        print(p, file=sys.stderr)
    if problems:
        sys.exit(1)
    print(f"{len(results['platforms'])} platforms: opinion scores equal DuckDB's; Parquet results equal the CSV")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="command", required=True)
    g = sub.add_parser("generate", help="generate posts and aggregate them into opinion.parquet")
    g.add_argument("--rows", type=int, default=1_000_000, help="posts to generate (default 1,000,000)")
    g.add_argument("--seed", type=int, default=2025)
    g.add_argument("--out", default=".", help="folder for posts.parquet and opinion.parquet")
    c = sub.add_parser("check", help="compare qbpc-index's results with DuckDB's own numbers")
    c.add_argument("--out", default=".", help="the folder `generate` wrote")
    c.add_argument("--json", required=True, help="results of `qbpc-index score --format json`")
    c.add_argument("--parquet", help="results of `score -o results.parquet` (compared with --csv)")
    c.add_argument("--csv", help="results of `score -o results.csv`")
    args = ap.parse_args()
    {"generate": cmd_generate, "check": cmd_check}[args.command](args)


if __name__ == "__main__":
    main()
