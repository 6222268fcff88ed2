//! Which preset a survey file follows: detected from its header rows (and the file name, for
//! 问卷星 download modes) when the source says `auto`, checked against the file when the source
//! forces one. A file that is no known export, or not the forced one, is a Format error that
//! names what was expected and what was found.

use super::IngestError;
use super::settings::Settings;
use super::table::{Table, format_error};
use super::wjx_headers::{Dialect, parse_headers, parse_numbered};
use crate::definition::{Model, Preset, QuestionSel, ScaleKind, Source};
use crate::text::match_key;

pub(super) const TIDY_RESPONDENT: &str = "respondent_id";
pub(super) const TIDY_PLATFORM: &str = "platform";

/// Presets in the order auto-detection tries them (the most specific signatures first).
const ORDER: [Preset; 9] = [
    Preset::Qualtrics,
    Preset::QualtricsLegacy,
    Preset::SurveyMonkey,
    Preset::Tencent,
    Preset::WjxText,
    Preset::GoogleForms,
    Preset::LimeSurvey,
    Preset::Kobo,
    Preset::Tidy,
];

/// What the first header rows hold, for the signature checks.
struct Probe<'a> {
    table: &'a Table,
    /// match keys of the first three rows from the header row.
    rows: Vec<Vec<String>>,
    file_name: String,
}

impl<'a> Probe<'a> {
    fn new(table: &'a Table, path: &std::path::Path) -> Result<Self, IngestError> {
        let head = table.head_rows(3)?;
        Ok(Probe {
            table,
            rows: head
                .iter()
                .map(|r| r.iter().map(|h| match_key(h)).collect())
                .collect(),
            file_name: path
                .file_name()
                .map_or(String::new(), |f| f.to_string_lossy().into_owned()),
        })
    }

    fn has(&self, name: &str) -> bool {
        self.in_row(0, name)
    }

    fn in_row(&self, r: usize, name: &str) -> bool {
        let key = match_key(name);
        self.rows.get(r).is_some_and(|row| row.contains(&key))
    }

    fn any(&self, names: &[&str]) -> bool {
        names.iter().any(|n| self.has(n))
    }
}

/// The preset to read the file with.
pub(crate) fn settle(
    model: &Model,
    src: &Source,
    table: &Table,
    path: &std::path::Path,
) -> Result<Preset, IngestError> {
    let probe = Probe::new(table, path)?;
    match src.preset {
        Preset::PlatformTable => Err(format_error(
            &table.file,
            format!(
                "source \"{}\" is a platform-level table, not a survey export",
                src.id
            ),
            "give it `kind = \"platform\"`, or set a survey preset (`wjx-text`, `qualtrics`, `tidy` ...)",
        )),
        Preset::Auto => match auto(model, src, &probe)? {
            Some((p, _)) => Ok(p),
            None => Err(undetected(src, &probe)),
        },
        forced => check_forced(model, src, &probe, forced).map(|()| forced),
    }
}

/// The preset auto-detection finds, with the evidence for it; None when the file matches no
/// preset (what `settle` refuses). `inspect` and `init --from` use it to say what `score`
/// will read.
pub(super) fn detect(
    model: &Model,
    src: &Source,
    table: &Table,
    path: &std::path::Path,
) -> Option<(Preset, String)> {
    let probe = Probe::new(table, path).ok()?;
    auto(model, src, &probe).ok().flatten()
}

/// The first preset whose signature the header rows match (a 问卷星 file in its download
/// mode), with the evidence.
fn auto(
    model: &Model,
    src: &Source,
    probe: &Probe<'_>,
) -> Result<Option<(Preset, String)>, IngestError> {
    let Some(found) = ORDER
        .into_iter()
        .find(|&p| signature(src, probe, p).is_ok())
    else {
        return Ok(None);
    };
    if is_wjx(found) {
        return wjx_mode(model, src, probe, Refuse::Ambiguous).map(Some);
    }
    let evidence = format!("its header rows match the {} export", family(found));
    Ok(Some((found, evidence)))
}

fn is_wjx(p: Preset) -> bool {
    matches!(p, Preset::WjxText | Preset::WjxIndex | Preset::WjxScore)
}

