//! `platform_list = "platforms.csv"`: many platforms from a CSV file with the columns
//! id, name, name_zh, group, aliases ("|"-separated), besides any `[platforms.*]` tables.

// Indexing is in range here: `index` maps ids to positions pushed into `out` in the same loop.
#![allow(clippy::indexing_slicing)]

use super::context::Ctx;
use super::resolved::{Group, Platform};
use crate::diagnostics::{Code, Diagnostic, Location};
use std::ops::Range;
use std::path::Path;
use toml::Spanned;

pub(crate) fn merge(
    ctx: &mut Ctx,
    list: &Spanned<String>,
    base_dir: Option<&Path>,
    groups: &[Group],
    out: &mut Vec<Platform>,
    spans: &mut Vec<Range<usize>>,
) {
    let path = match base_dir {
        Some(b) => b.join(list.get_ref()),
        None => Path::new(list.get_ref()).to_path_buf(),
    };
    let shown = path.display().to_string();
    let mut reader = match csv::ReaderBuilder::new().flexible(true).from_path(&path) {
        Ok(r) => r,
        Err(e) => {
            ctx.error(
                Code::MissingFile,
                list.span(),
                format!("cannot read platform list {shown}: {e}"),
                "the path is relative to the definition file",
            );
            return;
        }
    };
    let headers: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(crate::text::match_key).collect(),
        Err(e) => {
            ctx.error(Code::InvalidFile, list.span(), format!("{shown}: {e}"), "");
            return;
        }
    };
    let col = |name: &str| headers.iter().position(|h| h == name);
    let Some(id_col) = col("id") else {
        ctx.error(
            Code::InvalidFile,
            list.span(),
            format!("platform list {shown} has no `id` column"),
            "columns: id, name, name_zh, group, aliases",
        );
        return;
    };
    let (name_col, zh_col, group_col, alias_col) =
        (col("name"), col("name_zh"), col("group"), col("aliases"));
    let mut index: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for (i, rec) in reader.records().enumerate() {
        let row = i + 2;
        let rec = match rec {
            Ok(r) => r,
            Err(e) => {
                ctx.diags.push(Diagnostic::error(
                    Code::InvalidFile,
                    format!("{e}"),
                    Location {
                        row: Some(row),
                        ..Location::file(shown.clone())
                    },
                ));
                continue;
            }
        };
        let get = |c: Option<usize>| {
            c.and_then(|c| rec.get(c))
                .map(|s| crate::text::trim(s).to_string())
                .filter(|s| !s.is_empty())
        };
        let Some(id) = get(Some(id_col)) else {
            continue;
        };
        let group = get(group_col).and_then(|g| {
            let found = groups.iter().position(|x| x.id == g);
            if found.is_none() {
                ctx.diags.push(
                    Diagnostic::error(
                        Code::UnknownReference,
                        format!("platform \"{id}\": unknown group \"{g}\""),
                        Location {
                            row: Some(row),
                            column: Some("group".into()),
                            ..Location::file(shown.clone())
                        },
                    )
                    .with_hint("groups are defined with [groups.<id>] in the definition"),
                );
            }
            found
        });
        let aliases: Vec<String> = get(alias_col)
            .map(|a| {
                a.split('|')
                    .map(|s| crate::text::trim(s).to_string())
                    .filter(|s| !s.is_empty())
                    .collect()
            })
            .unwrap_or_default();
        // An index of the ids, so that a list of 10,000 platforms merges in linear time.
        if index.len() != out.len() {
            index = out
                .iter()
                .enumerate()
                .map(|(i, p)| (p.id.clone(), i))
                .collect();
        }
        if let Some(existing) = index.get(&id).map(|&i| &mut out[i]) {
            if existing.group.is_some() && group.is_some() && existing.group != group {
                ctx.error(
                    Code::PlatformTwoGroups,
                    list.span(),
                    format!(
                        "platform \"{id}\" is in two groups (definition and {shown} row {row})"
                    ),
                    "a platform belongs to one business-model group",
                );
            }
            existing.aliases.extend(aliases);
            if existing.group.is_none() {
                existing.group = group;
            }
            continue;
        }
        index.insert(id.clone(), out.len());
        out.push(Platform {
            name: get(name_col).unwrap_or_else(|| id.clone()),
            name_zh: get(zh_col),
            id,
            group,
            aliases,
        });
        spans.push(list.span());
    }
}
