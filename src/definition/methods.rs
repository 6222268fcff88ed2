//! Resolved rules for values compared across platforms (platform-level data, and survey numbers
//! pooled per platform): normalisation with COINr's formulas, imputation and outlier treatment.

/// How a numeric scale's platform values are brought onto the index scale.
#[derive(Debug, Clone, PartialEq)]
pub struct Normalise {
    pub method: NormaliseMethod,
    /// COINr's direction: when lower is better (direction -1) the values are negated before
    /// the method applies, exactly as COINr's `Normalise` does.
    pub higher_is_better: bool,
}

/// COINr's normalisation functions (`n_minmax`, `n_zscore`, ...), on the (possibly negated)
/// values x of one item across the platforms that have a value.
#[derive(Debug, Clone, PartialEq)]
pub enum NormaliseMethod {
    /// `(x - min) / (max - min) * (high - low) + low`.
    MinMax { low: f64, high: f64 },
    /// `(x - mean) / sd * target_sd + target_mean`, sample sd (n - 1).
    ZScore { mean: f64, sd: f64 },
    /// Rank, 1 = lowest value, ties share the lowest rank ("min").
    Rank,
    /// Rank - 1.
    Borda,
    /// `scale * (rank - 1) / (n - 1)`.
    PercentRank { scale: f64 },
    /// `scale * x / max`.
    FracMax { scale: f64 },
    /// `scale * (1 - (max - x) / (max - min))`.
    Dist2Max { scale: f64 },
    /// `scale * (1 - (x_ref - x) / (x_ref - min))`, x_ref the value of platform `reference`;
    /// capped at `scale` when `cap`.
    Dist2Ref {
        reference: String,
        cap: bool,
        scale: f64,
    },
    /// `scale * (x - min) / (target - min)`; capped at `scale` when `cap`. With lower is
    /// better the target is negated with the values (COINr: `(max - x) / (max - target)`).
    Dist2Targ { target: f64, cap: bool, scale: f64 },
    /// `scale * (x - lower) / (upper - lower)`, clamped to 0..scale when `truncate`. With lower
    /// is better: `scale * (upper - x) / (upper - lower)` (COINr with goalposts in iMeta).
    Goalposts {
        lower: f64,
        upper: f64,
        scale: f64,
        truncate: bool,
    },
}

impl NormaliseMethod {
    /// The method's one name: in the definition, in the code and in the outputs.
    pub fn name(&self) -> &'static str {
        self.kind().name()
    }

    /// Which method this is, without its parameters.
    pub fn kind(&self) -> NormaliseKind {
        match self {
            NormaliseMethod::MinMax { .. } => NormaliseKind::MinMax,
            NormaliseMethod::ZScore { .. } => NormaliseKind::ZScore,
            NormaliseMethod::Rank => NormaliseKind::Rank,
            NormaliseMethod::Borda => NormaliseKind::Borda,
            NormaliseMethod::PercentRank { .. } => NormaliseKind::PercentRank,
            NormaliseMethod::FracMax { .. } => NormaliseKind::FracMax,
            NormaliseMethod::Dist2Max { .. } => NormaliseKind::Dist2Max,
            NormaliseMethod::Dist2Ref { .. } => NormaliseKind::Dist2Ref,
            NormaliseMethod::Dist2Targ { .. } => NormaliseKind::Dist2Targ,
            NormaliseMethod::Goalposts { .. } => NormaliseKind::Goalposts,
        }
    }
}

/// The normalisation methods by name (a [`NormaliseMethod`] without its parameters): the
/// list the definition compiler offers, the name it reads and the name the outputs write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NormaliseKind {
    MinMax,
    ZScore,
    Rank,
    Borda,
    PercentRank,
    FracMax,
    Dist2Max,
    Dist2Ref,
    Dist2Targ,
    Goalposts,
}

