//! Respondent identity across files: a roster of members (id, canonical name, aliases) so that
//! one company is one respondent whatever the export calls it — a company name as typed in a
//! 问卷星 file, a member id in a Qualtrics `ExternalReference`. Applied right after ingest:
//! each submission's `respondent_key` becomes the member id; a respondent the roster does not
//! know keeps its own key and gets a warning at its cell, with the closest roster name.

use crate::diagnostics::{Code, Diagnostic, Location};
use crate::ingest::{self, IngestError, RawValue, SurveyData};
use crate::text::{did_you_mean, match_key, trim};
use std::collections::HashMap;
use std::path::Path;

/// How typed names are compared with the roster.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RosterMatch {
    /// NFKC, outer whitespace (U+3000 included) trimmed, inner runs collapsed, case-folded.
    #[default]
    NfkcCasefoldTrim,
    /// Only outer whitespace trimmed.
    Exact,
}

impl RosterMatch {
    pub const NAMES: [&'static str; 2] = ["nfkc_casefold_trim", "exact"];

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "nfkc_casefold_trim" => Some(RosterMatch::NfkcCasefoldTrim),
            "exact" => Some(RosterMatch::Exact),
            _ => None,
        }
    }

    pub fn key(self, s: &str) -> String {
        match self {
            RosterMatch::NfkcCasefoldTrim => match_key(s),
            RosterMatch::Exact => trim(s).to_string(),
        }
    }
}

/// One member of the roster.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    pub id: String,
    pub canonical_name: String,
    pub aliases: Vec<String>,
}

/// The members, and every spelling (id, canonical name, alias) under its matching key.
#[derive(Debug, Clone, Default)]
pub struct Roster {
    /// The roster file as named in findings.
    pub file: String,
    pub matching: RosterMatch,
    pub members: Vec<Member>,
    lookup: HashMap<String, usize>,
    by_id: HashMap<String, usize>,
}

impl Roster {
    /// Build a roster from members; spellings that name two members are findings (the first
    /// member keeps the spelling).
    pub fn new(
        file: &str,
        matching: RosterMatch,
        members: Vec<(usize, Member)>,
    ) -> (Self, Vec<Diagnostic>) {
        let mut roster = Roster {
            file: file.to_string(),
            matching,
            ..Roster::default()
        };
        let mut diags = Vec::new();
        for (row, m) in members {
            if roster.by_id.contains_key(&m.id) {
                diags.push(roster_finding(
                    file,
                    row,
                    "id",
                    format!("member id \"{}\" appears twice", m.id),
                    "give each member one row; put further names in `aliases`",
                ));
                continue;
            }
            let ix = roster.members.len();
            let spellings = std::iter::once(&m.id)
                .chain(std::iter::once(&m.canonical_name))
                .chain(&m.aliases);
            for s in spellings {
                let key = matching.key(s);
                if key.is_empty() {
                    continue;
                }
                match roster.lookup.get(&key) {
                    Some(&other) if other != ix => diags.push(roster_finding(
                        file,
                        row,
                        "aliases",
                        format!(
                            "\"{s}\" names both member \"{}\" and member \"{}\"",
                            roster.members.get(other).map_or("", |o| o.id.as_str()),
                            m.id
                        ),
                        "names and aliases must be distinct after NFKC, trimming and case-folding",
                    )),
                    _ => {
                        roster.lookup.insert(key, ix);
                    }
                }
            }
            roster.by_id.insert(m.id.clone(), ix);
            roster.members.push(m);
        }
        (roster, diags)
    }

    /// Read a roster file (CSV in any supported encoding, or a workbook) with the columns
    /// `id`, `canonical_name` (or `name`) and `aliases` (`|`-separated; or `alias`).
    pub fn load(
        path: &Path,
        matching: RosterMatch,
    ) -> Result<(Self, Vec<Diagnostic>), IngestError> {
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

    /// The member a typed name or id stands for.
    pub fn find(&self, typed: &str) -> Option<&Member> {
        self.lookup
            .get(&self.matching.key(typed))
            .and_then(|&i| self.members.get(i))
    }

    /// The member with this id.
    pub fn member(&self, id: &str) -> Option<&Member> {
        self.by_id.get(id).and_then(|&i| self.members.get(i))
    }

    /// The closest spelling of the roster, for "did you mean" hints, with its member.
    pub fn suggest(&self, typed: &str) -> Option<(String, &Member)> {
        let key = self.matching.key(typed);
        // Sorted, so that a tie between two spellings always gives the same hint.
        let mut keys: Vec<&str> = self.lookup.keys().map(String::as_str).collect();
        keys.sort_unstable();
        let best = did_you_mean(&key, keys)?;
        let member = self.members.get(*self.lookup.get(&best)?)?;
        let shown = std::iter::once(&member.canonical_name)
            .chain(&member.aliases)
            .chain(std::iter::once(&member.id))
            .find(|s| self.matching.key(s) == best)
            .cloned()
            .unwrap_or(best);
        Some((shown, member))
    }
}

fn roster_finding(file: &str, row: usize, column: &str, message: String, hint: &str) -> Diagnostic {
    Diagnostic::error(
        Code::Roster,
        message,
        Location {
            row: Some(row),
            column: Some(column.into()),
            ..Location::file(file)
        },
    )
    .with_hint(hint)
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
    fn names_match_after_width_case_and_space_folding() {
        let r = roster();
        assert_eq!(r.find("乐趣玩具(深圳)有限公司").unwrap().id, "M008");
        assert_eq!(
            r.find("crestline luxury goods (hk) ltd. ").unwrap().id,
            "M017"
        );
        assert_eq!(r.find("  LEQU TOYS\u{3000}").unwrap().id, "M008");
        assert_eq!(r.find("m017").unwrap().id, "M017");
        assert!(r.find("乐趣玩具").is_none(), "never a substring match");
    }

    #[test]
    fn exact_matching_only_trims() {
        let (r, _) = Roster::new(
            "r.csv",
            RosterMatch::Exact,
            vec![(2, member("M1", "Acme Ltd", &[]))],
        );
        assert!(r.find(" Acme Ltd ").is_some());
        assert!(r.find("ACME LTD").is_none());
    }

    #[test]
    fn a_spelling_of_two_members_is_a_finding() {
        let (r, d) = Roster::new(
            "r.csv",
            RosterMatch::default(),
            vec![
                (2, member("M1", "Acme", &["AC"])),
                (3, member("M2", "Acme Two", &["ac"])),
                (4, member("M1", "Again", &[])),
            ],
        );
        assert_eq!(d.len(), 2, "{d:?}");
        assert!(
            d[0].to_string()
                .contains("\"ac\" names both member \"M1\" and member \"M2\"")
        );
        assert!(d[0].to_string().contains("row 3"));
        assert!(d[1].message.contains("appears twice"));
        assert_eq!(r.find("AC").unwrap().id, "M1");
    }

    #[test]
    fn suggestions_name_the_closest_spelling() {
        let r = roster();
        let (name, m) = r.suggest("Crestline Luxury Good (HK) Ltd").unwrap();
        assert_eq!(
            (name.as_str(), m.id.as_str()),
            ("Crestline Luxury Goods (HK) Ltd.", "M017")
        );
        assert!(r.suggest("Something else entirely").is_none());
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
