//! `qbpc-index init`: writes the embedded definition, never clobbers without --force.

use crate::common::{json_of, qbpc_in};
use assert_cmd::Command;

#[test]
fn init_writes_a_definition_that_validates_and_is_picked_up() {
    let dir = tempfile::tempdir().unwrap();
    qbpc_in(dir.path()).arg("init").assert().success();
    let written = std::fs::read_to_string(dir.path().join("qbpc-index.toml")).unwrap();
    let (directive, rest) = written.split_once('\n').unwrap();
    assert_eq!(directive, "#:schema ./qbpc-index.schema.json");
    assert_eq!(rest, qbpc_index::definition::DEFAULT_TOML);
    // ./qbpc-index.toml is now the definition that validate (and score) use.
    let out = qbpc_in(dir.path()).arg("validate").output().unwrap();
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn init_refuses_to_overwrite_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("qbpc-index.toml");
    std::fs::write(&path, "mine").unwrap();
    let out = qbpc_in(dir.path()).arg("init").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--force"));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "mine");
    qbpc_in(dir.path())
        .args(["init", "--force"])
        .assert()
        .success();
    assert_ne!(std::fs::read_to_string(&path).unwrap(), "mine");
}

fn qbpc_here() -> Command {
    qbpc_in(std::path::Path::new(env!("CARGO_MANIFEST_DIR")))
}

/// `init --from EXPORT -o DIR/draft.toml`; the draft's text.
fn draft_of(export: &str, dir: &std::path::Path) -> (std::path::PathBuf, String) {
    let out = dir.join("draft.toml");
    let r = qbpc_here()
        .args(["init", "--from", export, "--output"])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(
        r.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&r.stderr)
    );
    let text = std::fs::read_to_string(&out).unwrap();
    (out, text)
}

#[test]
fn draft_from_wjx_export_validates_as_is_and_scores_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let (path, text) = draft_of("fixtures/wjx_text_wide.xlsx", dir.path());
    insta::assert_snapshot!("draft_wjx_text_wide", text);
    let v = qbpc_here()
        .args(["validate", "--index"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(
        v.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&v.stderr)
    );
    let json = json_of(
        qbpc_here()
            .args([
                "score",
                "fixtures/wjx_text_wide.xlsx",
                "--format",
                "json",
                "--index",
            ])
            .arg(&path),
    );
    let platforms = json["platforms"].as_array().unwrap();
    assert_eq!(platforms.len(), 10);
    assert!(platforms.iter().filter(|p| p["status"] == "ranked").count() >= 9);
    assert!(platforms[0]["items"]["q4"]["invalid"].as_u64().is_some());
}

#[test]
fn draft_from_tidy_file_scores_once_the_codes_direction_is_confirmed() {
    let dir = tempfile::tempdir().unwrap();
    let (path, text) = draft_of("fixtures/tidy_long.csv", dir.path());
    insta::assert_snapshot!("draft_tidy_long", text);
    // Codes 1..5 with no labels (rules_clear, unjust_rejection_freq ...): which end is best is
    // not in the file, so the unedited draft is refused at the scale, naming `labels`.
    let s = qbpc_here()
        .args(["score", "fixtures/tidy_long.csv", "--index"])
        .arg(&path)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&s.stderr);
    assert_eq!(s.status.code(), Some(2), "{err}");
    assert!(
        err.contains("\"codes5\"") && err.contains("`labels`"),
        "{err}"
    );
    // Confirmed by the analyst (uncommenting the line the draft offers), it scores.
    let confirmed = text.replacen(
        "# labels = [\"1\", \"2\", \"3\", \"4\", \"5\"]",
        "labels = [\"1\", \"2\", \"3\", \"4\", \"5\"]",
        1,
    );
    std::fs::write(&path, confirmed).unwrap();
    let s = qbpc_here()
        .args(["score", "fixtures/tidy_long.csv", "--index"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(
        s.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&s.stderr)
    );
}

#[test]
fn draft_refuses_to_overwrite_and_reports_unreadable_exports() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("d.toml");
    std::fs::write(&out, "mine").unwrap();
    let r = qbpc_here()
        .args(["init", "--from", "fixtures/tidy_long.csv", "-o"])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(r.status.code(), Some(2));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "mine");
    let missing = dir.path().join("new.toml");
    let r = qbpc_here()
        .args(["init", "--from", "fixtures/no_such_export.xlsx", "-o"])
        .arg(&missing)
        .output()
        .unwrap();
    assert_eq!(r.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&r.stderr).contains("no_such_export.xlsx"));
    assert!(!missing.exists(), "nothing is written on failure");
}

const GAMES: &str = "fixtures/real/google_forms_games_awe.tsv";
const GAME_TITLE: &str = "What is the title of the game?";

/// `init --from EXPORT --platform-column COLUMN -o DIR/draft.toml`: exit code, stdout,
/// stderr, and the draft's text ("" when none was written).
fn stated_draft(
    export: &str,
    column: &str,
    dir: &std::path::Path,
) -> (i32, String, String, String) {
    let out = dir.join("draft.toml");
    let r = qbpc_here()
        .args([
            "init",
            "--from",
            export,
            "--platform-column",
            column,
            "--output",
        ])
        .arg(&out)
        .output()
        .unwrap();
    (
        r.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&r.stdout).into_owned(),
        String::from_utf8_lossy(&r.stderr).into_owned(),
        std::fs::read_to_string(&out).unwrap_or_default(),
    )
}

