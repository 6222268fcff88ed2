//! [`Spanned`]: `toml::Spanned` (a value with its position in the definition file) that also
//! has a JSON Schema, the one of the value it wraps. The definition types in `model.rs` use it,
//! so that `#[derive(JsonSchema)]` describes them exactly as serde reads them (the orphan rule
//! forbids implementing `JsonSchema` for `toml::Spanned` itself).

use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde::Deserialize;
use std::borrow::Cow;
use std::ops::{Deref, DerefMut};

/// Reads exactly like `toml::Spanned<T>` (through `Deref`: `get_ref`, `span`, `get_mut`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(transparent)]
pub struct Spanned<T>(toml::Spanned<T>);

impl<T> Spanned<T> {
    pub fn into_inner(self) -> T {
        self.0.into_inner()
    }
}

impl<T> Deref for Spanned<T> {
    type Target = toml::Spanned<T>;
    fn deref(&self) -> &toml::Spanned<T> {
        &self.0
    }
}

impl<T> DerefMut for Spanned<T> {
    fn deref_mut(&mut self) -> &mut toml::Spanned<T> {
        &mut self.0
    }
}

/// The schema of the value: a position is not part of what is written.
impl<T: JsonSchema> JsonSchema for Spanned<T> {
    fn inline_schema() -> bool {
        T::inline_schema()
    }
    fn schema_name() -> Cow<'static, str> {
        T::schema_name()
    }
    fn schema_id() -> Cow<'static, str> {
        T::schema_id()
    }
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        T::json_schema(generator)
    }
}

/// Written as the value alone (the position only matters while the definition is read).
impl<T: serde::Serialize> serde::Serialize for Spanned<T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.get_ref().serialize(serializer)
    }
}
