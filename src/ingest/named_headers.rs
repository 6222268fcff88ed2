//! Header rows of exports whose columns are found by name (Qualtrics, SurveyMonkey, Google
//! Forms, LimeSurvey, Kobo): the names each column answers to, and the sub-label it carries
//! (matrix row or option: `Q [Row]`, `Q[SQ001]`, SurveyMonkey's second row, Kobo's `q/option`)
//! or its Qualtrics Loop & Merge number (`2_Q5`).

use crate::definition::Preset;
use crate::text::{match_key, trim};

#[derive(Debug, Clone, PartialEq, Default)]
pub(super) struct NamedCol {
    /// Match keys the column answers to, most specific first (field name, text, statement).
    pub names: Vec<String>,
    /// The question part (match key), when the header carries a sub-label.
    pub stem: Option<String>,
    /// The sub-label as written.
    pub sub: Option<String>,
    /// Qualtrics Loop & Merge: the loop number prefixed to the field name.
    pub loop_no: Option<u32>,
    /// The header shown in findings.
    pub display: String,
}

/// SurveyMonkey's row-2 labels of single-column questions: no sub-label.
const SM_PLAIN: [&str; 2] = ["response", "open-ended response"];

/// The columns of a table from its header rows (`head[0]` is the first header row).
pub(super) fn named_columns(preset: Preset, head: &[Vec<String>]) -> Vec<NamedCol> {
    let width = head.iter().map(Vec::len).max().unwrap_or(0);
    let cell = |r: usize, c: usize| -> &str {
        head.get(r)
            .and_then(|row| row.get(c))
            .map_or("", |s| trim(s))
    };
    match preset {
        Preset::Qualtrics | Preset::QualtricsLegacy => (0..width)
            .map(|c| qualtrics(cell(0, c), cell(1, c)))
            .collect(),
        Preset::SurveyMonkey => {
            let mut question = String::new();
            (0..width)
                .map(|c| {
                    if !cell(0, c).is_empty() {
                        question = cell(0, c).to_string();
                    }
                    surveymonkey(&question, cell(1, c))
                })
                .collect()
        }
        Preset::Kobo => kobo(&(0..width).map(|c| cell(0, c)).collect::<Vec<_>>()),
        _ => (0..width).map(|c| bracketed(cell(0, c))).collect(),
    }
}

/// `2_Q5_3` -> loop 2, field `Q5_3`; row 2 is `stem - statement` for matrix rows.
fn qualtrics(field: &str, text: &str) -> NamedCol {
    let (loop_no, field) = loop_prefix(field);
    let mut names = vec![match_key(field)];
    if !text.is_empty() {
        names.push(match_key(text));
        if let Some((_, statement)) = text.rsplit_once(" - ") {
            names.push(match_key(statement));
        }
    }
    NamedCol {
        names,
        loop_no,
        display: field.to_string(),
        ..Default::default()
    }
}

fn loop_prefix(field: &str) -> (Option<u32>, &str) {
    let digits = field.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0
        && let Some(rest) = field[digits..].strip_prefix('_')
        && rest.starts_with(|c: char| c.is_ascii_alphabetic())
    {
        return (field[..digits].parse().ok(), rest);
    }
    (None, field)
}

/// Row 1 (forward-filled question) and row 2 (`Response`, a statement or an option).
fn surveymonkey(question: &str, sub: &str) -> NamedCol {
    if sub.is_empty() || SM_PLAIN.contains(&match_key(sub).as_str()) {
        return NamedCol {
            names: vec![match_key(question)],
            display: question.to_string(),
            ..Default::default()
        };
    }
    NamedCol {
        names: vec![match_key(sub), match_key(&format!("{question} - {sub}"))],
        stem: Some(match_key(question)),
        sub: Some(sub.to_string()),
        display: format!("{question} - {sub}"),
        ..Default::default()
    }
}

