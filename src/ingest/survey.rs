//! Survey exports: open the file, settle the preset, and hand the table to the preset's reader.

use super::diag::Diags;
use super::table::{self, format_error};
use super::*;

pub(super) fn read(
    model: &Model,
    source: usize,
    path: &std::path::Path,
) -> Result<SurveyData, IngestError> {
    let file = path.display().to_string();
    let src = model.sources.get(source).ok_or_else(|| {
        format_error(
            &file,
            format!("the definition has no source #{source}"),
            "this is a bug in the caller",
        )
    })?;
    let table = table::open(path, src.sheet.as_deref())?;
    let preset = match src.preset {
        Preset::Auto => detect::detect(src, &table)?,
        Preset::PlatformTable => {
            return Err(format_error(
                &file,
                format!(
                    "source \"{}\" is a platform-level table, not a survey export",
                    src.id
                ),
                "give it `kind = \"platform\"`, or set the survey preset (`wjx-text`, `tidy`)",
            ));
        }
        p => p,
    };
    let mut diags = Diags::default();
    let (submissions, cells) = match preset {
        Preset::WjxText => wjx::read(model, source, &table, &mut diags)?,
        _ => tidy::read(model, source, &table, &mut diags)?,
    };
    Ok(SurveyData {
        source,
        file: table.file.clone(),
        sheet: table.sheet.clone(),
        preset: Some(preset),
        header_rows: table.header_row + 1,
        submissions,
        cells,
        diagnostics: diags.finish(&table.file),
        headers: table.headers,
    })
}
