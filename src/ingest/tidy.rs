//! Tidy long files: one row per respondent x platform, one column per item. Built for large
//! files: the column -> item mapping is fixed once, platform labels and respondent keys are
//! cached, and rows are streamed. [`Setup`] and [`cell_value_of`] are shared with the
//! columnar scan of large files (`classify/tidy_scan.rs`), so that both read a row the same way.

use super::detect::{TIDY_PLATFORM, TIDY_RESPONDENT};
use super::diag::Diags;
use super::meta::MetaCols;
use super::table::{CellRef, Table, format_error};
use super::values::{self, Markers};
use super::{IngestError, RawCell, RawValue, Submission};
use crate::definition::{ItemIx, Model, PlatformIx, ScaleKind, Source};
use crate::diagnostics::{Code, Diagnostic, Location};
use crate::text::match_key;
use std::collections::HashMap;

const SUBMITTED_AT: &str = "submitted_at";
const DURATION: &str = "duration_sec";
const MULTI_SEP: &str = ";";
/// A column `<item column>_other` holds the fill-in text of a multi-select item's "other".
const OTHER_SUFFIX: &str = "_other";

pub(crate) struct Mapped {
    pub col: usize,
    pub item: ItemIx,
    pub multi: bool,
    pub other_col: Option<usize>,
}

/// Platform labels seen so far, and where unknown ones first appeared.
#[derive(Default)]
pub(crate) struct Platforms {
    cache: HashMap<String, Option<PlatformIx>>,
    /// (label, first row, rows) per unknown label, in order of appearance.
    unknown: Vec<(String, usize, usize)>,
}

/// How a tidy file is read: its key columns, the item columns and the cell conventions.
pub(crate) struct Setup {
    pub resp_col: usize,
    pub plat_col: usize,
    pub meta: MetaCols,
    pub mapped: Vec<Mapped>,
    pub markers: Markers,
    pub sep: String,
    /// Identifying columns besides the respondent's (`company_name` next to
    /// `respondent_id`, contacts): their values are collected for redaction.
    pub identifying: Vec<usize>,
    /// The same columns with their headers and why each is identifying.
    pub identifying_columns: Vec<super::IdentifyingColumn>,
}

impl Setup {
    /// Findings about the columns (missing, duplicated) go to `diags`.
    pub fn new(
        model: &Model,
        si: usize,
        table: &Table,
        diags: &mut Diags,
    ) -> Result<Setup, IngestError> {
        let src = super::source_at(model, si, &table.file)?;
        let resp_col = required_col(
            table,
            src.respondent.as_deref(),
            TIDY_RESPONDENT,
            "respondent",
        )?;
        let plat_col = required_col(table, src.platform.as_deref(), TIDY_PLATFORM, "platform")?;
        let meta = MetaCols::resolve(model, src, table, resp_col, (SUBMITTED_AT, DURATION), diags);
        let mapped = map_columns(model, si, src, table, diags);
        // Tidy files have no structural markers of their own; a source may still declare some.
        let markers = Markers::for_source(src.skip.as_ref(), src.empty.as_ref(), (&[], &[]));
        let sep = src.multi_sep.as_deref().unwrap_or(MULTI_SEP).to_string();
        let names: Vec<Vec<String>> = table.headers.iter().map(|h| vec![match_key(h)]).collect();
        let taken = |c: usize| {
            c == resp_col
                || c == plat_col
                || mapped.iter().any(|m| m.col == c || m.other_col == Some(c))
        };
        let identifying_columns = super::identifying::columns(
            &[],
            &src.identifying,
            table,
            &names,
            &taken,
            &|_| None,
            diags,
        );
        Ok(Setup {
            resp_col,
            plat_col,
            meta,
            mapped,
            markers,
            sep,
            identifying: super::identifying::indices(&identifying_columns),
            identifying_columns,
        })
    }

    /// The raw value of mapped column `m` from its cell and its "other" cell.
    pub fn cell_value(
        &self,
        m: &Mapped,
        cell: CellRef<'_>,
        other: Option<CellRef<'_>>,
    ) -> RawValue {
        cell_value_of(cell, other, m, &self.markers, &self.sep)
    }
}

