//! Contract step 1: every raw cell becomes a score on 0..100 or a reason why it has none.
//! Order: skip marker -> skipped; empty marker or blank -> no_answer; N/A spelling -> na;
//! parse by scale -> score; anything else -> invalid (raw text and location kept).

use crate::definition::{Item, Model, Multi, Numeric, Ordinal, Scale, ScaleKind};
use crate::diagnostics::{Code, Diagnostic, Location};
use crate::ingest::{RawValue, SurveyData, format_number};
use crate::text::{clean_free_text, match_key, scientific_out_of_range, trim};
use std::borrow::Cow;

mod columnar;
pub mod columns;
mod tidy_merge;
mod tidy_scan;
pub use columnar::{CellRow, ColumnarSurvey, NO_PLATFORM, RowVisitor, SubmissionRows};
pub use tidy_scan::NotColumnar;

/// What a cell contributes.
#[derive(Debug, Clone, PartialEq)]
pub enum CellClass {
    /// A score on 0..100, reverse keying applied.
    Score(f64),
    /// A raw number of a scale normalised across platforms after pooling (contract step 1).
    Number(f64),
    /// Free text: collected, never scored.
    Text(String),
    Na,
    NoAnswer,
    Skipped,
    Invalid(InvalidReason),
}

/// Why a cell is invalid; the message is completed with the value and the scale.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InvalidReason {
    NotALabel,
    NotANumber,
    Range,
    Date,
    OutOfBounds,
    UnknownOption,
    WrongShape,
    /// Digits separated by a space (`2 5`, `30 1`): two numbers, or a thousands separator.
    InteriorSpace,
    /// A comma inside a number (`1,000`, `2,5`): a thousands separator or a decimal comma.
    Comma,
    /// Scientific notation (`1e3`): survey answers are not written so.
    Exponent,
    /// Scientific notation whose exponent is beyond what a number can hold (`1e400`,
    /// `1e-400`): it would read as infinity or 0.
    ExponentRange,
    /// Longer than `[quality] max_cell_chars`.
    TooLong,
}

impl InvalidReason {
    fn describe(self) -> &'static str {
        match self {
            InvalidReason::NotALabel => "is not an answer of the scale",
            InvalidReason::NotANumber => "is not a number",
            InvalidReason::Range => "is a range, not one number",
            InvalidReason::Date => {
                "is a date (a spreadsheet turned a typed range such as 3-5 into a date)"
            }
            InvalidReason::OutOfBounds => "is outside the accepted bounds",
            InvalidReason::UnknownOption => "names an option the scale does not have",
            InvalidReason::WrongShape => "is not the kind of answer the scale expects",
            InvalidReason::InteriorSpace => {
                "has a space between its digits (two numbers, or a thousands separator), so it is not read as one number"
            }
            InvalidReason::Comma => {
                "has a comma in it (a thousands separator or a decimal comma), so it is not read as a number"
            }
            InvalidReason::Exponent => {
                "is in scientific notation, not a number as answers are typed"
            }
            InvalidReason::TooLong => "is longer than the longest answer read",
            InvalidReason::ExponentRange => {
                "has an exponent out of range (it would read as infinity or 0)"
            }
        }
    }
}

/// Classify one raw value on a scale.
pub fn classify(scale: &Scale, reverse: bool, raw: &RawValue) -> CellClass {
    let text = match raw {
        RawValue::Skipped => return CellClass::Skipped,
        RawValue::Blank | RawValue::Unanswered => return CellClass::NoAnswer,
        RawValue::Text(t) if trim(t).is_empty() => return CellClass::NoAnswer,
        RawValue::Text(t) => Some(t.as_str()),
        _ => None,
    };
    if let Some(t) = text {
        if too_long(scale, t) {
            return CellClass::Invalid(InvalidReason::TooLong);
        }
        if scale.na.iter().any(|na| *na == key_of(t)) {
            return CellClass::Na;
        }
    }
    if let RawValue::Choices { chosen, other_text } = raw {
        let total: usize = chosen.iter().map(String::len).sum::<usize>()
            + other_text.as_ref().map_or(0, String::len);
        if total > scale.max_chars
            && chosen
                .iter()
                .chain(other_text)
                .map(|c| c.chars().count())
                .sum::<usize>()
                > scale.max_chars
        {
            return CellClass::Invalid(InvalidReason::TooLong);
        }
    }
    match &scale.kind {
        ScaleKind::Text => match raw {
            RawValue::Text(t) => CellClass::Text(clean_free_text(t)),
            other => CellClass::Text(other.display()),
        },
        ScaleKind::Ordinal(o) => ordinal(o, reverse, raw),
        ScaleKind::Numeric(n) => numeric(n, raw),
        ScaleKind::Multi(m) => multi(m, raw, &scale.na),
    }
}

