//! `qbpc-index verify MANIFEST`: check the recorded files and re-run the recorded command.

use super::{Outcome, hinted};
use crate::cli::{ReportFormat, VerifyArgs};
use qbpc_index::manifest::{self, Manifest};
use std::io::Write;

pub fn run(args: VerifyArgs) -> anyhow::Result<Outcome> {
    let path = &args.manifest;
    let hint = || {
        Some("give a file written by `score --manifest FILE` or `score --format json`".to_string())
    };
    let bytes = std::fs::read(path).map_err(|e| {
        super::coded(
            qbpc_index::diagnostics::ErrorCode::ReadFailed,
            format!("cannot read manifest {}: {e}", path.display()),
            hint(),
            Some(qbpc_index::diagnostics::Location::file(
                path.display().to_string(),
            )),
        )
    })?;
    let value: serde_json::Value = serde_json::from_slice(&bytes)
        .map_err(|e| hinted(format!("{} is not JSON: {e}", path.display()), hint()))?;
    // A result file carries the manifest under its `manifest` key.
    let value = match value.get("manifest") {
        Some(m) => m.clone(),
        None => value,
    };
    let manifest: Manifest = serde_json::from_value(value).map_err(|e| {
        hinted(
            format!("{} is not a run manifest: {e}", path.display()),
            hint(),
        )
    })?;
    let base = path.parent().unwrap_or(std::path::Path::new("."));
    let outcome = manifest::verify(&manifest, base);
    let mut out = std::io::stdout().lock();
    if args.format == ReportFormat::Json {
        serde_json::to_writer_pretty(&mut out, &outcome)?;
        writeln!(out)?;
    } else {
        if outcome.recorded_version != outcome.version {
            writeln!(
                out,
                "note: recorded with qbpc-index {}, verified with {}",
                outcome.recorded_version, outcome.version
            )?;
        }
        if outcome.reproduced {
            writeln!(
                out,
                "reproduced: {} files unchanged, {} numbers equal (scores, ranks, counts), digest {}",
                manifest.inputs.len() + usize::from(manifest.definition.source == "file"),
                outcome.numbers_compared,
                manifest.numbers.sha256
            )?;
        } else {
            writeln!(
                out,
                "not reproduced: {} difference(s)",
                outcome.changes.len()
            )?;
            for c in &outcome.changes {
                writeln!(out, "  {c}")?;
            }
        }
    }
    out.flush()?;
    Ok(if outcome.reproduced {
        Outcome::Success
    } else {
        Outcome::Findings
    })
}
