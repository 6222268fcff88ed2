//! Parquet results (`score -o results.parquet`, `--format parquet`): the wide CSV's columns,
//! one row per platform in ranking order, typed for DuckDB, Spark, polars, pandas and R's
//! arrow: scores are float64 (the published, rounded score under the CSV's name; the
//! unrounded one beside it), ranks and counts nullable int64, ids and names strings, and
//! absent values null (the CSV's empty cells). Text is stored as it is: a Parquet file is no
//! spreadsheet, so no formula guard is needed or wanted (it would change the data).
//!
//! The bytes are deterministic: snappy compression (what every Parquet reader reads), one
//! row group, a fixed `created_by`, and the run manifest (when the run has one) as key-value
//! metadata under `qbpc_index:manifest`.

use super::ranking::{Kind, Layout, RankingTable, Value};
use super::{Exporter, OutputError, Report};
use crate::results::Results;
use ::parquet::arrow::ArrowWriter;
use ::parquet::basic::Compression;
use ::parquet::file::metadata::KeyValue;
use ::parquet::file::properties::WriterProperties;
use arrow_array::{ArrayRef, Float64Array, Int64Array, RecordBatch, StringArray};
use arrow_schema::{DataType, Field, Schema};
use std::sync::Arc;

/// One typed column of a Parquet table.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Column {
    Text(Vec<Option<String>>),
    Float(Vec<Option<f64>>),
    Int(Vec<Option<i64>>),
}

impl Column {
    fn data_type(&self) -> DataType {
        match self {
            Column::Text(_) => DataType::Utf8,
            Column::Float(_) => DataType::Float64,
            Column::Int(_) => DataType::Int64,
        }
    }

    fn into_array(self) -> ArrayRef {
        match self {
            Column::Text(v) => Arc::new(StringArray::from(v)),
            Column::Float(v) => Arc::new(Float64Array::from(v)),
            Column::Int(v) => Arc::new(Int64Array::from(v)),
        }
    }
}

/// Key of the run manifest in the file's key-value metadata.
pub const MANIFEST_KEY: &str = "qbpc_index:manifest";

/// The bytes of a Parquet file holding these columns (all of one length) and metadata.
pub(crate) fn table(
    columns: Vec<(String, Column)>,
    metadata: Vec<(String, String)>,
) -> Result<Vec<u8>, OutputError> {
    let err = |e: &dyn std::fmt::Display| OutputError::Parquet(e.to_string());
    let fields: Vec<Field> = columns
        .iter()
        .map(|(name, c)| Field::new(name, c.data_type(), true))
        .collect();
    let schema = Arc::new(Schema::new(fields));
    let arrays: Vec<ArrayRef> = columns.into_iter().map(|(_, c)| c.into_array()).collect();
    let batch = RecordBatch::try_new(schema.clone(), arrays).map_err(|e| err(&e))?;
    let metadata = (!metadata.is_empty()).then(|| {
        metadata
            .into_iter()
            .map(|(k, v)| KeyValue::new(k, v))
            .collect()
    });
    let props = WriterProperties::builder()
        .set_compression(Compression::SNAPPY)
        // No library version in the bytes: the same results give the same file whatever
        // build of the Parquet crate wrote it.
        .set_created_by("qbpc-index".into())
        .set_key_value_metadata(metadata)
        .build();
    let mut out = Vec::new();
    let mut writer = ArrowWriter::try_new(&mut out, schema, Some(props)).map_err(|e| err(&e))?;
    writer.write(&batch).map_err(|e| err(&e))?;
    writer.close().map_err(|e| err(&e))?;
    Ok(out)
}

/// Renders the wide table of [`super::CsvExporter`] as Parquet.
#[derive(Debug, Clone, Default)]
pub struct ParquetExporter;

