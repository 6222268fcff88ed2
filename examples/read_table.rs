//! Reads a table the way qbpc-index reads one (CSV, or the first sheet of a workbook, into
//! cells) and prints its size: the qbpc-index side of the XLSX read benchmark
//! (`python3 benches/compare.py xlsx`), next to openpyxl's read-only mode.
//!
//! ```sh
//! cargo run --release --example read_table -- survey.xlsx
//! ```

use std::path::Path;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args().nth(1).ok_or("give a file to read")?;
    let table = qbpc_index::ingest::read_table(Path::new(&path), None)?;
    let cells: usize = table.rows.iter().map(|(_, row)| row.len()).sum();
    println!(
        "{} rows, {} columns, {cells} cells",
        table.rows.len(),
        table.headers.len()
    );
    Ok(())
}
