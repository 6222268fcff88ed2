//! Every platform-facing output (the HTML report, every scorecard in HTML and Markdown, the
//! ranking and item tables in CSV, Markdown and plain text, the free-text CSV, the platform
//! part of the JSON results and the workbook's sheets other than the exclusion and finding
//! logs), made from every fixture, with the default `--min-cell` and with `--min-cell 1`,
//! names no respondent: no respondent id, company name or short name, contact person, e-mail
//! address or phone number of the fixture, nor any roster spelling in a run with the roster.
//! The privacy fixtures (`fixtures/privacy/`) write those into free-text answers in several
//! spellings; the identifying strings are read from the fixture files, not from the redactor.
//! The researchers' JSON names them: the same scan finds them there, so it can fail.

use crate::output_support as support;
use crate::privacy_support as privacy;

use privacy::*;
use std::collections::BTreeSet;
use support::*;

const TIDY_NAMED: &str = "fixtures/privacy/tidy_named.csv";
const TIDY_ROSTER: &str = "fixtures/privacy/tidy_roster.csv";
const WJX_NAMED: &str = "fixtures/privacy/wjx_named.csv";
const ROSTER: &str = "fixtures/roster.csv";

/// One run: an input, the definition (None: the embedded one), and what it must never show.
struct Case {
    input: &'static str,
    definition: Option<std::path::PathBuf>,
    identities: BTreeSet<String>,
}

/// Company names with their short names added.
fn with_short_names(names: Vec<String>) -> Vec<String> {
    let short: Vec<String> = names.iter().filter_map(|n| short_name(n)).collect();
    names.into_iter().chain(short).collect()
}

/// The embedded definition with the roster and `identifying = ["liaison"]` on the survey.
fn roster_definition(dir: &std::path::Path) -> std::path::PathBuf {
    let roster = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(ROSTER);
    let text = qbpc_index::definition::DEFAULT_TOML.replacen(
        "id = \"survey\"\n",
        "id = \"survey\"\nidentifying = [\"liaison\"]\n",
        1,
    );
    assert_ne!(text, qbpc_index::definition::DEFAULT_TOML);
    let text = format!("{text}\n[respondents]\nroster = {:?}\n", roster.display());
    let path = dir.join("def.toml");
    std::fs::write(&path, text).unwrap();
    path
}

fn cases(dir: &std::path::Path) -> Vec<Case> {
    let tidy_ids = ["respondent_id", "company_name", "contact_person"];
    let contacts = ["contact_email", "contact_phone"];
    let named = |path: &str, extra: &[&str]| -> BTreeSet<String> {
        let mut ids = with_short_names(csv_columns(path, &tidy_ids));
        ids.extend(csv_columns(path, &contacts));
        ids.extend(csv_columns(path, extra));
        ids.extend(contacts_in(&csv_cells(path)));
        ids.into_iter().collect()
    };
    let mut roster_run = named(TIDY_ROSTER, &["liaison"]);
    roster_run.extend(with_short_names(roster(ROSTER)));
    let mut wjx = with_short_names(csv_columns(WJX_NAMED, &["1、", "联系人"]));
    wjx.extend(csv_columns(WJX_NAMED, &["联系电话", "电子邮箱"]));
    wjx.extend(contacts_in(&csv_cells(WJX_NAMED)));
    let fixtures: BTreeSet<String> = respondent_ids()
        .into_iter()
        .chain(company_names())
        .collect();
    vec![
        Case {
            input: TIDY_NAMED,
            definition: None,
            identities: named(TIDY_NAMED, &[]),
        },
        Case {
            input: TIDY_ROSTER,
            definition: Some(roster_definition(dir)),
            identities: roster_run,
        },
        Case {
            input: WJX_NAMED,
            definition: None,
            identities: wjx.into_iter().collect(),
        },
        Case {
            input: WJX,
            definition: None,
            identities: fixtures.clone(),
        },
        Case {
            input: TIDY,
            definition: None,
            identities: fixtures,
        },
    ]
}

/// Runs the binary with the case's definition, the opinion source and `args`.
fn run_case(case: &Case, args: &[&str]) -> Run {
    let mut all: Vec<&str> = args.to_vec();
    let def;
    if let Some(d) = &case.definition {
        def = d.to_str().unwrap().to_string();
        all.extend(["--index", &def]);
    }
    all.extend(["--quiet", case.input, "--source", OPINION]);
    ok(&all)
}

/// Report and scorecards (every file written) at a `--min-cell` (None: the default).
fn publications(case: &Case, min_cell: Option<&str>) -> Vec<(String, String)> {
    let dir = tempfile::tempdir().unwrap();
    let cards = dir.path().join("cards");
    let report = dir.path().join("report.html");
    let mut k = vec![];
    if let Some(m) = min_cell {
        k.extend(["--min-cell", m]);
    }
    let mut args = vec!["scorecards", "--out", cards.to_str().unwrap()];
    args.extend(&k);
    run_case(case, &args);
    let mut args = vec!["report", "-o", report.to_str().unwrap()];
    args.extend(&k);
    run_case(case, &args);
    let mut files = files_in(&cards);
    files.push((
        "report.html".into(),
        std::fs::read_to_string(&report).unwrap(),
    ));
    files
}

