//! Wide exports with numbered questions (问卷星 in every download mode, 腾讯问卷): one row per
//! submission; an item is a matrix question (one column per platform row), or one question
//! per platform (`您在【平台】…`, or by position in the item's question range). Multi-select
//! answers are one cell or one column per option.

use super::choices::{CellReader, Groups, option_label, skip_unrated, strip_letter};
use super::diag::Diags;
use super::drop::DropCols;
use super::meta::MetaCols;
use super::respondent::{self, IdentityCols};
use super::settings::Settings;
use super::survey::Reshaped;
use super::table::{Row, Table};
use super::wjx_headers::{Dialect, WjxColumn, parse_numbered};
use super::{Dropped, IdentifyingColumn, IngestError, RawCell, RawValue};
use crate::definition::{Item, ItemIx, Model, PlatformIx, Preset, QuestionSel, ScaleKind};
use crate::diagnostics::{Code, Diagnostic, Location, column_letters};
use crate::text::match_key;
use std::collections::HashSet;

pub(super) fn read(
    model: &Model,
    si: usize,
    settings: &Settings,
    table: &Table,
    diags: &mut Diags,
) -> Result<Reshaped, IngestError> {
    let src = super::source_at(model, si, &table.file)?;
    let cols = columns(settings, &table.headers);
    let identity = identity(model, si, settings, table, &cols)?;
    let identifying = identifying(
        model,
        si,
        settings,
        table,
        &cols,
        identity.respondent,
        diags,
    );
    let find = |name: &str| table.find_col(&match_key(name));
    let mut meta = MetaCols::from_settings(model, src, table, identity, settings, &find, diags);
    let groups = map_columns(model, si, settings, table, &cols, diags);
    let ticks = Ticks::new(model, settings, &cols);
    let drops = DropCols::resolve(&settings.drop, &find);
    let reader = CellReader::new(model, settings);
    let mut out = Reshaped {
        respondent_basis: meta.identity.basis.clone(),
        identifying: super::identifying::indices(&identifying),
        identifying_columns: identifying,
        ..Reshaped::default()
    };
    table.for_each_row(|row_no, row| {
        let s = out.submissions.len();
        out.submissions
            .push(meta.submission(table, row_no, row, None, diags));
        if let Some((reason, detail)) = drops.check(row) {
            out.dropped.push(Dropped {
                submission: s,
                reason,
                detail,
            });
        }
        let ticked = ticks.as_ref().map(|t| t.read(model, settings, row));
        let start = out.cells.len();
        for g in &groups.list {
            let Some(platform) = g.platform else { continue };
            let mut value = reader.read(row, g);
            let unticked = ticked.as_ref().is_some_and(|t| !t.contains(&platform));
            if unticked && matches!(value, RawValue::Blank | RawValue::Unanswered) {
                value = RawValue::Skipped;
            }
            out.cells.push(RawCell {
                submission: s,
                platform,
                item: g.item,
                value,
                col: g.first_col(),
            });
        }
        if ticked.is_none() {
            skip_unrated(out.cells.get_mut(start..).unwrap_or_default());
        }
    })?;
    Ok(out)
}

/// The header row parsed in the preset's numbering.
pub(super) fn columns(settings: &Settings, headers: &[String]) -> Vec<WjxColumn> {
    let dialect = match settings.preset {
        Preset::Tencent => Dialect::Tencent,
        _ => Dialect::Wjx,
    };
    let (open, close) = &settings.title_platform;
    parse_numbered(headers, dialect, (open, close))
}

/// The respondent: the question or header the source names, else a question whose header
/// names the respondent (贵企业名称), never a question an item reads.
fn identity(
    model: &Model,
    si: usize,
    settings: &Settings,
    table: &Table,
    cols: &[WjxColumn],
) -> Result<IdentityCols, IngestError> {
    let names: Vec<Vec<String>> = table.headers.iter().map(|h| vec![match_key(h)]).collect();
    let question = |c: usize| cols.get(c).and_then(|col| col.question);
    let eligible = |c: usize| question(c).is_some_and(|q| !item_question(model, si, q));
    respondent::resolve(settings, table, &names, &eligible, &question)
}

fn item_question(model: &Model, si: usize, q: u32) -> bool {
    model
        .items_of_source(si)
        .any(|(_, it)| it.question.as_ref().is_some_and(|s| s.contains(q)))
}

