//! `qbpc-index schema definition|results`: the JSON Schemas, on standard output.

use super::Outcome;
use crate::cli::SchemaKind;
use std::io::Write as _;

pub fn run(which: SchemaKind) -> anyhow::Result<Outcome> {
    let schema = match which {
        SchemaKind::Definition => qbpc_index::definition::json_schema(),
        SchemaKind::Results => qbpc_index::results::json_schema(),
    };
    let mut out = std::io::stdout().lock();
    serde_json::to_writer_pretty(&mut out, &schema)?;
    writeln!(out)?;
    out.flush()?;
    Ok(Outcome::Success)
}