/// What the tidy reader makes of a file.
pub(super) struct Read {
    pub submissions: Vec<Submission>,
    pub cells: Vec<RawCell>,
    pub respondent_basis: super::RespondentBasis,
    /// Values of the identifying columns.
    pub identities: Vec<String>,
    pub identifying_columns: Vec<super::IdentifyingColumn>,
}

pub(super) fn read(
    model: &Model,
    si: usize,
    table: &Table,
    diags: &mut Diags,
) -> Result<Read, IngestError> {
    let mut setup = Setup::new(model, si, table, diags)?;
    let mut platforms = Platforms::default();
    let mut subs = Vec::new();
    let mut cells = Vec::new();
    let mut identities = super::identifying::Values::new(setup.identifying.clone());
    table.for_each_row(|row_no, row| {
        identities.row(row);
        let platform = platforms.lookup(model, row.get(setup.plat_col), row_no);
        let s = subs.len();
        subs.push(setup.meta.submission(table, row_no, row, platform, diags));
        let Some(platform) = platform else { return };
        cells.extend(setup.mapped.iter().map(|m| RawCell {
            submission: s,
            platform,
            item: m.item,
            value: setup.cell_value(m, row.get(m.col), m.other_col.map(|c| row.get(c))),
            col: m.col,
        }));
    })?;
    platforms.report(table, setup.plat_col, diags);
    Ok(Read {
        submissions: subs,
        cells,
        respondent_basis: setup.meta.identity.basis.clone(),
        identities: identities.finish(),
        identifying_columns: setup.identifying_columns,
    })
}

/// A tidy cell as a raw value: markers, multi-select splitting, and the fill-in text of the
/// item's `<column>_other` column. The value's class never depends on the fill-in text (only
/// its display does), which lets the columnar scan classify a cell by its own text.
pub(crate) fn cell_value_of(
    cell: CellRef<'_>,
    other: Option<CellRef<'_>>,
    m: &Mapped,
    markers: &Markers,
    sep: &str,
) -> RawValue {
    let mut v = values::answer(cell, markers, m.multi.then_some(sep));
    let other = other.filter(|c| !c.is_blank());
    if let Some(CellRef::Text(text)) = other {
        match &mut v {
            RawValue::Choices { other_text, .. } => *other_text = Some(text.to_string()),
            RawValue::Blank => {
                v = RawValue::Choices {
                    chosen: Vec::new(),
                    other_text: Some(text.to_string()),
                }
            }
            _ => {}
        }
    }
    v
}

impl Platforms {
    /// The platform of a label (trimmed), without noting unknown ones.
    pub fn resolve(&mut self, model: &Model, label: &str) -> Option<PlatformIx> {
        if let Some(&p) = self.cache.get(label) {
            return p;
        }
        let p = model.platform_by_label(label);
        self.cache.insert(label.to_string(), p);
        p
    }

    /// One finding per unknown label, at its first row.
    pub fn report(self, table: &Table, col: usize, diags: &mut Diags) {
        for (label, row, n) in self.unknown {
            diags.push(unknown_platform(table, &label, row, col, n));
        }
    }

    fn lookup(&mut self, model: &Model, cell: CellRef<'_>, row: usize) -> Option<PlatformIx> {
        let shown;
        let label = match cell {
            CellRef::Text(s) => crate::text::trim(s),
            other => {
                shown = other.display();
                crate::text::trim(&shown)
            }
        };
        if let Some(&p) = self.cache.get(label) {
            if p.is_none() {
                self.note_unknown(label.to_string(), row);
            }
            return p;
        }
        let label = label.to_string();
        let p = model.platform_by_label(&label);
        self.cache.insert(label.clone(), p);
        if p.is_none() {
            self.note_unknown(label, row);
        }
        p
    }

    pub fn note_unknown(&mut self, label: String, row: usize) {
        match self.unknown.iter_mut().find(|(l, _, _)| *l == label) {
            Some(entry) => entry.2 += 1,
            None => self.unknown.push((label, row, 1)),
        }
    }
}

