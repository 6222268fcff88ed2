//! The exclusion log as CSV (`score --exclusions FILE`): one row per excluded submission (or
//! per superseded platform rating of a wide submission), with its file, row, respondent,
//! platform, reason and detail. Text cells go through the formula guard: respondents' names
//! and details come from the exports.

use super::OutputError;
use super::guard::guard_text;
use crate::results::Exclusion;

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";
const HEADER: [&str; 7] = [
    "source",
    "file",
    "row",
    "respondent",
    "platform",
    "reason",
    "detail",
];

/// The exclusion log as CSV bytes (header row included, even when nothing was excluded).
pub fn exclusions_csv(list: &[Exclusion], bom: bool) -> Result<Vec<u8>, OutputError> {
    let start = if bom { UTF8_BOM.to_vec() } else { Vec::new() };
    let mut w = ::csv::Writer::from_writer(start);
    w.write_record(HEADER)?;
    for e in list {
        w.write_record([
            guard_text(&e.source).as_ref(),
            guard_text(&e.file).as_ref(),
            &e.row.to_string(),
            guard_text(&e.respondent).as_ref(),
            guard_text(e.platform.as_deref().unwrap_or_default()).as_ref(),
            guard_text(&e.reason).as_ref(),
            guard_text(&e.detail).as_ref(),
        ])?;
    }
    w.flush()?;
    w.into_inner().map_err(|e| OutputError::Io(e.into_error()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_row_per_exclusion_with_guarded_text() {
        let e = Exclusion {
            source: "survey".into(),
            file: "a.xlsx".into(),
            row: 6,
            respondent: "=cmd|' /C calc'!A0".into(),
            platform: Some("jd".into()),
            reason: "duplicate".into(),
            detail: "superseded by the submission in b.csv row 3, \"later\"".into(),
        };
        let text = String::from_utf8(exclusions_csv(&[e], false).unwrap()).unwrap();
        assert_eq!(
            text,
            "source,file,row,respondent,platform,reason,detail\n\
             survey,a.xlsx,6,'=cmd|' /C calc'!A0,jd,duplicate,\"superseded by the submission in b.csv row 3, \"\"later\"\"\"\n"
        );
        assert!(exclusions_csv(&[], true).unwrap().starts_with(UTF8_BOM));
    }
}
