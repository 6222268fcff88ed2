//! The score sheets: Ranking, Dimensions (a platform × dimension matrix), Indicators and
//! Items (one row per platform × node), Groups.

use super::Ctx;
use super::sheet::{Sheet, V};
use crate::output::intervals;
use crate::output::labels::{L, dimension_name, platform_name};
use crate::output::ranking::{Kind, Layout, RankingTable, Value};
use crate::results::{NodeLabel, PlatformResult};
use rust_xlsxwriter::{Worksheet, XlsxError};

fn platform_cells<'a>(ctx: &Ctx, p: &'a PlatformResult) -> [V<'a>; 2] {
    [V::Text(&p.id), V::Owned(platform_name(p, ctx.lang))]
}

/// The Ranking sheet: the workbook layout of the shared ranking table, real numbers typed by
/// their column's kind.
pub fn ranking(ctx: &Ctx) -> Result<Worksheet, XlsxError> {
    let results = ctx.results();
    let ranking = RankingTable::build(ctx.report, Layout::Workbook(ctx.lang));
    let mut s = ctx.sheet(L::Ranking)?;
    s.header(&ranking.headers())?;
    rows(&mut s, &ranking)?;
    let last = results.platforms.len() as u32;
    if let Some(index) = ranking.position("index_score") {
        s.colour_scale((1, last), (index as u16, index as u16))?;
    }
    s.finish()
}

/// The rows of a ranking table, each cell typed by its column's kind.
fn rows(s: &mut Sheet<'_>, ranking: &RankingTable) -> Result<(), XlsxError> {
    for row in &ranking.rows {
        let cells: Vec<V<'_>> = row
            .iter()
            .zip(&ranking.columns)
            .map(|(v, c)| cell(v, c.kind))
            .collect();
        s.cells(&cells)?;
    }
    Ok(())
}

/// A cell of the ranking as a worksheet value: scores at the publication precision,
/// probabilities as percentages, absent values as empty cells.
fn cell(v: &Value, kind: Kind) -> V<'_> {
    match (v, kind) {
        (Value::Missing, _) => V::Int(None),
        (Value::Int(n), _) => V::Int(Some(*n)),
        (Value::Text(t) | Value::Withheld(t), _) => V::Text(t),
        (Value::Score { value, .. }, _) => V::Score(*value),
        (Value::Number(x), Kind::Score) => V::Score(Some(*x)),
        (Value::Number(x), Kind::Probability) => V::Percent(Some(*x)),
        (Value::Number(x), _) => V::Float(Some(*x)),
        (Value::Ids(ids), _) => V::Owned(ids.join(", ")),
    }
}

pub fn dimensions(ctx: &Ctx) -> Result<Worksheet, XlsxError> {
    let results = ctx.results();
    let dims = &results.dimension_names;
    let mut s = ctx.sheet(L::Dimensions)?;
    let mut header = vec![ctx.t(L::PlatformId), ctx.t(L::Platform)];
    let name = |d: &NodeLabel| {
        let mark = if d.in_index { "" } else { " *" };
        format!("{}{mark}", dimension_name(d, ctx.lang))
    };
    header.extend(dims.iter().map(name));
    header.extend(
        dims.iter()
            .map(|d| format!("{} – {}", name(d), ctx.t(L::Rank))),
    );
    header.extend(
        dims.iter()
            .map(|d| format!("{} – {}", name(d), ctx.t(L::Respondents))),
    );
    let bootstrapped = results.bootstrap.is_some();
    if bootstrapped {
        for d in dims {
            header.push(format!("{} – {} – low", name(d), ctx.t(L::Interval)));
            header.push(format!("{} – {} – high", name(d), ctx.t(L::Interval)));
        }
    }
    s.header(&header)?;
    for (c, d) in dims.iter().enumerate() {
        let note = ctx.lang.pick(
            &format!(
                "Score of the dimension {}, 0-100, at the publication precision.",
                dimension_name(d, crate::output::labels::Lang::En)
            ),
            Some(&format!(
                "维度“{}”的得分（0-100），按公布精度修约。",
                dimension_name(d, crate::output::labels::Lang::Zh)
            )),
        );
        s.note(2 + c as u16, &note)?;
    }
    for p in &results.platforms {
        let [id, pname] = platform_cells(ctx, p);
        let mut row = vec![id, pname];
        let node = |d: &NodeLabel| p.dimensions.get(&d.id);
        row.extend(dims.iter().map(|d| V::Score(node(d).and_then(|n| n.score))));
        row.extend(dims.iter().map(|d| V::rank(node(d).and_then(|n| n.rank))));
        row.extend(
            dims.iter()
                .map(|d| V::Int(node(d).map(|n| n.respondents as u64))),
        );
        if bootstrapped {
            for d in dims {
                let u = intervals::uncertainty(results, &p.id, Some(&d.id));
                row.push(V::Score(u.map(|u| u.low)));
                row.push(V::Score(u.map(|u| u.high)));
            }
        }
        s.cells(&row)?;
    }
    let last = results.platforms.len() as u32;
    for c in 0..dims.len() as u16 {
        // One scale per dimension: each column compares the platforms on that dimension.
        s.colour_scale((1, last), (2 + c, 2 + c))?;
    }
    s.finish()
}

