//! The report's closing sections: the data-quality summary (exclusions and findings counted
//! by reason, never listed by respondent) and the methodology appendix generated from the
//! definition.

use super::HtmlOptions;
use super::markup::{Cell, Html};
use super::report::open_section;
use crate::output::Report;
use crate::output::labels::{L, Lang, platform_name};
use crate::output::methodology::Methodology;
use std::collections::BTreeMap;

pub fn quality(h: &mut Html, report: &Report<'_>, options: HtmlOptions) {
    let results = report.results;
    let lang = options.lang;
    open_section(h, lang, "quality");
    h.el("h3", &lang.t(L::Excluded));
    let mut reasons: BTreeMap<&str, usize> = BTreeMap::new();
    for e in &results.excluded_submissions {
        *reasons.entry(e.reason.as_str()).or_default() += 1;
    }
    counts_table(
        h,
        lang,
        L::Reason,
        &reasons,
        &lang.pick("No submission was excluded.", Some("没有剔除答卷。")),
    );
    h.el("h3", &lang.t(L::Diagnostics));
    let mut codes: BTreeMap<&str, usize> = BTreeMap::new();
    for d in &results.diagnostics {
        *codes.entry(d.code.as_str()).or_default() += 1;
    }
    counts_table(
        h,
        lang,
        L::Code,
        &codes,
        &lang.pick("No findings.", Some("无诊断信息。")),
    );
    h.el("p class=\"note\"", &lang.pick(
        "Counts only: the submissions and cells concerned are listed in the researchers' workbook (--format xlsx), not in this report.",
        Some("此处仅列数量；具体答卷与单元格见研究用工作簿（--format xlsx）。"),
    ));
    answers(h, report, lang);
    h.raw("</section>\n");
}

/// Answers per platform: respondents, scored answers, N/A, unanswered, invalid.
fn answers(h: &mut Html, report: &Report<'_>, lang: Lang) {
    let results = report.results;
    h.el(
        "h3",
        &lang.pick("Answers per platform", Some("各平台答题情况")),
    );
    let header = [
        Cell::text(lang.t(L::Platform)),
        Cell::num(lang.t(L::Respondents)),
        Cell::num(lang.pick("Scored answers", Some("有效得分"))),
        Cell::num(lang.t(L::Na)),
        Cell::num(lang.t(L::NoAnswer)),
        Cell::num(lang.t(L::Invalid)),
    ];
    let rows: Vec<Vec<Cell>> = results
        .platforms
        .iter()
        .map(|p| {
            let sum = |f: &dyn Fn(&crate::results::ItemResult) -> usize| -> String {
                p.items.values().map(f).sum::<usize>().to_string()
            };
            vec![
                Cell::text(platform_name(p, lang)),
                Cell::num(p.respondents.to_string()),
                Cell::num(sum(&|i| i.n)),
                Cell::num(sum(&|i| i.na)),
                Cell::num(sum(&|i| i.no_answer)),
                Cell::num(sum(&|i| i.invalid)),
            ]
        })
        .collect();
    h.table("quality", &header, &rows);
}

fn counts_table(h: &mut Html, lang: Lang, what: L, counts: &BTreeMap<&str, usize>, none: &str) {
    if counts.is_empty() {
        h.el("p", none);
        return;
    }
    let header = [Cell::text(lang.t(what)), Cell::num(lang.t(L::Count))];
    let rows: Vec<Vec<Cell>> = counts
        .iter()
        .map(|(k, n)| vec![Cell::text(*k), Cell::num(n.to_string())])
        .collect();
    h.table("counts", &header, &rows);
}

