//! What-if weights: `--weight ID=VALUE` replaces the weight of a dimension, an indicator or an
//! item for one run, without editing the definition. The overrides are applied to the loaded
//! [`Model`] before scoring, so every stage (and every output) sees the new weights exactly as
//! if the definition had been edited; the list of overrides is recorded in the outputs.

// Indexing is in range here: node/item ixs are Model positions (enumerated or compile-checked
// cross-references).
#![allow(clippy::indexing_slicing)]

use crate::definition::Model;
use serde::{Deserialize, Serialize};

/// One weight changed for a run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct WeightOverride {
    /// The node or item id, as given.
    pub id: String,
    /// "dimension", "indicator" or "item".
    pub kind: String,
    /// The weight in the definition.
    pub definition: f64,
    /// The weight used in this run.
    pub weight: f64,
}

/// Why a `--weight` value is refused. Each names the flag value as given.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum WeightError {
    #[error("--weight {given}: expected ID=WEIGHT")]
    Syntax { given: String },
    #[error("--weight {given}: \"{value}\" is not a number")]
    NotANumber { given: String, value: String },
    #[error("--weight {given}: the weight must be a finite number >= 0")]
    OutOfRange { given: String },
    #[error("--weight {given}: no dimension, indicator or item has the id \"{id}\"")]
    Unknown {
        given: String,
        id: String,
        /// Ids of the definition that look alike (same start or contained), at most five.
        similar: Vec<String>,
    },
    #[error("--weight {given}: \"{id}\" is both a node and an item")]
    Ambiguous { given: String, id: String },
    #[error("--weight {given}: item \"{id}\" is free text, which has no weight in the index")]
    NotScored { given: String, id: String },
    #[error("--weight {given}: \"{id}\" is given a weight twice")]
    Twice { given: String, id: String },
}

impl WeightError {
    pub fn hint(&self) -> Option<String> {
        Some(match self {
            WeightError::Syntax { .. }
            | WeightError::NotANumber { .. }
            | WeightError::OutOfRange { .. } => {
                "write --weight ID=WEIGHT with a weight >= 0, e.g. --weight handling=2 --weight opinion=0".into()
            }
            WeightError::Unknown { similar, .. } if !similar.is_empty() => {
                format!("ids that look alike: {}", similar.join(", "))
            }
            WeightError::Unknown { .. } => {
                "the ids are the keys of [dimensions.*], [indicators.*] and [items.*] in the definition (`qbpc-index init` writes the default one)".into()
            }
            WeightError::Ambiguous { id, .. } => {
                format!("write node:{id}=WEIGHT or item:{id}=WEIGHT")
            }
            WeightError::NotScored { .. } => return None,
            WeightError::Twice { .. } => "give each id once".into(),
        })
    }
}

/// One `--weight` argument: the id (with an optional `node:` or `item:` prefix) and the
/// weight, which must be a finite number >= 0.
#[derive(Debug, Clone, PartialEq)]
pub struct WeightArg {
    /// The argument as given, for messages.
    pub given: String,
    pub id: String,
    pub weight: f64,
}

impl std::str::FromStr for WeightArg {
    type Err = WeightError;

    fn from_str(s: &str) -> Result<WeightArg, WeightError> {
        let given = s.to_string();
        let Some((id, value)) = s.split_once('=') else {
            return Err(WeightError::Syntax { given });
        };
        let (id, value) = (id.trim(), value.trim());
        if id.is_empty() || value.is_empty() {
            return Err(WeightError::Syntax { given });
        }
        let weight: f64 = value.parse().map_err(|_| WeightError::NotANumber {
            given: given.clone(),
            value: value.to_string(),
        })?;
        if !weight.is_finite() || weight < 0.0 {
            return Err(WeightError::OutOfRange { given });
        }
        Ok(WeightArg {
            given,
            id: id.to_string(),
            weight,
        })
    }
}

