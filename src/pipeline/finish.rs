//! The steps every scoring strategy shares, written once: the findings for sources given no
//! file, and the last steps of a run (rank and publish, refuse a run that scored nothing,
//! the rows read, the free texts with every respondent identity redacted).

// Indexing is in range here: source, platform, item and node ixs come from the Model.
#![allow(clippy::indexing_slicing)]

use super::RunError;
use super::usable;
use crate::aggregate::Scores;
use crate::definition::Model;
use crate::diagnostics::Diagnostic;
use crate::rank;
use crate::results::{Detail, Exclusion, Results};
use std::path::PathBuf;

/// The sources `plan` gives no file, in source order; a finding for each that has items
/// (their scores are missing) goes to `diagnostics`.
pub(super) fn absent_sources(
    model: &Model,
    plan: &[(usize, PathBuf)],
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<usize> {
    let absent: Vec<usize> = (0..model.sources.len())
        .filter(|s| !plan.iter().any(|(ps, _)| ps == s))
        .collect();
    for &s in &absent {
        if model.items_of_source(s).next().is_some() {
            diagnostics.push(absent_source(model, s));
        }
    }
    absent
}

fn absent_source(model: &Model, s: usize) -> Diagnostic {
    let id = &model.sources[s].id;
    let mut nodes: Vec<&str> = model
        .items_of_source(s)
        .map(|(_, it)| model.nodes[model.dimension_of(it.node)].id.as_str())
        .collect();
    nodes.dedup();
    Diagnostic::warning(
        crate::diagnostics::Code::MissingSource,
        format!(
            "no file was given for source \"{id}\", so its items have no scores (dimension {})",
            nodes.join(", ")
        ),
        crate::diagnostics::Location::file(model.origin.clone()),
    )
    .with_hint(format!("give it with --source {id}=FILE"))
}

/// What a strategy hands to [`publish`]: its scores and what it found on the way.
pub(super) struct Scored<'s> {
    pub scores: &'s Scores,
    pub exclusions: Vec<Exclusion>,
    pub diagnostics: Vec<Diagnostic>,
    /// The data rows read from survey files (submissions, or long rows); `None` when the run
    /// read no survey file.
    pub survey_rows: Option<usize>,
}

/// The last steps of every strategy: rank and publish to `detail`, refuse a run that scored
/// nothing, record the rows read, and with [`Detail::Full`] attach the free texts, redacting
/// the respondent identities `identities` lists (called only then).
pub(super) fn publish<'a>(
    model: &'a Model,
    scored: Scored<'_>,
    detail: Detail,
    identities: impl FnOnce() -> Vec<&'a str>,
) -> Result<Results, RunError> {
    let Scored {
        scores,
        exclusions,
        diagnostics,
        survey_rows,
    } = scored;
    let mut results = rank::publish(model, scores, exclusions, diagnostics, detail);
    usable::something_scored(model, scores, &results, survey_rows)?;
    results.rows_read = survey_rows.unwrap_or(0);
    crate::timings::mark("publish");
    if detail == Detail::Full {
        attach_texts(model, identities(), &scores.texts, &mut results);
    }
    crate::timings::mark("free texts");
    Ok(results)
}

/// A respondent key as an identity: none for a submission that is its own respondent (`#` and
/// its submission id or row, which is no name).
pub(super) fn key_of(key: &str) -> &str {
    if key.starts_with('#') { "" } else { key }
}

/// Free-text answers into each platform's result: grouped by item, sorted (file order could
/// tie answers of one respondent together), with every respondent identity of the run
/// redacted from the text: `identities` (respondents as written and their keys, kept or
/// excluded, the values of every identifying column: company name, contact, e-mail, phone),
/// and every id, name and alias of the roster; e-mail addresses and telephone numbers are
/// redacted too (`output::privacy`).
fn attach_texts<'a>(
    model: &'a Model,
    mut identities: Vec<&'a str>,
    texts: &[(usize, usize, String)],
    results: &mut Results,
) {
    if let Some(roster) = &model.roster {
        for m in &roster.members {
            identities.push(&m.id);
            identities.push(&m.canonical_name);
            identities.extend(m.aliases.iter().map(String::as_str));
        }
    }
    let redactor = crate::output::privacy::Redactor::new(identities);
    // Each distinct text is redacted and sorted once: large surveys repeat the same answers.
    type Counted<'t> = std::collections::HashMap<&'t str, usize>;
    let mut counted: std::collections::BTreeMap<(usize, usize), Counted> = Default::default();
    for (p, i, t) in texts.iter().filter(|(_, _, t)| !t.trim().is_empty()) {
        *counted
            .entry((*p, *i))
            .or_default()
            .entry(t.as_str())
            .or_default() += 1;
    }
    let mut grouped: std::collections::BTreeMap<(usize, usize), Vec<String>> = Default::default();
    for (key, texts) in counted {
        let mut distinct: Vec<(String, usize)> = texts
            .into_iter()
            .map(|(t, n)| (redactor.redact(t), n))
            .collect();
        distinct.sort();
        let answers = distinct
            .into_iter()
            .flat_map(|(t, n)| std::iter::repeat_n(t, n))
            .collect();
        grouped.insert(key, answers);
    }
    for ((p, i), mut answers) in grouped {
        answers.sort();
        let id = &model.platforms[p].id;
        if let Some(result) = results.platforms.iter_mut().find(|r| &r.id == id) {
            result.texts.insert(model.items[i].id.clone(), answers);
        }
    }
}
