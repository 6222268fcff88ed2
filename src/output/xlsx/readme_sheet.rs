//! The README sheet, first in the workbook: the index (name, id, edition), what each sheet
//! holds, the method in force (the rules of the Methodology sheet, in words), the bootstrap
//! when there is one, and how to read the workbook (filters, notes, precision).

use super::Ctx;
use super::sheet::{Sheet, V};
use crate::output::labels::{L, Lang};
use rust_xlsxwriter::{Worksheet, XlsxError};

pub fn readme(ctx: &Ctx) -> Result<Worksheet, XlsxError> {
    let results = ctx.results();
    let lang = ctx.lang;
    let mut s = ctx.sheet_named(&lang.pick("README", Some("说明")))?;
    let meta = ctx.report.methodology.map(|m| &m.index);
    let name = meta.map_or(results.index.name.clone(), |m| {
        lang.pick(&m.name, m.name_zh.as_deref())
    });
    // The text column is wide, so that the paragraphs take few lines and the sheet prints
    // on one or two pages.
    s.widen(1, 110);
    s.title(&name)?;
    let index = &results.index;
    let fields = [
        (lang.pick("Index id", Some("指数标识")), index.id.clone()),
        (lang.pick("Edition", Some("版本")), index.edition.clone()),
        (
            lang.pick("Written by", Some("生成工具")),
            format!("qbpc-index {}", env!("CARGO_PKG_VERSION")),
        ),
        (
            lang.pick("Publication precision", Some("公布精度")),
            lang.pick(
                &format!("{} decimal(s)", results.decimals),
                Some(&format!("{} 位小数", results.decimals)),
            ),
        ),
        (
            lang.pick("Platforms", Some("平台数")),
            results.platforms.len().to_string(),
        ),
    ];
    for (k, v) in &fields {
        s.cells(&[V::Text(k), V::Text(v)])?;
    }
    s.blank_line();

    s.title(&lang.pick("Sheets", Some("工作表")))?;
    s.header(&[
        lang.pick("Sheet", Some("工作表")),
        lang.pick("What it holds", Some("内容")),
    ])?;
    let sheets: [(L, &str, &str); 9] = [
        (
            L::Ranking,
            "The index and rank of every platform (with bootstrap intervals when the run had them).",
            "各平台的综合指数与排名（有自助法时含区间）。",
        ),
        (
            L::Dimensions,
            "Platforms x dimensions: score, rank and respondents of each dimension. * = not in the index.",
            "平台 × 维度：各维度得分、排名与答卷数。* 表示不计入指数。",
        ),
        (
            L::Indicators,
            "One row per platform and indicator: score, rank, coverage.",
            "每个平台每个指标一行：得分、排名、覆盖率。",
        ),
        (
            L::Items,
            "One row per platform and item (question): score and the counts of answers.",
            "每个平台每道题一行：得分与各类回答数。",
        ),
        (
            L::Groups,
            "Ranks within each business-model group.",
            "各商业模式分组内的排名。",
        ),
        (
            L::Excluded,
            "Submissions left out of the scores, with the reason.",
            "未计入得分的答卷及原因。",
        ),
        (
            L::Diagnostics,
            "Warnings and errors found while reading the inputs.",
            "读取输入时发现的警告与错误。",
        ),
        (
            L::FreeText,
            "The free-text answers, by platform and item.",
            "按平台与题目列出的文字回答。",
        ),
        (
            L::Methodology,
            "The rules, the tree of dimensions and indicators with its weights, the items and their scales.",
            "计分规则、维度与指标树及权重、题目与量表。",
        ),
    ];
    for (sheet, en, zh) in sheets {
        s.cells(&[V::Owned(ctx.t(sheet)), V::Owned(lang.pick(en, Some(zh)))])?;
    }
    if results.manifest.is_some() {
        s.cells(&[
            V::Text("Manifest"),
            V::Owned(lang.pick(
                "How to rebuild these numbers: tool version, hashes of the definition and inputs, options.",
                Some("如何重现这些数值：工具版本、定义与输入文件的哈希、选项。"),
            )),
        ])?;
    }
    s.blank_line();

    s.title(&lang.pick("Method", Some("方法")))?;
    say(
        &mut s,
        ctx,
        (
            "Each answer is scored 0-100 on its item's scale (100 = best protection; reverse-keyed items flipped); item scores are averaged per platform, then aggregated up the tree of indicators and dimensions with the weights of the Methodology sheet. Scores are published at the precision above; ranks are competition ranks of the published values.",
            "每个回答按题目量表计为 0-100 分（100 为最佳保护，反向题已反转）；按平台取各题平均分，再按方法说明页的权重逐级汇总为指标、维度和指数。分数按上述精度公布，排名按公布值的竞争排名。",
        ),
    )?;
    if let Some(m) = ctx.report.methodology {
        for r in &m.rules {
            s.para(&format!(
                "• {} = {}: {}",
                r.key,
                r.value,
                lang.pick(&r.en, Some(&r.zh))
            ))?;
        }
    }
    if let Some(b) = &results.bootstrap {
        say(
            &mut s,
            ctx,
            (
                &format!(
                    "Bootstrap: {} replicates, seed {}; the respondents of each platform are resampled with replacement and the whole index recomputed. Score intervals are {:.0}% percentile intervals; rank intervals run from the {:.0}th to the {:.0}th percentile of the ranks.",
                    b.replicates,
                    b.seed,
                    b.level * 100.0,
                    b.rank_percentiles[0],
                    b.rank_percentiles[1]
                ),
                &format!(
                    "自助法：{} 次重抽样，随机种子 {}；在每个平台内有放回地重抽答卷并重算整个指数。分数区间为 {:.0}% 百分位区间；排名区间为排名的第 {:.0} 至第 {:.0} 百分位。",
                    b.replicates,
                    b.seed,
                    b.level * 100.0,
                    b.rank_percentiles[0],
                    b.rank_percentiles[1]
                ),
            ),
        )?;
    }
    s.blank_line();

    s.title(&lang.pick("Reading the workbook", Some("阅读提示")))?;
    for (en, zh) in [
        (
            "Every table has a filter on its header row; the header stays in view when scrolling and is repeated on every printed page.",
            "每个表的表头均可筛选；滚动时表头保持可见，打印时每页重复表头。",
        ),
        (
            "Hover over a header (the red corner) for a note explaining the column.",
            "将鼠标悬停在表头（红色角标）上可查看该列的说明。",
        ),
        (
            "Scores are shown at the publication precision; item scores keep their full value in the cell.",
            "分数按公布精度显示；题目得分单元格保留完整数值。",
        ),
        (
            "An empty cell means no value (never zero). Colours run from red (lowest) to green (highest) within a column.",
            "空单元格表示无数值（而非零）。颜色在同一列内由红（最低）到绿（最高）。",
        ),
    ] {
        say(&mut s, ctx, (en, zh))?;
    }
    s.finish()
}

/// A paragraph in the workbook's language: with both, the English then the Chinese one.
fn say(s: &mut Sheet, ctx: &Ctx, (en, zh): (&str, &str)) -> Result<(), XlsxError> {
    match ctx.lang {
        Lang::En => s.para(en),
        Lang::Zh => s.para(zh),
        Lang::Both => {
            s.para(en)?;
            s.para(zh)
        }
    }
}