fn unknown_platform(table: &Table, label: &str, row: usize, col: usize, n: usize) -> Diagnostic {
    let rows = if n > 1 {
        format!(" ({n} rows, the first here)")
    } else {
        String::new()
    };
    let (message, hint) = if label.is_empty() {
        (
            format!("the platform cell is empty{rows}; these rows are not scored"),
            "fill in the platform of each row".to_string(),
        )
    } else {
        (
            format!("{label:?} is no platform of the definition{rows}; these rows are not scored"),
            format!("add {label:?} to the `aliases` of its platform in the definition"),
        )
    };
    Diagnostic::warning(Code::UnknownPlatform, message, table.loc(row, col)).with_hint(hint)
}

/// The column named by the source (or the preset's default name); a Format error if absent.
fn required_col(
    table: &Table,
    named: Option<&str>,
    default: &str,
    what: &str,
) -> Result<usize, IngestError> {
    let name = named.unwrap_or(default);
    table.find_col(&match_key(name)).ok_or_else(|| {
        format_error(
            &table.file,
            format!("no {what} column {name:?}; found {}", table.header_sample()),
            &format!("name the {what} column with `{what} = \"...\"` in the source"),
        )
    })
}

/// Item columns: header match key equal to one of the item's `columns`, or mapped by the
/// source's `columns` table (which wins).
#[allow(
    clippy::indexing_slicing,
    reason = "Model cross-references (item.scale, item.source, item.node, source, platform and node positions) are checked when the definition is compiled"
)]
fn map_columns(
    model: &Model,
    si: usize,
    src: &Source,
    table: &Table,
    diags: &mut Diags,
) -> Vec<Mapped> {
    // Every item a column name holds: several when they share it (`column_shared = true`).
    let mut by_key: HashMap<&str, Vec<ItemIx>> = HashMap::new();
    for (ix, item) in model.items_of_source(si) {
        for k in &item.columns {
            let items = by_key.entry(k.as_str()).or_default();
            if !items.contains(&ix) {
                items.push(ix);
            }
        }
    }
    by_key.extend(src.columns.iter().map(|(k, &ix)| (k.as_str(), vec![ix])));
    let keys: Vec<String> = table.headers.iter().map(|h| match_key(h)).collect();
    let mut out: Vec<Mapped> = Vec::new();
    let held = keys.iter().enumerate().flat_map(|(col, key)| {
        by_key
            .get(key.as_str())
            .into_iter()
            .flatten()
            .map(move |&item| (col, key, item))
    });
    for (col, key, item) in held {
        if out.iter().any(|m| m.item == item) {
            diags.push(duplicate(model, table, col, item));
            continue;
        }
        let multi = matches!(
            model.scales[model.items[item].scale].kind,
            ScaleKind::Multi(_)
        );
        let other_key = format!("{key}{OTHER_SUFFIX}");
        let other_col = multi
            .then(|| keys.iter().position(|k| *k == other_key))
            .flatten();
        out.push(Mapped {
            col,
            item,
            multi,
            other_col,
        });
    }
    for (ix, item) in model.items_of_source(si) {
        if !out.iter().any(|m| m.item == ix) && item.derived.is_none() {
            diags.push(missing_item(table, &item.id, &item.columns));
        }
    }
    out
}

fn duplicate(model: &Model, table: &Table, col: usize, item: ItemIx) -> Diagnostic {
    Diagnostic::warning(
        Code::DuplicateColumn,
        format!(
            "column {:?} holds item \"{}\" a second time; only the first such column is read",
            table.headers.get(col).map_or("", String::as_str),
            model.items.get(item).map_or("", |it| it.id.as_str())
        ),
        table.header_loc(col),
    )
    .with_hint("rename or remove one of the two columns, or map them in the source's `columns`")
}

fn missing_item(table: &Table, id: &str, columns: &[String]) -> Diagnostic {
    Diagnostic::warning(
        Code::MissingColumn,
        format!("no column for item \"{id}\" (looked for {columns:?}); it has no answers from this file"),
        Location::file(&table.file),
    )
    .with_hint(format!(
        "the columns are: {}; map a column to the item with `columns = {{ \"HEADER\" = \"{id}\" }}` in the source",
        table.header_sample()
    ))
}
