//! Respondent pooling as one polars group-by: the implementation before the plain pass in
//! `src/aggregate/pool.rs`, kept as the oracle of its unit test and the baseline of
//! `benches/stages.rs` (both include this file). polars is a dev-dependency only.
//!
//! The including module has `Obs`, `Pooled` and `RespondentStat` in scope.

use super::{Obs, Pooled, RespondentStat};
use polars::prelude::*;
use std::collections::HashMap;

/// The same pooling as one polars group-by (the implementation before the plain pass; kept
/// for the benchmark that compares the two and as the oracle of the tests).
pub fn pool_polars(obs: &[Obs], stat: RespondentStat) -> PolarsResult<HashMap<(u32, u32), Pooled>> {
    if obs.is_empty() {
        return Ok(HashMap::new());
    }
    let df = DataFrame::new_infer_height(vec![
        Column::new(
            "p".into(),
            obs.iter().map(|o| o.platform).collect::<Vec<u32>>(),
        ),
        Column::new("k".into(), obs.iter().map(|o| o.key).collect::<Vec<u32>>()),
        Column::new(
            "w".into(),
            obs.iter().map(|o| o.weight).collect::<Vec<f64>>(),
        ),
        Column::new(
            "v".into(),
            obs.iter().map(|o| o.value).collect::<Vec<f64>>(),
        ),
    ])?;
    let value = match stat {
        RespondentStat::Mean => (col("v") * col("w")).sum() / col("w").sum(),
        RespondentStat::Median => col("v").median(),
        RespondentStat::TrimmedMean(share) => {
            // R's mean(x, trim): drop floor(n * share) values from each end (the cast to an
            // integer truncates, which is floor for these non-negative numbers).
            let n = col("v").len().cast(DataType::Int64);
            let cut = (n.clone().cast(DataType::Float64) * lit(share)).cast(DataType::Int64);
            let keep = n - cut.clone() * lit(2i64);
            col("v")
                .sort(SortOptions::default())
                .slice(cut, keep)
                .mean()
        }
    };
    let out = df
        .lazy()
        .group_by([col("p"), col("k")])
        .agg([
            value.alias("value"),
            col("v").len().cast(DataType::UInt64).alias("n"),
        ])
        .collect()?;
    let p = out.column("p")?.u32()?;
    let k = out.column("k")?.u32()?;
    let v = out.column("value")?.f64()?;
    let n = out.column("n")?.u64()?;
    let mut pooled = HashMap::with_capacity(out.height());
    for i in 0..out.height() {
        if let (Some(p), Some(k), Some(v), Some(n)) = (p.get(i), k.get(i), v.get(i), n.get(i)) {
            pooled.insert(
                (p, k),
                Pooled {
                    value: v,
                    n: n as usize,
                },
            );
        }
    }
    Ok(pooled)
}
