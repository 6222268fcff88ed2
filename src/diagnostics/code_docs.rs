//! The explanations of the codes as text (`qbpc-index explain-code`) and as Markdown
//! (`explain-code --format md`, and `docs/codes.md`, which is `explain-code --all --format md`):
//! the finding codes, then the codes of the errors that stop a run.

use super::{AnyCode, Code, ErrorCode, Explanation, Severity};

/// The heading of the part about the codes of errors that stop a run.
const STOPS: &str = "Errors that stop a run (exit 2)";

/// "error", "warning" or "error or warning" for a finding; "error, exit 2" for a stop.
fn label(code: AnyCode, e: &Explanation) -> String {
    if let AnyCode::Stop(_) = code {
        return "error, exit 2".to_string();
    }
    let names: Vec<&str> = e
        .severity
        .iter()
        .map(|s| match s {
            Severity::Error => "error",
            Severity::Warning => "warning",
        })
        .collect();
    names.join(" or ")
}

/// One code in full, for the terminal.
pub fn text(code: impl Into<AnyCode>) -> String {
    let code = code.into();
    let e = code.explanation();
    let mut out = format!("{code} ({})\n\n{}\n\n", label(code, &e), e.summary);
    out.push_str(&format!("Cause: {}\n\nFix: {}\n", e.cause, e.fix));
    if !e.example.is_empty() {
        out.push_str("\nExample:\n");
        for line in e.example.lines() {
            out.push_str(&format!("    {line}\n"));
        }
    }
    out.push_str(&format!("\n中文：{}\n", e.zh));
    out
}

/// Every code in full, for the terminal: the finding codes, then the errors that stop a run.
pub fn all_text() -> String {
    let all: Vec<String> = AnyCode::all().map(text).collect();
    all.join("\n")
}

/// Every code (of both kinds, in the order of their strings) with its severity and summary,
/// one line each, for the terminal.
pub fn list_text() -> String {
    let mut codes: Vec<AnyCode> = AnyCode::all().collect();
    codes.sort_by_key(|c| c.as_str());
    let width = codes.iter().map(|c| c.as_str().len()).max().unwrap_or(0);
    let mut out = String::new();
    for code in codes {
        let e = code.explanation();
        out.push_str(&format!(
            "{:width$}  {:16}  {}\n",
            code.as_str(),
            label(code, &e),
            e.summary
        ));
    }
    out
}

/// One code in full, as a Markdown section.
pub fn markdown(code: impl Into<AnyCode>) -> String {
    let code = code.into();
    let e = code.explanation();
    let mut out = format!(
        "## `{code}`\n\n*{}*. {}\n\n**Cause.** {}\n\n**Fix.** {}\n\n",
        label(code, &e),
        e.summary,
        e.cause,
        e.fix
    );
    if !e.example.is_empty() {
        out.push_str(&format!("**Example.**\n\n```text\n{}\n```\n\n", e.example));
    }
    out.push_str(&format!("**中文。** {}\n", e.zh));
    out
}

/// Codes as a Markdown table (code, severity, summary), each code linking to its section.
fn table_markdown(codes: impl Iterator<Item = AnyCode>) -> String {
    let mut out = String::from("| code | severity | meaning |\n|---|---|---|\n");
    for code in codes {
        let e = code.explanation();
        out.push_str(&format!(
            "| [`{code}`](#{code}) | {} | {} |\n",
            label(code, &e),
            e.summary.replace('|', "\\|")
        ));
    }
    out
}

fn findings() -> impl Iterator<Item = AnyCode> {
    Code::ALL.iter().map(|c| AnyCode::from(*c))
}

fn stops() -> impl Iterator<Item = AnyCode> {
    ErrorCode::ALL.iter().map(|c| AnyCode::from(*c))
}

/// Every code as Markdown tables: the finding codes, then the errors that stop a run.
pub fn list_markdown() -> String {
    format!(
        "{}\n## {STOPS}\n\n{}",
        table_markdown(findings()),
        table_markdown(stops())
    )
}

/// The whole of `docs/codes.md`: an introduction, the table, then every finding code in full;
/// then the same for the codes of the errors that stop a run.
pub fn document() -> String {
    let mut out = String::from(
        "# Finding codes\n\n\
         <!-- Generated: `qbpc-index explain-code --all --format md > docs/codes.md`. \
         Do not edit by hand; tests/cli/explain_code.rs checks that it is current. -->\n\n\
         Every finding (`validate`, `inspect`, the warnings of `score` and the other commands, \
         the `diagnostics` of a JSON result, the findings sheet of the XLSX workbook) carries \
         one of these codes, printed as `error[CODE]` or `warning[CODE]`. The codes are \
         stable: scripts may match on them; the messages may change. \
         `qbpc-index explain-code CODE` prints one of these explanations, \
         `qbpc-index explain-code --list` the list.\n\n",
    );
    out.push_str(&table_markdown(findings()));
    for code in findings() {
        out.push('\n');
        out.push_str(&markdown(code));
    }
    out.push_str(&format!(
        "\n# {STOPS}\n\n\
         A command that stops (exit 2) prints `error: MESSAGE` and a hint on standard error; \
         run with `--format json`, it prints `{{\"error\": {{\"code\", \"message\", \"location\", \"hint\"}}}}` \
         on standard output instead. The `code` is one of these; like the finding codes they are \
         stable, and `qbpc-index explain-code CODE` explains each.\n\n"
    ));
    out.push_str(&table_markdown(stops()));
    for code in stops() {
        out.push('\n');
        out.push_str(&markdown(code));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_has_every_part() {
        let t = text(Code::UnknownReference);
        assert!(t.starts_with("unknown-reference (error)\n\n"), "{t}");
        for part in ["\nCause: ", "\nFix: ", "\nExample:\n    error[", "\n中文："] {
            assert!(t.contains(part), "{part} in {t}");
        }
        // No example: no Example heading.
        assert!(!text(Code::WaveOrder).contains("Example:"));
    }

    #[test]
    fn list_has_one_line_per_code() {
        let list = list_text();
        assert_eq!(list.lines().count(), Code::ALL.len() + ErrorCode::ALL.len());
        assert!(list.contains("\nread-failed ") && list.contains("  error, exit 2  "));
        assert!(list.contains("missing-column") && list.contains("error or warning"));
    }

    #[test]
    fn document_links_every_code_to_its_section() {
        let doc = document();
        for code in AnyCode::all() {
            assert!(doc.contains(&format!("](#{code})")), "{code}");
            assert!(doc.contains(&format!("\n## `{code}`\n")), "{code}");
        }
    }
}
