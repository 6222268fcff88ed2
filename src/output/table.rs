//! The human-readable ranking: a terminal table of published values, then notes that explain
//! every gap (unranked platforms, dimensions without data, dimensions outside the index).

use super::{Exporter, OutputError};
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
}

impl Exporter for TableExporter {
    fn render(&self, results: &Results) -> Result<Vec<u8>, OutputError> {
        let mut out = String::new();
        out.push_str(&title(results));
        out.push('\n');
        out.push_str(&self.table(results).to_string());
        out.push('\n');
        for note in notes(results) {
            out.push_str(&note);
            out.push('\n');
        }
        Ok(out.into_bytes())
    }
}

impl TableExporter {
    fn table(&self, results: &Results) -> Table {
        let mut table = Table::new();
        table.load_style(UTF8_FULL_CONDENSED).force_no_tty();
        match self.width {
            Some(w) => table
                .set_content_arrangement(ContentArrangement::Dynamic)
                .set_width(w),
            None => table.set_content_arrangement(ContentArrangement::Disabled),
        };
        let mut header: Vec<String> = ["Rank", "Platform", "Group", "Index"]
            .map(String::from)
            .to_vec();
        if results.bootstrap.is_some() {
            header.extend(["95% interval", "Rank 5–95%", "P(1st)", "Overlaps"].map(String::from));
        }
        for d in &results.dimension_names {
            let mark = if d.in_index { "" } else { NOT_IN_INDEX };
            header.push(format!("{}{mark}", d.id));
        }
        header.push("Respondents".into());
        table.set_header(header);
        for p in &results.platforms {
            table.add_row(row(results, p));
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

fn row(results: &Results, p: &PlatformResult) -> Vec<String> {
    let mut cells = vec![
        p.rank.map_or(MISSING.to_string(), |r| r.to_string()),
        platform_label(p),
        p.group.clone().unwrap_or_else(|| MISSING.into()),
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

fn title(results: &Results) -> String {
    let meta = &results.index;
    let mut t = meta.name.clone();
    if let Some(zh) = meta.name_zh.as_deref().filter(|zh| !zh.is_empty()) {
        t = format!("{t} {zh}");
    }
    if !meta.edition.is_empty() {
        t = format!("{t} ({})", meta.edition);
    }
    t
}

/// The lines below the table, each answering "why is this cell empty or marked?".
pub(super) fn notes(results: &Results) -> Vec<String> {
    let mut notes = Vec::new();
    let outside: Vec<&str> = results
        .dimension_names
        .iter()
        .filter(|d| !d.in_index)
        .map(|d| d.id.as_str())
        .collect();
    if !outside.is_empty() {
        notes.push(format!(
            "{NOT_IN_INDEX} reported, not part of the index: {}",
            outside.join(", ")
        ));
    }
    for d in &results.dimension_names {
        if let Some(reason) = dimension_without_data(results, &d.id) {
            notes.push(format!("{}: {reason}", d.id));
        }
    }
    if let Some(b) = &results.bootstrap {
        notes.push(format!(
            "Bootstrap over respondents: {} replicates (seed {}); percentile {}% intervals, 5th–95th percentile ranks; Overlaps: ranks whose interval overlaps (not significantly different)",
            b.replicates,
            b.seed,
            (b.level * 100.0).round()
        ));
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
        notes.push(format!("Not ranked: {}", unranked.join("; ")));
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
        notes.push(format!(
            "Excluded submissions: {} ({}); listed in --format json and with --exclusions FILE",
            results.excluded_submissions.len(),
            counts.join(", ")
        ));
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
        let bytes = TableExporter { width }.render(results).unwrap();
        String::from_utf8(bytes).unwrap()
    }

    #[test]
    fn table_snapshot() {
        insta::assert_snapshot!(render(&sample(), None));
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
