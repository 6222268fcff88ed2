//! Text normalisation for matching. Matching keys are NFKC + trimmed + case-folded; stored free
//! text is never NFKC'd (its punctuation is content), only trimmed and CRLF -> LF.

use unicode_normalization::UnicodeNormalization;

/// Whitespace as respondents type it: ASCII, NBSP and the ideographic space U+3000 among others.
fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{feff}'
}

/// Numbers as a spreadsheet shows them: integers without ".0".
pub fn format_number(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        format!("{x}")
    }
}

/// Trim outer whitespace, including U+3000, NBSP and a stray BOM.
pub fn trim(s: &str) -> &str {
    s.trim_matches(is_space)
}

/// The key under which labels, aliases, names and codes are compared:
/// NFKC, outer whitespace trimmed, inner whitespace runs collapsed to one space, lower-cased.
pub fn match_key(s: &str) -> String {
    if s.is_ascii() {
        return ascii_match_key(s);
    }
    unicode_match_key(s)
}

/// [`match_key`] of any text, char by char.
fn unicode_match_key(s: &str) -> String {
    let nfkc: String = s.nfkc().collect();
    let mut out = String::with_capacity(nfkc.len());
    let mut pending_space = false;
    for c in trim(&nfkc).chars() {
        if is_space(c) {
            pending_space = true;
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        out.extend(c.to_lowercase());
    }
    out
}

/// [`match_key`] of ASCII text (ids, codes, English labels), byte by byte: NFKC leaves ASCII
/// as it is, and its whitespace and lower case are ASCII's.
fn ascii_match_key(s: &str) -> String {
    // char::is_whitespace on ASCII: space, tab, LF, VT, FF, CR (u8::is_ascii_whitespace
    // leaves out VT).
    let space = |b: u8| matches!(b, b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r');
    let bytes = s.as_bytes();
    let start = bytes.iter().position(|&b| !space(b)).unwrap_or(bytes.len());
    let end = bytes
        .iter()
        .rposition(|&b| !space(b))
        .map_or(start, |i| i + 1);
    let mut out = Vec::with_capacity(end - start);
    let mut pending_space = false;
    for &b in bytes.get(start..end).unwrap_or_default() {
        if space(b) {
            pending_space = true;
            continue;
        }
        if pending_space {
            out.push(b' ');
            pending_space = false;
        }
        out.push(b.to_ascii_lowercase());
    }
    String::from_utf8(out).unwrap_or_default()
}

/// Free text as stored: outer whitespace trimmed, CRLF and lone CR turned into LF, nothing else.
pub fn clean_free_text(s: &str) -> String {
    trim(s).replace("\r\n", "\n").replace('\r', "\n")
}

/// Closest candidate by edit distance, for "did you mean" hints. None when nothing is close.
pub fn did_you_mean<'a>(
    wanted: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    let wanted_l = wanted.to_lowercase();
    let mut best: Option<(usize, &str)> = None;
    for c in candidates {
        let d = edit_distance(&wanted_l, &c.to_lowercase());
        if best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, c));
        }
    }
    let (d, c) = best?;
    let limit = (wanted.chars().count() / 3).max(2);
    (d <= limit).then(|| c.to_string())
}

pub(crate) fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    // One row of the Wagner-Fischer table at a time: `diag` is prev[j], `up` prev[j + 1] and
    // `left` cur[j].
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = Vec::with_capacity(b.len() + 1);
        let mut left = i + 1;
        cur.push(left);
        for ((cb, diag), up) in b.iter().zip(&prev).zip(prev.iter().skip(1)) {
            left = (diag + usize::from(ca != cb)).min(up + 1).min(left + 1);
            cur.push(left);
        }
        prev = cur;
    }
    prev.last().copied().unwrap_or(0)
}

/// Scientific notation (`[+-]digits[.digits]e[+-]digits`): `Some(true)` when the number
/// overflows to infinity or underflows to 0 or a subnormal (digits lost), `Some(false)` when
/// it reads as written, `None` when `s` is not scientific notation. Shared by the survey
/// number parser (`classify::exponent`) and the reader of machine-written data files.
pub fn scientific_out_of_range(s: &str) -> Option<bool> {
    let (mantissa, exp) = s.split_once(['e', 'E'])?;
    let mantissa = mantissa.strip_prefix(['+', '-']).unwrap_or(mantissa);
    let exp_digits = exp.strip_prefix(['+', '-']).unwrap_or(exp);
    let is_mantissa = !mantissa.is_empty()
        && mantissa.starts_with(|c: char| c.is_ascii_digit())
        && mantissa.chars().all(|c| c.is_ascii_digit() || c == '.')
        && mantissa.matches('.').count() <= 1;
    if !is_mantissa || exp_digits.is_empty() || !exp_digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let x: f64 = s.parse().ok()?;
    let nonzero = mantissa.chars().any(|c| ('1'..='9').contains(&c));
    Some(!x.is_finite() || (nonzero && x.abs() < f64::MIN_POSITIVE))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The ASCII path gives the general path's key on every ASCII spelling shape.
    #[test]
    fn ascii_keys_equal_the_general_keys() {
        let shapes = [
            "",
            " ",
            "U000001",
            "  Taobao  ",
            "JD.com",
            "a \t\x0b\x0c\r\n b",
            "MiXeD Case\t",
            "\x0bvt\x0b",
            "a  b   c",
        ];
        for s in shapes {
            assert_eq!(ascii_match_key(s), unicode_match_key(s), "{s:?}");
        }
    }

    #[test]
    fn match_key_folds_width_case_and_space() {
        assert_eq!(match_key("  京东(JD)\u{3000}"), match_key("京东（ＪＤ）"));
        assert_eq!(match_key("Not  Applicable"), "not applicable");
        assert_eq!(match_key("１５"), "15");
        assert_ne!(match_key("拼多多跨境"), match_key("拼多多"));
    }

    #[test]
    fn free_text_keeps_inner_content() {
        assert_eq!(
            clean_free_text("  “好”，做法\r\n第二行，\u{3000}"),
            "“好”，做法\n第二行，"
        );
    }

    #[test]
    fn did_you_mean_finds_near_misses_only() {
        let c = ["agree5", "freq5", "yes_no"];
        assert_eq!(did_you_mean("agree6", c), Some("agree5".into()));
        assert_eq!(did_you_mean("completely_different", c), None);
    }
}