/// The tables of `score`: CSV at every level, Markdown, plain text, the platforms of the JSON
/// results, and the workbook's sheets but the exclusion and finding logs.
fn tables(case: &Case) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for args in [
        &["--format", "csv"][..],
        &["--format", "csv", "--level", "item"],
        &["--format", "csv", "--level", "text"],
        &["--format", "md"],
        &["--format", "table"],
    ] {
        let mut all = vec!["score"];
        all.extend(args);
        let r = run_case(case, &all);
        out.push((args.join(" "), String::from_utf8(r.stdout).unwrap()));
    }
    let r = run_case(case, &["score", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&r.stdout).unwrap();
    out.push(("json platforms".into(), json["platforms"].to_string()));
    let dir = tempfile::tempdir().unwrap();
    let xlsx = dir.path().join("r.xlsx");
    run_case(case, &["score", "-o", xlsx.to_str().unwrap()]);
    use calamine::{Reader, open_workbook_auto};
    let mut wb = open_workbook_auto(&xlsx).unwrap();
    for sheet in wb.sheet_names() {
        // The logs (bilingual names: "Excluded submissions 剔除的答卷") are the researchers'.
        if ["Excluded submissions", "Diagnostics"]
            .iter()
            .any(|log| sheet.starts_with(log))
        {
            continue;
        }
        let range = wb.worksheet_range(&sheet).unwrap();
        let text: Vec<String> = range.rows().flatten().map(|c| c.to_string()).collect();
        out.push((format!("xlsx {sheet}"), text.join("\n")));
    }
    out
}

#[test]
fn the_identity_lists_are_complete() {
    assert_eq!(respondent_ids().len(), 40);
    let names = company_names();
    assert!(names.contains("星河日化（中国）有限公司"));
    assert!(names.contains("Alpenrose"), "aliases");
    assert!(
        names.contains("乐趣玩具(深圳)有限公司"),
        "names as typed in the WJX export"
    );
    let dir = tempfile::tempdir().unwrap();
    let cases = cases(dir.path());
    let (tidy, roster, wjx) = (
        &cases[0].identities,
        &cases[1].identities,
        &cases[2].identities,
    );
    for id in [
        "M008",
        "乐趣玩具（深圳）有限公司",
        "乐趣玩具",
        "王晓明",
        "13900000001",
    ] {
        assert!(tidy.contains(id), "{id}");
    }
    assert!(tidy.contains("ip.contact01@member01-brand.com"));
    assert!(tidy.contains("862168881234"), "a phone typed in free text");
    assert!(
        tidy.contains("ipp-helper@platform-example.cn"),
        "an e-mail typed in free text"
    );
    for id in [
        "Lequ Toys",
        "法国卢米埃",
        "LX-0017",
        "Maison Lumière Trading",
    ] {
        assert!(roster.contains(id), "{id}");
    }
    for id in ["乐趣玩具", "锐步运动用品", "01065123456"] {
        assert!(wjx.contains(id), "{id}");
    }
}

#[test]
fn no_platform_facing_output_names_a_respondent() {
    let dir = tempfile::tempdir().unwrap();
    for case in cases(dir.path()) {
        let mut files = tables(&case);
        for min_cell in [None, Some("1")] {
            let published = publications(&case, min_cell);
            assert_eq!(published.len(), 21, "{}", case.input);
            let tag = format!("min-cell {}", min_cell.unwrap_or("default"));
            files.extend(
                published
                    .into_iter()
                    .map(|(n, t)| (format!("{n} ({tag})"), t)),
            );
        }
        for (name, text) in &files {
            let found = found_in(text, &case.identities);
            assert!(
                found.is_empty(),
                "{}: {name} contains {found:?}",
                case.input
            );
        }
        if case.input.starts_with("fixtures/privacy/") {
            // The scan had something to find: the free text was shown, redacted.
            for shown in [
                "report.html (min-cell default)",
                "--format csv --level text",
            ] {
                let (_, text) = files.iter().find(|(n, _)| n == shown).unwrap();
                assert!(text.contains("[redacted]"), "{}: {shown}", case.input);
            }
        }
    }
}

#[test]
fn the_scan_finds_identities_where_they_are_allowed() {
    // Researcher-facing JSON lists the excluded submissions with their respondents, and the
    // privacy fixtures' free text, unredacted, holds every kind of identifying string.
    let r = ok(&["score", "--quiet", "--format", "json", WJX]);
    let json = String::from_utf8(r.stdout).unwrap();
    let all: BTreeSet<String> = respondent_ids()
        .into_iter()
        .chain(company_names())
        .collect();
    assert!(
        !found_in(&json, &all).is_empty(),
        "the scan must be able to fail"
    );
    let dir = tempfile::tempdir().unwrap();
    let case = &cases(dir.path())[1];
    let text = csv_cells(case.input).join("\n");
    for id in [
        "乐趣玩具",
        "Alpenrose Cosmetics",
        "m008",
        "王晓明",
        "Lequ Toys",
        "ip.contact01@member01-brand.com",
        "13900000001",
        "862168881234",
        "LX-0017",
    ] {
        let one: BTreeSet<String> = [id.to_string()].into();
        assert_eq!(
            found_in(&text, &one),
            [id],
            "{id} is written in the fixture"
        );
    }
}
