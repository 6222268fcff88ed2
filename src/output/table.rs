//! The human-readable ranking: a terminal table of published values, then notes that explain
//! every gap (unranked platforms, dimensions without data, dimensions outside the index).

use super::labels::Lang;
use super::ranking::{Align, Layout, NOT_IN_INDEX, RankingTable};
use super::text_table::boxed;
use super::{Exporter, OutputError, Report};
use crate::results::Results;
use comfy_table::Table;

/// Renders the ranking as a UTF-8 box table with notes below it.
#[derive(Debug, Clone, Default)]
pub struct TableExporter {
    /// Wrap cells to fit this many columns. None: never wrap. The terminal size is never
    /// asked, so the same results always give the same text.
    pub width: Option<u16>,
    /// `--lang`: headers, names, groups and notes in this language. None: the compact
    /// default, short English headers (dimension ids) with both names of each platform.
    pub lang: Option<Lang>,
}

impl Exporter for TableExporter {
    fn render(&self, results: &Results) -> Result<Vec<u8>, OutputError> {
        self.render_report(&Report {
            results,
            methodology: None,
        })
    }

    fn render_report(&self, report: &Report<'_>) -> Result<Vec<u8>, OutputError> {
        let results = report.results;
        let mut out = String::new();
        out.push_str(&title(results, self.lang));
        out.push('\n');
        out.push_str(&self.table(report).to_string());
        out.push('\n');
        for note in notes(results, self.lang.unwrap_or(Lang::En)) {
            out.push_str(&note);
            out.push('\n');
        }
        Ok(out.into_bytes())
    }
}

impl TableExporter {
    /// The shared ranking table (its text layout) as a box table.
    fn table(&self, report: &Report<'_>) -> Table {
        let ranking = RankingTable::build(report, Layout::Text(self.lang));
        let right = |i: usize| {
            ranking
                .columns
                .get(i)
                .is_some_and(|c| c.align == Align::Right)
        };
        boxed(ranking.headers(), ranking.display_rows(), right, self.width)
    }
}

fn title(results: &Results, lang: Option<Lang>) -> String {
    let meta = &results.index;
    let mut t = lang
        .unwrap_or(Lang::Both)
        .pick(&meta.name, meta.name_zh.as_deref());
    if !meta.edition.is_empty() {
        t = format!("{t} ({})", meta.edition);
    }
    t
}

