//! Output stage: renders a [`Results`] tree as bytes in one format, and writes files
//! atomically. One file per format behind the [`Exporter`] trait (the hyperfine layout), so
//! that xlsx, Markdown or HTML can be added later without touching the others.

mod atomic;
mod csv;
pub mod guard;
mod json;
mod table;
#[cfg(test)]
mod test_fixture;

pub use atomic::write_atomic;
pub use csv::CsvExporter;
pub use json::JsonExporter;
pub use table::TableExporter;

use crate::results::Results;
use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;

/// Renders results into the bytes of one output format.
pub trait Exporter {
    fn render(&self, results: &Results) -> Result<Vec<u8>, OutputError>;
}

/// Why rendering or writing an output failed.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    #[error("cannot write {}: {source}", path.display())]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot render CSV: {0}")]
    Csv(#[from] ::csv::Error),
    #[error("cannot render JSON: {0}")]
    Json(#[from] serde_json::Error),
    /// An in-memory writer failed (kept apart from `Write`, which names a file).
    #[error("cannot render output: {0}")]
    Io(#[from] std::io::Error),
}

/// The output formats. Adding one (xlsx, md, html) means a variant here, its names below, and
/// one file with an [`Exporter`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// A human-readable terminal table (also for `.txt` files).
    Table,
    /// One row per platform, for spreadsheets.
    Csv,
    /// The machine interface (index-definition.md section 4).
    Json,
}

impl Format {
    pub const ALL: [Format; 3] = [Format::Table, Format::Csv, Format::Json];

    /// The name used on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Format::Table => "table",
            Format::Csv => "csv",
            Format::Json => "json",
        }
    }

    /// The format implied by an output file's extension (case-insensitive); None when unknown.
    pub fn from_extension(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "txt" => Some(Format::Table),
            "csv" => Some(Format::Csv),
            "json" => Some(Format::Json),
            _ => None,
        }
    }

    /// The exporter for this format.
    pub fn exporter(self, options: &ExportOptions) -> Box<dyn Exporter> {
        match self {
            Format::Table => Box::new(TableExporter {
                width: options.width,
            }),
            Format::Csv => Box::new(CsvExporter { bom: options.bom }),
            Format::Json => Box::new(JsonExporter),
        }
    }
}

/// Settings that some formats read; the others ignore them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExportOptions {
    /// Table: wrap to this many columns. None: never wrap, whatever the terminal, so output
    /// is stable in files, pipes and snapshots.
    pub width: Option<u16>,
    /// CSV: start with a UTF-8 byte order mark, so that Excel reads Chinese names correctly.
    pub bom: bool,
}

/// Render results in a format: `format.exporter(options).render(results)`.
pub fn render(
    format: Format,
    results: &Results,
    options: &ExportOptions,
) -> Result<Vec<u8>, OutputError> {
    format.exporter(options).render(results)
}

/// [`write_atomic`] with the path named in the error.
pub fn write_file(path: &Path, bytes: &[u8]) -> Result<(), OutputError> {
    write_atomic(path, bytes).map_err(|source| OutputError::Write {
        path: path.to_path_buf(),
        source,
    })
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A format name that is not one of [`Format::ALL`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "unknown format {0:?} (expected one of: {names})",
    names = Format::ALL.map(Format::name).join(", ")
)]
pub struct UnknownFormat(pub String);

impl FromStr for Format {
    type Err = UnknownFormat;

    /// Parses a command-line name, case-insensitively.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Format::ALL
            .into_iter()
            .find(|f| f.name().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| UnknownFormat(s.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_from_extension() {
        let f = |p: &str| Format::from_extension(Path::new(p));
        assert_eq!(f("out/rank.csv"), Some(Format::Csv));
        assert_eq!(f("RANK.JSON"), Some(Format::Json));
        assert_eq!(f("rank.txt"), Some(Format::Table));
        assert_eq!(f("rank.xlsx"), None);
        assert_eq!(f("rank"), None);
        assert_eq!(f(".csv"), None, "a dotfile has no extension");
    }

    #[test]
    fn format_parses_its_own_names() {
        for f in Format::ALL {
            assert_eq!(f.name().parse::<Format>(), Ok(f));
            assert_eq!(f.to_string(), f.name());
        }
        assert_eq!("CSV".parse::<Format>(), Ok(Format::Csv));
        let err = "xml".parse::<Format>().unwrap_err();
        assert_eq!(
            err.to_string(),
            "unknown format \"xml\" (expected one of: table, csv, json)"
        );
    }

    #[test]
    fn every_format_renders_deterministically() {
        let results = test_fixture::sample();
        for f in Format::ALL {
            let a = render(f, &results, &ExportOptions::default()).unwrap();
            let b = render(f, &results.clone(), &ExportOptions::default()).unwrap();
            assert_eq!(a, b, "{f}");
            assert!(a.ends_with(b"\n"), "{f} ends with a newline");
        }
    }
}
