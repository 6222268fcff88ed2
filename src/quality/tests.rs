use super::*;
use crate::classify::classify_survey;
use crate::definition::{Model, check_str};
use crate::ingest::{RawCell, RawValue, Submission};

const ITEMS: usize = 12;

fn model(quality: &str) -> Model {
    let mut toml = format!(
        "format = 1\n[quality]\n{quality}\n[platforms.a]\n[platforms.b]\n\
         [scales.agree5]\nkind = \"ordinal\"\nlabels = [\"1\", \"2\", \"3\", \"4\", \"5\"]\n\
         [dimensions.d]\n"
    );
    for i in 0..ITEMS {
        let reverse = i == 5;
        toml.push_str(&format!(
            "[items.q{i}]\ndimension = \"d\"\nscale = \"agree5\"\nreverse = {reverse}\n"
        ));
    }
    let checked = check_str(&toml, "t.toml", None);
    checked
        .model
        .unwrap_or_else(|| panic!("{:#?}", checked.diagnostics))
}

/// A submission rating `platforms` with the same answer pattern on each.
struct Sub<'a> {
    respondent: &'a str,
    time: i64,
    duration: f64,
    /// Long rows: the platform of the row.
    platform: Option<usize>,
    platforms: &'a [usize],
    answers: [&'a str; ITEMS],
}

fn file(name: &str, subs: &[Sub]) -> SurveyData {
    let mut data = SurveyData {
        file: name.into(),
        headers: (0..40).map(|c| format!("c{c}")).collect(),
        ..SurveyData::default()
    };
    for (s, sub) in subs.iter().enumerate() {
        data.submissions.push(Submission {
            row: s + 2,
            respondent: sub.respondent.into(),
            respondent_key: sub.respondent.into(),
            respondent_col: 0,
            platform: sub.platform,
            submitted_at: Some(sub.time),
            submitted_at_raw: Some(format!("t{}", sub.time)),
            duration_s: Some(sub.duration),
            duration_raw: None,
            weight: 1.0,
            attributes: Vec::new(),
        });
        for p in 0..2 {
            for (i, a) in sub.answers.iter().enumerate() {
                let value = if sub.platforms.contains(&p) {
                    RawValue::Text(a.to_string())
                } else {
                    RawValue::Skipped
                };
                let col = 1 + i * 2 + p;
                data.cells.push(RawCell {
                    submission: s,
                    platform: p,
                    item: i,
                    value,
                    col,
                });
            }
        }
    }
    data
}

const VARIED: [&str; ITEMS] = ["1", "2", "3", "4", "5", "1", "2", "3", "4", "5", "1", "2"];
const FLAT: [&str; ITEMS] = ["5"; ITEMS];

fn honest(respondent: &str, time: i64) -> Sub<'_> {
    Sub {
        respondent,
        time,
        duration: 600.0,
        platform: None,
        platforms: &[0, 1],
        answers: VARIED,
    }
}

fn run(model: &Model, files: &[SurveyData]) -> Screening {
    let classes: Vec<_> = files.iter().map(|d| classify_survey(model, d).0).collect();
    screen(model, files, &classes)
}

fn reasons(s: &Screening) -> Vec<(String, usize, Option<String>, String)> {
    s.exclusions
        .iter()
        .map(|e| (e.file.clone(), e.row, e.platform.clone(), e.reason.clone()))
        .collect()
}

#[test]
fn a_wide_and_a_long_file_deduplicate_per_respondent_and_platform() {
    let m = model("");
    let wide = file("wjx.xlsx", &[honest("r1", 100), honest("r2", 100)]);
    let long_row = |platform: usize, time: i64| Sub {
        platform: Some(platform),
        platforms: &[0, 1],
        ..honest("r1", time)
    };
    // r1/a answered again later in the long file; r1/b's long row is older than the wide one.
    let long = file("q.csv", &[long_row(0, 200), long_row(1, 50)]);
    let s = run(&m, &[wide, long]);
    assert_eq!(s.kept, vec![vec![true, true], vec![true, false]]);
    assert_eq!(
        s.dropped_pairs.iter().copied().collect::<Vec<_>>(),
        vec![(0, 0, 0)]
    );
    assert!(s.keeps(0, 0, 1) && !s.keeps(0, 0, 0));
    assert_eq!(
        reasons(&s),
        vec![
            ("q.csv".into(), 3, Some("b".into()), "duplicate".into()),
            ("wjx.xlsx".into(), 2, Some("a".into()), "duplicate".into()),
        ]
    );
    assert!(
        s.exclusions[0].detail.contains("wjx.xlsx row 2 (t100)"),
        "{:?}",
        s.exclusions[0]
    );
    assert!(
        s.exclusions[1]
            .detail
            .contains("its rating of a is superseded by the submission in q.csv row 2 (t200)")
    );
}

