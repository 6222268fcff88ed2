//! The values a preset stands for (header rows, markers, separators, time columns, drop rules
//! ...), each overridden by the source where it sets one. Readers only look at `Settings`.

use super::presets::{Defaults, defaults};
use super::time::DateOrder;
use super::values::Markers;
use crate::definition::{DropRule, Layout, Model, PlatformIx, Preset, ScaleIx, ScaleKind, Source};
use crate::text::match_key;
use std::collections::HashMap;

/// How the respondent of a row is found.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum RespondentRef {
    /// A question number of a numbered export (the company-name question).
    Question(u32),
    /// A column, by any of its header names.
    Column(String),
    /// The preset's identity column, else a column whose header names the respondent, else
    /// none (each submission its own respondent): see `respondent.rs`.
    Named,
}

pub(crate) struct Settings {
    pub preset: Preset,
    pub header_rows: usize,
    pub markers: Markers,
    pub multi_sep: String,
    /// Column-name suffix of "other" text columns (match key), e.g. "_text".
    pub other_suffix: Option<String>,
    pub other_brackets: (String, String),
    pub letter_prefix: bool,
    /// Ordinal cells hold option codes: scale -> (code -> answer text).
    pub codes: HashMap<ScaleIx, HashMap<String, String>>,
    pub respondent: RespondentRef,
    /// Whether the source named the respondent (`respondent = ...`).
    pub respondent_declared: bool,
    /// The preset's identity columns and submission id columns (see `presets::Defaults`).
    pub identity_columns: Vec<String>,
    /// The preset's identifying metadata and the source's `identifying` columns (see
    /// `identifying.rs`).
    pub identifying_meta: Vec<String>,
    pub identifying: Vec<String>,
    pub submission_id: Vec<String>,
    pub platform: Option<String>,
    /// The source's `layout`: None lets the file decide.
    pub layout: Option<Layout>,
    /// Candidate column names, first found wins.
    pub submitted_at: Vec<String>,
    pub started_at: Vec<String>,
    pub duration: Vec<String>,
    /// Whether the time columns were named by the definition (a missing one is then reported).
    pub times_named: (bool, bool),
    pub date_order: DateOrder,
    pub duration_unit: f64,
    pub drop: Vec<DropRule>,
    pub loop_platforms: HashMap<u32, PlatformIx>,
    pub title_platform: (String, String),
    pub platforms_question: Option<u32>,
    /// match_key(sub-label) -> platform id or option code.
    pub sub_labels: HashMap<String, String>,
    pub repeat_sheet: Option<String>,
    /// Metadata column names of the preset (match keys): never items, never the respondent.
    pub metadata: Vec<String>,
}

/// The source's skip / empty markers and codes, each list else the preset's.
fn markers(src: &Source, d: &Defaults) -> Markers {
    let o = &src.overrides;
    let list =
        |own: &Option<Vec<String>>, preset: &[&str]| own.clone().unwrap_or_else(|| owned(preset));
    let mut skip = list(&src.skip, d.skip);
    skip.extend(list(&o.skip_codes, d.skip_codes));
    let mut empty = list(&src.empty, d.empty);
    empty.extend(list(&o.empty_codes, d.empty_codes));
    Markers::new(&skip, &empty)
}

fn owned(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

impl Settings {
    /// The preset's values with the source's (and `[quality]`'s time columns) on top.
    pub fn new(model: &Model, src: &Source, preset: Preset) -> Settings {
        let d = defaults(preset);
        let o = &src.overrides;
        let q = &model.quality;
        let named = |own: &Option<String>, quality: &Option<String>, preset: &[&str]| match own
            .as_ref()
            .or(quality.as_ref())
        {
            Some(n) => (vec![n.clone()], true),
            None => (owned(preset), false),
        };
        let (submitted_at, at_named) = named(&src.submitted_at, &q.submitted_at, d.submitted_at);
        let (duration, dur_named) = named(&src.duration, &q.duration, d.duration);
        let respondent = match &src.respondent {
            Some(r) => match crate::text::trim(r).parse::<u32>() {
                Ok(n) if preset.is_numbered() => RespondentRef::Question(n),
                _ => RespondentRef::Column(r.clone()),
            },
            None => d.respondent.clone(),
        };
        Settings {
            preset,
            header_rows: o.header_rows.unwrap_or(d.header_rows),
            markers: markers(src, &d),
            multi_sep: src.multi_sep.clone().unwrap_or_else(|| d.multi_sep.into()),
            other_suffix: o
                .other_suffix
                .as_deref()
                .or(d.other_suffix)
                .map(match_key)
                .filter(|s| !s.is_empty()),
            other_brackets: o
                .other_brackets
                .clone()
                .unwrap_or_else(|| ("〖".into(), "〗".into())),
            letter_prefix: o.letter_prefix.unwrap_or(d.letter_prefix),
            codes: codes(model, preset, &o.codes),
            respondent,
            respondent_declared: src.respondent.is_some(),
            identity_columns: owned(d.identity_columns),
            identifying_meta: owned(d.identifying_meta),
            identifying: src.identifying.clone(),
            submission_id: owned(d.submission_id),
            platform: src.platform.clone(),
            layout: src.layout,
            submitted_at,
            started_at: o
                .started_at
                .as_ref()
                .map_or_else(|| owned(d.started_at), |s| vec![s.clone()]),
            duration,
            times_named: (at_named, dur_named),
            date_order: o
                .date_order
                .as_deref()
                .map_or(d.date_order, DateOrder::from_name),
            duration_unit: o.duration_unit.unwrap_or(1.0),
            drop: o.drop.clone().unwrap_or(d.drop),
            loop_platforms: o.loop_platforms.iter().copied().collect(),
            title_platform: o
                .title_platform
                .clone()
                .unwrap_or_else(|| ("【".into(), "】".into())),
            platforms_question: o.platforms_question,
            sub_labels: o.sub_labels.clone(),
            repeat_sheet: o.repeat_sheet.clone(),
            metadata: d.metadata.iter().map(|m| match_key(m)).collect(),
        }
    }

    /// The source's `sub_labels` translation of a column sub-label, else the label itself.
    pub fn sub_label<'a>(&'a self, label: &'a str) -> &'a str {
        self.sub_labels
            .get(&match_key(label))
            .map_or(label, String::as_str)
    }
}

/// Option-code exports (`wjx-index`, `wjx-score`): for every ordinal scale, code k (1-based)
/// is the k-th answer and k = K + 1 the scale's first N/A spelling (the 不适用 column of a
/// matrix, 不确定 after 是/否). The source's `codes` are merged over these (and are the only
/// codes of the other presets): `codes = { agree5 = { 9 = "不适用" } }` adds an N/A code.
fn codes(
    model: &Model,
    preset: Preset,
    own: &[(ScaleIx, Vec<(String, String)>)],
) -> HashMap<ScaleIx, HashMap<String, String>> {
    let mut out = HashMap::new();
    if matches!(preset, Preset::WjxIndex | Preset::WjxScore) {
        for (ix, scale) in model.scales.iter().enumerate() {
            let ScaleKind::Ordinal(o) = &scale.kind else {
                continue;
            };
            let mut map: HashMap<String, String> = o
                .labels
                .iter()
                .enumerate()
                .map(|(k, (label, _))| ((k + 1).to_string(), label.clone()))
                .collect();
            if let Some(na) = scale.na.first() {
                map.insert((o.labels.len() + 1).to_string(), na.clone());
            }
            out.insert(ix, map);
        }
    }
    for (ix, map) in own {
        out.entry(*ix).or_default().extend(map.iter().cloned());
    }
    out
}
