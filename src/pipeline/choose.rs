//! Which strategy scores a run, decided once, before anything is read: from the definition,
//! the files each source reads, the detail of the results, and the path the caller asked
//! for. No I/O and no environment: the CLI turns `QBPC_GENERAL_PATH` into
//! [`ScoringPath::General`]. Every strategy gives byte-identical results; the fast ones are
//! taken only where they are known to (`tests/support/paths.rs` runs each test on every path).
//!
//! The columnar reader may still find mid-read that a file is not for it (not UTF-8 past its
//! head, another preset): it then hands back a [`Fallback`] and the general path runs.

// Indexing is in range here: source ixs of a plan are Model positions.
#![allow(clippy::indexing_slicing)]

use super::ScoringPath;
use crate::definition::{Model, SourceKind};
use crate::results::Detail;
use std::path::PathBuf;

/// A scoring strategy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Strategy {
    /// Large tidy survey files read in one streaming pass into class codes
    /// (`pipeline/columnar.rs`).
    Columnar,
    /// Platform-level data alone, one number per cell, ranking tables out
    /// (`pipeline/platform_only.rs`).
    PlatformOnly,
    /// Every file read into cells, every stage on the general structures
    /// (`pipeline/general.rs`): the reference the others are tested against.
    General,
}

impl Strategy {
    /// The name `--timings` prints.
    pub fn name(self) -> &'static str {
        match self {
            Strategy::Columnar => "columnar",
            Strategy::PlatformOnly => "platform-only",
            Strategy::General => "general",
        }
    }
}

/// Why a chosen strategy gave the run up after it started reading (the general path then
/// scores it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fallback {
    pub from: Strategy,
    pub why: String,
}

/// The strategy that scored a run, and the fallback that led to it, if any: what `--timings`
/// names ("general (columnar fell back: ...)").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ran {
    pub strategy: Strategy,
    pub fallback: Option<Fallback>,
}

impl std::fmt::Display for Ran {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.strategy.name())?;
        if let Some(fb) = &self.fallback {
            write!(f, " ({} fell back: {})", fb.from.name(), fb.why)?;
        }
        Ok(())
    }
}

