//! The Methodology sheet: the index, the rules in force, the tree with its weights (as
//! written, normalised among siblings, effective in the index), the items and the scales.
//! Stacked sections under bold titles; without a methodology it says so.

use super::Ctx;
use super::sheet::{Sheet, V};
use crate::output::labels::L;
use crate::output::methodology::Methodology;
use rust_xlsxwriter::{Worksheet, XlsxError};

pub fn methodology(ctx: &Ctx) -> Result<Worksheet, XlsxError> {
    let mut s = ctx.sheet(L::Methodology)?;
    let Some(m) = ctx.report.methodology else {
        s.title("The definition was not available to this export.")?;
        return s.finish();
    };
    index_section(ctx, &mut s, m)?;
    rules_section(ctx, &mut s, m)?;
    tree_section(ctx, &mut s, m)?;
    items_section(ctx, &mut s, m)?;
    scales_section(ctx, &mut s, m)?;
    s.finish()
}

fn index_section(ctx: &Ctx, s: &mut Sheet, m: &Methodology) -> Result<(), XlsxError> {
    let meta = &m.index;
    s.title(&ctx.lang.pick(&meta.name, meta.name_zh.as_deref()))?;
    s.cells(&[V::Text("index.id"), V::Text(&meta.id)])?;
    s.cells(&[V::Text("index.edition"), V::Text(&meta.edition)])?;
    s.blank_line();
    Ok(())
}

fn rules_section(ctx: &Ctx, s: &mut Sheet, m: &Methodology) -> Result<(), XlsxError> {
    s.title(&ctx.lang.pick("Rules", Some("计分规则")))?;
    s.header(&[ctx.t(L::Setting), ctx.t(L::Value), ctx.t(L::Detail)])?;
    for r in &m.rules {
        s.cells(&[
            V::Text(&r.key),
            V::Text(&r.value),
            V::Owned(ctx.lang.pick(&r.en, Some(&r.zh))),
        ])?;
    }
    s.blank_line();
    Ok(())
}

fn yes_no(ctx: &Ctx, b: bool) -> V<'static> {
    V::Owned(ctx.t(if b { L::Yes } else { L::No }))
}

fn tree_section(ctx: &Ctx, s: &mut Sheet, m: &Methodology) -> Result<(), XlsxError> {
    s.title(
        &ctx.lang
            .pick("Dimensions and indicators", Some("维度与指标")),
    )?;
    s.header(&[
        ctx.t(L::Level),
        ctx.t(L::Dimension),
        ctx.t(L::Name),
        ctx.t(L::Parent),
        ctx.t(L::Weight),
        ctx.t(L::WeightNormalised),
        ctx.t(L::EffectiveWeight),
        ctx.t(L::Method),
        ctx.t(L::Coverage),
        ctx.t(L::InIndex),
    ])?;
    for n in &m.nodes {
        // Indent the id by depth so the tree reads top-down.
        let id = format!("{}{}", "  ".repeat(n.depth), n.id);
        s.cells(&[
            V::Text(n.kind),
            V::Owned(id),
            V::Owned(ctx.lang.pick(&n.name, n.name_zh.as_deref())),
            V::opt_text(n.parent.as_deref()),
            V::Weight(Some(n.weight)),
            V::Weight(n.weight_normalised),
            V::Weight(Some(n.effective_weight)),
            V::Text(&n.method),
            V::Percent(Some(n.min_coverage)),
            yes_no(ctx, n.in_index),
        ])?;
    }
    s.blank_line();
    Ok(())
}

fn items_section(ctx: &Ctx, s: &mut Sheet, m: &Methodology) -> Result<(), XlsxError> {
    s.title(&ctx.t(L::Items))?;
    s.header(&[
        ctx.t(L::Item),
        ctx.t(L::Question),
        ctx.t(L::Parent),
        ctx.t(L::Dimension),
        ctx.t(L::Scale),
        ctx.t(L::Reverse),
        ctx.t(L::Weight),
        ctx.t(L::WeightNormalised),
        ctx.t(L::EffectiveWeight),
        ctx.t(L::Source),
    ])?;
    for i in &m.items {
        let en = i.text_en.as_deref().or(i.text.as_deref()).unwrap_or("");
        s.cells(&[
            V::Text(&i.id),
            V::Owned(ctx.lang.pick(en, i.text.as_deref())),
            V::Text(&i.node),
            V::Text(&i.dimension),
            V::Text(&i.scale),
            yes_no(ctx, i.reverse),
            V::Weight(Some(i.weight)),
            V::Weight(i.weight_normalised),
            V::Weight(Some(i.effective_weight)),
            V::Text(&i.source),
        ])?;
    }
    s.blank_line();
    Ok(())
}

fn scales_section(ctx: &Ctx, s: &mut Sheet, m: &Methodology) -> Result<(), XlsxError> {
    s.title(&ctx.lang.pick("Scales", Some("量表")))?;
    s.header(&[
        ctx.t(L::Scale),
        ctx.t(L::Kind),
        ctx.t(L::Scores),
        ctx.t(L::NaSpellings),
    ])?;
    for sc in &m.scales {
        s.cells(&[
            V::Text(&sc.id),
            V::Text(sc.kind),
            V::Text(&sc.scoring),
            V::Owned(sc.na.join("; ")),
        ])?;
    }
    Ok(())
}
