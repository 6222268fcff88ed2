//! Caps on the counts a user asks for: bootstrap replicates, sensitivity runs and threads.
//! Both statistics keep every replicate's (run's) results to take percentiles, so memory grows
//! with the count times the platforms. A count above its cap, or whose results would not fit
//! the memory budget, is refused before any work starts: `--bootstrap 18446744073709551615`
//! panicked on the allocation and `--bootstrap 1000000000` aborted allocating 12 GB.
//!
//! Measured on the embedded definition (10 platforms, 7 dimensions), debug build, one thread:
//! a replicate takes about 0.75 ms and 2.1 KB, a sensitivity run 0.07 ms and 55 bytes. So the
//! caps below cost at most about 210 MB and 55 MB there; a release build is about ten times
//! faster.

/// Most bootstrap replicates (`--bootstrap`): 1000 is usual, 10,000 gives stable tails.
pub const MAX_REPLICATES: usize = 100_000;
/// Most sensitivity runs (`sensitivity --runs`).
pub const MAX_RUNS: usize = 1_000_000;
/// Most worker threads (`--threads`, `QBPC_THREADS`): more threads than cores gain nothing,
/// and each costs a stack.
pub const MAX_THREADS: usize = 256;
/// Memory the kept replicates (runs) may take, in bytes.
pub const MEMORY_BUDGET: usize = 2 << 30;

/// A count the run refuses, with the flag that set it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TooLarge {
    #[error("{flag} {requested} is above the limit of {max} {unit}")]
    AboveCap {
        flag: &'static str,
        requested: usize,
        max: usize,
        unit: &'static str,
    },
    #[error(
        "{flag} {requested} over {platforms} platforms would keep {} MB of results, above the budget of {} MB",
        .bytes / 1_000_000, MEMORY_BUDGET / 1_000_000
    )]
    Memory {
        flag: &'static str,
        requested: usize,
        platforms: usize,
        bytes: usize,
        /// The largest count that fits the budget.
        fits: usize,
    },
}

impl TooLarge {
    pub fn hint(&self) -> String {
        match self {
            TooLarge::AboveCap {
                flag, max, unit, ..
            } => {
                let why = if *unit == "threads" {
                    "more threads than cores gain nothing"
                } else {
                    "every result is kept in memory"
                };
                format!("use {flag} {max} or fewer ({why})")
            }
            TooLarge::Memory { flag, fits, .. } => format!("use {flag} {fits} or fewer"),
        }
    }
}

/// `n` when it is at most `max`.
pub fn at_most(
    flag: &'static str,
    n: usize,
    max: usize,
    unit: &'static str,
) -> Result<usize, TooLarge> {
    if n > max {
        Err(TooLarge::AboveCap {
            flag,
            requested: n,
            max,
            unit,
        })
    } else {
        Ok(n)
    }
}

/// Bootstrap replicates over `platforms` platforms with `scores` scores each (the index and
/// each dimension): the cap, then the memory the kept replicates take.
pub fn replicates(n: usize, platforms: usize, scores: usize) -> Result<usize, TooLarge> {
    const FLAG: &str = "--bootstrap";
    at_most(FLAG, n, MAX_REPLICATES, "replicates")?;
    // A replicate is a vector of platforms, each a vector of optional scores (16 bytes).
    let per = 24 + platforms.saturating_mul(24 + scores.saturating_mul(16));
    within_budget(FLAG, n, platforms, per)
}

/// Sensitivity runs over `platforms` platforms: the cap, then the memory of the kept ranks
/// (4 bytes a rank, and 8 more for the copy the percentiles are taken from).
pub fn runs(n: usize, platforms: usize) -> Result<usize, TooLarge> {
    const FLAG: &str = "--runs";
    at_most(FLAG, n, MAX_RUNS, "runs")?;
    within_budget(FLAG, n, platforms, platforms.saturating_mul(12))
}

fn within_budget(
    flag: &'static str,
    n: usize,
    platforms: usize,
    per: usize,
) -> Result<usize, TooLarge> {
    let bytes = n.saturating_mul(per);
    if bytes > MEMORY_BUDGET {
        Err(TooLarge::Memory {
            flag,
            requested: n,
            platforms,
            bytes,
            fits: MEMORY_BUDGET / per.max(1),
        })
    } else {
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_above_the_caps_are_refused_naming_the_flag() {
        assert_eq!(replicates(100_000, 10, 8), Ok(100_000));
        let e = replicates(usize::MAX, 10, 8).unwrap_err();
        assert_eq!(
            e.to_string(),
            "--bootstrap 18446744073709551615 is above the limit of 100000 replicates"
        );
        assert_eq!(
            e.hint(),
            "use --bootstrap 100000 or fewer (every result is kept in memory)"
        );
        assert_eq!(runs(1_000_000, 10), Ok(1_000_000));
        assert!(runs(1_000_001, 10).is_err());
    }

    #[test]
    fn many_platforms_are_held_to_the_memory_budget() {
        // 100,000 replicates of 2,000 platforms x 8 scores: 24 + 2000 * (24 + 128) = 304,024
        // bytes each, 30.4 GB in all; 2 GiB (2,147,483,648 bytes) holds 7,063 of them.
        let e = replicates(100_000, 2_000, 8).unwrap_err();
        assert_eq!(
            e,
            TooLarge::Memory {
                flag: "--bootstrap",
                requested: 100_000,
                platforms: 2_000,
                bytes: 30_402_400_000,
                fits: 7_063,
            }
        );
        assert_eq!(
            e.to_string(),
            "--bootstrap 100000 over 2000 platforms would keep 30402 MB of results, above the budget of 2147 MB"
        );
        assert_eq!(replicates(7_063, 2_000, 8), Ok(7_063));
        assert!(replicates(7_064, 2_000, 8).is_err());
    }
}
