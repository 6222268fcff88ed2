//! Who answered a submission: the column that names the respondent, and what that choice
//! rests on. Deduplication keeps one submission per respondent, so a wrong column merges
//! different people (a 1–4 count taken for a company name dropped 796 of 800 rows). The column
//! is therefore never a guess from position: it is the one the source declares, the one the
//! preset's format defines (`respondent_id` of tidy files, Qualtrics `ExternalReference`), or
//! a column whose header names the respondent (企业名称, company name, e-mail ...). Without any
//! of these, every submission is its own respondent and nothing is deduplicated.

use super::settings::{RespondentRef, Settings};
use super::table::{Row, Table, format_error};
use super::{IngestError, RespondentBasis};
use crate::text::match_key;

/// The identity columns of a file, resolved.
#[derive(Debug, Clone)]
pub(crate) struct IdentityCols {
    /// The respondent column, if any.
    pub respondent: Option<usize>,
    /// The preset's submission id column (序号, ResponseId, _uuid ...), if any.
    pub submission: Option<usize>,
    /// A blank respondent cell makes the submission its own respondent (true when the column
    /// is not declared: a guess never excludes a row); else the row is excluded.
    pub blank_is_own: bool,
    pub basis: RespondentBasis,
}

impl IdentityCols {
    /// The column findings about the respondent point at.
    pub fn location_col(&self) -> usize {
        self.respondent.or(self.submission).unwrap_or(0)
    }

    /// The key of a submission that is its own respondent: `#` and its id, else its row. The
    /// respondent text stays empty, so that no redaction or output treats an id as a name.
    pub fn submission_key(&self, row: Row<'_>, row_no: usize) -> String {
        let id = self
            .submission
            .map(|c| crate::text::trim(&row.get(c).display()).to_string())
            .filter(|s| !s.is_empty());
        match id {
            Some(id) => format!("#{}", match_key(&id)),
            None => format!("#row {row_no}"),
        }
    }
}

/// Resolve the respondent of a file. `names` gives each column's header names (several header
/// rows give several); `eligible` says which columns may hold a respondent (not metadata, not
/// an answer column of an item).
pub(super) fn resolve(
    settings: &Settings,
    table: &Table,
    names: &[Vec<String>],
    eligible: &dyn Fn(usize) -> bool,
    question: &dyn Fn(usize) -> Option<u32>,
) -> Result<IdentityCols, IngestError> {
    let find = |name: &str| {
        let key = match_key(name);
        names.iter().position(|ns| ns.contains(&key))
    };
    let submission = settings.submission_id.iter().find_map(|n| find(n));
    let shown = |c: usize| table.headers.get(c).cloned().unwrap_or_default();
    let declared = |col: Option<usize>, wanted: String| {
        col.ok_or_else(|| missing(table, &wanted))
            .map(|c| IdentityCols {
                respondent: Some(c),
                submission,
                blank_is_own: false,
                basis: if settings.respondent_declared {
                    RespondentBasis::Declared { column: shown(c) }
                } else {
                    RespondentBasis::Preset { column: shown(c) }
                },
            })
    };
    match &settings.respondent {
        RespondentRef::Column(name) => declared(find(name), format!("{name:?}")),
        RespondentRef::Question(q) => {
            let col = (0..names.len()).find(|&c| question(c) == Some(*q));
            declared(col, format!("question {q}"))
        }
        RespondentRef::Named => {
            let by_preset = settings.identity_columns.iter().find_map(|n| find(n));
            let by_header = || {
                names.iter().enumerate().position(|(c, here)| {
                    eligible(c)
                        && (table.headers.get(c).is_some_and(|h| names_respondent(h))
                            || here.iter().any(|n| names_respondent(n)))
                })
            };
            Ok(match by_preset.or_else(by_header) {
                Some(c) => IdentityCols {
                    respondent: Some(c),
                    submission,
                    blank_is_own: true,
                    basis: if by_preset == Some(c) {
                        RespondentBasis::Preset { column: shown(c) }
                    } else {
                        RespondentBasis::Header { column: shown(c) }
                    },
                },
                None => IdentityCols {
                    respondent: None,
                    submission,
                    blank_is_own: true,
                    basis: RespondentBasis::Submission {
                        column: submission.map(shown),
                    },
                },
            })
        }
    }
}

