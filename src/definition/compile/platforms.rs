//! Platforms and their lookup table (ids, names and aliases by matching key).

// Indexing is in range here: `i`, `j` come from the id→position map built over the same
// `spans`/`out`.
#![allow(clippy::indexing_slicing)]

use super::super::context::Ctx;
use super::super::model::DefinitionFile;
use super::super::platform_list;
use super::super::resolved::*;
use super::*;
use crate::diagnostics::Code;
use crate::text::match_key;
use std::collections::HashMap;
use std::path::Path;

pub(super) fn platforms(
    ctx: &mut Ctx,
    def: &DefinitionFile,
    groups: &[Group],
    base_dir: Option<&Path>,
) -> (Vec<Platform>, HashMap<String, PlatformIx>) {
    let mut out: Vec<Platform> = Vec::new();
    let mut spans: Vec<std::ops::Range<usize>> = Vec::new();
    for (id, p) in &def.platforms {
        let pd = p.get_ref();
        let group = pd.group.as_ref().and_then(|g| {
            let found = groups.iter().position(|x| &x.id == g.get_ref());
            if found.is_none() {
                ctx.dangling(
                    "group",
                    g.get_ref(),
                    g.span(),
                    groups.iter().map(|x| x.id.as_str()),
                );
            }
            found
        });
        out.push(Platform {
            id: id.clone(),
            name: pd.name.clone().unwrap_or_else(|| id.clone()),
            name_zh: pd.name_zh.clone(),
            group,
            aliases: pd.aliases.iter().map(|a| a.get_ref().clone()).collect(),
        });
        spans.push(p.span());
    }
    if let Some(list) = &def.platform_list {
        platform_list::merge(ctx, list, base_dir, groups, &mut out, &mut spans);
    }
    let mut lookup: HashMap<String, PlatformIx> = HashMap::new();
    for (i, p) in out.iter().enumerate() {
        let mut names = vec![p.id.clone(), p.name.clone()];
        names.extend(p.name_zh.clone());
        names.extend(p.aliases.iter().cloned());
        for n in names {
            let key = match_key(&n);
            if key.is_empty() {
                continue;
            }
            match lookup.get(&key) {
                Some(&j) if j != i => ctx.error(
                    Code::DuplicateAlias,
                    spans[i].clone(),
                    format!(
                        "\"{n}\" names both platform \"{}\" and platform \"{}\"",
                        out[j].id, p.id
                    ),
                    "platform names and aliases must be distinct after NFKC, trimming and case-folding",
                ),
                _ => {
                    lookup.insert(key, i);
                }
            }
        }
    }
    (out, lookup)
}