/// Whether a text has more characters than the scale reads (bytes first: most texts are short).
fn too_long(scale: &Scale, t: &str) -> bool {
    t.len() > scale.max_chars && t.chars().count() > scale.max_chars
}

/// [`classify`] of a number cell (`RawValue::Number`), without building the cell.
pub fn classify_number(scale: &Scale, x: f64) -> CellClass {
    match &scale.kind {
        ScaleKind::Numeric(n) => numeric_value(n, x),
        _ => classify(scale, false, &RawValue::Number(x)),
    }
}

/// `match_key` of a cell's text without the NFKC pass when the text is ASCII (most answers
/// are): NFKC leaves ASCII as it is, so the key is the text trimmed, inner whitespace runs
/// collapsed to one space and lower-cased, borrowed when it already is.
fn key_of(t: &str) -> Cow<'_, str> {
    if !t.is_ascii() {
        return Cow::Owned(match_key(t));
    }
    let t = t.trim_matches(char::is_whitespace);
    let bytes = t.as_bytes();
    // Already a key: no capitals, no whitespace but single spaces.
    let plain = bytes.iter().enumerate().all(|(i, &b)| {
        let bad_space = if b == b' ' {
            bytes.get(i + 1) == Some(&b' ')
        } else {
            (b as char).is_whitespace()
        };
        !b.is_ascii_uppercase() && !bad_space
    });
    if plain {
        return Cow::Borrowed(t);
    }
    let mut out = String::with_capacity(t.len());
    let mut pending_space = false;
    for c in t.chars() {
        if c.is_whitespace() {
            pending_space = true;
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        out.push(c.to_ascii_lowercase());
    }
    Cow::Owned(out)
}

fn ordinal(o: &Ordinal, reverse: bool, raw: &RawValue) -> CellClass {
    let key = match raw {
        RawValue::Text(t) => key_of(t),
        RawValue::Number(x) => Cow::Owned(format_number(*x)),
        RawValue::Date(_) => return CellClass::Invalid(InvalidReason::Date),
        _ => return CellClass::Invalid(InvalidReason::WrongShape),
    };
    match o.scores.get(key.as_ref()) {
        Some(&v) if reverse => CellClass::Score(o.max + o.min - v),
        Some(&v) => CellClass::Score(v),
        None => CellClass::Invalid(InvalidReason::NotALabel),
    }
}

fn numeric(n: &Numeric, raw: &RawValue) -> CellClass {
    let x = match raw {
        RawValue::Number(x) => *x,
        RawValue::Text(t) => match parse_number(t, &n.strip) {
            Ok(x) => x,
            Err(reason) => return CellClass::Invalid(reason),
        },
        RawValue::Date(_) => return CellClass::Invalid(InvalidReason::Date),
        _ => return CellClass::Invalid(InvalidReason::WrongShape),
    };
    numeric_value(n, x)
}

/// A number on a numeric scale: bounds, then goalposts (a score) or the raw number.
fn numeric_value(n: &Numeric, x: f64) -> CellClass {
    if !x.is_finite() || n.min.is_some_and(|m| x < m) || n.max.is_some_and(|m| x > m) {
        return CellClass::Invalid(InvalidReason::OutOfBounds);
    }
    match n.goalposts {
        Some((best, worst)) => {
            CellClass::Score(100.0 * ((x - worst) / (best - worst)).clamp(0.0, 1.0))
        }
        None => CellClass::Number(x),
    }
}