fn missing(table: &Table, wanted: &str) -> IngestError {
    format_error(
        &table.file,
        format!(
            "no column for the respondent ({wanted}); found {}",
            table.header_sample()
        ),
        "set `respondent` in the source to the header (or, in 问卷星 / 腾讯问卷 exports, the question number) of the column that names the respondent (a member id or the company name)",
    )
}

/// The question number a numbered header starts with (`1、…`, `1.…`, `第1题…`).
pub(super) fn question_of(header: &str) -> Option<u32> {
    let h = crate::text::trim(header);
    let h = h.strip_prefix('第').unwrap_or(h);
    let digits: String = h.chars().take_while(char::is_ascii_digit).collect();
    let rest = &h[digits.len()..];
    let numbered = ['、', '.', '．', '题', ' ', ':', '：'];
    if digits.is_empty() || !rest.starts_with(numbered) {
        return None;
    }
    digits.parse().ok()
}

/// Headers that name who answered, after the question number and any remark in brackets
/// are cut: the whole header ... A bare "Name" is not one: it does not say whose name (the
/// product, platform or brand rated, as often as the person), so it is a column to declare
/// with `respondent = "Name"`, never a guess that merges rows.
const WHOLE: [&str; 29] = [
    "company",
    "company name",
    "your company",
    "name of your company",
    "your company name",
    "organisation",
    "organization",
    "organisation name",
    "organization name",
    "name of your organisation",
    "name of your organization",
    "member",
    "member id",
    "respondent",
    "respondent id",
    "respondent_id",
    "firm",
    "firm name",
    "email address",
    "email",
    "e-mail",
    "e-mail address",
    "your name",
    "full name",
    "姓名",
    "您的姓名",
    "电子邮件地址",
    "邮箱",
    "token",
];

/// ... or a phrase within it (企业名称 in 贵企业名称（请填写营业执照上的全称）).
const PHRASES: [&str; 10] = [
    "企业名称",
    "公司名称",
    "单位名称",
    "机构名称",
    "企业全称",
    "公司全称",
    "会员编号",
    "会员名称",
    "company name",
    "organisation name",
];

/// Whether a header names the respondent.
pub(super) fn names_respondent(header: &str) -> bool {
    let key = match_key(header);
    let mut core = key.as_str();
    if let Some(q) = question_of(core) {
        let n = q.to_string();
        core = core.trim_start_matches('第');
        core = &core[n.len()..];
        core = core.trim_start_matches(['、', '.', '题', ' ', ':']);
    }
    // Remarks in brackets and trailing punctuation: 贵企业名称(请填写全称):
    let core = core.split(['(', '[']).next().unwrap_or(core);
    let core = core.trim_end_matches([':', '?', '*', ' ', '.']).trim();
    WHOLE.contains(&core) || PHRASES.iter().any(|p| core.contains(p))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_that_name_the_respondent() {
        for h in [
            "1、贵企业名称（请填写营业执照上的全称）：",
            "Company name (as registered)",
            "company",
            "Email Address",
            "2. 您的姓名",
            "member id",
        ] {
            assert!(names_respondent(h), "{h}");
        }
    }

    #[test]
    fn questions_about_the_respondent_are_not_its_name() {
        // Regression (issue 10, class 1): questions *about* the respondent keyed dedupe.
        for h in [
            "2、贵企业所属行业：",
            "3、贵公司在几个平台开展维权？",
            "How satisfied is your company with the platform?",
            "Q1",
            "您使用的平台数量",
            "4、平台知识产权保护规则清晰、易于查找—淘宝",
        ] {
            assert!(!names_respondent(h), "{h}");
        }
    }

    #[test]
    fn question_numbers() {
        assert_eq!(question_of("1、贵企业名称"), Some(1));
        assert_eq!(question_of("12.通勤"), Some(12));
        assert_eq!(question_of("第3题(淘宝)"), Some(3));
        assert_eq!(question_of("2024年"), None);
    }
}
