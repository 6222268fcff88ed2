//! Platform-level values: read from their data files, then normalised across platforms after
//! pooling (contract step 1, "numeric with normalize"), with COINr's min-max formula.

use super::ItemScore;
use crate::classify::{CellClass, classify, invalid_answer};
use crate::definition::{Model, Normalize, ScaleKind};
use crate::diagnostics::{Diagnostic, Location};
use crate::ingest::{PlatformData, format_number};

/// Classify the values of platform-level files into their items.
pub fn platform_values(
    model: &Model,
    files: &[PlatformData],
    items: &mut [Vec<ItemScore>],
    diagnostics: &mut Vec<Diagnostic>,
) {
    for file in files {
        for v in &file.values {
            let item = &model.items[v.item];
            let it = &mut items[v.platform][v.item];
            match classify(&model.scales[item.scale], false, &v.value) {
                CellClass::Score(s) => {
                    it.score = Some(s);
                    it.n = 1;
                }
                CellClass::Number(x) => {
                    it.raw = Some(x);
                    it.n = 1;
                }
                CellClass::Na => it.counts.na += 1,
                CellClass::NoAnswer | CellClass::Skipped | CellClass::Text(_) => {
                    it.counts.no_answer += 1;
                    it.missing_reason = Some(format!("value missing in {}", file.file));
                }
                CellClass::Invalid(reason) => {
                    it.counts.invalid += 1;
                    let platform = &model.platforms[v.platform].id;
                    diagnostics.push(invalid_answer(
                        model,
                        item,
                        &v.value,
                        reason,
                        platform,
                        v.location.clone(),
                    ));
                }
            }
        }
    }
}

/// Min-max normalisation of every item whose scale says `normalize`, across the platforms that
/// have a value. A constant column cannot be normalised: the item gets no score and a warning.
pub fn across_platforms(
    model: &Model,
    items: &mut [Vec<ItemScore>],
    diagnostics: &mut Vec<Diagnostic>,
) {
    for (i, item) in model.items.iter().enumerate() {
        let ScaleKind::Numeric(num) = &model.scales[item.scale].kind else {
            continue;
        };
        let Some(Normalize::MinMax { higher_is_better }) = num.normalize else {
            continue;
        };
        let values: Vec<f64> = items.iter().filter_map(|row| row[i].raw).collect();
        if values.is_empty() {
            continue;
        }
        let min = values.iter().copied().fold(f64::INFINITY, f64::min);
        let max = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        if max == min {
            diagnostics.push(
                Diagnostic::warning(
                    "constant-column",
                    format!(
                        "item \"{}\" has the same value ({}) for every platform, so it cannot be normalised; it is left without a score",
                        item.id,
                        format_number(min)
                    ),
                    Location::file(model.origin.clone()),
                )
                .with_hint("check the data file; a constant indicator carries no information"),
            );
            for row in items.iter_mut() {
                if row[i].raw.is_some() {
                    row[i].missing_reason =
                        Some("constant across platforms: cannot be normalised".into());
                }
            }
            continue;
        }
        for row in items.iter_mut() {
            if let Some(x) = row[i].raw {
                row[i].score = Some(if higher_is_better {
                    100.0 * (x - min) / (max - min)
                } else {
                    100.0 * (max - x) / (max - min)
                });
            }
        }
    }
}
