//! Which item (and platform, or option) each column of a named export holds.

use super::choices::{Groups, option_label, strip_letter};
use super::diag::Diags;
use super::named_headers::NamedCol;
use super::settings::Settings;
use super::table::Table;
use crate::definition::{ItemIx, Model, PlatformIx, ScaleKind};
use crate::diagnostics::{Code, Diagnostic};
use crate::text::match_key;
use std::collections::HashMap;

/// match key -> item: the items' wording first, then their column names and the source's
/// `columns`, which win.
#[allow(
    clippy::indexing_slicing,
    reason = "Model cross-references (`si` is a position in model.sources) are checked when the definition is compiled"
)]
pub(super) fn item_names(model: &Model, si: usize) -> ItemNames {
    let mut map: ItemNames = HashMap::new();
    for (ix, it) in model.items_of_source(si) {
        for t in [&it.text, &it.text_en].into_iter().flatten() {
            map.insert(match_key(t), vec![ix]);
        }
    }
    // Column names over wording; every item of a shared column (`column_shared = true`).
    let mut by_column: ItemNames = HashMap::new();
    for (ix, it) in model.items_of_source(si) {
        for k in &it.columns {
            let items = by_column.entry(k.clone()).or_default();
            if !items.contains(&ix) {
                items.push(ix);
            }
        }
    }
    map.extend(by_column);
    map.extend(
        model.sources[si]
            .columns
            .iter()
            .map(|(k, &ix)| (k.clone(), vec![ix])),
    );
    map
}

/// match key -> the items a column of that name holds.
pub(super) type ItemNames = HashMap<String, Vec<ItemIx>>;

/// (field name, platform) -> the group of that column, to attach "other" text columns.
type ByField = HashMap<(String, Option<PlatformIx>), (ItemIx, Option<PlatformIx>)>;

pub(super) struct Mapping {
    pub groups: Groups,
    /// Per column: whether it holds an answer.
    pub used: Vec<bool>,
}

impl Mapping {
    fn mark_used(&mut self, c: usize) {
        if let Some(u) = self.used.get_mut(c) {
            *u = true;
        }
    }
}

pub(super) fn map_columns(
    model: &Model,
    settings: &Settings,
    table: &Table,
    cols: &[NamedCol],
    items: &ItemNames,
    diags: &mut Diags,
) -> Mapping {
    let mut mapper = Mapper {
        model,
        settings,
        table,
        m: Mapping {
            groups: Groups::default(),
            used: vec![false; cols.len()],
        },
        by_field: HashMap::new(),
    };
    for (c, col) in cols.iter().enumerate() {
        let metadata = col
            .names
            .first()
            .is_none_or(|n| settings.metadata.contains(n));
        if !metadata {
            mapper.map(c, col, items, diags);
        }
    }
    let Mapper {
        mut m, by_field, ..
    } = mapper;
    attach_other_text(settings, cols, &by_field, &mut m);
    m
}

struct Mapper<'a> {
    model: &'a Model,
    settings: &'a Settings,
    table: &'a Table,
    m: Mapping,
    by_field: ByField,
}

