//! What screening reads of one survey file, row by row: [`ScreenRows`]. The rules
//! (`structural`, `dedupe`, `speed`, `straightline`) are written once over it, and run
//! monomorphised on each implementation: the general path's [`super::GeneralRows`]
//! (`SurveyData` + cell classes) and the columnar path's `ColumnarSurvey`
//! (`columnar.rs`: class codes per row, a million rows with no string made per row).
//!
//! A row is a submission. Accessors take its index in `0..row_count()`.

use super::straightline::{Judge, Straightlined};
use crate::definition::{Model, PlatformIx};
use crate::diagnostics::Location;

/// The rows of one survey file as screening sees them.
pub trait ScreenRows {
    /// Index into `Model::sources`.
    fn source(&self) -> usize;
    /// The file as given by the user, for exclusions and findings.
    fn file(&self) -> &str;
    /// Number of rows (submissions).
    fn row_count(&self) -> usize;
    /// Whether each row rates one platform (long) rather than every platform (wide): a long
    /// row without a platform names none of the definition's.
    fn is_long(&self) -> bool;
    /// Rows the preset or the source dropped before screening, in order: (row, reason code,
    /// what the row held).
    fn dropped(&self) -> impl Iterator<Item = (usize, &str, &str)>;

    /// 1-based row in the file, header rows included.
    fn row(&self, s: usize) -> usize;
    /// The respondent as written.
    fn respondent(&self, s: usize) -> &str;
    /// The key that identifies the respondent across rows ("" when the cell is empty).
    fn respondent_key(&self, s: usize) -> &str;
    /// Number of distinct respondent keys of the file.
    fn key_count(&self) -> usize;
    /// The key numbered `ix` (below `key_count()`).
    fn key(&self, ix: u32) -> &str;
    /// The number of row `s`'s key: `key(key_ix(s)) == respondent_key(s)`, equal numbers
    /// for equal keys, so that rules compare numbers instead of strings.
    fn key_ix(&self, s: usize) -> u32;
    /// Long rows: the platform the row rates. Wide rows: None.
    fn platform(&self, s: usize) -> Option<PlatformIx>;
    /// The platforms the row evaluated (any answer that is not a skip, and the row's
    /// platform), in platform order, each once.
    fn rated(&self, s: usize) -> impl Iterator<Item = PlatformIx>;
    /// Submission time, seconds since 1970-01-01 (local times taken as UTC).
    fn submitted_at(&self, s: usize) -> Option<i64>;
    /// The submission time as written.
    fn submitted_at_raw(&self, s: usize) -> Option<&str>;
    /// Completion time in seconds.
    fn duration_s(&self, s: usize) -> Option<f64>;
    /// The completion time as written.
    fn duration_raw(&self, s: usize) -> Option<&str>;
    /// Where the row's respondent is written, for findings about the row.
    fn respondent_location(&self, s: usize) -> Location;

    /// The rows that `judged` marks and that `judge` finds straight-lined, in row order:
    /// `judge.row` called on each judged row's Likert/frequency answers in column order
    /// ([`super::likert_value`]), the answer of the longest run shown as written.
    fn straightlined(&self, model: &Model, judged: &[bool], judge: &Judge) -> Vec<Straightlined>;
}
