//! The HTML report: the ranking as bars, the platform × dimension heatmap, a radar per
//! platform, rankings within each business-model group, the best-practice showcase, then the
//! data-quality summary and the methodology appendix. Scores resting on fewer than
//! `min_cell` respondents are withheld, saying so; no respondent id or company name is read.

use super::charts::{self, Bar, HeatCell, RadarSeries};
use super::markup::{Cell, Html};
use super::{HtmlOptions, appendix, label_lines, page};
use crate::output::intervals;
use crate::output::labels::{L, Lang, dimension_name, group_name, platform_name};
use crate::output::privacy::shown;
use crate::output::{OutputError, Report};
use crate::results::{PlatformResult, Results, Status};

/// The report as one HTML document.
pub fn render(report: &Report<'_>, options: HtmlOptions) -> Result<String, OutputError> {
    let results = report.results;
    let lang = options.lang;
    let title = title(results, lang);
    let mut h = Html::new();
    h.raw("<header>\n");
    h.el("h1", &title);
    h.el("p class=\"lead\"", &lead(results, lang));
    h.raw("</header>\n");
    contents(&mut h, lang);
    ranking(&mut h, report, options)?;
    heatmap(&mut h, report, options)?;
    profiles(&mut h, report, options)?;
    groups(&mut h, report, options);
    showcase(&mut h, report, options);
    appendix::quality(&mut h, report, options);
    appendix::methodology(&mut h, report, options);
    footer(&mut h, options);
    Ok(page::document(lang, &title, h))
}

pub(super) fn title(results: &Results, lang: Lang) -> String {
    let meta = &results.index;
    let name = lang.pick(&meta.name, meta.name_zh.as_deref());
    if meta.edition.is_empty() {
        name
    } else {
        format!("{name} {}", meta.edition)
    }
}

fn lead(results: &Results, lang: Lang) -> String {
    let ranked = results
        .platforms
        .iter()
        .filter(|p| p.status == Status::Ranked)
        .count();
    let total = results.platforms.len();
    lang.pick(
        &format!("{ranked} of {total} platforms ranked."),
        Some(&format!("共{total}个平台，其中{ranked}个参与排名。")),
    )
}

const SECTIONS: [(&str, &str, &str); 8] = [
    ("ranking", "Overall ranking", "总排名"),
    ("dimensions", "Scores by dimension", "分维度得分"),
    ("profiles", "Platform profiles", "平台概况"),
    ("groups", "Rankings by business model", "分类排名"),
    ("practices", "Best practices", "最佳实践"),
    ("quality", "Data and exclusions", "数据质量与剔除"),
    ("methodology", "Methodology", "方法说明"),
    ("end", "", ""),
];

fn section_title(lang: Lang, id: &str) -> String {
    SECTIONS
        .iter()
        .find(|(i, _, _)| *i == id)
        .map_or(String::new(), |(_, en, zh)| lang.pick(en, Some(zh)))
}

/// Opens a section with its heading. Section ids are literals of this file.
pub(super) fn open_section(h: &mut Html, lang: Lang, id: &'static str) {
    h.raw("<section id=\"").raw(id).raw("\">\n");
    h.el("h2", &section_title(lang, id));
}

fn contents(h: &mut Html, lang: Lang) {
    h.raw("<nav>\n<ol>\n");
    for (id, _, _) in SECTIONS.iter().filter(|(id, ..)| *id != "end") {
        h.raw("<li><a href=\"#").raw(id).raw("\">");
        h.text(&section_title(lang, id));
        h.raw("</a></li>\n");
    }
    h.raw("</ol>\n</nav>\n");
}

/// The published index of a platform, or why it is not shown.
pub(super) fn index_text(
    p: &PlatformResult,
    options: HtmlOptions,
    lang: Lang,
) -> (Option<f64>, String) {
    if !shown(p.respondents, options.min_cell) && p.score.is_some() {
        return (None, withheld_text(options, lang));
    }
    match (&p.score, &p.score_display) {
        (Some(s), Some(d)) => (Some(*s), d.clone()),
        _ => (None, "–".into()),
    }
}

