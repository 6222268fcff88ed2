//! Opt-in data treatment of values compared across platforms, before normalisation (COINr's
//! `Impute` and `Treat`): filling missing values, and winsorising outliers with a log
//! transform as the fallback. Every changed value is reported, never changed silently.

pub mod impute;
pub mod outliers;

pub use impute::{ImputeProblem, impute};
pub use outliers::{Treated, kurtosis, skewness, treat};

/// One value changed by a treatment, for the results log.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    /// Position (platform) of the value.
    pub at: usize,
    pub before: Option<f64>,
    pub after: f64,
    pub detail: String,
}
