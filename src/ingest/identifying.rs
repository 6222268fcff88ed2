//! The columns of a survey file that identify a respondent besides the respondent column
//! (company name next to a member id, contact person, e-mail, phone), and their values. Nothing
//! here changes what is scored: the values only feed the redaction of free text in
//! platform-facing outputs (`output::privacy`), so a column counts as identifying on weaker
//! evidence than the respondent column does (a header that mentions a contact is enough).
//!
//! A column is identifying when it is not read by an item and not the respondent column, and
//! * the preset marks it (`identity_columns`, and its identifying metadata: Qualtrics
//!   `RecipientEmail`, SurveyMonkey `First Name`, Kobo `username` ...), or
//! * the source lists it in `identifying` (a header, or a question number in numbered
//!   exports), or
//! * its header names the respondent (企业名称, company name ...) or a contact (联系人, 电话, 手机,
//!   邮箱, 微信, contact, phone, e-mail ...).

use super::diag::Diags;
use super::respondent::{names_respondent, question_of};
use super::settings::Settings;
use super::table::{Row, Table};
use super::{IdentifyingBasis, IdentifyingColumn};
use crate::diagnostics::{Code, Diagnostic, column_letters};
use crate::text::{match_key, trim};

/// Phrases of a header (match key, question number cut) that ask how to reach or name a
/// person. Latin ones match whole words only ("phone" is not in "iphone").
const CONTACT: [&str; 27] = [
    "联系人",
    "联系方式",
    "联系电话",
    "电话",
    "手机",
    "邮箱",
    "电子邮件",
    "微信",
    "姓名",
    "填写人",
    "contact",
    "phone",
    "mobile",
    "telephone",
    "email",
    "e-mail",
    "wechat",
    "first name",
    "last name",
    "full name",
    "company name",
    "organisation name",
    "organization name",
    "firm name",
    "member id",
    "member name",
    "respondent id",
];

/// Whether a header names the respondent or a way to reach a person.
#[cfg(test)]
fn names_identifying(header: &str) -> bool {
    identifying_phrase(header).is_some()
}

/// Why a header counts as identifying ("mentions \"电话\""), if it does.
fn identifying_phrase(header: &str) -> Option<String> {
    if names_respondent(header) {
        return Some("names the respondent".into());
    }
    let key = match_key(header);
    let core = match question_of(&key) {
        Some(_) => key
            .trim_start_matches('第')
            .trim_start_matches(|c: char| c.is_ascii_digit())
            .trim_start_matches(['、', '.', '题', ' ', ':']),
        None => key.as_str(),
    };
    // ASCII punctuation to spaces, so that Latin phrases are compared word by word.
    let words: String = core
        .chars()
        .map(|c| match c {
            '-' => c,
            _ if c.is_ascii() && !c.is_ascii_alphanumeric() => ' ',
            _ => c,
        })
        .collect();
    let words = format!(
        " {} ",
        words.split_whitespace().collect::<Vec<_>>().join(" ")
    );
    CONTACT
        .iter()
        .find(|p| {
            if p.is_ascii() {
                words.contains(&format!(" {p} "))
            } else {
                core.contains(*p)
            }
        })
        .map(|p| format!("mentions {p:?}"))
}