/// A number as people type it: NFKC (full-width digits), units and "about" words stripped.
/// Ranges ("3-5", "3~5", "3到5") and dates ("3月5日", "2025-03-05", "3/5") are rejected.
pub fn parse_number(text: &str, strip: &[String]) -> Result<f64, InvalidReason> {
    let mut s = key_of(text);
    for w in strip {
        if s.contains(w.as_str()) {
            s = Cow::Owned(s.replace(w.as_str(), " "));
        }
    }
    // A match key has no other whitespace than single inner spaces. Spaces left by the
    // stripped words go; a space between two parts of the number is never closed up
    // (`2 5` is not 25).
    let s = if s.contains(' ') {
        let t = s.trim();
        // Only digits on both sides of a space make "two numbers, or a separator"; other text
        // with spaces ("3~5 周", "not sure") goes on to the checks below, which name it.
        let numeric =
            |part: &str| !part.is_empty() && part.chars().all(|c| c.is_ascii_digit() || c == '.');
        if t.contains(' ') && t.split_whitespace().all(numeric) {
            return Err(InvalidReason::InteriorSpace);
        }
        Cow::Owned(t.to_string())
    } else {
        s
    };
    if let Some(reason) = exponent(&s) {
        return Err(reason);
    }
    if s.contains([',', '，']) && s.chars().any(|c| c.is_ascii_digit()) {
        return Err(InvalidReason::Comma);
    }
    if s.contains('月') || s.contains('日') || s.contains('年') || s.contains('/') {
        return Err(InvalidReason::Date);
    }
    let body = s.strip_prefix(['+', '-']).unwrap_or(&s);
    if body.contains(['-', '~', '到', '至']) {
        let date_like = body.split('-').count() == 3;
        return Err(if date_like {
            InvalidReason::Date
        } else {
            InvalidReason::Range
        });
    }
    let plain = !body.is_empty()
        && body.chars().all(|c| c.is_ascii_digit() || c == '.')
        && body.matches('.').count() <= 1
        && body.starts_with(|c: char| c.is_ascii_digit());
    if !plain {
        return Err(InvalidReason::NotANumber);
    }
    s.parse::<f64>().map_err(|_| InvalidReason::NotANumber)
}

/// Scientific notation (`[+-]digits[.digits]e[+-]digits`): `Exponent`, or `ExponentRange` when
/// the number overflows to infinity or underflows to 0 or a subnormal (digits lost).
pub fn exponent(s: &str) -> Option<InvalidReason> {
    scientific_out_of_range(s).map(|lost| {
        if lost {
            InvalidReason::ExponentRange
        } else {
            InvalidReason::Exponent
        }
    })
}

fn multi(m: &Multi, raw: &RawValue, na: &[String]) -> CellClass {
    let chosen: Vec<&str> = match raw {
        RawValue::Choices { chosen, .. } => chosen.iter().map(String::as_str).collect(),
        RawValue::Text(t) => vec![t.as_str()],
        _ => return CellClass::Invalid(InvalidReason::WrongShape),
    };
    let chosen: Vec<&str> = chosen.into_iter().filter(|c| !trim(c).is_empty()).collect();
    if chosen.is_empty() {
        return CellClass::NoAnswer;
    }
    if let [only] = chosen.as_slice()
        && na.iter().any(|n| *n == key_of(only))
    {
        return CellClass::Na;
    }
    let mut picked = vec![false; m.options.len()];
    for c in chosen {
        match m
            .lookup
            .get(key_of(c).as_ref())
            .and_then(|&i| picked.get_mut(i))
        {
            Some(p) => *p = true,
            None => return CellClass::Invalid(InvalidReason::UnknownOption),
        }
    }
    let points: f64 = m
        .options
        .iter()
        .zip(&picked)
        .filter(|(_, p)| **p)
        .map(|(o, _)| o.1)
        .sum();
    CellClass::Score(100.0 * (points / m.full).min(1.0))
}

