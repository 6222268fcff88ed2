//! Output stage: renders a [`Results`] tree as bytes in one format, and writes files
//! atomically. One file per format behind the [`Exporter`] trait (the hyperfine layout).
//! Formats that explain the method (the XLSX methodology sheet, the HTML report) read a
//! [`Report`]: the results plus a [`Methodology`] summary of the definition.

mod atomic;
pub mod compare;
mod csv;
mod exclusions;
pub mod guard;
pub mod html;
pub mod intervals;
mod json;
pub mod labels;
mod long_csv;
mod markdown;
pub(crate) use markdown::escape as escape_markdown;
pub mod methodology;
mod parquet;
mod plan;
pub mod privacy;
pub(crate) mod ranking;
pub mod same_file;
pub mod scorecard;
mod table;
pub mod target;
#[cfg(test)]
mod test_fixture;
pub(crate) mod text_table;
mod xlsx;

pub use atomic::write_atomic;
pub use csv::CsvExporter;
pub use exclusions::exclusions_csv;
pub use json::JsonExporter;
pub use labels::Lang;
pub use long_csv::{Level, LongCsvExporter};
pub use markdown::MarkdownExporter;
pub use methodology::Methodology;
pub use parquet::{MANIFEST_KEY as PARQUET_MANIFEST_KEY, ParquetExporter};
pub use plan::{Outputs, probe_all, probe_dir};
pub use same_file::{PathConflict, RunFile};
pub use table::TableExporter;
pub use xlsx::XlsxExporter;

use crate::diagnostics::ErrorCode;
use crate::results::Results;
use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;

/// Renders results into the bytes of one output format.
pub trait Exporter {
    fn render(&self, results: &Results) -> Result<Vec<u8>, OutputError>;

    /// Renders results with the definition's summary at hand. Formats that do not explain
    /// the method ignore it.
    fn render_report(&self, report: &Report<'_>) -> Result<Vec<u8>, OutputError> {
        self.render(report.results)
    }
}

/// What the publishable outputs read: the results, and the summary of the definition that
/// produced them (weights, scales, rules, group names) when the caller has it.
#[derive(Debug, Clone, Copy)]
pub struct Report<'a> {
    pub results: &'a Results,
    pub methodology: Option<&'a Methodology>,
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
    #[error("cannot render XLSX: {0}")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
    #[error("cannot render Parquet: {0}")]
    Parquet(String),
    #[error("cannot draw chart {chart}: {message}")]
    Chart { chart: String, message: String },
}

/// The output formats of `score`. Adding one means a variant here, its names below, and one
/// file with an [`Exporter`]. (The HTML report and the scorecards have their own commands.)
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// A human-readable terminal table (also for `.txt` files).
    Table,
    /// One row per platform, for spreadsheets.
    Csv,
    /// The machine interface (index-definition.md section 4).
    Json,
    /// A workbook with the ranking, every level of scores, exclusions, diagnostics and the
    /// methodology.
    Xlsx,
    /// A report-ready Markdown table.
    Markdown,
    /// The wide CSV's table as typed Parquet columns, for DuckDB, Spark, polars, pandas and R.
    Parquet,
}

impl Format {
    pub const ALL: [Format; 6] = [
        Format::Table,
        Format::Csv,
        Format::Json,
        Format::Xlsx,
        Format::Markdown,
        Format::Parquet,
    ];

