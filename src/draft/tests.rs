use super::*;
use crate::definition::check_str;

fn fixture(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name)
}

fn checked(d: &Draft) -> crate::definition::Model {
    let text = render(d);
    let c = check_str(&text, "draft.toml", None);
    let errors: Vec<String> = c.errors().map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{errors:#?}\n{text}");
    c.model.expect("model")
}

#[test]
fn wjx_text_export_drafts_questions_scales_and_platforms() {
    let d = draft(&fixture("wjx_text_wide.xlsx")).unwrap();
    assert_eq!(d.preset, "wjx-text");
    assert_eq!(d.respondent.as_deref(), Some("1"));
    let ids: Vec<&str> = d.platforms.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "taobao",
            "tmall",
            "jd",
            "pdd",
            "douyin",
            "kuaishou",
            "xianyu",
            "xiaohongshu",
            "temu",
            "meituan"
        ]
    );
    assert_eq!(d.items.len(), 31);
    let item = |id: &str| {
        d.items
            .iter()
            .find(|i| i.id == id)
            .unwrap_or_else(|| panic!("{id}"))
    };
    assert_eq!(
        (item("q4").scale.as_str(), item("q4").question.as_deref()),
        ("agree5", Some("4"))
    );
    assert_eq!(item("q7").scale, "yes_no");
    assert_eq!(item("q22").scale, "freq5");
    assert_eq!(
        (item("q10").scale.as_str(), item("q10").question.as_deref()),
        ("q10_options", Some("10-19"))
    );
    assert_eq!(item("q25").scale, "q25_number");
    assert_eq!(
        (item("q43").scale.as_str(), item("q43").question.as_deref()),
        ("free_text", Some("43-52"))
    );
    assert!(
        d.notes
            .iter()
            .any(|n| n.starts_with("question 3 ") && n.contains("platforms")),
        "{:?}",
        d.notes
    );
    let m = checked(&d);
    assert_eq!(m.platforms.len(), 10);
}

#[test]
fn tidy_file_drafts_one_item_per_answer_column() {
    let d = draft(&fixture("tidy_long.csv")).unwrap();
    assert_eq!((d.preset.as_str(), d.layout), ("tidy", "long"));
    assert_eq!(d.respondent.as_deref(), Some("respondent_id"));
    let ids: Vec<&str> = d.items.iter().map(|i| i.id.as_str()).collect();
    assert_eq!(ids.len(), 31, "{ids:?}");
    assert!(!ids.contains(&"complaint_channels_other") && !ids.contains(&"company_name"));
    let item = |id: &str| d.items.iter().find(|i| i.id == id).unwrap();
    assert_eq!(item("rules_clear").scale, "codes5");
    assert_eq!(item("dedicated_portal").scale, "yes_no");
    assert_eq!(item("takedown_days").scale, "takedown_days_number");
    assert_eq!(
        item("complaint_channels").scale,
        "complaint_channels_options"
    );
    assert_eq!(item("best_practice").scale, "free_text");
    // Codes with no labels: the only error of the draft is the direction left to the analyst.
    assert_eq!(
        d.directions_to_confirm()
            .iter()
            .map(|(s, _)| s.as_str())
            .collect::<Vec<_>>(),
        ["codes5"]
    );
    let text = render(&d);
    let c = check_str(&text, "draft.toml", None);
    let errors: Vec<String> = c.errors().map(|e| e.to_string()).collect();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(errors[0].contains("ordinal scale \"codes5\" needs exactly one of `labels`"));
    checked(&Draft {
        scales: d
            .scales
            .iter()
            .map(|s| match &s.kind {
                DraftScaleKind::Unordered { answers, .. } => DraftScale {
                    kind: DraftScaleKind::Ordinal {
                        labels: answers.clone(),
                        aliases: Vec::new(),
                    },
                    ..s.clone()
                },
                _ => s.clone(),
            })
            .collect(),
        ..d.clone()
    });
}
