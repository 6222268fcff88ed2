//! A platform's scorecard as a self-contained HTML page: headline figures, the dimensions
//! against the field (table and radar), strongest and weakest items, suggestions.

use super::charts;
use super::markup::{Cell, Html};
use super::sections::{field_average, platform_series, radar_axes};
use super::{HtmlOptions, page};
use crate::output::intervals;
use crate::output::labels::{L, Lang, dimension_name, platform_name};
use crate::output::scorecard::{ItemLine, Scorecard};
use crate::output::{OutputError, Report};
use crate::rank::display;

pub fn render(report: &Report<'_>, card: &Scorecard<'_>) -> Result<String, OutputError> {
    let lang = card.options.lang;
    let results = report.results;
    let meta = &results.index;
    let name = platform_name(card.platform, lang);
    let mut h = Html::new();
    h.raw("<header>\n");
    h.el("h1", &name);
    h.el(
        "p class=\"lead\"",
        &format!(
            "{} {}",
            lang.pick(&meta.name, meta.name_zh.as_deref()),
            meta.edition
        ),
    );
    h.raw("</header>\n");
    kpis(&mut h, card);
    if card.withheld {
        h.el("p", &crate::output::scorecard::withheld_note(card));
    } else {
        dimensions(&mut h, card)?;
        for (title, lines) in [
            (
                lang.pick("Strongest items", Some("表现最好的题目")),
                &card.strongest,
            ),
            (
                lang.pick("Weakest items", Some("表现最弱的题目")),
                &card.weakest,
            ),
        ] {
            if !lines.is_empty() {
                h.el("h2", &title);
                items(&mut h, lang, lines);
            }
        }
        suggestions(&mut h, card);
    }
    h.raw("<footer>\n");
    h.el("p", &crate::output::scorecard::privacy_note(card));
    h.raw("</footer>\n");
    Ok(page::document(
        lang,
        &format!(
            "{name} — {}",
            lang.pick(&meta.name, meta.name_zh.as_deref())
        ),
        h,
    ))
}

fn score(card: &Scorecard<'_>, v: Option<f64>) -> String {
    v.filter(|x| x.is_finite())
        .map_or("–".into(), |x| display(x, card.results.decimals))
}

fn kpi(h: &mut Html, value: &str, label: &str) {
    h.raw("<div class=\"kpi\"><div class=\"v\">");
    h.text(value);
    h.raw("</div><div class=\"l\">");
    h.text(label);
    h.raw("</div></div>\n");
}

fn kpis(h: &mut Html, card: &Scorecard<'_>) {
    let lang = card.options.lang;
    let c = &card.index;
    h.raw("<div class=\"kpis\">\n");
    if !card.withheld {
        let rank = c.rank.map_or("–".to_string(), |r| {
            format!("{r} / {}", card.ranked_platforms)
        });
        kpi(h, &rank, &lang.t(L::Rank));
        if let Some(r) = card.platform.group_rank {
            kpi(
                h,
                &format!("{r} / {}", card.group_size),
                &lang.t(L::GroupRank),
            );
        }
        kpi(h, &score(card, c.score), &lang.t(L::Index));
        kpi(h, &score(card, c.field_average), &lang.t(L::FieldAverage));
        kpi(h, &score(card, c.best), &lang.t(L::Best));
        if let Some(u) = intervals::uncertainty(card.results, &card.platform.id, None) {
            kpi(
                h,
                &intervals::score_interval(card.results, u),
                &lang.t(L::Interval),
            );
            if let Some(ranks) = intervals::rank_interval(u) {
                kpi(h, &ranks, &lang.t(L::RankInterval));
            }
        }
    }
    kpi(
        h,
        &card.platform.respondents.to_string(),
        &lang.t(L::Respondents),
    );
    h.raw("</div>\n");
    if let Some(reason) = card
        .platform
        .status_reason
        .as_deref()
        .filter(|_| !card.withheld)
    {
        h.el("p class=\"note\"", reason);
    }
}

