//! The HTML report: the ranking as bars, the platform × dimension heatmap, a radar per
//! platform, rankings within each business-model group, the best-practice showcase, then the
//! data-quality summary and the methodology appendix. Scores resting on fewer than
//! `min_cell` respondents are withheld, saying so; no respondent id or company name is read.

use super::charts::{self, Bar, HeatCell};
use super::markup::{Cell, Html};
use super::trend::{self, TrendOptions};
use super::{HtmlOptions, appendix, label_lines, page, sections};
use crate::compare::Comparison;
use crate::output::intervals;
use crate::output::labels::{L, Lang, platform_name};
use crate::output::privacy::shown;
use crate::output::ranking::{Align, Column, Layout, RankingTable, Value};
use crate::output::{OutputError, Report};
use crate::results::{PlatformResult, Results, Status};

/// The report as one HTML document.
pub fn render(report: &Report<'_>, options: HtmlOptions) -> Result<String, OutputError> {
    render_with_trend(report, options, None)
}

/// The report with a trend section after the ranking when `trend` compares earlier waves
/// with this run (its last wave); without it the report has no trend section.
pub fn render_with_trend(
    report: &Report<'_>,
    options: HtmlOptions,
    trend: Option<&Comparison>,
) -> Result<String, OutputError> {
    let results = report.results;
    let lang = options.lang;
    let title = title(results, lang);
    let mut h = Html::new();
    h.raw("<header>\n");
    h.el("h1", &title);
    h.el("p class=\"lead\"", &lead(results, lang));
    h.raw("</header>\n");
    contents(&mut h, lang, trend.is_some());
    ranking(&mut h, report, options)?;
    if let Some(c) = trend {
        trend_section(&mut h, c, options)?;
    }
    heatmap(&mut h, report, options)?;
    structure(&mut h, report, options)?;
    sections::profiles(&mut h, report, options)?;
    sections::groups(&mut h, report, options);
    sections::showcase(&mut h, report, options);
    appendix::quality(&mut h, report, options);
    appendix::methodology(&mut h, report, options);
    super::manifest::appendix(&mut h, report, options);
    sections::footer(&mut h, options);
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

const SECTIONS: [(&str, &str, &str); 10] = [
    ("ranking", "Overall ranking", "总排名"),
    ("trend", "Year over year", "历年对比"),
    ("dimensions", "Scores by dimension", "分维度得分"),
    (
        "structure",
        "Correlations and distributions",
        "相关性与分布",
    ),
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

fn contents(h: &mut Html, lang: Lang, with_trend: bool) {
    h.raw("<nav>\n<ol>\n");
    for (id, _, _) in SECTIONS
        .iter()
        .filter(|(id, ..)| *id != "end" && (with_trend || *id != "trend"))
    {
        h.raw("<li><a href=\"#").raw(id).raw("\">");
        h.text(&section_title(lang, id));
        h.raw("</a></li>\n");
    }
    h.raw("</ol>\n</nav>\n");
}

/// The index over the waves: a small line chart per platform, the slope chart from the first
/// wave to the last and the movement table (`trend`), under the small-cell rule of the
/// report; then the waves read and what makes a change less than comparable.
fn trend_section(h: &mut Html, c: &Comparison, options: HtmlOptions) -> Result<(), OutputError> {
    let lang = options.lang;
    let trend_options = TrendOptions {
        lang,
        min_cell: Some(options.min_cell),
    };
    open_section(h, lang, "trend");
    let waves: Vec<String> = c
        .waves
        .iter()
        .map(|w| format!("{} ({})", w.label, w.file))
        .collect();
    h.el(
        "p class=\"note\"",
        &format!("{}: {}", lang.pick("Waves", Some("各期")), waves.join(", ")),
    );
    h.el(
        "h3",
        &lang.pick("Index by platform over the waves", Some("各平台历年指数")),
    );
    trend::cards(h, c, trend_options)?;
    h.el(
        "h3",
        &lang.pick(
            "Slope of the index, first wave to last",
            Some("指数斜率图：首期至末期"),
        ),
    );
    trend::slope_chart(h, c, trend_options)?;
    h.el(
        "h3",
        &lang.pick("Scores and rank movement", Some("得分与排名变动")),
    );
    trend::movements(h, c, trend_options);
    if !c.warnings.is_empty() {
        h.el("h3", &lang.pick("Comparability", Some("可比性提示")));
        h.raw("<ul>\n");
        for w in &c.warnings {
            h.el("li", &w.to_string());
        }
        h.raw("</ul>\n");
    }
    h.raw("</section>\n");
    Ok(())
}

/// The published index of a platform, or why it is not shown.
pub(crate) fn index_text(
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
    bootstrap_note(h, results, lang);
    ranking_table(h, report, options);
    h.raw("</section>\n");
    Ok(())
}

/// The HTML layout of the shared ranking table: numbers right-aligned by class, withheld
/// scores marked.
fn ranking_table(h: &mut Html, report: &Report<'_>, options: HtmlOptions) {
    let layout = Layout::Html {
        lang: options.lang,
        min_cell: options.min_cell,
    };
    let (header, rows) = cells(&RankingTable::build(report, layout));
    h.table("ranking", &header, &rows);
}

/// A ranking table as header and body cells: numbers right-aligned by class, withheld
/// scores marked.
pub(super) fn cells(ranking: &RankingTable) -> (Vec<Cell>, Vec<Vec<Cell>>) {
    let cell = |text: String, column: &Column| match column.align {
        Align::Right => Cell::num(text),
        Align::Left => Cell::text(text),
    };
    let header: Vec<Cell> = ranking
        .columns
        .iter()
        .map(|c| cell(c.header.clone(), c))
        .collect();
    let rows: Vec<Vec<Cell>> = ranking
        .rows
        .iter()
        .map(|row| {
            row.iter()
                .zip(&ranking.columns)
                .map(|(v, c)| match v {
                    Value::Withheld(text) => Cell::class(text.clone(), "withheld"),
                    v => cell(v.display(c.kind), c),
                })
                .collect()
        })
        .collect();
    (header, rows)
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

/// The bootstrap's replicates, seed and method, when the results have intervals.
pub(super) fn bootstrap_note(h: &mut Html, results: &Results, lang: Lang) {
    if let Some((en, zh)) = intervals::method_text(results) {
        h.el("p class=\"note bootstrap\"", &lang.pick(&en, Some(&zh)));
    }
}

/// How the dimensions move together across platforms (a correlation matrix of the dimensions
/// and the index) and how each one's scores spread (box and dots on 0..100). Only the scores
/// the report shows enter: withheld ones are left out.
fn structure(h: &mut Html, report: &Report<'_>, options: HtmlOptions) -> Result<(), OutputError> {
    let results = report.results;
    let lang = options.lang;
    let mut labels: Vec<Vec<String>> = Vec::new();
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut columns: Vec<Vec<Option<f64>>> = Vec::new();
    for d in &results.dimension_names {
        let mark = if d.in_index { "" } else { " *" };
        rows.push(match (lang, d.name_zh.as_deref()) {
            (Lang::Both, Some(zh)) if zh != d.name => vec![d.name.clone(), format!("{zh}{mark}")],
            _ => vec![format!(
                "{}{mark}",
                lang.pick(&d.name, d.name_zh.as_deref())
            )],
        });
        let mut lines = label_lines(&d.name, d.name_zh.as_deref(), lang, 16);
        if !d.in_index
            && let Some(last) = lines.last_mut()
        {
            last.push_str(" *");
        }
        labels.push(lines);
        columns.push(
            results
                .platforms
                .iter()
                .map(|p| dimension_cell(p, &d.id, options).value)
                .collect(),
        );
    }
    labels.push(vec![lang.t(L::Index)]);
    rows.push(vec![lang.t(L::Index)]);
    columns.push(
        results
            .platforms
            .iter()
            .map(|p| index_text(p, options, lang).0)
            .collect(),
    );
    let shown = columns
        .iter()
        .map(|c| c.iter().flatten().count())
        .max()
        .unwrap_or(0);
    if shown < 3 {
        return Ok(());
    }
    open_section(h, lang, "structure");
    h.el(
        "h3",
        &lang.pick("Correlations between dimensions", Some("维度间的相关性")),
    );
    let matrix: Vec<Vec<Option<f64>>> = columns
        .iter()
        .map(|a| columns.iter().map(|b| charts::pearson(a, b)).collect())
        .collect();
    h.raw("<div class=\"chart\">\n");
    h.svg(&charts::correlation(&labels, &rows, &matrix)?);
    h.raw("</div>\n");
    h.el("p class=\"note\"", &lang.pick(
        "Pearson correlation over the platforms whose scores are shown (blue: positive, red: negative). Dimensions that correlate very highly measure much the same thing; a negative correlation means a trade-off between them.",
        Some("基于显示得分的平台计算的皮尔逊相关系数（蓝：正相关，红：负相关）。高度相关的维度测量的内容相近；负相关表示维度之间此消彼长。"),
    ));
    h.el(
        "h3",
        &lang.pick("Distribution of each dimension", Some("各维度得分分布")),
    );
    let values: Vec<Vec<f64>> = columns
        .iter()
        .map(|c| c.iter().flatten().copied().collect())
        .collect();
    h.raw("<div class=\"chart\">\n");
    h.svg(&charts::distribution(&rows, &values)?);
    h.raw("</div>\n");
    h.el("p class=\"note\"", &lang.pick(
        "Each dot is a platform; the box runs from the first to the third quartile with the median inside, the line from the lowest to the highest score.",
        Some("每个点代表一个平台；方框为第一至第三四分位数，中线为中位数，横线从最低分延伸到最高分。"),
    ));
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
