//! The respondent roster as data: members (id, canonical name, aliases) and every spelling
//! under its matching key, with the findings about spellings shared by two members. Reading
//! the roster file is the ingest stage's job (`identity::read_roster`), after the definition compiles.

use crate::diagnostics::{Code, Diagnostic, Location};
use crate::text::{did_you_mean, match_key, trim};
use std::collections::HashMap;
use std::path::PathBuf;

/// Where the `[respondents]` roster is, as the definition names it. The compiler reads no data
/// file: the roster is read after it (`identity::with_roster`), which adds its findings and
/// gives the model its roster.
#[derive(Debug, Clone)]
pub struct RosterSource {
    /// The file, a relative path resolved against the definition's folder.
    pub path: PathBuf,
    pub matching: RosterMatch,
    /// The `roster = "…"` value: where a roster that cannot be read is reported.
    pub at: Location,
    /// The findings of the checks that run only on an otherwise valid model (over-pooling).
    /// A roster with errors makes the definition invalid, and these checks never ran on an
    /// invalid definition: they are withdrawn then.
    pub model_findings: Vec<Diagnostic>,
}

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

pub(crate) fn roster_finding(
    file: &str,
    row: usize,
    column: &str,
    message: String,
    hint: &str,
) -> Diagnostic {
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

/// A two-member roster (one Chinese name with an English alias, one English name with a
/// Chinese alias) for the tests here and in `identity`.
#[cfg(test)]
pub(crate) mod sample {
    use super::*;

    pub(crate) fn member(id: &str, name: &str, aliases: &[&str]) -> Member {
        Member {
            id: id.into(),
            canonical_name: name.into(),
            aliases: aliases.iter().map(|a| a.to_string()).collect(),
        }
    }

    pub(crate) fn roster() -> Roster {
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
}

#[cfg(test)]
mod tests {
    use super::sample::{member, roster};
    use super::*;

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
}
