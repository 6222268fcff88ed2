//! Issue 10: "a guess that changes who counts or which way a scale points is never taken
//! without evidence". Three guesses, each either taken on evidence or refused with a message
//! that names the key to add, and confirmable in the definition. Files in `fixtures/guesses/`;
//! every expected score below is worked by hand from their cells.

use crate::common::qbpc;
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/guesses")
        .join(name)
}

/// `score --format json`: (platform id, score, respondents) in rank order, and the exclusions.
fn scores(file: &Path, index: &Path) -> (Vec<(String, f64, u64)>, usize) {
    let out = qbpc()
        .arg("score")
        .arg(file)
        .arg("--index")
        .arg(index)
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let platforms = json["platforms"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["id"].as_str().unwrap().to_string(),
                p["score"].as_f64().unwrap(),
                p["respondents"].as_u64().unwrap(),
            )
        })
        .collect();
    let excluded = json["excluded_submissions"].as_array().map_or(0, Vec::len);
    (platforms, excluded)
}

fn close(got: &[(String, f64, u64)], want: &[(&str, f64, u64)]) {
    assert_eq!(got.len(), want.len(), "{got:?}");
    for ((id, score, n), (wid, wscore, wn)) in got.iter().zip(want) {
        assert_eq!(id, wid, "{got:?}");
        assert!((score - wscore).abs() < 1e-6, "{id}: {score} != {wscore}");
        assert_eq!(n, wn, "{id}: respondents");
    }
}

// ---------------------------------------------------------------- (a) codes without labels

#[test]
fn codes_without_labels_get_no_direction_until_the_analyst_writes_labels() {
    let dir = tempfile::tempdir().unwrap();
    let draft = dir.path().join("d.toml");
    let file = fixture("tidy_codes.csv");
    let out = qbpc()
        .args(["init", "--from"])
        .arg(&file)
        .arg("-o")
        .arg(&draft)
        .output()
        .unwrap();
    let said =
        String::from_utf8_lossy(&out.stderr).to_string() + &String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{said}");
    // init says what is left to decide, naming the scale, its items and the key.
    assert!(
        said.contains("scale \"codes5\"")
            && said.contains("rules_clear, unjust_rejection_freq")
            && said.contains("`labels = [...]`"),
        "{said}"
    );
    let text = std::fs::read_to_string(&draft).unwrap();
    // The draft offers both orders, and takes neither.
    assert!(
        text.contains("# labels = [\"1\", \"2\", \"3\", \"4\", \"5\"]"),
        "{text}"
    );
    assert!(
        text.contains("# labels = [\"5\", \"4\", \"3\", \"2\", \"1\"]"),
        "{text}"
    );
    assert!(!text.contains("\nlabels = [\"1\""), "{text}");
    // validate and score refuse it at the scale, naming the key.
    for cmd in [vec!["validate"], vec!["score", file.to_str().unwrap()]] {
        let out = qbpc()
            .args(&cmd)
            .arg("--index")
            .arg(&draft)
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_ne!(out.status.code(), Some(0), "{cmd:?}: {err}");
        assert!(
            err.contains("scale \"codes5\"") && err.contains("`labels`"),
            "{cmd:?}: {err}"
        );
    }
    // Confirmed: 5 is best, and unjust_rejection_freq (how often rejections are unjust) is
    // reversed. By hand, codes 1..5 score 0, 25, 50, 75, 100; reversed 100 .. 0.
    // Taobao: rules_clear 5,4,5,1 -> 100,75,100,0 = 68.75; unjust 1,1,2,3 reversed -> 100,100,
    // 75,50 = 81.25; index (68.75 + 81.25) / 2 = 75. JD: rules_clear 4,2,3,3 -> 75,25,50,50 =
    // 50; unjust 2,5,4,3 reversed -> 75,0,25,50 = 37.5; index 43.75. (The old draft took 1 as
    // the worst answer everywhere and ranked JD first: 56.25 against 43.75.)
    let confirmed = text
        .replacen(
            "# labels = [\"1\", \"2\", \"3\", \"4\", \"5\"]",
            "labels = [\"1\", \"2\", \"3\", \"4\", \"5\"]",
            1,
        )
        .replace(
            "[items.unjust_rejection_freq]",
            "[items.unjust_rejection_freq]\nreverse = true",
        );
    std::fs::write(&draft, confirmed).unwrap();
    let (got, excluded) = scores(&file, &draft);
    close(&got, &[("taobao", 75.0, 4), ("jd", 43.75, 4)]);
    assert_eq!(excluded, 0);
}

