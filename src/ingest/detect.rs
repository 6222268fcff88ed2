//! Which preset a survey file follows, from its header row (`preset = "auto"`).

use super::IngestError;
use super::table::{Table, format_error};
use super::wjx_headers::question_prefix;
use crate::definition::{Preset, Source};
use crate::text::match_key;

/// WJX metadata headers that only its exports have.
const WJX_SEQ: &str = "序号";
const WJX_TIMES: [&str; 2] = ["提交答卷时间", "所用时间"];

pub(super) const TIDY_RESPONDENT: &str = "respondent_id";
pub(super) const TIDY_PLATFORM: &str = "platform";

pub(super) fn detect(src: &Source, table: &Table) -> Result<Preset, IngestError> {
    let keys: Vec<String> = table.headers.iter().map(|h| match_key(h)).collect();
    let has = |name: &str| keys.iter().any(|k| *k == match_key(name));
    let numbered = table.headers.iter().any(|h| question_prefix(h).is_some());
    if has(WJX_SEQ) && WJX_TIMES.iter().any(|t| has(t)) && numbered {
        if let Some(h) = table.headers.iter().find(|h| is_index_mode_header(h)) {
            return Err(format_error(
                &table.file,
                format!(
                    "this looks like a 问卷星 按选项序号 (option index) export (header {h:?}); only the 按选项文本 (option text) export is supported"
                ),
                "download the data again in 问卷星 with 按选项文本下载 (by option text), or set `preset` in the source",
            ));
        }
        return Ok(Preset::WjxText);
    }
    let respondent = src.respondent.as_deref().unwrap_or(TIDY_RESPONDENT);
    let platform = src.platform.as_deref().unwrap_or(TIDY_PLATFORM);
    if has(respondent) && has(platform) {
        return Ok(Preset::Tidy);
    }
    Err(format_error(
        &table.file,
        format!(
            "cannot tell which export this is: expected 问卷星 headers (序号, 提交答卷时间, \"1、...\") or tidy headers ({respondent:?}, {platform:?}); found {}{}",
            table.header_sample(),
            table
                .encoding
                .map_or(String::new(), |e| format!(" (read as {e} text)"))
        ),
        "set `preset = \"wjx-text\"` or `preset = \"tidy\"` in the [[sources]] entry (and `respondent` / `platform` for tidy files), or check that the first row holds the column names",
    ))
}

/// `3(天猫)`: a bare question number with an option in parentheses, which only the 按选项序号
/// export writes (one 0/1 column per option).
fn is_index_mode_header(h: &str) -> bool {
    let h = crate::text::trim(h);
    let digits = h.bytes().take_while(u8::is_ascii_digit).count();
    digits > 0 && (h[digits..].starts_with('(') || h[digits..].starts_with('（'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_mode_headers() {
        assert!(is_index_mode_header("3(天猫)"));
        assert!(is_index_mode_header("16（其他）"));
        assert!(!is_index_mode_header("3、过去12个月(淘宝)"));
        assert!(!is_index_mode_header("序号"));
    }
}
