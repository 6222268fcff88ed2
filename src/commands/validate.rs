//! `qbpc-index validate`: every finding about a definition (and survey files, when given).

use super::{Outcome, findings, hinted, paths, run_error};
use crate::cli::{ReportFormat, ValidateArgs};
use qbpc_index::definition::{self, DefinitionError};
use qbpc_index::diagnostics::{Code, Diagnostic, Severity};
use qbpc_index::pipeline::{self, RunFiles};
use std::io::Write;

pub fn run(args: ValidateArgs) -> anyhow::Result<Outcome> {
    let cwd = std::env::current_dir()?;
    let source = definition::locate(args.input.index.as_deref(), &cwd);
    paths::check_early(&[], &paths::command_line_inputs(&args.input, &source), None)?;
    // The definition and its roster (read by the ingest stage, after compiling).
    let checked = qbpc_index::identity::check(&source).map_err(|e| match e {
        io @ DefinitionError::Io { .. } => super::findings::definition_error(io),
        other => anyhow::Error::new(other),
    })?;
    let mut findings = checked.diagnostics;
    let has_data = !args.input.surveys.is_empty() || !args.input.sources.is_empty();
    if let (Some(model), true) = (&checked.model, has_data) {
        let files = super::paths::run_files(&args.input);
        let results = pipeline::run(model, &files, Vec::new()).map_err(run_error)?;
        findings.extend(results.diagnostics);
        findings.extend(unread_questions(model, &files)?);
        findings.extend(drift(&source, model, &files.surveys)?);
    }
    let errors = findings
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let warnings = findings.len() - errors;
    if args.format == ReportFormat::Json {
        // A closed standard output is an error here (the broken pipe ends the run quietly).
        let mut out = std::io::stdout().lock();
        writeln!(out, "{}", serde_json::to_string_pretty(&findings)?)?;
        out.flush()?;
    } else {
        findings::all(&findings);
        summary_line(&findings, errors, warnings);
    }
    // A definition that is not even TOML cannot be checked: a runtime error, like a missing file.
    let unreadable = findings.iter().any(|d| d.code == Code::TomlSyntax);
    Ok(if unreadable {
        Outcome::Error
    } else if errors > 0 || (args.strict && warnings > 0) {
        Outcome::Findings
    } else {
        Outcome::Success
    })
}

/// The numbered questions of each survey file that no item reads.
fn unread_questions(
    model: &definition::Model,
    files: &RunFiles,
) -> anyhow::Result<Vec<Diagnostic>> {
    let survey = |s: usize| model.sources[s].kind == definition::SourceKind::Survey;
    let default = model
        .source_ix("survey")
        .filter(|&s| survey(s))
        .or_else(|| (0..model.sources.len()).find(|&s| survey(s)));
    let named = files.named.iter().filter_map(|(id, path)| {
        model
            .source_ix(id)
            .filter(|&s| survey(s))
            .map(|s| (s, path))
    });
    let given = default
        .into_iter()
        .flat_map(|s| files.surveys.iter().map(move |p| (s, p)))
        .chain(named);
    let mut out = Vec::new();
    for (s, path) in given {
        out.extend(
            qbpc_index::ingest::unread_questions(model, s, path)
                .map_err(|e| hinted(e.to_string(), e.hint().map(str::to_string)))?,
        );
    }
    Ok(out)
}

/// Each survey file against the questionnaire the definition would generate: wording, labels
/// and platforms (no findings when the definition cannot make a questionnaire: a missing
/// question text is the `questionnaire` command's error).
fn drift(
    source: &definition::DefinitionSource,
    model: &definition::Model,
    surveys: &[std::path::PathBuf],
) -> anyhow::Result<Vec<Diagnostic>> {
    let Ok(questionnaire) = qbpc_index::questionnaire::from_definition(source) else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    for path in surveys {
        let profile = qbpc_index::ingest::read_profile(path)
            .map_err(|e| hinted(e.to_string(), e.hint().map(str::to_string)))?;
        out.extend(qbpc_index::questionnaire::drift::check(
            &questionnaire,
            model,
            &profile,
        ));
    }
    Ok(out)
}

fn summary_line(findings: &[Diagnostic], errors: usize, warnings: usize) {
    if findings.is_empty() {
        say!("ok: no problems found");
    } else {
        say!("{errors} error(s), {warnings} warning(s)");
    }
}
