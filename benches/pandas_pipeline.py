#!/usr/bin/env python3
"""The qbpc-index scoring contract for tidy long files, written the way an analyst would in pandas.

It is the comparison point of benches/compare.py: same input, same definition, same numbers.
It reads the definition TOML (the embedded default unless --index is given) and implements the
parts of the contract that the default definition uses on a tidy file:

* classify (ordinal labels/aliases/scores, reverse keying, N/A spellings, numeric goalposts
  with units and "about" words, multi-select points, free text left out);
* screen (no respondent, unknown platform, keep the latest submission per respondent x
  platform, speeders under min_duration_s or under min_duration_ratio x the median seconds
  per platform rated; straight-lining is only flagged by default, so it excludes nothing);
* pool respondents per platform and item (weighted mean; weights are 1 in tidy files),
  then up the tree with weights renormalised over present children, min_coverage, in_index;
* eligibility (min_respondents), publication rounding and competition ranks.

Output: JSON with, per platform, the unrounded index, dimension and item scores, n per item,
the respondent count and the rank, so that it can be compared with `qbpc-index score
--format json` to 1e-9.

    python3 benches/pandas_pipeline.py big.csv [--index def.toml] [-o out.json]
"""

import argparse
import json
import math
import re
import sys
import tomllib
import unicodedata
from pathlib import Path

import numpy as np
import pandas as pd

DEFAULT_TOML = Path(__file__).resolve().parent.parent / "src" / "definition" / "default.toml"
SPACE = re.compile(r"[\s\ufeff]+")


def trim(s):
    return s.strip().strip("\ufeff").strip()


def match_key(s):
    """NFKC, outer whitespace trimmed, inner runs collapsed, lower-cased (text.rs)."""
    s = unicodedata.normalize("NFKC", s)
    s = SPACE.sub(" ", s).strip()
    return s.lower()


# ------------------------------------------------------------------ definition


def load_definition(path):
    d = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    platforms = {}
    lookup = {}
    for pid, p in d.get("platforms", {}).items():
        platforms[pid] = p
        for label in [pid, p.get("name", ""), p.get("name_zh", "")] + p.get("aliases", []):
            if label:
                lookup.setdefault(match_key(label), pid)
    return d, platforms, lookup


def ordinal_table(scale):
    if "scores" in scale:
        scores = {match_key(k): float(v) for k, v in scale["scores"].items()}
        labels = list(scale["scores"].keys())
    else:
        labels = scale["labels"]
        k = len(labels)
        scores = {match_key(l): 100.0 * i / (k - 1) for i, l in enumerate(labels)}
    for alias, target in scale.get("aliases", {}).items():
        scores[match_key(alias)] = scores[match_key(target)]
    return scores, min(scores.values()), max(scores.values())


def parse_number(text, strip):
    s = match_key(text)
    for w in strip:
        s = s.replace(w, " ")
    s = s.strip().replace(" ", "")
    if any(c in s for c in "月日年/"):
        return None
    body = s[1:] if s[:1] in "+-" else s
    if any(c in body for c in "-~到至"):
        return None
    if not body or not re.fullmatch(r"[0-9][0-9.]*", body) or body.count(".") > 1:
        return None
    return float(s)


