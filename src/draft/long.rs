//! Drafting from a long file (one row per respondent x platform): a tidy CSV, or a Qualtrics
//! export (three header rows: names, question texts, ImportIds). Each answer column becomes an
//! item read by its header; metadata columns, "other, please specify" texts and columns that
//! only describe the respondent (constant within every respondent) are left out.

use super::platforms::PlatformBook;
use super::scales::{DraftScaleKind, Observed, guess};
use super::wjx::shorten;
use super::{Candidate, Draft, answer_text, assemble, column_values};
use crate::ingest::{PlainTable, RawValue};
use crate::text::match_key;
use std::collections::{HashMap, HashSet};

/// Columns of survey tools and tidy files that are not answers.
const METADATA: [&str; 22] = [
    "submission_id",
    "company_name",
    "submitted_at",
    "duration_sec",
    "weight",
    "StartDate",
    "EndDate",
    "Status",
    "IPAddress",
    "Progress",
    "Duration (in seconds)",
    "Finished",
    "RecordedDate",
    "ResponseId",
    "RecipientLastName",
    "RecipientFirstName",
    "RecipientEmail",
    "LocationLatitude",
    "LocationLongitude",
    "DistributionChannel",
    "UserLanguage",
    "Collector ID",
];
const RESPONDENT: [&str; 4] = [
    "respondent_id",
    "ExternalReference",
    "Custom Data 1",
    "respondent",
];
const PLATFORM: [&str; 2] = ["platform", "平台"];
const NA_MARKERS: [&str; 0] = [];

/// What a long file is made of: its data rows, question texts (Qualtrics), and the columns
/// that name the respondent and the platform.
struct Shape<'t> {
    qualtrics: bool,
    tidy: bool,
    texts: Option<&'t Vec<RawValue>>,
    rows: &'t [(usize, Vec<RawValue>)],
    respondent: Option<usize>,
    platform: Option<usize>,
}

/// `stated`: the unit column the person named (`--platform-column`); the detection of a
/// platform column is skipped then, and nothing else changes.
pub(super) fn draft(table: &PlainTable, stated: Option<usize>) -> Draft {
    let mut book = PlatformBook::new();
    let shape = shape(table, stated, &mut book);
    let mut notes = Vec::new();
    let candidates: Vec<Candidate> = (0..table.headers.len())
        .filter_map(|c| candidate(table, &shape, c, &mut notes))
        .collect();
    let preset = match (shape.qualtrics, shape.tidy) {
        (true, _) => "qualtrics",
        (false, true) => "tidy",
        _ => {
            notes.push("the export was not recognised: set `preset` in [[sources]] (see the README's table of presets)".into());
            "auto"
        }
    };
    let draft = Draft {
        file: table.file.clone(),
        preset: preset.into(),
        preset_evidence: None,
        layout: "long",
        respondent: shape.respondent.and_then(|c| table.headers.get(c).cloned()),
        platform: shape.platform.and_then(|c| table.headers.get(c).cloned()),
        platform_stated: stated.is_some(),
        groups: book.groups(),
        platforms: book.platforms.clone(),
        scales: Vec::new(),
        dimensions: Vec::new(),
        items: Vec::new(),
        notes,
    };
    assemble(draft, candidates)
}

fn shape<'t>(table: &'t PlainTable, stated: Option<usize>, book: &mut PlatformBook) -> Shape<'t> {
    let qualtrics = is_qualtrics(table);
    // Qualtrics: the second header row holds the question texts, the third the ImportIds.
    let (texts, rows) = match table.rows.as_slice() {
        [(_, texts), _, rest @ ..] if qualtrics => (Some(texts), rest),
        all => (None, all),
    };
    let find = |names: &[&str]| {
        table
            .headers
            .iter()
            .position(|h| names.iter().any(|n| match_key(n) == match_key(h)))
    };
    let respondent = find(&RESPONDENT).or_else(|| {
        table
            .headers
            .iter()
            .position(|h| crate::ingest::header_names_respondent(h))
    });
    let platform = stated
        .or_else(|| find(&PLATFORM))
        .or_else(|| platform_column(table, texts, rows, book));
    if let Some(pc) = platform {
        for v in column_values(rows, pc) {
            if let Some(label) = answer_text(v, &NA_MARKERS) {
                book.resolve(&label);
            }
        }
    }
    let header_is = |c: Option<usize>, key: &str| {
        c.and_then(|c| table.headers.get(c))
            .is_some_and(|h| match_key(h) == key)
    };
    let tidy = header_is(respondent, "respondent_id") && header_is(platform, "platform");
    Shape {
        qualtrics,
        tidy,
        texts,
        rows,
        respondent,
        platform,
    }
}

