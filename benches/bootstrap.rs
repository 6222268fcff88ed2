//! The bootstrap over respondents at survey scale: 1,000 replicates for 10,000 respondents who
//! each rate 10 platforms on 30 items (3 million answers, about 5% N/A), on 2 threads.
//!
//!     cargo bench --bench bootstrap
//!
//! The design (the compact per-platform matrix) is built once per run and timed apart.

use qbpc_index::aggregate::ItemScore;
use qbpc_index::definition::{Model, check_str};
use qbpc_index::stats::bootstrap::design::{Design, Entry};
use qbpc_index::stats::bootstrap::replicate::{Evaluator, run_all};
use rand::{RngExt, SeedableRng};

const RESPONDENTS: usize = 10_000;
const PLATFORMS: usize = 10;
const ITEMS: usize = 30;

fn main() {
    divan::main();
}

/// 10 platforms, 5 dimensions of 6 agreement items each.
fn model() -> Model {
    let mut toml = String::from(
        "format = 1\n[scales.agree5]\nkind = \"ordinal\"\nlabels = [\"1\", \"2\", \"3\", \"4\", \"5\"]\nna = [\"NA\"]\n",
    );
    for p in 0..PLATFORMS {
        toml.push_str(&format!("[platforms.p{p}]\n"));
    }
    for d in 0..5 {
        toml.push_str(&format!("[dimensions.d{d}]\n"));
    }
    for i in 0..ITEMS {
        toml.push_str(&format!(
            "[items.i{i}]\ndimension = \"d{}\"\nscale = \"agree5\"\n",
            i / 6
        ));
    }
    check_str(&toml, "bench.toml", None)
        .model
        .expect("a valid definition")
}

fn entries() -> Vec<Entry> {
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(42);
    let mut out = Vec::with_capacity(RESPONDENTS * PLATFORMS * ITEMS);
    for respondent in 0..RESPONDENTS {
        for platform in 0..PLATFORMS {
            for key in 0..ITEMS {
                if rng.random_range(0..20) == 0 {
                    continue; // N/A
                }
                let value = 25.0 * rng.random_range(0..5) as f64;
                out.push(Entry {
                    platform,
                    respondent,
                    key,
                    weight: 1.0,
                    value,
                    group: 0,
                });
            }
        }
    }
    out
}

#[divan::bench(sample_count = 3, sample_size = 1)]
fn design_build(bencher: divan::Bencher) {
    let model = model();
    let entries = entries();
    bencher.bench(|| Design::build(&entries, PLATFORMS, model.aggregation.respondents));
}

#[divan::bench(sample_count = 5, sample_size = 1)]
fn replicates_1000_on_2_threads(bencher: divan::Bencher) {
    let model = model();
    let design = Design::build(&entries(), PLATFORMS, model.aggregation.respondents);
    let template = vec![vec![ItemScore::default(); ITEMS]; PLATFORMS];
    let evaluator = Evaluator {
        model: &model,
        design: &design,
        template: &template,
        seed: 7,
    };
    bencher.bench(|| run_all(&evaluator, 1000, 2, &|_| {}).expect("replicates score"));
}

/// The same on one thread: the CPU time of the work, whatever else runs on the machine.
#[divan::bench(sample_count = 3, sample_size = 1)]
fn replicates_1000_on_1_thread(bencher: divan::Bencher) {
    let model = model();
    let design = Design::build(&entries(), PLATFORMS, model.aggregation.respondents);
    let template = vec![vec![ItemScore::default(); ITEMS]; PLATFORMS];
    let evaluator = Evaluator {
        model: &model,
        design: &design,
        template: &template,
        seed: 7,
    };
    bencher.bench(|| run_all(&evaluator, 1000, 1, &|_| {}).expect("replicates score"));
}
