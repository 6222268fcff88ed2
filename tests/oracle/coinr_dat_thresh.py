#!/usr/bin/env python3
"""Independent oracle for COINr's data-availability threshold (`dat_thresh`) with unequal weights.

R is not installable here, so this script implements COINr 1.1.14's documented algorithm on the
ASEM data, without any code of qbpc-index:

  Normalise(coin, dset = "Raw", global_specs = list(f_n = "n_minmax", f_n_para = list(l_u = c(0, 100))))
      per indicator: x * Direction, then (x - min) / (max - min) * 100, NAs ignored
  Aggregate(coin, dset = "Normalised", f_ag = "a_amean", dat_thresh = T)
      level by level (Pillar, Sub-index, Index), each aggregate over the columns whose iMeta
      Parent is its code: a_amean = sum(w x) / sum(w) over the non-NA children (weights from
      iMeta `Weight`), then NA where the share of non-NA children, 1 - sum(is.na(x)) / ncol(x),
      is < T (COINr counts children; weights play no part in the threshold).

It first reproduces COINr's own outputs (v7: weights 1,2,3,... without a threshold; v8: equal
weights with dat_thresh = 0.8) to 1e-12, which checks the reading of the algorithm, then writes
the new variant v10 = v7's weights with dat_thresh = 0.8 (COINr's column order and CSV
conventions), and reports how many aggregates a weight-share rule (min_coverage) would decide
differently from the count rule, so that the fixture really tells the two apart.

Usage (from the repository root):
  python3 tests/oracle/coinr_dat_thresh.py /work/shared/reference/coinr fixtures/coinr
Needs pandas and numpy.
"""

import sys
from pathlib import Path

import numpy as np
import pandas as pd

LEVELS = [2, 3, 4]


def read(path):
    return pd.read_csv(path, na_values=["NA"], keep_default_na=False)


def normalise(idata, imeta):
    ind = imeta[imeta["Type"] == "Indicator"]
    data = idata.set_index("uCode").sort_index()
    out = pd.DataFrame(index=data.index)
    for _, row in ind.iterrows():
        x = data[row["iCode"]].astype(float) * float(row["Direction"])
        lo, hi = np.nanmin(x), np.nanmax(x)
        out[row["iCode"]] = (x - lo) / (hi - lo) * 100.0
    return out


def aggregate(norm, imeta, thresh):
    """COINr's Aggregate with a_amean; returns the data set and, per aggregate column and unit,
    the share of present children by weight (what a weight rule would compare)."""
    data = norm.copy()
    weight_share = {}
    agg = imeta[imeta["Type"] == "Aggregate"]
    for level in LEVELS:
        # tapply over Parent: aggregate codes of this level in alphabetical order.
        codes = sorted(agg[agg["Level"] == level]["iCode"])
        for code in codes:
            kids = imeta[imeta["Parent"] == code]
            cols = list(kids["iCode"])
            w = kids["Weight"].astype(float).to_numpy()
            x = data[cols].to_numpy(dtype=float)
            present = ~np.isnan(x)
            num = np.where(present, x * w, 0.0).sum(axis=1)
            den = np.where(present, w, 0.0).sum(axis=1)
            with np.errstate(invalid="ignore", divide="ignore"):
                y = num / den
            y[den == 0] = np.nan
            avail = 1.0 - (~present).sum(axis=1) / x.shape[1]
            if thresh is not None:
                y[avail < thresh] = np.nan
            data[code] = y
            weight_share[code] = den / w.sum()
    return data, weight_share


def compare(ours, ref_path):
    ref = read(ref_path).set_index("uCode")
    worst = 0.0
    for col in ref.columns:
        a, b = ours[col].to_numpy(), ref[col].to_numpy(dtype=float)
        assert (np.isnan(a) == np.isnan(b)).all(), f"{ref_path.name}: NA pattern of {col}"
        ok = ~np.isnan(b)
        rel = np.abs(a[ok] - b[ok]) / np.maximum(np.abs(b[ok]), 1.0)
        worst = max(worst, rel.max(initial=0.0))
    assert worst < 1e-12, f"{ref_path.name}: relative difference {worst}"
    return worst


def write(data, path):
    def fmt(v):
        return "NA" if np.isnan(v) else "%.17g" % v

    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(",".join(f'"{c}"' for c in ["uCode"] + list(data.columns)) + "\n")
        for unit, row in data.iterrows():
            f.write(",".join([f'"{unit}"'] + [f'"{fmt(v)}"' for v in row]) + "\n")


def main(ref_dir, out_dir):
    ref_dir, out_dir = Path(ref_dir), Path(out_dir)
    idata = read(ref_dir / "input_ASEM_iData.csv")
    equal = read(ref_dir / "input_ASEM_iMeta.csv")
    w123 = read(ref_dir / "v7_weights_input_iMeta.csv")

    norm = normalise(idata, equal)
    v7, _ = aggregate(norm, w123, None)
    print("v7 (weights 1,2,3, no threshold) vs COINr: max rel diff %.3g"
          % compare(v7, ref_dir / "v7_weights123_minmax_amean_Aggregated.csv"))
    v8, _ = aggregate(norm, equal, 0.8)
    print("v8 (equal weights, dat_thresh 0.8) vs COINr: max rel diff %.3g"
          % compare(v8, ref_dir / "v8_datthresh08_Aggregated.csv"))

    thresh = 0.8
    v10, share = aggregate(norm, w123, thresh)
    write(v10, out_dir / "v10_weights123_datthresh08_Aggregated.csv")
    # Where a weight-share rule at the same threshold would decide otherwise (on the same
    # children values, i.e. where the count rule keeps or withholds and the weight rule not).
    differ = 0
    for code, s in share.items():
        counted = ~np.isnan(v10[code].to_numpy())
        by_weight = (s + 1e-12 >= thresh) & (s > 0)
        differ += int((counted != by_weight).sum())
    na = int(v10[list(share)].isna().to_numpy().sum())
    print(f"v10 (weights 1,2,3, dat_thresh {thresh}): {na} aggregates NA; "
          f"{differ} aggregate decisions differ from a weight-share rule at {thresh}")


if __name__ == "__main__":
    main(*sys.argv[1:3])