    /// The name used on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Format::Table => "table",
            Format::Csv => "csv",
            Format::Json => "json",
            Format::Xlsx => "xlsx",
            Format::Markdown => "md",
            Format::Parquet => "parquet",
        }
    }

    /// How much of the result tree the format shows: the ranking tables (terminal table, wide
    /// CSV, Markdown) show no item results; JSON, XLSX and the long CSV do.
    pub fn detail(self, level: Option<Level>) -> crate::results::Detail {
        use crate::results::Detail;
        match self {
            Format::Table | Format::Markdown | Format::Parquet => Detail::Summary,
            Format::Csv if level.is_none() => Detail::Summary,
            Format::Csv | Format::Json | Format::Xlsx => Detail::Full,
        }
    }

    /// Whether the format is binary (never written to a terminal).
    pub fn is_binary(self) -> bool {
        matches!(self, Format::Xlsx | Format::Parquet)
    }

    /// The format implied by an output file's extension (case-insensitive); None when unknown.
    pub fn from_extension(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "txt" => Some(Format::Table),
            "csv" => Some(Format::Csv),
            "json" => Some(Format::Json),
            "xlsx" => Some(Format::Xlsx),
            "md" | "markdown" => Some(Format::Markdown),
            "parquet" | "pq" => Some(Format::Parquet),
            _ => None,
        }
    }

    /// The exporter for this format.
    pub fn exporter(self, options: &ExportOptions) -> Box<dyn Exporter> {
        match self {
            Format::Table => Box::new(TableExporter {
                width: options.width,
                lang: options.table_lang,
            }),
            Format::Csv => match options.level {
                Some(level) => Box::new(LongCsvExporter {
                    level,
                    bom: options.bom,
                }),
                None => Box::new(CsvExporter { bom: options.bom }),
            },
            Format::Json => Box::new(JsonExporter),
            Format::Xlsx => Box::new(XlsxExporter { lang: options.lang }),
            Format::Markdown => Box::new(MarkdownExporter { lang: options.lang }),
            Format::Parquet => Box::new(ParquetExporter),
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
    /// XLSX, Markdown: language of headers and names.
    pub lang: Lang,
    /// Table: language of headers, names and notes when asked for (`--lang`). None: the
    /// compact default (English headers with dimension ids, both names of each platform).
    pub table_lang: Option<Lang>,
    /// CSV: the long form at this level (one row per platform x node) instead of the wide one.
    pub level: Option<Level>,
}

/// Render results in a format: `format.exporter(options).render(results)`.
pub fn render(
    format: Format,
    results: &Results,
    options: &ExportOptions,
) -> Result<Vec<u8>, OutputError> {
    format.exporter(options).render(results)
}

/// Render a report (results with the definition's summary) in a format.
pub fn render_report(
    format: Format,
    report: &Report<'_>,
    options: &ExportOptions,
) -> Result<Vec<u8>, OutputError> {
    format.exporter(options).render_report(report)
}

/// One output, written as [`Outputs`] writes it: `-` is standard output, a device or FIFO is
/// written in place, a regular file (or the file a symlink names) is replaced atomically.
pub fn write_file(path: &Path, bytes: &[u8]) -> Result<(), OutputError> {
    let mut out = Outputs::new();
    out.file(path, bytes.to_vec());
    out.write()
}

impl OutputError {
    /// A stable code for machine-readable errors.
    pub fn code(&self) -> ErrorCode {
        match self {
            OutputError::Write { .. } => ErrorCode::WriteFailed,
            _ => ErrorCode::RenderFailed,
        }
    }

    /// The file the error is about, if any.
    pub fn path(&self) -> Option<&Path> {
        match self {
            OutputError::Write { path, .. } => Some(path),
            _ => None,
        }
    }

    /// What to do about a failed write, by its cause.
    pub fn hint(&self) -> Option<String> {
        let OutputError::Write { source, .. } = self else {
            return None;
        };
        use std::io::ErrorKind as K;
        Some(
            match source.kind() {
                K::NotFound => "the folder does not exist: create it, or write elsewhere",
                K::PermissionDenied | K::ReadOnlyFilesystem => {
                    "choose a file in a folder you can write to"
                }
                K::StorageFull | K::QuotaExceeded => {
                    "no space left on the device: free some space, or write elsewhere"
                }
                K::IsADirectory | K::NotADirectory => {
                    "give a file name for an output, and a directory for --out"
                }
                _ => return None,
            }
            .into(),
        )
    }
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

    /// Parses a command-line name, case-insensitively (also the hidden [`TABLE_ALIASES`]).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if TABLE_ALIASES
            .iter()
            .any(|a| a.eq_ignore_ascii_case(s.trim()))
        {
            return Ok(Format::Table);
        }
        Format::ALL
            .into_iter()
            .find(|f| f.name().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| UnknownFormat(s.to_string()))
    }
}

/// Other names of the human format (`table` in every command), from the commands that called
/// it `text` or `human`: accepted so that no script breaks, never listed.
pub const TABLE_ALIASES: [&str; 2] = ["text", "human"];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_from_extension() {
        let f = |p: &str| Format::from_extension(Path::new(p));
        assert_eq!(f("out/rank.csv"), Some(Format::Csv));
        assert_eq!(f("RANK.JSON"), Some(Format::Json));
        assert_eq!(f("rank.txt"), Some(Format::Table));
        assert_eq!(f("rank.xlsx"), Some(Format::Xlsx));
        assert_eq!(f("rank.md"), Some(Format::Markdown));
        assert_eq!(f("rank.Parquet"), Some(Format::Parquet));
        assert_eq!(f("rank.html"), None);
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
            "unknown format \"xml\" (expected one of: table, csv, json, xlsx, md, parquet)"
        );
    }

    #[test]
    fn every_format_renders_deterministically() {
        let results = test_fixture::sample();
        for f in Format::ALL {
            let a = render(f, &results, &ExportOptions::default()).unwrap();
            let b = render(f, &results.clone(), &ExportOptions::default()).unwrap();
            assert_eq!(a, b, "{f}");
            assert!(
                f.is_binary() || a.ends_with(b"\n"),
                "{f} ends with a newline"
            );
        }
    }
}