#[test]
fn platform_column_drafts_the_games_survey_and_scores_it_as_python_reads_it() {
    // Without the flag the games survey is refused (no known platform: see real_exports.rs);
    // the person states the unit column and the draft lists its values as units.
    let dir = tempfile::tempdir().unwrap();
    let (code, _, stderr, text) = stated_draft(GAMES, GAME_TITLE, dir.path());
    assert_eq!(code, 0, "{stderr}");
    assert!(
        text.contains(&format!(
            "platform = \"{GAME_TITLE}\"  # stated by --platform-column (not a guess)"
        )),
        "{text}"
    );
    assert!(
        stderr.contains("stated by --platform-column (not a guess)"),
        "{stderr}"
    );
    // Python (csv module, tab): 60 rows, every title non-empty, 41 distinct titles once
    // trimmed and case-folded ("Elden ring" is "Elden Ring", "Horizon Zero Dawn " is
    // "Horizon Zero Dawn").
    assert_eq!(text.matches("\n[platforms.").count(), 41, "{text}");
    assert!(text.contains("\n[platforms.elden_ring]\nname = \"Elden Ring\"\n"));
    // Unedited, score refuses for the scales the draft asks to confirm, not the platform.
    let path = dir.path().join("draft.toml");
    let s = qbpc_here()
        .args(["score", GAMES, "--index"])
        .arg(&path)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&s.stderr);
    assert_eq!(s.status.code(), Some(2), "{err}");
    assert!(
        err.contains("\"codes5\"") && err.contains("`labels`"),
        "{err}"
    );
    assert!(!err.contains("no platform"), "{err}");
    // The two confirmations init printed, written as it says; then it scores.
    let confirmed = text
        .replacen(
            "# labels = [\"1\", \"2\", \"3\", \"4\", \"5\"]",
            "labels = [\"1\", \"2\", \"3\", \"4\", \"5\"]",
            1,
        )
        .replacen(
            "# labels = [\"Male\", \"Female\", \"Prefer not to say\", \"Non-binary\"]",
            "labels = [\"Male\", \"Female\", \"Prefer not to say\", \"Non-binary\"]",
            1,
        );
    std::fs::write(&path, confirmed).unwrap();
    let json = json_of(
        qbpc_here()
            .args(["score", GAMES, "--format", "json", "--index"])
            .arg(&path),
    );
    assert_eq!(json["platforms"].as_array().map(Vec::len), Some(41));
    assert_eq!(
        json["excluded_submissions"].as_array().map(Vec::len),
        Some(0)
    );
    // The three "How would you rate ..." items of the four games of fixtures/real/edits/, as
    // the Python reading in real_exports.rs gives them (1..5 -> 0..100, mean over answered
    // cells): graphics, story, soundtrack, respondents.
    let want = [
        ("elden_ring", [85.0, 60.0, 85.0], 5),
        ("horizon_zero_dawn", [100.0, 93.75, 75.0], 4),
        (
            "legend_of_zelda_breath_of_the_wild",
            [93.75, 68.75, 87.5],
            4,
        ),
        ("red_dead_redemption_2", [100.0, 93.75, 93.75], 4),
    ];
    let items = [
        "how_would_you_rate_the_graphics",
        "how_would_you_rate_the_story_if_not_applicable_skip_this_question",
        "how_would_you_rate_the_soundtrack",
    ];
    for (id, scores, n) in want {
        let p = json["platforms"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["id"] == id)
            .unwrap_or_else(|| panic!("{id} is a platform"));
        assert_eq!(p["respondents"], n, "{id}");
        for (item, want) in items.iter().zip(scores) {
            let got = p["items"][item]["score"].as_f64().unwrap();
            assert!((got - want).abs() < 1e-9, "{id} {item}: {got} != {want}");
        }
    }
}

#[test]
fn platform_column_that_is_no_header_is_refused_with_the_nearest_headers() {
    let dir = tempfile::tempdir().unwrap();
    let (code, _, stderr, text) = stated_draft(GAMES, "title of the game", dir.path());
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("google_forms_games_awe.tsv"), "{stderr}");
    assert!(
        stderr.contains("--platform-column \"title of the game\""),
        "{stderr}"
    );
    assert!(
        stderr.contains("nearest: \"What is the title of the game?\""),
        "{stderr}"
    );
    assert!(text.is_empty(), "nothing is written on failure");
}

#[test]
fn platform_column_changes_no_other_guess() {
    // tidy_long.csv: the draft finds its `platform` column itself. Stating it changes only the
    // comment on that line: respondent, scales, items, platforms and preset stay as guessed.
    let dir = tempfile::tempdir().unwrap();
    let (_, guessed) = draft_of("fixtures/tidy_long.csv", dir.path());
    let (code, _, stderr, stated) = stated_draft("fixtures/tidy_long.csv", " platform ", &{
        let d = dir.path().join("s");
        std::fs::create_dir(&d).unwrap();
        d
    });
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("stated by --platform-column"), "{stderr}");
    assert!(
        guessed.contains("respondent = \"respondent_id\""),
        "{guessed}"
    );
    let comment = "  # stated by --platform-column (not a guess): one row per unit, each value below a [platforms.ID]";
    assert_eq!(stated.replacen(comment, "", 1), guessed);
}
