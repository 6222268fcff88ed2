//! Exports whose columns are found by name: Qualtrics (field names, question texts), SurveyMonkey
//! (question and sub-label rows), Google Forms, LimeSurvey and Kobo. An item is found by its
//! `column` / `headers`, the source's `columns`, or its wording (`text` / `text_en`); a
//! sub-label names the platform (grids) or the option (one column per option); a loop number
//! names the platform through `loop_platforms`.
//!
//! Layout: long when there is a platform column (named by the source, or found as the only
//! kind of column whose every answer is a platform label), wide when the columns themselves
//! name the platforms.

use super::choices::{CellReader, Groups, skip_unrated, strip_letter};
use super::diag::Diags;
use super::drop::DropCols;
use super::meta::MetaCols;
use super::named_headers::{NamedCol, named_columns};
use super::named_map::{Mapping, item_names, map_columns};
use super::respondent::{self, IdentityCols};
use super::settings::Settings;
use super::survey::Reshaped;
use super::table::{Row, Table, format_error};
use super::{Dropped, IdentifyingColumn, IngestError, RawCell, Submission};
use crate::definition::{Layout, Model, PlatformIx};
use crate::diagnostics::{Code, Diagnostic, Location};
use crate::text::match_key;
use std::collections::HashMap;

/// Submissions taken from a parent sheet (Kobo repeat groups): the child row's link column and
/// the parent submissions by their `_index`.
pub(super) struct Parent<'a> {
    pub link_col: usize,
    pub by_index: &'a HashMap<String, Submission>,
    pub basis: super::RespondentBasis,
}

pub(super) fn read(
    model: &Model,
    si: usize,
    settings: &Settings,
    table: &mut Table,
    parent: Option<&Parent<'_>>,
    diags: &mut Diags,
) -> Result<Reshaped, IngestError> {
    let head = table.head_rows(settings.header_rows)?;
    let cols = named_columns(settings.preset, &head);
    let display = cols.iter().map(|c| c.display.clone()).collect();
    table.use_header_rows(settings.header_rows, display);
    let table: &Table = table;
    let find = |name: &str| find_col(&cols, name);
    let mut mapping = map_columns(model, settings, table, &cols, &item_names(model, si), diags);
    let subs = match parent {
        Some(p) => Subs::Parent(p),
        None => {
            let r = identity(settings, table, &cols, &mapping.used)?;
            let src = super::source_at(model, si, &table.file)?;
            Subs::Own(Box::new(MetaCols::from_settings(
                model, src, table, r, settings, &find, diags,
            )))
        }
    };
    let respondent = match &subs {
        Subs::Own(m) => m.identity.respondent,
        Subs::Parent(_) => None,
    };
    let platform_col = match settle_layout(model, settings, table, &cols, &mapping, respondent)? {
        Settled::Long(c) => Some(c),
        Settled::Wide => {
            drop_unplaced(table, &mut mapping.groups, diags);
            None
        }
    };
    let rows = Rows {
        model,
        settings,
        groups: &mapping.groups,
        drops: DropCols::resolve(&settings.drop, &find),
        platform_col,
    };
    let mut out = rows.reshape(table, subs, diags)?;
    // A Kobo repeat sheet: the source's `identifying` columns are looked for, and reported
    // when missing, in the main sheet (`kobo.rs`).
    let mut child = Diags::default();
    let diags = if parent.is_some() { &mut child } else { diags };
    let found = identifying(
        settings,
        table,
        &cols,
        &mapping.used,
        respondent,
        platform_col,
        diags,
    );
    out.identifying = super::identifying::indices(&found);
    // A Kobo repeat sheet's identifying columns are the main sheet's (`kobo.rs`).
    if parent.is_none() {
        out.identifying_columns = found;
    }
    for (ix, item) in model.items_of_source(si) {
        if !mapping.groups.list.iter().any(|g| g.item == ix) && item.derived.is_none() {
            diags.push(missing_item(table, &item.id));
        }
    }
    Ok(out)
}

/// Where the submission of a row comes from: its own metadata columns, or a parent sheet.
enum Subs<'a> {
    Own(Box<MetaCols>),
    Parent(&'a Parent<'a>),
}

/// What each data row becomes.
struct Rows<'a> {
    model: &'a Model,
    settings: &'a Settings,
    groups: &'a Groups,
    drops: DropCols,
    /// Long layouts: the column naming each row's platform.
    platform_col: Option<usize>,
}