#[test]
fn codes_of_a_question_that_asks_for_a_rating_are_higher_is_better() {
    // The question is the evidence: "How satisfied ..." is a rating on its own range 1..5.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("rating.csv");
    std::fs::write(
        &file,
        "respondent_id,platform,How satisfied are you with the platform\n\
         M1,淘宝,5\nM1,京东,1\nM2,淘宝,4\nM2,京东,2\nM3,淘宝,3\nM3,京东,2\n",
    )
    .unwrap();
    let draft = dir.path().join("d.toml");
    let out = qbpc()
        .args(["init", "--from"])
        .arg(&file)
        .arg("-o")
        .arg(&draft)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = std::fs::read_to_string(&draft).unwrap();
    assert!(
        text.contains("[scales.rating5]\n# a rating (the question asks for one): more is better"),
        "{text}"
    );
    // Taobao 5,4,3 -> 100,75,50 = 75; JD 1,2,2 -> 0,25,25 = 16.67.
    let (got, _) = scores(&file, &draft);
    close(&got, &[("taobao", 75.0, 3), ("jd", 50.0 / 3.0, 3)]);
}

// ---------------------------------------------------------------- (b) numbers as option text

fn with_source(def: &str, extra: &str) -> String {
    def.replace(
        "kind = \"survey\"\n",
        &format!("kind = \"survey\"\n{extra}\n"),
    )
}

#[test]
fn option_texts_that_are_numbers_are_not_read_as_option_indexes_on_a_guess() {
    let file = fixture("wjx_nps_numbers.csv");
    let def = std::fs::read_to_string(fixture("wjx_nps.toml")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    // Auto-detection: only whole numbers say "option index", and the 0..10 scale reads "1"
    // as the answer "1" (text) or as option 1 = the answer "0" (index): refused, naming keys.
    let out = qbpc()
        .arg("score")
        .arg(&file)
        .arg("--index")
        .arg(fixture("wjx_nps.toml"))
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("cannot tell the 问卷星 download mode")
            && err.contains("\"1\" both as an answer of its own and as option number 1, which is the answer \"0\"")
            && err.contains("preset = \"wjx-index\"")
            && err.contains("preset = \"wjx-text\""),
        "{err}"
    );
    // Declared 按文本: "10", "1", "8" score 100, 10, 80 for Taobao (63.33); "0", "5", "2"
    // score 0, 50, 20 for JD (23.33). Three companies, each its own respondent.
    let text = dir.path().join("text.toml");
    std::fs::write(&text, with_source(&def, "preset = \"wjx-text\"")).unwrap();
    let (got, _) = scores(&file, &text);
    close(&got, &[("taobao", 190.0 / 3.0, 3), ("jd", 70.0 / 3.0, 3)]);
    // The download's own file name is evidence too (…_按文本_…).
    let named = dir.path().join("123_按文本_推荐_3_3.csv");
    std::fs::copy(&file, &named).unwrap();
    let (got, _) = scores(&named, &fixture("wjx_nps.toml"));
    close(&got, &[("taobao", 190.0 / 3.0, 3), ("jd", 70.0 / 3.0, 3)]);
    // Declared 按序号: code k is the k-th option, "10" -> "9" (90), "1" -> "0" (0), "8" -> "7"
    // (70): Taobao 53.33; JD "0" is no code (read as the answer "0": 0), "5" -> "4" (40),
    // "2" -> "1" (10): 16.67.
    let index = dir.path().join("index.toml");
    std::fs::write(&index, with_source(&def, "preset = \"wjx-index\"")).unwrap();
    let (got, _) = scores(&file, &index);
    close(&got, &[("taobao", 160.0 / 3.0, 3), ("jd", 50.0 / 3.0, 3)]);
}

#[test]
fn a_skip_code_in_the_cells_says_option_index() {
    // -3 is what only the 按序号 download writes: evidence, no refusal.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("coded.csv");
    let csv = std::fs::read_to_string(fixture("wjx_nps_numbers.csv")).unwrap();
    std::fs::write(&file, csv.replacen(",10,0\n", ",10,-3\n", 1)).unwrap();
    // Index reading: Taobao 90, 0, 70 = 53.33; JD skipped, 40, 10 = 25.
    let (got, _) = scores(&file, &fixture("wjx_nps.toml"));
    close(&got, &[("taobao", 160.0 / 3.0, 3), ("jd", 25.0, 2)]);
}

// ---------------------------------------------------------------- (c) a "Name" column

