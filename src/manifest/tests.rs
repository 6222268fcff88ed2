//! The manifest of a run of the default definition over the tidy fixture: files, hashes (from
//! `sha256sum`-independent vectors in sha256.rs), counts and numbers against the results.

use super::*;
use crate::definition::load_default;
use std::path::PathBuf;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn the_manifest_records_files_options_counts_and_numbers() {
    let (model, _) = load_default().unwrap();
    let files = RunFiles {
        surveys: vec![root().join("fixtures/tidy_long.csv")],
        named: vec![(
            "opinion".into(),
            root().join("fixtures/platform_opinion.csv"),
        )],
        ..Default::default()
    };
    let results = crate::pipeline::run(&model, &files, Vec::new()).unwrap();
    let run = RunRecord {
        command: "score",
        definition: &DefinitionSource::Embedded,
        model: &model,
        files: &files,
        options: Options {
            bootstrap: None,
            seed: None,
            weights: Vec::new(),
            min_cell: None,
            strict: true,
        },
    };
    let m = Manifest::build(&run, &results).unwrap();
    assert_eq!(m.definition.source, "embedded");
    assert_eq!(m.definition.format, Some(1));
    // Source order: survey, then opinion.
    let names: Vec<(&str, &str)> = m
        .inputs
        .iter()
        .map(|i| (i.source.as_str(), i.name.as_str()))
        .collect();
    assert_eq!(
        names,
        [
            ("survey", "tidy_long.csv"),
            ("opinion", "platform_opinion.csv")
        ]
    );
    let bytes = std::fs::read(root().join("fixtures/tidy_long.csv")).unwrap();
    assert_eq!(m.inputs[0].size, bytes.len() as u64);
    // 241 data records, as Python's csv module counts them (one answer spans two lines).
    assert_eq!(m.counts.rows_read, 241);
    assert_eq!(m.counts.rows_excluded, results.excluded_submissions.len());
    let tmall = &m.numbers.platforms["tmall"];
    assert_eq!(tmall.score, results.platforms[0].score);
    assert_eq!(tmall.rank, Some(1));
    // The digest changes with any number.
    let mut other = results.clone();
    other.platforms[3].score = other.platforms[3].score.map(|s| s + 1e-9);
    assert_ne!(numbers(&other).unwrap().sha256, m.numbers.sha256);
    assert_eq!(numbers(&results).unwrap().sha256, m.numbers.sha256);
}
