//! Text and JSON renderings of the `stats` and `sensitivity` reports (the bootstrap is part of
//! the score results and rendered by the score exporters).

use super::reliability::Reliability;
use super::sensitivity::{Perturbation, Sensitivity};
use super::weights::EffectiveWeight;
use comfy_table::{CellAlignment, Table, presets::UTF8_FULL_CONDENSED};
use serde::Serialize;

/// The report of `qbpc-index stats`.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct StatsReport {
    pub reliability: Reliability,
    pub effective_weights: Vec<EffectiveWeight>,
}

/// Shown for a value that cannot be computed.
const MISSING: &str = "–";

fn number(x: Option<f64>, decimals: usize) -> String {
    x.filter(|v| v.is_finite())
        .map_or(MISSING.to_string(), |v| format!("{v:.decimals$}"))
}

fn table(header: &[&str]) -> Table {
    let mut t = Table::new();
    t.load_style(UTF8_FULL_CONDENSED).force_no_tty();
    t.set_header(header.to_vec());
    t
}

fn right_align(t: &mut Table, from: usize) {
    for (i, col) in t.column_iter_mut().enumerate() {
        if i >= from {
            col.set_cell_alignment(CellAlignment::Right);
        }
    }
}

/// Pretty JSON with a final newline (non-finite numbers become null).
pub fn json<T: Serialize>(value: &T) -> Result<Vec<u8>, serde_json::Error> {
    let mut bytes = serde_json::to_vec_pretty(value)?;
    bytes.push(b'\n');
    Ok(bytes)
}

/// Reliability per scale, the item table of each scale, then the effective weights.
pub fn stats_text(report: &StatsReport) -> String {
    let r = &report.reliability;
    let mut out = format!(
        "Reliability (psych::alpha, pairwise covariances) on {} respondent x platform rows\n",
        r.rows
    );
    let mut summary = table(&["Scale", "Level", "Items", "Rows", "Alpha", "Std. alpha"]);
    for s in &r.scales {
        summary.add_row(vec![
            s.node.clone(),
            s.level.to_string(),
            s.items.to_string(),
            s.rows.to_string(),
            number(s.alpha, 3),
            number(s.std_alpha, 3),
        ]);
    }
    right_align(&mut summary, 2);
    out.push_str(&format!("{summary}\n"));
    for s in &r.scales {
        out.push_str(&format!("\n{} ({}): {}\n", s.node, s.level, s.name));
        if let Some(note) = &s.note {
            out.push_str(&format!("  {note}\n"));
        }
        if !s.dropped.is_empty() {
            out.push_str(&format!(
                "  left out (no variance): {}\n",
                s.dropped.join(", ")
            ));
        }
        if s.item_stats.is_empty() {
            continue;
        }
        let mut items = table(&["Item", "n", "Mean", "SD", "r.drop", "Alpha if dropped"]);
        for i in &s.item_stats {
            items.add_row(vec![
                i.item.clone(),
                i.n.to_string(),
                number(Some(i.mean), 1),
                number(Some(i.sd), 1),
                number(i.r_drop, 3),
                number(i.alpha_if_dropped, 3),
            ]);
        }
        right_align(&mut items, 1);
        out.push_str(&format!("{items}\n"));
    }
    let mut weights = table(&["Item", "Dimension", "Source", "Effective weight"]);
    for w in &report.effective_weights {
        weights.add_row(vec![
            w.item.clone(),
            w.dimension.clone(),
            w.source.clone(),
            format!("{:.4}", w.weight),
        ]);
    }
    right_align(&mut weights, 3);
    out.push_str(&format!(
        "\nEffective weights (share of the index when every score is present)\n{weights}\n"
    ));
    out
}

/// Rank ranges per platform, then the rank shifts when a dimension is left out.
pub fn sensitivity_text(s: &Sensitivity) -> String {
    let how = match s.perturbation {
        Perturbation::Uniform { share } => {
            format!("dimension weights × (1 ± up to {:.0}%)", share * 100.0)
        }
        Perturbation::Dirichlet { concentration } => {
            format!("dimension weight shares ~ Dirichlet(concentration {concentration})")
        }
    };
    let mut out = format!(
        "Weight sensitivity: {} runs (seed {}), {how}; index method: {}\n",
        s.runs,
        s.seed,
        s.methods.join(" | ")
    );
    let mut t = table(&["Platform", "Nominal rank", "Median rank", "Rank 5–95%"]);
    for p in &s.platforms {
        t.add_row(vec![
            p.name.clone(),
            p.nominal_rank.to_string(),
            format!("{}", p.median_rank),
            format!("{}–{}", p.rank_low, p.rank_high),
        ]);
    }
    right_align(&mut t, 1);
    out.push_str(&format!("{t}\n"));
    let mut l = table(&["Left out", "Mean |rank shift|", "Max |rank shift|"]);
    for d in &s.left_out {
        l.add_row(vec![
            d.dimension.clone(),
            format!("{:.2}", d.mean_abs_rank_shift),
            d.max_abs_rank_shift.to_string(),
        ]);
    }
    right_align(&mut l, 1);
    out.push_str(&format!("\nEach dimension left out in turn\n{l}\n"));
    out
}
