//! The rules through [`ScreenRows`] on a tiny row set written here, expected values worked by
//! hand: what both the general and the columnar path run.

use super::*;
use crate::definition::check_str;
use crate::diagnostics::Location;
use straightline::{Answer, Judge, Straightlined};

fn model(quality: &str) -> Model {
    let toml = format!(
        "format = 1\n[quality]\n{quality}\n[platforms.a]\n[platforms.b]\n\
         [scales.agree5]\nkind = \"ordinal\"\nlabels = [\"1\", \"2\", \"3\", \"4\", \"5\"]\n\
         [dimensions.d]\n[items.q0]\ndimension = \"d\"\nscale = \"agree5\"\n"
    );
    let checked = check_str(&toml, "t.toml", None);
    checked
        .model
        .unwrap_or_else(|| panic!("{:#?}", checked.diagnostics))
}

#[derive(Clone, Default)]
struct Row {
    key: &'static str,
    platform: Option<PlatformIx>,
    /// Wide rows: the platforms rated.
    rated: Vec<PlatformIx>,
    at: Option<i64>,
    secs: Option<f64>,
    secs_raw: Option<&'static str>,
    /// Likert values in column order.
    answers: Vec<f64>,
}

fn long(key: &'static str, platform: PlatformIx, at: Option<i64>) -> Row {
    Row {
        key,
        platform: Some(platform),
        at,
        ..Row::default()
    }
}

/// A file of rows: row `s` is file row `s + 2`; keys numbered in order of appearance.
struct Rows {
    file: &'static str,
    long: bool,
    rows: Vec<Row>,
    dropped: Vec<(usize, &'static str, &'static str)>,
    keys: Vec<&'static str>,
}

impl Rows {
    fn new(file: &'static str, long: bool, rows: Vec<Row>) -> Rows {
        let mut keys = Vec::new();
        for r in &rows {
            if !keys.contains(&r.key) {
                keys.push(r.key);
            }
        }
        Rows {
            file,
            long,
            rows,
            dropped: Vec::new(),
            keys,
        }
    }
}

impl ScreenRows for Rows {
    fn source(&self) -> usize {
        0
    }
    fn file(&self) -> &str {
        self.file
    }
    fn row_count(&self) -> usize {
        self.rows.len()
    }
    fn is_long(&self) -> bool {
        self.long
    }
    fn dropped(&self) -> impl Iterator<Item = (usize, &str, &str)> {
        self.dropped.iter().copied()
    }
    fn row(&self, s: usize) -> usize {
        s + 2
    }
    fn respondent(&self, s: usize) -> &str {
        self.rows[s].key
    }
    fn respondent_key(&self, s: usize) -> &str {
        self.rows[s].key
    }
    fn key_count(&self) -> usize {
        self.keys.len()
    }
    fn key(&self, ix: u32) -> &str {
        self.keys[ix as usize]
    }
    fn key_ix(&self, s: usize) -> u32 {
        self.keys
            .iter()
            .position(|k| *k == self.rows[s].key)
            .unwrap() as u32
    }
    fn platform(&self, s: usize) -> Option<PlatformIx> {
        self.rows[s].platform
    }
    fn rated(&self, s: usize) -> impl Iterator<Item = PlatformIx> {
        let r = &self.rows[s];
        r.rated.iter().copied().chain(r.platform)
    }
    fn submitted_at(&self, s: usize) -> Option<i64> {
        self.rows[s].at
    }
    fn submitted_at_raw(&self, s: usize) -> Option<&str> {
        self.rows[s]
            .at
            .map(|t| ["t100", "t150", "t200"][(t / 50 - 2) as usize])
    }
    fn duration_s(&self, s: usize) -> Option<f64> {
        self.rows[s].secs
    }
    fn duration_raw(&self, s: usize) -> Option<&str> {
        self.rows[s].secs_raw
    }
    fn respondent_location(&self, s: usize) -> Location {
        Location::cell(self.file, None, s + 2, 0, Some("who"))
    }
    fn straightlined(&self, _: &Model, judged: &[bool], judge: &Judge) -> Vec<Straightlined> {
        let mut list = Vec::new();
        let mut out = Vec::new();
        for (s, r) in self.rows.iter().enumerate() {
            let answers = r.answers.iter().enumerate().map(|(j, &value)| Answer {
                value,
                reverse: j == 0,
                at: j,
            });
            if judged[s]
                && let Some((measures, j)) = judge.row(answers, &mut list)
            {
                out.push(Straightlined {
                    row: s,
                    shown: format!("v{}", r.answers[j]),
                    measures,
                });
            }
        }
        out
    }
}

