//! The index definition: TOML in, a validated [`Model`] out, with every finding located.

mod compile;
mod context;
pub mod expr;
mod floors;
mod methods;
pub mod model;
pub mod numbers;
pub mod parts;
mod platform_list;
mod resolved;
pub mod roster;
mod scale_methods;
mod scales;
mod schema;
mod spanned;

pub use floors::{combine_floors, item_floor, node_floors};
pub use methods::*;
pub use model::{DefinitionFile, IndexMeta};
pub use resolved::*;
pub use schema::{close_tables, json_schema};

use crate::diagnostics::{Code, Diagnostic, Location};
use context::Ctx;
use std::path::Path;

/// The embedded default QBPC definition (TOML text).
/// Default of `[quality] max_cell_chars`: Excel's own limit on a cell, so no answer typed in a
/// spreadsheet is refused, while a 10 MB cell (a paste gone wrong, a hostile file) is.
pub const DEFAULT_MAX_CELL_CHARS: usize = 32_767;

pub const DEFAULT_TOML: &str = include_str!("default.toml");

/// Name shown in findings about the embedded definition.
pub const DEFAULT_ORIGIN: &str = "<embedded default>";

/// The outcome of checking a definition: the model when there is no error, and all findings.
/// The roster the definition names is not read here: `model.roster` is None until
/// `identity::with_roster` reads the file `roster` names (kept even when other errors leave no
/// model, so its findings join theirs).
#[derive(Debug)]
pub struct Checked {
    pub model: Option<Model>,
    pub diagnostics: Vec<Diagnostic>,
    pub roster: Option<roster::RosterSource>,
}

impl Checked {
    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics.iter().filter(|d| d.is_error())
    }
}

/// Check a definition given as text. `file` names it in findings; relative paths inside it
/// (platform lists, source files) are resolved against `base_dir`.
pub fn check_str(text: &str, file: &str, base_dir: Option<&Path>) -> Checked {
    let mut ctx = Ctx::new(file, text);
    let (root, syntax) = toml::de::DeTable::parse_recoverable(text);
    if !syntax.is_empty() {
        for e in syntax {
            let offset = e.span().map_or(0, |s| s.start);
            ctx.diags.push(
                Diagnostic::error(
                    Code::TomlSyntax,
                    first_line(e.message()),
                    Location::in_text(file, text, offset),
                )
                .with_hint("fix the TOML syntax at this position"),
            );
        }
        return done(ctx, None);
    }
    ctx.diags
        .extend(schema::unknown_keys(root.get_ref(), file, text));
    let (number_findings, reported) = numbers::check(root.get_ref(), file, text);
    ctx.diags.extend(number_findings);
    ctx.reported_numbers = reported;
    let parsed: DefinitionFile = match toml::from_str(text) {
        Ok(d) => d,
        Err(e) => {
            let offset = e.span().map_or(0, |s| s.start);
            // 1e400 fails the typed parse too ("overflowed"): one finding for it is enough.
            if ctx.reported_numbers.contains(&offset) {
                return done(ctx, None);
            }
            ctx.diags.push(
                Diagnostic::error(
                    Code::InvalidType,
                    first_line(e.message()),
                    Location::in_text(file, text, offset),
                )
                .with_hint("see the definition reference in the README for each key's type"),
            );
            return done(ctx, None);
        }
    };
    let model = compile::compile(&mut ctx, &parsed, base_dir);
    let model = if ctx.has_errors() { None } else { model };
    done(ctx, model)
}

fn done(mut ctx: Ctx, model: Option<Model>) -> Checked {
    sort_findings(&mut ctx.diags);
    Checked {
        model,
        diagnostics: ctx.diags,
        roster: ctx.roster,
    }
}

/// The order of a definition's findings: by line and column of the definition (findings
/// located in another file, such as the roster or a platform list, first), stable otherwise.
pub fn sort_findings(diags: &mut [Diagnostic]) {
    diags.sort_by_key(|d| (d.location.line.unwrap_or(0), d.location.col.unwrap_or(0)));
}

fn first_line(msg: &str) -> String {
    msg.lines().next().unwrap_or(msg).trim().to_string()
}

/// Why a definition could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum DefinitionError {
    #[error("cannot read definition {file}: {source}")]
    Io {
        file: String,
        #[source]
        source: std::io::Error,
    },
    #[error("definition {file} has {} error(s)", .diagnostics.iter().filter(|d| d.is_error()).count())]
    Invalid {
        file: String,
        diagnostics: Vec<Diagnostic>,
    },
}

/// Read and check a definition file (without reading its roster: see `identity::check`).
pub fn check_file(path: &Path) -> Result<Checked, DefinitionError> {
    let file = path.display().to_string();
    let text = crate::stdin::read_to_string(path).map_err(|source| DefinitionError::Io {
        file: file.clone(),
        source,
    })?;
    Ok(check_str(&text, &file, path.parent()))
}

/// Load a definition file; any error finding makes this fail with all findings. The roster is
/// not read (see `identity::load_file`).
pub fn load_file(path: &Path) -> Result<(Model, Vec<Diagnostic>), DefinitionError> {
    into_model(check_file(path)?, &path.display().to_string())
}

/// The embedded default definition.
pub fn load_default() -> Result<(Model, Vec<Diagnostic>), DefinitionError> {
    into_model(
        check_str(DEFAULT_TOML, DEFAULT_ORIGIN, None),
        DEFAULT_ORIGIN,
    )
}

/// The model of a checked definition, or all its findings when it has an error.
pub fn into_model(c: Checked, file: &str) -> Result<(Model, Vec<Diagnostic>), DefinitionError> {
    match c.model {
        Some(m) => Ok((m, c.diagnostics)),
        None => Err(DefinitionError::Invalid {
            file: file.to_string(),
            diagnostics: c.diagnostics,
        }),
    }
}

#[cfg(test)]
mod tests;

/// Where a run's definition comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DefinitionSource {
    File(std::path::PathBuf),
    Embedded,
}

/// The name of the definition file picked up from the working directory.
pub const LOCAL_DEFINITION: &str = "qbpc-index.toml";

/// Definition lookup: the explicit file, else `./qbpc-index.toml`, else the embedded default.
pub fn locate(explicit: Option<&Path>, dir: &Path) -> DefinitionSource {
    match explicit {
        Some(p) => DefinitionSource::File(p.to_path_buf()),
        None if dir.join(LOCAL_DEFINITION).is_file() => {
            DefinitionSource::File(dir.join(LOCAL_DEFINITION))
        }
        None => DefinitionSource::Embedded,
    }
}

/// Check the located definition.
pub fn check(source: &DefinitionSource) -> Result<Checked, DefinitionError> {
    match source {
        DefinitionSource::File(p) => check_file(p),
        DefinitionSource::Embedded => Ok(check_str(DEFAULT_TOML, DEFAULT_ORIGIN, None)),
    }
}

/// Load the located definition; any error finding fails with all findings.
pub fn load(source: &DefinitionSource) -> Result<(Model, Vec<Diagnostic>), DefinitionError> {
    match source {
        DefinitionSource::File(p) => load_file(p),
        DefinitionSource::Embedded => load_default(),
    }
}
