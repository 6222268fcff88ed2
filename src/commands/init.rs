//! `qbpc-index init`: write the embedded default definition for the team to adapt, or with
//! `--from EXPORT` a draft definition guessed from a survey export.

use super::{Status, hinted, paths};
use crate::cli::InitArgs;
use qbpc_index::definition::DEFAULT_TOML;
use qbpc_index::draft;
use qbpc_index::output::target::{self, Target};
use qbpc_index::output::{RunFile, write_file};

pub fn run(args: InitArgs) -> anyhow::Result<Status> {
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
            write_file(&args.output, DEFAULT_TOML.as_bytes())?;
            say!(
                "wrote {out} (the embedded QBPC definition); edit it, then run `qbpc-index validate --index {out}`"
            );
        }
        Some(export) => {
            let d = draft::draft(export).map_err(|e| {
                let hint = e.hint().map(str::to_string);
                hinted(e.to_string(), hint)
            })?;
            write_file(&args.output, draft::render(&d).as_bytes())?;
            say!(
                "wrote {out}: a draft from {} ({} preset; {} items, {} scales, {} platforms); check the guesses marked in it, then run `qbpc-index validate --index {out}`",
                export.display(),
                d.preset,
                d.items.len(),
                d.scales.len(),
                d.platforms.len()
            );
        }
    }
    Ok(Status::Success)
}
