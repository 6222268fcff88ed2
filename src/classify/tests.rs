use super::*;
use crate::definition::{Model, load_default};

fn model() -> Model {
    load_default().expect("default definition").0
}

fn class_of(m: &Model, item: &str, raw: RawValue) -> CellClass {
    let it = m.items.iter().find(|i| i.id == item).expect("item");
    classify(&m.scales[it.scale], it.reverse, &raw)
}

fn text(s: &str) -> RawValue {
    RawValue::Text(s.to_string())
}

#[test]
fn ordinal_labels_are_spaced_evenly_and_aliases_match() {
    let m = model();
    assert_eq!(
        class_of(&m, "rules_clear", text("非常不同意")),
        CellClass::Score(0.0)
    );
    assert_eq!(
        class_of(&m, "rules_clear", text("一般")),
        CellClass::Score(50.0)
    );
    assert_eq!(
        class_of(&m, "rules_clear", text(" Somewhat agree ")),
        CellClass::Score(75.0)
    );
    assert_eq!(
        class_of(&m, "rules_clear", RawValue::Number(5.0)),
        CellClass::Score(100.0)
    );
    assert_eq!(
        class_of(&m, "rules_clear", text("５")),
        CellClass::Score(100.0)
    );
}

#[test]
fn reverse_keying_mirrors_over_the_scale_extremes() {
    let m = model();
    // unjust_rejection_freq is reverse-keyed: "always rejected" is the worst answer.
    assert_eq!(
        class_of(&m, "unjust_rejection_freq", text("总是")),
        CellClass::Score(0.0)
    );
    assert_eq!(
        class_of(&m, "unjust_rejection_freq", text("很少")),
        CellClass::Score(75.0)
    );
    assert_eq!(
        class_of(&m, "penalty_feedback_freq", text("很少")),
        CellClass::Score(25.0)
    );
}

#[test]
fn na_is_never_zero_and_markers_come_first() {
    let m = model();
    assert_eq!(class_of(&m, "rules_clear", text("不适用")), CellClass::Na);
    assert_eq!(class_of(&m, "rules_clear", text("n/a")), CellClass::Na);
    assert_eq!(
        class_of(&m, "dedicated_portal", text("不确定")),
        CellClass::Na
    );
    assert_eq!(class_of(&m, "takedown_days", text("N/A")), CellClass::Na);
    assert_eq!(
        class_of(&m, "rules_clear", RawValue::Skipped),
        CellClass::Skipped
    );
    assert_eq!(
        class_of(&m, "rules_clear", RawValue::Unanswered),
        CellClass::NoAnswer
    );
    assert_eq!(
        class_of(&m, "rules_clear", text(" \u{3000}")),
        CellClass::NoAnswer
    );
    assert_eq!(
        class_of(&m, "rules_clear", RawValue::Blank),
        CellClass::NoAnswer
    );
}

#[test]
fn out_of_scale_codes_are_invalid() {
    let m = model();
    assert_eq!(
        class_of(&m, "rules_clear", text("7")),
        CellClass::Invalid(InvalidReason::NotALabel)
    );
}

#[test]
fn goalposts_clamp_and_units_are_stripped() {
    let m = model();
    let s = |raw| match class_of(&m, "takedown_days", raw) {
        CellClass::Score(v) => v,
        other => panic!("{other:?}"),
    };
    assert_eq!(s(text("1")), 100.0);
    assert_eq!(s(text("30")), 0.0);
    assert_eq!(s(text("0")), 100.0, "better than best clamps to 100");
    assert_eq!(s(text("45 days")), 0.0, "worse than worst clamps to 0");
    assert!((s(text("１５")) - 100.0 * 15.0 / 29.0).abs() < 1e-12);
    assert!((s(text("7天")) - 100.0 * 23.0 / 29.0).abs() < 1e-12);
    assert!((s(text("约10天")) - 100.0 * 20.0 / 29.0).abs() < 1e-12);
    assert!((s(text("about 10")) - 100.0 * 20.0 / 29.0).abs() < 1e-12);
    assert!((s(text(" 约 10 天 ")) - 100.0 * 20.0 / 29.0).abs() < 1e-12);
    assert!((s(RawValue::Number(2.5)) - 100.0 * 27.5 / 29.0).abs() < 1e-12);
}

