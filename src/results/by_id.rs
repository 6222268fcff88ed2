//! [`ById`]: the per-platform maps of the result tree (dimension, indicator and item id ->
//! result), with the ids shared by every platform of a run. A run of 10,000 units x 60
//! indicators then holds one vector of results per platform, not 600,000 keys and hash
//! tables; lookups by id go through the one shared index.

// Indexing is in range here: `values` is kept parallel to `ids`; every k is a position returned by
// ids.
#![allow(clippy::indexing_slicing)]

use serde::ser::{Serialize, SerializeMap, Serializer};
use std::collections::HashMap;
use std::sync::Arc;

/// Ids in order, with their positions.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Ids {
    ids: Vec<String>,
    index: HashMap<String, usize>,
}

impl Ids {
    /// Ids in order; a repeated id keeps its first position.
    pub fn new(ids: Vec<String>) -> Arc<Ids> {
        let mut index = HashMap::with_capacity(ids.len());
        for (k, id) in ids.iter().enumerate() {
            index.entry(id.clone()).or_insert(k);
        }
        Arc::new(Ids { ids, index })
    }

    pub fn len(&self) -> usize {
        self.ids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    pub fn position(&self, id: &str) -> Option<usize> {
        self.index.get(id).copied()
    }
}

/// An ordered map from id to `T` whose ids are shared (cloning it, or building many with
/// [`ById::with_ids`], copies no id). Reads like the `IndexMap` it replaces: `get`, `iter`,
/// `keys`, `values`, `len`; serialises as a map in id order.
#[derive(Debug, Clone)]
pub struct ById<T> {
    ids: Arc<Ids>,
    values: Vec<T>,
}

impl<T> Default for ById<T> {
    fn default() -> Self {
        ById {
            ids: Arc::default(),
            values: Vec::new(),
        }
    }
}

impl<T: PartialEq> PartialEq for ById<T> {
    fn eq(&self, other: &Self) -> bool {
        self.values == other.values && (Arc::ptr_eq(&self.ids, &other.ids) || self.ids == other.ids)
    }
}

impl<T> ById<T> {
    pub fn new() -> Self {
        ById::default()
    }

    /// One value per id, in the ids' order. Panics when the lengths differ: a bug of the
    /// caller, never of the data.
    pub fn with_ids(ids: Arc<Ids>, values: Vec<T>) -> Self {
        assert_eq!(ids.len(), values.len(), "one value per id");
        ById { ids, values }
    }

    /// Set the value of `id`, appended when it is new (the shared ids are copied first if
    /// another map holds them too).
    pub fn insert(&mut self, id: String, value: T) {
        match self.ids.position(&id) {
            Some(k) => self.values[k] = value,
            None => {
                let ids = ids_mut(&mut self.ids);
                ids.index.insert(id.clone(), ids.ids.len());
                ids.ids.push(id);
                self.values.push(value);
            }
        }
    }

    pub fn get(&self, id: &str) -> Option<&T> {
        self.ids.position(id).map(|k| &self.values[k])
    }

    pub fn contains_key(&self, id: &str) -> bool {
        self.ids.position(id).is_some()
    }

    pub fn len(&self) -> usize {
        self.values.len()
    }

    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    pub fn iter(&self) -> impl ExactSizeIterator<Item = (&String, &T)> + DoubleEndedIterator {
        self.ids.ids.iter().zip(self.values.iter())
    }

    pub fn keys(&self) -> impl ExactSizeIterator<Item = &String> + DoubleEndedIterator {
        self.ids.ids.iter()
    }

    pub fn values(&self) -> impl ExactSizeIterator<Item = &T> + DoubleEndedIterator {
        self.values.iter()
    }

    /// The value at a position (ids order).
    pub fn get_index(&self, k: usize) -> Option<(&String, &T)> {
        Some((self.ids.ids.get(k)?, self.values.get(k)?))
    }

    pub fn get_mut(&mut self, id: &str) -> Option<&mut T> {
        self.ids.position(id).map(|k| &mut self.values[k])
    }

