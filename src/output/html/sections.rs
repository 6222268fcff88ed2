//! The report's middle sections: a radar per platform, the rankings within each
//! business-model group, the best-practice showcase, and the footer.

use super::charts::{self, RadarSeries};
use super::markup::Html;
use super::report::{dimension_cell, index_text, open_section, withheld_text};
use super::{HtmlOptions, label_lines};
use crate::output::labels::{L, Lang, dimension_name, group_name, platform_name};
use crate::output::privacy::shown;
use crate::output::ranking::{Layout, RankingTable};
use crate::output::{OutputError, Report};
use crate::results::{PlatformResult, Results, Status};

/// Radar axes: the dimensions of the index.
pub(super) fn radar_axes(results: &Results, lang: Lang) -> Vec<Vec<String>> {
    results
        .dimension_names
        .iter()
        .filter(|d| d.in_index)
        .map(|d| label_lines(&d.name, d.name_zh.as_deref(), lang, 14))
        .collect()
}

/// The field average of each index dimension over the ranked platforms.
pub(super) fn field_average(results: &Results) -> RadarSeries {
    let values = results
        .dimension_names
        .iter()
        .filter(|d| d.in_index)
        .map(|d| {
            let v: Vec<f64> = results
                .platforms
                .iter()
                .filter(|p| p.status == Status::Ranked)
                .filter_map(|p| p.dimensions.get(&d.id).and_then(|n| n.score))
                .collect();
            (!v.is_empty()).then(|| v.iter().sum::<f64>() / v.len() as f64)
        })
        .collect();
    RadarSeries {
        values,
        highlight: false,
        labels: Vec::new(),
    }
}

pub(super) fn platform_series(
    results: &Results,
    p: &PlatformResult,
    options: HtmlOptions,
) -> RadarSeries {
    let cells: Vec<_> = results
        .dimension_names
        .iter()
        .filter(|d| d.in_index)
        .map(|d| dimension_cell(p, &d.id, options))
        .collect();
    RadarSeries {
        values: cells.iter().map(|c| c.value).collect(),
        highlight: true,
        labels: cells
            .iter()
            .map(|c| c.value.map(|_| c.display.clone()))
            .collect(),
    }
}

pub(super) fn profiles(
    h: &mut Html,
    report: &Report<'_>,
    options: HtmlOptions,
) -> Result<(), OutputError> {
    let results = report.results;
    let lang = options.lang;
    open_section(h, lang, "profiles");
    let axes = radar_axes(results, lang);
    let field = field_average(results);
    h.el("p class=\"note\"", &lang.pick(
        "Blue: the platform; grey: the average of the ranked platforms; rings every 20 points from 0 (centre) to 100. Points without a line: a dimension has no score.",
        Some("蓝色：该平台；灰色：参与排名平台的平均水平；圆环间隔20分，中心为0、外圈为100。仅有圆点而无连线：部分维度无得分。"),
    ));
    h.raw("<div class=\"grid\">\n");
    for p in &results.platforms {
        h.raw("<div class=\"card\">\n");
        let (_, index) = index_text(p, options, lang);
        h.el(
            "h3",
            &format!(
                "{} {}",
                p.rank.map_or("–".to_string(), |r| format!("#{r}")),
                platform_name(p, lang)
            ),
        );
        h.el(
            "p class=\"note\"",
            &format!(
                "{}: {index} · {}: {}",
                lang.t(L::Index),
                lang.t(L::Respondents),
                p.respondents
            ),
        );
        if axes.len() >= 3 && shown(p.respondents, options.min_cell) {
            h.raw("<div class=\"chart\">\n");
            h.svg(&charts::radar(
                &axes,
                &[field.clone(), platform_series(results, p, options)],
            )?);
            h.raw("</div>\n");
        }
        h.raw("</div>\n");
    }
    h.raw("</div>\n</section>\n");
    Ok(())
}

pub(super) fn groups(h: &mut Html, report: &Report<'_>, options: HtmlOptions) {
    let results = report.results;
    let lang = options.lang;
    open_section(h, lang, "groups");
    let mut order: Vec<String> = report
        .methodology
        .map(|m| m.groups.iter().map(|g| g.id.clone()).collect())
        .unwrap_or_default();
    for p in &results.platforms {
        if let Some(g) = &p.group
            && !order.contains(g)
        {
            order.push(g.clone());
        }
    }
    for g in order {
        let mut members: Vec<&PlatformResult> = results
            .platforms
            .iter()
            .filter(|p| p.group.as_deref() == Some(g.as_str()))
            .collect();
        if members.is_empty() {
            continue;
        }
        members.sort_by_key(|p| (p.group_rank.is_none(), p.group_rank));
        h.el("h3", &group_name(report, Some(&g), lang));
        let layout = Layout::HtmlGroup {
            lang,
            min_cell: options.min_cell,
        };
        let (header, rows) = super::report::cells(&RankingTable::of(report, layout, members));
        h.table("group", &header, &rows);
    }
    h.raw("</section>\n");
}

/// For each index dimension its leading platforms (rank 1, ties included), then the
/// free-text answers about each leader, once per leader.
pub(super) fn showcase(h: &mut Html, report: &Report<'_>, options: HtmlOptions) {
    let results = report.results;
    let lang = options.lang;
    open_section(h, lang, "practices");
    h.el("p class=\"note\"", &lang.pick(
        "Free-text answers about the platform that leads each dimension, as typed (names of respondents redacted).",
        Some("各维度排名第一的平台所获的文字回答（原文，受访者名称已隐去）。"),
    ));
    let mut leaders: Vec<(&PlatformResult, Vec<String>)> = Vec::new();
    for d in results.dimension_names.iter().filter(|d| d.in_index) {
        for p in results
            .platforms
            .iter()
            .filter(|p| p.dimensions.get(&d.id).and_then(|n| n.rank) == Some(1))
        {
            match leaders.iter_mut().find(|(l, _)| l.id == p.id) {
                Some((_, dims)) => dims.push(dimension_name(d, lang)),
                None => leaders.push((p, vec![dimension_name(d, lang)])),
            }
        }
    }
    for (p, dims) in leaders {
        h.el(
            "h3",
            &format!("{} — {}", platform_name(p, lang), dims.join(" · ")),
        );
        if !shown(p.respondents, options.min_cell) {
            h.el("p class=\"note\"", &withheld_text(options, lang));
            continue;
        }
        let answers: Vec<&String> = p.texts.values().flatten().collect();
        if answers.is_empty() {
            h.el(
                "p class=\"note\"",
                &lang.pick("No free-text answers.", Some("无文字回答。")),
            );
        }
        let mut last: Option<&String> = None;
        for a in answers {
            if last != Some(a) {
                h.el("blockquote", a);
            }
            last = Some(a);
        }
    }
    h.raw("</section>\n");
}

pub(super) fn footer(h: &mut Html, options: HtmlOptions) {
    h.raw("<footer>\n");
    h.el("p", &options.lang.pick(
        &format!("Made with qbpc-index {}. This file is self-contained: it loads nothing from the network.", env!("CARGO_PKG_VERSION")),
        Some(&format!("由 qbpc-index {} 生成。本文件独立完整，不从网络加载任何内容。", env!("CARGO_PKG_VERSION"))),
    ));
    h.raw("</footer>\n");
}
