//! Caps on what one input file may make the reader do, against hostile or broken files (zip
//! bombs, a stray cell at `XFD1048576`, a megabyte of nested tags). Each cap has a key; a file
//! that goes past one is refused with a message naming the key, and `--limit KEY=N` on the
//! command line raises it for a file that is trusted.
//!
//! The caps themselves ([`Limits`], their keys and defaults) belong to the xlsx reader's crate
//! (`qbpc_xlsx::limits`); the Parquet reader takes them too. The caps are process-wide: the command line sets them once ([`set_limits`]) before reading
//! anything, and every reader takes them from [`limits`]. Code that needs other caps for one
//! read (tests, fuzz targets) passes a [`Limits`] to the reader directly.

pub use qbpc_xlsx::limits::{KEYS, Limits, RATIO_FLOOR};
use std::sync::RwLock;

/// The hint of a refusal by cap `key`.
pub(crate) fn raise_hint(key: &str) -> String {
    format!(
        "the file goes past the `{key}` cap; if it is trusted, raise the cap with `--limit {key}=N`"
    )
}

static CURRENT: RwLock<Option<Limits>> = RwLock::new(None);

/// Sets the caps every later read uses (the command line calls this once, before reading).
pub fn set_limits(limits: Limits) {
    match CURRENT.write() {
        Ok(mut slot) => *slot = Some(limits),
        Err(poisoned) => *poisoned.into_inner() = Some(limits),
    }
}

/// The caps in force: those set by [`set_limits`], else the defaults.
pub fn limits() -> Limits {
    match CURRENT.read() {
        Ok(slot) => slot.unwrap_or_default(),
        Err(poisoned) => poisoned.into_inner().unwrap_or_default(),
    }
}