/// The strategy for a run that reads `plan` (source ix, file), built to `detail`.
///
/// * [`ScoringPath::General`] asked for: the general path.
/// * Columnar: a survey file is read, and the definition has no respondent roster (identities
///   are resolved on the general submissions) and no derived or gated item and no pooling rule
///   (computed on the rows the general reader keeps).
/// * Platform-only: [`Detail::Summary`] (the item records are not built), only platform-level
///   files, one per source, every source with items has its file, and no derived or gated item.
/// * Anything else, and a run with no file at all (which the general path refuses): general.
pub fn choose(
    model: &Model,
    plan: &[(usize, PathBuf)],
    detail: Detail,
    requested: ScoringPath,
) -> Strategy {
    if requested == ScoringPath::General || model.has_row_items() {
        return Strategy::General;
    }
    let kind = |s: usize| model.sources[s].kind;
    if plan.iter().any(|(s, _)| kind(*s) == SourceKind::Survey) {
        return if model.roster.is_none() {
            Strategy::Columnar
        } else {
            Strategy::General
        };
    }
    let platform_only = detail == Detail::Summary
        && !plan.is_empty()
        && plan.iter().all(|(s, _)| kind(*s) == SourceKind::Platform)
        && plan.windows(2).all(|w| w[0].0 != w[1].0)
        && (0..model.sources.len()).all(|s| {
            plan.iter().any(|(ps, _)| *ps == s) || model.items_of_source(s).next().is_none()
        });
    if platform_only {
        Strategy::PlatformOnly
    } else {
        Strategy::General
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::definition::{DEFAULT_TOML, load_default, load_file};
    use std::path::Path;

    fn root() -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
    }

    fn source(model: &Model, id: &str) -> usize {
        model.source_ix(id).unwrap()
    }

    /// The plan of the embedded definition reading a survey file and the opinion file.
    fn survey_and_opinion(model: &Model) -> Vec<(usize, PathBuf)> {
        vec![
            (source(model, "survey"), PathBuf::from("survey.csv")),
            (source(model, "opinion"), PathBuf::from("opinion.csv")),
        ]
    }

    fn coinr() -> Model {
        load_file(&root().join("examples/coinr/v1_minmax_amean.toml"))
            .unwrap()
            .0
    }

    fn coinr_plan(model: &Model) -> Vec<(usize, PathBuf)> {
        vec![(source(model, "asem"), PathBuf::from("asem_data.csv"))]
    }

    #[test]
    fn a_survey_file_takes_the_columnar_path() {
        let (model, _) = load_default().unwrap();
        let plan = survey_and_opinion(&model);
        for detail in [Detail::Summary, Detail::Full] {
            let chosen = choose(&model, &plan, detail, ScoringPath::Auto);
            assert_eq!(chosen, Strategy::Columnar, "{detail:?}");
        }
    }

    #[test]
    fn the_general_path_asked_for_is_taken_whatever_the_run() {
        let (model, _) = load_default().unwrap();
        let general =
            |plan: &[(usize, PathBuf)], detail| choose(&model, plan, detail, ScoringPath::General);
        assert_eq!(
            general(&survey_and_opinion(&model), Detail::Full),
            Strategy::General
        );
        let coinr = coinr();
        let chosen = choose(
            &coinr,
            &coinr_plan(&coinr),
            Detail::Summary,
            ScoringPath::General,
        );
        assert_eq!(chosen, Strategy::General);
    }

    #[test]
    fn a_roster_keeps_a_survey_run_on_the_general_path() {
        let text = format!("{DEFAULT_TOML}\n[respondents]\nroster = \"fixtures/roster.csv\"\n");
        let checked = crate::identity::check_str(&text, "roster.toml", Some(&root()));
        let model = checked
            .model
            .expect("the definition with a roster compiles");
        assert!(model.roster.is_some());
        let plan = survey_and_opinion(&model);
        let chosen = choose(&model, &plan, Detail::Summary, ScoringPath::Auto);
        assert_eq!(chosen, Strategy::General);
    }

    #[test]
    fn derived_or_gated_items_keep_every_run_on_the_general_path() {
        let model = load_file(&root().join("fixtures/derived/derived.toml"))
            .unwrap()
            .0;
        assert!(model.has_row_items());
        let survey = (source(&model, "survey"), PathBuf::from("survey.csv"));
        let data = (source(&model, "data"), PathBuf::from("platform.csv"));
        for plan in [vec![survey.clone(), data.clone()], vec![data]] {
            let chosen = choose(&model, &plan, Detail::Summary, ScoringPath::Auto);
            assert_eq!(chosen, Strategy::General, "{plan:?}");
        }
    }

    #[test]
    fn platform_data_alone_takes_the_platform_only_path_for_ranking_tables() {
        let model = coinr();
        let plan = coinr_plan(&model);
        let summary = choose(&model, &plan, Detail::Summary, ScoringPath::Auto);
        assert_eq!(summary, Strategy::PlatformOnly);
        // The item records of a full result are built on the general structures.
        let full = choose(&model, &plan, Detail::Full, ScoringPath::Auto);
        assert_eq!(full, Strategy::General);
    }

    #[test]
    fn platform_only_needs_one_file_per_source_and_every_source_with_items() {
        let (model, _) = load_default().unwrap();
        // The opinion file alone: the survey source has items and no file.
        let opinion = (source(&model, "opinion"), PathBuf::from("opinion.csv"));
        let alone = choose(&model, &[opinion], Detail::Summary, ScoringPath::Auto);
        assert_eq!(alone, Strategy::General);
        // Two files for one platform source.
        let coinr = coinr();
        let mut plan = coinr_plan(&coinr);
        plan.push((plan[0].0, PathBuf::from("more.csv")));
        let twice = choose(&coinr, &plan, Detail::Summary, ScoringPath::Auto);
        assert_eq!(twice, Strategy::General);
    }

    #[test]
    fn no_file_at_all_runs_the_general_path_which_refuses_it() {
        let (model, _) = load_default().unwrap();
        for detail in [Detail::Summary, Detail::Full] {
            let chosen = choose(&model, &[], detail, ScoringPath::Auto);
            assert_eq!(chosen, Strategy::General, "{detail:?}");
        }
    }

    #[test]
    fn the_path_that_ran_is_named_with_its_fallback() {
        let columnar = Ran {
            strategy: Strategy::Columnar,
            fallback: None,
        };
        assert_eq!(columnar.to_string(), "columnar");
        let fell_back = Ran {
            strategy: Strategy::General,
            fallback: Some(Fallback {
                from: Strategy::Columnar,
                why: format!("{} is not UTF-8", Path::new("a.csv").display()),
            }),
        };
        assert_eq!(
            fell_back.to_string(),
            "general (columnar fell back: a.csv is not UTF-8)"
        );
    }
}