pub fn methodology(h: &mut Html, report: &Report<'_>, options: HtmlOptions) {
    let lang = options.lang;
    h.raw("<section class=\"page\" id=\"methodology\">\n");
    h.el("h2", &lang.pick("Methodology", Some("方法说明")));
    let Some(m) = report.methodology else {
        h.el(
            "p",
            &lang.pick(
                "The definition was not available.",
                Some("未提供指数定义。"),
            ),
        );
        h.raw("</section>\n");
        return;
    };
    h.el("p", &lang.pick(
        &format!(
            "Answers are scored on 0–100 by their scale, pooled over the respondents of each platform, and combined up the tree (items → indicators → dimensions → index) as weighted means. Platforms with fewer than {} respondents are scored but not ranked. In this report, scores resting on fewer than {} respondents are withheld.",
            min_respondents(m), options.min_cell
        ),
        Some(&format!(
            "各题答案按量表换算为0–100分，按平台汇总受访者后，逐级（题目→指标→维度→指数）加权平均。受访者少于{}位的平台计算得分但不参与排名。本报告中基于少于{}位受访者的得分不予显示。",
            min_respondents(m), options.min_cell
        )),
    ));
    h.el(
        "h3",
        &lang.pick("How N/A is treated", Some("“不适用”的处理")),
    );
    h.el("p", &lang.pick(
        "“Not applicable”, unanswered, skipped and unreadable answers are counted and reported but never scored as 0: they leave the mean, and the weights of the remaining items are renormalised. The spellings counted as N/A are listed with each scale below.",
        Some("“不适用”、未作答、跳过及无法识别的答案只计数、不计为0分：不参与平均，其余题目的权重重新归一化。各量表视为“不适用”的写法见下表。"),
    ));
    if report.results.bootstrap.is_some() {
        h.el("h3", &lang.pick("Uncertainty", Some("不确定性")));
        super::report::bootstrap_note(h, report.results, lang);
    }
    rules(h, lang, m);
    tree(h, lang, m);
    items(h, lang, m);
    scales(h, lang, m);
    h.raw("</section>\n");
}

fn min_respondents(m: &Methodology) -> String {
    m.rules
        .iter()
        .find(|r| r.key == "aggregation.min_respondents")
        .map_or("?".into(), |r| r.value.clone())
}

fn rules(h: &mut Html, lang: Lang, m: &Methodology) {
    h.el("h3", &lang.pick("Rules", Some("计分规则")));
    let header = [
        Cell::text(lang.t(L::Setting)),
        Cell::text(lang.t(L::Value)),
        Cell::text(lang.t(L::Detail)),
    ];
    let rows: Vec<Vec<Cell>> = m
        .rules
        .iter()
        .map(|r| {
            vec![
                Cell::text(&r.key),
                Cell::text(&r.value),
                Cell::text(lang.pick(&r.en, Some(&r.zh))),
            ]
        })
        .collect();
    h.table("rules", &header, &rows);
}

fn weight(w: Option<f64>) -> Cell {
    Cell::num(w.map_or("–".to_string(), |w| format!("{:.1}%", 100.0 * w)))
}

fn tree(h: &mut Html, lang: Lang, m: &Methodology) {
    h.el(
        "h3",
        &lang.pick(
            "Dimensions, indicators and weights",
            Some("维度、指标与权重"),
        ),
    );
    let header = [
        Cell::text(lang.t(L::Dimension)),
        Cell::num(lang.t(L::Weight)),
        Cell::num(lang.t(L::WeightNormalised)),
        Cell::num(lang.t(L::EffectiveWeight)),
        Cell::text(lang.t(L::Method)),
    ];
    let rows: Vec<Vec<Cell>> = m
        .nodes
        .iter()
        .map(|n| {
            let indent = "\u{2003}".repeat(n.depth);
            let mark = if n.in_index { "" } else { " *" };
            vec![
                Cell::text(format!(
                    "{indent}{}{mark}",
                    lang.pick(&n.name, n.name_zh.as_deref())
                )),
                Cell::num(format!("{}", n.weight)),
                weight(n.weight_normalised),
                weight(n.in_index.then_some(n.effective_weight)),
                Cell::text(method_text(n)),
            ]
        })
        .collect();
    h.table("tree", &header, &rows);
    h.el("p class=\"note\"", &lang.pick(
        "Effective weight: the product of the normalised weights from the index down to the node. * reported, not part of the index.",
        Some("有效权重：自指数向下各级归一化权重之积。* 仅作报告，不计入指数。"),
    ));
}

