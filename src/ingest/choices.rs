//! One answer from the columns that hold it: a single cell, or one column per option of a
//! multi-select (0/1, `Y`, the option text, or a fill-in text in the "other" column), plus an
//! "other, please specify" text column. Presets' cell conventions live here: markers, letter
//! prefixes (`A.`), option codes of index exports.

use super::RawValue;
use super::settings::Settings;
use super::table::{CellRef, Row};
use super::values;
use crate::definition::{ItemIx, Model, Multi, PlatformIx, Scale, ScaleKind};
use crate::text::{match_key, trim};
use std::collections::HashMap;

/// The columns of one item for one platform (None: the row's platform, in long layouts).
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Group {
    pub item: ItemIx,
    pub platform: Option<PlatformIx>,
    /// The column holding the whole answer.
    pub value: Option<usize>,
    /// One column per option: (column, option label).
    pub options: Vec<(usize, String)>,
    /// The column holding the fill-in text of "other".
    pub other: Option<usize>,
}

impl Group {
    pub fn new(item: ItemIx, platform: Option<PlatformIx>) -> Group {
        Group {
            item,
            platform,
            value: None,
            options: Vec::new(),
            other: None,
        }
    }

    /// The column a finding about this answer points at.
    pub fn first_col(&self) -> usize {
        self.value
            .or(self.options.first().map(|o| o.0))
            .or(self.other)
            .unwrap_or(0)
    }
}

/// Groups by (item, platform) in column order.
#[derive(Debug, Default)]
pub(super) struct Groups {
    pub list: Vec<Group>,
    index: HashMap<(ItemIx, Option<PlatformIx>), usize>,
}

impl Groups {
    #[allow(
        clippy::indexing_slicing,
        reason = "`index` holds only positions of `list` (each pushed with its entry)"
    )]
    pub fn entry(&mut self, item: ItemIx, platform: Option<PlatformIx>) -> &mut Group {
        let n = self.list.len();
        let i = *self.index.entry((item, platform)).or_insert(n);
        if i == n {
            self.list.push(Group::new(item, platform));
        }
        &mut self.list[i]
    }

    pub fn get_mut(&mut self, item: ItemIx, platform: Option<PlatformIx>) -> Option<&mut Group> {
        let i = *self.index.get(&(item, platform))?;
        self.list.get_mut(i)
    }
}

/// Cell texts of an option column that mean "not chosen" / "chosen" (match keys).
const NOT_CHOSEN: [&str; 6] = ["0", "n", "no", "false", "未选", "未选中"];
const CHOSEN: [&str; 8] = ["1", "y", "yes", "true", "√", "✓", "选中", "checked"];

pub(super) struct CellReader<'a> {
    model: &'a Model,
    settings: &'a Settings,
    brackets: (char, char),
}

impl<'a> CellReader<'a> {
    pub fn new(model: &'a Model, settings: &'a Settings) -> Self {
        let first = |s: &str, d: char| s.chars().next().unwrap_or(d);
        let (o, c) = &settings.other_brackets;
        CellReader {
            model,
            settings,
            brackets: (first(o, '〖'), first(c, '〗')),
        }
    }

