//! `qbpc-index scorecards -o DIR`: one HTML and one Markdown scorecard per platform,
//! self-contained, with small cells withheld, deterministic.

use crate::output_support as support;

use support::*;

fn scorecards(args: &[&str]) -> (tempfile::TempDir, Vec<(String, String)>) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("cards");
    let mut all = vec!["scorecards", "--quiet", "-o", out.to_str().unwrap()];
    all.extend_from_slice(args);
    ok(&all);
    let files = files_in(&out);
    (dir, files)
}

fn file<'a>(files: &'a [(String, String)], name: &str) -> &'a str {
    &files
        .iter()
        .find(|(n, _)| n == name)
        .unwrap_or_else(|| panic!("{name}"))
        .1
}

#[test]
fn one_html_and_one_markdown_file_per_platform() {
    let (_dir, files) = scorecards(&[TIDY, "--source", OPINION]);
    let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(files.len(), 20, "{names:?}");
    for p in [
        "taobao",
        "tmall",
        "jd",
        "pdd",
        "douyin",
        "kuaishou",
        "xianyu",
        "xiaohongshu",
        "temu",
        "meituan",
    ] {
        assert!(names.contains(&format!("{p}.html").as_str()), "{p}");
        assert!(names.contains(&format!("{p}.md").as_str()), "{p}");
    }
    for (name, text) in files.iter().filter(|(n, _)| n.ends_with(".html")) {
        assert_eq!(external_references(text), Vec::<String>::new(), "{name}");
    }
}

#[test]
fn a_scorecard_compares_the_platform_with_the_field() {
    let (_dir, files) = scorecards(&[TIDY, "--source", OPINION, "--lang", "en"]);
    let md = file(&files, "tmall.md");
    assert!(md.starts_with("# Tmall\n"));
    for heading in [
        "Field average",
        "Best",
        "## Dimensions",
        "## Strongest items",
        "## Weakest items",
        "## Suggestions from respondents",
    ] {
        assert!(md.contains(heading), "{heading}\n{md}");
    }
    let html = file(&files, "tmall.html");
    assert!(html.contains("<svg"), "radar chart");
}

#[test]
fn a_platform_with_fewer_than_k_respondents_gets_counts_only() {
    let (_dir, files) = scorecards(&[TIDY, "--lang", "en"]);
    let md = file(&files, "meituan.md");
    assert!(md.contains("Fewer than 5 respondents rated this platform"));
    assert!(!md.contains("## Dimensions"));
    assert!(!md.contains("## Suggestions"));
    let (_dir, files) = scorecards(&[TIDY, "--lang", "en", "--min-cell", "2"]);
    assert!(file(&files, "meituan.md").contains("## Dimensions"));
}

#[test]
fn scorecards_are_byte_identical_across_runs() {
    let (_a, first) = scorecards(&[TIDY]);
    let (_b, second) = scorecards(&[TIDY]);
    assert_eq!(first, second);
}

#[test]
fn an_unwritable_directory_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let blocker = dir.path().join("file");
    std::fs::write(&blocker, "x").unwrap();
    let r = run(&[
        "scorecards",
        "--out",
        blocker.join("sub").to_str().unwrap(),
        TIDY,
    ]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("cannot create the directory"));
}

#[test]
fn bootstrapped_scorecards_show_intervals() {
    let (_dir, files) = scorecards(&[TIDY, "--lang", "en", "--bootstrap", "50", "--seed", "3"]);
    let md = file(&files, "jd.md");
    assert!(md.contains("* 95% interval: \\["), "{md}");
    assert!(md.contains("Rank interval"));
    assert!(md.contains("| 95% interval |"));
    let (_dir, files) = scorecards(&[TIDY, "--lang", "en"]);
    assert!(!file(&files, "jd.md").contains("95% interval"));
}

#[test]
fn platform_level_items_are_named_in_both_languages() {
    let (_dir, files) = scorecards(&[TIDY, "--source", OPINION]);
    let all: String = files.iter().map(|(_, text)| text.as_str()).collect();
    // The default definition's wording of the platform-level items, not their ids.
    assert!(all.contains("Positive media reports (count) 正面媒体报道数（篇）"));
    assert!(
        !all.contains("media reports positive"),
        "an id turned into words"
    );
    assert!(!all.contains("net sentiment"));
}

#[test]
fn bootstrap_replicates_and_seed_are_stated() {
    let (_dir, files) = scorecards(&[TIDY, "--lang", "en", "--bootstrap", "20", "--seed", "9"]);
    for (name, text) in &files {
        if text.contains("95% interval") {
            assert!(
                text.contains("Bootstrap over respondents: 20 replicates, seed 9."),
                "{name}"
            );
        }
    }
    assert!(
        files
            .iter()
            .any(|(_, t)| t.contains("20 replicates, seed 9"))
    );
}
