//! A fatal error as data: `{"error": {"code", "message", "location", "hint"}}`, what
//! `--format json` prints on standard output when a command stops (exit 2), so that a script
//! reading standard output gets JSON either way. The code is a stable string; the message is
//! the human text (with its causes), free to change.

use super::Hinted;
use qbpc_index::definition::DefinitionError;
use qbpc_index::diagnostics::{ErrorCode, Location};
use qbpc_index::ingest::IngestError;
use qbpc_index::output::{OutputError, PathConflict};
use serde_json::{Value, json};

pub fn render(err: &anyhow::Error) -> String {
    let message = err
        .chain()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(": ");
    let location = location(err).map_or(Value::Null, |l| json!(l));
    let value = json!({
        "error": {
            "code": code(err),
            "message": message,
            "location": location,
            "hint": hint(err),
        }
    });
    serde_json::to_string_pretty(&value).unwrap_or_default()
}

/// A command line clap cannot parse, from its rendered message ("error: ...", a usage line,
/// "For more information, try '--help'."): the first line is the message, the rest the hint.
pub fn render_usage(rendered: &str) -> String {
    let mut lines = rendered.lines().map(str::trim).filter(|l| !l.is_empty());
    let first = lines.next().unwrap_or_default();
    let message = first.strip_prefix("error: ").unwrap_or(first);
    let rest: Vec<&str> = lines.collect();
    let value = json!({
        "error": {
            "code": ErrorCode::Usage,
            "message": message,
            "location": Value::Null,
            "hint": (!rest.is_empty()).then(|| rest.join(" ")),
        }
    });
    serde_json::to_string_pretty(&value).unwrap_or_default()
}

/// The first code found along the chain of causes; `error` when no cause has one.
fn code(err: &anyhow::Error) -> ErrorCode {
    err.chain()
        .find_map(|e| {
            if let Some(h) = e.downcast_ref::<Hinted>() {
                h.code
            } else if let Some(p) = e.downcast_ref::<PathConflict>() {
                Some(p.code())
            } else if let Some(o) = e.downcast_ref::<OutputError>() {
                Some(o.code())
            } else if let Some(i) = e.downcast_ref::<IngestError>() {
                Some(i.code())
            } else {
                e.downcast_ref::<DefinitionError>().map(|d| match d {
                    DefinitionError::Io { .. } => ErrorCode::DefinitionUnreadable,
                    DefinitionError::Invalid { .. } => ErrorCode::DefinitionInvalid,
                })
            }
        })
        .unwrap_or(ErrorCode::Error)
}

fn location(err: &anyhow::Error) -> Option<Location> {
    err.chain().find_map(|e| {
        if let Some(h) = e.downcast_ref::<Hinted>() {
            h.location.clone()
        } else if let Some(p) = e.downcast_ref::<PathConflict>() {
            p.path().map(|p| Location::file(p.display().to_string()))
        } else if let Some(o) = e.downcast_ref::<OutputError>() {
            o.path().map(|p| Location::file(p.display().to_string()))
        } else {
            e.downcast_ref::<IngestError>()
                .map(|i| Location::file(i.file()))
        }
    })
}

/// The hint of the first cause that has one.
pub fn hint(err: &anyhow::Error) -> Option<String> {
    err.chain().find_map(|e| {
        if let Some(h) = e.downcast_ref::<Hinted>() {
            h.hint.clone()
        } else if let Some(p) = e.downcast_ref::<PathConflict>() {
            Some(p.hint())
        } else if let Some(o) = e.downcast_ref::<OutputError>() {
            o.hint()
        } else if let Some(i) = e.downcast_ref::<IngestError>() {
            i.hint().map(str::to_string)
        } else {
            None
        }
    })
}