impl NormaliseKind {
    /// Every method, in the order the definition's error messages list them.
    pub const ALL: [NormaliseKind; 10] = [
        NormaliseKind::MinMax,
        NormaliseKind::ZScore,
        NormaliseKind::Rank,
        NormaliseKind::Borda,
        NormaliseKind::PercentRank,
        NormaliseKind::FracMax,
        NormaliseKind::Dist2Max,
        NormaliseKind::Dist2Ref,
        NormaliseKind::Dist2Targ,
        NormaliseKind::Goalposts,
    ];

    /// COINr's name without its `n_` prefix (`n_minmax` is `minmax`).
    pub const fn name(self) -> &'static str {
        match self {
            NormaliseKind::MinMax => "minmax",
            NormaliseKind::ZScore => "zscore",
            NormaliseKind::Rank => "rank",
            NormaliseKind::Borda => "borda",
            NormaliseKind::PercentRank => "prank",
            NormaliseKind::FracMax => "fracmax",
            NormaliseKind::Dist2Max => "dist2max",
            NormaliseKind::Dist2Ref => "dist2ref",
            NormaliseKind::Dist2Targ => "dist2targ",
            NormaliseKind::Goalposts => "goalposts",
        }
    }

    /// The method of a name (exact, as the definition spells it); None when unknown.
    pub fn from_name(name: &str) -> Option<NormaliseKind> {
        NormaliseKind::ALL.into_iter().find(|k| k.name() == name)
    }

    /// The names of [`NormaliseKind::ALL`]: the choices of an unknown-method error.
    pub fn names() -> Vec<&'static str> {
        NormaliseKind::ALL.map(NormaliseKind::name).to_vec()
    }
}

impl Normalise {
    /// One line for reports, e.g. "min-max to [0, 100] across platforms, higher is better".
    pub fn describe(&self) -> String {
        self.describe_on(None)
    }

    /// As [`Normalise::describe`]; with fixed bounds, "min-max to [0, 100] on fixed bounds
    /// (the bounds of reference wave 2024.json; values outside clamped), higher is better".
    pub fn describe_on(&self, bounds: Option<&FixedBounds>) -> String {
        let how = match &self.method {
            NormaliseMethod::MinMax { low, high } => format!("min-max to [{low}, {high}]"),
            NormaliseMethod::ZScore { mean, sd } => {
                format!("z-score (sample sd) to mean {mean}, sd {sd}")
            }
            NormaliseMethod::Rank => "rank (1 = lowest, ties share the lowest)".into(),
            NormaliseMethod::Borda => "Borda score (rank - 1)".into(),
            NormaliseMethod::PercentRank { scale } => format!("percentile rank × {scale}"),
            NormaliseMethod::FracMax { scale } => format!("fraction of the maximum × {scale}"),
            NormaliseMethod::Dist2Max { scale } => format!("distance to the maximum × {scale}"),
            NormaliseMethod::Dist2Ref {
                reference, scale, ..
            } => format!("distance to platform {reference} × {scale}"),
            NormaliseMethod::Dist2Targ { target, scale, .. } => {
                format!("distance to the target {target} × {scale}")
            }
            NormaliseMethod::Goalposts {
                lower,
                upper,
                scale,
                ..
            } => format!("goalposts {lower}..{upper} × {scale}"),
        };
        let better = if self.higher_is_better {
            "higher"
        } else {
            "lower"
        };
        let across = bounds.map_or_else(|| "across platforms".to_string(), FixedBounds::describe);
        format!("{how} {across}, {better} is better")
    }

    /// The lowest value the method can give, when it is known in advance (for the check that
    /// a geometric or harmonic mean never meets a 0). None: it depends on the data.
    pub fn lowest(&self) -> Option<f64> {
        match &self.method {
            NormaliseMethod::MinMax { low, high } => Some(low.min(*high)),
            NormaliseMethod::Rank => Some(1.0),
            NormaliseMethod::Borda
            | NormaliseMethod::PercentRank { .. }
            | NormaliseMethod::Dist2Max { .. }
            | NormaliseMethod::Dist2Ref { .. }
            | NormaliseMethod::Dist2Targ { .. } => Some(0.0),
            NormaliseMethod::Goalposts { truncate: true, .. } => Some(0.0),
            NormaliseMethod::Goalposts { .. }
            | NormaliseMethod::ZScore { .. }
            | NormaliseMethod::FracMax { .. } => None,
        }
    }
}

