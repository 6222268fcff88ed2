//! Straight-lining: the same answer clicked down a questionnaire. Measured as the longest run
//! of identical Likert/frequency answers (ordinal scales with at least three answers) in file
//! order, before reverse keying, as a share of the submission's Likert/frequency answers
//! (careless's longstring), with the within-respondent standard deviation in the detail.
//! Reverse-keyed items make it visible: someone who means "excellent" answers "always" to
//! "agree" items and "never" to "removed listings reappear"; a straight-liner answers the
//! same to both.

// Indexing is in range here: out/kept are sized per submission of the same file; cell ixs
// enumerate data.cells; list ixs are below n.
#![allow(clippy::indexing_slicing)]

use super::{Run, Screening, exclusion, respondent_location};
use crate::classify::CellClass;
use crate::definition::{ScaleKind, StraightlineAction};
use crate::diagnostics::{Code, Diagnostic};
use std::collections::HashSet;

/// One Likert/frequency answer: its score before reverse keying, and whether it is on a
/// reverse-keyed item.
#[derive(Debug, Clone, Copy)]
struct Answer {
    cell: usize,
    col: usize,
    value: f64,
    reverse: bool,
}

/// The measures of one submission.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Longstring {
    pub answers: usize,
    pub run: usize,
    pub reverse_in_run: usize,
    pub sd: f64,
    /// Index (into the file's cells) of the first cell of the longest run.
    pub first_cell: usize,
}

pub(super) fn check(run: &Run, judged: &HashSet<(usize, usize)>, st: &mut Screening) {
    let rule = run.model.quality.straightline;
    if rule.action == StraightlineAction::Off {
        return;
    }
    for (f, data) in run.surveys.iter().enumerate() {
        let answers = answers_by_submission(run, f);
        for (s, list) in answers.into_iter().enumerate() {
            if !judged.contains(&(f, s)) || list.len() < rule.min_answers {
                continue;
            }
            let m = longstring(list);
            let share = m.run as f64 / m.answers as f64;
            if share < rule.min_share {
                continue;
            }
            let shown = data.cells[m.first_cell].value.display();
            let detail = format!(
                "the longest run of identical Likert/frequency answers (\"{shown}\") covers {} of {} ({:.0}%), {} of them on reverse-keyed items; standard deviation {:.1} on 0..100",
                m.run,
                m.answers,
                100.0 * share,
                m.reverse_in_run,
                m.sd
            );
            let sub = &data.submissions[s];
            st.diagnostics.push(
                Diagnostic::warning(
                    Code::StraightLining,
                    format!("submission of \"{}\" looks straight-lined: {detail}", sub.respondent),
                    respondent_location(data, s),
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

/// The Likert/frequency answers of every submission of file `f`, in file order.
fn answers_by_submission(run: &Run, f: usize) -> Vec<Vec<Answer>> {
    let data = &run.surveys[f];
    let mut out: Vec<Vec<Answer>> = vec![Vec::new(); data.submissions.len()];
    for (i, (cell, class)) in data.cells.iter().zip(&run.classes[f]).enumerate() {
        let item = &run.model.items[cell.item];
        let (ScaleKind::Ordinal(o), CellClass::Score(v)) =
            (&run.model.scales[item.scale].kind, class)
        else {
            continue;
        };
        if o.labels.len() < 3 {
            continue;
        }
        let value = if item.reverse { o.max + o.min - v } else { *v };
        out[cell.submission].push(Answer {
            cell: i,
            col: cell.col,
            value,
            reverse: item.reverse,
        });
    }
    for list in &mut out {
        list.sort_by_key(|a| a.col);
    }
    out
}

/// The longest run of identical values in a list (a run lasts while values equal its first;
/// the first of equally long runs): its start and length, and the standard deviation of all
/// values. Shared with the columnar screening (`pipeline/screen.rs`).
pub(crate) fn longest_run_and_sd<T>(list: &[T], value: impl Fn(&T) -> f64) -> (usize, usize, f64) {
    let n = list.len();
    let same = |a: &T, b: &T| (value(a) - value(b)).abs() < 1e-9;
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
    let mean = list.iter().map(&value).sum::<f64>() / n as f64;
    let var = list.iter().map(|a| (value(a) - mean).powi(2)).sum::<f64>() / n as f64;
    (best_start, best, var.sqrt())
}

/// Longest run of identical answers, with the standard deviation of all answers.
fn longstring(list: Vec<Answer>) -> Longstring {
    let n = list.len();
    let (best_start, best, sd) = longest_run_and_sd(&list, |a| a.value);
    let in_run = &list[best_start..best_start + best];
    Longstring {
        answers: n,
        run: best,
        reverse_in_run: in_run.iter().filter(|a| a.reverse).count(),
        sd,
        first_cell: in_run.first().map_or(0, |a| a.cell),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answers(values: &[f64]) -> Vec<Answer> {
        values
            .iter()
            .enumerate()
            .map(|(i, &value)| Answer {
                cell: i,
                col: i,
                value,
                reverse: i % 4 == 3,
            })
            .collect()
    }

    #[test]
    fn longest_run_and_sd() {
        let m = longstring(answers(&[100.0, 75.0, 75.0, 75.0, 50.0]));
        assert_eq!(
            (m.answers, m.run, m.first_cell, m.reverse_in_run),
            (5, 3, 1, 1)
        );
        assert!((m.sd - 15.811388).abs() < 1e-5, "{}", m.sd);
        let m = longstring(answers(&[100.0; 8]));
        assert_eq!((m.run, m.reverse_in_run), (8, 2));
        assert_eq!(m.sd, 0.0);
        let m = longstring(answers(&[0.0, 25.0, 0.0]));
        assert_eq!((m.run, m.first_cell), (1, 0));
    }
}
