//! `qbpc-index init`: write the embedded default definition for the team to adapt, or with
//! `--from EXPORT` a draft definition guessed from a survey export.

use super::{Outcome, hinted, paths};
use crate::cli::InitArgs;
use qbpc_index::definition::DEFAULT_TOML;
use qbpc_index::draft;
use qbpc_index::output::target::{self, Target};
use qbpc_index::output::{RunFile, write_file};

/// First line of every definition `init` writes: taplo and Even Better TOML (VS Code) read the
/// JSON Schema named there, relative to the definition file, for completion, hover docs and
/// checks in the editor. Written by `qbpc-index schema definition > qbpc-index.schema.json`: a
/// file beside the definition, not a URL, so that it matches the installed version and works
/// offline.
const SCHEMA_DIRECTIVE: &str = "#:schema ./qbpc-index.schema.json\n";

pub fn run(args: InitArgs) -> anyhow::Result<Outcome> {
    let outputs = [RunFile::new("--output", &args.output)];
    let inputs: Vec<RunFile> = args
        .from
        .iter()
        .map(|p| RunFile::new("--from", p))
        .collect();
    paths::check_early(&outputs, &inputs, None)?;
    // Only a regular file needs --force: a device, a FIFO or standard output loses nothing.
    let replaces = matches!(target::resolve(&args.output), Ok(Target::Regular(f)) if f.exists());
    if replaces && !args.force {
        return Err(hinted(
            format!(
                "{} already exists; nothing was written",
                args.output.display()
            ),
            Some("pass --force to overwrite it, or --output to choose another file".into()),
        ));
    }
    let out = args.output.display();
    match &args.from {
        None => {
            write_file(
                &args.output,
                format!("{SCHEMA_DIRECTIVE}{DEFAULT_TOML}").as_bytes(),
            )?;
            say!(
                "wrote {out} (the embedded QBPC definition); edit it, then run `qbpc-index validate --index {out}`"
            );
            editor_hint();
        }
        Some(export) => {
            let options = draft::DraftOptions {
                platform_column: args.platform_column.clone(),
            };
            let d = draft::draft_with(export, &options).map_err(|e| {
                let hint = e.hint().map(str::to_string);
                hinted(e.to_string(), hint)
            })?;
            let text = format!("{SCHEMA_DIRECTIVE}{}", draft::render(&d));
            write_file(&args.output, text.as_bytes())?;
            say!(
                "wrote {out}: a draft from {} ({} preset; {} items, {} scales, {} platforms); check the guesses marked in it, then run `qbpc-index validate --index {out}`",
                export.display(),
                d.preset,
                d.items.len(),
                d.scales.len(),
                d.platforms.len()
            );
            if let (true, Some(p)) = (d.platform_stated, &d.platform) {
                say!(
                    "platform: the draft's `platform = {p:?}` was stated by --platform-column (not a guess); its {} distinct value(s) are the [platforms.ID] blocks: {}",
                    d.platforms.len(),
                    shorten_list(&d.platforms.iter().map(|p| p.id.clone()).collect::<Vec<_>>())
                );
            }
            if let Some(r) = &d.respondent {
                say!(
                    "respondent: the draft's `respondent = {r:?}` was taken from a header that names the respondent (a guess: duplicates are removed per value; delete that line if it does not identify who answered)"
                );
            }
            for (scale, items) in d.directions_to_confirm() {
                say!(
                    "to confirm before it validates: scale \"{scale}\" ({} item(s): {}) holds answers of no known order (codes without labels, or labels of no known scale) and the question asks for no rating, so which end is best is unknown; write `labels = [...]` worst first under [scales.{scale}] (the draft lists the answers)",
                    items.len(),
                    shorten_list(&items)
                );
            }
            editor_hint();
        }
    }
    Ok(Outcome::Success)
}

fn editor_hint() {
    say!(
        "for completion and checks in the editor (taplo, Even Better TOML): qbpc-index schema definition > qbpc-index.schema.json"
    );
}

/// The first few ids of a list, and how many more.
fn shorten_list(ids: &[String]) -> String {
    const SHOWN: usize = 6;
    let mut out = ids
        .iter()
        .take(SHOWN)
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    if ids.len() > SHOWN {
        out.push_str(&format!(" and {} more", ids.len() - SHOWN));
    }
    out
}
