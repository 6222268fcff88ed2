//! Straight-lining: the same answer clicked down a questionnaire. Measured as the longest run
//! of identical Likert/frequency answers (ordinal scales with at least three answers) in file
//! order, before reverse keying, as a share of the submission's Likert/frequency answers
//! (careless's longstring), with the within-respondent standard deviation in the detail.
//! Reverse-keyed items make it visible: someone who means "excellent" answers "always" to
//! "agree" items and "never" to "removed listings reappear"; a straight-liner answers the
//! same to both.
//!
//! Which answers count ([`likert_value`]) and when a row is straight-lined ([`Judge::row`])
//! are decided here; each [`ScreenRows`] only walks its rows' answers.

// Indexing is in range here: list ixs are below its length.
#![allow(clippy::indexing_slicing)]

use super::rows::ScreenRows;
use super::{Run, Screening, exclusion};
use crate::classify::CellClass;
use crate::definition::{ItemIx, Model, ScaleKind, Straightline, StraightlineAction};
use crate::diagnostics::{Code, Diagnostic};

/// The answer of `item` that straight-lining compares, when it is a Likert/frequency answer
/// (an ordinal scale of at least three answers): its score before reverse keying.
pub(crate) fn likert_value(model: &Model, item: ItemIx, class: &CellClass) -> Option<f64> {
    let it = &model.items[item];
    let (ScaleKind::Ordinal(o), CellClass::Score(v)) = (&model.scales[it.scale].kind, class) else {
        return None;
    };
    if o.labels.len() < 3 {
        return None;
    }
    Some(if it.reverse { o.max + o.min - v } else { *v })
}

/// Whether answers to `item` can be Likert/frequency answers ([`likert_value`]).
pub(crate) fn is_likert(model: &Model, item: ItemIx) -> bool {
    let it = &model.items[item];
    matches!(&model.scales[it.scale].kind, ScaleKind::Ordinal(o) if o.labels.len() >= 3)
}

/// One Likert/frequency answer of a row: its value ([`likert_value`]), whether its item is
/// reverse-keyed, and where the row keeps it (`at`, to show it as written).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Answer<H> {
    pub value: f64,
    pub reverse: bool,
    pub at: H,
}

/// The measures of one row.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Longstring {
    pub answers: usize,
    pub run: usize,
    pub reverse_in_run: usize,
    pub sd: f64,
}

/// A straight-lined row: its index, the answer of its longest run as written, its measures.
#[derive(Debug, Clone)]
pub(crate) struct Straightlined {
    pub row: usize,
    pub shown: String,
    pub measures: Longstring,
}

/// The straight-lining rule of the definition, applied to one row at a time.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Judge {
    min_answers: usize,
    min_share: f64,
}

impl Judge {
    pub(crate) fn new(rule: &Straightline) -> Judge {
        Judge {
            min_answers: rule.min_answers,
            min_share: rule.min_share,
        }
    }

    /// Whether a row whose Likert/frequency answers are `answers` (in column order) is
    /// straight-lined: at least `min_answers` answers, the longest run of identical ones at
    /// least `min_share` of them. Its measures and where the run starts when it is. `list`
    /// is a buffer the caller keeps between rows: a row is walked once without it (most rows
    /// are far from straight-lined) and collected only when it is.
    pub(crate) fn row<H: Copy>(
        &self,
        answers: impl Iterator<Item = Answer<H>> + Clone,
        list: &mut Vec<Answer<H>>,
    ) -> Option<(Longstring, H)> {
        let (n, run) = longest_run(answers.clone().map(|a| a.value));
        if n < self.min_answers || run as f64 / (n as f64) < self.min_share {
            return None;
        }
        list.clear();
        list.extend(answers);
        let (m, first) = longstring(list);
        let first = list.get(first)?.at;
        (m.run as f64 / m.answers as f64 >= self.min_share).then_some((m, first))
    }
}

/// Flag the straight-lined rows among those `judged` (kept after the structural and
/// duplicate checks); exclude them when `straightline = "exclude"`.
pub(super) fn check<R: ScreenRows>(run: &Run<R>, judged: &[Vec<bool>], st: &mut Screening) {
    let rule = run.model.quality.straightline;
    if rule.action == StraightlineAction::Off {
        return;
    }
    let judge = Judge::new(&rule);
    for (f, (data, judged)) in run.files.iter().zip(judged).enumerate() {
        for found in data.straightlined(run.model, judged, &judge) {
            let (s, m) = (found.row, &found.measures);
            let share = m.run as f64 / m.answers as f64;
            let detail = format!(
                "the longest run of identical Likert/frequency answers (\"{}\") covers {} of {} ({:.0}%), {} of them on reverse-keyed items; standard deviation {:.1} on 0..100",
                found.shown,
                m.run,
                m.answers,
                100.0 * share,
                m.reverse_in_run,
                m.sd
            );
            st.diagnostics.push(
                Diagnostic::warning(
                    Code::StraightLining,
                    format!(
                        "submission of \"{}\" looks straight-lined: {detail}",
                        data.respondent(s)
                    ),
                    data.respondent_location(s),
                )
                .with_hint(match (st.kept[f][s], rule.action) {
                    (false, _) => "it is excluded for another reason (see the excluded submissions)",
                    (true, StraightlineAction::Exclude) => "excluded ([quality] straightline = \"exclude\")",
                    _ => "it still counts; set [quality] straightline = \"exclude\" to leave such submissions out",
                }),
            );
            if rule.action == StraightlineAction::Exclude && st.kept[f][s] {
                st.kept[f][s] = false;
                let e = exclusion(run.model, data, s, "straight-lining", detail);
                st.exclusions.push(e);
            }
        }
    }
}