/// (file, row, platform, reason, detail) of each exclusion.
fn exclusions(s: &Screening) -> Vec<(String, usize, Option<String>, String, String)> {
    (s.exclusions.iter())
        .map(|e| {
            let p = e.platform.clone();
            (e.file.clone(), e.row, p, e.reason.clone(), e.detail.clone())
        })
        .collect()
}

fn ex(
    file: &str,
    row: usize,
    platform: Option<&str>,
    reason: &str,
    detail: &str,
) -> (String, usize, Option<String>, String, String) {
    let p = platform.map(str::to_string);
    (file.into(), row, p, reason.into(), detail.into())
}

/// Structural checks and duplicates within one long file.
fn one_long_file() -> Rows {
    let mut rows = Rows::new(
        "t.csv",
        true,
        vec![
            long("a", 0, Some(100)), // row 2: superseded by row 5
            long("", 0, Some(100)),  // row 3: no respondent
            Row {
                key: "b",
                ..Row::default()
            }, // row 4: no platform in a long file
            long("a", 0, Some(200)), // row 5: the latest of a x a
            long("a", 1, Some(100)), // row 6: alone in a x b
            long("c", 0, None),      // row 7: no time; the tie goes to the later row
            long("c", 0, None),      // row 8
            long("d", 1, Some(100)), // row 9: dropped by the preset
        ],
    );
    rows.dropped.push((7, "preview", "a preview"));
    rows
}

#[test]
fn structural_checks_and_the_latest_row_per_respondent_and_platform() {
    let s = screen_rows(&model(""), &[one_long_file()]);
    assert_eq!(
        s.kept,
        vec![vec![false, false, false, true, true, false, true, false]]
    );
    let superseded = "superseded by the submission in t.csv row 5 (t200)";
    assert_eq!(
        exclusions(&s),
        vec![
            ex("t.csv", 2, Some("a"), "duplicate", superseded),
            ex(
                "t.csv",
                3,
                Some("a"),
                "no-respondent",
                "the respondent cell is empty"
            ),
            ex(
                "t.csv",
                4,
                None,
                "unknown-platform",
                "the platform cell names no platform of the definition"
            ),
            ex(
                "t.csv",
                7,
                Some("a"),
                "duplicate",
                "superseded by the submission in t.csv row 8"
            ),
            ex("t.csv", 9, Some("b"), "preview", "a preview"),
        ]
    );
    assert!(s.diagnostics.is_empty() && s.dropped_pairs.is_empty());

    let s = screen_rows(&model("dedupe = \"none\""), &[one_long_file()]);
    assert_eq!(
        s.kept,
        vec![vec![true, false, false, true, true, true, true, false]]
    );
}

/// A wide submission (t150) against the long rows of its respondent: the newer long row
/// (a x a, t200) supersedes the wide rating of a; the wide one supersedes the older long row
/// (a x b, t100). Respondents are matched by key over the two files.
#[test]
fn a_wide_submission_against_long_rows_of_another_file() {
    let wide = Rows::new(
        "w.xlsx",
        false,
        vec![Row {
            key: "a",
            rated: vec![0, 1],
            at: Some(150),
            ..Row::default()
        }],
    );
    let long = Rows::new(
        "t.csv",
        true,
        vec![
            long("z", 0, Some(100)),
            long("a", 0, Some(200)),
            long("a", 1, Some(100)),
        ],
    );
    let s = screen_rows(&model(""), &[wide, long]);
    assert_eq!(s.kept, vec![vec![true], vec![true, true, false]]);
    assert_eq!(
        s.dropped_pairs.iter().copied().collect::<Vec<_>>(),
        [(0, 0, 0)]
    );
    assert_eq!(
        exclusions(&s),
        vec![
            ex(
                "t.csv",
                4,
                Some("b"),
                "duplicate",
                "superseded by the submission in w.xlsx row 2 (t150)"
            ),
            ex(
                "w.xlsx",
                2,
                Some("a"),
                "duplicate",
                "its rating of a is superseded by the submission in t.csv row 3 (t200); its other platforms are kept"
            ),
        ]
    );
}

