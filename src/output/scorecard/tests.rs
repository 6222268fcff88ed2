use super::*;
use crate::output::test_fixture::sample;

fn card<'a>(results: &'a Results, p: usize, min_cell: usize) -> Scorecard<'a> {
    let report = Report {
        results,
        methodology: None,
    };
    build(
        &report,
        &results.platforms[p],
        ScorecardOptions {
            lang: Lang::En,
            min_cell,
        },
    )
}

#[test]
fn index_against_the_field_average_and_the_best() {
    let results = sample();
    let c = card(&results, 1, 5); // jd: 65.04, ranked 2nd
    assert_eq!(c.index.score, Some(65.04));
    assert_eq!(c.index.rank, Some(2));
    // Ranked platforms: taobao 71.23456, jd 65.04, pdd 64.96 (meituan is not ranked).
    let avg = (71.23456 + 65.04 + 64.96) / 3.0;
    assert!((c.index.field_average.unwrap() - avg).abs() < 1e-12);
    assert_eq!(c.index.best, Some(71.23456));
    assert_eq!(c.ranked_platforms, 3);
    assert_eq!(c.group_size, 2, "taobao and jd are ranked marketplaces");
}

#[test]
fn a_platform_below_k_shows_counts_only() {
    let results = sample();
    let c = card(&results, 3, 5); // meituan: 2 respondents
    assert!(c.withheld);
    assert_eq!(c.index.score, None);
    assert!(c.index.withheld);
    assert!(c.dimensions.iter().all(|d| d.comparison.score.is_none()));
    assert!(c.strongest.is_empty() && c.weakest.is_empty() && c.texts.is_empty());
    let md = render_markdown(&c);
    assert!(md.contains("Fewer than 5 respondents"));
    assert!(!md.contains("90.0"));
}

#[test]
fn dimensions_below_k_are_withheld_saying_so() {
    let mut results = sample();
    results.platforms[2].dimensions["complaint"].respondents = 4; // pdd
    let c = card(&results, 2, 5);
    let complaint = &c.dimensions[0].comparison;
    assert!(complaint.withheld);
    assert_eq!(complaint.score, None);
    assert!(render_markdown(&c).contains("| &lt; 5 |"));
}

#[test]
fn items_with_few_answers_are_left_out_of_the_comparison() {
    let results = sample();
    let c = card(&results, 2, 9); // pdd: 9 respondents, rules_clear n = 8
    assert!(!c.withheld);
    assert_eq!(c.items_withheld, 1);
    assert!(c.strongest.is_empty());
    let c = card(&results, 2, 5);
    assert_eq!(c.items_withheld, 0);
    assert_eq!(c.weakest.len() + c.strongest.len(), 1);
}

#[test]
fn strongest_and_weakest_do_not_overlap() {
    let lines: Vec<ItemLine> = (0..5)
        .map(|i| ItemLine {
            id: format!("i{i}"),
            question: format!("q{i}"),
            score: 50.0 + f64::from(i) * 10.0,
            field_average: 60.0,
            n: Some(10),
        })
        .collect();
    let (strong, weak) = extremes(lines);
    let ids = |v: &[ItemLine]| v.iter().map(|l| l.id.clone()).collect::<Vec<_>>();
    assert_eq!(ids(&strong), ["i4", "i3", "i2"]);
    assert_eq!(ids(&weak), ["i0", "i1"]);
}

#[test]
fn identical_suggestions_are_counted_once() {
    let mut results = sample();
    results.platforms[0].texts.insert(
        "best_practice".into(),
        vec!["a".into(), "a".into(), "b".into()],
    );
    let c = card(&results, 0, 5);
    assert_eq!(
        c.texts[0].1,
        vec![("a".to_string(), 2), ("b".to_string(), 1)]
    );
    assert!(render_markdown(&c).contains("* a (×2)"));
}

#[test]
fn file_stems_are_safe_and_unique() {
    assert_eq!(unique_stem("taobao", &[]), "taobao");
    assert_eq!(unique_stem("../x y", &[]), "___x_y");
    assert_eq!(unique_stem(".hidden", &[]), "_hidden");
    assert_eq!(unique_stem("a", &["a".into()]), "a-2");
}