    fn multi(&self, item: ItemIx) -> Option<&'a Multi> {
        match &self.scale(item)?.kind {
            ScaleKind::Multi(m) => Some(m),
            _ => None,
        }
    }

    fn scale(&self, item: ItemIx) -> Option<&'a Scale> {
        let model = self.model;
        model.scales.get(model.items.get(item)?.scale)
    }

    /// The answer held by the group's columns in one row.
    pub fn read(&self, row: Row<'_>, g: &Group) -> RawValue {
        let mut v = match g.value {
            Some(c) => self.single(row.get(c), g.item),
            None if g.options.is_empty() => RawValue::Blank,
            None => self.options(row, g),
        };
        if let Some(text) = g.other.map(|c| row.get(c)).and_then(|c| self.fill_in(c)) {
            match &mut v {
                // The fill-in column says it best (腾讯问卷's option cell only repeats `其他___`).
                RawValue::Choices { other_text, .. } => *other_text = Some(text),
                RawValue::Blank | RawValue::Unanswered => {
                    v = RawValue::Choices {
                        chosen: Vec::new(),
                        other_text: Some(text),
                    }
                }
                _ => {}
            }
        }
        v
    }

    /// A whole answer in one cell.
    fn single(&self, cell: CellRef<'_>, item: ItemIx) -> RawValue {
        if let Some(m) = self.settings.markers.marker(cell) {
            return m;
        }
        let Some(scale_ix) = self.model.items.get(item).map(|it| it.scale) else {
            return RawValue::Blank;
        };
        let Some(scale) = self.model.scales.get(scale_ix) else {
            return RawValue::Blank;
        };
        match (&scale.kind, cell) {
            (_, c) if c.is_blank() => RawValue::Blank,
            (ScaleKind::Multi(m), CellRef::Text(s)) => {
                let split = values::split_choices_in(s, &self.settings.multi_sep, self.brackets);
                match split {
                    RawValue::Choices { chosen, other_text } => RawValue::Choices {
                        chosen: self.rejoin(chosen, m),
                        other_text,
                    },
                    other => other,
                }
            }
            (ScaleKind::Ordinal(_), c) => {
                let raw = match c {
                    CellRef::Text(s) if self.settings.letter_prefix => {
                        RawValue::Text(strip_letter(s).to_string())
                    }
                    other => other.to_raw(),
                };
                self.translate(raw, scale_ix)
            }
            (_, c) => c.to_raw(),
        }
    }

    /// Option codes of index exports -> answer text; anything else unchanged.
    fn translate(&self, raw: RawValue, scale: usize) -> RawValue {
        let Some(codes) = self.settings.codes.get(&scale) else {
            return raw;
        };
        let key = match &raw {
            RawValue::Number(x) => super::format_number(*x),
            RawValue::Text(t) => match_key(t),
            _ => return raw,
        };
        codes
            .get(&key)
            .map_or(raw, |label| RawValue::Text(label.clone()))
    }

    /// Split parts put back together where the separator is part of an option label
    /// ("Litigation, notarised evidence" in a comma-joined Qualtrics cell).
    fn rejoin(&self, parts: Vec<String>, m: &Multi) -> Vec<String> {
        let parts: Vec<String> = parts
            .into_iter()
            .map(|p| self.strip(&p).to_string())
            .collect();
        let known = |s: &str| m.lookup.contains_key(&match_key(s));
        let sep = &self.settings.multi_sep;
        let mut out = Vec::new();
        let mut rest: &[String] = &parts;
        while let Some((first, tail)) = rest.split_first() {
            if !known(first) {
                // Glue the following parts on one at a time until the whole is an option.
                let mut joined = first.clone();
                let found = tail.iter().position(|p| {
                    joined = format!("{joined}{sep}{p}");
                    known(&joined)
                });
                if let Some(k) = found {
                    out.push(joined);
                    rest = tail.get(k + 1..).unwrap_or_default();
                    continue;
                }
            }
            out.push(first.clone());
            rest = tail;
        }
        out
    }

    fn strip<'s>(&self, s: &'s str) -> &'s str {
        if self.settings.letter_prefix {
            strip_letter(s)
        } else {
            s
        }
    }

    /// One column per option.
    fn options(&self, row: Row<'_>, g: &Group) -> RawValue {
        let other_code = self.multi(g.item).and_then(|m| m.other.map(|o| (m, o)));
        let is_other = |label: &str| {
            other_code.is_some_and(|(m, o)| m.lookup.get(&match_key(label)) == Some(&o))
        };
        let (mut chosen, mut other_text) = (Vec::new(), None);
        let (mut skipped, mut unanswered) = (false, false);
        for (c, label) in &g.options {
            let cell = row.get(*c);
            match self.settings.markers.marker(cell) {
                Some(RawValue::Skipped) => skipped = true,
                Some(_) => unanswered = true,
                None => match self.option_state(cell) {
                    None => {}
                    Some(text) => {
                        chosen.push(label.clone());
                        let typed =
                            text.filter(|t| match_key(&option_label(t)) != match_key(label));
                        if is_other(label) && other_text.is_none() {
                            other_text = typed;
                        }
                    }
                },
            }
        }
        if !chosen.is_empty() {
            RawValue::Choices { chosen, other_text }
        } else if skipped {
            RawValue::Skipped
        } else if unanswered {
            RawValue::Unanswered
        } else {
            RawValue::Blank
        }
    }

    /// None: not chosen. Some(None): chosen (a flag). Some(Some(text)): chosen, with a text.
    fn option_state(&self, cell: CellRef<'_>) -> Option<Option<String>> {
        match cell {
            c if c.is_blank() => None,
            CellRef::Number(0.0) => None,
            CellRef::Number(_) => Some(None),
            CellRef::Text(s) | CellRef::Date(s) => {
                let text = trim(self.strip(s));
                let key = match_key(text);
                if NOT_CHOSEN.contains(&key.as_str()) {
                    None
                } else if CHOSEN.contains(&key.as_str()) {
                    Some(None)
                } else {
                    Some(Some(text.to_string()))
                }
            }
            CellRef::Blank => None,
        }
    }

    /// The text of an "other" fill-in column (None when blank, a marker, or a 0/1 flag).
    fn fill_in(&self, cell: CellRef<'_>) -> Option<String> {
        if cell.is_blank() || self.settings.markers.marker(cell).is_some() {
            return None;
        }
        match cell {
            CellRef::Text(s) => {
                let key = match_key(s);
                let flag = NOT_CHOSEN.contains(&key.as_str()) || CHOSEN.contains(&key.as_str());
                (!flag).then(|| trim(s).to_string())
            }
            _ => None,
        }
    }
}