#[test]
fn ranges_and_dates_are_invalid_numbers() {
    let m = model();
    for (raw, why) in [
        (text("3-5"), InvalidReason::Range),
        (text("3~5天"), InvalidReason::Range),
        (text("3月5日"), InvalidReason::Date),
        (text("2025-03-05"), InvalidReason::Date),
        (RawValue::Date("2025-03-05".into()), InvalidReason::Date),
        (text("-2"), InvalidReason::OutOfBounds),
        (text("1.23E+17"), InvalidReason::Exponent),
        (text("很快"), InvalidReason::NotANumber),
        // Issue 11: read as 25 and 301 before.
        (text("2 5"), InvalidReason::InteriorSpace),
        (text("30 1"), InvalidReason::InteriorSpace),
        (text("3 天 5"), InvalidReason::InteriorSpace),
        (text("1\u{3000}0"), InvalidReason::InteriorSpace),
        (text("very fast"), InvalidReason::NotANumber),
        (text("3~5 周"), InvalidReason::Range),
        // Issue 11: "1e-400" was called a range.
        (text("1e-400"), InvalidReason::ExponentRange),
        (text("1e400"), InvalidReason::ExponentRange),
        (text("2e-320"), InvalidReason::ExponentRange),
        (text("1e1"), InvalidReason::Exponent),
        (text("1,000"), InvalidReason::Comma),
        (text("2,5"), InvalidReason::Comma),
    ] {
        assert_eq!(
            class_of(&m, "takedown_days", raw.clone()),
            CellClass::Invalid(why),
            "{raw:?}"
        );
    }
}

#[test]
fn multi_select_sums_points_and_caps_at_full() {
    let m = model();
    let choices = |c: &[&str]| RawValue::Choices {
        chosen: c.iter().map(|s| s.to_string()).collect(),
        other_text: None,
    };
    assert_eq!(
        class_of(&m, "complaint_channels", choices(&["email"])),
        CellClass::Score(25.0)
    );
    assert_eq!(
        class_of(
            &m,
            "complaint_channels",
            choices(&["平台知识产权保护平台（如阿里IPP）", "其他"])
        ),
        CellClass::Score(75.0)
    );
    assert_eq!(
        class_of(
            &m,
            "complaint_channels",
            choices(&["ip_portal", "online_form", "email"])
        ),
        CellClass::Score(100.0)
    );
    assert_eq!(
        class_of(&m, "complaint_channels", choices(&["fax"])),
        CellClass::Invalid(InvalidReason::UnknownOption)
    );
    assert_eq!(
        class_of(&m, "complaint_channels", choices(&[])),
        CellClass::NoAnswer
    );
}

#[test]
fn free_text_is_kept_as_typed_except_outer_space_and_crlf() {
    let m = model();
    assert_eq!(
        class_of(&m, "best_practice", text(" “好”，做法\r\n第二行 ")),
        CellClass::Text("“好”，做法\n第二行".into())
    );
}

/// The ASCII shortcut of the match key is the match key.
#[test]
fn ascii_key_is_the_match_key() {
    for t in [
        "",
        " ",
        "5",
        " 5 ",
        "N/A",
        "n/a",
        "Not  Applicable",
        "\tYes\r\n",
        "a\u{b}b",
        "3 - 5",
        "ABC def",
        "x  ",
        "1e5",
        "约10天",
        "Ｎ/Ａ",
        "ip_portal;email",
    ] {
        assert_eq!(super::key_of(t), crate::text::match_key(t), "{t:?}");
    }
}
