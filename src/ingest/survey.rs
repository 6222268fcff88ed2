//! Survey exports: open the file, settle the preset, and hand the table to the preset's reader.

use super::diag::Diags;
use super::settings::Settings;
use super::table::{self, format_error};
use super::*;

/// What a preset's reader makes of a table.
#[derive(Debug, Default)]
pub(super) struct Reshaped {
    pub submissions: Vec<Submission>,
    pub cells: Vec<RawCell>,
    pub dropped: Vec<Dropped>,
    /// None: the preset's layout.
    pub layout: Option<Layout>,
    pub respondent_basis: RespondentBasis,
    /// Identifying columns of the returned table whose values are still to be collected, and
    /// values a reader collected itself (`identifying.rs`).
    pub identifying: Vec<usize>,
    pub identities: Vec<String>,
    /// Every identifying column the reader took, and why (`inspect` lists them).
    pub identifying_columns: Vec<IdentifyingColumn>,
}

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
    let table = table::open_source(path, src)?;
    read_table(model, source, path, table)
}

/// [`read`] of a table already opened (`path` still names the file: detection looks at its
/// extension, and a Kobo export's repeat groups are read from its other sheets).
pub(super) fn read_table(
    model: &Model,
    source: usize,
    path: &std::path::Path,
    mut table: table::Table,
) -> Result<SurveyData, IngestError> {
    let src = source_of(model, source, &table.file)?;
    let preset = detect::settle(model, src, &table, path)?;
    let settings = Settings::new(model, src, preset);
    let mut diags = Diags::default();
    let (mut out, table) = match preset {
        Preset::Tidy => {
            let read = tidy::read(model, source, &table, &mut diags)?;
            let mut out = Reshaped {
                submissions: read.submissions,
                cells: read.cells,
                respondent_basis: read.respondent_basis,
                identities: read.identities,
                identifying_columns: read.identifying_columns,
                ..Reshaped::default()
            };
            out.dropped = tidy_drops(&settings, &table, &out.submissions)?;
            (out, table)
        }
        p if p.is_numbered() => (
            numbered::read(model, source, &settings, &table, &mut diags)?,
            table,
        ),
        Preset::Kobo => kobo::read(model, source, &settings, path, table, &mut diags)?,
        _ => {
            let out = named::read(model, source, &settings, &mut table, None, &mut diags)?;
            (out, table)
        }
    };
    super::derived::survey(model, source, &table, &mut out, &mut diags)?;
    super::attributes::read(model, source, &table, &mut out, &mut diags)?;
    for d in table.ragged_findings() {
        diags.push(d);
    }

    let identities = identities(&table, &out)?;
    Ok(SurveyData {
        source,
        file: table.file.clone(),
        sheet: table.sheet.clone(),
        preset: Some(preset),
        header_rows: table.header_row + 1,
        layout: out.layout.or(preset.layout()),
        submissions: out.submissions,
        respondent_basis: out.respondent_basis,
        dropped: out.dropped,
        cells: out.cells,
        identities,
        identifying_columns: out.identifying_columns,
        diagnostics: diags.finish(&table.file),
        headers: table.headers,
    })
}

/// The values of the identifying columns: those the reader collected, then one pass over the
/// columns it only named.
fn identities(table: &table::Table, out: &Reshaped) -> Result<Vec<String>, IngestError> {
    let mut values = super::identifying::Values::new(out.identifying.clone());
    for v in &out.identities {
        values.add(v);
    }
    if !out.identifying.is_empty() {
        table.for_each_row(|_, row| values.row(row))?;
    }
    Ok(values.finish())
}

/// The source's `drop` rules on a tidy file (the tidy reader makes one submission per
/// non-empty row, in file order). A second pass, taken only when the source has rules.
fn tidy_drops(
    settings: &Settings,
    table: &table::Table,
    subs: &[Submission],
) -> Result<Vec<Dropped>, IngestError> {
    let mut out = Vec::new();
    if settings.drop.is_empty() {
        return Ok(out);
    }
    let find = |name: &str| table.find_col(&crate::text::match_key(name));
    let rules = super::drop::DropCols::resolve(&settings.drop, &find);
    let mut s = 0;
    table.for_each_row(|row_no, row| {
        if let Some((reason, detail)) = rules.check(row)
            && subs.get(s).is_some_and(|sub| sub.row == row_no)
        {
            out.push(Dropped {
                submission: s,
                reason,
                detail,
            });
        }
        s += 1;
    })?;
    Ok(out)
}
