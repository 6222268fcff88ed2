//! Per-source preset values (`header_rows`, `codes`, `drop`, `loop_platforms` ...): checked
//! and resolved into `Source::overrides`. Every preset value can be set here, key by key.

use super::super::context::Ctx;
use super::super::model::{DefinitionFile, DropDef, SourceDef};
use super::*;
use crate::diagnostics::Code;
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
        delimiter: sd.delimiter.as_ref().and_then(|d| delimiter(ctx, d)),
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
        utc_offset_s: sd
            .timezone
            .as_ref()
            .and_then(|t| super::screening::utc_offset(ctx, t)),
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
                    Code::InvalidValue,
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
                Code::InvalidValue,
                h.span(),
                format!("header_rows = {n} is out of range"),
                "the number of header rows above the first data row: 1 to 20",
            );
            None
        }
    }
}

/// `delimiter`: a name or one ASCII character; None for "auto" (or a finding).
fn delimiter(ctx: &mut Ctx, d: &Spanned<String>) -> Option<u8> {
    let value = d.get_ref().as_str();
    let named = match value.to_ascii_lowercase().as_str() {
        "auto" => return None,
        "comma" => Some(b','),
        "tab" | "\\t" => Some(b'\t'),
        "semicolon" => Some(b';'),
        "pipe" => Some(b'|'),
        _ => None,
    };
    let single = match value.as_bytes() {
        [b] if b.is_ascii() && !b.is_ascii_alphanumeric() && *b != b'"' => Some(*b),
        _ => None,
    };
    if named.is_none() && single.is_none() {
        ctx.bad_choice(
            "delimiter",
            value,
            d.span(),
            &[
                "auto",
                "comma",
                "tab",
                "semicolon",
                "pipe",
                "one character such as \"|\"",
            ],
        );
    }
    named.or(single)
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
                Code::InvalidValue,
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
            Code::MissingKey,
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
            Code::MissingKey,
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
                Code::InvalidValue,
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

#[cfg(test)]
mod tests {
    use crate::definition::{DEFAULT_TOML, check_str};

    /// The embedded definition with more keys on its survey source (replacing its own
    /// `loop_platforms`).
    fn with_keys(keys: &str) -> crate::definition::Checked {
        let mut text = DEFAULT_TOML.replace(
            "platforms_question = 3\n",
            &format!("platforms_question = 3\n{keys}\n"),
        );
        if keys.contains("loop_platforms") {
            let start = text
                .find("loop_platforms = { 1 =")
                .expect("default loop_platforms");
            let end = start + text[start..].find('\n').expect("line end");
            text.replace_range(start..=end, "");
        }
        check_str(&text, "d.toml", None)
    }

    #[test]
    fn preset_values_resolve() {
        let c = with_keys(
            "header_rows = 2\nencoding = \"gbk\"\nskip_codes = [-3, \"x\"]\ndate_order = \"dmy\"\nduration_unit = \"minutes\"\ncodes = { agree5 = { 0 = \"非常不同意\" } }\ndrop = [{ column = \"Status\", keep = [\"IP Address\"], reason = \"preview\" }]\ntitle_platform = [\"[\", \"]\"]\nsub_labels = { SQ001 = \"taobao\" }",
        );
        let errors: Vec<String> = c.errors().map(|d| d.to_string()).collect();
        assert!(errors.is_empty(), "{errors:#?}");
        let m = c.model.expect("model");
        let o = &m.sources[m.source_ix("survey").expect("survey")].overrides;
        assert_eq!(o.header_rows, Some(2));
        assert_eq!(o.encoding.as_deref(), Some("gbk"));
        assert_eq!(o.skip_codes, Some(vec!["-3".to_string(), "x".to_string()]));
        assert_eq!(o.date_order.as_deref(), Some("dmy"));
        assert_eq!(o.duration_unit, Some(60.0));
        assert_eq!(
            o.codes[0].1,
            vec![("0".to_string(), "非常不同意".to_string())]
        );
        let drop = o.drop.as_ref().expect("drop");
        assert_eq!(
            (drop[0].keep.clone(), drop[0].reason.as_str()),
            (vec!["ip address".to_string()], "preview")
        );
        assert_eq!(o.title_platform, Some(("[".into(), "]".into())));
        assert_eq!(
            o.sub_labels.get("sq001").map(String::as_str),
            Some("taobao")
        );
        assert_eq!(o.platforms_question, Some(3));
        assert_eq!(o.loop_platforms.len(), 10);
    }

    #[test]
    fn each_bad_value_is_a_located_finding() {
        let c = with_keys(
            "header_rows = 0\nencoding = \"latin-9x\"\ndate_order = \"myd\"\nduration_unit = \"hours\"\ncodes = { agree6 = { 1 = \"x\" } }\ndrop = [{ reason = \"x\" }, { column = \"Status\" }]\nloop_platforms = { 11 = \"tmal\", x = \"jd\" }\ntitle_platform = [\"【\"]",
        );
        let errors: Vec<String> = c.errors().map(|d| d.to_string()).collect();
        assert_eq!(errors.len(), 10, "{errors:#?}");
        for want in [
            "header_rows = 0",
            "latin-9x",
            "myd",
            "hours",
            "agree6",
            "has no `column`",
            "neither `keep` nor `values`",
            "tmal",
            "\"x\" is not a loop number",
            "title_platform needs two",
        ] {
            assert!(
                errors.iter().any(|e| e.contains(want)),
                "{want}: {errors:#?}"
            );
        }
        assert!(errors.iter().all(|e| e.contains("d.toml:")), "{errors:#?}");
    }
}
