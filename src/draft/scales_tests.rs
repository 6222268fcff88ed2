//! Scale guesses from typical answer sets.

use super::guess::split_multi;
use super::scales::*;

fn guess_of(text: &str, answers: &[&str]) -> DraftScale {
    guess(&Observed {
        item: "q9",
        text,
        answers: answers.iter().map(|s| s.to_string()).collect(),
        multi_sep: "┋",
    })
}

#[test]
fn chinese_and_english_likert_sets() {
    let s = guess_of(
        "规则清晰",
        &[
            "非常同意",
            "一般",
            "不适用",
            "7",
            "比较同意",
            "非常同意",
            "一般",
            "比较同意",
            "非常同意",
            "一般",
            "比较同意",
        ],
    );
    assert_eq!(s.id, "agree5");
    let DraftScaleKind::Ordinal { labels, aliases } = &s.kind else {
        panic!("{s:?}")
    };
    assert_eq!(labels[0], "非常不同意");
    assert!(aliases.contains(&("Strongly agree".into(), "非常同意".into())));
    assert!(s.na.contains(&"不适用".to_string()));
    let s = guess_of("x", &["Never", "Always", "Often"]);
    assert_eq!(s.id, "freq5");
    let DraftScaleKind::Ordinal { labels, .. } = &s.kind else {
        panic!()
    };
    assert_eq!(labels[4], "Always");
}

#[test]
fn yes_no_with_not_sure_as_na() {
    let s = guess_of("是否", &["是", "否", "不确定", "是"]);
    assert_eq!(s.id, "yes_no");
    let DraftScaleKind::Scored { scores, .. } = &s.kind else {
        panic!()
    };
    assert_eq!(
        scores,
        &vec![("是".to_string(), 100.0), ("否".to_string(), 0.0)]
    );
    assert!(s.na.contains(&"不确定".to_string()));
    let s = guess_of("x", &["yes", "no", "not_sure", "Yes", "是"]);
    let DraftScaleKind::Scored { scores, .. } = &s.kind else {
        panic!()
    };
    assert_eq!(scores[0].0, "Yes");
}

#[test]
fn numbers_with_units_and_time_direction() {
    let s = guess_of(
        "平均下架需要多少天？",
        &[
            "7天", "约10天", "3", "１５", "2.5", "3-5", "4", "5", "6", "8", "9", "12",
        ],
    );
    assert_eq!(s.id, "q9_number");
    let DraftScaleKind::Numeric {
        best,
        worst,
        min,
        units,
        approx,
    } = &s.kind
    else {
        panic!("{s:?}")
    };
    assert_eq!((*best, *worst, *min), (2.5, 15.0, Some(0.0)));
    assert_eq!(units, &vec!["天".to_string()]);
    assert_eq!(approx, &vec!["约".to_string()]);
}

#[test]
fn codes_multi_text_and_unknown_labels() {
    assert_eq!(guess_of("x", &["1", "5", "3", "NA"]).id, "codes5");
    let s = guess_of("渠道（多选）", &["电子邮件┋其他〖协会〗", "在线投诉"]);
    let DraftScaleKind::Multi {
        options,
        aliases,
        other,
        ..
    } = &s.kind
    else {
        panic!()
    };
    assert_eq!(options.len(), 3);
    assert_eq!(aliases[1], ("其他".to_string(), "o2".to_string()));
    assert_eq!(other.as_deref(), Some("o2"));
    let s = guess_of("x", &["ip_portal┋email", "other"]);
    let DraftScaleKind::Multi { options, .. } = &s.kind else {
        panic!()
    };
    assert_eq!(options[0].0, "ip_portal");
    let texts: Vec<String> = (0..10).map(|i| format!("answer number {i}")).collect();
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    assert_eq!(guess_of("x", &refs).kind, DraftScaleKind::Text);
    let s = guess_of("行业", &["日化", "电子", "日化", "电子", "服饰", "日化"]);
    assert_eq!(s.id, "q9_labels");
}

#[test]
fn multi_split_keeps_separators_inside_fill_ins() {
    assert_eq!(split_multi("A┋其他〖x┋y〗┋B", "┋"), vec!["A", "其他", "B"]);
}

/// The goalposts and direction of a drafted numeric scale.
fn goalposts(s: &DraftScale) -> (f64, f64) {
    match &s.kind {
        DraftScaleKind::Numeric { best, worst, .. } => (*best, *worst),
        other => panic!("{other:?}"),
    }
}

#[test]
fn ratings_in_points_are_higher_is_better_on_their_own_range() {
    // Regression (issue 10, class 2): "1分 … 5分" took goalposts from the answers seen and
    // "less is better", so a real "3分" scored 100.
    let s = guess_of("您对平台处理结果的评价", &["3分", "4分", "3分", "4分"]);
    assert_eq!(goalposts(&s), (5.0, 1.0));
    let s = guess_of(
        "Overall, how satisfied are you? (0-10)",
        &["3", "7", "8", "9", "10", "6"],
    );
    assert_eq!(goalposts(&s), (10.0, 0.0));
    // Minutes are a duration, not points.
    let s = guess_of("处理用了多久", &["30分钟", "45分钟", "20分钟"]);
    assert_eq!(goalposts(&s), (20.0, 45.0));
    assert!(
        s.comment
            .as_deref()
            .is_some_and(|c| c.starts_with("CONFIRM"))
    );
}

#[test]
fn numbers_without_a_direction_are_not_scored() {
    let s = guess_of("贵企业的员工人数", &["120", "45", "3000", "800", "66"]);
    assert_eq!(s.kind, DraftScaleKind::Text);
    assert!(
        s.comment
            .as_deref()
            .is_some_and(|c| c.contains("no direction"))
    );
}

#[test]
fn codes_take_a_direction_only_from_a_question_that_asks_for_a_rating() {
    let codes = ["1", "2", "3", "4", "5", "2", "4"];
    for text in [
        "How would you rate the seller",
        "您对平台的满意度",
        "overall_satisfaction",
    ] {
        let s = guess_of(text, &codes);
        assert_eq!(s.id, "rating5", "{text}");
        assert!(matches!(s.kind, DraftScaleKind::Ordinal { .. }), "{text}");
    }
    // No rating asked ("corporate" holds "rate", "不满意" holds "满意"): no direction.
    for text in [
        "rules_clear",
        "corporate tax filings",
        "对处理结果不满意的次数",
        "dissatisfied",
    ] {
        let s = guess_of(text, &codes);
        assert_eq!(s.id, "codes5", "{text}");
        assert!(
            matches!(&s.kind, DraftScaleKind::Unordered { answers, codes: true } if answers.len() == 5),
            "{text}: {s:?}"
        );
    }
    // Labels of no known set: listed, not ordered.
    let s = guess_of("x", &["Good", "Bad", "Fair", "Good", "Bad", "Good", "Fair"]);
    assert!(
        matches!(&s.kind, DraftScaleKind::Unordered { codes: false, .. }),
        "{s:?}"
    );
}
