//! The values each preset stands for, before a source overrides them (see `Settings`).

use super::settings::RespondentRef;
use super::time::DateOrder;
use super::values::{WJX_EMPTY, WJX_SKIP};
use crate::definition::{DropRule, Preset};
use crate::text::match_key;

/// The submission id column of tidy files.
pub(super) const TIDY_SUBMISSION_ID: [&str; 1] = ["submission_id"];

pub(super) struct Defaults {
    pub header_rows: usize,
    pub skip: &'static [&'static str],
    pub empty: &'static [&'static str],
    pub skip_codes: &'static [&'static str],
    pub empty_codes: &'static [&'static str],
    pub multi_sep: &'static str,
    pub other_suffix: Option<&'static str>,
    pub letter_prefix: bool,
    pub respondent: RespondentRef,
    /// Columns that name the respondent by the format's own convention (Qualtrics
    /// `ExternalReference`): tried before the headers that name one.
    pub identity_columns: &'static [&'static str],
    /// Metadata columns that identify a person without being the respondent (names and
    /// e-mail of the recipient, the device's phone number): redacted, never read.
    pub identifying_meta: &'static [&'static str],
    /// The column that identifies a submission (问卷星 序号, `ResponseId`, `_uuid` ...).
    pub submission_id: &'static [&'static str],
    /// Candidate column names, first found wins.
    pub submitted_at: &'static [&'static str],
    pub started_at: &'static [&'static str],
    pub duration: &'static [&'static str],
    pub date_order: DateOrder,
    pub drop: Vec<DropRule>,
    /// Metadata columns: never items, never the respondent by default.
    pub metadata: &'static [&'static str],
}

pub(super) fn defaults(preset: Preset) -> Defaults {
    match preset {
        Preset::WjxText | Preset::WjxIndex | Preset::WjxScore => wjx(preset),
        Preset::Tencent => tencent(),
        Preset::Qualtrics | Preset::QualtricsLegacy => qualtrics(preset),
        Preset::SurveyMonkey => surveymonkey(),
        Preset::GoogleForms => Defaults {
            multi_sep: ", ",
            identity_columns: &["Email Address", "电子邮件地址", "Username"],
            submitted_at: &GOOGLE_TIMESTAMPS,
            metadata: &GOOGLE_META,
            ..base()
        },
        Preset::LimeSurvey => Defaults {
            identity_columns: &["token"],
            submission_id: &["id"],
            submitted_at: &["submitdate"],
            started_at: &["startdate"],
            duration: &["interviewtime"],
            // LimeSurvey exports incomplete responses with an empty submit date.
            drop: vec![rule("submitdate", &[], &[""], "unfinished")],
            metadata: &LIMESURVEY_META,
            ..base()
        },
        Preset::Kobo => Defaults {
            multi_sep: " ",
            submission_id: &["_uuid", "_id"],
            other_suffix: Some("_other"),
            submitted_at: &["end", "_submission_time"],
            started_at: &["start"],
            identifying_meta: &["username", "phonenumber", "_submitted_by"],
            metadata: &KOBO_META,
            ..base()
        },
        Preset::Tidy | Preset::Auto | Preset::PlatformTable => Defaults {
            respondent: RespondentRef::Column("respondent_id".into()),
            submission_id: &TIDY_SUBMISSION_ID,
            submitted_at: &["submitted_at"],
            duration: &["duration_sec"],
            other_suffix: Some("_other"),
            ..base()
        },
    }
}

fn base() -> Defaults {
    Defaults {
        header_rows: 1,
        skip: &[],
        empty: &[],
        skip_codes: &[],
        empty_codes: &[],
        multi_sep: ";",
        other_suffix: None,
        letter_prefix: false,
        respondent: RespondentRef::Named,
        identity_columns: &[],
        identifying_meta: &[],
        submission_id: &[],
        submitted_at: &[],
        started_at: &[],
        duration: &[],
        date_order: DateOrder::Auto,
        drop: Vec::new(),
        metadata: &[],
    }
}

/// 问卷星: the index and score downloads write -3 (skipped) and -2 (unanswered) too.
fn wjx(preset: Preset) -> Defaults {
    let codes = preset != Preset::WjxText;
    Defaults {
        skip: &WJX_SKIP,
        empty: &WJX_EMPTY,
        skip_codes: if codes { &["-3"] } else { &[] },
        empty_codes: if codes { &["-2"] } else { &[] },
        multi_sep: "┋",
        submission_id: &["序号"],
        submitted_at: &["提交答卷时间"],
        duration: &["所用时间"],
        metadata: &WJX_META,
        ..base()
    }
}

