//! Respondent identity across files: a roster of members (id, canonical name, aliases) so that
//! one company is one respondent whatever the export calls it — a company name as typed in a
//! 问卷星 file, a member id in a Qualtrics `ExternalReference`. Applied right after ingest:
//! each submission's `respondent_key` becomes the member id; a respondent the roster does not
//! know keeps its own key and gets a warning at its cell, with the closest roster name.
//!
//! The roster's types live in the definition ([`crate::definition::roster`]); reading its file
//! is here, in the ingest stage.

pub use crate::definition::roster::{Member, Roster, RosterMatch};

use crate::diagnostics::{Code, Diagnostic, Location};
use crate::ingest::{self, IngestError, RawValue, SurveyData};
use crate::text::{match_key, trim};
use std::path::Path;

/// Read a roster file (CSV in any supported encoding, or a workbook) with the columns
/// `id`, `canonical_name` (or `name`) and `aliases` (`|`-separated; or `alias`).
pub fn read_roster(
    path: &Path,
    matching: RosterMatch,
) -> Result<(Roster, Vec<Diagnostic>), IngestError> {
    let table = ingest::read_table(path, None)?;
    let keys: Vec<String> = table.headers.iter().map(|h| match_key(h)).collect();
    let col = |names: &[&str]| keys.iter().position(|k| names.contains(&k.as_str()));
    let (Some(id_col), name_col) = (col(&["id"]), col(&["canonical_name", "name"])) else {
        return Err(IngestError::Format {
            file: table.file.clone(),
            message: format!(
                "the roster has no `id` column (columns: {})",
                table.headers.join(", ")
            ),
            hint: Some(
                "a roster has the columns id, canonical_name, aliases (\"|\"-separated)".into(),
            ),
        });
    };
    let alias_col = col(&["aliases", "alias"]);
    let cell = |cells: &[RawValue], c: Option<usize>| {
        c.and_then(|c| cells.get(c))
            .map_or(String::new(), |v| trim(&v.display()).to_string())
    };
    let members = table
        .rows
        .iter()
        .filter_map(|(row, cells)| {
            let id = cell(cells, Some(id_col));
            (!id.is_empty()).then(|| {
                let aliases = cell(cells, alias_col)
                    .split('|')
                    .map(|a| trim(a).to_string())
                    .filter(|a| !a.is_empty())
                    .collect();
                let member = Member {
                    canonical_name: cell(cells, name_col),
                    id,
                    aliases,
                };
                (*row, member)
            })
        })
        .collect();
    Ok(Roster::new(&table.file, matching, members))
}

/// Map every submission of a survey file to its roster member. Returns one warning per
/// respondent the roster does not know (at its first cell, with the number of rows).
pub fn apply(roster: &Roster, data: &mut SurveyData) -> Vec<Diagnostic> {
    // Unknown respondent key -> (first submission, rows).
    let mut unknown: Vec<(String, usize, usize)> = Vec::new();
    for (s, sub) in data.submissions.iter_mut().enumerate() {
        if sub.respondent.is_empty() {
            continue;
        }
        match roster.find(&sub.respondent) {
            Some(m) => sub.respondent_key = m.id.clone(),
            None => match unknown.iter_mut().find(|u| u.0 == sub.respondent_key) {
                Some(u) => u.2 += 1,
                None => unknown.push((sub.respondent_key.clone(), s, 1)),
            },
        }
    }
    unknown
        .into_iter()
        .filter_map(|(_, s, rows)| {
            Some(unknown_respondent(
                roster,
                data,
                data.submissions.get(s)?,
                rows,
            ))
        })
        .collect()
}

fn unknown_respondent(
    roster: &Roster,
    data: &SurveyData,
    sub: &ingest::Submission,
    rows: usize,
) -> Diagnostic {
    let location = Location::cell(
        &data.file,
        data.sheet.as_deref(),
        sub.row,
        sub.respondent_col,
        data.headers.get(sub.respondent_col).map(String::as_str),
    );
    let more = if rows > 1 {
        format!(" ({rows} rows)")
    } else {
        String::new()
    };
    let hint = match roster.suggest(&sub.respondent) {
        Some((name, m)) => format!(
            "did you mean \"{name}\" (member {})? Add the spelling to that member's aliases in {}",
            m.id, roster.file
        ),
        None => format!(
            "add the company to {} (id, canonical_name, aliases), or add this spelling to its aliases",
            roster.file
        ),
    };
    Diagnostic::warning(
        Code::UnknownRespondent,
        format!(
            "respondent \"{}\"{more} is not in the roster {}; it counts as a respondent of its own",
            sub.respondent, roster.file
        ),
        location,
    )
    .with_hint(hint)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn member(id: &str, name: &str, aliases: &[&str]) -> Member {
        Member {
            id: id.into(),
            canonical_name: name.into(),
            aliases: aliases.iter().map(|a| a.to_string()).collect(),
        }
    }

    fn roster() -> Roster {
        let (r, d) = Roster::new(
            "roster.csv",
            RosterMatch::NfkcCasefoldTrim,
            vec![
                (
                    2,
                    member("M008", "乐趣玩具（深圳）有限公司", &["Lequ Toys"]),
                ),
                (
                    3,
                    member("M017", "Crestline Luxury Goods (HK) Ltd.", &["克雷斯特"]),
                ),
            ],
        );
        assert!(d.is_empty(), "{d:?}");
        r
    }

    #[test]
    fn apply_maps_known_respondents_and_warns_once_per_unknown_one() {
        let r = roster();
        let sub = |row: usize, name: &str| ingest::Submission {
            row,
            respondent: name.into(),
            respondent_key: match_key(name),
            respondent_col: 6,
            platform: None,
            submitted_at: None,
            submitted_at_raw: None,
            duration_s: None,
            duration_raw: None,
            weight: 1.0,
            attributes: Vec::new(),
        };
        let mut data = SurveyData {
            file: "x.xlsx".into(),
            headers: (0..8).map(|i| format!("h{i}")).collect(),
            submissions: vec![
                sub(2, "Lequ Toys"),
                sub(3, "Crestline Luxury Good (HK) Ltd"),
                sub(4, "Crestline Luxury Good (HK) Ltd"),
                sub(5, ""),
            ],
            ..SurveyData::default()
        };
        let d = apply(&r, &mut data);
        assert_eq!(data.submissions[0].respondent_key, "M008");
        assert_eq!(
            data.submissions[1].respondent_key,
            match_key("Crestline Luxury Good (HK) Ltd")
        );
        assert_eq!(data.submissions[3].respondent_key, "");
        assert_eq!(d.len(), 1);
        let text = d[0].to_string();
        assert!(text.contains("cell G3"), "{text}");
        assert!(text.contains("(2 rows)"), "{text}");
        assert!(
            text.contains("did you mean \"Crestline Luxury Goods (HK) Ltd.\" (member M017)"),
            "{text}"
        );
    }
}