/// Ok when the header rows look like the preset's export, else what was expected.
fn signature(src: &Source, p: &Probe<'_>, preset: Preset) -> Result<(), String> {
    let ok = match preset {
        Preset::Qualtrics => {
            p.any(&["StartDate", "EndDate", "ResponseId", "RecordedDate"]) && import_id_row(p)
        }
        Preset::QualtricsLegacy => {
            !import_id_row(p)
                && ((p.has("V1") && p.in_row(1, "ResponseID"))
                    || (p.has("ResponseID") && p.has("ResponseSet")))
        }
        // Older downloads write `RespondentID` / `CollectorID`, and some carry no collector.
        Preset::SurveyMonkey => {
            (p.has("Respondent ID") && p.has("Collector ID"))
                || (p.has("RespondentID") && p.in_row(1, "Response"))
        }
        Preset::Tencent => {
            p.has("编号")
                && p.any(&["开始答题时间", "结束答题时间", "答题时长"])
                && numbered(p.table, Dialect::Tencent)
        }
        Preset::WjxText | Preset::WjxIndex | Preset::WjxScore => {
            p.has("序号") && p.any(&["提交答卷时间", "所用时间"]) && numbered(p.table, Dialect::Wjx)
        }
        Preset::GoogleForms => p
            .rows
            .first()
            .and_then(|r| r.first())
            .is_some_and(|h| GOOGLE_FIRST.iter().any(|g| match_key(g) == *h)),
        // Question-code headings, or the full-text headings of "Export results to R".
        Preset::LimeSurvey => {
            (p.has("submitdate") && p.any(&["lastpage", "startlanguage"]))
                || (p.has("Response ID")
                    && p.has("Date submitted")
                    && p.any(&["Last page", "Start language"]))
        }
        Preset::Kobo => p.any(&["_uuid", "_submission_time", "_parent_index"]),
        Preset::Tidy => {
            p.has(src.respondent.as_deref().unwrap_or(TIDY_RESPONDENT))
                && p.has(src.platform.as_deref().unwrap_or(TIDY_PLATFORM))
        }
        Preset::Auto | Preset::PlatformTable => true,
    };
    if ok {
        Ok(())
    } else {
        Err(expected(src, preset))
    }
}

const GOOGLE_FIRST: [&str; 9] = [
    "Timestamp",
    "时间戳记",
    "時間戳記",
    "Marca temporal",
    "Horodateur",
    "Zeitstempel",
    "Informazioni cronologiche",
    "タイムスタンプ",
    "Carimbo de data/hora",
];

/// What a preset's export looks like, for messages.
fn expected(src: &Source, preset: Preset) -> String {
    match preset {
        Preset::Qualtrics => "3 header rows: field names (StartDate, ResponseId, Q1 ...), question texts, and {\"ImportId\": ...}".into(),
        Preset::QualtricsLegacy => "2 header rows: V1, V2 ... (or ResponseID, ResponseSet ...) and question texts".into(),
        Preset::SurveyMonkey => "2 header rows starting with Respondent ID, Collector ID, Start Date ...".into(),
        Preset::Tencent => "编号, 开始答题时间 / 结束答题时间 / 答题时长 and numbered questions \"1.…\"".into(),
        Preset::WjxText | Preset::WjxIndex | Preset::WjxScore => {
            "序号, 提交答卷时间 / 所用时间 and numbered questions \"1、…\"".into()
        }
        Preset::GoogleForms => "a first column Timestamp (时间戳记, Marca temporal ...)".into(),
        Preset::LimeSurvey => "id, submitdate, lastpage, startlanguage ...".into(),
        Preset::Kobo => "Kobo columns _uuid, _submission_time or _parent_index".into(),
        Preset::Tidy => format!(
            "columns {:?} and {:?}",
            src.respondent.as_deref().unwrap_or(TIDY_RESPONDENT),
            src.platform.as_deref().unwrap_or(TIDY_PLATFORM)
        ),
        Preset::Auto | Preset::PlatformTable => String::new(),
    }
}

/// The third header row of a Qualtrics export: `{"ImportId":"..."}` cells.
fn import_id_row(p: &Probe<'_>) -> bool {
    p.rows
        .get(2)
        .and_then(|row| row.iter().find(|c| !c.is_empty()))
        // 2016 exports quote the key with single quotes: {'ImportId': 'QID2'}.
        .is_some_and(|c| c.starts_with("{\"importid\"") || c.starts_with("{'importid'"))
}

