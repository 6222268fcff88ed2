//! Platform-level values: read from their data files, then (after pooling, for survey numbers)
//! imputed and treated when the scale asks for it, and normalised across platforms with
//! COINr's formulas (contract step 1, "numeric with normalize").

// Indexing is in range here: items[platform][item] is sized from the Model here;
// item.scale/item.source/platform/group ixs are Model cross-references compile checks.
#![allow(clippy::indexing_slicing)]

pub mod methods;

use super::ItemScore;
use crate::classify::{CellClass, classify, invalid_answer};
use crate::definition::{ItemIx, Model, Numeric, ScaleKind};
use crate::diagnostics::{Code, Diagnostic, Location};
use crate::ingest::PlatformData;
use crate::results::TreatmentEntry;
use crate::treat::{self, Change, ImputeProblem, Treated};

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
                        file.location(v),
                    ));
                }
            }
        }
    }
}

/// What normalisation found besides the scores: warnings and the treatment log.
#[derive(Debug, Default)]
pub struct Notes {
    pub diagnostics: Vec<Diagnostic>,
    pub treatment: Vec<TreatmentEntry>,
}

/// Impute, treat and normalise every item whose scale says `normalize`, across the platforms
/// that have a value. An item that cannot be normalised (a constant column, ...) gets no score
/// and a warning, never a NaN.
pub fn across_platforms(model: &Model, items: &mut [Vec<ItemScore>], notes: &mut Notes) {
    for (i, item) in model.items.iter().enumerate() {
        if let ScaleKind::Numeric(num) = &model.scales[item.scale].kind
            && num.normalise.is_some()
        {
            normalise_item(model, i, num, items, notes);
        }
    }
}

/// The items that [`across_platforms`] normalises and that depend on respondents (their
/// values change from one bootstrap replicate to the next).
pub fn survey_items_normalised(model: &Model) -> Vec<ItemIx> {
    (0..model.items.len())
        .filter(|&i| {
            let it = &model.items[i];
            model.sources[it.source].kind == crate::definition::SourceKind::Survey
                && matches!(&model.scales[it.scale].kind, ScaleKind::Numeric(n) if n.normalise.is_some())
        })
        .collect()
}

/// One item: raw values -> imputed -> treated -> normalised scores.
pub fn normalise_item(
    model: &Model,
    i: ItemIx,
    num: &Numeric,
    items: &mut [Vec<ItemScore>],
    notes: &mut Notes,
) {
    let values: Vec<Option<f64>> = items.iter().map(|row| row[i].raw).collect();
    match normalise_values(model, i, num, values, notes) {
        Normalised::Nothing => {}
        Normalised::Scores(scores) => {
            for (row, s) in items.iter_mut().zip(scores) {
                row[i].score = s;
            }
        }
        Normalised::Refused { values, why } => {
            for (row, v) in items.iter_mut().zip(&values) {
                if v.is_some() {
                    row[i].missing_reason = Some(why.clone());
                }
            }
        }
    }
}

/// What [`normalise_values`] made of an item's raw values.
pub enum Normalised {
    /// No platform has a value (nothing to do, nothing to say).
    Nothing,
    /// One score per platform.
    Scores(Vec<Option<f64>>),
    /// The values (after imputation and treatment) cannot be normalised; the platforms that
    /// have one get `why` as their missing reason (a warning is in the notes).
    Refused {
        values: Vec<Option<f64>>,
        why: String,
    },
}

/// One item's raw values by platform -> imputed -> treated -> normalised scores, with the
/// imputation and treatment logged and any problem warned about in `notes`.
pub fn normalise_values(
    model: &Model,
    i: ItemIx,
    num: &Numeric,
    mut values: Vec<Option<f64>>,
    notes: &mut Notes,
) -> Normalised {
    let Some(rule) = &num.normalise else {
        return Normalised::Nothing;
    };
    if values.iter().all(Option::is_none) {
        return Normalised::Nothing;
    }
    if let Some(how) = num.impute {
        let groups: Vec<Option<usize>> = model.platforms.iter().map(|p| p.group).collect();
        let (changes, problems) = treat::impute(how, &mut values, &groups);
        log_changes(model, i, "imputed", changes, notes);
        for p in problems {
            notes.diagnostics.push(impute_problem(model, i, &p));
        }
    }
    if let Some(rule) = &num.treat {
        let treated = treat::treat(rule, &mut values);
        log_treatment(model, i, treated, notes);
    }
    let reference = match &rule.method {
        crate::definition::NormaliseMethod::Dist2Ref { reference, .. } => {
            model.platforms.iter().position(|p| &p.id == reference)
        }
        _ => None,
    };
    let normalised = match &num.bounds {
        None => methods::normalise(rule, &values, reference),
        Some(fixed) => on_fixed_bounds(rule, fixed, &model.items[i].id, &values),
    };
    match normalised {
        Ok(scores) => Normalised::Scores(scores),
        Err(why) => {
            notes.diagnostics.push(unnormalisable(model, i, &why));
            Normalised::Refused {
                values,
                why: format!("cannot be normalised: {}", why.explain()),
            }
        }
    }
}