/// Apply the overrides to the model (in place) and return what changed, in argument order.
/// Nothing is changed when any argument is refused.
pub fn apply(model: &mut Model, args: &[WeightArg]) -> Result<Vec<WeightOverride>, WeightError> {
    enum Target {
        Node(usize),
        Item(usize),
    }
    let mut targets = Vec::with_capacity(args.len());
    for a in args {
        let (only, id) = match a.id.split_once(':') {
            Some(("node", id)) => (Some(true), id),
            Some(("item", id)) => (Some(false), id),
            _ => (None, a.id.as_str()),
        };
        let node = model.nodes.iter().position(|n| n.id == id);
        let item = model.items.iter().position(|i| i.id == id);
        let target = match (only, node, item) {
            (None, Some(_), Some(_)) => {
                return Err(WeightError::Ambiguous {
                    given: a.given.clone(),
                    id: id.to_string(),
                });
            }
            (None | Some(true), Some(n), _) => Target::Node(n),
            (None | Some(false), _, Some(i)) => {
                if !model.scales[model.items[i].scale].is_scored() {
                    return Err(WeightError::NotScored {
                        given: a.given.clone(),
                        id: id.to_string(),
                    });
                }
                Target::Item(i)
            }
            _ => {
                return Err(WeightError::Unknown {
                    given: a.given.clone(),
                    id: id.to_string(),
                    similar: similar(model, id),
                });
            }
        };
        let same = targets.iter().any(|(t, _): &(Target, &WeightArg)| {
            matches!((t, &target), (Target::Node(x), Target::Node(y)) | (Target::Item(x), Target::Item(y)) if x == y)
        });
        if same {
            return Err(WeightError::Twice {
                given: a.given.clone(),
                id: id.to_string(),
            });
        }
        targets.push((target, a));
    }
    let mut out = Vec::with_capacity(targets.len());
    for (target, a) in targets {
        let (kind, slot, id) = match target {
            Target::Node(n) => {
                let node = &mut model.nodes[n];
                let kind = match node.kind {
                    crate::definition::NodeKind::Dimension => "dimension",
                    crate::definition::NodeKind::Indicator => "indicator",
                };
                (kind, &mut node.weight, node.id.clone())
            }
            Target::Item(i) => {
                let item = &mut model.items[i];
                ("item", &mut item.weight, item.id.clone())
            }
        };
        out.push(WeightOverride {
            id,
            kind: kind.to_string(),
            definition: *slot,
            weight: a.weight,
        });
        *slot = a.weight;
    }
    Ok(out)
}

/// Ids of the definition that share a prefix of three characters with `id`, or contain it.
fn similar(model: &Model, id: &str) -> Vec<String> {
    let lower = id.to_lowercase();
    let head: String = lower.chars().take(3).collect();
    model
        .nodes
        .iter()
        .map(|n| n.id.as_str())
        .chain(model.items.iter().map(|i| i.id.as_str()))
        .filter(|c| {
            let c = c.to_lowercase();
            (!head.is_empty() && c.starts_with(&head)) || c.contains(&lower) || lower.contains(&c)
        })
        .take(5)
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::definition::load_default;

    fn arg(s: &str) -> Result<WeightArg, WeightError> {
        s.parse()
    }

    #[test]
    fn arguments_are_parsed_and_refused_by_value() {
        let a = arg("handling=2").unwrap();
        assert_eq!((a.id.as_str(), a.weight), ("handling", 2.0));
        assert_eq!(arg("opinion=0").unwrap().weight, 0.0);
        for (bad, why) in [
            ("handling", "ID=WEIGHT"),
            ("=2", "ID=WEIGHT"),
            ("handling=", "ID=WEIGHT"),
            ("handling=two", "\"two\" is not a number"),
            ("handling=-1", ">= 0"),
            ("handling=NaN", ">= 0"),
            ("handling=inf", ">= 0"),
        ] {
            let e = arg(bad).unwrap_err().to_string();
            assert!(e.contains(&format!("--weight {bad}")), "{e}");
            assert!(e.contains(why), "{bad}: {e}");
        }
    }

    #[test]
    fn overrides_change_the_model_and_are_recorded() {
        let (mut model, _) = load_default().unwrap();
        let node = model.nodes.iter().position(|n| n.id == "handling").unwrap();
        let item = 0;
        let item_id = model.items[item].id.clone();
        let before = model.items[item].weight;
        let args = [
            arg("handling=2.5").unwrap(),
            arg(&format!("item:{item_id}=0")).unwrap(),
        ];
        let done = apply(&mut model, &args).unwrap();
        assert_eq!(model.nodes[node].weight, 2.5);
        assert_eq!(model.items[item].weight, 0.0);
        assert_eq!(done[0].kind, "dimension");
        assert_eq!((done[1].definition, done[1].weight), (before, 0.0));
    }

    #[test]
    fn unknown_and_repeated_ids_are_refused_and_leave_the_model_alone() {
        let (mut model, _) = load_default().unwrap();
        let weights: Vec<f64> = model.nodes.iter().map(|n| n.weight).collect();
        let e = apply(
            &mut model,
            &[arg("handling=3").unwrap(), arg("handlin=2").unwrap()],
        )
        .unwrap_err();
        assert!(e.to_string().contains("--weight handlin=2"), "{e}");
        assert!(e.hint().unwrap().contains("handling"));
        let e = apply(
            &mut model,
            &[arg("handling=3").unwrap(), arg("node:handling=2").unwrap()],
        )
        .unwrap_err();
        assert!(matches!(e, WeightError::Twice { .. }), "{e}");
        let after: Vec<f64> = model.nodes.iter().map(|n| n.weight).collect();
        assert_eq!(weights, after);
    }
}
