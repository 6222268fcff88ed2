//! The columnar path of `pipeline::run` (large tidy files, `src/pipeline/columnar.rs`) against
//! the general path (`pipeline::run_with`) on the same files: every byte of the results must be
//! equal. A change to ingest, classification, screening or aggregation that breaks this
//! belongs in the columnar path too (or makes such runs ineligible for it).

use crate::synth;

use crate::paths::assert_run_paths_agree;
use qbpc_index::classify;
use qbpc_index::definition::{self, Model, check_str};
use qbpc_index::diagnostics::Diagnostic;
use qbpc_index::pipeline::RunFiles;
use qbpc_index::results::Detail;
use std::path::{Path, PathBuf};

fn default_model() -> Model {
    definition::load_default().expect("embedded definition").0
}

fn model_from(toml: &str) -> Model {
    let checked = check_str(toml, "test.toml", None);
    assert!(
        checked.errors().next().is_none(),
        "{:?}",
        checked.errors().collect::<Vec<&Diagnostic>>()
    );
    checked.model.expect("a model")
}

/// Both paths on the same files give the same bytes; the chosen one must really be columnar.
fn assert_same(model: &Model, surveys: &[PathBuf], named: &[(&str, &Path)]) {
    for s in surveys {
        let read = classify::read_survey_columnar(model, 0, s).expect("readable");
        if let Err(why) = read {
            panic!(
                "{} is not read by the columnar path: it is {why}",
                s.display()
            );
        }
    }
    let files = RunFiles {
        surveys: surveys.to_vec(),
        named: named
            .iter()
            .map(|(id, p)| (id.to_string(), p.to_path_buf()))
            .collect(),
        ..Default::default()
    };
    assert_run_paths_agree("columnar", model, &files, &[], Detail::Full);
}

fn synthetic(dir: &Path, name: &str, rows: usize, seed: u64) -> PathBuf {
    let path = dir.join(name);
    let mut out = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    let opts = synth::Options {
        rows,
        seed,
        ..synth::Options::default()
    };
    synth::write_tidy(&mut out, &opts).unwrap();
    drop(out);
    path
}

#[test]
fn fixture_tidy_file_with_opinion_data() {
    let opinion = Path::new("fixtures/platform_opinion.csv");
    assert_same(
        &default_model(),
        &[PathBuf::from("fixtures/tidy_long.csv")],
        &[("opinion", opinion)],
    );
}

#[test]
fn fixture_with_the_small_definition() {
    let model = definition::load_file(Path::new("fixtures/definitions/tidy_small.toml"))
        .unwrap()
        .0;
    assert_same(&model, &[PathBuf::from("fixtures/tidy_long.csv")], &[]);
}

/// Duplicates, speeders, straight-liners, invalid answers, platform aliases, quoted
/// multi-line text: the synthetic survey of the benchmarks.
#[test]
fn synthetic_survey_two_files() {
    let dir = tempfile::tempdir().unwrap();
    let a = synthetic(dir.path(), "a.csv", 3000, 7);
    assert_same(&default_model(), std::slice::from_ref(&a), &[]);
    // A second file repeating respondents: deduplicated across files.
    let b = synthetic(dir.path(), "b.csv", 1500, 7);
    assert_same(&default_model(), &[a, b], &[]);
}

/// Other screening and pooling rules of the definition.
#[test]
fn synthetic_survey_other_rules() {
    let dir = tempfile::tempdir().unwrap();
    let a = synthetic(dir.path(), "a.csv", 2000, 11);
    let base = definition::DEFAULT_TOML;
    for (from, to) in [
        (
            "\n[quality]\n",
            "\n[quality]\nstraightline = \"exclude\"\nmin_duration_s = 700\n",
        ),
        ("\ndedupe = \"latest\"", "\ndedupe = \"none\""),
        ("\nrespondents = \"mean\"", "\nrespondents = \"median\""),
        (
            "\norder = \"items-first\"",
            "\norder = \"respondents-first\"",
        ),
        ("\nmin_duration_ratio = 0.333", "\nmin_duration_ratio = 0.9"),
    ] {
        assert!(
            base.contains(from),
            "the default definition no longer has {from}"
        );
        let model = model_from(&base.replacen(from, to, 1));
        assert_same(&model, std::slice::from_ref(&a), &[]);
    }
}

/// The dirt of hand-edited files: a BOM, CRLF line ends, blank lines and blank rows, an
/// unknown platform, a blank respondent, bad times and durations, a stray quote.
#[test]
fn hand_edited_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("edited.csv");
    let text = std::fs::read_to_string("fixtures/tidy_long.csv").unwrap();
    let mut out = String::from("\u{feff}");
    for (i, line) in text.lines().enumerate() {
        let line = match i {
            5 => line.replacen(",taobao,", ",Amazon,", 1),
            9 => line.replacen("M0", "   ", 1).replacen("M", " ", 1),
            12 => line.replacen("2025-", "yesterday ", 1),
            14 => line.replacen(",1", ",about an hour ,", 1),
            20 => line.replacen(",taobao,", ",淘宝网,", 1),
            _ => line.to_string(),
        };
        out.push_str(&line);
        out.push_str("\r\n");
        if i % 50 == 3 {
            out.push_str("\r\n,,,,\r\n");
        }
    }
    out.push_str("X1,M999,ab\"c,2025-03-10T14:02:35+08:00,1764,jd,5,5,4\r\n");
    std::fs::write(&path, out).unwrap();
    assert_same(&default_model(), &[path], &[]);
}
