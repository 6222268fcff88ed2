//! Respondent identity across files: a roster of members (id, canonical name, aliases) so that
//! one company is one respondent whatever the export calls it — a company name as typed in a
//! 问卷星 file, a member id in a Qualtrics `ExternalReference`. Applied right after ingest:
//! each submission's `respondent_key` becomes the member id; a respondent the roster does not
//! know keeps its own key and gets a warning at its cell, with the closest roster name.
//!
//! The roster's types live in the definition ([`crate::definition::roster`]); reading its file
//! is here, in the ingest stage.

pub use crate::definition::roster::{Member, Roster, RosterMatch};

use crate::definition::{self, Checked, DefinitionError, DefinitionSource, Model};
use crate::diagnostics::{Code, Diagnostic, Location};
use crate::ingest::{self, IngestError, RawValue, SurveyData};
use crate::text::{match_key, trim};
use std::path::Path;

/// Check the located definition and read its roster.
pub fn check(source: &DefinitionSource) -> Result<Checked, DefinitionError> {
    definition::check(source).map(with_roster)
}

/// Check a definition given as text and read its roster (relative to `base_dir`).
pub fn check_str(text: &str, file: &str, base_dir: Option<&Path>) -> Checked {
    with_roster(definition::check_str(text, file, base_dir))
}

/// Load the located definition with its roster; any error finding fails with all findings.
pub fn load(source: &DefinitionSource) -> Result<(Model, Vec<Diagnostic>), DefinitionError> {
    match source {
        DefinitionSource::File(p) => load_file(p),
        DefinitionSource::Embedded => {
            definition::into_model(check(source)?, definition::DEFAULT_ORIGIN)
        }
    }
}

/// Load a definition file with its roster; any error finding fails with all findings.
pub fn load_file(path: &Path) -> Result<(Model, Vec<Diagnostic>), DefinitionError> {
    let checked = with_roster(definition::check_file(path)?);
    definition::into_model(checked, &path.display().to_string())
}

/// Read the roster a checked definition names (`[respondents] roster`) and give the model its
/// roster. Its findings join the definition's in the definition's order: the roster's own rows
/// before anything in the definition (as the compiler met the roster before the platform lists
/// and reference waves, the other files it names), an unreadable file at the `roster` value.
/// A finding that is an error leaves no model, as any other error of the definition does.
/// The roster is read once: the returned `Checked` names none.
pub fn with_roster(mut checked: Checked) -> Checked {
    let Some(source) = checked.roster.take() else {
        return checked;
    };
    let (roster, mut found) = match read_roster(&source.path, source.matching) {
        Ok((roster, found)) => (Some(roster), found),
        Err(e) => {
            let hint = e
                .hint()
                .unwrap_or("the path is relative to the definition file");
            let mut d = Diagnostic::error(
                Code::MissingFile,
                format!("cannot read the roster: {e}"),
                source.at.clone(),
            );
            if !hint.is_empty() {
                d = d.with_hint(hint);
            }
            (None, vec![d])
        }
    };
    if found.iter().any(Diagnostic::is_error) {
        checked
            .diagnostics
            .retain(|d| !source.model_findings.contains(d));
        checked.model = None;
    } else if let Some(model) = &mut checked.model {
        model.roster = roster;
    }
    // First among equals, then sorted with the definition's own key (a stable sort).
    found.append(&mut checked.diagnostics);
    definition::sort_findings(&mut found);
    checked.diagnostics = found;
    checked
}

/// Read a roster file (CSV in any supported encoding, or a workbook) with the columns
/// `id`, `canonical_name` (or `name`) and `aliases` (`|`-separated; or `alias`).
pub fn read_roster(
    path: &Path,
    matching: RosterMatch,
) -> Result<(Roster, Vec<Diagnostic>), IngestError> {
    let table = ingest::read_table(path, None)?;
    let keys: Vec<String> = table.headers.iter().map(|h| match_key(h)).collect();
    let col = |names: &[&str]| keys.iter().position(|k| names.contains(&k.as_str()));
    let (Some(id_col), name_col) = (col(&["id"]), col(&["canonical_name", "name"])) else {
        return Err(IngestError::Format {
            file: table.file.clone(),
            message: format!(
                "the roster has no `id` column (columns: {})",
                table.headers.join(", ")
            ),
            hint: Some(
                "a roster has the columns id, canonical_name, aliases (\"|\"-separated)".into(),
            ),
        });
    };
    let alias_col = col(&["aliases", "alias"]);
    let cell = |cells: &[RawValue], c: Option<usize>| {
        c.and_then(|c| cells.get(c))
            .map_or(String::new(), |v| trim(&v.display()).to_string())
    };
    let members = table
        .rows
        .iter()
        .filter_map(|(row, cells)| {
            let id = cell(cells, Some(id_col));
            (!id.is_empty()).then(|| {
                let aliases = cell(cells, alias_col)
                    .split('|')
                    .map(|a| trim(a).to_string())
                    .filter(|a| !a.is_empty())
                    .collect();
                let member = Member {
                    canonical_name: cell(cells, name_col),
                    id,
                    aliases,
                };
                (*row, member)
            })
        })
        .collect();
    Ok(Roster::new(&table.file, matching, members))
}

