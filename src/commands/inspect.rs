//! `qbpc-index inspect FILE`: what the tool reads in a survey export, rendered as text (or
//! the library's data structure as JSON).

use super::{Outcome, hinted};
use crate::cli::{InspectArgs, ReportFormat};
use qbpc_index::definition;
use qbpc_index::ingest::{ColumnKind, IngestError};
use qbpc_index::inspect::{
    ColumnRole, InspectError, Inspection, ItemAnswers, Need, Profile, inspect, profile,
};
use qbpc_index::output::RunFile;
use std::fmt::Write as _;
use std::io::Write;

/// Headers longer than this are cut in the column list.
const HEADER_CHARS: usize = 40;
/// Covered answers listed per item before the rest is counted (not-covered ones are all listed).
const ANSWERS_SHOWN: usize = 12;
/// Marks an answer that no scale covers.
const NOT_COVERED: &str = "!";

pub fn run(args: InspectArgs) -> anyhow::Result<Outcome> {
    let cwd = std::env::current_dir()?;
    let source = definition::locate(args.index.as_deref(), &cwd);
    let mut inputs = vec![RunFile::new("FILE", &args.file)];
    if let definition::DefinitionSource::File(p) = &source {
        inputs.push(RunFile::new("definition", p));
    }
    qbpc_index::output::same_file::check(&[], &inputs)?;
    let (model, _) = super::paths::load_definition(&source)?;
    let json = args.format == ReportFormat::Json;
    let (text, status) = match inspect(&model, &args.file) {
        Ok(found) => {
            let status = if found.needs.is_empty() {
                Outcome::Success
            } else {
                Outcome::Findings
            };
            let text = if json {
                serde_json::to_string_pretty(&found)? + "\n"
            } else {
                render(&found)
            };
            (text, status)
        }
        // The definition cannot read the file: show what the file holds, and what scoring
        // still needs, as findings (exit 1).
        Err(e @ InspectError::Ingest(IngestError::Format { .. })) => {
            let need = Need {
                message: e.to_string(),
                hint: e.hint(),
            };
            let Ok(p) = profile(&args.file, vec![need]) else {
                return Err(hinted(e.to_string(), e.hint()));
            };
            let text = if json {
                serde_json::to_string_pretty(&p)? + "\n"
            } else {
                render_profile(&p)
            };
            (text, Outcome::Findings)
        }
        Err(e) => return Err(hinted(e.to_string(), e.hint())),
    };
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())?;
    out.flush()?;
    Ok(status)
}

/// The first line: the file, and its sheet.
fn title(file: &str, sheet: Option<&str>) -> String {
    match sheet {
        Some(s) => format!("{file} (sheet {s:?})\n"),
        None => format!("{file}\n"),
    }
}

/// The file as read without the definition, then what scoring needs.
fn render_profile(p: &Profile) -> String {
    let mut o = title(&p.file, p.sheet.as_deref());
    let preset = match (&p.preset, &p.preset_evidence) {
        (Some(name), Some(why)) => format!("preset {name} ({why})"),
        _ => "no known export (no preset matches its header rows)".into(),
    };
    let encoding = p
        .encoding
        .map_or(String::new(), |e| format!(", read as {e}"));
    let _ = writeln!(
        o,
        "{preset}, {} header row(s), {} submission(s){encoding}",
        p.header_rows, p.submissions
    );
    let _ = writeln!(o, "respondent: {}", p.respondent_basis.describe());
    let _ = writeln!(o, "\nColumns (kind, answered cells, distinct answers):");
    for c in &p.columns {
        let kind = match c.kind {
            ColumnKind::Metadata => "metadata",
            ColumnKind::SubmissionId => "submission id",
            ColumnKind::Respondent => "names the respondent",
            ColumnKind::Question => "question",
        };
        let text = c
            .text
            .as_ref()
            .map_or(String::new(), |t| format!(" ({})", shorten(t)));
        let _ = write!(
            o,
            "  {:>3}  {}{text}  {kind}, {} answered, {} distinct",
            c.column,
            shorten(&c.header),
            c.answered,
            c.distinct
        );
        let shown: Vec<String> = c
            .answers
            .iter()
            .map(|(a, n)| format!("{a:?} {n}"))
            .collect();
        if !shown.is_empty() {
            let _ = write!(o, ": {}", shown.join(", "));
        }
        o.push('\n');
    }
    needs(&mut o, &p.needs);
    o
}

fn render(i: &Inspection) -> String {
    let mut o = title(&i.file, i.sheet.as_deref());
    let _ = writeln!(
        o,
        "preset {}, layout {}, {} header row(s), {} submission(s)",
        i.preset, i.layout, i.header_rows, i.submissions
    );
    let _ = writeln!(o, "respondent: {}", i.respondent_basis.describe());
    for d in &i.dropped {
        let _ = writeln!(o, "  dropped row {}: {} ({})", d.row, d.reason, d.detail);
    }
    respondents(&mut o, i);
    platforms(&mut o, i);
    columns(&mut o, i);
    identifying_columns(&mut o, i);
    let _ = writeln!(
        o,
        "\nAnswers per item ({NOT_COVERED} = not covered by the item's scale: invalid when scoring):"
    );
    for item in &i.items {
        answers(&mut o, item);
    }
    not_covered_summary(&mut o, i);
    if !i.diagnostics.is_empty() {
        let _ = writeln!(o, "\nFindings ({}):", i.diagnostics.len());
        for d in &i.diagnostics {
            let _ = writeln!(o, "{d}");
        }
    }
    needs(&mut o, &i.needs);
    o
}