#[test]
fn a_bare_name_header_is_not_taken_for_the_respondent() {
    let file = fixture("google_name_long.csv");
    // inspect says who the respondent is, and on what evidence: here nobody.
    let out = qbpc().arg("inspect").arg(&file).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("respondent: none: no column names the respondent"),
        "{text}"
    );
    // Every row counts: Taobao 5,3,4,2,1,1 -> 100,50,75,25,0,0 = 41.67 over 6 respondents;
    // JD 4,2,5,3 -> 75,25,100,50 = 62.5 over 4. (Keyed on "Name", the second "Wang Wei" row
    // for Taobao silently replaced the first: 30.0 over 5.)
    let (got, excluded) = scores(&file, &fixture("google_name_long.toml"));
    close(&got, &[("jd", 62.5, 4), ("taobao", 250.0 / 6.0, 6)]);
    assert_eq!(excluded, 0);
    // Declared, it is the key: the latest "Wang Wei" x Taobao (1) replaces the first (5):
    // Taobao 1,3,4,2,1 -> 0,50,75,25,0 = 30 over 5.
    let dir = tempfile::tempdir().unwrap();
    let def = std::fs::read_to_string(fixture("google_name_long.toml")).unwrap();
    let declared = dir.path().join("d.toml");
    std::fs::write(&declared, with_source(&def, "respondent = \"Name\"")).unwrap();
    let (got, excluded) = scores(&file, &declared);
    close(&got, &[("jd", 62.5, 4), ("taobao", 30.0, 5)]);
    assert_eq!(excluded, 1);
}

#[test]
fn a_header_that_says_whose_name_is_a_stated_guess() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("yours.csv");
    let csv = std::fs::read_to_string(fixture("google_name_long.csv")).unwrap();
    std::fs::write(
        &file,
        csv.replacen("Timestamp,Name,", "Timestamp,Your name,", 1),
    )
    .unwrap();
    // inspect (with the embedded definition, which cannot score this file) states it.
    let out = qbpc()
        .args(["inspect", "--format", "json"])
        .arg(&file)
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["respondent_basis"]["from"], "header", "{json}");
    assert_eq!(json["respondent_basis"]["column"], "Your name", "{json}");
    let out = qbpc().arg("inspect").arg(&file).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("respondent: column \"Your name\", because its header names the respondent (a guess: confirm it with `respondent = \"Your name\"` in the source)"),
        "{text}"
    );
    // init says it too, and writes it where it can be confirmed or deleted.
    let draft = dir.path().join("d.toml");
    let out = qbpc()
        .args(["init", "--from"])
        .arg(&file)
        .arg("-o")
        .arg(&draft)
        .output()
        .unwrap();
    let said =
        String::from_utf8_lossy(&out.stderr).to_string() + &String::from_utf8_lossy(&out.stdout);
    assert!(
        said.contains(
            "`respondent = \"Your name\"` was taken from a header that names the respondent"
        ),
        "{said}"
    );
    let text = std::fs::read_to_string(&draft).unwrap();
    assert!(
        text.contains("\nrespondent = \"Your name\"  # its header names the respondent"),
        "{text}"
    );
}

// ---------------------------------------------------------------- option positions as values

#[test]
fn option_positions_of_an_index_download_are_not_drafted_as_values() {
    let dir = tempfile::tempdir().unwrap();
    let file = fixture("555_按序号_满意度_3_3.csv");
    let draft = dir.path().join("d.toml");
    let init = |from: &Path| {
        let out = qbpc()
            .args(["init", "--from"])
            .arg(from)
            .arg("-o")
            .arg(&draft)
            .arg("--force")
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0));
        std::fs::read_to_string(&draft).unwrap()
    };
    // The file name says 按序号 and the question states 0-10: code k is the option (k-1)分.
    let text = init(&file);
    assert!(
        text.contains("labels = [\"0\", \"1\", \"2\", \"3\", \"4\", \"5\", \"6\", \"7\", \"8\", \"9\", \"10\"]"),
        "{text}"
    );
    // By hand: Taobao codes 11, 4, 9 = 10分, 3分, 8分 -> 100, 30, 80 = 70; JD codes 1, 6, 3 =
    // 0分, 5分, 2分 -> 0, 50, 20 = 23.33. (The draft read the codes as points on 0..100: Taobao
    // 8.0, JD 3.33, exit 0.)
    let (got, _) = scores(&file, &draft);
    close(
        &got,
        &[("taobao", 70.0), ("jd", 70.0 / 3.0)].map(|(p, s)| (p, s, 3)),
    );
    // Renamed, nothing says which download it is, and an 11 on a 0-10 question fits no range:
    // reported, not scored, and score refuses the draft (no platform has a score).
    let renamed = dir.path().join("export.csv");
    std::fs::copy(&file, &renamed).unwrap();
    let text = init(&renamed);
    assert!(
        text.contains(
            "# a rating whose answers (1..11) fit no range of it (the question states 0..10)"
        ),
        "{text}"
    );
    let out = qbpc()
        .arg("score")
        .arg(&renamed)
        .arg("--index")
        .arg(&draft)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}
