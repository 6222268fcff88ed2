//! The bounds of a min-max normalisation as a result file records them, read back by the
//! next wave's definition (`normalize = { method = "minmax", bounds = "wave2024.json" }`) and
//! by `compare` (which then knows that the waves share their bounds).
//!
//! An item's bounds in a result file: the fixed bounds it was scored on when it had some
//! (`definition.items[].bounds`, so that a chain of waves keeps the first wave's bounds),
//! else the lowest and highest raw value over the platforms (`platforms[].items[].raw`),
//! which is what min-max used in that run; unless that run winsorised or log-transformed the
//! item's values first (then the raw values are not what was normalised, and no bounds can
//! be read).

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

/// Fixed bounds of an item's min-max normalisation, as the definition record writes them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct BoundsRecord {
    /// The bounds in the item's raw units: with `better = "higher"` a value at `min` scores
    /// `low` and one at `max` scores `high`; with `better = "lower"` the other way round.
    pub min: f64,
    pub max: f64,
    /// Where they come from: "reference wave <file>" or "definition".
    pub from: String,
    /// Whether values outside the bounds are clamped to [low, high].
    pub clamped: bool,
    /// The normalisation across platforms that these bounds replace (the scale's
    /// normalisation without fixed bounds): what `compare` matches against a wave that used
    /// its own bounds.
    pub replaces: String,
}

/// What a result file says about its items' bounds (unknown keys ignored).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct BoundsView {
    #[serde(default)]
    definition: Option<DefinitionView>,
    #[serde(default)]
    platforms: Vec<PlatformView>,
    #[serde(default)]
    data_treatment: Vec<TreatmentView>,
}

#[derive(Debug, Clone, Default, Deserialize)]
struct DefinitionView {
    #[serde(default)]
    items: Vec<ItemView>,
}

#[derive(Debug, Clone, Deserialize)]
struct ItemView {
    id: String,
    #[serde(default)]
    bounds: Option<BoundsRecord>,
}

#[derive(Debug, Clone, Deserialize)]
struct PlatformView {
    #[serde(default)]
    items: IndexMap<String, RawView>,
}

#[derive(Debug, Clone, Deserialize)]
struct RawView {
    #[serde(default)]
    raw: Option<f64>,
}

#[derive(Debug, Clone, Deserialize)]
struct TreatmentView {
    #[serde(default)]
    item: String,
    #[serde(default)]
    action: String,
}

/// Why a result file gives no bounds for an item.
#[derive(Debug, Clone, PartialEq)]
pub enum NoBounds {
    /// The file has no item of that id.
    Missing,
    /// No platform has a raw value (the item is not normalised across platforms there).
    NoRawValues,
    /// Every raw value is the same: min = max.
    Constant(f64),
    /// The run winsorised or log-transformed the item before normalising.
    Treated(String),
}

impl NoBounds {
    pub fn explain(&self, item: &str) -> String {
        match self {
            NoBounds::Missing => format!("it has no item \"{item}\""),
            NoBounds::NoRawValues => format!(
                "item \"{item}\" has no raw platform values there (it was not normalised across platforms)"
            ),
            NoBounds::Constant(v) => {
                format!("item \"{item}\" has the same raw value ({v}) for every platform there")
            }
            NoBounds::Treated(action) => format!(
                "item \"{item}\" was {action} there before normalisation, so its raw values are not the bounds it was normalised on"
            ),
        }
    }
}

impl BoundsView {
    pub fn from_json(text: &str) -> Result<BoundsView, serde_json::Error> {
        serde_json::from_str(text)
    }

    pub fn from_value(value: &serde_json::Value) -> BoundsView {
        BoundsView::deserialize(value).unwrap_or_default()
    }

    fn knows(&self, item: &str) -> bool {
        self.definition
            .as_ref()
            .is_some_and(|d| d.items.iter().any(|i| i.id == item))
            || self.platforms.iter().any(|p| p.items.contains_key(item))
    }

    /// The fixed bounds the item was scored on in that run, if it had any.
    pub fn recorded(&self, item: &str) -> Option<&BoundsRecord> {
        self.definition
            .as_ref()?
            .items
            .iter()
            .find(|i| i.id == item)?
            .bounds
            .as_ref()
    }

    /// The lowest and highest raw value of the item over the platforms of that run: the
    /// bounds min-max used there (unless the values were treated first).
    pub fn observed(&self, item: &str) -> Result<(f64, f64), NoBounds> {
        if !self.knows(item) {
            return Err(NoBounds::Missing);
        }
        if let Some(t) = self
            .data_treatment
            .iter()
            .find(|t| t.item == item && t.action != "imputed")
        {
            return Err(NoBounds::Treated(t.action.clone()));
        }
        let raw: Vec<f64> = self
            .platforms
            .iter()
            .filter_map(|p| p.items.get(item)?.raw)
            .filter(|v| v.is_finite())
            .collect();
        let min = raw.iter().copied().fold(f64::INFINITY, f64::min);
        let max = raw.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        match raw.first() {
            None => Err(NoBounds::NoRawValues),
            Some(v) if min == max => Err(NoBounds::Constant(*v)),
            Some(_) => Ok((min, max)),
        }
    }

    /// The bounds of `item` (or, when the file does not know it, of `previous`) in that run:
    /// recorded fixed bounds first, else the observed range. Returns the id found too.
    pub fn bounds(
        &self,
        item: &str,
        previous: Option<&str>,
    ) -> Result<(String, (f64, f64)), NoBounds> {
        let id = if self.knows(item) {
            item
        } else {
            match previous.filter(|p| self.knows(p)) {
                Some(p) => p,
                None => return Err(NoBounds::Missing),
            }
        };
        if let Some(b) = self.recorded(id) {
            return Ok((id.to_string(), (b.min, b.max)));
        }
        self.observed(id).map(|b| (id.to_string(), b))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = r#"{"schema_version": 1,
      "platforms": [
        {"id": "a", "items": {"x": {"raw": 2.0}, "y": {"raw": 5}, "z": {"raw": 1}}},
        {"id": "b", "items": {"x": {"raw": 10.0}, "y": {"raw": 5}, "z": {"raw": 9}}},
        {"id": "c", "items": {"x": {"raw": 6.0}, "y": {"raw": null}, "z": {"raw": 4}}}],
      "data_treatment": [{"item": "z", "platform": null, "action": "log-transformed"},
                         {"item": "x", "platform": "c", "action": "imputed"}],
      "definition": {"decimals": 1, "nodes": [], "items": [
        {"id": "w", "bounds": {"min": -1, "max": 3, "from": "definition", "clamped": true,
                               "replaces": "min-max to [0, 100] across platforms, higher is better"}}]}}"#;

    #[test]
    fn bounds_are_recorded_or_observed_or_refused_with_the_reason() {
        let v = BoundsView::from_json(FILE).unwrap();
        assert_eq!(v.bounds("x", None), Ok(("x".into(), (2.0, 10.0))));
        assert_eq!(v.bounds("new_x", Some("x")), Ok(("x".into(), (2.0, 10.0))));
        assert_eq!(v.bounds("w", None), Ok(("w".into(), (-1.0, 3.0))));
        assert_eq!(v.bounds("y", None), Err(NoBounds::Constant(5.0)));
        assert_eq!(
            v.bounds("z", None),
            Err(NoBounds::Treated("log-transformed".into()))
        );
        assert_eq!(v.bounds("q", Some("r")), Err(NoBounds::Missing));
    }
}