fn dimensions(h: &mut Html, card: &Scorecard<'_>) -> Result<(), OutputError> {
    let lang = card.options.lang;
    let k = card.options.min_cell;
    h.el("h2", &lang.t(L::Dimensions));
    let bootstrapped = card.results.bootstrap.is_some();
    let mut header = vec![
        Cell::text(lang.t(L::Dimension)),
        Cell::num(lang.t(L::Score)),
        Cell::num(lang.t(L::Rank)),
        Cell::num(lang.t(L::FieldAverage)),
        Cell::num(lang.t(L::Best)),
        Cell::num(lang.t(L::Respondents)),
    ];
    if bootstrapped {
        header.push(Cell::num(lang.t(L::Interval)));
    }
    let rows: Vec<Vec<Cell>> = card
        .dimensions
        .iter()
        .map(|line| {
            let c = &line.comparison;
            let mark = if line.label.in_index { "" } else { " *" };
            let mut row = vec![
                Cell::text(format!("{}{mark}", dimension_name(&line.label, lang))),
                if c.withheld {
                    Cell::class(format!("< {k}"), "withheld")
                } else {
                    Cell::num(score(card, c.score))
                },
                Cell::num(c.rank.map_or("–".to_string(), |r| r.to_string())),
                Cell::num(score(card, c.field_average)),
                Cell::num(score(card, c.best)),
                Cell::num(crate::output::scorecard::count(Some(c.respondents))),
            ];
            if bootstrapped {
                let u =
                    intervals::uncertainty(card.results, &card.platform.id, Some(&line.label.id));
                row.push(Cell::num(match u {
                    Some(u) if !c.withheld => intervals::score_interval(card.results, u),
                    _ => "–".into(),
                }));
            }
            row
        })
        .collect();
    h.table("dimensions", &header, &rows);
    if bootstrapped {
        super::report::bootstrap_note(h, card.results, lang);
    }
    radar(h, card)
}

/// The platform's radar against the field average, with its notes.
fn radar(h: &mut Html, card: &Scorecard<'_>) -> Result<(), OutputError> {
    let lang = card.options.lang;
    let options = HtmlOptions {
        lang,
        min_cell: card.options.min_cell,
    };
    let axes = radar_axes(card.results, lang);
    if axes.len() >= 3 {
        h.raw("<div class=\"chart\">\n");
        h.svg(&charts::radar(
            &axes,
            &[
                field_average(card.results),
                platform_series(card.results, card.platform, options),
            ],
        )?);
        h.raw("</div>\n");
        h.el(
            "p class=\"note\"",
            &lang.pick(
                "Blue: this platform; grey: the average of the ranked platforms; rings every 20 points from 0 (centre) to 100.",
                Some("蓝色：本平台；灰色：参与排名平台的平均水平；圆环间隔20分，中心为0、外圈为100。"),
            ),
        );
    }
    if card.dimensions.iter().any(|l| !l.label.in_index) {
        h.el(
            "p class=\"note\"",
            &lang.pick(
                "* reported, not part of the index.",
                Some("* 仅作报告，不计入指数。"),
            ),
        );
    }
    Ok(())
}

fn items(h: &mut Html, lang: Lang, lines: &[ItemLine]) {
    let header = [
        Cell::text(lang.t(L::Question)),
        Cell::num(lang.t(L::Score)),
        Cell::num(lang.t(L::FieldAverage)),
        Cell::num(lang.pick("Difference", Some("差距"))),
        Cell::num(lang.t(L::N)),
    ];
    let rows: Vec<Vec<Cell>> = lines
        .iter()
        .map(|l| {
            vec![
                Cell::text(&l.question),
                Cell::num(format!("{:.1}", l.score)),
                Cell::num(format!("{:.1}", l.field_average)),
                Cell::num(format!("{:+.1}", l.gap())),
                Cell::num(crate::output::scorecard::count(l.n)),
            ]
        })
        .collect();
    h.table("items", &header, &rows);
}

fn suggestions(h: &mut Html, card: &Scorecard<'_>) {
    if card.texts.is_empty() {
        return;
    }
    let lang = card.options.lang;
    h.el(
        "h2",
        &lang.pick("Suggestions from respondents", Some("受访者的意见与建议")),
    );
    for (question, answers) in &card.texts {
        h.el("h3", question);
        for (text, n) in answers {
            let shown = if *n > 1 {
                format!("{text} (×{n})")
            } else {
                text.clone()
            };
            h.el("blockquote", &shown);
        }
    }
}
