//! The unit column the person states (`init --from EXPORT --platform-column COLUMN`): found by
//! its header text, exactly after trimming. The draft code has no notion of column letters or
//! numbers (headers are how long files name their columns), so none is accepted here.

use crate::ingest::{IngestError, PlainTable};
use crate::text::{edit_distance, trim};

/// How many of the nearest headers an unknown column's error lists.
const NEAREST: usize = 3;

/// The position of the column whose trimmed header is `name` trimmed; else an error that
/// names the file and the nearest headers.
pub(super) fn column(table: &PlainTable, name: &str) -> Result<usize, IngestError> {
    let wanted = trim(name);
    if let Some(c) = table.headers.iter().position(|h| trim(h) == wanted) {
        return Ok(c);
    }
    let nearest = nearest_headers(&table.headers, wanted);
    Err(IngestError::Format {
        file: table.file.clone(),
        message: format!(
            "--platform-column {wanted:?}: no column has that header (of {} columns); nearest: {}",
            table.headers.len(),
            nearest
                .iter()
                .map(|h| format!("{h:?}"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        hint: Some(
            "give the header text exactly as the first row writes it (case and punctuation count); `qbpc-index inspect FILE` lists the columns".into(),
        ),
    })
}

/// A 问卷星 export is drafted per numbered question, not per column: a stated unit column is
/// refused there rather than ignored.
pub(super) fn not_for_wjx(table: &PlainTable, c: usize) -> IngestError {
    let header = table.headers.get(c).map(String::as_str).unwrap_or_default();
    IngestError::Format {
        file: table.file.clone(),
        message: format!(
            "--platform-column {header:?}: a 问卷星 export is drafted from its numbered questions, where platforms are matrix rows or `【平台】` titles, not a unit column"
        ),
        hint: Some(
            "draft without --platform-column, then write `platform = \"COLUMN\"` in [[sources]] with `layout = \"long\"` and one `[platforms.ID]` per unit by hand".into(),
        ),
    }
}

/// The headers closest to `wanted` (case ignored): those that contain it or that it contains
/// first (a part of a long question was typed), then by edit distance; ties in column order;
/// blanks and repeats left out.
fn nearest_headers(headers: &[String], wanted: &str) -> Vec<String> {
    let w = wanted.to_lowercase();
    let mut scored: Vec<(bool, usize, usize, String)> = Vec::new();
    for (c, h) in headers.iter().enumerate() {
        let h = trim(h).to_string();
        if h.is_empty() || scored.iter().any(|(_, _, _, s)| *s == h) {
            continue;
        }
        let l = h.to_lowercase();
        let apart = !(l.contains(&w) || w.contains(&l));
        scored.push((apart, edit_distance(&w, &l), c, h));
    }
    scored.sort();
    scored
        .into_iter()
        .take(NEAREST)
        .map(|(_, _, _, h)| h)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(headers: &[&str]) -> PlainTable {
        PlainTable {
            file: "f.csv".into(),
            headers: headers.iter().map(|h| h.to_string()).collect(),
            sheet: None,
            encoding: None,
            rows: Vec::new(),
        }
    }

    #[test]
    fn exact_after_trimming_and_nearest_on_a_miss() {
        let t = table(&["Timestamp", " Game title ", "Game genre", "Rating"]);
        assert_eq!(column(&t, "Game title").ok(), Some(1));
        assert_eq!(column(&t, "  Game title").ok(), Some(1));
        // Levenshtein from "game titel" (by hand): game title 2, game genre 5, timestamp 7,
        // rating 7 (a tie: the earlier column first).
        let e = column(&t, "game titel").err().map(|e| e.to_string());
        let e = e.unwrap_or_default();
        assert!(e.starts_with("f.csv: "), "{e}");
        assert!(
            e.contains(r#"nearest: "Game title", "Game genre", "Timestamp""#),
            "{e}"
        );
    }
}
