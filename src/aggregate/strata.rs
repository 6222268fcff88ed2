//! Pooling by a respondent attribute (`pool` rules, issue 13 point 8). Under a rule
//! `pool = { level = { group = 1, services = 1 } }` the answers of an item for a platform are
//! pooled within each listed value of the column first (the respondent statistic, weighted by
//! the respondent weights, inside each stratum), then the strata means are combined:
//!
//!   S(p,i) = sum_s W_s m_s(p,i) / sum_s W_s   over the strata s with an answer,
//!
//! and n(p,i) = sum_s n_s(p,i). Answers whose value is not listed, or listed with weight 0,
//! do not count (they are classed as skipped when the table is built). The bootstrap pools
//! each (item, stratum) as a key of its own and combines them the same way, and draws
//! respondents within each combination of attribute values, so that every replicate keeps
//! the strata sizes of the sample.

use super::pool::{ExactSum, Pooled};
use crate::definition::{ItemIx, Model};

/// The stratum of an answer to `item` from a submission with `attributes`: `Some(0)` when no
/// rule applies, `Some(s + 1)` for the rule's value s, None when the answer does not count.
pub fn stratum_of(model: &Model, item: ItemIx, attributes: &[String]) -> Option<u32> {
    if !model.has_pool_rules() {
        return Some(0);
    }
    let Some(rule) = model.pool_rule(item) else {
        return Some(0);
    };
    let value = attributes.get(rule.column_ix).map_or("", String::as_str);
    match rule.stratum(value) {
        Some((s, w)) if w > 0.0 => Some(s as u32 + 1),
        _ => None,
    }
}

/// The weights of an item's strata (empty without a rule).
pub fn weights_of(model: &Model, item: ItemIx) -> Vec<f64> {
    model
        .pool_rule(item)
        .map(|r| r.values.iter().map(|v| v.2).collect())
        .unwrap_or_default()
}

/// Combine strata means with their weights, renormalised over the strata present.
pub fn combine(strata: impl Iterator<Item = (f64, Option<Pooled>)>) -> Option<Pooled> {
    let mut num = ExactSum::default();
    let mut den = ExactSum::default();
    let mut n = 0;
    for (w, m) in strata {
        if let Some(m) = m.filter(|_| w > 0.0) {
            num.add(w * m.value);
            den.add(w);
            n += m.n;
        }
    }
    (n > 0).then(|| Pooled {
        value: num.sum() / den.sum(),
        n,
    })
}

/// The keys of the bootstrap design: an item without a rule is its own key; an (item,
/// stratum) pair of a rule is `items + item * width + (stratum - 1)`.
#[derive(Debug, Clone, Copy)]
pub struct Keys {
    items: usize,
    width: usize,
}

impl Keys {
    pub fn of(model: &Model) -> Keys {
        let width = (model.nodes.iter())
            .filter_map(|n| n.pool.as_ref())
            .map(|r| r.values.len())
            .max()
            .unwrap_or(0);
        Keys {
            items: model.items.len(),
            width,
        }
    }

    pub fn key(self, item: ItemIx, stratum: u32) -> usize {
        match stratum {
            0 => item,
            s => self.items + item * self.width + (s as usize - 1),
        }
    }

    /// The item and stratum (0: none) of a key.
    pub fn split(self, key: usize) -> (ItemIx, u32) {
        if key < self.items || self.width == 0 {
            (key, 0)
        } else {
            let k = key - self.items;
            (k / self.width, (k % self.width) as u32 + 1)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Hand-worked: group mean 80 (n 1), services mean 40 (n 3), weights 1 and 1 -> 60, n 4;
    /// with only the services present -> 40; weight 0 leaves a stratum out.
    #[test]
    fn strata_means_are_weighted_over_the_strata_present() {
        let p = |value, n| Some(Pooled { value, n });
        let both = combine([(1.0, p(80.0, 1)), (1.0, p(40.0, 3))].into_iter()).unwrap();
        assert_eq!((both.value, both.n), (60.0, 4));
        let one = combine([(1.0, None), (1.0, p(40.0, 3))].into_iter()).unwrap();
        assert_eq!((one.value, one.n), (40.0, 3));
        let uneven = combine([(3.0, p(80.0, 1)), (1.0, p(40.0, 3))].into_iter()).unwrap();
        assert_eq!(uneven.value, 70.0);
        assert_eq!(combine([(0.0, p(80.0, 1))].into_iter()), None);
    }

    #[test]
    fn keys_round_trip() {
        let k = Keys { items: 5, width: 3 };
        assert_eq!(k.key(2, 0), 2);
        for item in 0..5 {
            for s in 1..=3 {
                assert_eq!(k.split(k.key(item, s)), (item, s));
            }
        }
    }
}