impl Rows<'_> {
    fn reshape(
        &self,
        table: &Table,
        mut subs: Subs<'_>,
        diags: &mut Diags,
    ) -> Result<Reshaped, IngestError> {
        let reader = CellReader::new(self.model, self.settings);
        let mut platforms = RowPlatforms::default();
        let layout = if self.platform_col.is_some() {
            Layout::Long
        } else {
            Layout::Wide
        };
        let mut out = Reshaped {
            layout: Some(layout),
            respondent_basis: match &subs {
                Subs::Own(m) => m.identity.basis.clone(),
                Subs::Parent(p) => p.basis.clone(),
            },
            ..Reshaped::default()
        };
        table.for_each_row(|row_no, row| {
            let row_platform = self
                .platform_col
                .and_then(|c| platforms.lookup(self.model, self.settings, row, c, row_no));
            let s = out.submissions.len();
            out.submissions.push(match &mut subs {
                Subs::Own(m) => m.submission(table, row_no, row, row_platform, diags),
                Subs::Parent(p) => from_parent(p, row, row_no, row_platform),
            });
            if let Some((reason, detail)) = self.drops.check(row) {
                out.dropped.push(Dropped {
                    submission: s,
                    reason,
                    detail,
                });
            }
            let start = out.cells.len();
            for g in &self.groups.list {
                if let Some(platform) = g.platform.or(row_platform) {
                    out.cells.push(RawCell {
                        submission: s,
                        platform,
                        item: g.item,
                        value: reader.read(row, g),
                        col: g.first_col(),
                    });
                }
            }
            if self.platform_col.is_none() {
                skip_unrated(out.cells.get_mut(start..).unwrap_or_default());
            }
        })?;
        if let Some(c) = self.platform_col {
            platforms.report(table, c, diags);
        }
        Ok(out)
    }
}

/// The first column answering to `name` (match key of any of its names).
pub(super) fn find_col(cols: &[NamedCol], name: &str) -> Option<usize> {
    let key = match_key(name);
    cols.iter().position(|c| c.names.contains(&key))
}

/// The respondent: the column the source or the preset names, else one whose header names
/// the respondent; never metadata or a column an item reads.
pub(super) fn identity(
    settings: &Settings,
    table: &Table,
    cols: &[NamedCol],
    used: &[bool],
) -> Result<IdentityCols, IngestError> {
    let names: Vec<Vec<String>> = cols.iter().map(|c| c.names.clone()).collect();
    let eligible = |c: usize| {
        !used.get(c).copied().unwrap_or(true)
            && cols
                .get(c)
                .and_then(|col| col.names.first())
                .is_some_and(|n| !n.is_empty() && !settings.metadata.contains(n))
    };
    let question = |c: usize| question_of(cols, c);
    respondent::resolve(settings, table, &names, &eligible, &question)
}

/// The identifying columns besides the respondent's (recipient e-mail, contact, phone ...:
/// `identifying.rs`); never a column an item reads or the platform column.
fn identifying(
    settings: &Settings,
    table: &Table,
    cols: &[NamedCol],
    used: &[bool],
    respondent: Option<usize>,
    platform: Option<usize>,
    diags: &mut Diags,
) -> Vec<IdentifyingColumn> {
    let names: Vec<Vec<String>> = cols.iter().map(|c| c.names.clone()).collect();
    let taken = |c: usize| {
        used.get(c).copied().unwrap_or(false) || respondent == Some(c) || platform == Some(c)
    };
    let question = |c: usize| question_of(cols, c);
    let (marked, declared) = super::identifying::marked_and_declared(settings);
    super::identifying::columns(&marked, declared, table, &names, &taken, &question, diags)
}

/// The question number among the names of column `c`, if any.
fn question_of(cols: &[NamedCol], c: usize) -> Option<u32> {
    cols.get(c)?
        .names
        .iter()
        .find_map(|n| n.parse::<u32>().ok())
}

enum Settled {
    Long(usize),
    Wide,
}

/// Long (a platform column) or wide (the columns name the platforms).
fn settle_layout(
    model: &Model,
    settings: &Settings,
    table: &Table,
    cols: &[NamedCol],
    mapping: &Mapping,
    respondent: Option<usize>,
) -> Result<Settled, IngestError> {
    if let Some(name) = &settings.platform {
        return find_col(cols, name).map(Settled::Long).ok_or_else(|| {
            format_error(
                &table.file,
                format!("no platform column {name:?}; found {}", table.header_sample()),
                "name the column that says which platform a row rates with `platform = \"...\"` in the source",
            )
        });
    }
    let wide = mapping.groups.list.iter().any(|g| g.platform.is_some());
    if settings.layout == Some(Layout::Wide) || (wide && settings.layout.is_none()) {
        return Ok(Settled::Wide);
    }
    let candidates: Vec<usize> = cols
        .iter()
        .enumerate()
        .filter(|&(c, _)| !mapping.used.get(c).copied().unwrap_or(true) && Some(c) != respondent)
        .filter(|(_, col)| {
            !col.names
                .first()
                .is_some_and(|n| settings.metadata.contains(n))
        })
        .map(|(c, _)| c)
        .collect();
    platform_column(model, settings, table, &candidates)?
        .map(Settled::Long)
        .ok_or_else(|| {
            format_error(
                &table.file,
                "cannot tell which platform each answer rates: no column holds platform names, and no column name carries one",
                "name the platform column with `platform = \"...\"` in the source (one row per respondent x platform), or use column names such as \"Question [Taobao]\"",
            )
        })
}