fn numbered(table: &Table, dialect: Dialect) -> bool {
    parse_numbered(&table.headers, dialect, ("【", "】"))
        .iter()
        .any(|c| c.question.is_some())
}

fn check_forced(
    model: &Model,
    src: &Source,
    p: &Probe<'_>,
    forced: Preset,
) -> Result<(), IngestError> {
    if let Err(want) = signature(src, p, forced) {
        let other = ORDER.into_iter().find(|&o| signature(src, p, o).is_ok());
        let looks = other.map_or(String::new(), |o| {
            format!("; it looks like a {} export", family(o))
        });
        let hint = match other {
            Some(o) => format!("remove `preset` from the source (or set it to \"auto\") to detect the export, or set `preset = \"{}\"`", o.name()),
            None => "check that this is the export the source expects, and that its header rows are the first rows of the file".into(),
        };
        return Err(format_error(
            &p.table.file,
            format!(
                "preset \"{}\" is set for source \"{}\", but this file is not a {} export: expected {want}; found {}{looks}",
                forced.name(),
                src.id,
                family(forced),
                p.table.header_sample()
            ),
            &hint,
        ));
    }
    if is_wjx(forced) {
        // The source says which download it is: whole numbers alone (weak evidence) do not
        // contradict it, only the file name, headers or cells do.
        let (mode, evidence) = wjx_mode(model, src, p, Refuse::Never)?;
        let clash = match forced {
            Preset::WjxText => mode != Preset::WjxText && !evidence.is_empty(),
            _ => mode == Preset::WjxText && !evidence.is_empty(),
        };
        if clash {
            return Err(format_error(
                &p.table.file,
                format!(
                    "preset \"{}\" expects a 问卷星 {} export, but this is a {} export ({evidence})",
                    forced.name(),
                    wjx_mode_name(forced),
                    wjx_mode_name(mode)
                ),
                &format!(
                    "set `preset = \"{}\"` (or \"auto\") in the source, or download the data again in 问卷星 as {}",
                    mode.name(),
                    wjx_mode_name(forced)
                ),
            ));
        }
    }
    Ok(())
}

fn family(p: Preset) -> &'static str {
    match p {
        Preset::WjxText | Preset::WjxIndex | Preset::WjxScore => "问卷星",
        Preset::Tencent => "腾讯问卷",
        Preset::Qualtrics => "Qualtrics",
        Preset::QualtricsLegacy => "Qualtrics (legacy)",
        Preset::SurveyMonkey => "SurveyMonkey",
        Preset::GoogleForms => "Google Forms",
        Preset::LimeSurvey => "LimeSurvey",
        Preset::Kobo => "KoboToolbox",
        Preset::Tidy => "tidy",
        Preset::Auto | Preset::PlatformTable => "survey",
    }
}

fn wjx_mode_name(p: Preset) -> &'static str {
    match p {
        Preset::WjxIndex => "按选项序号 (option index)",
        Preset::WjxScore => "按分数 (score)",
        _ => "按选项文本 (option text)",
    }
}

/// 问卷星 download mode, and the evidence for it: the file name (`…_按序号_…`), an option-index
/// header (`3(天猫)`), or the answers of ordinal matrix questions (all whole numbers).
/// Whether [`wjx_mode`] refuses a file whose mode only whole numbers suggest and whose scales
/// read those numbers two ways.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Refuse {
    /// Auto-detection: the mode decides the scores, so a guess that matters is refused.
    Ambiguous,
    /// The source forces a mode: the weak guess is returned with no evidence (no clash).
    Never,
}

