//! Submission metadata shared by the presets: respondent, submission time, completion time and
//! respondent weight. Column names: the source's, else the definition's [quality], else the
//! preset's own.

use super::diag::Diags;
use super::respondent::IdentityCols;
use super::settings::Settings;
use super::table::{CellRef, Row, Table};
use super::time::DateOrder;
use super::{Submission, time};
use crate::definition::{Model, PlatformIx, Source};
use crate::diagnostics::{Code, Diagnostic, Location};
use crate::text::match_key;

/// Preset names of the time columns: (submitted_at, duration).
pub(super) type TimeDefaults = (&'static str, &'static str);

pub(crate) struct MetaCols {
    /// The respondent column (or the submission id standing in for it).
    pub respondent: usize,
    pub identity: IdentityCols,
    pub submitted_at: Option<usize>,
    pub duration: Option<usize>,
    pub weight: Option<usize>,
    /// Start time: the duration is end - start when there is no duration column.
    pub started_at: Option<usize>,
    pub date_order: DateOrder,
    /// Seconds east of UTC of times written without an offset (spreadsheet cells never have one).
    pub utc_offset: i64,
    /// Seconds per unit of a plain-number duration.
    pub duration_unit: f64,
    /// Last respondent text and its key: long files repeat a respondent on consecutive rows.
    cache: (String, String),
}

impl MetaCols {
    pub fn resolve(
        model: &Model,
        src: &Source,
        table: &Table,
        respondent: usize,
        defaults: TimeDefaults,
        diags: &mut Diags,
    ) -> Self {
        let q = &model.quality;
        let submitted_at = time_col(
            table,
            src.submitted_at.as_deref().or(q.submitted_at.as_deref()),
            defaults.0,
            q.dedupe_latest,
            "submission times: duplicates cannot be ordered by time",
            diags,
        );
        let duration = time_col(
            table,
            src.duration.as_deref().or(q.duration.as_deref()),
            defaults.1,
            q.min_duration_s.is_some(),
            "completion times: speeders cannot be detected",
            diags,
        );
        let weight = src.weight.as_deref().and_then(|w| {
            let col = table.find_col(&match_key(w));
            if col.is_none() {
                diags.push(missing_col(table, w, "respondent weights", true));
            }
            col
        });
        let o = &src.overrides;
        let submission = super::presets::TIDY_SUBMISSION_ID
            .iter()
            .find_map(|n| table.find_col(&match_key(n)));
        let column = table.headers.get(respondent).cloned().unwrap_or_default();
        MetaCols {
            respondent,
            identity: IdentityCols {
                respondent: Some(respondent),
                submission,
                blank_is_own: false,
                basis: if src.respondent.is_some() {
                    super::RespondentBasis::Declared { column }
                } else {
                    super::RespondentBasis::Preset { column }
                },
            },
            submitted_at,
            duration,
            weight,
            started_at: o
                .started_at
                .as_deref()
                .and_then(|n| table.find_col(&match_key(n))),
            date_order: o
                .date_order
                .as_deref()
                .map_or(DateOrder::Auto, DateOrder::from_name),
            utc_offset: o.utc_offset_s.unwrap_or(q.utc_offset_s),
            duration_unit: o.duration_unit.unwrap_or(1.0),
            cache: Default::default(),
        }
    }

    /// The metadata columns of a preset's settings; `find` looks a column up by any of its
    /// header names (several header rows give a column several names).
    pub fn from_settings(
        model: &Model,
        src: &Source,
        table: &Table,
        identity: IdentityCols,
        settings: &Settings,
        find: &dyn Fn(&str) -> Option<usize>,
        diags: &mut Diags,
    ) -> Self {
        let q = &model.quality;
        let first = |names: &[String]| names.iter().find_map(|n| find(n));
        let submitted_at = first(&settings.submitted_at);
        let needed_at =
            settings.times_named.0 || (q.dedupe_latest && !settings.submitted_at.is_empty());
        if submitted_at.is_none() && needed_at {
            let name = settings
                .submitted_at
                .first()
                .map_or("submitted_at", String::as_str);
            diags.push(missing_col(
                table,
                name,
                "submission times: duplicates cannot be ordered by time",
                false,
            ));
        }
        let started_at = first(&settings.started_at);
        let duration = first(&settings.duration);
        let needed_dur = settings.times_named.1
            || (q.min_duration_s.is_some()
                && !settings.duration.is_empty()
                && started_at.is_none());
        if duration.is_none() && needed_dur {
            let name = settings.duration.first().map_or("duration", String::as_str);
            diags.push(missing_col(
                table,
                name,
                "completion times: speeders cannot be detected",
                false,
            ));
        }
        let weight = src.weight.as_deref().and_then(|w| {
            let col = find(w);
            if col.is_none() {
                diags.push(missing_col(table, w, "respondent weights", true));
            }
            col
        });
        MetaCols {
            respondent: identity.location_col(),
            identity,
            submitted_at,
            duration,
            weight,
            started_at,
            date_order: settings.date_order,
            utc_offset: src.overrides.utc_offset_s.unwrap_or(q.utc_offset_s),
            duration_unit: settings.duration_unit,
            cache: Default::default(),
        }
    }

