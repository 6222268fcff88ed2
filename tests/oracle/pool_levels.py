#!/usr/bin/env python3
"""Independent oracle for pooling weights by a respondent attribute (issue 13, point 8).

Implements the documented rule, without any code of qbpc-index, on
fixtures/pool_levels.csv with the rules of fixtures/definitions/pool_levels.toml:

  G02: pool = { level = { group = 1, services = 1 } }   items g1, g2
  G03: pool = { level = { group = 1, services = 0 } }   item g3
  G04: no rule                                           item g4

For an item under a rule, for one platform: the answers (a number, not blank, not "NA") are
grouped by the `level` cell matched as answers are (NFKC, trimmed, case-folded); rows whose
value is not listed, or listed with weight 0, do not count; each group's answers are
averaged; the group means are combined as sum(W m) / sum(W) over the groups that have an
answer. Without a rule an item is the plain mean of its answers. Indicators and the dimension
are arithmetic means (weights 1) of the parts that have a score; the index is the dimension.

Usage: python3 tests/oracle/pool_levels.py fixtures/pool_levels.csv
Prints a JSON object: platform -> {"g1": ..., ..., "G02": ..., "governance": ..., "index": ...}
(null for no score). Standard library only.
"""

import csv
import json
import sys
import unicodedata

RULES = {
    "G02": {"group": 1.0, "services": 1.0},
    "G03": {"group": 1.0, "services": 0.0},
    "G04": None,
}
ITEMS = {"g1": "G02", "g2": "G02", "g3": "G03", "g4": "G04"}


def key(text):
    return unicodedata.normalize("NFKC", text).strip().casefold()


def number(cell):
    cell = cell.strip()
    if cell == "" or cell.upper() == "NA":
        return None
    return float(cell)


def mean(values):
    return sum(values) / len(values) if values else None


def pooled(rows, item, rule):
    if rule is None:
        return mean([v for v in (number(r[item]) for r in rows) if v is not None])
    num = den = 0.0
    for level, weight in rule.items():
        if weight <= 0:
            continue
        values = [number(r[item]) for r in rows if key(r["level"]) == level]
        m = mean([v for v in values if v is not None])
        if m is not None:
            num += weight * m
            den += weight
    return num / den if den > 0 else None


def main(path):
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    out = {}
    for platform in dict.fromkeys(r["platform"] for r in rows):
        mine = [r for r in rows if r["platform"] == platform]
        scores = {i: pooled(mine, i, RULES[ITEMS[i]]) for i in ITEMS}
        for ind in RULES:
            scores[ind] = mean([scores[i] for i in ITEMS if ITEMS[i] == ind and scores[i] is not None])
        scores["governance"] = mean([scores[i] for i in RULES if scores[i] is not None])
        scores["index"] = scores["governance"]
        out[platform] = scores
    json.dump(out, sys.stdout, indent=1, sort_keys=True)


if __name__ == "__main__":
    main(sys.argv[1])
