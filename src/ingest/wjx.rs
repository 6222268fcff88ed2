//! 问卷星 按选项文本 exports (wide): one row per submission; each item is a matrix question
//! (one column per platform row) or one question per platform (`您在【平台】…`).

use super::diag::Diags;
use super::meta::MetaCols;
use super::table::{Table, format_error};
use super::values::{self, Markers, WJX_EMPTY, WJX_SKIP};
use super::wjx_headers::{WjxColumn, parse_headers};
use super::{IngestError, RawCell, Submission};
use crate::definition::{ItemIx, Model, PlatformIx, ScaleKind, Source};
use crate::diagnostics::{Diagnostic, Location, column_letters};
use std::collections::HashSet;

const SUBMITTED_AT: &str = "提交答卷时间";
const DURATION: &str = "所用时间";
const MULTI_SEP: &str = "┋";
/// The company-name question of the QBPC questionnaire.
const RESPONDENT_QUESTION: &str = "1";

/// One answer column: an item for one platform.
struct Mapped {
    col: usize,
    item: ItemIx,
    platform: PlatformIx,
    multi: bool,
}

pub(super) fn read(
    model: &Model,
    si: usize,
    table: &Table,
    diags: &mut Diags,
) -> Result<(Vec<Submission>, Vec<RawCell>), IngestError> {
    let src = &model.sources[si];
    let cols = parse_headers(&table.headers);
    let respondent = respondent_col(src, table, &cols)?;
    let mut meta = MetaCols::resolve(
        model,
        src,
        table,
        respondent,
        (SUBMITTED_AT, DURATION),
        diags,
    );
    let mapped = map_columns(model, si, table, &cols, diags);
    let markers = Markers::for_source(
        src.skip.as_ref(),
        src.empty.as_ref(),
        (&WJX_SKIP, &WJX_EMPTY),
    );
    let sep = src.multi_sep.as_deref().unwrap_or(MULTI_SEP);
    let mut subs = Vec::new();
    let mut cells = Vec::new();
    table.for_each_row(|row_no, row| {
        let s = subs.len();
        subs.push(meta.submission(table, row_no, row, None, diags));
        cells.extend(mapped.iter().map(|m| RawCell {
            submission: s,
            platform: m.platform,
            item: m.item,
            value: values::answer(row.get(m.col), &markers, m.multi.then_some(sep)),
            col: m.col,
        }));
    })?;
    Ok((subs, cells))
}

/// The respondent column: a question number (default 1, the company name) or a header.
fn respondent_col(src: &Source, table: &Table, cols: &[WjxColumn]) -> Result<usize, IngestError> {
    let wanted = src.respondent.as_deref().unwrap_or(RESPONDENT_QUESTION);
    let found = match crate::text::trim(wanted).parse::<u32>() {
        Ok(q) => cols.iter().position(|c| c.question == Some(q)),
        Err(_) => table.find_col(&crate::text::match_key(wanted)),
    };
    found.ok_or_else(|| {
        format_error(
            &table.file,
            format!("no column for the respondent ({wanted:?}: a question number or a column header)"),
            "set `respondent` in the source to the question number (e.g. \"1\") or the header of the column that names the respondent",
        )
    })
}

/// The answer columns of the source's items, with their platforms. Columns of item questions
/// that name no known platform are reported once each and left out.
fn map_columns(
    model: &Model,
    si: usize,
    table: &Table,
    cols: &[WjxColumn],
    diags: &mut Diags,
) -> Vec<Mapped> {
    let items: Vec<ItemIx> = model.items_of_source(si).map(|(ix, _)| ix).collect();
    let mut out = Vec::new();
    let mut seen: HashSet<(ItemIx, PlatformIx)> = HashSet::new();
    let mut found: HashSet<ItemIx> = HashSet::new();
    for (c, wc) in cols.iter().enumerate() {
        let Some(q) = wc.question else { continue };
        let wanted: Vec<ItemIx> = items
            .iter()
            .copied()
            .filter(|&i| {
                model.items[i]
                    .question
                    .as_ref()
                    .is_some_and(|s| s.contains(q))
            })
            .collect();
        if wanted.is_empty() {
            continue;
        }
        found.extend(&wanted);
        let Some(platform) = column_platform(model, table, c, wc, q, diags) else {
            continue;
        };
        for item in wanted {
            if !seen.insert((item, platform)) {
                diags.push(duplicate(model, table, c, item, platform));
                continue;
            }
            let multi = matches!(
                model.scales[model.items[item].scale].kind,
                ScaleKind::Multi(_)
            );
            out.push(Mapped {
                col: c,
                item,
                platform,
                multi,
            });
        }
    }
    for &i in items.iter().filter(|i| !found.contains(i)) {
        diags.push(missing_item(model, table, i));
    }
    out
}

fn column_platform(
    model: &Model,
    table: &Table,
    col: usize,
    wc: &WjxColumn,
    q: u32,
    diags: &mut Diags,
) -> Option<PlatformIx> {
    let header = table.headers.get(col).map_or("", String::as_str);
    let letter = column_letters(col);
    let Some(label) = &wc.label else {
        diags.push(
            Diagnostic::warning(
                "unknown-platform",
                format!("column {letter} ({header:?}) of question {q} names no platform"),
                table.header_loc(col),
            )
            .with_hint("item questions are matrices with one row per platform (题干—平台) or name the platform in 【】"),
        );
        return None;
    };
    let p = model.platform_by_label(label);
    if p.is_none() {
        diags.push(
            Diagnostic::warning(
                "unknown-platform",
                format!("column {letter} ({header:?}) of question {q}: {label:?} is no platform of the definition; its answers are not read"),
                table.header_loc(col),
            )
            .with_hint(format!("add {label:?} to the `aliases` of its platform in the definition")),
        );
    }
    p
}

fn duplicate(model: &Model, table: &Table, col: usize, item: ItemIx, p: PlatformIx) -> Diagnostic {
    Diagnostic::warning(
        "duplicate-column",
        format!(
            "column {} ({:?}) holds item \"{}\" for platform \"{}\" a second time; only the first column is read",
            column_letters(col),
            table.headers.get(col).map_or("", String::as_str),
            model.items[item].id,
            model.platforms[p].id
        ),
        table.header_loc(col),
    )
    .with_hint("two row labels of one matrix map to the same platform: check the platform aliases")
}

fn missing_item(model: &Model, table: &Table, item: ItemIx) -> Diagnostic {
    let it = &model.items[item];
    let what = match &it.question {
        Some(q) => format!("no column of question {}", show_question(q)),
        None => "no `question` to find it by in a 问卷星 export".into(),
    };
    Diagnostic::warning(
        "missing-column",
        format!("item \"{}\" has {what}; it has no answers from this file", it.id),
        Location::file(&table.file),
    )
    .with_hint("check the item's `question` number against the numbered headers (\"N、...\") of the export")
}

fn show_question(q: &crate::definition::QuestionSel) -> String {
    match q {
        crate::definition::QuestionSel::Number(n) => n.to_string(),
        crate::definition::QuestionSel::Range(a, b) => format!("{a}-{b}"),
    }
}