def classifier(scale, reverse):
    """A function raw text -> score (float) or a reason string."""
    na = {match_key(x) for x in scale.get("na", [])}
    kind = scale["kind"]
    if kind == "ordinal":
        scores, lo, hi = ordinal_table(scale)
    if kind == "numeric":
        strip = sorted(
            {match_key(w) for w in scale.get("units", []) + scale.get("approx", [])},
            key=len,
            reverse=True,
        )
    if kind == "multi":
        options = {match_key(k): k for k in scale["options"]}
        options.update({match_key(a): t for a, t in scale.get("aliases", {}).items()})

    def classify(raw):
        if trim(raw) == "":
            return "no_answer"
        if match_key(raw) in na:
            return "na"
        if kind == "text":
            return "text"
        if kind == "ordinal":
            v = scores.get(match_key(raw))
            if v is None:
                return "invalid"
            return hi + lo - v if reverse else v
        if kind == "numeric":
            x = parse_number(raw, strip)
            if x is None or not math.isfinite(x):
                return "invalid"
            if "min" in scale and x < scale["min"] or "max" in scale and x > scale["max"]:
                return "invalid"
            best, worst = scale["best"], scale["worst"]
            return 100.0 * min(1.0, max(0.0, (x - worst) / (best - worst)))
        if kind == "multi":
            chosen = [c for c in raw.split(";") if trim(c)]
            if not chosen:
                return "no_answer"
            if len(chosen) == 1 and match_key(chosen[0]) in na:
                return "na"
            picked = set()
            for c in chosen:
                code = options.get(match_key(c))
                if code is None:
                    return "invalid"
                picked.add(code)
            points = sum(scale["options"][c] for c in picked)
            return 100.0 * min(1.0, points / scale["full"])
        return "invalid"

    return classify


# ------------------------------------------------------------------ pipeline


def map_distinct(series, f, dtype=object):
    """f over each distinct value of a column once, spread back by the factorized codes (the
    idiomatic fast form of `series.map(f)` on a column with few distinct values)."""
    codes, uniques = pd.factorize(series)
    table = np.array([f(u) for u in uniques] + [None], dtype=dtype)
    return pd.Series(table[codes], index=series.index)