/// Classify every cell of a survey export; invalid cells also become located warnings.
/// Read a tidy survey file for the columnar scoring path (large files): classified while it is
/// streamed, on every core. `Ok(Err(why))` when the file is not a plain UTF-8 tidy CSV that this
/// path reads, and why (then [`crate::ingest::read_survey`] reads it). In the classify stage, not in
/// ingest (issue 16): it classifies each cell as ingest's tidy reader reads it.
pub fn read_survey_columnar(
    model: &Model,
    source: usize,
    path: &std::path::Path,
) -> Result<Result<ColumnarSurvey, NotColumnar>, crate::ingest::IngestError> {
    tidy_scan::scan(model, source, path)
}

#[allow(
    clippy::indexing_slicing,
    reason = "Model cross-references (item.scale, item.source, platform and source positions) are checked when the definition is compiled"
)]
pub fn classify_survey(model: &Model, data: &SurveyData) -> (Vec<CellClass>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let classes = data
        .cells
        .iter()
        .map(|cell| {
            let item = &model.items[cell.item];
            let class = classify(&model.scales[item.scale], item.reverse, &cell.value);
            if let CellClass::Invalid(reason) = class {
                let platform = &model.platforms[cell.platform].id;
                diags.push(invalid_answer(
                    model,
                    item,
                    &cell.value,
                    reason,
                    platform,
                    data.location(cell),
                ));
            }
            class
        })
        .collect();
    (classes, diags)
}

/// The finding for an invalid cell: the value, the item, the platform, and what would be accepted.
#[allow(
    clippy::indexing_slicing,
    reason = "Model cross-references (item.scale, item.source, platform and source positions) are checked when the definition is compiled"
)]
pub fn invalid_answer(
    model: &Model,
    item: &Item,
    raw: &RawValue,
    reason: InvalidReason,
    platform: &str,
    location: Location,
) -> Diagnostic {
    let scale = &model.scales[item.scale];
    if reason == InvalidReason::TooLong {
        let shown = raw.display();
        let chars = shown.chars().count();
        let head: String = shown.chars().take(40).collect();
        return Diagnostic::warning(
            Code::CellTooLong,
            format!(
                "answer \"{head}…\" has {chars} characters, more than the {} read (item {}, platform {platform}); it is left out",
                scale.max_chars, item.id
            ),
            location,
        )
        .with_hint(format!(
            "a cell this long is usually a paste gone wrong; if the answer is real, raise `max_cell_chars` in [quality] (now {})",
            scale.max_chars
        ));
    }
    Diagnostic::warning(
        Code::InvalidAnswer,
        format!(
            "answer \"{}\" {} (item {}, platform {platform}, scale {}); it is left out of the scores",
            raw.display(),
            reason.describe(),
            item.id,
            scale.id
        ),
        location,
    )
    .with_hint(accepted(scale))
}

fn accepted(scale: &Scale) -> String {
    match &scale.kind {
        ScaleKind::Ordinal(o) => {
            let labels: Vec<&str> = o.labels.iter().map(|l| l.0.as_str()).collect();
            format!("accepted: {} (or an alias of the scale)", labels.join(", "))
        }
        ScaleKind::Numeric(n) => {
            let mut s = "accepted: one number".to_string();
            if let Some(m) = n.min {
                s.push_str(&format!(" >= {}", format_number(m)));
            }
            if let Some(m) = n.max {
                s.push_str(&format!(" <= {}", format_number(m)));
            }
            s + ", optionally with a unit; correct the cell or mark it N/A"
        }
        ScaleKind::Multi(m) => {
            let codes: Vec<&str> = m.options.iter().map(|o| o.0.as_str()).collect();
            format!("accepted options: {} (or their labels)", codes.join(", "))
        }
        ScaleKind::Text => String::new(),
    }
}

#[cfg(test)]
mod tests;
