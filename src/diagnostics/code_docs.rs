//! The explanations of the finding codes as text (`qbpc-index explain-code`) and as Markdown
//! (`explain-code --format md`, and `docs/codes.md`, which is `explain-code --all --format md`).

use super::{Code, Explanation, Severity};

/// "error", "warning" or "error or warning".
fn severities(e: &Explanation) -> String {
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
pub fn text(code: Code) -> String {
    let e = code.explanation();
    let mut out = format!("{code} ({})\n\n{}\n\n", severities(&e), e.summary);
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

/// Every code with its severity and summary, one line each, for the terminal.
pub fn list_text() -> String {
    let width = Code::ALL
        .iter()
        .map(|c| c.as_str().len())
        .max()
        .unwrap_or(0);
    let mut out = String::new();
    for code in Code::ALL {
        let e = code.explanation();
        out.push_str(&format!(
            "{:width$}  {:16}  {}\n",
            code.as_str(),
            severities(&e),
            e.summary
        ));
    }
    out
}

/// One code in full, as a Markdown section.
pub fn markdown(code: Code) -> String {
    let e = code.explanation();
    let mut out = format!(
        "## `{code}`\n\n*{}*. {}\n\n**Cause.** {}\n\n**Fix.** {}\n\n",
        severities(&e),
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

/// Every code as a Markdown table (code, severity, summary), each code linking to its section.
pub fn list_markdown() -> String {
    let mut out = String::from("| code | severity | meaning |\n|---|---|---|\n");
    for code in Code::ALL {
        let e = code.explanation();
        out.push_str(&format!(
            "| [`{code}`](#{code}) | {} | {} |\n",
            severities(&e),
            e.summary.replace('|', "\\|")
        ));
    }
    out
}

/// The whole of `docs/codes.md`: an introduction, the table, then every code in full.
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
    out.push_str(&list_markdown());
    for code in Code::ALL {
        out.push('\n');
        out.push_str(&markdown(*code));
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
        assert_eq!(list.lines().count(), Code::ALL.len());
        assert!(list.contains("missing-column") && list.contains("error or warning"));
    }

    #[test]
    fn document_links_every_code_to_its_section() {
        let doc = document();
        for code in Code::ALL {
            assert!(doc.contains(&format!("](#{code})")), "{code}");
            assert!(doc.contains(&format!("\n## `{code}`\n")), "{code}");
        }
    }
}
