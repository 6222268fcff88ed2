//! Speeders: an absolute minimum (`min_duration_s`) and a minimum relative to the run
//! (`min_duration_ratio`): a submission that rated k platforms is a speeder when it took less
//! than ratio x k x the median seconds per platform rated over the run's kept submissions.
//! Seconds per platform put a 问卷星 submission rating 7 platforms and a Qualtrics row rating
//! one on the same footing.

use super::{Run, Screening, exclude};
use crate::ingest::{SurveyData, format_number};

pub(super) fn absolute(run: &Run, st: &mut Screening) {
    let Some(min) = run.model.quality.min_duration_s else {
        return;
    };
    for (f, data) in run.surveys.iter().enumerate() {
        for (s, sub) in data.submissions.iter().enumerate() {
            if let Some(d) = sub.duration_s
                && st.kept[f][s]
                && d < min
            {
                let detail = format!(
                    "completed in {}, under the minimum of {} s",
                    shown_duration(data, s, d),
                    format_number(min)
                );
                exclude(run, st, (f, s), "speeder", detail);
            }
        }
    }
}

pub(super) fn relative(run: &Run, st: &mut Screening) {
    let Some(ratio) = run.model.quality.min_duration_ratio else {
        return;
    };
    let Some(median) = median_per_platform(run, st) else {
        return;
    };
    for (f, data) in run.surveys.iter().enumerate() {
        for (s, sub) in data.submissions.iter().enumerate() {
            let k = run.rated[f][s].len();
            let Some(d) = sub.duration_s else { continue };
            let limit = ratio * median * k as f64;
            if !st.kept[f][s] || k == 0 || d >= limit {
                continue;
            }
            let detail = format!(
                "completed in {} for {k} platform(s), {} s per platform; the limit is {} x the median of {} s per platform = {} s",
                shown_duration(data, s, d),
                round1(d / k as f64),
                format_number(ratio),
                round1(median),
                round1(limit)
            );
            exclude(run, st, (f, s), "speeder", detail);
        }
    }
}

/// Median seconds per platform rated over the kept submissions with a duration.
fn median_per_platform(run: &Run, st: &Screening) -> Option<f64> {
    let mut per: Vec<f64> = Vec::new();
    for (f, data) in run.surveys.iter().enumerate() {
        for (s, sub) in data.submissions.iter().enumerate() {
            let k = run.rated[f][s].len();
            if let Some(d) = sub.duration_s.filter(|d| d.is_finite())
                && st.kept[f][s]
                && k > 0
            {
                per.push(d / k as f64);
            }
        }
    }
    if per.is_empty() {
        return None;
    }
    per.sort_by(f64::total_cmp);
    let n = per.len();
    Some(if n % 2 == 1 {
        per[n / 2]
    } else {
        (per[n / 2 - 1] + per[n / 2]) / 2.0
    })
}

fn round1(x: f64) -> String {
    format_number((x * 10.0).round() / 10.0)
}

/// "98 s", or "98 s (1分38秒)" when the file wrote it another way.
fn shown_duration(data: &SurveyData, s: usize, d: f64) -> String {
    let mut shown = format!("{} s", format_number(d));
    if let Some(raw) = data.submissions[s]
        .duration_raw
        .as_deref()
        .filter(|r| r.trim() != format_number(d))
    {
        shown.push_str(&format!(" ({raw})"));
    }
    shown
}
