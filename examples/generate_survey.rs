//! Writes a large synthetic tidy survey (the shape of `fixtures/tidy_long.csv`) for benchmarks.
//!
//! ```sh
//! cargo run --release --example generate_survey -- --rows 1000000 --out big.csv
//! qbpc-index score big.csv            # the embedded definition reads it unconfigured
//! ```
//!
//! Options: `--rows N` (default 10000), `--seed S` (42), `--items K` (the first K of the 31
//! item columns), `--platforms P` (10; more than 10 also writes `platforms.csv` and
//! `definition.toml` next to `--out`: the default definition plus a `platform_list`).
//! Rows are streamed: memory stays flat whatever N is. About 200 bytes per row.
//! An `--out` ending in `.xlsx` writes the first `--columns C` columns (default 30) to a
//! workbook instead, numbers as numbers (for the XLSX read benchmark; held in memory).

#[path = "../benches/support/synth.rs"]
mod synth;

use std::io::BufWriter;
use std::path::PathBuf;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut opts = synth::Options::default();
    let mut out: Option<PathBuf> = None;
    let mut columns = 30;
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let mut value = || args.next().ok_or(format!("{flag} needs a value"));
        match flag.as_str() {
            "--rows" => opts.rows = value()?.replace('_', "").parse()?,
            "--seed" => opts.seed = value()?.parse()?,
            "--items" => opts.items = value()?.parse()?,
            "--platforms" => opts.platforms = value()?.parse()?,
            "--columns" => columns = value()?.parse()?,
            "--out" | "-o" => out = Some(value()?.into()),
            "--help" | "-h" => {
                println!(
                    "generate_survey --rows N --out FILE [--seed S] [--items K] [--platforms P]"
                );
                return Ok(());
            }
            other => return Err(format!("unknown argument {other:?} (try --help)").into()),
        }
    }
    let out = out.ok_or("give --out FILE")?;
    if opts.platforms == 0 || opts.items == 0 {
        return Err("--platforms and --items must be at least 1".into());
    }
    if out
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"))
    {
        return write_xlsx(&out, &opts, columns);
    }
    let file = std::fs::File::create(&out)?;
    let mut w = BufWriter::with_capacity(1 << 20, file);
    synth::write_tidy(&mut w, &opts)?;
    if opts.platforms > 10 {
        let dir = out.parent().unwrap_or(std::path::Path::new("."));
        std::fs::write(
            dir.join("platforms.csv"),
            synth::platform_list(opts.platforms),
        )?;
        let default = qbpc_index::definition::DEFAULT_TOML;
        std::fs::write(
            dir.join("definition.toml"),
            format!("platform_list = \"platforms.csv\"\n{default}"),
        )?;
    }
    Ok(())
}

/// The survey's first `columns` columns as a workbook: integers and decimals as number cells,
/// everything else as text.
fn write_xlsx(
    out: &std::path::Path,
    opts: &synth::Options,
    columns: usize,
) -> Result<(), Box<dyn std::error::Error>> {
    let mut text = Vec::new();
    synth::write_tidy(&mut text, opts)?;
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_slice());
    for (r, rec) in reader.records().enumerate() {
        let rec = rec?;
        for (c, field) in rec.iter().take(columns).enumerate() {
            let (r, c) = (r as u32, c as u16);
            match field.parse::<f64>() {
                Ok(x) if r > 0 && !field.is_empty() => sheet.write_number(r, c, x)?,
                _ if field.is_empty() => sheet,
                _ => sheet.write_string(r, c, field)?,
            };
        }
    }
    book.save(out)?;
    Ok(())
}
