//! The sheets that explain the data rather than score it: excluded submissions, diagnostics
//! and the free-text answers. Researcher-facing: respondent ids appear here (never in the
//! platform-facing report or scorecards).

use super::Ctx;
use super::sheet::V;
use crate::output::labels::{L, platform_name};
use rust_xlsxwriter::{Worksheet, XlsxError};

pub fn excluded(ctx: &Ctx) -> Result<Worksheet, XlsxError> {
    let mut s = ctx.sheet(L::Excluded)?;
    s.header(&[
        ctx.t(L::Source),
        ctx.t(L::File),
        ctx.t(L::Row),
        ctx.t(L::Respondent),
        ctx.t(L::Platform),
        ctx.t(L::Reason),
        ctx.t(L::Detail),
    ])?;
    for e in &ctx.results().excluded_submissions {
        s.cells(&[
            V::Text(&e.source),
            V::Text(&e.file),
            V::count(e.row),
            V::Text(&e.respondent),
            V::opt_text(e.platform.as_deref()),
            V::Text(&e.reason),
            V::Text(&e.detail),
        ])?;
    }
    s.finish()
}

pub fn diagnostics(ctx: &Ctx) -> Result<Worksheet, XlsxError> {
    let mut s = ctx.sheet(L::Diagnostics)?;
    s.header(&[
        ctx.t(L::Severity),
        ctx.t(L::Code),
        ctx.t(L::Message),
        ctx.t(L::File),
        ctx.t(L::Sheet),
        ctx.t(L::Cell),
        ctx.t(L::Row),
        ctx.t(L::Column),
        ctx.t(L::Line),
        ctx.t(L::Hint),
    ])?;
    for d in &ctx.results().diagnostics {
        let at = &d.location;
        let severity = match d.severity {
            crate::diagnostics::Severity::Warning => "warning",
            crate::diagnostics::Severity::Error => "error",
        };
        s.cells(&[
            V::Text(severity),
            V::Text(d.code.as_str()),
            V::Text(&d.message),
            V::opt_text(at.file.as_deref()),
            V::opt_text(at.sheet.as_deref()),
            V::opt_text(at.cell.as_deref()),
            V::Int(at.row.map(|r| r as u64)),
            V::opt_text(at.column.as_deref()),
            V::Int(at.line.map(|l| l as u64)),
            V::opt_text(d.hint.as_deref()),
        ])?;
    }
    s.finish()
}

pub fn free_text(ctx: &Ctx) -> Result<Worksheet, XlsxError> {
    let mut s = ctx.sheet(L::FreeText)?;
    s.header(&[
        ctx.t(L::PlatformId),
        ctx.t(L::Platform),
        ctx.t(L::Item),
        ctx.t(L::Text),
    ])?;
    for p in &ctx.results().platforms {
        for (item, answers) in &p.texts {
            for answer in answers {
                s.cells(&[
                    V::Text(&p.id),
                    V::Owned(platform_name(p, ctx.lang)),
                    V::Text(item),
                    V::Text(answer),
                ])?;
            }
        }
    }
    s.finish()
}
