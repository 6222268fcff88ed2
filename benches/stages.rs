//! Per-stage micro-benchmarks of a scoring run on a synthetic tidy survey of 100,000 rows
//! (`benches/support/synth.rs`, the shape of `fixtures/tidy_long.csv`), the columnar path
//! (large tidy files) next to the general path, and the pooling step as one polars group-by
//! next to the plain Rust pass that replaced it:
//!
//!     cargo bench --bench stages
//!
//! The survey is written once to a temporary folder; every stage reads the output of the
//! stage before, made outside the timed closure.

#[path = "support/synth.rs"]
#[allow(
    dead_code,
    reason = "the generator's other helpers serve the examples and tests"
)]
mod synth;

use qbpc_index::aggregate::pool::{Obs, pool, pool_polars};
use qbpc_index::aggregate::{self, Inputs, observations};
use qbpc_index::classify::classify_survey;
use qbpc_index::definition::{Model, load_default};
use qbpc_index::ingest::{self, SurveyData};
use qbpc_index::pipeline::{self, RunFiles};
use qbpc_index::quality;
use std::path::PathBuf;
use std::sync::OnceLock;

const ROWS: usize = 100_000;

fn main() {
    divan::main();
}

/// The survey file (written once per run of the benchmarks) and the embedded definition.
fn setup() -> &'static (PathBuf, Model) {
    static SETUP: OnceLock<(PathBuf, Model)> = OnceLock::new();
    SETUP.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("qbpc-stages-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let path = dir.join("tidy_100k.csv");
        let mut out = std::io::BufWriter::new(std::fs::File::create(&path).expect("file"));
        let opts = synth::Options {
            rows: ROWS,
            ..synth::Options::default()
        };
        synth::write_tidy(&mut out, &opts).expect("written");
        drop(out);
        (path, load_default().expect("embedded definition").0)
    })
}

fn general_data() -> (SurveyData, Vec<qbpc_index::classify::CellClass>) {
    let (path, model) = setup();
    let data = ingest::read_survey(model, 0, path).expect("read");
    let (classes, _) = classify_survey(model, &data);
    (data, classes)
}

// ---------------------------------------------------------------- columnar path

#[divan::bench(sample_count = 10, sample_size = 1)]
fn columnar_read_and_classify() -> usize {
    let (path, model) = setup();
    let data = ingest::read_survey_columnar(model, 0, path).expect("read");
    data.expect("columnar").rows.len()
}

#[divan::bench(sample_count = 10, sample_size = 1)]
fn columnar_end_to_end(bencher: divan::Bencher) {
    let (path, model) = setup();
    let files = RunFiles {
        surveys: vec![path.clone()],
        named: Vec::new(),
    };
    bencher.bench(|| pipeline::run(model, &files, Vec::new()).expect("run"));
}

// ---------------------------------------------------------------- general path, stage by stage

#[divan::bench(sample_count = 3, sample_size = 1)]
fn general_read(bencher: divan::Bencher) {
    let (path, model) = setup();
    bencher.bench(|| ingest::read_survey(model, 0, path).expect("read"));
}

#[divan::bench(sample_count = 3, sample_size = 1)]
fn general_classify(bencher: divan::Bencher) {
    let (path, model) = setup();
    let data = ingest::read_survey(model, 0, path).expect("read");
    bencher.bench(|| classify_survey(model, &data));
}

#[divan::bench(sample_count = 3, sample_size = 1)]
fn general_screen(bencher: divan::Bencher) {
    let (_, model) = setup();
    let (data, classes) = general_data();
    let (surveys, classes) = (vec![data], vec![classes]);
    bencher.bench(|| quality::screen(model, &surveys, &classes));
}

#[divan::bench(sample_count = 3, sample_size = 1)]
fn general_aggregate(bencher: divan::Bencher) {
    let (_, model) = setup();
    let (data, classes) = general_data();
    let (surveys, classes) = (vec![data], vec![classes]);
    let screening = quality::screen(model, &surveys, &classes);
    let inputs = Inputs {
        surveys: &surveys,
        classes: &classes,
        screening: &screening,
        platform_data: &[],
        absent_sources: &[],
    };
    bencher.bench(|| aggregate::aggregate(model, &inputs).expect("scores"));
}

#[divan::bench(sample_count = 3, sample_size = 1)]
fn general_end_to_end(bencher: divan::Bencher) {
    let (path, model) = setup();
    let files = RunFiles {
        surveys: vec![path.clone()],
        named: Vec::new(),
    };
    bencher.bench(|| pipeline::run_with(model, &files, Vec::new(), |_, _, _| ()).expect("run"));
}

// ---------------------------------------------------------------- pooling: polars vs plain

/// The item-level observation table of the survey (about 2.3 million answers), as pooling
/// receives it.
fn obs_table() -> Vec<Obs> {
    let (_, model) = setup();
    let (data, classes) = general_data();
    let (surveys, classes) = (vec![data], vec![classes]);
    let screening = quality::screen(model, &surveys, &classes);
    let obs = observations::collect(model, &surveys, &classes, &screening);
    obs.answers
        .iter()
        .map(|a| Obs {
            platform: a.platform as u32,
            key: a.item as u32,
            weight: a.weight,
            value: a.value,
        })
        .collect()
}

#[divan::bench(sample_count = 5, sample_size = 1)]
fn pool_plain_rust(bencher: divan::Bencher) {
    let (_, model) = setup();
    let table = obs_table();
    bencher.bench(|| pool(&table, model.aggregation.respondents).expect("pooled"));
}

#[divan::bench(sample_count = 5, sample_size = 1)]
fn pool_polars_group_by(bencher: divan::Bencher) {
    let (_, model) = setup();
    let table = obs_table();
    bencher.bench(|| pool_polars(&table, model.aggregation.respondents).expect("pooled"));
}

#[divan::bench(sample_count = 5, sample_size = 1)]
fn pool_columnar_table(bencher: divan::Bencher) {
    let (_, model) = setup();
    let (data, classes) = general_data();
    let (surveys, classes) = (vec![data], vec![classes]);
    let screening = quality::screen(model, &surveys, &classes);
    let table = observations::collect_table(model, &surveys, &classes, &screening);
    let platforms = model.platforms.len();
    bencher.bench(|| table.pool_items(platforms, model.aggregation.respondents));
}
