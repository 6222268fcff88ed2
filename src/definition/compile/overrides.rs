//! Per-source preset values (`header_rows`, `codes`, `drop`, `loop_platforms` ...): checked
//! and resolved into `Source::overrides`. Every preset value can be set here, key by key.

use super::super::context::Ctx;
use super::super::model::{DefinitionFile, DropDef, SourceDef};
use super::*;
use crate::text::match_key;
use toml::Spanned;

/// Resolve the preset values of every `[[sources]]` block into `sources[i].overrides`.
pub(super) fn source_overrides(
    ctx: &mut Ctx,
    def: &DefinitionFile,
    platforms: &[Platform],
    scale_ix: &HashMap<&str, Option<usize>>,
    sources: &mut [Source],
) {
    for (si, s) in def.sources.iter().enumerate() {
        let Some(target) = sources.get_mut(si) else {
            continue;
        };
        target.overrides = overrides(ctx, s.get_ref(), platforms, scale_ix);
    }
}

fn overrides(
    ctx: &mut Ctx,
    sd: &SourceDef,
    platforms: &[Platform],
    scale_ix: &HashMap<&str, Option<usize>>,
) -> PresetOverrides {
    PresetOverrides {
        header_rows: sd.header_rows.as_ref().and_then(|h| header_rows(ctx, h)),
        encoding: sd.encoding.as_ref().and_then(|e| encoding(ctx, e)),
        skip_codes: sd.skip_codes.as_deref().map(codes_as_text),
        empty_codes: sd.empty_codes.as_deref().map(codes_as_text),
        codes: scale_codes(ctx, sd, scale_ix),
        other_suffix: sd.other_suffix.clone(),
        other_brackets: sd
            .other_brackets
            .as_ref()
            .and_then(|b| pair(ctx, b, "other_brackets")),
        letter_prefix: sd.letter_prefix,
        started_at: sd.started_at.clone(),
        date_order: sd
            .date_order
            .as_ref()
            .and_then(|d| choice(ctx, d, "date_order", &["auto", "ymd", "mdy", "dmy"])),
        duration_unit: sd
            .duration_unit
            .as_ref()
            .and_then(|u| duration_unit(ctx, u)),
        drop: sd
            .drop
            .as_ref()
            .map(|rules| rules.iter().filter_map(|r| drop_rule(ctx, r)).collect()),
        loop_platforms: loop_platforms(ctx, sd, platforms),
        title_platform: sd
            .title_platform
            .as_ref()
            .and_then(|b| pair(ctx, b, "title_platform")),
        platforms_question: sd.platforms_question.as_ref().and_then(|q| {
            let n = *q.get_ref();
            if n >= 1 {
                Some(n as u32)
            } else {
                ctx.error(
                    "invalid-value",
                    q.span(),
                    format!("platforms_question = {n} is not a question number"),
                    "the number of the question that lists the platforms rated, e.g. 3",
                );
                None
            }
        }),
        sub_labels: sd
            .sub_labels
            .iter()
            .map(|(k, v)| (match_key(k), v.clone()))
            .collect(),
        repeat_sheet: sd.repeat_sheet.clone(),
    }
}

fn header_rows(ctx: &mut Ctx, h: &Spanned<i64>) -> Option<usize> {
    match *h.get_ref() {
        n @ 1..=20 => Some(n as usize),
        n => {
            ctx.error(
                "invalid-value",
                h.span(),
                format!("header_rows = {n} is out of range"),
                "the number of header rows above the first data row: 1 to 20",
            );
            None
        }
    }
}

fn encoding(ctx: &mut Ctx, e: &Spanned<String>) -> Option<String> {
    let label = e.get_ref().trim();
    if label.eq_ignore_ascii_case("auto") {
        return None;
    }
    match encoding_rs::Encoding::for_label(label.as_bytes()) {
        Some(_) => Some(label.to_string()),
        None => {
            ctx.bad_choice(
                "encoding",
                label,
                e.span(),
                &[
                    "auto", "utf-8", "gb18030", "gbk", "utf-16le", "utf-16be", "big5",
                ],
            );
            None
        }
    }
}

