//! From a cell to a RawValue: the preset's structural markers (skip / empty) and multi-select
//! splitting. Nothing is scored or normalised here; text stays as typed.

use super::RawValue;
use super::table::CellRef;
use crate::text::match_key;

/// Default WJX markers: a question hidden by survey logic, and one shown but left unanswered.
pub(super) const WJX_SKIP: [&str; 2] = ["(跳过)", "（跳过）"];
pub(super) const WJX_EMPTY: [&str; 2] = ["(空)", "（空）"];

/// WJX writes the fill-in text of an "other" option inside these brackets: `其他〖text〗`.
const OTHER_OPEN: char = '〖';
const OTHER_CLOSE: char = '〗';

/// Skip and empty markers, compared by match key (so "(跳过)" and "（跳过）" are one marker).
#[derive(Debug, Clone, Default)]
pub(crate) struct Markers {
    skip: Vec<String>,
    empty: Vec<String>,
    /// Longest marker in bytes: longer cells cannot be markers and skip the NFKC work.
    max_len: usize,
    /// Whether any marker is a number (`-3`): number cells are then checked too.
    has_codes: bool,
}

impl Markers {
    pub fn new(skip: &[String], empty: &[String]) -> Self {
        let keys = |v: &[String]| -> Vec<String> {
            v.iter()
                .map(|m| match_key(m))
                .filter(|k| !k.is_empty())
                .collect()
        };
        let (skip, empty) = (keys(skip), keys(empty));
        // Full-width forms fold to ASCII under NFKC and lengthen by 2 bytes per char at most.
        let max_len = skip.iter().chain(&empty).map(|k| k.len() * 3).max();
        let has_codes = skip.iter().chain(&empty).any(|k| k.parse::<f64>().is_ok());
        Markers {
            skip,
            empty,
            max_len: max_len.unwrap_or(0),
            has_codes,
        }
    }

    /// The source's markers, else the given defaults.
    pub fn for_source(
        skip: Option<&Vec<String>>,
        empty: Option<&Vec<String>>,
        defaults: (&[&str], &[&str]),
    ) -> Self {
        let own = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        Markers::new(
            &skip.cloned().unwrap_or_else(|| own(defaults.0)),
            &empty.cloned().unwrap_or_else(|| own(defaults.1)),
        )
    }

    /// The marker a cell is, if any (text, or a number cell equal to a code marker).
    pub fn marker(&self, cell: CellRef<'_>) -> Option<RawValue> {
        match cell {
            CellRef::Text(s) => self.classify(s),
            CellRef::Number(x) if self.has_codes => self.classify(&super::format_number(x)),
            _ => None,
        }
    }

    fn classify(&self, s: &str) -> Option<RawValue> {
        if s.len() > self.max_len {
            return None;
        }
        let k = match_key(s);
        if self.skip.contains(&k) {
            Some(RawValue::Skipped)
        } else if self.empty.contains(&k) {
            Some(RawValue::Unanswered)
        } else {
            None
        }
    }
}

/// The raw value of an answer cell. `multi_sep` is Some for multi-select items: their text is
/// split into choices.
pub(super) fn answer(cell: CellRef<'_>, markers: &Markers, multi_sep: Option<&str>) -> RawValue {
    match cell {
        CellRef::Text(s) if !cell.is_blank() => {
            if let Some(m) = markers.classify(s) {
                return m;
            }
            match multi_sep {
                Some(sep) => split_choices(s, sep),
                None => RawValue::Text(s.to_string()),
            }
        }
        CellRef::Number(_) => markers.marker(cell).unwrap_or_else(|| cell.to_raw()),
        other => other.to_raw(),
    }
}

/// Split a multi-select cell on `sep`, but never inside `〖…〗` (fill-in text may contain the
/// separator). `其他〖text〗` becomes the choice `其他` plus the other text. Empty parts are dropped;
/// the rest is kept as typed.
pub(super) fn split_choices(s: &str, sep: &str) -> RawValue {
    split_choices_in(s, sep, (OTHER_OPEN, OTHER_CLOSE))
}

