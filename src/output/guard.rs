//! Spreadsheet formula-injection guard, shared by every format that a spreadsheet may open
//! (CSV now, XLSX later). Platform names, group ids and reasons come from user-edited files,
//! so a cell such as `=HYPERLINK(...)` must never reach Excel as a live formula.

use std::borrow::Cow;

/// Leading characters that make Excel, LibreOffice or Google Sheets treat a cell as a formula
/// (the OWASP "CSV injection" list).
const FORMULA_TRIGGERS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// A text cell made safe for spreadsheets: prefixed with `'` when it starts with a formula
/// trigger. Use it on text columns only: numbers such as `-0.5` must stay numbers.
pub fn guard_text(text: &str) -> Cow<'_, str> {
    if text.starts_with(FORMULA_TRIGGERS) {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

/// A cell of a numeric column: kept as written when it parses as a number (so `-0.5` stays
/// numeric), guarded like text otherwise. Numeric columns are produced by this crate, so the
/// fallback is only a second line of defence.
pub fn guard_numeric(text: &str) -> Cow<'_, str> {
    // A leading digit is no formula trigger: nothing to check (the common case, cheaply).
    if text.as_bytes().first().is_some_and(u8::is_ascii_digit) || text.trim().parse::<f64>().is_ok()
    {
        Cow::Borrowed(text)
    } else {
        guard_text(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_starting_with_a_trigger_gets_an_apostrophe() {
        for s in ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"] {
            assert_eq!(guard_text(s), format!("'{s}"), "{s:?}");
        }
    }

    #[test]
    fn harmless_text_is_borrowed_unchanged() {
        for s in ["Taobao 淘宝", "", " =1", "a=b", "'=already"] {
            assert!(matches!(guard_text(s), Cow::Borrowed(t) if t == s), "{s:?}");
        }
    }

    #[test]
    fn numbers_stay_numbers_in_numeric_columns() {
        assert_eq!(guard_numeric("-0.5"), "-0.5");
        assert_eq!(guard_numeric("71.2"), "71.2");
        assert_eq!(guard_numeric(""), "");
        assert_eq!(guard_numeric("-1+cmd"), "'-1+cmd");
    }
}
