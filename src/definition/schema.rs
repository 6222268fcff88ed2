//! Unknown-key check: walks the spanned TOML tree and reports every key the definition format
//! does not know, with its position and the closest known key. serde alone would stop at the
//! first unknown key (deny_unknown_fields) or silently ignore them all.

use crate::diagnostics::{Diagnostic, Location};
use crate::text::did_you_mean;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// What the keys of a table may be.
#[derive(Clone, Copy)]
enum Shape {
    /// A table with these keys; the `Shape` of each key's value.
    Fields(&'static [(&'static str, Shape)]),
    /// A table whose keys are ids, each entry of the given shape.
    Entries(&'static Shape),
    /// An array of tables of the given shape.
    Array(&'static Shape),
    /// Anything (free maps such as aliases, or scalars).
    Any,
}

use Shape::{Any, Array, Entries, Fields};

const INDEX: Shape = Fields(&[
    ("id", Any),
    ("name", Any),
    ("name_zh", Any),
    ("edition", Any),
]);
const QUALITY: Shape = Fields(&[
    ("dedupe", Any),
    ("submitted_at", Any),
    ("duration", Any),
    ("min_duration_s", Any),
    ("min_duration_ratio", Any),
    ("max_duplicate_share", Any),
    ("max_cell_chars", Any),
    ("timezone", Any),
    ("straightline", Any),
    ("straightline_share", Any),
    ("straightline_min_answers", Any),
]);
const RESPONDENTS: Shape = Fields(&[("roster", Any), ("match", Any)]);
const AGGREGATION: Shape = Fields(&[
    ("order", Any),
    ("respondents", Any),
    ("method", Any),
    ("min_respondents", Any),
    ("min_coverage", Any),
    ("min_children", Any),
    ("renormalise", Any),
    ("decimals", Any),
    ("rank_ties", Any),
    ("rank_on", Any),
]);
const GROUP: Shape = Fields(&[("name", Any), ("name_zh", Any)]);
const PLATFORM: Shape = Fields(&[
    ("name", Any),
    ("name_zh", Any),
    ("aliases", Any),
    ("group", Any),
]);
const SCALE: Shape = Fields(&[
    ("kind", Any),
    ("labels", Any),
    ("scores", Any),
    ("aliases", Any),
    ("na", Any),
    ("best", Any),
    ("worst", Any),
    ("units", Any),
    ("approx", Any),
    ("min", Any),
    ("max", Any),
    ("normalize", Any),
    ("better", Any),
    ("impute", Any),
    ("treat", Any),
    ("options", Any),
    ("full", Any),
    ("other", Any),
]);
const NODE: Shape = Fields(&[
    ("name", Any),
    ("name_zh", Any),
    ("weight", Any),
    ("method", Any),
    ("dimension", Any),
    ("parent", Any),
    ("in_index", Any),
    ("min_coverage", Any),
    ("previous", Any),
    ("min_children", Any),
    ("renormalise", Any),
]);
const ITEM: Shape = Fields(&[
    ("indicator", Any),
    ("dimension", Any),
    ("scale", Any),
    ("reverse", Any),
    ("weight", Any),
    ("source", Any),
    ("question", Any),
    ("column", Any),
    ("headers", Any),
    ("column_shared", Any),
    ("text", Any),
    ("text_en", Any),
    ("previous", Any),
    ("value", Any),
    ("when", WHEN),
]);
const WHEN: Shape = Fields(&[("column", Any), ("in", Any)]);
const SOURCE: Shape = Fields(&[
    ("id", Any),
    ("kind", Any),
    ("preset", Any),
    ("layout", Any),
    ("path", Any),
    ("sheet", Any),
    ("respondent", Any),
    ("platform", Any),
    ("weight", Any),
    ("identifying", Any),
    ("submitted_at", Any),
    ("duration", Any),
    ("skip", Any),
    ("empty", Any),
    ("multi_sep", Any),
    ("columns", Any),
    ("header_rows", Any),
    ("encoding", Any),
    ("delimiter", Any),
    ("skip_codes", Any),
    ("empty_codes", Any),
    ("codes", Any),
    ("other_suffix", Any),
    ("other_brackets", Any),
    ("letter_prefix", Any),
    ("started_at", Any),
    ("date_order", Any),
    ("timezone", Any),
    ("duration_unit", Any),
    ("drop", Array(&DROP)),
    ("loop_platforms", Any),
    ("title_platform", Any),
    ("platforms_question", Any),
    ("sub_labels", Any),
    ("repeat_sheet", Any),
]);
const DROP: Shape = Fields(&[
    ("column", Any),
    ("keep", Any),
    ("values", Any),
    ("reason", Any),
]);
const TOP: Shape = Fields(&[
    ("format", Any),
    ("platform_list", Any),
    ("index", INDEX),
    ("quality", QUALITY),
    ("aggregation", AGGREGATION),
    ("groups", Entries(&GROUP)),
    ("platforms", Entries(&PLATFORM)),
    ("scales", Entries(&SCALE)),
    ("dimensions", Entries(&NODE)),
    ("indicators", Entries(&NODE)),
    ("items", Entries(&ITEM)),
    ("sources", Array(&SOURCE)),
    ("respondents", RESPONDENTS),
]);

/// Every unknown key of the document, in document order.
pub fn unknown_keys(root: &DeTable<'_>, file: &str, text: &str) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    walk_table(root, &TOP, "", file, text, &mut out);
    out.sort_by_key(|d| (d.location.line, d.location.col));
    out
}

fn walk_table(
    table: &DeTable<'_>,
    shape: &Shape,
    path: &str,
    file: &str,
    text: &str,
    out: &mut Vec<Diagnostic>,
) {
    match shape {
        Fields(fields) => {
            for (key, value) in table.iter() {
                let name: &str = key.get_ref();
                match fields.iter().find(|(k, _)| *k == name) {
                    Some((_, sub)) => walk_value(value, sub, &join(path, name), file, text, out),
                    None => {
                        let mut d = Diagnostic::error(
                            "unknown-key",
                            format!("unknown key `{name}` in {}", describe(path)),
                            Location::in_text(file, text, key.span().start),
                        );
                        let known = fields.iter().map(|(k, _)| *k);
                        d = match did_you_mean(name, known) {
                            Some(k) => d.with_hint(format!("did you mean `{k}`?")),
                            None => d.with_hint(format!(
                                "known keys here: {}",
                                fields
                                    .iter()
                                    .map(|(k, _)| *k)
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            )),
                        };
                        out.push(d);
                    }
                }
            }
        }
        Entries(entry) => {
            for (key, value) in table.iter() {
                walk_value(value, entry, &join(path, key.get_ref()), file, text, out);
            }
        }
        Array(_) | Any => {}
    }
}

fn walk_value(
    value: &Spanned<DeValue<'_>>,
    shape: &Shape,
    path: &str,
    file: &str,
    text: &str,
    out: &mut Vec<Diagnostic>,
) {
    match (value.get_ref(), shape) {
        (DeValue::Table(t), Fields(_) | Entries(_)) => walk_table(t, shape, path, file, text, out),
        (DeValue::Array(a), Array(elem)) => {
            for (i, v) in a.iter().enumerate() {
                walk_value(v, elem, &format!("{path}[{}]", i + 1), file, text, out);
            }
        }
        // Wrong types are reported by the typed parse, with their own position.
        _ => {}
    }
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

fn describe(path: &str) -> String {
    if path.is_empty() {
        "the top level".to_string()
    } else {
        format!("[{path}]")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str) -> Vec<String> {
        let root = DeTable::parse(text).expect("valid toml");
        unknown_keys(root.get_ref(), "d.toml", text)
            .into_iter()
            .map(|d| d.to_string())
            .collect()
    }

    #[test]
    fn reports_each_unknown_key_with_position_and_hint() {
        let found = check(
            "format = 1\nfromat = 2\n[items.a]\nscale = \"x\"\nweigth = 2\n[[sources]]\nkind = \"survey\"\npresett = \"tidy\"\n",
        );
        assert_eq!(found.len(), 3, "{found:#?}");
        assert!(found[0].contains("d.toml:2:1") && found[0].contains("`fromat`"));
        assert!(found[1].contains("d.toml:5:1") && found[1].contains("did you mean `weight`"));
        assert!(found[2].contains("d.toml:8:1") && found[2].contains("[sources[1]]"));
    }

    #[test]
    fn free_maps_accept_any_key() {
        assert!(
            check("[scales.a]\nkind = \"ordinal\"\naliases = { \"Yes\" = \"是\" }\n").is_empty()
        );
    }
}
