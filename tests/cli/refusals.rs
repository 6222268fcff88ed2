//! Regression tests for issue 10's classes: a guessed respondent never merges people, empty
//! or mostly-deduplicated runs are refused (exit 2) instead of published, tab-separated files
//! with commas in their questions are split on tabs, two items on one column are reported
//! unless they share it on purpose (and then both are scored).

use crate::common::{EVERY_PATH, ScoringPath, qbpc, qbpc_on, root};
use assert_cmd::Command;
use std::path::Path;

/// Standard error of a run that must be refused with exit 2 (`what` says which run failed).
fn refused(cmd: &mut Command, what: &str) -> String {
    let out = cmd.output().expect("runs");
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(2), "{what}{err}");
    err
}

/// The command on the columnar path (large tidy files) and on the general path
/// (`QBPC_GENERAL_PATH`), which must agree.
fn on_both_paths() -> [(bool, Command); 2] {
    EVERY_PATH.map(|path| (path == ScoringPath::General, qbpc_on(path, &root())))
}

const HEAD: &str = "序号,提交答卷时间,所用时间,1、您使用几个平台？,4、平台知识产权保护规则清晰、易于查找—淘宝,天猫 Tmall,京东(JD)\n";

/// A 问卷星 export whose first question is a count (1-4), not a name: 8 submissions.
fn count_first(dir: &Path) -> std::path::PathBuf {
    let mut csv = String::from(HEAD);
    for i in 1..=8 {
        let n = i % 2 + 1;
        csv.push_str(&format!(
            "{i},2025/03/1{i} 10:00:00,900秒,{n},非常同意,比较同意,一般\n"
        ));
    }
    let p = dir.join("count_first.csv");
    std::fs::write(&p, csv).expect("write");
    p
}

#[test]
fn a_question_about_the_respondent_never_keys_deduplication() {
    // Issue 10, class 1: keyed on a 1-2 count, 6 of these 8 rows were dropped as duplicates.
    let dir = tempfile::tempdir().expect("tmp");
    let out = qbpc()
        .args(["score", "--format", "json"])
        .arg(count_first(dir.path()))
        .output()
        .expect("runs");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let excluded = json["excluded_submissions"].as_array().expect("list");
    assert!(
        excluded.iter().all(|e| e["reason"] != "duplicate"),
        "{excluded:?}"
    );
    let taobao = json["platforms"]
        .as_array()
        .expect("platforms")
        .iter()
        .find(|p| p["id"] == "taobao")
        .expect("taobao");
    assert_eq!(taobao["respondents"], 8);
}

#[test]
fn a_declared_respondent_that_drops_most_rows_is_refused() {
    let dir = tempfile::tempdir().expect("tmp");
    let survey = count_first(dir.path());
    let def = dir.path().join("def.toml");
    let embedded = qbpc()
        .args(["init", "-o"])
        .arg(&def)
        .output()
        .expect("runs");
    assert!(embedded.status.success());
    let text = std::fs::read_to_string(&def).expect("read");
    let text = text.replace(
        "platforms_question = 3\n",
        "platforms_question = 3\nrespondent = \"1\"\n",
    );
    std::fs::write(&def, text).expect("write");
    let err = refused(qbpc().args(["score", "-i"]).arg(&def).arg(&survey), "");
    assert!(
        err.contains("6 of 8 submissions would be dropped as duplicates"),
        "{err}"
    );
    assert!(err.contains("max_duplicate_share"), "{err}");
}

#[test]
fn every_row_excluded_is_an_error_not_an_empty_ranking() {
    // Issue 10, class 7: 7 of 7 rows excluded, exit 0.
    let dir = tempfile::tempdir().expect("tmp");
    let mut csv = String::from(
        HEAD.replace("1、您使用几个平台？", "1、贵企业名称")
            .as_str(),
    );
    for i in 1..=3 {
        csv.push_str(&format!(
            "{i},2025/03/1{i} 10:00:00,900秒,,(跳过),(跳过),(跳过)\n"
        ));
    }
    let p = dir.path().join("empty.csv");
    std::fs::write(&p, csv).expect("write");
    let out = qbpc().arg("score").arg(&p).output().expect("runs");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("no platform has a score"), "{err}");
    assert!(out.stdout.is_empty());
}