/// Map every submission of a survey file to its roster member. Returns one warning per
/// respondent the roster does not know (at its first cell, with the number of rows).
pub fn apply(roster: &Roster, data: &mut SurveyData) -> Vec<Diagnostic> {
    // Unknown respondent key -> (first submission, rows).
    let mut unknown: Vec<(String, usize, usize)> = Vec::new();
    for (s, sub) in data.submissions.iter_mut().enumerate() {
        if sub.respondent.is_empty() {
            continue;
        }
        match roster.find(&sub.respondent) {
            Some(m) => sub.respondent_key = m.id.clone(),
            None => match unknown.iter_mut().find(|u| u.0 == sub.respondent_key) {
                Some(u) => u.2 += 1,
                None => unknown.push((sub.respondent_key.clone(), s, 1)),
            },
        }
    }
    unknown
        .into_iter()
        .filter_map(|(_, s, rows)| {
            Some(unknown_respondent(
                roster,
                data,
                data.submissions.get(s)?,
                rows,
            ))
        })
        .collect()
}

fn unknown_respondent(
    roster: &Roster,
    data: &SurveyData,
    sub: &ingest::Submission,
    rows: usize,
) -> Diagnostic {
    let location = Location::cell(
        &data.file,
        data.sheet.as_deref(),
        sub.row,
        sub.respondent_col,
        data.headers.get(sub.respondent_col).map(String::as_str),
    );
    let more = if rows > 1 {
        format!(" ({rows} rows)")
    } else {
        String::new()
    };
    let hint = match roster.suggest(&sub.respondent) {
        Some((name, m)) => format!(
            "did you mean \"{name}\" (member {})? Add the spelling to that member's aliases in {}",
            m.id, roster.file
        ),
        None => format!(
            "add the company to {} (id, canonical_name, aliases), or add this spelling to its aliases",
            roster.file
        ),
    };
    Diagnostic::warning(
        Code::UnknownRespondent,
        format!(
            "respondent \"{}\"{more} is not in the roster {}; it counts as a respondent of its own",
            sub.respondent, roster.file
        ),
        location,
    )
    .with_hint(hint)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::definition::roster::sample::roster;

    #[test]
    fn apply_maps_known_respondents_and_warns_once_per_unknown_one() {
        let r = roster();
        let sub = |row: usize, name: &str| ingest::Submission {
            row,
            respondent: name.into(),
            respondent_key: match_key(name),
            respondent_col: 6,
            platform: None,
            submitted_at: None,
            submitted_at_raw: None,
            duration_s: None,
            duration_raw: None,
            weight: 1.0,
            attributes: Vec::new(),
        };
        let mut data = SurveyData {
            file: "x.xlsx".into(),
            headers: (0..8).map(|i| format!("h{i}")).collect(),
            submissions: vec![
                sub(2, "Lequ Toys"),
                sub(3, "Crestline Luxury Good (HK) Ltd"),
                sub(4, "Crestline Luxury Good (HK) Ltd"),
                sub(5, ""),
            ],
            ..SurveyData::default()
        };
        let d = apply(&r, &mut data);
        assert_eq!(data.submissions[0].respondent_key, "M008");
        assert_eq!(
            data.submissions[1].respondent_key,
            match_key("Crestline Luxury Good (HK) Ltd")
        );
        assert_eq!(data.submissions[3].respondent_key, "");
        assert_eq!(d.len(), 1);
        let text = d[0].to_string();
        assert!(text.contains("cell G3"), "{text}");
        assert!(text.contains("(2 rows)"), "{text}");
        assert!(
            text.contains("did you mean \"Crestline Luxury Goods (HK) Ltd.\" (member M017)"),
            "{text}"
        );
    }

    /// The tidy fixture definition, edited, naming `roster.csv` beside it.
    fn with_roster_key(edit: impl Fn(String) -> String) -> String {
        let base = std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/definitions/tidy_small.toml"),
        )
        .unwrap();
        format!("{}\n[respondents]\nroster = \"roster.csv\"\n", edit(base))
    }

    /// Each finding as `code` and its file (roster, platform list) or definition line.
    fn located(c: &Checked) -> Vec<String> {
        let at = |d: &Diagnostic| match d.location.line {
            Some(line) => format!("{} d.toml:{line}", d.code.as_str()),
            None => {
                let file = d.location.file.as_deref().map(Path::new);
                let name = file.and_then(Path::file_name).unwrap_or_default();
                format!("{} {}", d.code.as_str(), name.to_string_lossy())
            }
        };
        c.diagnostics.iter().map(at).collect()
    }

    #[test]
    fn the_compiler_names_the_roster_and_the_ingest_stage_reads_it() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("roster.csv"), "id,name\nM1,Acme\n").unwrap();
        let text = with_roster_key(|t| t) + "match = \"exact\"\n";
        let compiled = definition::check_str(&text, "d.toml", Some(dir.path()));
        assert!(compiled.model.as_ref().unwrap().roster.is_none());
        let source = compiled.roster.as_ref().unwrap();
        assert_eq!(source.path, dir.path().join("roster.csv"));
        assert_eq!(source.matching, RosterMatch::Exact);
        let read = with_roster(compiled);
        assert!(read.roster.is_none(), "read once");
        let roster = read.model.unwrap().roster.unwrap();
        assert_eq!(roster.member("M1").unwrap().canonical_name, "Acme");
        assert!(roster.find("ACME").is_none(), "matched exactly");
    }

    #[test]
    fn roster_rows_come_before_the_other_files_findings_and_leave_no_model() {
        let dir = tempfile::tempdir().unwrap();
        let roster = "id,name,aliases\nM1,Acme,AC\nM2,Acme Two,ac\n";
        std::fs::write(dir.path().join("roster.csv"), roster).unwrap();
        // A platform list with an unknown group: a finding in another file, which the
        // compiler met after the roster when it read the roster itself; and a bad `match`.
        std::fs::write(dir.path().join("p.csv"), "id,name,group\nfoo,Foo,nogroup\n").unwrap();
        let text = with_roster_key(|t| {
            t.replace("format = 1\n", "format = 1\nplatform_list = \"p.csv\"\n")
        }) + "match = \"nfkc\"\n";
        let checked = check_str(&text, "d.toml", Some(dir.path()));
        let last = text.lines().count();
        assert_eq!(
            located(&checked),
            [
                "roster roster.csv".to_string(),
                "unknown-reference p.csv".to_string(),
                format!("invalid-value d.toml:{last}"),
            ]
        );
        assert!(checked.model.is_none());
    }

    #[test]
    fn a_roster_error_withdraws_the_checks_of_a_valid_model() {
        let dir = tempfile::tempdir().unwrap();
        let text = with_roster_key(|t| {
            t.replace(
                "[aggregation]\n",
                "[aggregation]\norder = \"respondents-first\"\n",
            )
            .replace(
                "[dimensions.complaint]\n",
                "[dimensions.complaint]\nover = [\"rules\"]\n",
            )
        });
        // Roster readable: the over-pooled node is the one finding.
        std::fs::write(dir.path().join("roster.csv"), "id,name\nM1,Acme\n").unwrap();
        let ok = check_str(&text, "d.toml", Some(dir.path()));
        let line_of = |needle: &str| text.lines().position(|l| l.starts_with(needle)).unwrap() + 1;
        assert_eq!(
            located(&ok),
            [format!("over-pooled d.toml:{}", line_of("over = "))]
        );
        // Roster missing: the definition is invalid before the pooling check, which never ran.
        std::fs::remove_file(dir.path().join("roster.csv")).unwrap();
        let missing = check_str(&text, "d.toml", Some(dir.path()));
        assert_eq!(
            located(&missing),
            [format!("missing-file d.toml:{}", line_of("roster = "))]
        );
        let d = &missing.diagnostics[0];
        assert!(d.message.starts_with("cannot read the roster: "), "{d}");
        assert_eq!(d.location.col, Some(10), "at the value of `roster = \"…\"`");
        assert_eq!(
            d.hint.as_deref(),
            Some("the path is relative to the definition file")
        );
        assert!(missing.model.is_none());
    }
}
