//! Numbered header rows (问卷星, 腾讯问卷): which question each column belongs to, and the
//! sub-label (matrix row, option) it carries. Columns are mapped by question number and
//! sub-label (or position), never by the header text alone: header names repeat.
//!
//! 问卷星 writes a sub-label in four styles, all accepted in one file:
//! * modern matrix: `N、题干—行标签` for the first row, then the **bare** row labels;
//! * modern option-index multi-select: `N、题目(选项)`, then `N(选项)`;
//! * legacy: `N、(子问题)` for every row or option;
//! * oldest: `第N题(子问题)`.
//!
//! 腾讯问卷 writes `N.题目` and `N.题目:子标签` (the sub-label after the first ASCII colon).

/// The em dash between a matrix stem and its first row label.
const MATRIX_DASH: char = '—';

/// Which numbering a header row uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Dialect {
    Wjx,
    Tencent,
}

/// What a header says about its column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct WjxColumn {
    /// The question number; None for metadata and unnumbered columns.
    pub question: Option<u32>,
    /// The platform label the header carries: the name in `【】`, else its sub-label.
    pub label: Option<String>,
    /// The sub-label: matrix row, option, or (腾讯) anything after the first colon.
    pub sub: Option<String>,
    /// The name between the title brackets (`您在【淘宝】…`), inherited by the question's
    /// other columns (`10(选项)` repeats no title).
    pub bracket: Option<String>,
}

/// 问卷星 headers with the usual `【】` title brackets.
pub(super) fn parse_headers(headers: &[String]) -> Vec<WjxColumn> {
    parse_numbered(headers, Dialect::Wjx, ("【", "】"))
}

pub(super) fn parse_numbered(
    headers: &[String],
    dialect: Dialect,
    brackets: (&str, &str),
) -> Vec<WjxColumn> {
    let mut matrix: Option<u32> = None;
    let mut cols: Vec<WjxColumn> = headers
        .iter()
        .map(|h| {
            let h = without_type_suffix(crate::text::trim(h));
            let parsed = match dialect {
                Dialect::Wjx => parse_wjx(h, &mut matrix),
                Dialect::Tencent => parse_tencent(h),
            };
            let Some((q, title, sub)) = parsed else {
                return WjxColumn {
                    question: None,
                    label: None,
                    sub: None,
                    bracket: None,
                };
            };
            WjxColumn {
                question: Some(q),
                label: None,
                sub: sub.and_then(non_empty),
                bracket: title
                    .and_then(|t| bracketed(t, brackets))
                    .and_then(non_empty),
            }
        })
        .collect();
    inherit_brackets(&mut cols);
    for c in &mut cols {
        c.label = c.bracket.clone().or_else(|| c.sub.clone());
    }
    cols
}

/// A header without 问卷星's question-type suffix: `3、用过哪些平台？(多选题 *必答)`, `(矩阵单选题)`,
/// `(填空题 *必答)`, `(多选,)`. The suffix is part of the header, never a platform or an option.
pub(super) fn without_type_suffix(h: &str) -> &str {
    let mut h = h.trim_end();
    while let Some(open) = h.rfind(['(', '（'])
        && h.ends_with([')', '）'])
    {
        let inner = h[open..]
            .trim_start_matches(['(', '（'])
            .trim_end_matches([')', '）'])
            .trim();
        let is_type = inner.contains("必答")
            || inner.ends_with('题') && inner.chars().count() <= 8
            || matches!(inner.trim_end_matches([',', '，']), "多选" | "单选");
        if !is_type {
            break;
        }
        h = h[..open].trim_end();
    }
    h
}

