//! The Manifest sheet: how to rebuild the workbook's numbers (tool version, definition and
//! input SHA-256, options, counts), one key and value per row.

use super::Ctx;
use super::sheet::{Sheet, V};
use crate::manifest::Manifest;
use rust_xlsxwriter::{Worksheet, XlsxError};

pub fn manifest(ctx: &Ctx, manifest: &Manifest) -> Result<Worksheet, XlsxError> {
    let mut s = Sheet::new("Manifest", &ctx.styles, ctx.results().decimals)?;
    s.header(&["key".to_string(), "value".to_string()])?;
    for (k, v) in manifest.rows() {
        s.cells(&[V::Owned(k), V::Owned(v)])?;
    }
    s.finish()
}
