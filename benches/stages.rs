//! Per-stage micro-benchmarks of a scoring run on a synthetic tidy survey of 100,000 rows
//! (`benches/support/synth.rs`, the shape of `fixtures/tidy_long.csv`), the columnar path
//! (large tidy files) next to the general path, the pooling step as one polars group-by next
//! to the plain Rust pass that replaced it, the fast xlsx reader next to calamine on a
//! 20,000 x 30 workbook, and the platform-only path next to the general path on a COINr-sized
//! platform table (10,000 units x 60 indicators):
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

use qbpc_index::aggregate::pool::{Obs, Pooled, pool};
use qbpc_index::definition::RespondentStat;

#[path = "support/pool_polars.rs"]
mod pool_polars;
use pool_polars::pool_polars;
use qbpc_index::aggregate::{self, Inputs, observations};
use qbpc_index::classify::{self, classify_survey};
use qbpc_index::definition::{Model, load_default};
use qbpc_index::ingest::{self, SurveyData};
use qbpc_index::pipeline::{self, RunFiles};
use qbpc_index::quality;
use qbpc_index::results::Detail;
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
    let data = classify::read_survey_columnar(model, 0, path).expect("read");
    data.expect("columnar").rows.len()
}

#[divan::bench(sample_count = 10, sample_size = 1)]
fn columnar_end_to_end(bencher: divan::Bencher) {
    let (path, model) = setup();
    let files = RunFiles {
        surveys: vec![path.clone()],
        named: Vec::new(),
        ..Default::default()
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
        ..Default::default()
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
    bencher.bench(|| pool(&table, model.aggregation.respondents));
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

// ---------------------------------------------------------------- xlsx: fast reader vs calamine

/// The survey's first 20,000 rows and 30 columns as a workbook (numbers as number cells).
fn workbook() -> &'static PathBuf {
    static BOOK: OnceLock<PathBuf> = OnceLock::new();
    BOOK.get_or_init(|| {
        let (csv, _) = setup();
        let path = csv.with_file_name("survey_20k.xlsx");
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_path(csv)
            .expect("csv");
        for (r, rec) in reader.records().take(20_001).enumerate() {
            for (c, field) in rec.expect("record").iter().take(30).enumerate() {
                let (r, c) = (r as u32, c as u16);
                match field.parse::<f64>() {
                    Ok(x) if r > 0 => sheet.write_number(r, c, x),
                    _ => sheet.write_string(r, c, field),
                }
                .expect("cell");
            }
        }
        book.save(&path).expect("saved");
        path
    })
}

#[divan::bench(sample_count = 10, sample_size = 1)]
fn xlsx_read_fast_reader() -> usize {
    let table = ingest::read_table(workbook(), None).expect("read");
    table.rows.len()
}

#[divan::bench(sample_count = 10, sample_size = 1)]
fn xlsx_read_calamine() -> usize {
    use calamine::Reader;
    let mut book = calamine::open_workbook_auto(workbook()).expect("open");
    let name = book.sheet_names()[0].clone();
    book.worksheet_range(&name).expect("sheet").height()
}

// ---------------------------------------------------------------- platform-only vs general

/// A COINr-sized platform table and its definition: 10,000 units x 60 indicators (1 % NA)
/// -> 10 pillars -> index, min-max, arithmetic means.
fn platform_table() -> &'static (Model, RunFiles) {
    static TABLE: OnceLock<(Model, RunFiles)> = OnceLock::new();
    TABLE.get_or_init(|| {
        let (csv, _) = setup();
        let dir = csv.parent().expect("dir").to_path_buf();
        let (units, indicators) = (10_000, 60);
        let mut list = String::from("id,name\n");
        let mut data = String::from("\"unit\"");
        for i in 0..indicators {
            data.push_str(&format!(",\"i{i:02}\""));
        }
        data.push('\n');
        let mut x: u64 = 42;
        for u in 0..units {
            list.push_str(&format!("U{u:05},Unit {u}\n"));
            data.push_str(&format!("\"U{u:05}\""));
            for _ in 0..indicators {
                x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
                let v = (x >> 11) as f64 / (1u64 << 53) as f64 * 1000.0;
                if x.is_multiple_of(100) {
                    data.push_str(",\"NA\"");
                } else {
                    data.push_str(&format!(",\"{v:.14}\""));
                }
            }
            data.push('\n');
        }
        std::fs::write(dir.join("units.csv"), list).expect("list");
        std::fs::write(dir.join("units_data.csv"), data).expect("data");
        let mut toml = String::from(
            "format = 1\nplatform_list = \"units.csv\"\n[index]\nid = \"synth\"\nname = \"synth\"\nedition = \"bench\"\n\
             [aggregation]\nmethod = \"arithmetic\"\nmin_coverage = 0.0\ndecimals = 6\n\
             [[sources]]\nid = \"data\"\nkind = \"platform\"\npreset = \"platform-table\"\npath = \"units_data.csv\"\nplatform = \"unit\"\n\
             [scales.up]\nkind = \"numeric\"\nna = [\"NA\"]\nnormalize = \"minmax\"\nbetter = \"higher\"\n",
        );
        for p in 0..indicators / 6 {
            toml.push_str(&format!("[dimensions.P{p}]\nname = \"P{p}\"\n"));
        }
        for i in 0..indicators {
            toml.push_str(&format!(
                "[items.i{i:02}]\ndimension = \"P{}\"\nsource = \"data\"\nscale = \"up\"\nweight = {}\n",
                i / 6,
                1 + i % 4
            ));
        }
        let def = dir.join("units.toml");
        std::fs::write(&def, toml).expect("definition");
        let (model, _) = qbpc_index::definition::load_file(&def).expect("definition loads");
        (model, RunFiles::default())
    })
}

#[divan::bench(sample_count = 10, sample_size = 1)]
fn platform_only_end_to_end(bencher: divan::Bencher) {
    let (model, files) = platform_table();
    bencher.bench(|| pipeline::run_for(model, files, Vec::new(), Detail::Summary).expect("run"));
}

#[divan::bench(sample_count = 5, sample_size = 1)]
fn platform_general_end_to_end(bencher: divan::Bencher) {
    let (model, files) = platform_table();
    bencher
        .bench(|| pipeline::run_general(model, files, Vec::new(), Detail::Summary).expect("run"));
}