#[test]
fn a_tab_separated_file_with_commas_in_its_questions_is_split_on_tabs() {
    // Issue 10, class 6.
    let dir = tempfile::tempdir().expect("tmp");
    let tsv = "submission_id\trespondent_id\tplatform\trules_clear\tnote, if any\n\
               1\tM1\ttaobao\t5\ta, b\n2\tM2\ttaobao\t4\tc\n3\tM3\ttaobao\t3\t\n";
    let p = dir.path().join("survey.tsv");
    std::fs::write(&p, tsv).expect("write");
    let t = qbpc_index::ingest::read_table(&p, None).expect("reads");
    assert_eq!(t.headers.len(), 5, "{:?}", t.headers);
    assert_eq!(t.headers[4], "note, if any");
}

#[test]
fn init_names_the_keys_to_add_for_a_survey_that_rates_no_platform() {
    // Issue 10, scope 4, and class 8: a question-type suffix is no platform.
    let dir = tempfile::tempdir().expect("tmp");
    let csv = "序号,提交答卷时间,所用时间,1、您的年级,2、您最喜欢的颜色(多选题 *必答),3、满意度—外观,屏幕\n\
               1,2025/03/10 10:00:00,90秒,大一,red┋blue,4,5\n\
               2,2025/03/11 10:00:00,95秒,大二,red,3,4\n";
    let p = dir.path().join("colours.csv");
    std::fs::write(&p, csv).expect("write");
    let draft = dir.path().join("draft.toml");
    let err = refused(
        qbpc()
            .args(["init", "--from"])
            .arg(&p)
            .arg("-o")
            .arg(&draft),
        "",
    );
    assert!(err.contains("no platform found"), "{err}");
    assert!(
        err.contains("platform = \\\"COLUMN\\\"") || err.contains("platform = \"COLUMN\""),
        "{err}"
    );
    assert!(!draft.exists());
}

#[test]
fn duplicates_of_a_long_file_count_on_every_scoring_path() {
    // The rule counts whole rows excluded as duplicates; long rows carry their platform, and
    // were first left out of the count. The columnar path (large tidy files) and the general
    // path (QBPC_GENERAL_PATH) must refuse alike.
    let dir = tempfile::tempdir().expect("tmp");
    let mut csv = String::from("submission_id,respondent_id,submitted_at,platform,rules_clear\n");
    for i in 1..=5 {
        csv.push_str(&format!("S{i},M1,2025-03-1{i}T10:00:00+08:00,taobao,5\n"));
    }
    for (i, m) in ["M2", "M3", "M4"].iter().enumerate() {
        csv.push_str(&format!("T{i},{m},2025-03-10T10:00:00+08:00,taobao,4\n"));
    }
    let p = dir.path().join("tidy.csv");
    std::fs::write(&p, csv).expect("write");
    for (general, mut cmd) in on_both_paths() {
        let err = refused(
            cmd.arg("score").arg(&p),
            &format!("general path {general}: "),
        );
        assert!(
            err.contains("4 of 8 submissions would be dropped as duplicates"),
            "general path {general}: {err}"
        );
        assert!(err.contains("respondent_id"), "{err}");
    }
}

#[test]
fn option_numbers_without_labels_are_never_scored_in_a_draft() {
    // Issue 10, class 2: which end of a 问卷星 option list is better is the author's choice;
    // a draft from the option-index download must not guess it.
    let dir = tempfile::tempdir().expect("tmp");
    let mut csv = String::from(
        "序号,提交答卷时间,所用时间,1、贵企业名称,4、平台规则清晰—淘宝,天猫 Tmall,京东(JD)\n",
    );
    for i in 1..=6 {
        let (a, b, c) = (i % 5 + 1, (i + 2) % 5 + 1, (i + 4) % 5 + 1);
        csv.push_str(&format!(
            "{i},2025/03/1{i} 10:00:00,900秒,公司{i},{a},{b},{c}\n"
        ));
    }
    let p = dir.path().join("900001_按序号_样本_6_6.csv");
    std::fs::write(&p, csv).expect("write");
    let draft = dir.path().join("draft.toml");
    let out = qbpc()
        .args(["init", "--from"])
        .arg(&p)
        .arg("-o")
        .arg(&draft)
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(&draft).expect("draft");
    assert!(text.contains("preset = \"wjx-index\""), "{text}");
    assert!(text.contains("which end is better is unknown"), "{text}");
    let err = refused(qbpc().args(["score", "-i"]).arg(&draft).arg(&p), "");
    assert!(err.contains("no platform has a score"), "{err}");
}