    /// The submission of one data row.
    pub fn submission(
        &mut self,
        table: &Table,
        row_no: usize,
        row: Row<'_>,
        platform: Option<PlatformIx>,
        diags: &mut Diags,
    ) -> Submission {
        let written = self
            .identity
            .respondent
            .map(|c| crate::text::trim(&row.get(c).display()).to_string());
        let (respondent, respondent_key) = match written {
            Some(text) if !text.is_empty() || !self.identity.blank_is_own => {
                if self.cache.0 != text {
                    self.cache = (text.clone(), match_key(&text));
                }
                (text, self.cache.1.clone())
            }
            _ => (String::new(), self.identity.submission_key(row, row_no)),
        };
        let at = self.submitted_at.map(|c| (c, row.get(c)));
        let (submitted_at, submitted_at_raw) = match at {
            Some((c, cell)) if !cell.is_blank() => {
                let t = timestamp_in(cell, self.date_order, self.utc_offset);
                if t.is_none() {
                    diags.push(bad_time(table, row_no, c, cell));
                }
                (t, Some(raw(cell)))
            }
            _ => (None, None),
        };
        let dur = self.duration.map(|c| (c, row.get(c)));
        let (mut duration_s, duration_raw) = match dur {
            Some((c, cell)) if !cell.is_blank() => {
                let d = duration_in(cell, self.duration_unit);
                if d.is_none() {
                    diags.push(bad_duration(table, row_no, c, cell));
                }
                (d, Some(raw(cell)))
            }
            _ => (None, None),
        };
        if duration_raw.is_none()
            && let (Some(end), Some(c)) = (submitted_at, self.started_at)
            && let Some(start) = timestamp_in(row.get(c), self.date_order, self.utc_offset)
        {
            duration_s = (end >= start).then(|| (end - start) as f64);
        }
        let weight = self
            .weight
            .map_or(1.0, |c| weight(table, row_no, c, row.get(c), diags));
        Submission {
            row: row_no,
            respondent,
            respondent_key,
            respondent_col: self.respondent,
            platform,
            submitted_at,
            submitted_at_raw,
            duration_s,
            duration_raw,
            weight,
            attributes: Vec::new(),
        }
    }
}

fn raw(cell: CellRef<'_>) -> String {
    crate::text::trim(&cell.display()).to_string()
}

/// The column of a time field; a finding when it is named but absent, or absent but needed.
fn time_col(
    table: &Table,
    named: Option<&str>,
    default: &str,
    needed: bool,
    what: &str,
    diags: &mut Diags,
) -> Option<usize> {
    let name = named.unwrap_or(default);
    let col = table.find_col(&match_key(name));
    if col.is_none() && (named.is_some() || needed) {
        diags.push(missing_col(table, name, what, false));
    }
    col
}

fn missing_col(table: &Table, name: &str, what: &str, error: bool) -> Diagnostic {
    let msg = format!("no column {name:?} for {what}");
    let loc = Location::file(&table.file);
    let d = if error {
        Diagnostic::error(Code::MissingColumn, msg, loc)
    } else {
        Diagnostic::warning(Code::MissingColumn, msg, loc)
    };
    d.with_hint(format!(
        "the columns are: {}; name the right one in the source or in [quality]",
        table.header_sample()
    ))
}

/// Seconds since the epoch of a time cell: text, a date cell, or an Excel serial number; local
/// times are `utc_offset` seconds east of UTC.
fn timestamp_in(cell: CellRef<'_>, order: DateOrder, utc_offset: i64) -> Option<i64> {
    match cell {
        CellRef::Number(x) => time::excel_serial_to_epoch(x).map(|t| t - utc_offset),
        CellRef::Text(s) | CellRef::Date(s) => time::parse_timestamp_local(s, order, utc_offset),
        CellRef::Blank => None,
    }
}

/// A completion time in seconds; plain numbers are in `unit` seconds.
fn duration_in(cell: CellRef<'_>, unit: f64) -> Option<f64> {
    match cell {
        CellRef::Number(x) => (x.is_finite() && x >= 0.0).then_some(x * unit),
        CellRef::Text(s) | CellRef::Date(s) => match s.trim().parse::<f64>() {
            Ok(x) if x.is_finite() && x >= 0.0 => Some(x * unit),
            Ok(_) => None,
            Err(_) => time::parse_duration(s),
        },
        CellRef::Blank => None,
    }
}

fn bad_time(table: &Table, row: usize, col: usize, cell: CellRef<'_>) -> Diagnostic {
    Diagnostic::warning(
        Code::BadTimestamp,
        format!("submission time {:?} is not a date and time", cell.display()),
        table.loc(row, col),
    )
    .with_hint("write it like 2025/03/10 14:02:35 or 2025-03-10T14:02:35+08:00; without it this submission cannot be ordered against duplicates")
}

fn bad_duration(table: &Table, row: usize, col: usize, cell: CellRef<'_>) -> Diagnostic {
    Diagnostic::warning(
        Code::BadDuration,
        format!("completion time {:?} is not a duration", cell.display()),
        table.loc(row, col),
    )
    .with_hint("write seconds (523, 523秒) or 8分43秒 / 0:08:43; without it the speeder check skips this submission")
}

/// A respondent weight: a number >= 0. Anything else is an error finding (a weighted index
/// with a guessed weight is not reproducible); 1 stands in so the rest of the file is read.
fn weight(table: &Table, row: usize, col: usize, cell: CellRef<'_>, diags: &mut Diags) -> f64 {
    let parsed = match cell {
        CellRef::Number(x) => Some(x),
        CellRef::Text(s) => match_key(s).parse::<f64>().ok(),
        CellRef::Blank | CellRef::Date(_) => None,
    };
    match parsed {
        Some(w) if w.is_finite() && w >= 0.0 => w,
        _ => {
            diags.push(
                Diagnostic::error(
                    Code::BadWeight,
                    format!("respondent weight {:?} is not a number >= 0", cell.display()),
                    table.loc(row, col),
                )
                .with_hint("weights are numbers >= 0 (1 = normal weight); fix the cell or remove `weight` from the source"),
            );
            1.0
        }
    }
}
