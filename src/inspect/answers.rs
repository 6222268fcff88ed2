//! The distinct answers of each item with their class on the item's scale.

use super::{AnswerCount, FREE_TEXT, ItemAnswers};
use crate::classify::{CellClass, classify};
use crate::definition::{Model, ScaleKind};
use crate::ingest::{RawValue, SurveyData};
use crate::text::trim;
use indexmap::IndexMap;

pub(super) fn items(model: &Model, source: usize, data: &SurveyData) -> Vec<ItemAnswers> {
    let mut per_item: IndexMap<usize, Vec<&RawValue>> = model
        .items_of_source(source)
        .map(|(ix, _)| (ix, Vec::new()))
        .collect();
    for cell in &data.cells {
        per_item.entry(cell.item).or_default().push(&cell.value);
    }
    per_item
        .into_iter()
        .map(|(ix, values)| item_answers(model, ix, &values))
        .collect()
}

#[allow(
    clippy::indexing_slicing,
    reason = "Model cross-references (item.scale, item.source, item.node, source, platform and node positions) are checked when the definition is compiled"
)]
fn item_answers(model: &Model, ix: usize, values: &[&RawValue]) -> ItemAnswers {
    let item = &model.items[ix];
    let scale = &model.scales[item.scale];
    let mut counts: IndexMap<String, (usize, &'static str)> = IndexMap::new();
    for v in values {
        for (answer, class) in answers_of(scale, v) {
            counts.entry(answer).or_insert((0, class)).0 += 1;
        }
    }
    let mut answers: Vec<AnswerCount> = counts
        .into_iter()
        .map(|(answer, (count, class))| AnswerCount {
            answer,
            count,
            class,
            covered: class != "invalid",
        })
        .collect();
    answers.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.answer.cmp(&b.answer)));
    let not_covered = values
        .iter()
        .filter(|v| class_name(&classify(scale, false, v)) == "invalid")
        .count();
    ItemAnswers {
        item: item.id.clone(),
        scale: scale.id.clone(),
        cells: values.len(),
        answers,
        not_covered,
    }
}

/// The answers a cell holds, as shown, each with its class on the scale. A multi-select
/// cell holds one answer per chosen option; free text is one "(free text)" answer.
fn answers_of(scale: &crate::definition::Scale, v: &RawValue) -> Vec<(String, &'static str)> {
    let class = class_name(&classify(scale, false, v));
    match v {
        RawValue::Blank => vec![("(blank)".into(), class)],
        RawValue::Choices { chosen, .. } if matches!(scale.kind, ScaleKind::Multi(_)) => chosen
            .iter()
            .map(|c| {
                let one = RawValue::Text(c.clone());
                (
                    trim(c).to_string(),
                    class_name(&classify(scale, false, &one)),
                )
            })
            .collect(),
        RawValue::Date(d) => vec![(format!("{d} (date cell)"), class)],
        _ if class == "text" => vec![(FREE_TEXT.into(), class)],
        other => vec![(trim(&other.display()).to_string(), class)],
    }
}

fn class_name(c: &CellClass) -> &'static str {
    match c {
        CellClass::Score(_) | CellClass::Number(_) => "score",
        CellClass::Text(_) => "text",
        CellClass::Na => "na",
        CellClass::NoAnswer => "no_answer",
        CellClass::Skipped => "skipped",
        CellClass::Invalid(_) => "invalid",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::definition::load_default;

    fn model() -> Model {
        load_default().expect("default definition").0
    }

    fn scale<'a>(m: &'a Model, item: &str) -> &'a crate::definition::Scale {
        let it = m.items.iter().find(|i| i.id == item).unwrap();
        &m.scales[it.scale]
    }

    #[test]
    fn answers_are_counted_with_their_class() {
        let m = model();
        let text = |s: &str| RawValue::Text(s.into());
        let values = [
            text("非常同意"),
            text("非常同意 "),
            text("7"),
            text("不适用"),
            RawValue::Skipped,
        ];
        let refs: Vec<&RawValue> = values.iter().collect();
        let ix = m.items.iter().position(|i| i.id == "rules_clear").unwrap();
        let a = item_answers(&m, ix, &refs);
        assert_eq!(a.not_covered, 1);
        assert_eq!(
            a.answers[0],
            AnswerCount {
                answer: "非常同意".into(),
                count: 2,
                class: "score",
                covered: true
            }
        );
        assert!(a.answers.contains(&AnswerCount {
            answer: "7".into(),
            count: 1,
            class: "invalid",
            covered: false
        }));
        assert!(
            a.answers
                .iter()
                .any(|x| x.class == "na" && x.answer == "不适用")
        );
        assert!(a.answers.iter().any(|x| x.class == "skipped"));
    }

    #[test]
    fn multi_select_answers_count_per_option_and_text_is_not_listed() {
        let m = model();
        let cell = RawValue::Choices {
            chosen: vec!["电子邮件".into(), "飞鸽传书".into()],
            other_text: None,
        };
        let got = answers_of(scale(&m, "complaint_channels"), &cell);
        assert_eq!(
            got,
            vec![("电子邮件".into(), "score"), ("飞鸽传书".into(), "invalid")]
        );
        let got = answers_of(scale(&m, "best_practice"), &RawValue::Text("很好".into()));
        assert_eq!(got, vec![(FREE_TEXT.into(), "text")]);
        let got = answers_of(
            scale(&m, "takedown_days"),
            &RawValue::Date("2025-03-05".into()),
        );
        assert_eq!(got, vec![("2025-03-05 (date cell)".into(), "invalid")]);
    }
}
