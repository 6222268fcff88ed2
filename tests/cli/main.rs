//! The CLI tests: one binary (one link of the library) with a shared fixture (`common`), each
//! command's tests a module. Run one module with `cargo test --test cli MODULE::`.

#[allow(dead_code, reason = "each test binary uses part of the shared helpers")]
mod common;
#[path = "../output_support/mod.rs"]
mod output_support;
#[path = "../support/paths.rs"]
#[allow(dead_code, reason = "each test binary uses part of the shared helpers")]
mod paths;
#[path = "../privacy_support/mod.rs"]
mod privacy_support;
#[path = "../questionnaire_support/mod.rs"]
mod questionnaire_support;
#[path = "../shapes_support/mod.rs"]
mod shapes_support;

mod bad_inputs;
mod bootstrap;
mod bootstrap_threads;
mod compare;
mod compare_definition;
mod definition_guards;
mod derived_items;
mod explain;
mod explain_code;
mod fixed_bounds;
mod format_names;
mod godi2015;
mod ground_truth;
mod guesses;
mod help;
mod init;
mod inspect;
mod lang;
mod limits;
mod manifest;
mod output_formats;
mod output_injection;
mod output_json_keys;
mod output_paths;
mod output_privacy;
mod output_xlsx_libreoffice;
mod over_nodes;
mod parquet_duckdb;
mod parquet_io;
mod pool_levels;
mod questionnaire;
mod questionnaire_docs;
mod questionnaire_pyxform;
mod questionnaire_roundtrip;
mod real_exports;
mod recipes;
mod refusals;
mod report;
mod report_trend;
mod roster;
mod schema;
mod score;
mod scorecards;
mod shapes;
mod stats;
mod survey_min_respondents;
mod timings;
mod two_files;
mod validate;
mod whatif;
mod xlsx_limits;