impl Exporter for ParquetExporter {
    fn render(&self, results: &Results) -> Result<Vec<u8>, OutputError> {
        let mut metadata = Vec::new();
        if let Some(manifest) = &results.manifest {
            let json = manifest
                .to_json()
                .map_err(|e| OutputError::Parquet(e.to_string()))?;
            metadata.push((
                MANIFEST_KEY.to_string(),
                String::from_utf8_lossy(&json).trim_end().to_string(),
            ));
        }
        table(wide_columns(results), metadata)
    }
}

/// The columns of the wide CSV (the data layout of the shared ranking table), in its order,
/// typed by their kind: absent values are null, not empty strings.
fn wide_columns(results: &Results) -> Vec<(String, Column)> {
    let report = Report {
        results,
        methodology: None,
    };
    let ranking = RankingTable::build(&report, Layout::Data);
    let cells = |c: usize| ranking.rows.iter().filter_map(move |row| row.get(c));
    ranking
        .columns
        .iter()
        .enumerate()
        .map(|(c, column)| {
            let typed = match column.kind {
                Kind::Count => Column::Int(cells(c).map(int).collect()),
                Kind::Text => Column::Text(cells(c).map(text).collect()),
                Kind::Score | Kind::Number | Kind::Probability => {
                    Column::Float(cells(c).map(float).collect())
                }
            };
            (column.key.clone(), typed)
        })
        .collect()
}

fn int(v: &Value) -> Option<i64> {
    match v {
        Value::Int(n) => i64::try_from(*n).ok(),
        _ => None,
    }
}

fn text(v: &Value) -> Option<String> {
    match v {
        Value::Text(s) | Value::Withheld(s) => Some(s.clone()),
        Value::Ids(ids) => Some(ids.join(";")),
        _ => None,
    }
}

fn float(v: &Value) -> Option<f64> {
    match v {
        Value::Score { text, .. } => published(text.as_deref()),
        Value::Number(x) => Some(*x),
        _ => None,
    }
}

/// A published score (the text the CSV shows) as a number.
fn published(display: Option<&str>) -> Option<f64> {
    display
        .and_then(|s| s.trim().parse::<f64>().ok())
        .filter(|x| x.is_finite())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::test_fixture::{bootstrapped, sample};
    use ::parquet::file::reader::{FileReader, SerializedFileReader};

    fn read(bytes: Vec<u8>) -> SerializedFileReader<bytes::Bytes> {
        SerializedFileReader::new(bytes::Bytes::from(bytes)).unwrap()
    }

    /// The columns are the wide CSV's, in its order (the CSV header is the oracle).
    #[test]
    fn columns_are_the_csv_columns() {
        for results in [sample(), bootstrapped()] {
            let csv = super::super::CsvExporter::default()
                .render(&results)
                .unwrap();
            let csv = String::from_utf8(csv).unwrap();
            let header: Vec<&str> = csv.lines().next().unwrap().split(',').collect();
            let file = read(ParquetExporter.render(&results).unwrap());
            let schema = file.metadata().file_metadata().schema_descr();
            let names: Vec<&str> = schema.columns().iter().map(|c| c.name()).collect();
            assert_eq!(names, header);
            assert_eq!(
                file.metadata().file_metadata().num_rows() as usize,
                results.platforms.len()
            );
        }
    }

    #[test]
    fn bytes_are_deterministic_and_say_no_library_version() {
        let a = ParquetExporter.render(&bootstrapped()).unwrap();
        let b = ParquetExporter.render(&bootstrapped()).unwrap();
        assert_eq!(a, b);
        assert!(a.starts_with(b"PAR1") && a.ends_with(b"PAR1"));
        let file = read(a);
        assert_eq!(
            file.metadata().file_metadata().created_by(),
            Some("qbpc-index")
        );
    }

    #[test]
    fn published_scores_are_numbers_and_junk_is_null() {
        assert_eq!(published(Some("72.40")), Some(72.4));
        assert_eq!(published(Some("-0.5")), Some(-0.5));
        assert_eq!(published(Some("")), None);
        assert_eq!(published(Some("NaN")), None);
        assert_eq!(published(None), None);
    }
}