/// The first candidate column whose every non-empty cell is a platform label.
fn platform_column(
    model: &Model,
    settings: &Settings,
    table: &Table,
    candidates: &[usize],
) -> Result<Option<usize>, IngestError> {
    let mut state: Vec<(bool, usize)> = vec![(true, 0); candidates.len()];
    table.for_each_row(|_, row| {
        for (&c, st) in candidates.iter().zip(state.iter_mut()) {
            let cell = row.get(c);
            if st.0 && !cell.is_blank() {
                let shown = cell.display();
                let label = settings.sub_label(strip_letter(&shown));
                st.0 = model.platform_by_label(label).is_some();
                st.1 += 1;
            }
        }
    })?;
    Ok(candidates
        .iter()
        .zip(&state)
        .find(|(_, (ok, n))| *ok && *n > 0)
        .map(|(&c, _)| c))
}

/// In a wide layout every answer column must name its platform; the others are left out.
fn drop_unplaced(table: &Table, groups: &mut Groups, diags: &mut Diags) {
    for g in groups.list.iter().filter(|g| g.platform.is_none()) {
        let col = g.first_col();
        diags.push(
            Diagnostic::warning(
                Code::UnknownPlatform,
                format!(
                    "column {:?} names no platform, and the file has no platform column; its answers are not read",
                    table.headers.get(col).map_or("", String::as_str)
                ),
                table.header_loc(col),
            )
            .with_hint("one row per respondent x platform needs `platform = \"...\"` in the source; wide files name the platform in the column (\"Question [Taobao]\", Loop & Merge with `loop_platforms`)"),
        );
    }
    groups.list.retain(|g| g.platform.is_some());
}

fn from_parent(
    p: &Parent<'_>,
    row: Row<'_>,
    row_no: usize,
    platform: Option<PlatformIx>,
) -> Submission {
    let key = match_key(&row.get(p.link_col).display());
    let mut sub = p.by_index.get(&key).cloned().unwrap_or(Submission {
        row: row_no,
        respondent: String::new(),
        respondent_key: String::new(),
        respondent_col: p.link_col,
        platform: None,
        submitted_at: None,
        submitted_at_raw: None,
        duration_s: None,
        duration_raw: None,
        weight: 1.0,
        attributes: Vec::new(),
    });
    sub.row = row_no;
    sub.platform = platform;
    sub.respondent_col = p.link_col;
    sub
}

/// Platform labels of a long file's rows, with the unknown ones counted for one finding each.
#[derive(Default)]
struct RowPlatforms {
    cache: HashMap<String, Option<PlatformIx>>,
    unknown: Vec<(String, usize, usize)>,
}

impl RowPlatforms {
    fn lookup(
        &mut self,
        model: &Model,
        settings: &Settings,
        row: Row<'_>,
        col: usize,
        row_no: usize,
    ) -> Option<PlatformIx> {
        let shown = row.get(col).display();
        let label = crate::text::trim(settings.sub_label(strip_letter(&shown))).to_string();
        let p = *self
            .cache
            .entry(label.clone())
            .or_insert_with(|| model.platform_by_label(&label));
        if p.is_none() {
            match self.unknown.iter_mut().find(|(l, _, _)| *l == label) {
                Some(u) => u.2 += 1,
                None => self.unknown.push((label, row_no, 1)),
            }
        }
        p
    }

    fn report(self, table: &Table, col: usize, diags: &mut Diags) {
        for (label, row, n) in self.unknown {
            let rows = if n > 1 {
                format!(" ({n} rows, the first here)")
            } else {
                String::new()
            };
            let (msg, hint) = if label.is_empty() {
                (
                    format!("the platform cell is empty{rows}; these rows are not scored"),
                    "fill in the platform of each row".to_string(),
                )
            } else {
                (
                    format!(
                        "{label:?} is no platform of the definition{rows}; these rows are not scored"
                    ),
                    format!("add {label:?} to the `aliases` of its platform in the definition"),
                )
            };
            diags.push(
                Diagnostic::warning(Code::UnknownPlatform, msg, table.loc(row, col))
                    .with_hint(hint),
            );
        }
    }
}

fn missing_item(table: &Table, id: &str) -> Diagnostic {
    Diagnostic::warning(
        Code::MissingColumn,
        format!("no column for item \"{id}\"; it has no answers from this file"),
        Location::file(&table.file),
    )
    .with_hint(format!(
        "the columns are: {}; add the header to the item's `headers`, or map it with `columns = {{ \"HEADER\" = \"{id}\" }}` in the source",
        table.header_sample()
    ))
}
