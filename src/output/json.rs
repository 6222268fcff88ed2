//! The machine interface (index-definition.md section 4). Key order comes from the field
//! order of the `Results` types (serde derives serialise fields in declaration order, and every
//! map there is an `IndexMap`), so two runs on the same input are byte-identical.

use super::{Exporter, OutputError};
use crate::results::Results;

/// Pretty-printed JSON (two-space indent) with a trailing newline. Floats use serde_json's
/// shortest round-trip form; a non-finite float becomes `null` (serde_json's rule), so `NaN`
/// can never appear in the file.
#[derive(Debug, Clone, Copy, Default)]
pub struct JsonExporter;

impl Exporter for JsonExporter {
    fn render(&self, results: &Results) -> Result<Vec<u8>, OutputError> {
        let mut bytes = serde_json::to_vec_pretty(results)?;
        bytes.push(b'\n');
        Ok(bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::test_fixture::sample;

    fn render(results: &Results) -> String {
        String::from_utf8(JsonExporter.render(results).unwrap()).unwrap()
    }

    #[test]
    fn json_snapshot() {
        insta::assert_snapshot!(render(&sample()));
    }

    /// Section 4's key order, at the top and for a platform: every key, `null` for no value.
    #[test]
    fn keys_follow_the_schema_order() {
        let value: serde_json::Value = serde_json::from_str(&render(&sample())).unwrap();
        let keys = |v: &serde_json::Value| -> Vec<String> {
            v.as_object().unwrap().keys().cloned().collect()
        };
        let top = [
            "schema_version",
            "index",
            "platforms",
            "excluded_submissions",
            "diagnostics",
            "bootstrap",
            "data_treatment",
        ];
        assert_eq!(keys(&value), top);
        let expected = [
            "id",
            "name",
            "name_zh",
            "group",
            "status",
            "status_reason",
            "respondents",
            "score",
            "score_display",
            "rank",
            "group_rank",
            "dimensions",
            "indicators",
            "items",
            "texts",
        ];
        assert_eq!(keys(&value["platforms"][3]), expected);
    }

    #[test]
    fn nan_becomes_null() {
        let mut results = sample();
        results.platforms[0].score = Some(f64::NAN);
        results.platforms[0].dimensions[0].coverage = f64::INFINITY;
        let text = render(&results);
        assert!(!text.contains("NaN") && !text.contains("inf"));
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert!(value["platforms"][0]["score"].is_null());
    }
}