/// (question, title, sub-label) of a 问卷星 header; `matrix` carries the open matrix question
/// over to the bare row labels that follow it.
fn parse_wjx<'a>(
    h: &'a str,
    matrix: &mut Option<u32>,
) -> Option<(u32, Option<&'a str>, Option<&'a str>)> {
    if let Some(rest) = h.strip_prefix('第') {
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        if digits > 0
            && let Some(tail) = rest[digits..].strip_prefix('题')
        {
            *matrix = None;
            let q = rest[..digits].parse().ok()?;
            return Some(match parenthesized(tail) {
                Some(sub) => (q, None, Some(sub)),
                None => (q, Some(tail), None),
            });
        }
    }
    let digits = h.bytes().take_while(u8::is_ascii_digit).count();
    let number = h[..digits].parse::<u32>().ok();
    let rest = &h[digits..];
    if let Some(q) = number {
        // `N(选项)`: a further option column of an option-index multi-select.
        if let Some(sub) = parenthesized(rest) {
            *matrix = None;
            return Some((q, None, Some(sub)));
        }
        let body = rest
            .strip_prefix('、')
            .or_else(|| rest.strip_prefix('．'))
            .or_else(|| {
                rest.strip_prefix('.')
                    .filter(|b| !b.starts_with(|c: char| c.is_ascii_digit()))
            });
        if let Some(body) = body {
            return Some(wjx_body(q, body, matrix));
        }
    }
    // A bare header continues the open matrix (its next row label).
    matrix.map(|q| (q, None, Some(h)))
}

fn wjx_body<'a>(
    q: u32,
    body: &'a str,
    matrix: &mut Option<u32>,
) -> (u32, Option<&'a str>, Option<&'a str>) {
    if let Some((stem, row)) = body.rsplit_once(MATRIX_DASH) {
        *matrix = Some(q);
        return (q, Some(stem), Some(row));
    }
    *matrix = None;
    let body = crate::text::trim(body);
    if let Some(sub) = parenthesized(body) {
        return (q, None, Some(sub));
    }
    match trailing_option(body) {
        Some((title, option)) => (q, Some(title), Some(option)),
        None => (q, Some(body), None),
    }
}

/// (question, title, sub-label) of a 腾讯问卷 header `N.题目[:子标签]`.
fn parse_tencent(h: &str) -> Option<(u32, Option<&str>, Option<&str>)> {
    let digits = h.bytes().take_while(u8::is_ascii_digit).count();
    let q = h[..digits].parse().ok()?;
    let body = h[digits..].strip_prefix(['.', '．'])?;
    Some(match body.split_once(':') {
        Some((title, sub)) => (q, Some(title), Some(sub)),
        None => (q, Some(body), None),
    })
}

/// The whole text in parentheses, half- or full-width: `(x)` -> "x".
fn parenthesized(s: &str) -> Option<&str> {
    let s = crate::text::trim(s);
    [('(', ')'), ('（', '）')]
        .iter()
        .find_map(|&(open, close)| {
            let inner = s.strip_prefix(open)?.strip_suffix(close)?;
            balanced(inner, open, close).then_some(inner)
        })
}

/// `题目(选项)` -> ("题目", "选项"): the last half-width parenthesised group at the end. Option
/// labels may hold full-width brackets (`平台（如阿里IPP）`), which never split.
fn trailing_option(s: &str) -> Option<(&str, &str)> {
    let inner_end = s.strip_suffix(')')?.len();
    let mut depth = 0usize;
    for (i, c) in s[..inner_end].char_indices().rev() {
        match c {
            ')' => depth += 1,
            '(' if depth == 0 => return Some((&s[..i], &s[i + 1..inner_end])),
            '(' => depth -= 1,
            _ => {}
        }
    }
    None
}

fn balanced(s: &str, open: char, close: char) -> bool {
    let mut depth = 0i32;
    for c in s.chars() {
        if c == open {
            depth += 1;
        } else if c == close {
            depth -= 1;
            if depth < 0 {
                return false;
            }
        }
    }
    depth == 0
}

/// Columns of a question that repeat no title take the bracket name of its first column.
fn inherit_brackets(cols: &mut [WjxColumn]) {
    let mut seen: std::collections::HashMap<u32, String> = std::collections::HashMap::new();
    for c in cols.iter() {
        if let (Some(q), Some(b)) = (c.question, &c.bracket) {
            seen.entry(q).or_insert_with(|| b.clone());
        }
    }
    for c in cols.iter_mut() {
        if c.bracket.is_none()
            && let Some(b) = c.question.and_then(|q| seen.get(&q))
        {
            c.bracket = Some(b.clone());
        }
    }
}

