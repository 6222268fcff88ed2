//! `--format xlsx`: a workbook for the researchers who keep working in Excel. Sheets Ranking,
//! Dimensions, Indicators, Items, Groups, Excluded submissions, Diagnostics, Free text and
//! Methodology; real numbers with number formats, bold frozen headers, column widths from
//! the content, colour scales on scores, headers in the chosen language. Every text cell
//! goes through the formula guard.

mod log_sheets;
mod manifest_sheet;
mod methodology_sheet;
mod notes;
mod readme_sheet;
mod score_sheets;
mod sheet;

use super::labels::{L, Lang};
use super::{Exporter, OutputError, Report};
use crate::results::Results;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Workbook, Worksheet, XlsxError};
use sheet::Styles;

#[derive(Debug, Clone, Default)]
pub struct XlsxExporter {
    pub lang: Lang,
}

/// Builds one worksheet of the workbook.
type SheetBuilder = fn(&Ctx) -> Result<Worksheet, XlsxError>;

/// What every sheet builder reads.
pub(super) struct Ctx<'a> {
    pub report: &'a Report<'a>,
    pub lang: Lang,
    pub styles: Styles,
}

impl Ctx<'_> {
    fn results(&self) -> &Results {
        self.report.results
    }

    /// A header label in the workbook's language.
    fn t(&self, label: L) -> String {
        self.lang.t(label)
    }

    /// A new sheet with this name.
    fn sheet_named(&self, name: &str) -> Result<sheet::Sheet<'_>, XlsxError> {
        sheet::Sheet::new(name, &self.styles, self.results().decimals)
    }

    /// A new sheet named by a label.
    fn sheet(&self, name: L) -> Result<sheet::Sheet<'_>, XlsxError> {
        sheet::Sheet::new(&self.t(name), &self.styles, self.results().decimals)
    }
}

impl Exporter for XlsxExporter {
    fn render(&self, results: &Results) -> Result<Vec<u8>, OutputError> {
        self.render_report(&Report {
            results,
            methodology: None,
        })
    }

    fn render_report(&self, report: &Report<'_>) -> Result<Vec<u8>, OutputError> {
        let ctx = Ctx {
            report,
            lang: self.lang,
            styles: Styles::new(report.results.decimals, notes::Notes::new(self.lang)),
        };
        let sheets: [SheetBuilder; 10] = [
            readme_sheet::readme,
            score_sheets::ranking,
            score_sheets::dimensions,
            score_sheets::indicators,
            score_sheets::items,
            score_sheets::groups,
            log_sheets::excluded,
            log_sheets::diagnostics,
            log_sheets::free_text,
            methodology_sheet::methodology,
        ];
        let mut workbook = Workbook::new();
        // A fixed creation time: the same results give a byte-identical file.
        let created = ExcelDateTime::from_ymd(2000, 1, 1)?;
        workbook.set_properties(
            &DocProperties::new()
                .set_title(&report.results.index.name)
                .set_creation_datetime(&created),
        );
        for build in sheets {
            workbook.push_worksheet(build(&ctx)?);
        }
        if let Some(manifest) = &report.results.manifest {
            workbook.push_worksheet(manifest_sheet::manifest(&ctx, manifest)?);
        }
        Ok(workbook.save_to_buffer()?)
    }
}

#[cfg(test)]
mod tests;
