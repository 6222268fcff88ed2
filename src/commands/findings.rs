//! Findings on standard error: definition problems in full, run warnings as a summary.

use qbpc_index::definition::DefinitionError;
use qbpc_index::diagnostics::{Diagnostic, ErrorCode, Location};
use qbpc_index::results::Exclusion;
use std::collections::BTreeMap;

/// How many findings of one code are listed before the rest is counted.
const PER_CODE: usize = 5;

/// Every finding, one after another.
pub fn all(diags: &[Diagnostic]) {
    for d in diags {
        say!("{d}");
    }
}

/// Findings grouped by code: the first few of each in full, then a count.
pub fn summary(diags: &[Diagnostic]) {
    let mut by_code: BTreeMap<&str, Vec<&Diagnostic>> = BTreeMap::new();
    for d in diags {
        by_code.entry(d.code.as_str()).or_default().push(d);
    }
    for (code, list) in by_code {
        for d in list.iter().take(PER_CODE) {
            say!("{d}");
        }
        if list.len() > PER_CODE {
            say!(
                "... and {} more [{code}] (all of them are in --format json)",
                list.len() - PER_CODE
            );
        }
    }
}

pub fn exclusions(list: &[Exclusion]) {
    if list.is_empty() {
        return;
    }
    say!("excluded {} submission(s):", list.len());
    for e in list {
        let platform = e
            .platform
            .as_deref()
            .map_or(String::new(), |p| format!(" / {p}"));
        say!(
            "  {} row {}: {}{platform}: {} ({})",
            e.file,
            e.row,
            e.respondent,
            e.reason,
            e.detail
        );
    }
}

/// A definition that could not be loaded: its findings, then the error line.
pub fn definition_error(err: DefinitionError) -> anyhow::Error {
    match err {
        DefinitionError::Invalid { file, diagnostics } => {
            all(&diagnostics);
            let n = diagnostics.iter().filter(|d| d.is_error()).count();
            let first = diagnostics.iter().find(|d| d.is_error());
            super::coded(
                ErrorCode::DefinitionInvalid,
                format!("definition {file} has {n} error(s); nothing was scored"),
                Some(format!(
                    "`qbpc-index validate --index {file}` lists the same findings"
                )),
                Some(first.map_or_else(|| Location::file(&file), |d| d.location.clone())),
            )
        }
        DefinitionError::Io { ref file, .. } => super::coded(
            ErrorCode::DefinitionUnreadable,
            err.to_string(),
            Some("check the path given with --index".into()),
            Some(Location::file(file)),
        ),
    }
}
