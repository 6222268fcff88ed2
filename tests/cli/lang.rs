//! `--lang en|zh|both` across the commands: honoured by every human-facing output (headings,
//! labels, names from the definition's `name` / `name_zh`), refused with a usage error (exit 2)
//! where the output cannot change language. The Chinese names expected here are those of the
//! embedded QBPC definition (`src/default_index.toml`); the labels those of
//! `src/output/labels.rs`, read off the table there.

use crate::common::{ok, run};

const TIDY: &str = "fixtures/tidy_long.csv";
const OPINION: &str = "opinion=fixtures/platform_opinion.csv";

/// `COMMAND [PLATFORM] TIDY --source OPINION -q ARGS...`
fn scored(command: &[&str], extra: &[&str]) -> Vec<String> {
    let mut all: Vec<String> = command.iter().map(|s| s.to_string()).collect();
    all.extend([TIDY, "--source", OPINION, "-q"].map(String::from));
    all.extend(extra.iter().map(|s| s.to_string()));
    all
}

fn ok_scored(command: &[&str], extra: &[&str]) -> String {
    let args = scored(command, extra);
    ok(&args.iter().map(String::as_str).collect::<Vec<_>>())
}

fn refused(args: &[&str]) -> String {
    let (code, out, err) = run(args);
    assert_eq!(code, 2, "{args:?}: {out}{err}");
    err
}

#[test]
fn explain_text_in_chinese() {
    let t = ok_scored(&["explain", "taobao"], &["--lang", "zh"]);
    let first = t.lines().next().unwrap();
    assert!(first.starts_with("淘宝（taobao）：指数 "), "{t}");
    assert!(first.contains("已排名") && first.contains("受访者"), "{t}");
    assert!(t.contains("指数是各维度的算术平均"), "{t}");
    let header = t.lines().find(|l| l.starts_with("组成部分")).expect(&t);
    for zh in [
        "得分",
        "权重",
        "有效权重",
        "贡献",
        "受访者数",
        "不适用",
        "与平均差",
    ] {
        assert!(header.contains(zh), "{zh} in {header}");
    }
    // Dimensions by their Chinese names, items by their ids.
    assert!(t.lines().any(|l| l.starts_with("投诉举报机制 ")), "{t}");
    assert!(t.lines().any(|l| l.starts_with("  rules_clear ")), "{t}");
    assert!(!t.contains("Taobao") && !t.contains("part "), "{t}");
    // Columns stay aligned under double-width headers: the score column ends at the same
    // display column on every line of the table.
    let table: Vec<&str> = t
        .lines()
        .skip_while(|l| !l.starts_with("组成部分"))
        .take_while(|l| !l.is_empty())
        .collect();
    let score_end = |l: &str| {
        let start = l.len() - l.trim_start().len();
        let name_end = start + l[start..].find(' ').unwrap();
        let rest = &l[name_end..];
        let score_end = name_end + (rest.len() - rest.trim_start().len());
        let score_end = score_end + l[score_end..].find(' ').unwrap();
        unicode_width(&l[..score_end])
    };
    let edges: Vec<usize> = table.iter().map(|l| score_end(l)).collect();
    assert!(table.len() > 10, "{t}");
    assert!(edges.iter().all(|e| *e == edges[0]), "{edges:?}\n{t}");
}

/// Display width: CJK characters take two columns.
fn unicode_width(s: &str) -> usize {
    s.chars()
        .map(|c| if (c as u32) >= 0x2E80 { 2 } else { 1 })
        .sum()
}

#[test]
fn explain_markdown_in_both_and_in_english() {
    let m = ok_scored(&["explain", "tmall"], &["--lang", "both", "-f", "md"]);
    assert!(m.starts_with("## tmall (Tmall 天猫)\n"), "{m}");
    assert!(m.contains("| Part 组成部分 | Score 得分 |"), "{m}");
    assert!(
        m.contains("| Complaint and reporting mechanisms 投诉举报机制 |"),
        "{m}"
    );
    // Each sentence twice, each line in its own language, names included.
    assert!(m.contains("\n- tmall (Tmall): index "), "{m}");
    assert!(m.contains("\n- 天猫（tmall）：指数 "), "{m}");
    let en = ok_scored(&["explain", "tmall"], &["--lang", "en", "-f", "md"]);
    assert!(en.contains("| Part | Score |"), "{en}");
    assert!(
        en.contains("| Complaint and reporting mechanisms |"),
        "{en}"
    );
    assert!(!en.contains("天猫") && !en.contains("得分"), "{en}");
    // Without --lang: the compact English of before, ids in the tree.
    let plain = ok_scored(&["explain", "tmall"], &[]);
    assert!(plain.contains("\npart "), "{plain}");
    assert!(plain.contains("\ncomplaint "), "{plain}");
}

