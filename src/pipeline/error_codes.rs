//! Stable codes of the errors that stop a run, for machine-readable error output
//! (`--format json`): a script matches on the code, never on the message.

use super::RunError;
use crate::ingest::IngestError;

impl RunError {
    pub fn code(&self) -> &'static str {
        match self {
            RunError::Ingest(e) => e.code(),
            RunError::Aggregate(_) => "aggregate-refused",
            RunError::NoSurvey => "no-survey",
            RunError::UnknownSource { .. } => "unknown-source",
            RunError::NoSurveySource { .. } => "no-survey-source",
            RunError::TooManyDuplicates { .. } => "too-many-duplicates",
            RunError::NothingScored { .. } => "nothing-scored",
        }
    }

    /// The input file the error is about, when it is about one.
    pub fn file(&self) -> Option<&str> {
        match self {
            RunError::Ingest(e) => Some(e.file()),
            RunError::NoSurveySource { file } | RunError::TooManyDuplicates { file, .. } => {
                Some(file)
            }
            _ => None,
        }
    }
}

impl IngestError {
    pub fn code(&self) -> &'static str {
        match self {
            IngestError::Io { .. } => "read-failed",
            IngestError::Format { .. } => "unreadable-input",
        }
    }

    pub fn file(&self) -> &str {
        match self {
            IngestError::Io { file, .. } | IngestError::Format { file, .. } => file,
        }
    }
}
