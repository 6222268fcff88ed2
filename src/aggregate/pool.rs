//! Pooling respondents into platform values (contract step 3), as one group-by over the long
//! observation table: S(p,k) = sum_r w_r v_r / sum_r w_r (or the median / trimmed mean of v_r),
//! and n(p,k), the number of observations. `k` is an item or a node, depending on the order.

use crate::definition::RespondentStat;
use polars::prelude::*;
use std::collections::HashMap;

/// One respondent's value for a (platform, key) pair.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Obs {
    pub platform: u32,
    pub key: u32,
    pub weight: f64,
    pub value: f64,
}

/// A pooled value and the number of observations behind it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Pooled {
    pub value: f64,
    pub n: usize,
}

#[derive(Debug, thiserror::Error)]
#[error("pooling respondents failed: {0}")]
pub struct PoolError(#[from] PolarsError);

/// Pool observations per (platform, key).
pub fn pool(obs: &[Obs], stat: RespondentStat) -> Result<HashMap<(u32, u32), Pooled>, PoolError> {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn obs(platform: u32, key: u32, weight: f64, value: f64) -> Obs {
        Obs {
            platform,
            key,
            weight,
            value,
        }
    }

    #[test]
    fn weighted_mean_per_platform_and_key() {
        let o = [
            obs(0, 0, 1.0, 50.0),
            obs(0, 0, 3.0, 100.0),
            obs(0, 1, 1.0, 20.0),
            obs(1, 0, 1.0, 0.0),
        ];
        let p = pool(&o, RespondentStat::Mean).unwrap();
        assert_eq!(p[&(0, 0)], Pooled { value: 87.5, n: 2 });
        assert_eq!(p[&(0, 1)], Pooled { value: 20.0, n: 1 });
        assert_eq!(p[&(1, 0)], Pooled { value: 0.0, n: 1 });
        assert_eq!(p.len(), 3);
    }

    #[test]
    fn median_and_trimmed_mean_ignore_weights() {
        let vals = [0.0, 10.0, 20.0, 30.0, 40.0, 50.0, 60.0, 70.0, 80.0, 1000.0];
        let o: Vec<Obs> = vals.iter().map(|&v| obs(0, 0, 5.0, v)).collect();
        let med = pool(&o, RespondentStat::Median).unwrap()[&(0, 0)];
        assert_eq!(med.value, 45.0);
        // trim 0.1 of 10 drops one value at each end: mean of 10..80.
        let trimmed = pool(&o, RespondentStat::TrimmedMean(0.1)).unwrap()[&(0, 0)];
        assert_eq!(trimmed, Pooled { value: 45.0, n: 10 });
    }
}