/// The small tidy definition with a second item on `rules_clear`'s column, under another
/// dimension; `shared` sets `column_shared` on both.
fn two_items_on_one_column(dir: &Path, shared: bool) -> std::path::PathBuf {
    let base = std::fs::read_to_string("fixtures/definitions/tidy_small.toml").expect("read");
    let flag = if shared { "column_shared = true\n" } else { "" };
    let text = base
        .replace(
            "[items.rules_clear]\nindicator = \"rules\"\nscale = \"agree5\"\n",
            &format!("[items.rules_clear]\nindicator = \"rules\"\nscale = \"agree5\"\n{flag}"),
        )
        .replace(
            "[[sources]]",
            &format!(
                "[dimensions.again]\nname = \"Again\"\n\n[items.rules_again]\ndimension = \"again\"\nscale = \"agree5\"\ncolumn = \"rules_clear\"\n{flag}\n[[sources]]"
            ),
        );
    assert!(text.contains("rules_again"));
    let p = dir.join("two.toml");
    std::fs::write(&p, text).expect("write");
    p
}

#[test]
fn two_items_on_one_column_are_reported_with_both_locations() {
    // Issue 10, class 9: validate passed it, and one item silently took the other's answers.
    let dir = tempfile::tempdir().expect("tmp");
    let def = two_items_on_one_column(dir.path(), false);
    let out = qbpc()
        .args(["validate", "-i"])
        .arg(&def)
        .output()
        .expect("runs");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("error[shared-column]"), "{err}");
    assert!(
        err.contains("items \"rules_clear\" (") && err.contains("two.toml:"),
        "both locations: {err}"
    );
    assert!(err.contains("column_shared = true"), "{err}");
}

#[test]
fn a_shared_column_scores_both_items_on_every_path() {
    let dir = tempfile::tempdir().expect("tmp");
    let def = two_items_on_one_column(dir.path(), true);
    let out = qbpc()
        .args(["validate", "-i"])
        .arg(&def)
        .output()
        .expect("runs");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut seen = Vec::new();
    for (_, mut cmd) in on_both_paths() {
        let out = cmd
            .args(["score", "--format", "json", "-i"])
            .arg(&def)
            .arg("fixtures/tidy_long.csv")
            .output()
            .expect("runs");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
        for p in json["platforms"].as_array().expect("platforms") {
            let items = &p["items"];
            assert!(items["rules_again"]["score"].is_number(), "{p}");
            assert_eq!(items["rules_again"], items["rules_clear"], "{p}");
        }
        seen.push(json["platforms"].clone());
    }
    assert_eq!(seen[0], seen[1]);
}

#[test]
fn a_source_can_name_its_delimiter() {
    // Issue 10, class 6: no key for the delimiter.
    let dir = tempfile::tempdir().expect("tmp");
    let base = std::fs::read_to_string("fixtures/definitions/tidy_small.toml").expect("read");
    let tidy = std::fs::read_to_string("fixtures/tidy_long.csv").expect("read");
    // Pipes between fields; the commas inside quoted answers stay text.
    let piped: String = tidy
        .lines()
        .map(|l| {
            let mut rec = csv::ReaderBuilder::new()
                .has_headers(false)
                .from_reader(l.as_bytes());
            let r = rec.records().next().and_then(Result::ok);
            r.map_or_else(String::new, |r| r.iter().collect::<Vec<_>>().join("|"))
        })
        .filter(|l| !l.is_empty() && !l.contains('\n'))
        .collect::<Vec<_>>()
        .join("\n");
    let data = dir.path().join("piped.txt");
    std::fs::write(&data, piped + "\n").expect("write");
    let def = dir.path().join("def.toml");
    std::fs::write(&def, format!("{base}delimiter = \"|\"\n")).expect("write");
    let out = qbpc()
        .args(["score", "--format", "csv", "-i"])
        .arg(&def)
        .arg(&data)
        .output()
        .expect("runs");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("taobao"));
    // A delimiter that cannot be one is a finding at its TOML line:column.
    std::fs::write(&def, format!("{base}delimiter = \"ab\"\n")).expect("write");
    let out = qbpc()
        .args(["validate", "-i"])
        .arg(&def)
        .output()
        .expect("runs");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("delimiter") && err.contains("def.toml:"),
        "{err}"
    );
}
