//! qbpc-index: turns survey exports into a reproducible platform ranking.

pub mod aggregate;
pub mod classify;
pub mod definition;
pub mod diagnostics;
pub mod ingest;
pub mod output;
pub mod pipeline;
pub mod quality;
pub mod rank;
pub mod results;
pub mod text;