/// "Scoring still needs:" and each need with its hint; nothing when nothing is needed.
fn needs(o: &mut String, needs: &[Need]) {
    if needs.is_empty() {
        return;
    }
    let _ = writeln!(o, "\nScoring still needs:");
    for n in needs {
        let _ = writeln!(o, "  * {}", n.message);
        if let Some(h) = &n.hint {
            let _ = writeln!(o, "    hint: {h}");
        }
    }
}

fn respondents(o: &mut String, i: &Inspection) {
    let repeated = i.respondents.iter().filter(|r| r.rows.len() > 1).count();
    let _ = writeln!(
        o,
        "\nRespondents ({}, {repeated} with more than one submission):",
        i.respondents.len()
    );
    for r in &i.respondents {
        let rows: Vec<String> = r.rows.iter().map(usize::to_string).collect();
        let word = if r.rows.len() > 1 { "rows" } else { "row" };
        let member = r
            .member
            .as_ref()
            .map_or(String::new(), |m| format!(" -> {m}"));
        let _ = writeln!(
            o,
            "  {word} {}: {:?}{member}",
            rows.join(", "),
            r.respondent
        );
    }
}

fn platforms(o: &mut String, i: &Inspection) {
    let rated = i.platforms.iter().filter(|p| p.submissions > 0).count();
    let _ = writeln!(
        o,
        "\nPlatforms ({rated} of {} rated; submissions rating each):",
        i.platforms.len()
    );
    for p in &i.platforms {
        let _ = writeln!(o, "  {:<14} {:>5}  {}", p.id, p.submissions, p.name);
    }
}

fn columns(o: &mut String, i: &Inspection) {
    let mapped = i
        .columns
        .iter()
        .filter(|c| c.role == ColumnRole::Answer)
        .count();
    let unmapped = i
        .columns
        .iter()
        .filter(|c| c.role == ColumnRole::Unmapped)
        .count();
    let _ = writeln!(
        o,
        "\nColumns ({}: {mapped} answer columns, {unmapped} unmapped):",
        i.columns.len()
    );
    for c in &i.columns {
        let what = match (c.role, &c.item, &c.platform) {
            (ColumnRole::Answer, Some(item), Some(p)) => format!("{item} / {p}"),
            (ColumnRole::Answer, Some(item), None) => item.clone(),
            (ColumnRole::Respondent, ..) => "(respondent)".into(),
            (ColumnRole::Platform, ..) => "(platform)".into(),
            (ColumnRole::SubmittedAt, ..) => "(submitted at)".into(),
            (ColumnRole::Duration, ..) => "(duration)".into(),
            _ => "(unmapped)".into(),
        };
        let _ = writeln!(o, "  {:<4} {:<36} {}", c.column, what, shorten(&c.header));
    }
}

/// The columns whose values are redacted, by header: their values are never shown here.
fn identifying_columns(o: &mut String, i: &Inspection) {
    let _ = writeln!(
        o,
        "\nIdentifying columns ({}; their values are redacted from free text in platform-facing outputs):",
        i.identifying_columns.len()
    );
    if i.identifying_columns.is_empty() {
        let _ = writeln!(o, "  none");
    }
    for c in &i.identifying_columns {
        let sheet = c
            .sheet
            .as_ref()
            .map_or(String::new(), |s| format!("sheet {s:?} "));
        let _ = writeln!(
            o,
            "  {sheet}{:<4} {:<40} {}",
            c.column,
            shorten(&c.header),
            c.why
        );
    }
}

fn shorten(h: &str) -> String {
    let one_line = h.replace(['\n', '\r'], " ");
    if one_line.chars().count() <= HEADER_CHARS {
        one_line
    } else {
        format!(
            "{}…",
            one_line.chars().take(HEADER_CHARS).collect::<String>()
        )
    }
}

fn answers(o: &mut String, item: &ItemAnswers) {
    let _ = writeln!(
        o,
        "  {} (scale {}, {} cells):",
        item.item, item.scale, item.cells
    );
    if item.cells == 0 {
        let _ = writeln!(o, "      no column of the file holds this item");
        return;
    }
    let mut hidden = 0;
    let mut shown = 0;
    for a in &item.answers {
        if a.covered && shown >= ANSWERS_SHOWN {
            hidden += 1;
            continue;
        }
        shown += usize::from(a.covered);
        let mark = if a.covered { " " } else { NOT_COVERED };
        let class = if a.covered {
            a.class.to_string()
        } else {
            format!("not covered by scale {}", item.scale)
        };
        let _ = writeln!(o, "    {mark} {:>5}  {:?}  {class}", a.count, a.answer);
    }
    if hidden > 0 {
        let _ = writeln!(
            o,
            "      ... and {hidden} more answers (all of them are in --format json)"
        );
    }
}

fn not_covered_summary(o: &mut String, i: &Inspection) {
    let cells: usize = i.items.iter().map(|it| it.not_covered).sum();
    if cells == 0 {
        let _ = writeln!(o, "\nEvery answer is covered by its item's scale.");
        return;
    }
    let _ = writeln!(o, "\nNot covered by the scales: {cells} cell(s):");
    for it in i.items.iter().filter(|it| it.not_covered > 0) {
        let list: Vec<String> = it
            .answers
            .iter()
            .filter(|a| !a.covered)
            .map(|a| format!("{:?} x{}", a.answer, a.count))
            .collect();
        let _ = writeln!(o, "  {} (scale {}): {}", it.item, it.scale, list.join(", "));
    }
}
