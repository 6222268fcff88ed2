//! The JSON Schema of every JSON document the tool writes (`qbpc-index schema results`),
//! derived from the serde types that write them: the results of `score --format json` (with
//! the `definition` key when written with the definition at hand), the comparison of
//! `compare --format json`, the explanation of `explain --format json`, the findings of
//! `validate --format json` and the inspection (or profile) of `inspect --format json`.
//! Versioned by
//! `schema_version` (a `const` in the schema) where the document carries it.

use super::{DefinitionRecord, Results};
use crate::compare::{Comparison, SCHEMA_VERSION};
use crate::diagnostics::Diagnostic;
use crate::explain::Explanation;
use crate::inspect::{Inspection, Profile};
use serde_json::{Value, json};

/// The schema (draft-07): one of the documents, each table closed (`additionalProperties:
/// false`), so that a key the schema does not describe fails validation.
pub fn json_schema() -> Value {
    let mut generator = schemars::generate::SchemaSettings::draft07()
        .for_serialize()
        .into_generator();
    let results = generator.subschema_for::<Results>().to_value();
    let record = generator.subschema_for::<DefinitionRecord>().to_value();
    let comparison = generator.subschema_for::<Comparison>().to_value();
    let explanation = generator.subschema_for::<Explanation>().to_value();
    let findings = generator.subschema_for::<Vec<Diagnostic>>().to_value();
    let inspection = generator.subschema_for::<Inspection>().to_value();
    let profile = generator.subschema_for::<Profile>().to_value();
    let mut definitions = Value::Object(generator.take_definitions(true));
    // `score` with the definition at hand ends the results with a `definition` key.
    let results_name = name(&results);
    if let Some(props) = definitions
        .pointer_mut(&format!("/{results_name}/properties"))
        .and_then(Value::as_object_mut)
    {
        props.insert("definition".into(), record);
    }
    crate::definition::close_tables(&mut definitions);
    json!({
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": "qbpc-index results",
        "description": format!(
            "Every JSON document qbpc-index writes, schema_version {SCHEMA_VERSION}: the results \
             of `score`, the comparison of `compare`, the explanation of `explain`, the \
             findings of `validate`, what `inspect` reads in an export (or, when the \
             definition cannot read it, its columns)."
        ),
        "anyOf": [results, comparison, explanation, findings, inspection, profile],
        "definitions": definitions,
    })
}

/// `Name` of `{"$ref": "#/definitions/Name"}`.
fn name(reference: &Value) -> String {
    reference["$ref"]
        .as_str()
        .and_then(|r| r.rsplit('/').next())
        .unwrap_or_default()
        .to_string()
}
