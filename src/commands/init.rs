//! `qbpc-index init`: write the embedded default definition for the team to adapt.

use super::{Status, hinted};
use crate::cli::InitArgs;
use qbpc_index::definition::DEFAULT_TOML;
use qbpc_index::output::write_file;

pub fn run(args: InitArgs) -> anyhow::Result<Status> {
    if args.output.exists() && !args.force {
        return Err(hinted(
            format!(
                "{} already exists; nothing was written",
                args.output.display()
            ),
            Some("pass --force to overwrite it, or --output to choose another file".into()),
        ));
    }
    write_file(&args.output, DEFAULT_TOML.as_bytes())?;
    eprintln!(
        "wrote {} (the embedded QBPC definition); edit it, then run `qbpc-index validate --index {}`",
        args.output.display(),
        args.output.display()
    );
    Ok(Status::Success)
}
