//! 问卷星 header row: which question each column belongs to, and the label that names its
//! platform. Modern matrices write `N、题干—行标签` for the first row and then the bare row
//! labels, so the question of a bare header is the last matrix seen (header names repeat across
//! matrices: never look columns up by name).

/// The em dash between a matrix stem and its first row label.
const MATRIX_DASH: char = '—';

/// What a header says about its column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct WjxColumn {
    /// The question number; None for metadata and unnumbered columns.
    pub question: Option<u32>,
    /// The matrix row label or the platform named in `【】`; None for question-level columns.
    pub label: Option<String>,
}

/// `12、rest` -> (12, "rest"). Leading whitespace is allowed; `、` is required.
pub(super) fn question_prefix(h: &str) -> Option<(u32, &str)> {
    let h = crate::text::trim(h);
    let digits = h.bytes().take_while(u8::is_ascii_digit).count();
    let rest = h[digits..].strip_prefix('、')?;
    let n = h[..digits].parse().ok()?;
    Some((n, rest))
}

pub(super) fn parse_headers(headers: &[String]) -> Vec<WjxColumn> {
    let mut matrix: Option<u32> = None;
    headers
        .iter()
        .map(|h| match question_prefix(h) {
            Some((q, rest)) => {
                let (label, is_matrix) = label_of(rest);
                matrix = is_matrix.then_some(q);
                WjxColumn {
                    question: Some(q),
                    label,
                }
            }
            // A bare header continues the current matrix (its next row label).
            None => WjxColumn {
                question: matrix,
                label: matrix.map(|_| crate::text::trim(h).to_string()),
            },
        })
        .collect()
}

/// The platform label in the rest of a numbered header, and whether it starts a matrix.
fn label_of(rest: &str) -> (Option<String>, bool) {
    if let Some((_, row)) = rest.rsplit_once(MATRIX_DASH) {
        return (non_empty(row), true);
    }
    if let Some(name) = bracketed(rest, '【', '】') {
        return (non_empty(name), false);
    }
    // Legacy style `N、(行标签)`: the whole rest in parentheses.
    let r = crate::text::trim(rest);
    for (open, close) in [('(', ')'), ('（', '）')] {
        if let Some(inner) = r.strip_prefix(open).and_then(|x| x.strip_suffix(close)) {
            return (non_empty(inner), false);
        }
    }
    (None, false)
}

fn bracketed(s: &str, open: char, close: char) -> Option<&str> {
    let start = s.find(open)? + open.len_utf8();
    let len = s[start..].find(close)?;
    Some(&s[start..start + len])
}

fn non_empty(s: &str) -> Option<String> {
    let t = crate::text::trim(s);
    (!t.is_empty()).then(|| t.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn col(q: Option<u32>, label: Option<&str>) -> WjxColumn {
        WjxColumn {
            question: q,
            label: label.map(str::to_string),
        }
    }

    #[test]
    fn modern_matrix_and_per_platform_questions() {
        let h: Vec<String> = [
            "序号",
            "1、贵企业名称（请填写营业执照上的全称）：",
            "4、平台知识产权保护规则清晰、易于查找—淘宝",
            "天猫 Tmall",
            "拼多多跨境/Temu",
            "10、您在【淘宝】投诉侵权时使用过哪些渠道？（多选）",
            "8、(性能（CPU）)",
            "总分",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        assert_eq!(
            parse_headers(&h),
            vec![
                col(None, None),
                col(Some(1), None),
                col(Some(4), Some("淘宝")),
                col(Some(4), Some("天猫 Tmall")),
                col(Some(4), Some("拼多多跨境/Temu")),
                col(Some(10), Some("淘宝")),
                col(Some(8), Some("性能（CPU）")),
                col(None, None),
            ]
        );
    }

    #[test]
    fn question_prefixes() {
        assert_eq!(question_prefix(" 12、abc"), Some((12, "abc")));
        assert_eq!(question_prefix("12.abc"), None);
        assert_eq!(question_prefix("、abc"), None);
        assert_eq!(question_prefix("序号"), None);
    }
}