/// `Question [Row]` (Google Forms grids) and `Q[SQ001]` (LimeSurvey).
fn bracketed(h: &str) -> NamedCol {
    let mut col = NamedCol {
        names: vec![match_key(h)],
        display: h.to_string(),
        ..Default::default()
    };
    if let Some(inner) = h.strip_suffix(']')
        && let Some(open) = inner.rfind('[')
        && open > 0
    {
        let stem = trim(&inner[..open]);
        let sub = trim(&inner[open + 1..]);
        if !stem.is_empty() && !sub.is_empty() {
            col.stem = Some(match_key(stem));
            col.sub = Some(sub.to_string());
        }
    }
    col
}

/// Group paths (`grp_rating/rules_clear`) answer to the path and the last name; a
/// select_multiple detail column (`channels/email`, under an existing `channels` column) has
/// the option as its sub-label.
fn kobo(headers: &[&str]) -> Vec<NamedCol> {
    let keys: Vec<String> = headers.iter().map(|h| match_key(h)).collect();
    headers
        .iter()
        .map(|h| {
            let mut names = vec![match_key(h)];
            let mut col = NamedCol {
                display: h.to_string(),
                ..Default::default()
            };
            if let Some((parent, last)) = h.rsplit_once('/') {
                let parent_key = match_key(parent);
                if keys.contains(&parent_key) {
                    col.stem = Some(parent_key);
                    col.sub = Some(last.to_string());
                }
                names.push(match_key(last));
            }
            col.names = names;
            col
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(r: &[&[&str]]) -> Vec<Vec<String>> {
        r.iter()
            .map(|row| row.iter().map(|s| s.to_string()).collect())
            .collect()
    }

    #[test]
    fn qualtrics_fields_texts_and_loops() {
        let head = rows(&[
            &["ResponseId", "Q3_1", "2_Q5"],
            &["Response ID", "Agree? - Rules are clear", "Channels"],
            &["{\"ImportId\":\"_recordId\"}", "{}", "{}"],
        ]);
        let cols = named_columns(Preset::Qualtrics, &head);
        assert_eq!(
            cols[1].names,
            vec!["q3_1", "agree? - rules are clear", "rules are clear"]
        );
        assert_eq!(cols[2].loop_no, Some(2));
        assert_eq!(cols[2].names[0], "q5");
        assert_eq!(loop_prefix("10_Q5_3"), (Some(10), "Q5_3"));
        assert_eq!(loop_prefix("Q5_3"), (None, "Q5_3"));
    }

    #[test]
    fn surveymonkey_forward_fills_the_question_row() {
        let head = rows(&[
            &["Respondent ID", "Channels used?", "", "", "Days?"],
            &[
                "",
                "Email",
                "Other (please specify)",
                "",
                "Open-Ended Response",
            ],
        ]);
        let cols = named_columns(Preset::SurveyMonkey, &head);
        assert_eq!(cols[0].names, vec!["respondent id"]);
        assert_eq!(cols[1].stem.as_deref(), Some("channels used?"));
        assert_eq!(cols[1].sub.as_deref(), Some("Email"));
        assert_eq!(cols[2].sub.as_deref(), Some("Other (please specify)"));
        assert_eq!(cols[3].names, vec!["channels used?"]);
        assert_eq!(cols[4].names, vec!["days?"]);
    }

    #[test]
    fn grid_and_subquestion_brackets() {
        let g = bracketed("Rules are clear [Taobao]");
        assert_eq!(
            (g.stem.as_deref(), g.sub.as_deref()),
            (Some("rules are clear"), Some("Taobao"))
        );
        let l = bracketed("Q3[SQ001]");
        assert_eq!(
            (l.stem.as_deref(), l.sub.as_deref()),
            (Some("q3"), Some("SQ001"))
        );
        assert_eq!(bracketed("[x]").stem, None);
    }

    #[test]
    fn kobo_paths_and_detail_columns() {
        let cols = kobo(&["meta/company", "rating/channels", "rating/channels/email"]);
        assert_eq!(cols[0].names, vec!["meta/company", "company"]);
        assert_eq!(cols[2].stem.as_deref(), Some("rating/channels"));
        assert_eq!(cols[2].sub.as_deref(), Some("email"));
    }
}