/// As `split_choices`, with the fill-in brackets of the source.
pub(super) fn split_choices_in(s: &str, sep: &str, brackets: (char, char)) -> RawValue {
    let mut chosen = Vec::new();
    let mut others: Vec<String> = Vec::new();
    for part in split_outside_brackets(s, sep, brackets) {
        let (label, other) = split_other(part, brackets);
        if let Some(o) = other {
            others.push(o.to_string());
        }
        if !crate::text::trim(label).is_empty() {
            chosen.push(label.to_string());
        }
    }
    RawValue::Choices {
        chosen,
        // Two fill-ins in one answer are rare; keep both rather than lose one.
        other_text: (!others.is_empty()).then(|| others.join("; ")),
    }
}

fn split_outside_brackets<'a>(s: &'a str, sep: &str, (open, close): (char, char)) -> Vec<&'a str> {
    if sep.is_empty() {
        return vec![s];
    }
    let mut parts = Vec::new();
    let (mut depth, mut start, mut i) = (0usize, 0, 0);
    while i < s.len() {
        let rest = &s[i..];
        if depth == 0 && rest.starts_with(sep) {
            parts.push(&s[start..i]);
            i += sep.len();
            start = i;
            continue;
        }
        let Some(c) = rest.chars().next() else { break };
        if c == open {
            depth += 1;
        } else if c == close {
            depth = depth.saturating_sub(1);
        }
        i += c.len_utf8();
    }
    parts.push(&s[start..]);
    parts
}

/// `其他〖text〗` -> ("其他", Some("text")); an unclosed bracket runs to the end.
fn split_other(part: &str, (open_c, close_c): (char, char)) -> (&str, Option<&str>) {
    let Some(open) = part.find(open_c) else {
        return (part, None);
    };
    let inner = &part[open + open_c.len_utf8()..];
    let inner = match inner.rfind(close_c) {
        Some(close) => &inner[..close],
        None => inner,
    };
    (&part[..open], Some(inner))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn choices(chosen: &[&str], other: Option<&str>) -> RawValue {
        RawValue::Choices {
            chosen: chosen.iter().map(|s| s.to_string()).collect(),
            other_text: other.map(str::to_string),
        }
    }

    fn wjx() -> Markers {
        Markers::for_source(None, None, (&WJX_SKIP, &WJX_EMPTY))
    }

    #[test]
    fn markers_fold_width_and_space() {
        let m = wjx();
        assert_eq!(answer(CellRef::Text("(跳过)"), &m, None), RawValue::Skipped);
        assert_eq!(
            answer(CellRef::Text(" （跳过）"), &m, None),
            RawValue::Skipped
        );
        assert_eq!(
            answer(CellRef::Text("(空)"), &m, None),
            RawValue::Unanswered
        );
        assert_eq!(answer(CellRef::Text("  "), &m, None), RawValue::Blank);
        assert_eq!(
            answer(CellRef::Text("非常同意 "), &m, None),
            RawValue::Text("非常同意 ".into())
        );
        assert_eq!(
            answer(CellRef::Number(4.0), &m, None),
            RawValue::Number(4.0)
        );
        assert_eq!(
            answer(CellRef::Text("(跳过)"), &m, Some("┋")),
            RawValue::Skipped
        );
    }

    #[test]
    fn wjx_multi_select_with_other_text() {
        assert_eq!(
            split_choices(
                "平台知识产权保护平台（如阿里IPP）┋其他〖行业协会（QBPC）协调〗",
                "┋"
            ),
            choices(
                &["平台知识产权保护平台（如阿里IPP）", "其他"],
                Some("行业协会（QBPC）协调")
            )
        );
        // The separator inside the fill-in text does not split.
        assert_eq!(
            split_choices("电子邮件┋其他〖a┋b〗", "┋"),
            choices(&["电子邮件", "其他"], Some("a┋b"))
        );
        assert_eq!(
            split_choices("ip_portal;;email ", ";"),
            choices(&["ip_portal", "email "], None)
        );
        assert_eq!(
            split_choices("其他〖unclosed", "┋"),
            choices(&["其他"], Some("unclosed"))
        );
    }
}