/// The identifying columns besides the respondent's (contact, phone ...: `identifying.rs`);
/// never a question an item reads.
fn identifying(
    model: &Model,
    si: usize,
    settings: &Settings,
    table: &Table,
    cols: &[WjxColumn],
    respondent: Option<usize>,
    diags: &mut Diags,
) -> Vec<IdentifyingColumn> {
    let names: Vec<Vec<String>> = table.headers.iter().map(|h| vec![match_key(h)]).collect();
    let question = |c: usize| cols.get(c).and_then(|col| col.question);
    let taken = |c: usize| {
        respondent == Some(c) || question(c).is_some_and(|q| item_question(model, si, q))
    };
    let (marked, declared) = super::identifying::marked_and_declared(settings);
    super::identifying::columns(&marked, declared, table, &names, &taken, &question, diags)
}

/// The answer columns of the source's items, grouped per (item, platform). Columns of item
/// questions that name no known platform are reported once each and left out.
fn map_columns(
    model: &Model,
    si: usize,
    settings: &Settings,
    table: &Table,
    cols: &[WjxColumn],
    diags: &mut Diags,
) -> Groups {
    let items: Vec<(ItemIx, &Item)> = model.items_of_source(si).collect();
    let mut groups = Groups::default();
    let mut found: HashSet<ItemIx> = HashSet::new();
    for (c, wc) in cols.iter().enumerate() {
        let Some(q) = wc.question else { continue };
        for &(item, it) in &items {
            let Some(sel) = it.question.as_ref().filter(|s| s.contains(q)) else {
                continue;
            };
            found.insert(item);
            let Some(platform) = column_platform(model, settings, table, c, wc, sel, q, diags)
            else {
                continue;
            };
            let multi = matches!(
                model.scales.get(it.scale).map(|s| &s.kind),
                Some(ScaleKind::Multi(_))
            );
            let g = groups.entry(item, Some(platform));
            let role_sub = wc
                .sub
                .as_deref()
                .filter(|_| multi && matches!(sel, QuestionSel::Range(..)));
            match role_sub {
                Some(sub) if is_fill_in(settings, sub) => g.other = Some(c),
                Some(sub) => g.options.push((c, option_label(settings.sub_label(sub)))),
                None if g.value.is_none() => g.value = Some(c),
                None => diags.push(duplicate(model, table, c, item, platform)),
            }
        }
    }
    for &(i, _) in items.iter().filter(|(i, _)| !found.contains(i)) {
        diags.push(missing_item(model, table, i));
    }
    groups
}

/// `其他___:填空内容`: the fill-in text column of an "other" option (腾讯问卷).
fn is_fill_in(settings: &Settings, sub: &str) -> bool {
    settings
        .other_suffix
        .as_deref()
        .is_some_and(|suffix| match_key(sub).ends_with(suffix))
}

/// The platform of an item column: the matrix row label, else the name in the title brackets,
/// else (one question per platform) the position of the question in the item's range.
#[allow(clippy::too_many_arguments)]
fn column_platform(
    model: &Model,
    settings: &Settings,
    table: &Table,
    col: usize,
    wc: &WjxColumn,
    sel: &QuestionSel,
    q: u32,
    diags: &mut Diags,
) -> Option<PlatformIx> {
    let label = match sel {
        QuestionSel::Range(first, _) => match &wc.bracket {
            Some(b) => b.clone(),
            None => {
                return model
                    .platforms
                    .get((q - first) as usize)
                    .map(|_| (q - first) as usize);
            }
        },
        QuestionSel::Number(_) => match wc.sub.as_ref().or(wc.bracket.as_ref()) {
            Some(l) => l.clone(),
            None => {
                diags.push(no_platform(table, col, q));
                return None;
            }
        },
    };
    let p = model.platform_by_label(settings.sub_label(&label));
    if p.is_none() {
        diags.push(unknown_platform(table, col, q, &label));
    }
    p
}

/// Which platforms a row says it rates (the ticks of `platforms_question`), where the source
/// has such a question: one column per platform, or one cell with the chosen labels.
struct Ticks {
    per_platform: Vec<(usize, PlatformIx)>,
    joined: Vec<usize>,
}

impl Ticks {
    fn new(model: &Model, settings: &Settings, cols: &[WjxColumn]) -> Option<Ticks> {
        let q = settings.platforms_question?;
        let mut t = Ticks {
            per_platform: Vec::new(),
            joined: Vec::new(),
        };
        for (c, wc) in cols
            .iter()
            .enumerate()
            .filter(|(_, wc)| wc.question == Some(q))
        {
            let platform = wc
                .sub
                .as_deref()
                .and_then(|s| model.platform_by_label(settings.sub_label(strip_letter(s))));
            match platform {
                Some(p) => t.per_platform.push((c, p)),
                None => t.joined.push(c),
            }
        }
        (!t.per_platform.is_empty() || !t.joined.is_empty()).then_some(t)
    }

