//! The machine interface (index-definition.md section 4). Key order comes from the field
//! order of the `Results` types (serde derives serialise fields in declaration order, and every
//! map there is an `IndexMap`), so two runs on the same input are byte-identical.

use super::{Exporter, OutputError, Report};
use crate::results::{DefinitionRecord, Results};
use serde::Serialize;

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

    /// With the definition at hand, the results end with a `definition` key: the tree with
    /// its weights, each item's scale and normalisation, and the `previous` ids, which
    /// `compare` reads to match the nodes of two waves.
    fn render_report(&self, report: &Report<'_>) -> Result<Vec<u8>, OutputError> {
        let Some(methodology) = report.methodology else {
            return self.render(report.results);
        };
        #[derive(Serialize)]
        struct WithDefinition<'a> {
            #[serde(flatten)]
            results: &'a Results,
            definition: DefinitionRecord,
        }
        let document = WithDefinition {
            results: report.results,
            definition: DefinitionRecord::from_methodology(methodology, report.results.decimals),
        };
        let mut bytes = serde_json::to_vec_pretty(&document)?;
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

#[cfg(test)]
mod definition_tests {
    use super::*;
    use crate::definition::load_default;
    use crate::output::Methodology;
    use crate::output::test_fixture::sample;

    /// With the definition at hand, the same document with a `definition` key at the end:
    /// the weights, each item's scale and whether its normalisation is relative.
    #[test]
    fn the_definition_record_is_appended() {
        let (model, _) = load_default().unwrap();
        let methodology = Methodology::from_model(&model);
        let results = sample();
        let report = Report {
            results: &results,
            methodology: Some(&methodology),
        };
        let plain = JsonExporter.render(&results).unwrap();
        let with = JsonExporter.render_report(&report).unwrap();
        let plain: serde_json::Value = serde_json::from_slice(&plain).unwrap();
        let mut with: serde_json::Value = serde_json::from_slice(&with).unwrap();
        let record = with
            .as_object_mut()
            .unwrap()
            .shift_remove("definition")
            .unwrap();
        assert_eq!(with, plain);
        assert_eq!(record["decimals"], 1);
        let item = |id: &str| {
            record["items"]
                .as_array()
                .unwrap()
                .iter()
                .find(|i| i["id"] == id)
                .unwrap()
                .clone()
        };
        assert!(
            item("net_sentiment")["relative"]
                .as_str()
                .unwrap()
                .contains("min-max")
        );
        assert!(
            item("takedown_days").get("relative").is_none(),
            "goalposts are fixed"
        );
        assert_eq!(item("rules_clear")["weight"], 1.0);
        assert_eq!(record["nodes"][0]["id"], "complaint");
    }
}
