use super::*;
pub(super) fn read(
    _model: &Model,
    _source: usize,
    _path: &std::path::Path,
) -> Result<PlatformData, IngestError> {
    todo!()
}