    fn read(&self, model: &Model, settings: &Settings, row: Row<'_>) -> HashSet<PlatformIx> {
        let t = self;
        let mut set = HashSet::new();
        for &(c, p) in &t.per_platform {
            let cell = row.get(c);
            let key = match_key(&cell.display());
            let marker = settings.markers.marker(cell).is_some();
            if !cell.is_blank() && !marker && key != "0" {
                set.insert(p);
            }
        }
        for &c in &t.joined {
            let text = row.get(c).display();
            for part in text.split(settings.multi_sep.as_str()) {
                let label = strip_letter(part);
                if let Some(p) = model.platform_by_label(settings.sub_label(label)) {
                    set.insert(p);
                }
            }
        }
        set
    }
}

fn no_platform(table: &Table, col: usize, q: u32) -> Diagnostic {
    let header = table.headers.get(col).map_or("", String::as_str);
    Diagnostic::warning(
        Code::UnknownPlatform,
        format!("column {} ({header:?}) of question {q} names no platform", column_letters(col)),
        table.header_loc(col),
    )
    .with_hint("item questions are matrices with one row per platform (题干—平台) or name the platform in 【】")
}

fn unknown_platform(table: &Table, col: usize, q: u32, label: &str) -> Diagnostic {
    let header = table.headers.get(col).map_or("", String::as_str);
    Diagnostic::warning(
        Code::UnknownPlatform,
        format!("column {} ({header:?}) of question {q}: {label:?} is no platform of the definition; its answers are not read", column_letters(col)),
        table.header_loc(col),
    )
    .with_hint(format!("add {label:?} to the `aliases` of its platform in the definition"))
}

fn duplicate(model: &Model, table: &Table, col: usize, item: ItemIx, p: PlatformIx) -> Diagnostic {
    Diagnostic::warning(
        Code::DuplicateColumn,
        format!(
            "column {} ({:?}) holds item \"{}\" for platform \"{}\" a second time; only the first column is read",
            column_letters(col),
            table.headers.get(col).map_or("", String::as_str),
            model.items.get(item).map_or("", |it| it.id.as_str()),
            model.platforms.get(p).map_or("", |pl| pl.id.as_str())
        ),
        table.header_loc(col),
    )
    .with_hint("two row labels of one matrix map to the same platform: check the platform aliases")
}

#[allow(
    clippy::indexing_slicing,
    reason = "Model cross-references (item.scale, item.source, platform and source positions) are checked when the definition is compiled"
)]
fn missing_item(model: &Model, table: &Table, item: ItemIx) -> Diagnostic {
    let it = &model.items[item];
    let what = match &it.question {
        Some(QuestionSel::Number(n)) => format!("no column of question {n}"),
        Some(QuestionSel::Range(a, b)) => format!("no column of questions {a}-{b}"),
        None => "no `question` to find it by in a numbered export".into(),
    };
    Diagnostic::warning(
        Code::MissingColumn,
        format!("item \"{}\" has {what}; it has no answers from this file", it.id),
        Location::file(&table.file),
    )
    .with_hint("check the item's `question` number against the numbered headers (\"N、...\", \"N.\") of the export")
}

/// Numbered questions of the file that no item of the source reads (besides the respondent
/// and the list of platforms rated): what a definition may have forgotten. For `validate`.
pub(super) fn unread(
    model: &Model,
    si: usize,
    settings: &Settings,
    table: &Table,
) -> Vec<Diagnostic> {
    let cols = columns(settings, &table.headers);
    let read = |q: u32| {
        model
            .items_of_source(si)
            .any(|(_, it)| it.question.as_ref().is_some_and(|s| s.contains(q)))
    };
    let mut seen: HashSet<u32> = HashSet::new();
    let mut out = Vec::new();
    for (c, col) in cols.iter().enumerate() {
        let Some(q) = col.question else { continue };
        if !seen.insert(q)
            || read(q)
            || settings.platforms_question == Some(q)
            || table
                .headers
                .get(c)
                .is_some_and(|h| super::respondent::names_respondent(h))
        {
            continue;
        }
        out.push(
            Diagnostic::warning(
                Code::UnreadQuestion,
                format!("question {q} is read by no item of the definition"),
                table.header_loc(c),
            )
            .with_hint(format!(
                "add an item with `question = {q}` to score it; questions about the respondent need nothing"
            )),
        );
    }
    out
}