fn wjx_mode(
    model: &Model,
    src: &Source,
    p: &Probe<'_>,
    refuse: Refuse,
) -> Result<(Preset, String), IngestError> {
    for (mark, mode) in [
        ("按序号", Preset::WjxIndex),
        ("按分数", Preset::WjxScore),
        ("按文本", Preset::WjxText),
    ] {
        if p.file_name.contains(mark) {
            return Ok((mode, format!("the file name says {mark}")));
        }
    }
    if let Some(h) = p.table.headers.iter().find(|h| is_index_mode_header(h)) {
        return Ok((Preset::WjxIndex, format!("header {h:?}")));
    }
    if let Some(found) = mode_markers(p.table)? {
        return Ok(found);
    }
    // Whole numbers alone are weak evidence: a 按文本 download whose options are numbers
    // ("0" … "10") holds whole numbers too. Taken only when both readings agree.
    let weak = if let Some(share) = integer_columns(p.table)? {
        format!("{share}% of the question columns hold only whole numbers (option codes)")
    } else {
        let (ints, labels) = answer_kinds(model, src, p.table)?;
        match (ints, labels) {
            (_, Some(l)) => return Ok((Preset::WjxText, format!("answers such as {l:?}"))),
            (Some(i), None) => format!("answers such as {i:?} where labels were expected"),
            (None, None) => return Ok((Preset::WjxText, String::new())),
        }
    };
    if refuse == Refuse::Never {
        return Ok((Preset::WjxIndex, String::new()));
    }
    if let Some(clash) = numbers_read_two_ways(model, src, p.table) {
        return Err(format_error(
            &p.table.file,
            format!(
                "cannot tell the 问卷星 download mode: {weak}, and {clash}, so the file scores differently read as 按选项序号 (option index) and as 按选项文本 (option text); nothing in the file name, headers or cells says which it is"
            ),
            "set `preset = \"wjx-index\"` (按序号 download) or `preset = \"wjx-text\"` (按文本 download) in the [[sources]] entry, or keep the download's own file name (…_按序号_… / …_按文本_…)",
        ));
    }
    Ok((Preset::WjxIndex, weak))
}

/// Cells only one download mode writes: -3 / -2 (skipped, unanswered) in the option-index
/// download, (跳过) / (空) in the option-text download.
fn mode_markers(table: &Table) -> Result<Option<(Preset, String)>, IngestError> {
    let cols: Vec<usize> = parse_headers(&table.headers)
        .iter()
        .enumerate()
        .filter(|(_, c)| c.question.is_some())
        .map(|(i, _)| i)
        .collect();
    let (mut found, mut rows) = (None, 0);
    table.for_each_row(|_, row| {
        rows += 1;
        if rows > 200 || found.is_some() {
            return;
        }
        for &c in &cols {
            let shown = row.get(c).display();
            let shown = crate::text::trim(&shown);
            let mode = match shown {
                "-3" | "-2" => Preset::WjxIndex,
                "(跳过)" | "(空)" | "（跳过）" | "（空）" => Preset::WjxText,
                _ => continue,
            };
            found = Some((mode, format!("cells such as {shown:?}")));
            return;
        }
    })?;
    Ok(found)
}

/// A whole number that an ordinal scale of this file's items reads as one answer when it is
/// an option index (code k = the k-th label, K + 1 = the first N/A spelling) and as another
/// when it is the option's text (a label or alias): `"1"` is the label "0" of a 0–10 scale as
/// an index, and "1" as text. Described for the message; None when both readings agree.
fn numbers_read_two_ways(model: &Model, src: &Source, table: &Table) -> Option<String> {
    let si = model.sources.iter().position(|s| s.id == src.id);
    let in_file: Vec<u32> = parse_headers(&table.headers)
        .iter()
        .filter_map(|c| c.question)
        .collect();
    for it in &model.items {
        let Some(QuestionSel::Number(q)) = it.question else {
            continue;
        };
        if Some(it.source) != si || !in_file.contains(&q) {
            continue;
        }
        let Some(scale) = model.scales.get(it.scale) else {
            continue;
        };
        let ScaleKind::Ordinal(o) = &scale.kind else {
            continue;
        };
        // Codes from 1 first (the clearest example), 0 last.
        for code in (1..=o.labels.len() + 1).chain([0]) {
            let key = code.to_string();
            let Some(&as_text) = o.scores.get(&key) else {
                continue;
            };
            let as_index = code
                .checked_sub(1)
                .and_then(|k| o.labels.get(k))
                .map(|(label, v)| (label.as_str(), *v));
            if as_index.is_none_or(|(_, v)| (v - as_text).abs() > 1e-9) {
                let index = match as_index {
                    Some((l, _)) => format!("the answer {l:?}"),
                    None if code == o.labels.len() + 1 && !scale.na.is_empty() => {
                        "the scale's N/A answer".to_string()
                    }
                    None => "no answer of the scale".to_string(),
                };
                return Some(format!(
                    "question {q} (item \"{}\", scale \"{}\") has {key:?} both as an answer of its own and as option number {key}, which is {index}",
                    it.id, scale.id
                ));
            }
        }
    }
    None
}

