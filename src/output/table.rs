//! The human-readable ranking: a terminal table of published values, then notes that explain
//! every gap (unranked platforms, dimensions without data, dimensions outside the index).

use super::labels::{L, Lang, dimension_name, group_name, platform_name};
use super::{Exporter, OutputError, Report};
use crate::results::{PlatformResult, Results};
use comfy_table::{CellAlignment, ContentArrangement, Table, presets::UTF8_FULL_CONDENSED};

/// Shown for a missing value (no rank, no score, no group).
const MISSING: &str = "–";

/// Marks a dimension that is reported but does not enter the index.
const NOT_IN_INDEX: &str = "*";

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
    fn table(&self, report: &Report<'_>) -> Table {
        let results = report.results;
        let lang = self.lang;
        let mut table = Table::new();
        table.load_style(UTF8_FULL_CONDENSED).force_no_tty();
        match self.width {
            Some(w) => table
                .set_content_arrangement(ContentArrangement::Dynamic)
                .set_width(w),
            None => table.set_content_arrangement(ContentArrangement::Disabled),
        };
        let l = |label: L| lang.unwrap_or(Lang::En).t(label);
        let mut header: Vec<String> = vec![l(L::Rank), l(L::Platform), l(L::Group), l(L::Index)];
        if results.bootstrap.is_some() {
            let t = |en: &str, zh: &str| lang.unwrap_or(Lang::En).pick(en, Some(zh));
            header.extend([
                l(L::Interval),
                t("Rank 5–95%", "排名5–95%"),
                t("P(1st)", "第一概率"),
                t("Overlaps", "无显著差异"),
            ]);
        }
        for d in &results.dimension_names {
            let mark = if d.in_index { "" } else { NOT_IN_INDEX };
            let name = match lang {
                Some(lang) => dimension_name(d, lang),
                None => d.id.clone(),
            };
            header.push(format!("{name}{mark}"));
        }
        header.push(l(L::Respondents));
        table.set_header(header);
        for p in &results.platforms {
            table.add_row(row(report, p, lang));
        }
        // Everything but Platform and Group is a number: right-align so digits line up.
        for (i, col) in table.column_iter_mut().enumerate() {
            if i != 1 && i != 2 {
                col.set_cell_alignment(CellAlignment::Right);
            }
        }
        table
    }
}

fn row(report: &Report<'_>, p: &PlatformResult, lang: Option<Lang>) -> Vec<String> {
    let results = report.results;
    let (name, group) = match lang {
        Some(lang) => (
            platform_name(p, lang),
            Some(group_name(report, p.group.as_deref(), lang)).filter(|g| !g.is_empty()),
        ),
        None => (platform_label(p), p.group.clone()),
    };
    let mut cells = vec![
        p.rank.map_or(MISSING.to_string(), |r| r.to_string()),
        name,
        group.unwrap_or_else(|| MISSING.into()),
        shown(p.score_display.as_deref()),
    ];
    cells.extend(bootstrap_cells(results, p));
    for d in &results.dimension_names {
        let score = p
            .dimensions
            .get(&d.id)
            .and_then(|n| n.score_display.as_deref());
        cells.push(shown(score));
    }
    cells.push(p.respondents.to_string());
    cells
}

/// `score --bootstrap`: the index interval, rank interval, probability of ranking first, and
/// the ranks of the platforms it cannot be told apart from (overlapping intervals).
fn bootstrap_cells(results: &Results, p: &PlatformResult) -> Vec<String> {
    if results.bootstrap.is_none() {
        return Vec::new();
    }
    let Some(u) = super::intervals::uncertainty(results, &p.id, None) else {
        return vec![MISSING.to_string(); 4];
    };
    let rank_of = |id: &String| {
        results
            .platforms
            .iter()
            .find(|q| &q.id == id)
            .and_then(|q| q.rank)
    };
    let mut overlaps: Vec<u32> = u.not_different_from.iter().filter_map(rank_of).collect();
    overlaps.sort_unstable();
    overlaps.dedup();
    vec![
        super::intervals::score_interval(results, u),
        super::intervals::rank_interval(u).unwrap_or_else(|| MISSING.into()),
        u.p_first.map_or(MISSING.into(), |x| format!("{x:.2}")),
        if overlaps.is_empty() {
            MISSING.into()
        } else {
            overlaps
                .iter()
                .map(u32::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        },
    ]
}

/// "Taobao 淘宝": the English name, then the Chinese one when the definition has it.
fn platform_label(p: &PlatformResult) -> String {
    match &p.name_zh {
        Some(zh) if !zh.is_empty() && *zh != p.name => format!("{} {zh}", p.name),
        _ => p.name.clone(),
    }
}

fn shown(value: Option<&str>) -> String {
    value.unwrap_or(MISSING).to_string()
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
