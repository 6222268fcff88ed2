//! Caps on what one input file may make a reader do, against hostile or broken files (zip
//! bombs, a stray cell at `XFD1048576`, a megabyte of nested tags). Each cap has a key; a file
//! that goes past one is refused with a message naming the key ([`crate::XlsxError::limit`]),
//! and `--limit KEY=N` on the qbpc-index command line raises it for a file that is trusted.
//! The other readers of qbpc-index (Parquet) take the same caps (`qbpc_index::ingest::Limits`).

/// The caps. Sizes are in bytes here; the keys give megabytes where that reads better.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Decompressed size of one zip part of a workbook (key `unzipped-mb`); also the total
    /// text one sheet's cells may hold once read.
    pub unzipped_bytes: u64,
    /// Ratio of decompressed to compressed size of a zip part, checked once a part has
    /// inflated past [`RATIO_FLOOR`] bytes (key `zip-ratio`): the signature of a zip bomb.
    pub zip_ratio: u64,
    /// Non-empty cells of one sheet (key `cells`).
    pub cells: u64,
    /// Rows of one sheet: the highest row number a cell may have (key `rows`).
    pub rows: u64,
    /// Columns of one sheet: the highest column number a cell may have (key `columns`).
    pub columns: u64,
    /// Length of one cell's text in UTF-8 bytes (key `cell-bytes`).
    pub cell_bytes: u64,
    /// Nesting depth of the XML elements of a workbook part (key `xml-depth`).
    pub xml_depth: u64,
}

/// Inflated size below which the zip-ratio cap is not checked (small parts of repeated markup
/// compress very well and cost nothing).
pub const RATIO_FLOOR: u64 = 8 << 20;

impl Default for Limits {
    fn default() -> Self {
        Limits {
            unzipped_bytes: 2048 << 20,
            zip_ratio: 100,
            cells: 20_000_000,
            rows: 1_048_576,
            columns: 16_384,
            cell_bytes: 1 << 20,
            xml_depth: 64,
        }
    }
}

/// The keys of `--limit KEY=N`, with what each caps (for help and messages).
pub const KEYS: [(&str, &str); 7] = [
    (
        "unzipped-mb",
        "decompressed size of one part of an xlsx file, and the text of one sheet, in MiB",
    ),
    (
        "zip-ratio",
        "decompressed-to-compressed ratio of an xlsx part (past 8 MiB)",
    ),
    ("cells", "non-empty cells of one sheet"),
    ("rows", "highest row number of a sheet"),
    ("columns", "highest column number of a sheet"),
    ("cell-bytes", "length of one cell's text, in bytes"),
    ("xml-depth", "nesting depth of the XML of an xlsx part"),
];

impl Limits {
    /// The value of a key as the user writes it (megabytes for `unzipped-mb`).
    pub fn get(&self, key: &str) -> Option<u64> {
        Some(match key {
            "unzipped-mb" => self.unzipped_bytes >> 20,
            "zip-ratio" => self.zip_ratio,
            "cells" => self.cells,
            "rows" => self.rows,
            "columns" => self.columns,
            "cell-bytes" => self.cell_bytes,
            "xml-depth" => self.xml_depth,
            _ => return None,
        })
    }

    /// Applies one `KEY=N` assignment; the error says what is wrong and lists the keys.
    pub fn apply(&mut self, assignment: &str) -> Result<(), String> {
        let keys = || KEYS.iter().map(|(k, _)| *k).collect::<Vec<_>>().join(", ");
        let Some((key, value)) = assignment.split_once('=') else {
            return Err(format!("`{assignment}` is not KEY=N (keys: {})", keys()));
        };
        let (key, value) = (key.trim(), value.trim());
        let n: u64 = value
            .replace('_', "")
            .parse()
            .ok()
            .filter(|&n| n > 0)
            .ok_or_else(|| format!("limit {key}: `{value}` is not a whole number above 0"))?;
        match key {
            "unzipped-mb" => {
                self.unzipped_bytes = n
                    .checked_mul(1 << 20)
                    .ok_or_else(|| format!("limit unzipped-mb: {n} MiB is too large"))?;
            }
            "zip-ratio" => self.zip_ratio = n,
            "cells" => self.cells = n,
            "rows" => self.rows = n,
            "columns" => self.columns = n,
            "cell-bytes" => self.cell_bytes = n,
            "xml-depth" => self.xml_depth = n,
            _ => return Err(format!("unknown limit `{key}` (keys: {})", keys())),
        }
        Ok(())
    }

    /// Longest run of sheet XML that one unit (a tag, a text run, a whole `<c>`) may take
    /// before it is complete: what a cell of the longest allowed text can take once escaped.
    pub(crate) fn unit_bytes(&self) -> u64 {
        self.cell_bytes.saturating_mul(8).saturating_add(1 << 20)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn assignments_set_each_key_and_refuse_bad_ones() {
        let mut l = Limits::default();
        for (key, _) in KEYS {
            l.apply(&format!("{key}=7")).unwrap();
            assert_eq!(l.get(key), Some(7), "{key}");
        }
        assert_eq!(l.unzipped_bytes, 7 << 20);
        assert!(l.apply("cells").unwrap_err().contains("KEY=N"));
        assert!(l.apply("cells=0").unwrap_err().contains("above 0"));
        assert!(l.apply("cells=-3").is_err());
        assert!(
            l.apply("nope=3")
                .unwrap_err()
                .contains("unknown limit `nope`")
        );
        assert!(l.apply("unzipped-mb=18446744073709551615").is_err());
        l.apply("cells = 1_000").unwrap();
        assert_eq!(l.cells, 1000);
    }
}