/// Seconds per platform of the timed responses: a (two rows, one response) 600 s / 2 = 300,
/// b 300 s / 1 = 300, c 200 s / 2 = 100. Median 300; c's limit 0.5 x 300 x 2 = 300 s.
#[test]
fn speeders_against_the_median_per_platform_and_an_absolute_minimum() {
    let timed = |key, p, secs, secs_raw| Row {
        secs: Some(secs),
        secs_raw,
        ..long(key, p, Some(100))
    };
    let rows = || {
        Rows::new(
            "t.csv",
            true,
            vec![
                timed("a", 0, 600.0, None),
                timed("a", 1, 600.0, None),
                timed("b", 0, 300.0, None),
                timed("c", 0, 200.0, Some("3分20秒")),
                timed("c", 1, 200.0, Some("3分20秒")),
            ],
        )
    };
    let s = screen_rows(&model("min_duration_ratio = 0.5"), &[rows()]);
    let detail = "completed in 200 s (3分20秒) for 2 platform(s), 100 s per platform; the limit is 0.5 x the median of 300 s per platform = 300 s";
    assert_eq!(
        exclusions(&s),
        vec![
            ex("t.csv", 5, Some("a"), "speeder", detail),
            ex("t.csv", 6, Some("b"), "speeder", detail),
        ]
    );
    let s = screen_rows(&model("min_duration_s = 300"), &[rows()]);
    let detail = "completed in 200 s (3分20秒), under the minimum of 300 s";
    assert_eq!(
        exclusions(&s),
        vec![
            ex("t.csv", 5, Some("a"), "speeder", detail),
            ex("t.csv", 6, Some("b"), "speeder", detail),
        ]
    );
}

/// Ten answers, nine alike (90 %, the default share): flagged; the speeder too, with another
/// hint; the duplicate is not judged.
#[test]
fn straight_lining_is_judged_after_duplicates_and_before_speeders() {
    let mut flat = vec![75.0; 9];
    flat.push(25.0);
    let row = |key, at, secs: f64, answers: &[f64]| Row {
        secs: Some(secs),
        answers: answers.to_vec(),
        ..long(key, 0, Some(at))
    };
    let rows = || {
        Rows::new(
            "t.csv",
            true,
            vec![
                row("a", 100, 600.0, &flat),
                row(
                    "b",
                    100,
                    600.0,
                    &[25.0, 50.0, 75.0, 100.0, 0.0, 25.0, 50.0, 75.0, 100.0, 0.0],
                ),
                row("c", 100, 600.0, &flat), // superseded by row 5
                row("c", 150, 60.0, &flat),  // speeder
            ],
        )
    };
    let s = screen_rows(&model("min_duration_s = 100"), &[rows()]);
    let texts: Vec<String> = s.diagnostics.iter().map(ToString::to_string).collect();
    let measures = "the longest run of identical Likert/frequency answers (\"v75\") covers 9 of 10 (90%), 1 of them on reverse-keyed items; standard deviation 15.0 on 0..100";
    assert_eq!(texts.len(), 2, "{texts:#?}");
    assert!(
        texts[0].contains(&format!(
            "submission of \"a\" looks straight-lined: {measures}"
        )),
        "{}",
        texts[0]
    );
    assert_eq!(
        s.diagnostics[0].location,
        Location::cell("t.csv", None, 2, 0, Some("who"))
    );
    assert!(texts[0].contains("it still counts"), "{}", texts[0]);
    assert!(texts[1].contains("submission of \"c\""), "{}", texts[1]);
    assert!(
        texts[1].contains("excluded for another reason"),
        "{}",
        texts[1]
    );
    assert_eq!(
        s.diagnostics[0].code,
        crate::diagnostics::Code::StraightLining
    );

    let s = screen_rows(&model("straightline = \"exclude\""), &[rows()]);
    assert_eq!(s.kept, vec![vec![false, true, false, false]]);
    assert_eq!(
        exclusions(&s)
            .iter()
            .map(|e| (e.1, e.3.as_str()))
            .collect::<Vec<_>>(),
        [
            (2, "straight-lining"),
            (4, "duplicate"),
            (5, "straight-lining")
        ]
    );
    assert_eq!(exclusions(&s)[0].4, measures);
}