fn tencent() -> Defaults {
    Defaults {
        multi_sep: "┋",
        other_suffix: Some(":填空内容"),
        letter_prefix: true,
        submission_id: &["编号"],
        submitted_at: &["结束答题时间"],
        started_at: &["开始答题时间"],
        duration: &["答题时长"],
        metadata: &TENCENT_META,
        ..base()
    }
}

/// Qualtrics drops previews (`Status`) and unfinished responses (`Finished`); the member id
/// is `ExternalReference` (`ExternalDataReference` in the legacy exporter).
fn qualtrics(preset: Preset) -> Defaults {
    let legacy = preset == Preset::QualtricsLegacy;
    Defaults {
        header_rows: if legacy { 2 } else { 3 },
        multi_sep: ",",
        other_suffix: Some("_TEXT"),
        identity_columns: &["ExternalReference", "ExternalDataReference"],
        identifying_meta: &["RecipientLastName", "RecipientFirstName", "RecipientEmail"],
        submission_id: &["ResponseId", "ResponseID"],
        submitted_at: &["RecordedDate", "EndDate"],
        started_at: &["StartDate"],
        duration: &["Duration (in seconds)"],
        drop: vec![
            rule("Status", &["IP Address", "0"], &[], "preview"),
            rule("Finished", &["True", "1"], &[], "unfinished"),
        ],
        metadata: &QUALTRICS_META,
        ..base()
    }
}

/// SurveyMonkey: a row without `Custom Data 1` (the member id) is a test through another
/// collector.
fn surveymonkey() -> Defaults {
    Defaults {
        header_rows: 2,
        identity_columns: &["Custom Data 1"],
        identifying_meta: &["Email Address", "First Name", "Last Name"],
        submission_id: &["Respondent ID"],
        submitted_at: &["End Date", "EndDate"],
        started_at: &["Start Date", "StartDate"],
        drop: vec![rule("Custom Data 1", &[], &[""], "test-response")],
        metadata: &SURVEYMONKEY_META,
        ..base()
    }
}

fn rule(column: &str, keep: &[&str], values: &[&str], reason: &str) -> DropRule {
    DropRule {
        column: column.into(),
        keep: keep.iter().map(|k| match_key(k)).collect(),
        values: values.iter().map(|k| match_key(k)).collect(),
        reason: reason.into(),
    }
}

#[rustfmt::skip]
const WJX_META: [&str; 7] = ["序号", "提交答卷时间", "所用时间", "来源", "来源详情", "来自IP", "总分"];
#[rustfmt::skip]
const TENCENT_META: [&str; 7] = ["编号", "开始答题时间", "结束答题时间", "答题时长", "国家", "省份", "城市"];
#[rustfmt::skip]
const SURVEYMONKEY_META: [&str; 12] = [
    "Respondent ID", "Collector ID", "Start Date", "End Date", "IP Address", "Email Address",
    "First Name", "Last Name", "Custom Data 1", "Custom Data", "StartDate", "EndDate",
];
#[rustfmt::skip]
const LIMESURVEY_META: [&str; 11] = [
    "id", "submitdate", "lastpage", "startlanguage", "seed", "startdate", "datestamp", "token",
    "ipaddr", "refurl", "interviewtime",
];
#[rustfmt::skip]
const QUALTRICS_META: [&str; 20] = [
    "StartDate", "EndDate", "Status", "IPAddress", "Progress", "Duration (in seconds)",
    "Finished", "RecordedDate", "ResponseId", "RecipientLastName", "RecipientFirstName",
    "RecipientEmail", "ExternalReference", "LocationLatitude", "LocationLongitude",
    "DistributionChannel", "UserLanguage", "ResponseID", "ExternalDataReference", "ResponseSet",
];
#[rustfmt::skip]
const GOOGLE_TIMESTAMPS: [&str; 9] = [
    "Timestamp", "时间戳记", "時間戳記", "Marca temporal", "Horodateur", "Zeitstempel",
    "Informazioni cronologiche", "タイムスタンプ", "Carimbo de data/hora",
];
#[rustfmt::skip]
const GOOGLE_META: [&str; 12] = [
    "Timestamp", "时间戳记", "時間戳記", "Marca temporal", "Horodateur", "Zeitstempel",
    "Informazioni cronologiche", "タイムスタンプ", "Carimbo de data/hora", "Email Address",
    "电子邮件地址", "Score",
];
#[rustfmt::skip]
const KOBO_META: [&str; 16] = [
    "start", "end", "today", "deviceid", "username", "simserial", "subscriberid", "phonenumber",
    "_id", "_uuid", "_submission_time", "_validation_status", "_index", "_parent_index",
    "_parent_table_name", "_submitted_by",
];
