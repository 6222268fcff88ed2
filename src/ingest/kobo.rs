//! KoboToolbox / ODK workbooks with a repeat group: the main sheet holds one row per
//! submission (respondent, times, `_index`), a repeat sheet one row per platform rated
//! (`_parent_index` -> the submission). Each repeat row becomes a submission of the long
//! layout with its parent's respondent and times.

use super::diag::Diags;
use super::meta::MetaCols;
use super::named::{self, Parent, find_col, identity};
use super::named_headers::named_columns;
use super::settings::Settings;
use super::survey::Reshaped;
use super::table::{self, Table, format_error};
use super::{IngestError, Submission};
use crate::definition::Model;
use crate::text::match_key;
use std::collections::HashMap;
use std::path::Path;

const INDEX: &str = "_index";
const PARENT_INDEX: &str = "_parent_index";

/// Read a Kobo export; returns the table the answers come from (the repeat sheet, if any).
pub(super) fn read(
    model: &Model,
    si: usize,
    settings: &Settings,
    path: &Path,
    mut main: Table,
    diags: &mut Diags,
) -> Result<(Reshaped, Table), IngestError> {
    let Some(mut child) = repeat_sheet(settings, path, &main)? else {
        let out = named::read(model, si, settings, &mut main, None, diags)?;
        return Ok((out, main));
    };
    let (by_index, basis, identities, identifying_columns) =
        parent_submissions(model, si, settings, &main, diags)?;
    let link_col = child
        .find_col(&match_key(PARENT_INDEX))
        .ok_or_else(|| link_error(&child))?;
    let parent = Parent {
        link_col,
        by_index: &by_index,
        basis,
    };
    let mut out = named::read(model, si, settings, &mut child, Some(&parent), diags)?;
    out.identities = identities;
    out.identifying_columns = identifying_columns;
    Ok((out, child))
}

/// The repeat sheet the source names, else the first other sheet with `_parent_index`.
fn repeat_sheet(
    settings: &Settings,
    path: &Path,
    main: &Table,
) -> Result<Option<Table>, IngestError> {
    if main.sheet.is_none() {
        return Ok(None);
    }
    let tables = table::open_all(path)?;
    let wanted = settings.repeat_sheet.as_deref().map(match_key);
    let found = tables.into_iter().find(|t| {
        let name = t.sheet.as_deref().map(match_key);
        match &wanted {
            Some(w) => name.as_ref() == Some(w),
            None => {
                name != main.sheet.as_deref().map(match_key) && t.find_col(PARENT_INDEX).is_some()
            }
        }
    });
    match (found, &settings.repeat_sheet) {
        (None, Some(w)) => Err(format_error(
            &main.file,
            format!("the workbook has no repeat sheet {w:?}"),
            "name the sheet of the repeat group (one row per platform) with `repeat_sheet = \"...\"`",
        )),
        (found, _) => Ok(found),
    }
}

/// The main sheet's submissions by their `_index`, what identifies a respondent, and the
/// values of its identifying columns.
type ParentSheet = (
    HashMap<String, Submission>,
    super::RespondentBasis,
    Vec<String>,
    Vec<super::IdentifyingColumn>,
);

/// The main sheet's submissions by their `_index`, and the values of its identifying columns.
#[allow(
    clippy::indexing_slicing,
    reason = "Model cross-references (item.scale, item.source, item.node, source, platform and node positions) are checked when the definition is compiled"
)]
fn parent_submissions(
    model: &Model,
    si: usize,
    settings: &Settings,
    main: &Table,
    diags: &mut Diags,
) -> Result<ParentSheet, IngestError> {
    let cols = named_columns(settings.preset, std::slice::from_ref(&main.headers));
    let respondent = identity(settings, main, &cols, &vec![false; cols.len()])?;
    let index_col = find_col(&cols, INDEX).ok_or_else(|| {
        format_error(
            &main.file,
            format!("the main sheet has no {INDEX:?} column to link the repeat rows to"),
            "export from Kobo with the default columns (_index, _parent_index), or name the main sheet with `sheet`",
        )
    })?;
    let find = |name: &str| find_col(&cols, name);
    let src = &model.sources[si];
    let mut meta = MetaCols::from_settings(model, src, main, respondent, settings, &find, diags);
    let names: Vec<Vec<String>> = cols.iter().map(|c| c.names.clone()).collect();
    let (marked, declared) = super::identifying::marked_and_declared(settings);
    let own = meta.identity.respondent;
    let identifying = super::identifying::columns(
        &marked,
        declared,
        main,
        &names,
        &|c| own == Some(c),
        &|_| None,
        diags,
    );
    let mut values = super::identifying::Values::new(super::identifying::indices(&identifying));
    let mut out = HashMap::new();
    main.for_each_row(|row_no, row| {
        let key = match_key(&row.get(index_col).display());
        let sub = meta.submission(main, row_no, row, None, diags);
        out.insert(key, sub);
        values.row(row);
    })?;
    // The respondent column is the main sheet's too: the repeat rows reach it through
    // `_parent_index`, which identifies nobody.
    let respondent = own.map(|c| super::IdentifyingColumn {
        column: crate::diagnostics::column_letters(c),
        number: c + 1,
        header: main.headers.get(c).cloned().unwrap_or_default(),
        sheet: None,
        basis: super::IdentifyingBasis::Respondent,
        why: "the respondent column".into(),
    });
    let main_sheet = main.sheet.clone();
    let identifying = respondent
        .into_iter()
        .chain(identifying)
        .map(|c| super::IdentifyingColumn {
            sheet: main_sheet.clone(),
            ..c
        })
        .collect();
    Ok((out, meta.identity.basis, values.finish(), identifying))
}

fn link_error(child: &Table) -> IngestError {
    format_error(
        &child.file,
        format!(
            "the repeat sheet {:?} has no {PARENT_INDEX:?} column",
            child.sheet.as_deref().unwrap_or("")
        ),
        "export from Kobo with the default columns (_index, _parent_index)",
    )
}