impl Mapper<'_> {
    fn map(&mut self, c: usize, col: &NamedCol, items: &ItemNames, diags: &mut Diags) {
        let platform = match col.loop_no {
            None => None,
            Some(n) => match self.settings.loop_platforms.get(&n) {
                Some(&p) => Some(p),
                None => return diags.push(unknown_loop(self.table, c, n)),
            },
        };
        if let Some(found) = col.names.iter().find_map(|n| items.get(n)) {
            for &item in found {
                self.by_field
                    .entry((col.names.first().cloned().unwrap_or_default(), platform))
                    .or_insert((item, platform));
                self.value(c, item, platform, diags);
            }
        } else if let (Some(stem), Some(sub)) = (&col.stem, &col.sub)
            && let Some(found) = items.get(stem)
        {
            for &item in found {
                self.with_sub(c, item, platform, sub, diags);
            }
        }
    }

    /// A column holding a whole answer.
    fn value(&mut self, c: usize, item: ItemIx, platform: Option<PlatformIx>, diags: &mut Diags) {
        self.m.mark_used(c);
        let g = self.m.groups.entry(item, platform);
        if g.value.is_none() && g.options.is_empty() {
            g.value = Some(c);
        } else {
            diags.push(duplicate(self.model, self.table, c, item));
        }
    }

    /// A column whose sub-label is an option of a multi-select item, or the platform of a grid.
    fn with_sub(
        &mut self,
        c: usize,
        item: ItemIx,
        platform: Option<PlatformIx>,
        sub: &str,
        diags: &mut Diags,
    ) {
        let sub = self.settings.sub_label(sub);
        let model = self.model;
        let multi = match model
            .items
            .get(item)
            .and_then(|it| model.scales.get(it.scale))
            .map(|s| &s.kind)
        {
            Some(ScaleKind::Multi(mm)) => Some(mm),
            _ => None,
        };
        let label = option_label(sub);
        let known_option = multi.is_some_and(|mm| mm.lookup.contains_key(&match_key(&label)));
        let sub_platform = self.model.platform_by_label(strip_letter(sub));
        match (known_option, sub_platform) {
            (false, Some(p)) if platform.is_none() => self.value(c, item, Some(p), diags),
            _ if multi.is_some() => {
                self.m.mark_used(c);
                self.m.groups.entry(item, platform).options.push((c, label));
            }
            _ => diags.push(unknown_sub(self.table, c, sub)),
        }
    }
}

/// `Q5_7_TEXT` / `q8_other`: the fill-in text of the multi-select `Q5` / `q8`.
fn attach_other_text(settings: &Settings, cols: &[NamedCol], by_field: &ByField, m: &mut Mapping) {
    let Some(suffix) = settings.other_suffix.as_deref() else {
        return;
    };
    for (c, col) in cols.iter().enumerate() {
        let Some(base) = col.names.first().and_then(|n| n.strip_suffix(suffix)) else {
            continue;
        };
        if m.used.get(c).copied().unwrap_or(true) {
            continue;
        }
        let platform = col
            .loop_no
            .and_then(|n| settings.loop_platforms.get(&n).copied());
        let without_choice = base
            .rsplit_once('_')
            .filter(|(_, k)| !k.is_empty() && k.bytes().all(|b| b.is_ascii_digit()))
            .map(|(b, _)| b);
        let target = [Some(base), without_choice]
            .into_iter()
            .flatten()
            .find_map(|b| by_field.get(&(b.to_string(), platform)));
        if let Some(&(item, p)) = target
            && let Some(g) = m.groups.get_mut(item, p)
            && g.other.is_none()
        {
            g.other = Some(c);
            m.mark_used(c);
        }
    }
}

fn unknown_loop(table: &Table, col: usize, n: u32) -> Diagnostic {
    Diagnostic::warning(
        Code::UnknownPlatform,
        format!(
            "column {:?} belongs to loop {n}, which `loop_platforms` does not map to a platform; its answers are not read",
            table.headers.get(col).map_or("", String::as_str)
        ),
        table.header_loc(col),
    )
    .with_hint(format!("add {n} = \"<platform id>\" to `loop_platforms` in the source: the recode of the looped choice, not the loop order"))
}

fn unknown_sub(table: &Table, col: usize, sub: &str) -> Diagnostic {
    Diagnostic::warning(
        Code::UnknownPlatform,
        format!(
            "column {:?}: {sub:?} is no platform of the definition; its answers are not read",
            table.headers.get(col).map_or("", String::as_str)
        ),
        table.header_loc(col),
    )
    .with_hint(format!("add {sub:?} to the `aliases` of its platform, or map it with `sub_labels = {{ {sub:?} = \"<platform id>\" }}` in the source"))
}

fn duplicate(model: &Model, table: &Table, col: usize, item: ItemIx) -> Diagnostic {
    Diagnostic::warning(
        Code::DuplicateColumn,
        format!(
            "column {:?} holds item \"{}\" a second time; only the first such column is read",
            table.headers.get(col).map_or("", String::as_str),
            model.items.get(item).map_or("", |it| it.id.as_str())
        ),
        table.header_loc(col),
    )
    .with_hint("remove one of the two columns, or map them in the source's `columns`")
}