/// Min-max on fixed bounds (a reference wave's): COINr's goalposts formula with the bounds as
/// goalposts, `(x - min) / (max - min) * (high - low) + low` (for `better = "lower"`,
/// `(max - x) / (max - min) * (high - low) + low`), clamped to [low, high] unless
/// `truncate = false`, exactly as goalposts clamp.
fn on_fixed_bounds(
    rule: &crate::definition::Normalise,
    fixed: &crate::definition::FixedBounds,
    item: &str,
    values: &[Option<f64>],
) -> Result<Vec<Option<f64>>, methods::Unnormalisable> {
    use crate::definition::{Normalise, NormaliseMethod};
    let (NormaliseMethod::MinMax { low, high }, Some(&(min, max))) =
        (&rule.method, fixed.items.get(item))
    else {
        // The definition check gives every item of the scale its bounds, on min-max only.
        return Err(methods::Unnormalisable::NoBounds(item.to_string()));
    };
    let goalposts = Normalise {
        method: NormaliseMethod::Goalposts {
            lower: min,
            upper: max,
            scale: high - low,
            truncate: fixed.truncate,
        },
        higher_is_better: rule.higher_is_better,
    };
    let scores = methods::normalise(&goalposts, values, None)?;
    Ok(scores.into_iter().map(|v| v.map(|v| v + low)).collect())
}

fn log_changes(model: &Model, i: ItemIx, action: &str, changes: Vec<Change>, notes: &mut Notes) {
    for c in changes {
        notes.treatment.push(TreatmentEntry {
            item: model.items[i].id.clone(),
            platform: Some(model.platforms[c.at].id.clone()),
            action: action.into(),
            before: c.before,
            after: Some(c.after),
            detail: c.detail,
        });
    }
}

fn log_treatment(model: &Model, i: ItemIx, treated: Treated, notes: &mut Notes) {
    match treated {
        Treated::Untouched => {}
        Treated::Winsorised(changes) => log_changes(model, i, "winsorised", changes, notes),
        Treated::StillFailing(changes) => {
            log_changes(model, i, "winsorised", changes, notes);
            notes
                .diagnostics
                .push(outliers_remain(model, i, "winsorisation reached winmax"));
        }
        Treated::LogTransformed { passes, skew, kurt } => {
            notes.treatment.push(TreatmentEntry {
                item: model.items[i].id.clone(),
                platform: None,
                action: "log-transformed".into(),
                before: None,
                after: None,
                detail: format!(
                    "winsorisation was not enough; ln(x - min + 0.01 (max - min)) of the original values (skew {skew:.3}, kurtosis {kurt:.3} after)"
                ),
            });
            if !passes {
                notes
                    .diagnostics
                    .push(outliers_remain(model, i, "even after the log transform"));
            }
        }
    }
}

fn item_warning(model: &Model, code: Code, message: String, hint: &str) -> Diagnostic {
    Diagnostic::warning(code, message, Location::file(model.origin.clone())).with_hint(hint)
}

fn unnormalisable(model: &Model, i: ItemIx, why: &methods::Unnormalisable) -> Diagnostic {
    let code = match why {
        methods::Unnormalisable::Constant(_) => Code::ConstantColumn,
        _ => Code::CannotNormalise,
    };
    let hint = match why {
        methods::Unnormalisable::Constant(_) => {
            "check the data file; a constant indicator carries no information"
        }
        _ => "check the data file and the scale's normalize parameters",
    };
    item_warning(
        model,
        code,
        format!(
            "item \"{}\" cannot be normalised ({}): {}; it is left without a score",
            model.items[i].id,
            model.scales[model.items[i].scale].id.as_str(),
            why.explain()
        ),
        hint,
    )
}

fn impute_problem(model: &Model, i: ItemIx, p: &ImputeProblem) -> Diagnostic {
    let id = &model.items[i].id;
    let (msg, hint) = match p {
        ImputeProblem::NoGroup { at } => (
            format!(
                "item \"{id}\": platform \"{}\" has no group, so its missing value is not imputed",
                model.platforms[*at].id
            ),
            "give the platform a group, or impute = \"mean\"",
        ),
        ImputeProblem::EmptyGroup { at, group } => (
            format!(
                "item \"{id}\": no platform of group \"{}\" has a value, so the value of \"{}\" is not imputed",
                model.groups[*group].id, model.platforms[*at].id
            ),
            "impute = \"mean\" fills it from every platform",
        ),
        ImputeProblem::NoValues => (
            format!("item \"{id}\": no platform has a value to impute from"),
            "check the data file",
        ),
    };
    item_warning(model, Code::NotImputed, msg, hint)
}

fn outliers_remain(model: &Model, i: ItemIx, when: &str) -> Diagnostic {
    item_warning(
        model,
        Code::OutliersRemain,
        format!(
            "item \"{}\" still fails the skewness/kurtosis check {when}",
            model.items[i].id
        ),
        "look at the values; raise winmax or choose another normalisation (rank)",
    )
}
