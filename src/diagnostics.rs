//! Findings about inputs: data, not printed text. Renderers turn them into human lines or JSON.

#[macro_use]
mod string_codes;
mod code;
pub mod code_docs;
mod error_code;
mod error_explanation;
mod explanation;

pub use code::Code;
pub use error_code::{AnyCode, ErrorCode, UnknownCode};
pub use explanation::Explanation;
use serde::Serialize;
use std::fmt;

/// How bad a finding is. Errors stop a run (or fail `validate`); warnings are reported and,
/// with `--strict`, turn the exit code to 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

/// Where a finding points: a definition file position, or a cell of a data file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Location {
    pub file: Option<String>,
    /// 1-based line in a text file (definition TOML).
    pub line: Option<usize>,
    /// 1-based column (characters) in a text file.
    pub col: Option<usize>,
    pub sheet: Option<String>,
    /// Spreadsheet-style cell reference ("D17"), for data files.
    pub cell: Option<String>,
    /// 1-based row of the data file (header rows included), for data files.
    pub row: Option<usize>,
    /// Column header text, for data files.
    pub column: Option<String>,
}

impl Location {
    pub fn file(file: impl Into<String>) -> Self {
        Location {
            file: Some(file.into()),
            ..Location::default()
        }
    }

    /// A position in a text file, from a byte offset.
    pub fn in_text(file: &str, text: &str, offset: usize) -> Self {
        let (line, col) = line_col(text, offset);
        Location {
            file: Some(file.to_string()),
            line: Some(line),
            col: Some(col),
            ..Location::default()
        }
    }

    /// A cell of a data file; `row` and `col0` are 1-based and 0-based respectively.
    pub fn cell(
        file: &str,
        sheet: Option<&str>,
        row: usize,
        col0: usize,
        header: Option<&str>,
    ) -> Self {
        Location {
            file: Some(file.to_string()),
            sheet: sheet.map(str::to_string),
            cell: Some(format!("{}{}", column_letters(col0), row)),
            row: Some(row),
            column: header.map(str::to_string),
            ..Location::default()
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut parts: Vec<String> = Vec::new();
        if let Some(file) = &self.file {
            let mut s = file.clone();
            if let Some(line) = self.line {
                s.push_str(&format!(":{line}"));
                if let Some(col) = self.col {
                    s.push_str(&format!(":{col}"));
                }
            }
            parts.push(s);
        }
        if let Some(sheet) = &self.sheet {
            parts.push(format!("sheet {sheet:?}"));
        }
        if let Some(cell) = &self.cell {
            parts.push(format!("cell {cell}"));
        } else if let Some(row) = self.row {
            parts.push(format!("row {row}"));
        }
        if let Some(column) = &self.column {
            parts.push(format!("column {column:?}"));
        }
        write!(f, "{}", parts.join(", "))
    }
}

/// One finding: a stable machine code, a message that names the offending value, where, and a hint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Diagnostic {
    pub severity: Severity,
    // Written as its kebab-case string (`Code::as_str`); the schema says "string", as before.
    #[schemars(with = "String")]
    pub code: Code,
    pub message: String,
    pub location: Location,
    pub hint: Option<String>,
}

impl Diagnostic {
    pub fn error(code: Code, message: impl Into<String>, location: Location) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code,
            message: message.into(),
            location,
            hint: None,
        }
    }

    pub fn warning(code: Code, message: impl Into<String>, location: Location) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            code,
            message: message.into(),
            location,
            hint: None,
        }
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    /// `error[code]: file:line:col: message` followed by an indented `hint:` line.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sev = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let loc = self.location.to_string();
        if loc.is_empty() {
            write!(f, "{sev}[{}]: {}", self.code, self.message)?;
        } else {
            write!(f, "{sev}[{}]: {loc}: {}", self.code, self.message)?;
        }
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}

/// 1-based line and character column of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..floor_char_boundary(text, offset)];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = before[line_start..].chars().count() + 1;
    (line, col)
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Spreadsheet column letters for a 0-based column index: 0 -> A, 25 -> Z, 26 -> AA (the
/// xlsx reader's, so that its messages and ours name a column alike).
pub use qbpc_xlsx::column_letters;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_letters_follow_spreadsheet_convention() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(133), "ED");
        assert_eq!(column_letters(701), "ZZ");
        assert_eq!(column_letters(702), "AAA");
    }

    #[test]
    fn line_col_counts_characters_not_bytes() {
        let text = "a = 1\n名字 = \"x\"\n";
        assert_eq!(line_col(text, 0), (1, 1));
        let off = text.find('=').unwrap();
        assert_eq!(line_col(text, off), (1, 3));
        let off = text.rfind('=').unwrap();
        assert_eq!(line_col(text, off), (2, 4));
    }

    #[test]
    fn display_names_location_and_hint() {
        let d = Diagnostic::error(
            Code::UnknownReference,
            "unknown scale \"agree6\"",
            Location {
                file: Some("index.toml".into()),
                line: Some(3),
                col: Some(9),
                ..Location::default()
            },
        )
        .with_hint("did you mean \"agree5\"?");
        assert_eq!(
            d.to_string(),
            "error[unknown-reference]: index.toml:3:9: unknown scale \"agree6\"\n  hint: did you mean \"agree5\"?"
        );
    }
}
