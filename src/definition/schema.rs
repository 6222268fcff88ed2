//! The definition's JSON Schema, derived from the serde types of `model.rs` (so it can never
//! disagree with what is parsed), and the unknown-key check that reads its property lists:
//! every unknown key of the spanned TOML tree, with its position and the closest known key.
//! serde alone would stop at the first unknown key (deny_unknown_fields) or silently ignore
//! them all.

use super::model::DefinitionFile;
use crate::diagnostics::{Code, Diagnostic, Location};
use crate::text::did_you_mean;
use serde_json::Value;
use std::sync::OnceLock;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// The JSON Schema (draft-07, which taplo and Even Better TOML read) of a definition file:
/// every table closed (`additionalProperties: false`), every key with its type and, where the
/// model documents it, its description.
pub fn json_schema() -> Value {
    let generator = schemars::generate::SchemaSettings::draft07()
        .for_deserialize()
        .into_generator();
    let mut schema = generator
        .into_root_schema_for::<DefinitionFile>()
        .to_value();
    close_tables(&mut schema);
    // schemars' root schema of a struct is always an object.
    if let Some(root) = schema.as_object_mut() {
        root.insert(
            "title".into(),
            "qbpc-index index definition (format 1)".into(),
        );
        root.insert(
            "description".into(),
            "The TOML index definition of qbpc-index (`qbpc-index schema definition`); see \
             index-definition.md."
                .into(),
        );
    }
    schema
}

/// Every object with named properties and no rule for other keys is a struct of the model:
/// no other key is allowed (a map with free keys has `additionalProperties` already).
pub fn close_tables(schema: &mut Value) {
    match schema {
        Value::Object(map) => {
            if map.contains_key("properties") && !map.contains_key("additionalProperties") {
                map.insert("additionalProperties".into(), Value::Bool(false));
            }
            map.values_mut().for_each(close_tables);
        }
        Value::Array(items) => items.iter_mut().for_each(close_tables),
        _ => {}
    }
}

fn cached() -> &'static Value {
    static SCHEMA: OnceLock<Value> = OnceLock::new();
    SCHEMA.get_or_init(json_schema)
}

/// Every unknown key of the document, in document order.
pub fn unknown_keys(root: &DeTable<'_>, file: &str, text: &str) -> Vec<Diagnostic> {
    let schema = cached();
    let walk = Walk { schema, file, text };
    let mut out = Vec::new();
    walk.table(root, schema, "", &mut out);
    out.sort_by_key(|d| (d.location.line, d.location.col));
    out
}

struct Walk<'a> {
    /// The root schema, which holds the `definitions` that `$ref`s point to.
    schema: &'a Value,
    file: &'a str,
    text: &'a str,
}

impl<'a> Walk<'a> {
    /// Follow a `$ref` (`#/definitions/Name`).
    fn resolve(&self, schema: &'a Value) -> &'a Value {
        match schema.get("$ref").and_then(Value::as_str) {
            Some(r) => r
                .strip_prefix('#')
                .and_then(|p| self.schema.pointer(p))
                .unwrap_or(schema),
            None => schema,
        }
    }

    /// The branch of `schema` that describes a value with this keyword (`properties` and
    /// `additionalProperties` for a table, `items` for an array): through `$ref` and the
    /// `anyOf` of options (`null`) and untagged enums (`normalize = "x"` or a table).
    fn branch(&self, schema: &'a Value, keywords: &[&str]) -> Option<&'a Value> {
        let schema = self.resolve(schema);
        if keywords.iter().any(|k| schema.get(*k).is_some()) {
            return Some(schema);
        }
        ["anyOf", "oneOf", "allOf"]
            .iter()
            .filter_map(|k| schema.get(*k).and_then(Value::as_array))
            .flatten()
            .find_map(|b| self.branch(b, keywords))
    }

    fn table(&self, table: &DeTable<'_>, schema: &'a Value, path: &str, out: &mut Vec<Diagnostic>) {
        let Some(shape) = self.branch(schema, &["properties", "additionalProperties"]) else {
            // Wrong types are reported by the typed parse, with their own position.
            return;
        };
        let properties = shape.get("properties").and_then(Value::as_object);
        for (key, value) in table.iter() {
            let name: &str = key.get_ref();
            if let Some(sub) = properties.and_then(|p| p.get(name)) {
                self.value(value, sub, &join(path, name), out);
                continue;
            }
            match shape.get("additionalProperties") {
                Some(Value::Bool(false)) => {
                    let known: Vec<&str> = properties
                        .map(|p| p.keys().map(String::as_str).collect())
                        .unwrap_or_default();
                    out.push(self.unknown(name, key.span().start, path, &known));
                }
                Some(entry @ Value::Object(_)) => {
                    self.value(value, entry, &join(path, name), out);
                }
                _ => {}
            }
        }
    }

    fn value(
        &self,
        value: &Spanned<DeValue<'_>>,
        schema: &'a Value,
        path: &str,
        out: &mut Vec<Diagnostic>,
    ) {
        match value.get_ref() {
            DeValue::Table(t) => self.table(t, schema, path, out),
            DeValue::Array(a) => {
                let Some(items) = self.branch(schema, &["items"]).and_then(|s| s.get("items"))
                else {
                    return;
                };
                for (i, v) in a.iter().enumerate() {
                    self.value(v, items, &format!("{path}[{}]", i + 1), out);
                }
            }
            _ => {}
        }
    }

    fn unknown(&self, name: &str, offset: usize, path: &str, known: &[&str]) -> Diagnostic {
        let d = Diagnostic::error(
            Code::UnknownKey,
            format!("unknown key `{name}` in {}", describe(path)),
            Location::in_text(self.file, self.text, offset),
        );
        match did_you_mean(name, known.iter().copied()) {
            Some(k) => d.with_hint(format!("did you mean `{k}`?")),
            None => d.with_hint(format!("known keys here: {}", known.join(", "))),
        }
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
