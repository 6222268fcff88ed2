//! `qbpc-index explain-code CODE | --list | --all`: the explanations of the finding codes and
//! of the codes of errors that stop a run, on standard output. The texts live in the library
//! (`diagnostics::code_docs`).

use super::{Outcome, hinted};
use crate::cli::{ExplainCodeArgs, ExplainCodeFormat};
use qbpc_index::diagnostics::{AnyCode, code_docs};
use std::io::Write as _;

pub fn run(args: ExplainCodeArgs) -> anyhow::Result<Outcome> {
    let md = args.format == ExplainCodeFormat::Md;
    let text = if args.list {
        if md {
            code_docs::list_markdown()
        } else {
            code_docs::list_text()
        }
    } else if args.all {
        if md {
            code_docs::document()
        } else {
            code_docs::all_text()
        }
    } else {
        let given = args.code.unwrap_or_default();
        let code: AnyCode = given
            .parse()
            .map_err(|e: qbpc_index::diagnostics::UnknownCode| {
                hinted(e.to_string(), Some(e.hint()))
            })?;
        if md {
            code_docs::markdown(code)
        } else {
            code_docs::text(code)
        }
    };
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())?;
    out.flush()?;
    Ok(Outcome::Success)
}