#[test]
fn explain_from_a_result_file_names_the_platform_and_keeps_node_ids() {
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("r.json");
    ok_scored(&["score"], &["-o", json.to_str().unwrap()]);
    let t = ok(&[
        "explain",
        "jd",
        "--results",
        json.to_str().unwrap(),
        "--lang",
        "zh",
    ]);
    assert!(t.starts_with("京东（jd）：指数 "), "{t}");
    // The result file records no names of the dimensions: their ids, under Chinese headers.
    assert!(t.lines().any(|l| l.starts_with("complaint ")), "{t}");
    assert!(t.contains("组成部分"), "{t}");
}

#[test]
fn stats_in_chinese() {
    let t = ok_scored(&["stats"], &["--lang", "zh"]);
    assert!(
        t.starts_with("信度（psych::alpha，成对协方差），基于 "),
        "{t}"
    );
    for zh in [
        "量表",
        "层级",
        "题目数",
        "α系数",
        "投诉举报机制（complaint，维度）",
        "删除该题后α系数",
        "有效权重（各项得分齐全时在指数中的份额）",
        "社会舆情数据",
    ] {
        assert!(t.contains(zh), "{zh} in {t}");
    }
    assert!(t.contains("┆ 维度 "), "{t}");
    assert!(!t.contains("Reliability") && !t.contains("Scale"), "{t}");
    let plain = ok_scored(&["stats"], &[]);
    assert!(plain.starts_with("Reliability (psych::alpha"), "{plain}");
    assert!(plain.contains("│ complaint "), "{plain}");
}

#[test]
fn sensitivity_in_both_languages() {
    let t = ok_scored(&["sensitivity"], &["--runs", "20", "--lang", "both"]);
    assert!(t.starts_with("Weight sensitivity: 20 runs (seed 1)"), "{t}");
    assert!(t.contains("\n权重敏感性：20 次运行（随机种子 1）"), "{t}");
    assert!(t.contains("指数方法：算术平均"), "{t}");
    for both in [
        "Platform 平台",
        "Nominal rank 名义排名",
        "Tmall 天猫",
        "Left out 剔除的维度",
        "Complaint and reporting mechanisms 投诉举报机制",
        "依次剔除每个维度",
    ] {
        assert!(t.contains(both), "{both} in {t}");
    }
    let zh = ok_scored(&["sensitivity"], &["--runs", "20", "--lang", "zh"]);
    assert!(zh.contains("┆ 天猫 ") || zh.contains("│ 天猫 "), "{zh}");
    assert!(!zh.contains("Tmall") && !zh.contains("Platform"), "{zh}");
}

#[test]
fn scorecards_in_chinese_and_in_english() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("zh");
    ok_scored(
        &["scorecards"],
        &["--out", out.to_str().unwrap(), "--lang", "zh"],
    );
    let md = std::fs::read_to_string(out.join("tmall.md")).unwrap();
    assert!(md.contains("天猫") && md.contains("投诉举报机制"), "{md}");
    assert!(!md.contains("Tmall"), "{md}");
    let out = dir.path().join("en");
    ok_scored(
        &["scorecards"],
        &["--out", out.to_str().unwrap(), "--lang", "en"],
    );
    let md = std::fs::read_to_string(out.join("tmall.md")).unwrap();
    assert!(md.contains("Tmall") && !md.contains("天猫"), "{md}");
}

#[test]
fn json_outputs_refuse_lang() {
    for (command, honoured) in [
        (vec!["explain", "tmall"], "the table and Markdown outputs"),
        (vec!["stats"], "the table output"),
        (vec!["sensitivity"], "the table output"),
    ] {
        let args = scored(&command, &["--lang", "zh", "-f", "json"]);
        let (code, out, err) = run(&args.iter().map(String::as_str).collect::<Vec<_>>());
        assert_eq!(code, 2, "{command:?}: {out}{err}");
        let want = format!("--lang zh applies to {honoured}, not json");
        assert!(err.contains(&want), "{command:?}: {err}");
        assert!(err.contains("drop --lang"), "{err}");
        // --format json asked for errors as JSON on standard output too.
        assert!(out.contains("\"error\""), "{out}");
    }
}

#[test]
fn commands_without_human_wording_refuse_lang() {
    // Diagnostics, definitions, schemas, scripts and manual pages exist in one language:
    // clap refuses the option with its usage error.
    for args in [
        vec!["validate", TIDY],
        vec!["inspect", TIDY],
        vec!["verify", "manifest.json"],
        vec!["init", "-o", "never-written.toml"],
        vec!["schema", "results"],
        vec!["completions", "bash"],
        vec!["man"],
    ] {
        let mut all = args.clone();
        all.extend(["--lang", "zh"]);
        let err = refused(&all);
        assert!(
            err.contains("unexpected argument '--lang'"),
            "{args:?}: {err}"
        );
    }
    assert!(
        !std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("never-written.toml")
            .exists()
    );
}

#[test]
fn an_unknown_language_is_a_usage_error_everywhere() {
    for command in [
        vec!["score"],
        vec!["explain", "tmall"],
        vec!["stats"],
        vec!["sensitivity"],
    ] {
        let args = scored(&command, &["--lang", "fr"]);
        let err = refused(&args.iter().map(String::as_str).collect::<Vec<_>>());
        assert!(err.contains("expected one of: en, zh, both"), "{err}");
    }
}