#[test]
fn superseded_pairs_leave_the_cells() {
    let m = model("");
    let mut files = vec![
        file("wjx.xlsx", &[honest("r1", 100)]),
        file(
            "q.csv",
            &[Sub {
                platform: Some(0),
                ..honest("r1", 200)
            }],
        ),
    ];
    let mut classes: Vec<_> = files.iter().map(|d| classify_survey(&m, d).0).collect();
    let s = screen(&m, &files, &classes);
    drop_superseded_pairs(&s, &mut files, &mut classes);
    assert!(files[0].cells.iter().all(|c| c.platform == 1));
    assert_eq!(files[0].cells.len(), classes[0].len());
    assert_eq!(
        files[1].cells.len(),
        2 * ITEMS,
        "the long file keeps its cells"
    );
}

#[test]
fn wide_files_deduplicate_across_files_by_respondent() {
    let m = model("");
    let s = run(
        &m,
        &[
            file("a.xlsx", &[honest("r1", 300)]),
            file("b.csv", &[honest("r1", 100)]),
        ],
    );
    assert_eq!(
        reasons(&s),
        vec![("b.csv".into(), 2, None, "duplicate".into())]
    );
    assert!(s.exclusions[0].detail.contains("a.xlsx row 2"));
}

#[test]
fn relative_speeders_are_scaled_by_the_platforms_rated() {
    let m = model("min_duration_ratio = 0.33");
    let one = |r, d| Sub {
        duration: d,
        platforms: &[0],
        ..honest(r, 1)
    };
    let two = |r, d| Sub {
        duration: d,
        ..honest(r, 1)
    };
    // Seconds per platform: 300, 300, 300, 90 (two platforms in 180 s), 120 (one in 120 s).
    let f = file(
        "x.csv",
        &[
            two("a", 600.0),
            two("b", 600.0),
            one("c", 300.0),
            two("d", 180.0),
            one("e", 120.0),
        ],
    );
    let s = run(&m, &[f]);
    assert_eq!(
        reasons(&s),
        vec![("x.csv".into(), 5, None, "speeder".into())]
    );
    assert!(s.exclusions[0].detail.contains("180 s for 2 platform(s), 90 s per platform; the limit is 0.33 x the median of 300 s per platform = 198 s"), "{}", s.exclusions[0].detail);
}

#[test]
fn straight_lining_is_flagged_and_excluded_only_when_asked() {
    let flat = || Sub {
        answers: FLAT,
        ..honest("flat", 1)
    };
    let m = model("");
    let s = run(&m, &[file("x.csv", &[honest("a", 1), flat()])]);
    assert!(s.exclusions.is_empty());
    assert_eq!(s.diagnostics.len(), 1);
    let text = s.diagnostics[0].to_string();
    assert!(text.contains("cell A3"), "{text}");
    assert!(
        text.contains(
            "covers 24 of 24 (100%), 2 of them on reverse-keyed items; standard deviation 0.0"
        ),
        "{text}"
    );

    let m = model("straightline = \"exclude\"");
    let s = run(&m, &[file("x.csv", &[honest("a", 1), flat()])]);
    assert_eq!(
        reasons(&s),
        vec![("x.csv".into(), 3, None, "straight-lining".into())]
    );

    let m = model("straightline = \"off\"");
    assert!(run(&m, &[file("x.csv", &[flat()])]).diagnostics.is_empty());
}

#[test]
fn too_few_answers_are_not_judged() {
    let m = model("straightline_min_answers = 30");
    let s = run(
        &m,
        &[file(
            "x.csv",
            &[Sub {
                answers: FLAT,
                ..honest("flat", 1)
            }],
        )],
    );
    assert!(s.diagnostics.is_empty());
}

#[test]
fn long_rows_of_one_timed_submission_are_one_response() {
    // A tidy file repeats the submission's time and duration on each platform row.
    let m = model("min_duration_ratio = 0.33");
    let row = |r, p: usize, d| Sub {
        platform: Some(p),
        platforms: &[0, 1],
        duration: d,
        ..honest(r, 7)
    };
    let f = file(
        "t.csv",
        &[
            row("a", 0, 600.0),
            row("a", 1, 600.0),
            row("b", 0, 600.0),
            row("b", 1, 600.0),
            row("c", 0, 100.0),
            row("c", 1, 100.0),
        ],
    );
    let s = run(&m, &[f]);
    assert_eq!(
        reasons(&s),
        vec![
            ("t.csv".into(), 6, Some("a".into()), "speeder".into()),
            ("t.csv".into(), 7, Some("b".into()), "speeder".into()),
        ]
    );
    assert!(
        s.exclusions[0]
            .detail
            .contains("100 s for 2 platform(s), 50 s per platform"),
        "{}",
        s.exclusions[0].detail
    );
}
