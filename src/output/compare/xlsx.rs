//! The workbook of a comparison: Wide and Long (the CSV rows, numbers as numbers), Nodes
//! (the matching of every transition), Warnings and Method. Every text cell goes through the
//! formula guard; the creation time is fixed so the same inputs give the same bytes.

// Indexing is in range here: transition from/to are wave ixs set by compare from 0..waves.len().
#![allow(clippy::indexing_slicing)]

use super::rows::{self, Cell};
use crate::compare::Comparison;
use crate::output::OutputError;
use crate::output::guard::guard_text;
use crate::rank::publish_round;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, Worksheet, XlsxError};

pub fn workbook(c: &Comparison) -> Result<Vec<u8>, OutputError> {
    let mut wb = Workbook::new();
    let created = ExcelDateTime::from_ymd(2000, 1, 1)?;
    wb.set_properties(&DocProperties::new().set_creation_datetime(&created));
    let score = Format::new().set_num_format(if c.decimals == 0 {
        "0".to_string()
    } else {
        format!("0.{}", "0".repeat(c.decimals as usize))
    });
    let (h, b) = rows::wide(c);
    wb.push_worksheet(grid("Wide", &h, &b, c.decimals, &score)?);
    let (h, b) = rows::long(c);
    wb.push_worksheet(grid("Long", &h, &b, c.decimals, &score)?);
    wb.push_worksheet(nodes(c)?);
    wb.push_worksheet(warnings(c)?);
    wb.push_worksheet(method(c)?);
    Ok(wb.save_to_buffer()?)
}

fn bold() -> Format {
    Format::new().set_bold()
}

fn sheet(name: &str, header: &[String]) -> Result<Worksheet, XlsxError> {
    let mut ws = Worksheet::new();
    ws.set_name(name)?;
    for (col, h) in header.iter().enumerate() {
        ws.write_string_with_format(0, col as u16, guard_text(h), &bold())?;
    }
    ws.set_freeze_panes(1, 0)?;
    Ok(ws)
}

fn grid(
    name: &str,
    header: &[String],
    body: &[Vec<Cell>],
    decimals: u32,
    score: &Format,
) -> Result<Worksheet, XlsxError> {
    let mut ws = sheet(name, header)?;
    for (r, row) in body.iter().enumerate() {
        let r = r as u32 + 1;
        for (col, cell) in row.iter().enumerate() {
            let col = col as u16;
            match cell {
                Cell::Text(t) if t.is_empty() => {}
                Cell::Text(t) => {
                    ws.write_string(r, col, guard_text(t))?;
                }
                Cell::Score(Some(x)) => {
                    ws.write_number_with_format(r, col, publish_round(*x, decimals), score)?;
                }
                Cell::Int(Some(n)) => {
                    ws.write_number(r, col, *n as f64)?;
                }
                Cell::Score(None) | Cell::Int(None) => {}
            }
        }
    }
    Ok(ws)
}

fn text_rows(name: &str, header: &[&str], body: Vec<Vec<String>>) -> Result<Worksheet, XlsxError> {
    let header: Vec<String> = header.iter().map(|s| s.to_string()).collect();
    let mut ws = sheet(name, &header)?;
    for (r, row) in body.iter().enumerate() {
        for (col, t) in row.iter().enumerate() {
            ws.write_string(r as u32 + 1, col as u16, guard_text(t))?;
        }
    }
    Ok(ws)
}

fn nodes(c: &Comparison) -> Result<Worksheet, XlsxError> {
    let mut body = Vec::new();
    for t in &c.transitions {
        for m in &t.nodes {
            body.push(vec![
                c.waves[t.from].label.clone(),
                c.waves[t.to].label.clone(),
                m.kind.to_string(),
                m.before.clone().unwrap_or_default(),
                m.after.clone().unwrap_or_default(),
                m.status.name().to_string(),
                m.changes.join("; "),
            ]);
        }
    }
    text_rows(
        "Nodes",
        &["from", "to", "kind", "before", "after", "status", "changes"],
        body,
    )
}

fn warnings(c: &Comparison) -> Result<Worksheet, XlsxError> {
    let body = c
        .warnings
        .iter()
        .map(|d| {
            vec![
                d.code.to_string(),
                d.message.clone(),
                d.location.to_string(),
                d.hint.clone().unwrap_or_default(),
            ]
        })
        .collect();
    text_rows("Warnings", &["code", "message", "file", "hint"], body)
}

fn method(c: &Comparison) -> Result<Worksheet, XlsxError> {
    let mut body = vec![
        vec!["change".to_string(), c.methods.change.clone()],
        vec!["rank".to_string(), c.methods.rank.clone()],
        vec!["significance".to_string(), c.methods.significance.clone()],
    ];
    for w in &c.waves {
        let boot = w
            .bootstrap
            .as_ref()
            .map_or("no bootstrap".to_string(), |b| {
                format!(
                    "bootstrap {} replicates, seed {}, level {}{}",
                    b.replicates,
                    b.seed,
                    b.level,
                    if b.draws {
                        ", with draws"
                    } else {
                        ", intervals only"
                    }
                )
            });
        body.push(vec![
            format!("wave {}", w.label),
            format!(
                "{} ({} platforms, {} ranked; {boot})",
                w.file, w.platforms, w.ranked
            ),
        ]);
    }
    text_rows("Method", &["key", "value"], body)
}