/// Wide rows without skip markers (Google Forms grids, Loop & Merge, 腾讯问卷 without a
/// platforms question): a platform whose every cell in the row is empty was not rated, so its
/// cells count as skipped rather than unanswered.
pub(super) fn skip_unrated(cells: &mut [super::RawCell]) {
    let mut answered: HashMap<PlatformIx, bool> = HashMap::new();
    for c in cells.iter() {
        *answered.entry(c.platform).or_default() |= c.value != RawValue::Blank;
    }
    for c in cells.iter_mut() {
        if answered.get(&c.platform) == Some(&false) {
            c.value = RawValue::Skipped;
        }
    }
}

/// `A.选项` / `B．选项` -> `选项`: the letter 腾讯问卷 puts before option texts. One letter only,
/// so that `JD.com` stays whole.
pub(super) fn strip_letter(s: &str) -> &str {
    let t = trim(s);
    let letters = t.bytes().take_while(u8::is_ascii_uppercase).count();
    if letters != 1 {
        return s;
    }
    let rest = &t[letters..];
    match rest.strip_prefix('.').or_else(|| rest.strip_prefix('．')) {
        Some(r) if !trim(r).is_empty() => trim(r),
        _ => s,
    }
}

/// An option label from a header, without fill-in blanks (`其他___` -> `其他`).
pub(super) fn option_label(s: &str) -> String {
    trim(trim(s).trim_end_matches('_')).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letter_prefixes() {
        assert_eq!(strip_letter("A.淘宝"), "淘宝");
        assert_eq!(strip_letter("G.其他___"), "其他___");
        assert_eq!(strip_letter("B．x"), "x");
        assert_eq!(strip_letter("JD.com"), "JD.com");
        assert_eq!(strip_letter("A."), "A.");
        assert_eq!(strip_letter("非常同意"), "非常同意");
    }

    #[test]
    fn option_labels_lose_fill_in_blanks() {
        assert_eq!(option_label("其他___"), "其他");
        assert_eq!(option_label(" ip_portal "), "ip_portal");
    }
}