/// The item of column `c`, or None (with a note when the column is worth explaining).
fn candidate(
    table: &PlainTable,
    shape: &Shape,
    c: usize,
    notes: &mut Vec<String>,
) -> Option<Candidate> {
    let header = table.headers.get(c)?;
    if Some(c) == shape.respondent || Some(c) == shape.platform || is_metadata(header) {
        return None;
    }
    let text = shape
        .texts
        .and_then(|t| t.get(c))
        .map(RawValue::display)
        .filter(|t| !t.trim().is_empty());
    let answers: Vec<String> = column_values(shape.rows, c)
        .filter_map(|v| answer_text(v, &NA_MARKERS))
        .collect();
    if answers.is_empty() {
        notes.push(format!("column {header:?} is empty: not an item"));
        return None;
    }
    let id = item_id(header, c);
    let hint = format!("{header} {}", text.as_deref().unwrap_or_default());
    let scale = guess(&Observed {
        item: &id,
        text: &hint,
        answers,
        multi_sep: if shape.tidy { ";" } else { "," },
    });
    let unrated = scale.kind == DraftScaleKind::Text || scale.id == format!("{id}_labels");
    if unrated
        && shape
            .respondent
            .is_some_and(|r| constant_per_respondent(shape.rows, r, c))
    {
        notes.push(format!(
            "column {header:?} is the same in every row of a respondent: about the respondent, not an item"
        ));
        return None;
    }
    Some(Candidate {
        label: header.clone(),
        column: (id != *header).then(|| header.clone()),
        text: text.map(|t| shorten(&t, 200)),
        id,
        question: None,
        scale,
    })
}

/// A Qualtrics export: the third header row holds `{"ImportId":...}` cells.
fn is_qualtrics(table: &PlainTable) -> bool {
    table.rows.len() > 2
        && table.rows.get(1).is_some_and(|(_, row)| {
            row.iter()
                .any(|v| v.display().trim_start().starts_with("{\"ImportId\""))
        })
}

fn is_metadata(header: &str) -> bool {
    let k = match_key(header);
    METADATA.iter().any(|m| match_key(m) == k)
        || k.starts_with("recipient")
        || k.ends_with("_text")
        || k.ends_with("_other")
}

/// The column whose header (or question text) speaks of a platform and whose answers are
/// nearly all platform names. Never the answers alone: a colour question answered "red" is
/// not Xiaohongshu's "RED" (issue 10, class 8).
fn platform_column(
    table: &PlainTable,
    texts: Option<&Vec<RawValue>>,
    rows: &[(usize, Vec<RawValue>)],
    book: &PlatformBook,
) -> Option<usize> {
    let names_platform = |c: usize| {
        let text = texts.and_then(|t| t.get(c)).map(RawValue::display);
        [table.headers.get(c).cloned(), text]
            .into_iter()
            .flatten()
            .any(|h| {
                let k = match_key(&h);
                k.contains("platform") || k.contains("平台")
            })
    };
    (0..table.headers.len()).find(|&c| {
        if !names_platform(c) {
            return false;
        }
        let labels: Vec<String> = column_values(rows, c)
            .filter_map(|v| answer_text(v, &NA_MARKERS))
            .collect();
        !labels.is_empty()
            && labels.iter().filter(|l| book.is_platform(l)).count() * 10 >= labels.len() * 9
    })
}

/// Whether every respondent with several rows has one value in the column.
fn constant_per_respondent(rows: &[(usize, Vec<RawValue>)], respondent: usize, col: usize) -> bool {
    let mut seen: HashMap<String, HashSet<String>> = HashMap::new();
    for (_, cells) in rows {
        let r = cells
            .get(respondent)
            .map(RawValue::display)
            .unwrap_or_default();
        let v = cells.get(col).map(RawValue::display).unwrap_or_default();
        seen.entry(match_key(&r)).or_default().insert(match_key(&v));
    }
    let repeated = seen.values().filter(|v| !v.is_empty()).count();
    repeated > 0 && seen.values().all(|v| v.len() == 1) && rows.len() > seen.len()
}

/// An item id from a header: `Q3_1` -> `q3_1`; other text -> its ASCII letters, else `c<n>`.
fn item_id(header: &str, col: usize) -> String {
    super::platforms::ascii_id(header).unwrap_or_else(|| format!("c{}", col + 1))
}
