//! What keeps platform-facing outputs from telling which member said what: redaction of
//! respondent names in free text, and the small-cell rule (a breakdown resting on fewer than
//! k respondents is not shown).

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

/// Default k of the small-cell rule: breakdowns on fewer respondents are suppressed.
pub const DEFAULT_MIN_CELL: usize = 5;

/// What replaces a respondent's name inside a free-text answer.
pub const REDACTED: &str = "[redacted]";

/// Identities shorter than this (in characters) are not searched for: a one-letter id would
/// blank out ordinary words.
const MIN_IDENTITY_CHARS: usize = 2;

/// Replaces every occurrence of a respondent identity (as written in the survey files: a
/// company name or a member id) inside free text, ASCII case-insensitively, longest first.
#[derive(Debug, Clone)]
pub struct Redactor {
    matcher: Option<AhoCorasick>,
}

impl Redactor {
    pub fn new<'a>(identities: impl IntoIterator<Item = &'a str>) -> Redactor {
        let mut patterns: Vec<&str> = identities
            .into_iter()
            .map(str::trim)
            .filter(|s| s.chars().count() >= MIN_IDENTITY_CHARS)
            .collect();
        patterns.sort_unstable();
        patterns.dedup();
        let matcher = if patterns.is_empty() {
            None
        } else {
            AhoCorasickBuilder::new()
                .ascii_case_insensitive(true)
                .match_kind(MatchKind::LeftmostLongest)
                .build(&patterns)
                .ok()
        };
        Redactor { matcher }
    }

    /// The text with every identity replaced by [`REDACTED`].
    pub fn redact(&self, text: &str) -> String {
        match &self.matcher {
            // One replacement for every pattern, without a list as long as the roster per call
            // (a million-row survey has as many identities as texts).
            Some(m) => {
                let mut out = String::with_capacity(text.len());
                m.replace_all_with(text, &mut out, |_, _, dst| {
                    dst.push_str(REDACTED);
                    true
                });
                out
            }
            None => text.to_string(),
        }
    }
}

/// Whether a breakdown resting on `respondents` people is shown under the small-cell rule.
/// Zero respondents means platform-level data (not survey answers), which is never
/// suppressed; its absence of a score speaks for itself.
pub fn shown(respondents: usize, min_cell: usize) -> bool {
    respondents == 0 || respondents >= min_cell
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_ids_are_redacted_case_insensitively_longest_first() {
        let r = Redactor::new(["星河日化", "星河日化（中国）有限公司", "M001", " ", "x"]);
        assert_eq!(
            r.redact("我们星河日化（中国）有限公司和m001认为"),
            "我们[redacted]和[redacted]认为"
        );
        assert_eq!(r.redact("星河日化 said"), "[redacted] said");
        assert_eq!(r.redact("x marks"), "x marks", "one-letter ids are ignored");
    }

    #[test]
    fn no_identities_leaves_text_alone() {
        assert_eq!(Redactor::new([]).redact("abc"), "abc");
    }

    #[test]
    fn small_cells_are_hidden_platform_data_is_not() {
        assert!(!shown(4, 5));
        assert!(shown(5, 5));
        assert!(shown(0, 5));
    }
}
