//! qbpc-index: turns survey exports into a reproducible platform ranking.

pub mod definition;
pub mod diagnostics;
pub mod ingest;
pub mod output;
pub mod results;
pub mod text;
