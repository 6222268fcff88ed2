//! The stages run in one order (definition, ingest, classify, quality, aggregate, rank,
//! output): no stage imports a later one, so each can be read and changed knowing only the
//! stages before it (issue 16). Read from the sources as text, `use crate::…` lines and
//! inline `crate::…` paths alike; test modules count too.
//!
//! `identity` (the respondent roster) reads its file through `ingest`, so it counts as
//! ingest: the definition only records where the roster is, and `identity` reads it after the
//! definition compiles. No import runs backwards, and none may.

use std::collections::BTreeSet;
use std::path::Path;

const STAGES: [&str; 7] = [
    "definition",
    "ingest",
    "classify",
    "quality",
    "aggregate",
    "rank",
    "output",
];

fn stage_of(module: &str) -> Option<usize> {
    let module = if module == "identity" {
        "ingest"
    } else {
        module
    };
    STAGES.iter().position(|s| *s == module)
}

/// Every `crate::MODULE` named in a file.
fn named_modules(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for (at, _) in text.match_indices("crate::") {
        let before = text[..at].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue; // e.g. `qbpc_crate::`
        }
        let rest = &text[at + "crate::".len()..];
        let name: String = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        if !name.is_empty() {
            out.insert(name);
        }
    }
    out
}

fn files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn no_stage_imports_a_later_stage() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut all = Vec::new();
    files(&src, &mut all);
    let mut backward = Vec::new();
    for path in &all {
        let rel = path.strip_prefix(&src).unwrap();
        let top = rel
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_string_lossy();
        let Some(from) = stage_of(top.trim_end_matches(".rs")) else {
            continue;
        };
        let text = std::fs::read_to_string(path).unwrap();
        for module in named_modules(&text) {
            let Some(to) = stage_of(&module) else {
                continue;
            };
            if to > from {
                backward.push(format!(
                    "{} ({}) names crate::{module} ({})",
                    rel.display(),
                    STAGES[from],
                    STAGES[to]
                ));
            }
        }
    }
    assert!(
        backward.is_empty(),
        "imports from a later stage:\n{}",
        backward.join("\n")
    );
}

#[test]
fn the_scan_sees_use_lines_and_inline_paths() {
    let text = "use crate::ingest::{a, b};\nlet x = crate::rank::f();\nqbpc_crate::no";
    let named: Vec<String> = named_modules(text).into_iter().collect();
    assert_eq!(named, ["ingest", "rank"]);
}