def score(csv_path, d, platforms, lookup):
    df = pd.read_csv(csv_path, dtype=str, keep_default_na=False, na_filter=False)
    df.columns = [match_key(c) for c in df.columns]
    df["_row"] = np.arange(len(df)) + 2  # 1-based file row, header = row 1

    # Screening.
    df["_platform"] = map_distinct(df["platform"], lambda u: lookup.get(match_key(trim(u))))
    df["_key"] = map_distinct(df["respondent_id"], lambda u: match_key(trim(u)))
    kept = (df["_key"] != "") & df["_platform"].notna()
    times = pd.to_datetime(df["submitted_at"], format="ISO8601", utc=True, errors="coerce")
    df["_t"] = times.astype("int64").where(times.notna(), np.iinfo(np.int64).min)
    q = d.get("quality", {})
    if q.get("dedupe", "latest") == "latest":
        cand = df[kept].sort_values(["_key", "_platform", "_t", "_row"])
        latest = ~cand.duplicated(["_key", "_platform"], keep="last")
        kept &= df.index.isin(cand.index[latest])
    dur = pd.to_numeric(df["duration_sec"], errors="coerce")
    if "min_duration_s" in q:
        kept &= ~(dur < q["min_duration_s"])
    if "min_duration_ratio" in q:
        # A timed response: one respondent's rows with the same submission time and duration;
        # too fast when under ratio x (its platforms) x the median seconds per platform.
        timed = df[kept & dur.notna()].assign(_dur=dur)
        units = timed.groupby(["_key", "_t", "_dur"], sort=False)
        rated = units["_platform"].transform("nunique")
        per = (timed["_dur"] / rated).groupby([timed["_key"], timed["_t"], timed["_dur"]]).first()
        limit = q["min_duration_ratio"] * per.median() * rated
        kept &= ~df.index.isin(timed.index[timed["_dur"] < limit])
    data = df[kept].copy()
    excluded = int((~kept).sum())
    # Platform ids as a categorical: every group-by below reuses its codes.
    data["_platform"] = data["_platform"].astype("category")

    # Classify and pool per item.
    scales = d["scales"]
    items = {}
    scored_rows = pd.Series(False, index=data.index)
    per_dim_rows = {}
    for iid, item in d["items"].items():
        if item.get("source", "survey") != "survey":
            continue
        scale = scales[item["scale"]]
        col = match_key(item.get("column", iid))
        if col not in data.columns or scale["kind"] == "text":
            continue
        f = classifier(scale, item.get("reverse", False))
        # Classify each distinct spelling once; a score maps to itself, anything else to NaN.
        values = map_distinct(data[col], lambda u: v if isinstance(v := f(u), float) else np.nan, "float64")
        has = values.notna()
        scored_rows |= has
        dim = item.get("dimension") or item.get("indicator")
        per_dim_rows[dim] = per_dim_rows.get(dim, pd.Series(False, index=data.index)) | has
        g = values[has].groupby(data.loc[has, "_platform"], observed=True)
        items[iid] = pd.DataFrame({"score": g.mean(), "n": g.size()})

    # Respondent counts.
    def distinct(mask):
        pairs = data.loc[mask, ["_platform", "_key"]].drop_duplicates()
        return pairs.groupby("_platform", observed=True).size()

    n_p = distinct(scored_rows)
    n_dim = {dim: distinct(m) for dim, m in per_dim_rows.items()}

    # Up the tree: dimensions are weighted means of their items (renormalised), the index
    # the weighted mean of the in-index dimensions.
    agg = d.get("aggregation", {})
    min_cov_default = agg.get("min_coverage", 0.0)
    result = {}
    for pid in platforms:
        dims = {}
        for dim, spec in d["dimensions"].items():
            kids = [
                (iid, float(it.get("weight", 1.0)))
                for iid, it in d["items"].items()
                if it.get("dimension") == dim and scales[it["scale"]]["kind"] != "text"
            ]
            present = [
                (items[iid].loc[pid, "score"], w)
                for iid, w in kids
                if iid in items and pid in items[iid].index
            ]
            total = sum(w for _, w in kids)
            have = sum(w for _, w in present)
            cov = have / total if total else 0.0
            if present and have > 0 and cov >= spec.get("min_coverage", min_cov_default):
                dims[dim] = sum(v * w for v, w in present) / have
            else:
                dims[dim] = None
        inx = [
            (dims[k], float(spec.get("weight", 1.0)))
            for k, spec in d["dimensions"].items()
            if spec.get("in_index", True) and dims[k] is not None
        ]
        w = sum(w for _, w in inx)
        result[pid] = {
            "score": sum(v * w for v, w in inx) / w if inx else None,
            "respondents": int(n_p.get(pid, 0)),
            "dimensions": {
                k: {"score": v, "respondents": int(n_dim.get(k, pd.Series(dtype=int)).get(pid, 0))}
                for k, v in dims.items()
            },
            "items": {
                iid: {"score": float(t.loc[pid, "score"]), "n": int(t.loc[pid, "n"])}
                for iid, t in items.items()
                if pid in t.index
            },
        }

    # Eligibility, rounding, competition ranks.
    decimals = agg.get("decimals", 1)
    min_resp = agg.get("min_respondents", 3)

    def publish(x):
        s = 10.0**decimals
        r = round_half_away(abs(x) + 1e-9, s)
        return math.copysign(r, x) if r != 0 else 0.0

    ranked = {
        p: publish(r["score"])
        for p, r in result.items()
        if r["score"] is not None and r["respondents"] >= min_resp
    }
    for p, r in result.items():
        r["rank"] = (1 + sum(1 for v in ranked.values() if v > ranked[p])) if p in ranked else None
    return {"platforms": result, "excluded": excluded}


def round_half_away(x, scale):
    y = x * scale
    f = math.floor(y)
    return (f + 1 if y - f >= 0.5 else f) / scale


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("csv")
    ap.add_argument("--index", default=str(DEFAULT_TOML))
    ap.add_argument("-o", "--output")
    args = ap.parse_args()
    d, platforms, lookup = load_definition(args.index)
    out = score(args.csv, d, platforms, lookup)
    text = json.dumps(out, ensure_ascii=False, indent=1)
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text + "\n")


if __name__ == "__main__":
    main()