/// The identifying columns of a file. `marked` are the preset's column names, `declared` the
/// source's `identifying`; `names[c]` are the match keys column c answers to (its header, and
/// in named exports its question text); `taken(c)` is true for the respondent column and the
/// columns items read; `question(c)` is the question number of a numbered export. A column the
/// source lists but the file lacks is a warning: a misspelt name would otherwise leave its
/// values unredacted without a word.
pub(super) fn columns(
    marked: &[String],
    declared: &[String],
    table: &Table,
    names: &[Vec<String>],
    taken: &dyn Fn(usize) -> bool,
    question: &dyn Fn(usize) -> Option<u32>,
    diags: &mut Diags,
) -> Vec<IdentifyingColumn> {
    let marked_keys: Vec<String> = marked.iter().map(|n| match_key(n)).collect();
    let is_declared = |c: usize, here: &[String], d: &str| {
        let number = trim(d).parse::<u32>().ok();
        here.contains(&match_key(d)) || (number.is_some() && question(c) == number)
    };
    for d in declared {
        if !names
            .iter()
            .enumerate()
            .any(|(c, here)| is_declared(c, here, d))
        {
            diags.push(
                Diagnostic::warning(
                    Code::IdentifyingColumnMissing,
                    format!(
                        "the source lists {d:?} as identifying, but the file has no such column"
                    ),
                    crate::diagnostics::Location::file(&table.file),
                )
                .with_hint(format!("found {}", table.header_sample())),
            );
        }
    }
    let why = |c: usize, here: &[String]| -> Option<(IdentifyingBasis, String)> {
        if let Some(m) = marked
            .iter()
            .zip(&marked_keys)
            .find(|(_, k)| here.contains(k))
            .map(|(m, _)| m)
        {
            return Some((
                IdentifyingBasis::Preset,
                format!("the preset marks {m:?} as identifying"),
            ));
        }
        if let Some(d) = declared.iter().find(|d| is_declared(c, here, d)) {
            return Some((
                IdentifyingBasis::Source,
                format!("the source lists {d:?} in `identifying`"),
            ));
        }
        table
            .headers
            .get(c)
            .and_then(|h| identifying_phrase(h))
            .map(|w| format!("its header {w}"))
            .or_else(|| {
                here.iter()
                    .find_map(|n| identifying_phrase(n))
                    .map(|w| format!("its question text {w}"))
            })
            .map(|w| (IdentifyingBasis::Header, w))
    };
    names
        .iter()
        .enumerate()
        .filter(|&(c, _)| !taken(c))
        .filter_map(|(c, here)| {
            let (basis, why) = why(c, here)?;
            Some(IdentifyingColumn {
                column: column_letters(c),
                number: c + 1,
                header: table.headers.get(c).cloned().unwrap_or_default(),
                sheet: None,
                basis,
                why,
            })
        })
        .collect()
}

/// The column indices of [`columns`]' answer.
pub(super) fn indices(found: &[IdentifyingColumn]) -> Vec<usize> {
    found.iter().map(IdentifyingColumn::index).collect()
}

/// The preset's identifying column names and the source's, as [`columns`] takes them.
pub(super) fn marked_and_declared(settings: &Settings) -> (Vec<String>, &[String]) {
    let marked = settings
        .identity_columns
        .iter()
        .chain(&settings.identifying_meta)
        .cloned()
        .collect();
    (marked, &settings.identifying)
}

/// The distinct values of some columns, trimmed, in order of appearance.
#[derive(Debug, Default)]
pub(super) struct Values {
    cols: Vec<usize>,
    seen: std::collections::HashSet<String>,
    list: Vec<String>,
}

impl Values {
    pub fn new(cols: Vec<usize>) -> Values {
        Values {
            cols,
            ..Values::default()
        }
    }

    pub fn row(&mut self, row: Row<'_>) {
        for i in 0..self.cols.len() {
            let Some(&c) = self.cols.get(i) else { break };
            let cell = row.get(c);
            if !cell.is_blank() {
                self.add(&cell.display());
            }
        }
    }

    pub fn add(&mut self, value: &str) {
        let value = trim(value);
        if !value.is_empty() && !self.seen.contains(value) {
            self.seen.insert(value.to_string());
            self.list.push(value.to_string());
        }
    }

    pub fn finish(self) -> Vec<String> {
        self.list
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_that_name_a_contact() {
        for h in [
            "2、联系人姓名：",
            "3、联系电话(手机)",
            "Contact person",
            "Your e-mail address",
            "Recipient Email",
            "company_name",
            "第4题 微信号",
        ] {
            assert!(names_identifying(h), "{h}");
        }
    }

    #[test]
    fn the_reason_names_the_phrase_matched() {
        for (h, why) in [
            (
                "1、贵企业名称（请填写营业执照上的全称）：",
                "names the respondent",
            ),
            ("联系电话", "mentions \"联系电话\""),
            ("电子邮箱", "mentions \"邮箱\""),
            ("contact_email", "mentions \"contact\""),
            ("Your e-mail address", "mentions \"e-mail\""),
        ] {
            assert_eq!(identifying_phrase(h).as_deref(), Some(why), "{h}");
        }
        assert_eq!(identifying_phrase("5、贵企业所属行业："), None);
    }

    #[test]
    fn headers_that_do_not() {
        for h in [
            "iPhone sales share",
            "5、贵企业所属行业：",
            "complaint_channels",
            "best_practice",
            "Phoneme",
        ] {
            assert!(!names_identifying(h), "{h}");
        }
    }
}