/// The number of values and the length of the longest run of identical ones (as
/// [`longstring`] counts it: a run lasts while values equal its first), without the rest.
fn longest_run(values: impl Iterator<Item = f64>) -> (usize, usize) {
    let (mut n, mut best, mut run, mut first) = (0, 0, 0, f64::NAN);
    for v in values {
        n += 1;
        if run > 0 && (v - first).abs() < 1e-9 {
            run += 1;
        } else {
            best = best.max(run);
            (first, run) = (v, 1);
        }
    }
    (n, best.max(run))
}

/// The longest run of identical answers (a run lasts while values equal its first; the first
/// of equally long runs), with the standard deviation of all answers; and the position in
/// the list of the run's first answer.
fn longstring<H>(list: &[Answer<H>]) -> (Longstring, usize) {
    let n = list.len();
    let same = |a: &Answer<H>, b: &Answer<H>| (a.value - b.value).abs() < 1e-9;
    let (mut best, mut best_start, mut start) = (0usize, 0usize, 0usize);
    for i in 0..=n {
        if i == n || !same(&list[i], &list[start]) {
            if i - start > best {
                best = i - start;
                best_start = start;
            }
            start = i;
        }
    }
    let mean = list.iter().map(|a| a.value).sum::<f64>() / n as f64;
    let var = list.iter().map(|a| (a.value - mean).powi(2)).sum::<f64>() / n as f64;
    let in_run = &list[best_start..best_start + best];
    let m = Longstring {
        answers: n,
        run: best,
        reverse_in_run: in_run.iter().filter(|a| a.reverse).count(),
        sd: var.sqrt(),
    };
    (m, best_start)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answers(values: &[f64]) -> Vec<Answer<usize>> {
        values
            .iter()
            .enumerate()
            .map(|(i, &value)| Answer {
                value,
                reverse: i % 4 == 3,
                at: i,
            })
            .collect()
    }

    #[test]
    fn longest_run_and_sd() {
        let (m, first) = longstring(&answers(&[100.0, 75.0, 75.0, 75.0, 50.0]));
        assert_eq!((m.answers, m.run, first, m.reverse_in_run), (5, 3, 1, 1));
        assert!((m.sd - 15.811388).abs() < 1e-5, "{}", m.sd);
        let (m, _) = longstring(&answers(&[100.0; 8]));
        assert_eq!((m.run, m.reverse_in_run), (8, 2));
        assert_eq!(m.sd, 0.0);
        let (m, first) = longstring(&answers(&[0.0, 25.0, 0.0]));
        assert_eq!((m.run, first), (1, 0));
    }

    /// The walk without a list counts as `longstring` does: a run lasts while values equal
    /// its first, so 0, 1e-10, 2e-9 is one run of two and a run of one.
    #[test]
    fn the_quick_walk_counts_runs_as_longstring_does() {
        for values in [
            &[100.0, 75.0, 75.0, 75.0, 50.0][..],
            &[0.0, 1e-10, 2e-9],
            &[50.0; 12],
            &[],
        ] {
            let (n, run) = longest_run(values.iter().copied());
            assert_eq!(n, values.len());
            if !values.is_empty() {
                assert_eq!(run, longstring(&answers(values)).0.run, "{values:?}");
            }
        }
        assert_eq!(longest_run([0.0, 1e-10, 2e-9].into_iter()), (3, 2));
    }

    #[test]
    fn a_row_is_judged_on_its_count_and_its_share() {
        let judge = |min_answers, min_share| Judge {
            min_answers,
            min_share,
        };
        let mut list = Vec::new();
        // 9 of 10 the same: 90 %.
        let mut v = vec![75.0; 9];
        v.push(25.0);
        let row = answers(&v);
        let (m, at) = judge(10, 0.9).row(row.iter().copied(), &mut list).unwrap();
        assert_eq!((m.answers, m.run, m.reverse_in_run, at), (10, 9, 2, 0));
        assert!(
            judge(10, 0.91)
                .row(row.iter().copied(), &mut list)
                .is_none()
        );
        assert!(judge(11, 0.5).row(row.iter().copied(), &mut list).is_none());
        // The run shown is the first of the longest: it starts at answer 2 here.
        let row = answers(&[0.0, 25.0, 50.0, 50.0, 50.0, 50.0]);
        let (_, at) = judge(3, 0.6).row(row.iter().copied(), &mut list).unwrap();
        assert_eq!(at, 2);
    }
}
