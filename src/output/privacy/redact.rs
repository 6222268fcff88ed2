//! Redaction of free text: every identity of the run (respondent ids and keys, the values of
//! identifying columns, the roster's ids, names and aliases), the short forms of the names,
//! and any e-mail address or telephone number, replaced by [`REDACTED`].
//!
//! Identities are matched on the compact folded text (`fold.rs`): whatever the width, case,
//! accents or spacing ("ＬＥＱＵ", "lequ toys", "乐 趣 玩 具"). An identity that begins or ends
//! with a Latin letter or digit only matches as a whole word there, so that "M001" is not
//! found in "M0012" nor "Atlas" in "Atlassian"; Chinese has no word boundaries, and a Chinese
//! name is found wherever it is written.

use super::REDACTED;
use super::contacts::{emails, phones};
use super::fold::{self, fold, is_ascii_word_char};
use super::short_name::short_forms;
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

/// Identities with fewer letters or digits than this are not searched for: a one-letter id
/// or a "-" typed in a phone column would blank out ordinary text.
const MIN_IDENTITY_CHARS: usize = 2;

/// Replaces identities, e-mail addresses and telephone numbers inside free text.
#[derive(Debug, Clone)]
pub struct Redactor {
    names: Option<AhoCorasick>,
}

impl Redactor {
    /// A redactor for these identities (as written in the files and the roster) and the short
    /// forms of each (`short_name.rs`). E-mail addresses and telephone numbers are redacted
    /// whatever the identities.
    pub fn new<'a>(identities: impl IntoIterator<Item = &'a str>) -> Redactor {
        let mut patterns: Vec<String> = Vec::new();
        for identity in identities {
            let key = fold::key(identity);
            if key.chars().filter(|c| c.is_alphanumeric()).count() < MIN_IDENTITY_CHARS {
                continue;
            }
            patterns.extend(short_forms(identity).iter().map(|s| fold::key(s)));
            // "Co., Ltd." is also written without its final dot.
            let bare = key.trim_end_matches(['.', ',', '。']);
            if bare.len() < key.len() && !bare.is_empty() {
                patterns.push(bare.to_string());
            }
            patterns.push(key);
        }
        patterns.sort_unstable();
        patterns.dedup();
        let names = if patterns.is_empty() {
            None
        } else {
            // Standard semantics: every match, overlapping ones too, so that one rejected at a
            // word boundary does not hide another.
            AhoCorasickBuilder::new()
                .match_kind(MatchKind::Standard)
                .build(&patterns)
                .ok()
        };
        Redactor { names }
    }

    /// The text with every identity, e-mail address and telephone number replaced by
    /// [`REDACTED`] (overlapping finds are replaced once, as one).
    pub fn redact(&self, text: &str) -> String {
        let mut found = self.identities_in(text);
        let spaced = fold(text, false);
        for (a, b) in emails(&spaced.text).into_iter().chain(phones(&spaced.text)) {
            found.push(spaced.original(a, b));
        }
        if found.is_empty() {
            return text.to_string();
        }
        found.sort_unstable();
        let mut out = String::with_capacity(text.len());
        let mut at = 0;
        let mut open: Option<(usize, usize)> = None;
        for (a, b) in found {
            match &mut open {
                Some((_, end)) if a < *end => *end = (*end).max(b),
                _ => {
                    if let Some((s, e)) = open.replace((a, b)) {
                        out.push_str(&text[at..s]);
                        out.push_str(REDACTED);
                        at = e;
                    }
                }
            }
        }
        if let Some((s, e)) = open {
            out.push_str(&text[at..s]);
            out.push_str(REDACTED);
            at = e;
        }
        out.push_str(&text[at..]);
        out
    }

    /// Original byte ranges of the identities in a text.
    fn identities_in(&self, text: &str) -> Vec<(usize, usize)> {
        let Some(m) = &self.names else {
            return Vec::new();
        };
        let compact = fold(text, true);
        let mut out = Vec::new();
        for hit in m.find_overlapping_iter(&compact.text) {
            let (a, b) = compact.original(hit.start(), hit.end());
            let found = &compact.text[hit.start()..hit.end()];
            let word_start = found.starts_with(|c: char| c.is_ascii_alphanumeric());
            let word_end = found.ends_with(|c: char| c.is_ascii_alphanumeric());
            let before = text[..a].chars().next_back();
            let after = text[b..].chars().next();
            if (word_start && before.is_some_and(is_ascii_word_char))
                || (word_end && after.is_some_and(is_ascii_word_char))
            {
                continue;
            }
            out.push((a, b));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_ids_are_redacted_case_insensitively() {
        let r = Redactor::new(["星河日化", "星河日化（中国）有限公司", "M001", " ", "x"]);
        assert_eq!(
            r.redact("我们星河日化（中国）有限公司和m001认为"),
            "我们[redacted]和[redacted]认为"
        );
        assert_eq!(r.redact("星河日化 said"), "[redacted] said");
        assert_eq!(r.redact("x marks"), "x marks", "one-letter ids are ignored");
    }

    #[test]
    fn spellings_of_a_name_are_redacted() {
        let r = Redactor::new(["乐趣玩具（深圳）有限公司", "LeQu Toys"]);
        for (text, want) in [
            ("乐趣玩具(深圳)有限公司都认为", "[redacted]都认为"),
            ("乐 趣 玩 具 认为", "[redacted] 认为"),
            ("乐趣玩具认为", "[redacted]认为"),
            ("深圳乐趣玩具公司认为", "深圳[redacted]公司认为"),
            ("ＬＥＱＵ　ＴＯＹＳ said", "[redacted] said"),
            ("lequ toys said", "[redacted] said"),
            ("LeQuToys said", "[redacted] said"),
        ] {
            assert_eq!(r.redact(text), want, "{text}");
        }
    }

    #[test]
    fn latin_identities_match_whole_words_only() {
        let r = Redactor::new(["M001", "Atlas Tyres"]);
        assert_eq!(r.redact("M0012 and M001."), "M0012 and [redacted].");
        assert_eq!(r.redact("atlastyresx"), "atlastyresx");
        assert_eq!(r.redact("买了atlas tyres的"), "买了[redacted]的");
    }

    #[test]
    fn contacts_are_redacted_without_identities() {
        let r = Redactor::new([]);
        assert_eq!(
            r.redact("找张经理 138-1234-5678 或 ｚｈａｎｇ＠ｌｅｑｕ．ｃｏｍ。"),
            "找张经理 [redacted] 或 [redacted]。"
        );
        assert_eq!(r.redact("abc 48小时"), "abc 48小时");
    }

    #[test]
    fn overlapping_finds_are_one_redaction() {
        let r = Redactor::new(["lequ", "lequ.com"]);
        assert_eq!(r.redact("mail wang@lequ.com now"), "mail [redacted] now");
    }
}