pub(super) fn withheld_text(options: HtmlOptions, lang: Lang) -> String {
    let k = options.min_cell;
    lang.pick(
        &format!("< {k} respondents"),
        Some(&format!("受访者少于{k}位")),
    )
}

fn ranking(h: &mut Html, report: &Report<'_>, options: HtmlOptions) -> Result<(), OutputError> {
    let results = report.results;
    let lang = options.lang;
    open_section(h, lang, "ranking");
    let bars: Vec<Bar> = results
        .platforms
        .iter()
        .map(|p| {
            let (value, display) = index_text(p, options, lang);
            let interval = value
                .and(intervals::uncertainty(results, &p.id, None))
                .map(|u| (u.low, u.high));
            Bar {
                label: format!(
                    "{} {}",
                    p.rank.map_or("–".to_string(), |r| r.to_string()),
                    platform_name(p, lang)
                ),
                value,
                display,
                interval,
                ranked: p.status == Status::Ranked,
            }
        })
        .collect();
    h.raw("<div class=\"chart\">\n");
    h.svg(&charts::ranking_bars(&bars, &lang.t(L::Index))?);
    h.raw("</div>\n");
    if let Some(level) = intervals::level_label(results) {
        h.el(
            "p class=\"note\"",
            &lang.pick(
                &format!("Whiskers: {level} bootstrap interval over respondents."),
                Some(&format!("误差线：基于受访者重抽样的{level}区间。")),
            ),
        );
    }
    ranking_table(h, report, options);
    h.raw("</section>\n");
    Ok(())
}

fn ranking_table(h: &mut Html, report: &Report<'_>, options: HtmlOptions) {
    let results = report.results;
    let lang = options.lang;
    let bootstrapped = results.bootstrap.is_some();
    let mut header = vec![
        Cell::num(lang.t(L::Rank)),
        Cell::text(lang.t(L::Platform)),
        Cell::text(lang.t(L::Group)),
        Cell::num(lang.t(L::Index)),
    ];
    if bootstrapped {
        header.push(Cell::num(lang.t(L::Interval)));
        header.push(Cell::num(lang.t(L::RankInterval)));
    }
    header.push(Cell::num(lang.t(L::Respondents)));
    header.push(Cell::text(lang.t(L::Status)));
    let rows: Vec<Vec<Cell>> = results
        .platforms
        .iter()
        .map(|p| {
            let (value, text) = index_text(p, options, lang);
            let mut row = vec![
                Cell::num(p.rank.map_or("–".to_string(), |r| r.to_string())),
                Cell::text(platform_name(p, lang)),
                Cell::text(group_name(report, p.group.as_deref(), lang)),
                if value.is_some() {
                    Cell::num(text)
                } else {
                    Cell::class(text, "withheld")
                },
            ];
            if bootstrapped {
                let u = value.and(intervals::uncertainty(results, &p.id, None));
                row.push(Cell::num(
                    u.map_or("–".into(), |u| intervals::score_interval(results, u)),
                ));
                row.push(Cell::num(
                    u.and_then(intervals::rank_interval).unwrap_or("–".into()),
                ));
            }
            row.push(Cell::num(p.respondents.to_string()));
            row.push(Cell::text(
                p.status_reason
                    .clone()
                    .unwrap_or_else(|| p.status.name().to_string()),
            ));
            row
        })
        .collect();
    h.table("ranking", &header, &rows);
}

/// A dimension cell: the published score, withheld, or a dash.
pub(super) fn dimension_cell(p: &PlatformResult, dim: &str, options: HtmlOptions) -> HeatCell {
    let Some(node) = p.dimensions.get(dim) else {
        return HeatCell {
            value: None,
            display: "–".into(),
        };
    };
    let platform_withheld = !shown(p.respondents, options.min_cell);
    match (&node.score, &node.score_display) {
        (Some(_), _) if platform_withheld || !shown(node.respondents, options.min_cell) => {
            HeatCell {
                value: None,
                display: format!("< {}", options.min_cell),
            }
        }
        (Some(s), Some(d)) => HeatCell {
            value: Some(*s),
            display: d.clone(),
        },
        _ => HeatCell {
            value: None,
            display: "–".into(),
        },
    }
}

