use super::*;
use crate::definition::DEFAULT_TOML;

fn default_q() -> Questionnaire {
    from_text(DEFAULT_TOML, "default.toml", None).expect("the default definition")
}

#[test]
fn the_default_asks_31_survey_items_and_no_platform_level_item() {
    let q = default_q();
    // Counted in default.toml: 7 complaint, 6 handling, 5 credit, 5 prevention,
    // 6 co-governance, 2 overall; the 5 opinion items come from a platform file.
    let per: Vec<(&str, usize)> = q
        .sections
        .iter()
        .map(|s| (s.id.as_str(), s.questions.len()))
        .collect();
    assert_eq!(
        per,
        [
            ("complaint", 7),
            ("handling", 6),
            ("credit", 5),
            ("prevention", 5),
            ("cogovernance", 6),
            ("overall", 2)
        ]
    );
    assert!(q.questions().all(|x| x.id != "net_sentiment"));
    assert_eq!(q.platforms.len(), 10);
    assert_eq!(q.platforms[0].name, Bi::new("淘宝", "Taobao"));
    assert_eq!(q.platforms_question.number, Some(3));
    assert!(!q.sections[5].in_index);
}

#[test]
fn scale_labels_in_both_languages_with_their_choice_names() {
    let q = default_q();
    let rules = q.questions().find(|x| x.id == "rules_clear").expect("item");
    assert_eq!(
        rules.text,
        Bi::new(
            "平台知识产权保护规则清晰、易于查找",
            "The platform's IP protection rules are clear and easy to find"
        )
    );
    let Answer::Single { options, na, .. } = &rules.answer else {
        panic!("agree5 is a single choice");
    };
    assert_eq!(options[0].label, Bi::new("非常不同意", "Strongly disagree"));
    assert_eq!(options[0].name.as_deref(), Some("1"));
    assert_eq!(options[4].label, Bi::new("非常同意", "Strongly agree"));
    assert_eq!(na.len(), 1);
    assert_eq!(na[0].label, Bi::new("不适用", "N/A"));
    assert_eq!(na[0].name.as_deref(), Some("NA"));
    // yes/no: "not sure" and "not applicable" are two options.
    let portal = q
        .questions()
        .find(|x| x.id == "dedicated_portal")
        .expect("item");
    let Answer::Single { options, na, .. } = &portal.answer else {
        panic!("yes_no is a single choice");
    };
    assert_eq!(options[0].label, Bi::new("是", "Yes"));
    assert_eq!(options[0].name.as_deref(), Some("Yes"));
    let na: Vec<(&str, &str)> = na
        .iter()
        .map(|c| (c.label.zh.as_str(), c.name.as_deref().unwrap_or("")))
        .collect();
    assert_eq!(na, [("不确定", "not_sure"), ("不适用", "NA")]);
    let channels = q
        .questions()
        .find(|x| x.id == "complaint_channels")
        .expect("item");
    let Answer::Multi { options, other, .. } = &channels.answer else {
        panic!("channels is a multi-select");
    };
    assert_eq!(options[0].name.as_deref(), Some("ip_portal"));
    assert_eq!(
        options[0].label,
        Bi::new(
            "平台知识产权保护平台（如阿里IPP）",
            "IP protection portal (e.g. Alibaba IPP)"
        )
    );
    assert_eq!(*other, Some(6));
}

#[test]
fn an_item_without_a_question_text_is_an_error_naming_it_and_its_line() {
    let text = DEFAULT_TOML.replace(
        "text = \"投诉所需的证明材料要求合理\"\ntext_en = \"Evidence requirements for complaints are reasonable\"\n",
        "",
    );
    assert_ne!(text, DEFAULT_TOML);
    let line = text
        .lines()
        .position(|l| l == "[items.evidence_reasonable]")
        .expect("table")
        + 1;
    let e = from_text(&text, "def.toml", None).expect_err("no text");
    assert!(e.to_string().contains("\"evidence_reasonable\""), "{e}");
    let loc = e.location().expect("location");
    // The item's table starts on the line after its header.
    assert!(
        loc.line == Some(line) || loc.line == Some(line + 1),
        "{loc:?} vs {line}"
    );
    assert!(
        e.hint()
            .unwrap_or("")
            .contains("[items.evidence_reasonable]")
    );
}

#[test]
fn guidance_of_the_index_dimensions_and_items() {
    // The embedded definition has guidance on the index, a dimension and an item.
    let q = default_q();
    let g = q.guidance.as_ref().expect("index guidance");
    assert!(g.zh.contains("不适用") && g.en.contains("N/A"), "{g:?}");
    assert!(q.sections[0].guidance.is_some());
    let days = q
        .questions()
        .find(|x| x.id == "takedown_days")
        .expect("item");
    assert!(
        days.guidance
            .as_ref()
            .is_some_and(|g| g.zh.contains("自然日"))
    );
    // One language given: it stands for both.
    let text = DEFAULT_TOML.replace(
        "name_zh = \"侵权处置措施\"\n",
        "name_zh = \"侵权处置措施\"\nguidance_en = \"About handling\"\n",
    );
    assert_ne!(text, DEFAULT_TOML);
    let q = from_text(&text, "def.toml", None).expect("valid");
    assert_eq!(
        q.sections[1].guidance,
        Some(Bi::new("About handling", "About handling"))
    );
}

#[test]
fn the_html_form_escapes_what_the_definition_says() {
    let text = DEFAULT_TOML.replace(
        "text = \"对投诉处理结果满意\"",
        "text = \"<script>alert(1)</script> & 满意\"",
    );
    let q = from_text(&text, "def.toml", None).expect("valid");
    let page = html::render(&q, Lang::Both);
    assert!(!page.contains("<script>"), "raw markup from the definition");
    assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; 满意"));
    let md = markdown::render(&q, Lang::Zh);
    assert!(md.contains("&lt;script&gt;"), "{md}");
}