/// Fixed bounds of a min-max normalisation (`normalize = { method = "minmax", bounds = ... }`):
/// each item's (min, max) comes from a reference wave or from the definition instead of from
/// the platforms of this run, so that the same raw value gives the same score in every wave
/// and a change between waves is a real change.
#[derive(Debug, Clone, PartialEq)]
pub struct FixedBounds {
    pub from: BoundsFrom,
    /// Item id -> (min, max) in the item's own units (before `better = "lower"` negates).
    /// Filled once the items are known (every item of the scale has an entry).
    pub items: indexmap::IndexMap<String, (f64, f64)>,
    /// Values outside the bounds are clamped to [low, high] (the default, as goalposts do);
    /// `truncate = false` lets them pass beyond.
    pub truncate: bool,
    /// Where `bounds` is written in the definition (for findings).
    pub span: std::ops::Range<usize>,
}

/// Where fixed bounds come from.
#[derive(Debug, Clone, PartialEq)]
pub enum BoundsFrom {
    /// A reference wave's result file (`score --format json`): `path` as resolved against the
    /// definition's folder, `given` as written.
    Wave {
        path: std::path::PathBuf,
        given: String,
    },
    /// A table in the definition: item id -> [min, max].
    Table,
}

impl FixedBounds {
    /// "the bounds of reference wave 2024.json" / "bounds recorded in the definition".
    pub fn source(&self) -> String {
        match &self.from {
            BoundsFrom::Wave { given, .. } => format!("the bounds of reference wave {given}"),
            BoundsFrom::Table => "bounds recorded in the definition".to_string(),
        }
    }

    /// One phrase for the methodology: where the bounds come from and what happens outside.
    pub fn describe(&self) -> String {
        let outside = if self.truncate {
            "values outside clamped"
        } else {
            "values outside not clamped"
        };
        format!("on fixed bounds ({}; {outside})", self.source())
    }
}

/// Filling a missing platform value before normalisation (COINr's `i_mean`, `i_median`,
/// `i_mean_grp`, `i_median_grp`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Impute {
    Mean,
    Median,
    /// Mean of the platforms of the same group.
    GroupMean,
    GroupMedian,
}

impl Impute {
    /// Every imputation, in the order the definition's error messages list them.
    pub const ALL: [Impute; 4] = [
        Impute::Mean,
        Impute::Median,
        Impute::GroupMean,
        Impute::GroupMedian,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Impute::Mean => "mean",
            Impute::Median => "median",
            Impute::GroupMean => "group-mean",
            Impute::GroupMedian => "group-median",
        }
    }
}

/// COINr's default outlier treatment (`Treat`): when |skew| >= `skew` and kurtosis >= `kurt`,
/// winsorise the most extreme point on the side of the skew, one step at a time, until the
/// column passes or `winmax` points are winsorised; if it still fails, use the log transform
/// `ln(x - min + 0.01 (max - min))` on the original values instead (when `log_fallback`).
#[derive(Debug, Clone, PartialEq)]
pub struct Treatment {
    /// Most points winsorised; None: no limit.
    pub winmax: Option<usize>,
    pub skew: f64,
    pub kurt: f64,
    pub log_fallback: bool,
    /// Winsorise up to `winmax` points even when the column passes (COINr's `force_win`).
    pub force: bool,
}

impl Default for Treatment {
    fn default() -> Self {
        Treatment {
            winmax: Some(5),
            skew: 2.0,
            kurt: 3.5,
            log_fallback: true,
            force: false,
        }
    }
}
