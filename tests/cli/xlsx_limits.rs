//! Hostile and broken workbooks (issue 11, point 3): the reader allocates by the cells present,
//! refuses zip bombs, entity expansion and deep nesting quickly and in little memory, guards
//! the references calamine would overflow on, and names the cap and its `--limit` key.
//!
//! The workbooks are made by `fixtures/hostile/make_hostile.py`. The in-process tests count
//! every allocation (a counting global allocator) so that "bounded" is measured, not assumed.

use crate::common::qbpc;
use std::alloc::{GlobalAlloc, Layout, System};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// Counts live bytes and their peak.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

/// Past this many live bytes an allocation fails (the test process aborts) rather than
/// take the machine's memory: what the tests guard against is exactly that.
const CEILING: usize = 2 << 30;

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if LIVE.load(Ordering::Relaxed) + layout.size() > CEILING {
            return std::ptr::null_mut();
        }
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            let now = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(now, Ordering::Relaxed);
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if LIVE.load(Ordering::Relaxed) + new_size.saturating_sub(layout.size()) > CEILING {
            return std::ptr::null_mut();
        }
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            if new_size >= layout.size() {
                let now = LIVE.fetch_add(new_size - layout.size(), Ordering::Relaxed)
                    + (new_size - layout.size());
                PEAK.fetch_max(now, Ordering::Relaxed);
            } else {
                LIVE.fetch_sub(layout.size() - new_size, Ordering::Relaxed);
            }
        }
        p
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

/// One test at a time: the peak is process-wide, and the CLI tests allocate too.
static SERIAL: Mutex<()> = Mutex::new(());

fn serial() -> MutexGuard<'static, ()> {
    SERIAL.lock().unwrap_or_else(|e| e.into_inner())
}

const MB: usize = 1 << 20;

fn hostile(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/hostile")
        .join(name)
}

/// Reads every sheet of `name` in process, with the default caps; returns the outcome as
/// text, the peak of bytes allocated above what was live before, and the time taken.
fn measured(name: &str) -> (Result<usize, String>, usize, Duration) {
    let bytes = std::fs::read(hostile(name)).unwrap();
    let path = hostile(name);
    let base = LIVE.load(Ordering::Relaxed);
    PEAK.store(base, Ordering::Relaxed);
    let start = Instant::now();
    let read = qbpc_index::ingest::read_tables_bytes(&path, bytes)
        .map(|tables| tables.iter().map(|t| t.rows.len()).sum())
        .map_err(|e| format!("{e} / hint: {}", e.hint().unwrap_or_default()));
    let took = start.elapsed();
    (
        read,
        PEAK.load(Ordering::Relaxed).saturating_sub(base),
        took,
    )
}

/// Runs the CLI, asserts the exit code, returns standard error then standard output.
fn run(args: &[&str], code: i32) -> String {
    let out = qbpc().args(args).output().unwrap();
    let err =
        String::from_utf8_lossy(&out.stderr).into_owned() + &String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(code), "{args:?}\n{err}");
    assert!(!err.contains("panicked"), "{err}");
    err
}

#[test]
fn a_stray_cell_far_away_costs_memory_for_the_cells_present_not_the_range() {
    let _one = serial();
    // Before: the whole used range, 16,384 x 1,048,576 cells (8 GB and rising), and 3 GB
    // for a stray cell at A200000.
    for (name, cap) in [
        ("stray_xfd1048576.xlsx", 64 * MB),
        ("stray_a200000.xlsx", 16 * MB),
    ] {
        let (read, peak, _) = measured(name);
        // The ten platform rows and the stray cell's row (a blank-looking " ").
        assert_eq!(read, Ok(10), "{name}");
        assert!(peak < cap, "{name}: {} MiB allocated", peak / MB);
    }
}

#[test]
fn a_stray_cell_does_not_change_what_a_platform_table_reads() {
    let _one = serial();
    let dir = tempfile::tempdir().unwrap();
    let read = |opinion: &str, out: &str| {
        let out = dir.path().join(out);
        run(
            &[
                "score",
                "fixtures/wjx_text_wide.xlsx",
                "--source",
                &format!("opinion={opinion}"),
                "-f",
                "json",
                "-o",
                out.to_str().unwrap(),
            ],
            0,
        );
        // The same values, each named with its own file.
        let text = std::fs::read_to_string(out)
            .unwrap()
            .replace(opinion, "OPINION");
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        v["platforms"].clone()
    };
    let want = read("fixtures/platform_opinion.csv", "csv.json");
    assert!(want.as_array().is_some_and(|a| !a.is_empty()), "{want}");
    for name in ["stray_xfd1048576.xlsx", "stray_a200000.xlsx"] {
        let path = format!("fixtures/hostile/{name}");
        assert_eq!(read(&path, &format!("{name}.json")), want, "{name}");
    }
}

#[test]
fn zip_bombs_are_refused_within_a_second_and_a_few_megabytes() {
    let _one = serial();
    for (name, part) in [
        ("zip_bomb_sheet.xlsx", "xl/worksheets/sheet1.xml"),
        ("zip_bomb_strings.xlsx", "xl/sharedStrings.xml"),
    ] {
        let (read, peak, took) = measured(name);
        let err = read.unwrap_err();
        assert!(
            err.contains(&format!(
                "zip part \"{part}\" decompresses more than 100 times"
            )) && err.contains("--limit zip-ratio=N"),
            "{err}"
        );
        assert!(peak < 100 * MB, "{name}: {} MiB allocated", peak / MB);
        // A second in a release build; a debug build on a loaded machine gets some slack.
        assert!(took < Duration::from_secs(5), "{name}: {took:?}");
    }
}