    pub fn values_mut(&mut self) -> impl ExactSizeIterator<Item = &mut T> {
        self.values.iter_mut()
    }
}

/// `map[k]`: the value at position k (panics when out of range, like a slice).
impl<T> std::ops::Index<usize> for ById<T> {
    type Output = T;
    fn index(&self, k: usize) -> &T {
        &self.values[k]
    }
}

impl<T> std::ops::IndexMut<usize> for ById<T> {
    fn index_mut(&mut self, k: usize) -> &mut T {
        &mut self.values[k]
    }
}

/// `map["id"]`: the value of an id (panics when absent, like `IndexMap`).
impl<T> std::ops::Index<&str> for ById<T> {
    type Output = T;
    fn index(&self, id: &str) -> &T {
        self.get(id).unwrap_or_else(|| panic!("no entry {id:?}"))
    }
}

impl<T> std::ops::Index<&String> for ById<T> {
    type Output = T;
    fn index(&self, id: &String) -> &T {
        &self[id.as_str()]
    }
}

impl<T> std::ops::IndexMut<&str> for ById<T> {
    fn index_mut(&mut self, id: &str) -> &mut T {
        self.get_mut(id)
            .unwrap_or_else(|| panic!("no entry {id:?}"))
    }
}

/// `Arc::make_mut` for [`Ids`], which is not `Clone` so that ids are never copied by
/// accident.
fn ids_mut(this: &mut Arc<Ids>) -> &mut Ids {
    if Arc::get_mut(this).is_none() {
        *this = Arc::new(Ids {
            ids: this.ids.clone(),
            index: this.index.clone(),
        });
    }
    #[allow(
        clippy::expect_used,
        reason = "the Arc was just replaced by a fresh one when it was shared, so it is unique"
    )]
    Arc::get_mut(this).expect("unique after the copy")
}

impl<T> FromIterator<(String, T)> for ById<T> {
    fn from_iter<I: IntoIterator<Item = (String, T)>>(iter: I) -> Self {
        let mut map = ById::new();
        for (id, v) in iter {
            map.insert(id, v);
        }
        map
    }
}

impl<'a, T> IntoIterator for &'a ById<T> {
    type Item = (&'a String, &'a T);
    type IntoIter = std::iter::Zip<std::slice::Iter<'a, String>, std::slice::Iter<'a, T>>;

    fn into_iter(self) -> Self::IntoIter {
        self.ids.ids.iter().zip(self.values.iter())
    }
}

impl<T: Serialize> Serialize for ById<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.len()))?;
        for (k, v) in self {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

/// Described as what it serialises to: an object from id to `T`.
impl<T: schemars::JsonSchema> schemars::JsonSchema for ById<T> {
    fn inline_schema() -> bool {
        true
    }
    fn schema_name() -> std::borrow::Cow<'static, str> {
        format!("ById_{}", T::schema_name()).into()
    }
    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let value = generator.subschema_for::<T>();
        schemars::json_schema!({ "type": "object", "additionalProperties": value })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_like_an_ordered_map() {
        let mut m: ById<u32> = [("b".to_string(), 2), ("a".to_string(), 1)]
            .into_iter()
            .collect();
        m.insert("b".into(), 3);
        m.insert("c".into(), 4);
        assert_eq!(m.get("b"), Some(&3));
        assert_eq!(m.get("z"), None);
        let keys: Vec<&str> = m.keys().map(String::as_str).collect();
        assert_eq!(keys, ["b", "a", "c"]);
        assert_eq!(serde_json::to_string(&m).unwrap(), r#"{"b":3,"a":1,"c":4}"#);
    }

    #[test]
    fn shared_ids_are_copied_before_a_new_id_is_added() {
        let ids = Ids::new(vec!["x".into(), "y".into()]);
        let a = ById::with_ids(ids.clone(), vec![1, 2]);
        let mut b = ById::with_ids(ids, vec![3, 4]);
        b.insert("z".into(), 5);
        assert_eq!(a.len(), 2);
        assert_eq!(a.get("z"), None);
        assert_eq!(b.get("z"), Some(&5));
        assert_eq!(b.get("x"), Some(&3));
    }
}
