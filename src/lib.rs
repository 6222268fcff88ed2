//! qbpc-index: turns survey exports into a defensible, reproducible ranking of e-commerce
//! platforms on intellectual-property protection.
//!
//! The data flows one way, one module per stage, each callable and testable alone:
//! [`definition`] (TOML -> validated [`definition::Model`]) -> [`ingest`] (files -> long raw
//! cells) -> [`classify`] (cells -> scores or reasons) -> [`quality`] (screening) ->
//! [`aggregate`] (respondents -> platforms -> tree) -> [`rank`] (publication) -> [`output`].
//! [`pipeline::run`] chains them for one run.
//!
//! ```
//! use qbpc_index::{definition, pipeline};
//! use std::path::PathBuf;
//!
//! let (model, _findings) = definition::load_default()?;
//! let files = pipeline::RunFiles {
//!     surveys: vec![PathBuf::from("fixtures/tidy_long.csv")],
//!     named: vec![("opinion".into(), PathBuf::from("fixtures/platform_opinion.csv"))],
//!     ..Default::default()
//! };
//! let results = pipeline::run(&model, &files, Vec::new())?;
//! let first = &results.platforms[0];
//! assert_eq!((first.id.as_str(), first.rank), ("tmall", Some(1)));
//! println!("{} {}", first.name, first.score_display.as_deref().unwrap_or("-"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

// Issue 11: a panic is never an answer to bad input. Library code outside tests may not
// unwrap or expect; the few places where it cannot fail say why in an `allow` with a reason.
// Nor may it index or slice with `[]`: code that reads file bytes uses `get`, iterators and
// pattern matching; the numeric core, which indexes tables it sized itself, allows the lint
// file by file with a line saying why every index there is in range.
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)
)]

pub mod aggregate;
pub mod classify;
pub mod compare;
pub mod definition;
pub mod diagnostics;
pub mod draft;
pub mod explain;
#[doc(hidden)]
pub mod fuzzing;
pub mod identity;
pub mod ingest;
pub mod inspect;
pub mod manifest;
pub mod output;
pub mod parallel;
pub mod pipeline;
pub mod quality;
pub mod questionnaire;
pub mod rank;
pub mod results;
pub mod stats;
pub mod stdin;
pub mod text;
pub mod timings;
pub mod treat;
pub mod whatif;
