//! A report-ready Markdown table (`--format md`): the ranking with the published scores of
//! every dimension, bilingual headers, then the notes that explain every gap. Every text is
//! escaped, so that a name can neither break the table nor inject HTML.

use super::labels::Lang;
use super::ranking::{Align, Layout, RankingTable};
use super::{Exporter, OutputError, Report};
use crate::results::Results;

#[derive(Debug, Clone, Default)]
pub struct MarkdownExporter {
    pub lang: Lang,
}

impl Exporter for MarkdownExporter {
    fn render(&self, results: &Results) -> Result<Vec<u8>, OutputError> {
        self.render_report(&Report {
            results,
            methodology: None,
        })
    }

    fn render_report(&self, report: &Report<'_>) -> Result<Vec<u8>, OutputError> {
        let results = report.results;
        let lang = self.lang;
        let mut out = format!("# {}\n\n", escape(&title(results, lang)));
        let ranking = RankingTable::build(report, Layout::Markdown(lang));
        out.push_str(&table(&ranking.headers(), &ranking.display_rows(), |i| {
            ranking
                .columns
                .get(i)
                .is_some_and(|c| c.align == Align::Right)
        }));
        let notes = super::table::notes(results, lang);
        if !notes.is_empty() {
            out.push('\n');
            for note in notes {
                out.push_str(&format!("* {}\n", escape(&note)));
            }
        }
        Ok(out.into_bytes())
    }
}

fn title(results: &Results, lang: Lang) -> String {
    let meta = &results.index;
    let mut t = lang.pick(&meta.name, meta.name_zh.as_deref());
    if !meta.edition.is_empty() {
        t = format!("{t} ({})", meta.edition);
    }
    t
}

/// A pipe table; `numeric(column)` right-aligns a column. Cells are escaped here.
pub(super) fn table(
    header: &[String],
    rows: &[Vec<String>],
    numeric: impl Fn(usize) -> bool,
) -> String {
    let line = |cells: &[String]| -> String {
        let escaped: Vec<String> = cells.iter().map(|c| escape(c)).collect();
        format!("| {} |\n", escaped.join(" | "))
    };
    let mut out = line(header);
    let rule: Vec<&str> = (0..header.len())
        .map(|i| if numeric(i) { "---:" } else { "---" })
        .collect();
    out.push_str(&format!("|{}|\n", rule.join("|")));
    for row in rows {
        out.push_str(&line(row));
    }
    out
}

/// Escapes text for a Markdown table cell: Markdown punctuation is backslash-escaped, HTML
/// characters become entities (Markdown renderers pass raw HTML through), line breaks become
/// spaces (a table row is one line).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' | '|' | '*' | '_' | '`' | '[' | ']' | '#' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\r' => {}
            '\n' | '\t' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::test_fixture::sample;

    fn render(results: &Results, lang: Lang) -> String {
        let bytes = MarkdownExporter { lang }.render(results).unwrap();
        String::from_utf8(bytes).unwrap()
    }

    #[test]
    fn markdown_snapshot() {
        insta::assert_snapshot!(render(&sample(), Lang::Both));
    }

    #[test]
    fn bootstrap_interval_column_when_present() {
        let text = render(&crate::output::test_fixture::bootstrapped(), Lang::En);
        assert!(text.contains("| Rank | Platform | Group | Index | 95% interval |"));
        assert!(text.contains("| 71.2 | \\[68.3, 74.0\\] |"), "{text}");
        assert!(!render(&sample(), Lang::En).contains("95% interval"));
    }

    #[test]
    fn english_only_headers() {
        let text = render(&sample(), Lang::En);
        assert!(text.contains("| Rank | Platform | Group | Index |"));
        assert!(!text.contains("排名"));
    }

    #[test]
    fn names_cannot_break_the_table_or_inject_html() {
        let mut results = sample();
        results.platforms[0].name = "<script>alert(1)</script> | x\ny".into();
        results.platforms[0].name_zh = None;
        let text = render(&results, Lang::En);
        assert!(!text.contains("<script>"));
        assert!(text.contains("&lt;script&gt;alert(1)&lt;/script&gt; \\| x y"));
        let widths: Vec<usize> = text
            .lines()
            .filter(|l| l.starts_with('|'))
            .map(|l| l.replace("\\|", "").matches('|').count())
            .collect();
        assert!(widths.windows(2).all(|w| w[0] == w[1]), "{widths:?}");
    }
}