/// Codes as they appear in cells: integers and strings alike, as text.
fn codes_as_text(values: &[toml::Value]) -> Vec<String> {
    values
        .iter()
        .map(|v| match v {
            toml::Value::String(s) => s.clone(),
            other => other.to_string(),
        })
        .collect()
}

fn scale_codes(
    ctx: &mut Ctx,
    sd: &SourceDef,
    scale_ix: &HashMap<&str, Option<usize>>,
) -> Vec<(ScaleIx, Vec<(String, String)>)> {
    let mut out = Vec::new();
    for (scale, map) in &sd.codes {
        match scale_ix.get(scale.as_str()) {
            Some(Some(ix)) => out.push((
                *ix,
                map.get_ref()
                    .iter()
                    .map(|(code, label)| (match_key(code), label.clone()))
                    .collect(),
            )),
            Some(None) => {}
            None => ctx.dangling(
                "scale",
                scale,
                map.span(),
                scale_ix.keys().copied().collect::<Vec<_>>(),
            ),
        }
    }
    out
}

fn pair(ctx: &mut Ctx, b: &Spanned<Vec<String>>, key: &str) -> Option<(String, String)> {
    match b.get_ref().as_slice() {
        [open, close] if !open.is_empty() && !close.is_empty() => {
            Some((open.clone(), close.clone()))
        }
        _ => {
            ctx.error(
                "invalid-value",
                b.span(),
                format!("{key} needs two non-empty strings: an opening and a closing bracket"),
                &format!("{key} = [\"【\", \"】\"]"),
            );
            None
        }
    }
}

fn choice(ctx: &mut Ctx, v: &Spanned<String>, key: &str, allowed: &[&str]) -> Option<String> {
    if allowed.contains(&v.get_ref().as_str()) {
        Some(v.get_ref().clone())
    } else {
        ctx.bad_choice(key, v.get_ref(), v.span(), allowed);
        None
    }
}

fn duration_unit(ctx: &mut Ctx, u: &Spanned<String>) -> Option<f64> {
    match u.get_ref().as_str() {
        "s" | "seconds" => Some(1.0),
        "min" | "minutes" => Some(60.0),
        "ms" | "milliseconds" => Some(0.001),
        other => {
            ctx.bad_choice(
                "duration_unit",
                other,
                u.span(),
                &["seconds", "minutes", "milliseconds"],
            );
            None
        }
    }
}

fn drop_rule(ctx: &mut Ctx, r: &Spanned<DropDef>) -> Option<DropRule> {
    let d = r.get_ref();
    let Some(column) = d.column.clone() else {
        ctx.error(
            "missing-key",
            r.span(),
            "a drop rule has no `column`".into(),
            "drop = [{ column = \"Status\", keep = [\"IP Address\"], reason = \"preview\" }]",
        );
        return None;
    };
    let keys = |v: &Option<Vec<String>>| -> Vec<String> {
        v.iter().flatten().map(|x| match_key(x)).collect()
    };
    if d.keep.is_none() && d.values.is_none() {
        ctx.error(
            "missing-key",
            r.span(),
            format!("the drop rule on column {column:?} has neither `keep` nor `values`"),
            "values = [...] drops rows holding these values; keep = [...] drops rows holding anything else",
        );
        return None;
    }
    Some(DropRule {
        column,
        keep: keys(&d.keep),
        values: keys(&d.values),
        reason: d.reason.clone().unwrap_or_else(|| "dropped".into()),
    })
}

fn loop_platforms(ctx: &mut Ctx, sd: &SourceDef, platforms: &[Platform]) -> Vec<(u32, PlatformIx)> {
    let mut out = Vec::new();
    for (n, id) in &sd.loop_platforms {
        let Ok(num) = n.trim().parse::<u32>() else {
            ctx.error(
                "invalid-value",
                id.span(),
                format!("loop_platforms key {n:?} is not a loop number"),
                "loop_platforms = { 1 = \"taobao\", 2 = \"tmall\" }: the recode of each looped choice",
            );
            continue;
        };
        match platforms.iter().position(|p| &p.id == id.get_ref()) {
            Some(p) => out.push((num, p)),
            None => ctx.dangling(
                "platform",
                id.get_ref(),
                id.span(),
                platforms.iter().map(|p| p.id.as_str()),
            ),
        }
    }
    out
}