pub fn indicators(ctx: &Ctx) -> Result<Worksheet, XlsxError> {
    let results = ctx.results();
    let mut s = ctx.sheet(L::Indicators)?;
    s.header(&[
        ctx.t(L::PlatformId),
        ctx.t(L::Platform),
        ctx.t(L::Dimension),
        ctx.t(L::Indicator),
        ctx.t(L::Name),
        ctx.t(L::Score),
        ctx.t(L::Rank),
        ctx.t(L::Respondents),
        ctx.t(L::Coverage),
        ctx.t(L::Missing),
    ])?;
    for p in &results.platforms {
        for (id, node) in &p.indicators {
            let summary = ctx.report.methodology.and_then(|m| m.node(id));
            let [pid, pname] = platform_cells(ctx, p);
            s.cells(&[
                pid,
                pname,
                V::Owned(dimension_of(ctx, id)),
                V::Text(id),
                V::Owned(summary.map_or(String::new(), |n| {
                    ctx.lang.pick(&n.name, n.name_zh.as_deref())
                })),
                V::Score(node.score),
                V::rank(node.rank),
                V::count(node.respondents),
                V::Percent(Some(node.coverage)),
                V::opt_text(node.missing_reason.as_deref()),
            ])?;
        }
    }
    let last = s.row - 1;
    s.colour_scale((1, last), (5, 5))?;
    s.finish()
}

/// The dimension above an indicator, from the methodology; empty without it.
fn dimension_of(ctx: &Ctx, node: &str) -> String {
    let Some(m) = ctx.report.methodology else {
        return String::new();
    };
    let mut id = node.to_string();
    while let Some(parent) = m.node(&id).and_then(|n| n.parent.clone()) {
        id = parent;
    }
    id
}

pub fn items(ctx: &Ctx) -> Result<Worksheet, XlsxError> {
    let results = ctx.results();
    let mut s = ctx.sheet(L::Items)?;
    s.header(&[
        ctx.t(L::PlatformId),
        ctx.t(L::Platform),
        ctx.t(L::Dimension),
        ctx.t(L::Item),
        ctx.t(L::Question),
        ctx.t(L::Score),
        ctx.t(L::N),
        ctx.t(L::Na),
        ctx.t(L::NoAnswer),
        ctx.t(L::Invalid),
        ctx.t(L::Skipped),
        ctx.t(L::Value),
        ctx.t(L::Missing),
    ])?;
    for p in &results.platforms {
        for (id, item) in &p.items {
            let summary = ctx.report.methodology.and_then(|m| m.item(id));
            let question = summary.map_or(String::new(), |i| {
                let en = i.text_en.as_deref().or(i.text.as_deref()).unwrap_or("");
                ctx.lang.pick(en, i.text.as_deref())
            });
            let [pid, pname] = platform_cells(ctx, p);
            s.cells(&[
                pid,
                pname,
                V::Owned(summary.map_or(String::new(), |i| i.dimension.clone())),
                V::Text(id),
                V::Owned(question),
                V::ScoreFull(item.score),
                V::count(item.n),
                V::count(item.na),
                V::count(item.no_answer),
                V::count(item.invalid),
                V::count(item.skipped),
                V::Float(item.raw),
                V::opt_text(item.missing_reason.as_deref()),
            ])?;
        }
    }
    let last = s.row - 1;
    s.colour_scale((1, last), (5, 5))?;
    s.finish()
}

pub fn groups(ctx: &Ctx) -> Result<Worksheet, XlsxError> {
    let results = ctx.results();
    let mut s = ctx.sheet(L::Groups)?;
    let layout = Layout::WorkbookGroups(ctx.lang);
    s.header(&RankingTable::of(ctx.report, layout, []).headers())?;
    for group in group_order(ctx) {
        let mut members: Vec<&PlatformResult> = results
            .platforms
            .iter()
            .filter(|p| p.group.as_deref() == Some(group.as_str()))
            .collect();
        // Ranked members by group rank, the others after (stable: rank order otherwise).
        members.sort_by_key(|p| (p.group_rank.is_none(), p.group_rank));
        rows(&mut s, &RankingTable::of(ctx.report, layout, members))?;
    }
    s.finish()
}

/// Group ids in definition order (from the methodology), else in order of first appearance.
fn group_order(ctx: &Ctx) -> Vec<String> {
    let mut order: Vec<String> = ctx
        .report
        .methodology
        .map(|m| m.groups.iter().map(|g| g.id.clone()).collect())
        .unwrap_or_default();
    for p in &ctx.results().platforms {
        if let Some(g) = &p.group
            && !order.contains(g)
        {
            order.push(g.clone());
        }
    }
    order
}