#[test]
fn entity_expansion_deep_nesting_and_a_huge_string_count_are_refused_cheaply() {
    let _one = serial();
    let (read, peak, took) = measured("billion_laughs.xlsx");
    let err = read.unwrap_err();
    assert!(
        err.contains("a DOCTYPE (document type declaration) is refused"),
        "{err}"
    );
    assert!(
        peak < 10 * MB && took < Duration::from_secs(1),
        "{peak} {took:?}"
    );

    let (read, peak, _) = measured("deep_nesting.xlsx");
    let err = read.unwrap_err();
    assert!(
        err.contains("XML elements nest deeper than 64 levels")
            && err.contains("--limit xml-depth=N"),
        "{err}"
    );
    assert!(peak < 10 * MB, "{peak}");

    // `<sst uniqueCount="4000000000">` reserved 4 billion strings in calamine (and 16 M here).
    let (read, peak, _) = measured("sst_count.xlsx");
    assert_eq!(read, Ok(1));
    assert!(peak < 4 * MB, "{peak}");

    // One merged region over the whole sheet: 17 billion cells to fill.
    let (read, peak, _) = measured("merge_everything.xlsx");
    let err = read.unwrap_err();
    assert!(
        err.contains("merged regions cover more than 20000000 cells")
            && err.contains("--limit cells=N"),
        "{err}"
    );
    assert!(peak < 64 * MB, "{peak}");
}

/// `r="A99999999999"` overflows calamine's reference parser (a panic in debug builds, a
/// silent wrap in release). Every path that opens an xlsx goes through the project's reader,
/// which refuses it with the reference in the message.
#[test]
fn an_overflowing_reference_is_a_clean_error_on_every_path_that_opens_xlsx() {
    let _one = serial();
    let dir = tempfile::tempdir().unwrap();
    let tmp = |name: &str| dir.path().join(name).to_string_lossy().into_owned();
    for bad in [
        "fixtures/hostile/ref_overflow.xlsx",
        "fixtures/hostile/dimension_overflow.xlsx",
    ] {
        let says = |err: &str| {
            assert!(
                err.contains(bad)
                    && err.contains("Sheet1")
                    && err.contains("bad cell reference \"A99999999999\": row too large"),
                "{err}"
            );
        };
        // The survey.
        says(&run(&["score", bad], 2));
        says(&run(&["validate", bad], 2));
        // A platform table given with --source.
        says(&run(
            &[
                "score",
                "fixtures/wjx_text_wide.xlsx",
                "--source",
                &format!("opinion={bad}"),
                "-o",
                &tmp("out.json"),
            ],
            2,
        ));
        // inspect and init --from.
        says(&run(&["inspect", bad], 2));
        says(&run(&["init", "--from", bad, "-o", &tmp("draft.toml")], 2));
        // The roster of `[respondents]`.
        let def = tmp("def.toml");
        let roster = Path::new(env!("CARGO_MANIFEST_DIR")).join(bad);
        std::fs::write(
            &def,
            format!(
                "{}\n[respondents]\nroster = {:?}\n",
                qbpc_index::definition::DEFAULT_TOML,
                roster.to_string_lossy()
            ),
        )
        .unwrap();
        let err = run(&["validate", "--index", &def], 1);
        assert!(
            err.contains("A99999999999") && err.contains("row too large"),
            "{err}"
        );
    }
}

#[test]
fn each_cap_names_its_key_and_the_flag_raises_it() {
    let _one = serial();
    let opinion = "fixtures/platform_opinion.xlsx";
    for (limit, says) in [
        ("cells=5", "more than 5 non-empty cells"),
        ("rows=3", "is below row 3, the last one allowed"),
        (
            "columns=2",
            "is right of column 2 (B), the last one allowed",
        ),
        ("cell-bytes=5", "bytes of text, more than the 5 allowed"),
        ("xml-depth=2", "XML elements nest deeper than 2 levels"),
    ] {
        let key = limit.split('=').next().unwrap();
        let err = run(&["--limit", limit, "inspect", opinion], 2);
        assert!(
            err.contains(says) && err.contains(&format!("`--limit {key}=N`")),
            "{limit}: {err}"
        );
    }
    // Past the ratio cap, the size cap still holds.
    let bomb = "fixtures/hostile/zip_bomb_sheet.xlsx";
    let err = run(
        &[
            "inspect",
            bomb,
            "--limit",
            "zip-ratio=100000",
            "--limit",
            "unzipped-mb=16",
        ],
        2,
    );
    assert!(
        err.contains("decompresses to more than 16 MiB") && err.contains("--limit unzipped-mb=N"),
        "{err}"
    );
    // Raised, the cap lets a trusted file through.
    // (inspect exits 1: the platform table is no survey export.)
    let err = run(
        &[
            "inspect",
            "fixtures/hostile/deep_nesting.xlsx",
            "--limit",
            "xml-depth=200000",
        ],
        1,
    );
    assert!(
        err.contains("cannot tell which export this is") && !err.contains("refused"),
        "{err}"
    );
    // A bad assignment is a usage error.
    let err = run(&["inspect", opinion, "--limit", "cels=5"], 2);
    assert!(err.contains("unknown limit `cels`"), "{err}");
}
