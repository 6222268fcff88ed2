//! Stable codes of the errors that stop a run, for machine-readable error output
//! (`--format json`): a script matches on the code, never on the message.

use super::RunError;
use crate::diagnostics::ErrorCode;
use crate::ingest::IngestError;

impl RunError {
    pub fn code(&self) -> ErrorCode {
        match self {
            RunError::Ingest(e) => e.code(),
            RunError::Aggregate(_) => ErrorCode::AggregateRefused,
            RunError::NoSurvey => ErrorCode::NoSurvey,
            RunError::UnknownSource { .. } => ErrorCode::UnknownSource,
            RunError::NoSurveySource { .. } => ErrorCode::NoSurveySource,
            RunError::TooManyDuplicates { .. } => ErrorCode::TooManyDuplicates,
            RunError::NothingScored { .. } => ErrorCode::NothingScored,
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
    pub fn code(&self) -> ErrorCode {
        match self {
            IngestError::Io { .. } => ErrorCode::ReadFailed,
            IngestError::Format { .. } => ErrorCode::UnreadableInput,
        }
    }

    pub fn file(&self) -> &str {
        match self {
            IngestError::Io { file, .. } | IngestError::Format { file, .. } => file,
        }
    }
}