/// The share (in %) of numbered question columns holding only whole numbers, when it is at
/// least two thirds: the option-index download, whose file name was changed (questions
/// answered with labels, or free text, would be text columns).
fn integer_columns(table: &Table) -> Result<Option<usize>, IngestError> {
    let cols: Vec<usize> = parse_headers(&table.headers)
        .iter()
        .enumerate()
        .filter(|(_, c)| c.question.is_some())
        .map(|(i, _)| i)
        .collect();
    let mut state = vec![(false, true); cols.len()]; // (any value, all integers)
    let mut rows = 0;
    table.for_each_row(|_, row| {
        rows += 1;
        if rows > 200 {
            return;
        }
        for (&c, st) in cols.iter().zip(state.iter_mut()) {
            let cell = row.get(c);
            if cell.is_blank() {
                continue;
            }
            st.0 = true;
            if match_key(&cell.display()).parse::<i64>().is_err() {
                st.1 = false;
            }
        }
    })?;
    let answered: Vec<&(bool, bool)> = state.iter().filter(|s| s.0).collect();
    if answered.is_empty() {
        return Ok(None);
    }
    let share = answered.iter().filter(|s| s.1).count() * 100 / answered.len();
    Ok((share * 3 >= 200).then_some(share))
}

/// A whole-number answer and a text answer of the ordinal matrix questions, if any (the first
/// 50 data rows).
fn answer_kinds(
    model: &Model,
    src: &Source,
    table: &Table,
) -> Result<(Option<String>, Option<String>), IngestError> {
    let si = model.sources.iter().position(|s| s.id == src.id);
    let ordinal: Vec<u32> = model
        .items
        .iter()
        .filter(|it| Some(it.source) == si)
        .filter(|it| {
            matches!(
                model.scales.get(it.scale).map(|s| &s.kind),
                Some(ScaleKind::Ordinal(_))
            )
        })
        .filter_map(|it| match it.question {
            Some(QuestionSel::Number(q)) => Some(q),
            _ => None,
        })
        .collect();
    let cols: Vec<usize> = parse_headers(&table.headers)
        .iter()
        .enumerate()
        .filter(|(_, c)| c.question.is_some_and(|q| ordinal.contains(&q)))
        .map(|(i, _)| i)
        .collect();
    let markers = Settings::new(model, src, Preset::WjxIndex).markers;
    let (mut ints, mut labels, mut rows) = (None, None, 0);
    table.for_each_row(|_, row| {
        rows += 1;
        if rows > 50 || labels.is_some() {
            return;
        }
        for &c in &cols {
            let cell = row.get(c);
            if cell.is_blank() || markers.marker(cell).is_some() {
                continue;
            }
            let shown = cell.display();
            if match_key(&shown).parse::<i64>().is_ok() {
                ints.get_or_insert(shown);
            } else {
                labels = Some(shown);
                return;
            }
        }
    })?;
    Ok((ints, labels))
}

/// `3(天猫)`: a bare question number with an option in parentheses, which only the 按选项序号
/// export writes (one 0/1 column per option).
fn is_index_mode_header(h: &str) -> bool {
    let h = crate::text::trim(h);
    let digits = h.bytes().take_while(u8::is_ascii_digit).count();
    digits > 0 && (h[digits..].starts_with('(') || h[digits..].starts_with('（'))
}

fn undetected(src: &Source, p: &Probe<'_>) -> IngestError {
    let list: Vec<String> = ORDER
        .iter()
        .filter(|&&o| o != Preset::WjxIndex && o != Preset::WjxScore)
        .map(|&o| format!("{} ({})", family(o), expected(src, o)))
        .collect();
    format_error(
        &p.table.file,
        format!(
            "cannot tell which export this is: expected one of {}; found {}{}",
            list.join("; "),
            p.table.header_sample(),
            p.table
                .encoding
                .map_or(String::new(), |e| format!(" (read as {e} text)"))
        ),
        "set `preset` in the [[sources]] entry (wjx-text, wjx-index, tencent, qualtrics, surveymonkey, google-forms, limesurvey, kobo, tidy ...), or check that the first row holds the column names",
    )
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