/// The method of a node, with what it combines when it has an `over` list and how it pools
/// respondents when it has a `pool` rule.
fn method_text(n: &crate::output::methodology::NodeSummary) -> String {
    let mut out = n.method.to_string();
    if let Some(over) = &n.over {
        out.push_str(&format!(" over {}", over.join(", ")));
    }
    if let Some(pool) = &n.pool {
        out.push_str(&format!("; pool {pool}"));
    }
    out
}

fn items(h: &mut Html, lang: Lang, m: &Methodology) {
    h.el("h3", &lang.t(L::Items));
    let header = [
        Cell::text(lang.t(L::Question)),
        Cell::text(lang.t(L::Parent)),
        Cell::text(lang.t(L::Scale)),
        Cell::num(lang.t(L::WeightNormalised)),
        Cell::num(lang.t(L::EffectiveWeight)),
    ];
    let rows: Vec<Vec<Cell>> = m
        .items
        .iter()
        .map(|i| {
            let en = i.text_en.as_deref().or(i.text.as_deref()).unwrap_or(&i.id);
            let reverse = if i.reverse {
                lang.pick(" (reverse-keyed)", Some("（反向计分）"))
            } else {
                String::new()
            };
            let in_index = m.node(&i.node).is_some_and(|d| d.in_index);
            vec![
                Cell::text(format!("{}{reverse}", lang.pick(en, i.text.as_deref()))),
                Cell::text(&i.node),
                Cell::text(&i.scale),
                weight(i.weight_normalised),
                weight((i.scored && in_index).then_some(i.effective_weight)),
            ]
        })
        .collect();
    h.table("items", &header, &rows);
}

fn scales(h: &mut Html, lang: Lang, m: &Methodology) {
    h.el("h3", &lang.pick("Scales", Some("量表")));
    let header = [
        Cell::text(lang.t(L::Scale)),
        Cell::text(lang.t(L::Kind)),
        Cell::text(lang.t(L::Scores)),
        Cell::text(lang.t(L::NaSpellings)),
    ];
    let rows: Vec<Vec<Cell>> = m
        .scales
        .iter()
        .map(|s| {
            vec![
                Cell::text(&s.id),
                Cell::text(s.kind),
                Cell::text(&s.scoring),
                Cell::text(s.na.join(" · ")),
            ]
        })
        .collect();
    h.table("scales", &header, &rows);
}

#[cfg(test)]
mod tests {
    use crate::output::methodology::Methodology;

    /// The methodology of a definition with `[index] over` and `pool` rules: shares worked
    /// by hand (the index over G02 and G04, weights 1 and 1; G02's two items share its half),
    /// and the tree table's method column says what each node combines and how it pools.
    #[test]
    fn over_lists_and_pool_rules_are_shown() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures/definitions/pool_levels.toml");
        let text = std::fs::read_to_string(&path).unwrap().replacen(
            "edition = \"test\"",
            "edition = \"test\"\nover = [\"G02\", \"G04\"]",
            1,
        );
        let checked = crate::definition::check_str(&text, "pool.toml", None);
        let model = checked.model.expect("a valid definition");
        let m = Methodology::from_model(&model);
        let share = |id: &str| m.node(id).unwrap().effective_weight;
        assert_eq!((share("G02"), share("G03"), share("G04")), (0.5, 0.0, 0.5));
        assert!(!m.node("governance").unwrap().in_index);
        assert!(!m.node("G03").unwrap().in_index);
        let item = |id: &str| m.item(id).unwrap().effective_weight;
        assert_eq!((item("g1"), item("g3"), item("g4")), (0.25, 0.0, 0.5));
        assert!(
            m.rules
                .iter()
                .any(|r| r.key == "index.over" && r.value == "G02, G04")
        );
        assert_eq!(
            super::method_text(m.node("G02").unwrap()),
            "arithmetic; pool level: group 1, services 1"
        );
        let across = text.replacen(
            "[dimensions.governance]\n",
            "[dimensions.across]\nover = [\"G03\", \"G04\"]\n\n[dimensions.governance]\n",
            1,
        );
        let model = crate::definition::check_str(&across, "pool.toml", None)
            .model
            .expect("a valid definition");
        let m = Methodology::from_model(&model);
        assert_eq!(
            super::method_text(m.node("across").unwrap()),
            "arithmetic over G03, G04"
        );
    }
}