/// The lines below the table, each answering "why is this cell empty or marked?", in the
/// language (both: each English line followed by its Chinese one). Reasons recorded by the
/// run (missing data, status) are quoted as they are.
pub(super) fn notes(results: &Results, lang: Lang) -> Vec<String> {
    let mut notes = Vec::new();
    let mut note = |en: String, zh: String| match lang {
        Lang::En => notes.push(en),
        Lang::Zh => notes.push(zh),
        Lang::Both => notes.extend([en, zh]),
    };
    let outside: Vec<&str> = results
        .dimension_names
        .iter()
        .filter(|d| !d.in_index)
        .map(|d| d.id.as_str())
        .collect();
    if !outside.is_empty() {
        let list = outside.join(", ");
        note(
            format!("{NOT_IN_INDEX} reported, not part of the index: {list}"),
            format!("{NOT_IN_INDEX} 仅列出，不计入指数：{list}"),
        );
    }
    for d in &results.dimension_names {
        if let Some(reason) = dimension_without_data(results, &d.id) {
            let zh = Lang::Zh.pick(&d.name, d.name_zh.as_deref());
            note(
                format!("{}: {reason}", d.id),
                format!("{zh}（{}）：{reason}", d.id),
            );
        }
    }
    if let Some(b) = &results.bootstrap {
        let (n, seed, level) = (b.replicates, b.seed, (b.level * 100.0).round());
        note(
            format!(
                "Bootstrap over respondents: {n} replicates (seed {seed}); percentile {level}% intervals, 5th–95th percentile ranks; Overlaps: ranks whose interval overlaps (not significantly different)"
            ),
            format!(
                "按受访者自助抽样（bootstrap）：{n} 次（随机种子 {seed}）；百分位 {level}% 区间，排名为第 5–95 百分位；无显著差异：区间重叠的排名"
            ),
        );
    }
    let unranked: Vec<String> = results
        .platforms
        .iter()
        .filter(|p| p.rank.is_none())
        .map(|p| {
            let why = p.status_reason.as_deref().unwrap_or(p.status.name());
            format!("{} ({why})", p.id)
        })
        .collect();
    if !unranked.is_empty() {
        let list = unranked.join("; ");
        note(format!("Not ranked: {list}"), format!("未排名：{list}"));
    }
    if !results.excluded_submissions.is_empty() {
        // Counts per reason, in order of first appearance; the log itself is on standard
        // error, in JSON, XLSX and `--exclusions FILE`.
        let mut reasons: Vec<(&str, usize)> = Vec::new();
        for e in &results.excluded_submissions {
            match reasons.iter_mut().find(|(r, _)| *r == e.reason) {
                Some((_, n)) => *n += 1,
                None => reasons.push((&e.reason, 1)),
            }
        }
        let counts: Vec<String> = reasons.iter().map(|(r, n)| format!("{n} {r}")).collect();
        let (total, counts) = (results.excluded_submissions.len(), counts.join(", "));
        note(
            format!(
                "Excluded submissions: {total} ({counts}); listed in --format json and with --exclusions FILE"
            ),
            format!(
                "剔除的答卷：{total} 份（{counts}）；明细见 --format json 或 --exclusions FILE"
            ),
        );
    }
    notes
}

/// When no platform has a score for the dimension: the recorded reason (the first one given,
/// so that a missing data file is named), or a generic one.
fn dimension_without_data(results: &Results, dim: &str) -> Option<String> {
    if results.platforms.is_empty() {
        return None;
    }
    let nodes: Vec<_> = results
        .platforms
        .iter()
        .map(|p| p.dimensions.get(dim))
        .collect();
    if nodes.iter().flatten().any(|n| n.score.is_some()) {
        return None;
    }
    let reason = nodes
        .iter()
        .flatten()
        .find_map(|n| n.missing_reason.clone())
        .unwrap_or_else(|| "no score for any platform".into());
    Some(reason)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::test_fixture::sample;

    fn render(results: &Results, width: Option<u16>) -> String {
        let bytes = TableExporter { width, lang: None }.render(results).unwrap();
        String::from_utf8(bytes).unwrap()
    }

    #[test]
    fn table_snapshot() {
        insta::assert_snapshot!(render(&sample(), None));
    }

    #[test]
    fn table_in_chinese_snapshot() {
        let results = crate::output::test_fixture::bootstrapped();
        let bytes = TableExporter {
            width: None,
            lang: Some(Lang::Zh),
        }
        .render(&results)
        .unwrap();
        let text = String::from_utf8(bytes).unwrap();
        assert!(
            text.contains("┆ 排名 ┆") || text.contains("│ 排名 ┆"),
            "{text}"
        );
        assert!(
            !text.contains("Rank") && !text.contains("Not ranked"),
            "{text}"
        );
        insta::assert_snapshot!(text);
    }

    #[test]
    fn narrow_width_wraps_deterministically() {
        insta::assert_snapshot!(render(&sample(), Some(60)));
    }

    #[test]
    fn missing_dimension_note_names_its_reason() {
        let text = render(&sample(), None);
        assert!(text.contains("opinion: no data (give --source opinion=FILE)\n"));
        assert!(text.contains("Not ranked: meituan (2 respondents < min 3)\n"));
    }

    #[test]
    fn empty_results_still_render_a_header() {
        let mut results = sample();
        results.platforms.clear();
        results.excluded_submissions.clear();
        let text = render(&results, None);
        assert!(text.contains("Respondents"));
        assert!(!text.contains("no data"), "no platform, no data note");
    }
}