fn bracketed<'a>(s: &'a str, (open, close): (&str, &str)) -> Option<&'a str> {
    let start = s.find(open)? + open.len();
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

    #[test]
    fn question_type_suffixes_are_not_sub_labels() {
        // Regression (issue 10, class 8): "(多选题 *必答)" became a platform.
        assert_eq!(
            without_type_suffix("3、您用过哪些平台？(多选题 *必答)"),
            "3、您用过哪些平台？"
        );
        assert_eq!(
            without_type_suffix("5、题干(多选,) (多选题 *必答)"),
            "5、题干"
        );
        assert_eq!(without_type_suffix("7、外观(矩阵单选题)"), "7、外观");
        assert_eq!(without_type_suffix("3(天猫)"), "3(天猫)");
        assert_eq!(without_type_suffix("8、(性能（CPU）)"), "8、(性能（CPU）)");
        let cols = parse_numbered(
            &["3、您用过哪些平台？(多选题 *必答)".to_string()],
            Dialect::Wjx,
            ("【", "】"),
        );
        assert_eq!(cols[0].label, None);
    }

    fn col(q: Option<u32>, sub: Option<&str>, bracket: Option<&str>) -> WjxColumn {
        WjxColumn {
            question: q,
            label: bracket.or(sub).map(str::to_string),
            sub: sub.map(str::to_string),
            bracket: bracket.map(str::to_string),
        }
    }

    fn strings(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn modern_matrix_and_per_platform_questions() {
        let h = strings(&[
            "序号",
            "1、贵企业名称（请填写营业执照上的全称）：",
            "4、平台知识产权保护规则清晰、易于查找—淘宝",
            "天猫 Tmall",
            "拼多多跨境/Temu",
            "10、您在【淘宝】投诉侵权时使用过哪些渠道？（多选）",
            "8、(性能（CPU）)",
            "总分",
        ]);
        assert_eq!(
            parse_headers(&h),
            vec![
                col(None, None, None),
                col(Some(1), None, None),
                col(Some(4), Some("淘宝"), None),
                col(Some(4), Some("天猫 Tmall"), None),
                col(Some(4), Some("拼多多跨境/Temu"), None),
                col(Some(10), None, Some("淘宝")),
                col(Some(8), Some("性能（CPU）"), None),
                col(None, None, None),
            ]
        );
    }

    #[test]
    fn option_index_and_legacy_headers() {
        let h = strings(&[
            "3、过去12个月，贵企业在以下哪些平台开展过维权？(淘宝)",
            "3(天猫)",
            "10、您在【淘宝】投诉侵权时使用过哪些渠道？（多选）(平台知识产权保护平台（如阿里IPP）)",
            "10(其他)",
            "4、(京东(JD))",
            "第5题(拼多多)",
            "第6题 平台反馈及时",
            "1. 您的年龄段：",
        ]);
        assert_eq!(
            parse_headers(&h),
            vec![
                col(Some(3), Some("淘宝"), None),
                col(Some(3), Some("天猫"), None),
                col(
                    Some(10),
                    Some("平台知识产权保护平台（如阿里IPP）"),
                    Some("淘宝")
                ),
                col(Some(10), Some("其他"), Some("淘宝")),
                col(Some(4), Some("京东(JD)"), None),
                col(Some(5), Some("拼多多"), None),
                col(Some(6), None, None),
                col(Some(1), None, None),
            ]
        );
    }

    #[test]
    fn tencent_headers_split_at_the_first_ascii_colon() {
        let h = strings(&[
            "编号",
            "1.贵企业名称（请填写营业执照上的全称）：",
            "4.平台知识产权保护规则清晰、易于查找:天猫 Tmall",
            "10.您在【淘宝】投诉侵权时使用过哪些渠道？（多选）:其他___:填空内容",
        ]);
        assert_eq!(
            parse_numbered(&h, Dialect::Tencent, ("【", "】")),
            vec![
                col(None, None, None),
                col(Some(1), None, None),
                col(Some(4), Some("天猫 Tmall"), None),
                col(Some(10), Some("其他___:填空内容"), Some("淘宝")),
            ]
        );
    }
}