fn heatmap(h: &mut Html, report: &Report<'_>, options: HtmlOptions) -> Result<(), OutputError> {
    let results = report.results;
    let lang = options.lang;
    open_section(h, lang, "dimensions");
    let rows: Vec<String> = results
        .platforms
        .iter()
        .map(|p| platform_name(p, lang))
        .collect();
    let columns: Vec<Vec<String>> = results
        .dimension_names
        .iter()
        .map(|d| {
            let mut lines = label_lines(&d.name, d.name_zh.as_deref(), lang, 16);
            if !d.in_index
                && let Some(last) = lines.last_mut()
            {
                last.push_str(" *");
            }
            lines
        })
        .collect();
    let cells: Vec<Vec<HeatCell>> = results
        .platforms
        .iter()
        .map(|p| {
            results
                .dimension_names
                .iter()
                .map(|d| dimension_cell(p, &d.id, options))
                .collect()
        })
        .collect();
    h.raw("<div class=\"chart\">\n");
    h.svg(&charts::heatmap(&rows, &columns, &cells)?);
    h.raw("</div>\n");
    let mut notes = vec![lang.pick(
        "Colours run from the lowest (red) to the highest (green) score shown.",
        Some("颜色由低（红）到高（绿）。"),
    )];
    if results.dimension_names.iter().any(|d| !d.in_index) {
        notes.push(lang.pick(
            "* reported, not part of the index.",
            Some("* 仅作报告，不计入指数。"),
        ));
    }
    notes.push(withheld_note(options));
    for n in notes {
        h.el("p class=\"note\"", &n);
    }
    h.raw("</section>\n");
    Ok(())
}

pub(super) fn withheld_note(options: HtmlOptions) -> String {
    let k = options.min_cell;
    options.lang.pick(
        &format!("\"< {k}\": resting on fewer than {k} respondents, withheld to protect them; \"–\": no score."),
        Some(&format!("“< {k}”：受访者少于{k}位，为保护受访者不予显示；“–”：无得分。")),
    )
}

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
    }
}

pub(super) fn platform_series(
    results: &Results,
    p: &PlatformResult,
    options: HtmlOptions,
) -> RadarSeries {
    let values = results
        .dimension_names
        .iter()
        .filter(|d| d.in_index)
        .map(|d| dimension_cell(p, &d.id, options).value)
        .collect();
    RadarSeries {
        values,
        highlight: true,
    }
}

fn profiles(h: &mut Html, report: &Report<'_>, options: HtmlOptions) -> Result<(), OutputError> {
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

fn groups(h: &mut Html, report: &Report<'_>, options: HtmlOptions) {
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
        let header = [
            Cell::num(lang.t(L::GroupRank)),
            Cell::text(lang.t(L::Platform)),
            Cell::num(lang.t(L::Index)),
            Cell::num(lang.t(L::Rank)),
        ];
        let rows: Vec<Vec<Cell>> = members
            .iter()
            .map(|p| {
                let (value, text) = index_text(p, options, lang);
                vec![
                    Cell::num(p.group_rank.map_or("–".to_string(), |r| r.to_string())),
                    Cell::text(platform_name(p, lang)),
                    if value.is_some() {
                        Cell::num(text)
                    } else {
                        Cell::class(text, "withheld")
                    },
                    Cell::num(p.rank.map_or("–".to_string(), |r| r.to_string())),
                ]
            })
            .collect();
        h.table("group", &header, &rows);
    }
    h.raw("</section>\n");
}

/// For each index dimension its leading platforms (rank 1, ties included), then the
/// free-text answers about each leader, once per leader.
fn showcase(h: &mut Html, report: &Report<'_>, options: HtmlOptions) {
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

fn footer(h: &mut Html, options: HtmlOptions) {
    h.raw("<footer>\n");
    h.el("p", &options.lang.pick(
        &format!("Made with qbpc-index {}. This file is self-contained: it loads nothing from the network.", env!("CARGO_PKG_VERSION")),
        Some(&format!("由 qbpc-index {} 生成。本文件独立完整，不从网络加载任何内容。", env!("CARGO_PKG_VERSION"))),
    ));
    h.raw("</footer>\n");
}
