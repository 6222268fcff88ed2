//! Drafting from a 问卷星 text export: questions by number. A matrix question (one column per
//! platform row) is one item; consecutive questions asked once per platform (`您在【淘宝】…`)
//! with the same wording are one item over a range of numbers; questions without platform
//! columns are about the respondent (the company name becomes the respondent, the list of
//! platforms rated is recognised) and are left out.

use super::guess::{asks_for_rating, split_multi, stated_range};
use super::platforms::PlatformBook;
use super::scales::{DraftScale, DraftScaleKind, Observed, guess};
use super::{Candidate, Draft, answer_text, assemble, column_values};
use crate::ingest::{PlainTable, wjx_header_columns};
use crate::text::{match_key, trim};

/// Skip and empty markers: the text download's, and the codes -3 (skipped) and -2 (not shown)
/// that the option-index download writes in every question type (issue 10: a -3 drafted into
/// a numeric scale scored as its best answer).
const MARKERS: [&str; 6] = ["(跳过)", "（跳过）", "(空)", "（空）", "-3", "-2"];
const MULTI_SEP: &str = "┋";
const MATRIX_DASH: char = '—';

/// 问卷星 exports start with `序号` and `提交答卷时间` and number their questions `N、`.
pub(super) fn is_wjx(table: &PlainTable) -> bool {
    let has = |name: &str| {
        table
            .headers
            .iter()
            .any(|h| match_key(h) == match_key(name))
    };
    has("序号")
        && has("提交答卷时间")
        && wjx_header_columns(&table.headers)
            .iter()
            .any(|c| c.0.is_some())
}

/// One numbered question and its columns (with the platform label of each, if any).
struct Question {
    number: u32,
    text: String,
    cols: Vec<(usize, Option<String>)>,
}

/// `index_mode`: the export is the 按选项序号 download (detected as `score` detects it), where a
/// single-choice answer is the option's position, not its text.
pub(super) fn draft(table: &PlainTable, index_mode: bool) -> Draft {
    let questions = questions(table);
    let mut book = PlatformBook::new();
    let mut notes = Vec::new();
    let mut candidates = Vec::new();
    let mut respondent = None;
    let mut matrix_platforms: Vec<usize> = Vec::new();
    // Matrices first: their row labels fix the platforms and their order. A matrix is about
    // platforms only when its rows name platforms the tool knows: rows such as 外观 / 屏幕 are
    // statements about one thing, and never become platforms.
    let matrices: Vec<&Question> = questions.iter().filter(|q| is_matrix(q, &book)).collect();
    for q in matrices {
        let ps: Vec<usize> = q
            .cols
            .iter()
            .filter_map(|(_, l)| l.as_deref())
            .map(|l| book.resolve(l))
            .collect();
        if matrix_platforms.is_empty() {
            matrix_platforms = ps;
        }
    }
    let mut i = 0;
    while let Some(q) = questions.get(i) {
        if is_matrix(q, &book) {
            candidates.push(candidate(
                table,
                q.number.to_string(),
                q,
                &q.cols,
                index_mode,
            ));
            i += 1;
        } else if bracket_label(q).is_some_and(|l| book.is_platform(&l)) {
            let run = per_platform_run(questions.get(i..).unwrap_or_default());
            name_platforms(&mut book, run, &matrix_platforms);
            let cols: Vec<(usize, Option<String>)> =
                run.iter().flat_map(|q| q.cols.clone()).collect();
            let last = run.last().map_or(q.number, |q| q.number);
            let range = if last > q.number {
                format!("{}-{last}", q.number)
            } else {
                q.number.to_string()
            };
            candidates.push(candidate(table, range, q, &cols, index_mode));
            i += run.len().max(1);
        } else {
            respondent_level(table, q, &book, &mut respondent, &mut notes);
            i += 1;
        }
    }
    let draft = Draft {
        file: table.file.clone(),
        preset: "wjx-text".into(),
        preset_evidence: None,
        layout: "wide",
        respondent,
        platform: None,
        platform_stated: false,
        groups: book.groups(),
        platforms: book.platforms.clone(),
        scales: Vec::new(),
        dimensions: Vec::new(),
        items: Vec::new(),
        notes,
    };
    assemble(draft, candidates)
}

fn questions(table: &PlainTable) -> Vec<Question> {
    let mut out: Vec<Question> = Vec::new();
    for (c, (q, label)) in wjx_header_columns(&table.headers).into_iter().enumerate() {
        let Some(q) = q else { continue };
        match out.last_mut() {
            Some(last) if last.number == q => last.cols.push((c, label)),
            _ => out.push(Question {
                number: q,
                text: table
                    .headers
                    .get(c)
                    .map(|h| question_text(h))
                    .unwrap_or_default(),
                cols: vec![(c, label)],
            }),
        }
    }
    out
}

/// `4、规则清晰—淘宝` -> `规则清晰`: the header without its number and matrix row label.
fn question_text(header: &str) -> String {
    let h = trim(header);
    let rest = h
        .trim_start_matches(|c: char| c.is_ascii_digit())
        .trim_start_matches('、');
    let rest = rest.rsplit_once(MATRIX_DASH).map_or(rest, |(stem, _)| stem);
    trim(rest).to_string()
}

fn is_matrix(q: &Question, book: &PlatformBook) -> bool {
    q.cols.iter().all(|(_, l)| l.is_some())
        && (q.cols.len() > 1 || bracket_label(q).is_none())
        && q.cols
            .iter()
            .any(|(_, l)| l.as_deref().is_some_and(|l| book.is_platform(l)))
}

/// The platform named in `【】` in a single-column question.
fn bracket_label(q: &Question) -> Option<String> {
    if q.cols.len() != 1 || !q.text.contains('【') {
        return None;
    }
    q.cols.first().and_then(|(_, label)| label.clone())
}

/// The platforms named in `【】` by a run of per-platform questions: known names as they are;
/// an unknown name in the k-th question of a run as long as the matrices is the k-th matrix
/// row (the questionnaire lists platforms in one order); other names are new platforms.
fn name_platforms(book: &mut PlatformBook, run: &[Question], matrix_platforms: &[usize]) {
    for (k, q) in run.iter().enumerate() {
        let Some(label) = bracket_label(q) else {
            continue;
        };
        match (book.find(&label), matrix_platforms.get(k)) {
            (Some(_), _) => {}
            (None, Some(&p)) if run.len() == matrix_platforms.len() => book.add_alias(p, &label),
            _ => {
                book.resolve(&label);
            }
        }
    }
}

/// The wording with the platform replaced, to find the questions asked once per platform.
fn template(q: &Question) -> String {
    match (q.text.find('【'), q.text.find('】')) {
        (Some(a), Some(b)) if a < b => {
            format!("{}【平台】{}", &q.text[..a], &q.text[b + '】'.len_utf8()..])
        }
        _ => q.text.clone(),
    }
}

/// The consecutive per-platform questions with the wording of the first.
fn per_platform_run(qs: &[Question]) -> &[Question] {
    let Some(first) = qs.first() else {
        return qs;
    };
    let t = template(first);
    let n = 1 + qs
        .windows(2)
        .take_while(|w| match w {
            [prev, q] => {
                bracket_label(q).is_some() && template(q) == t && q.number == prev.number + 1
            }
            _ => false,
        })
        .count();
    qs.get(..n).unwrap_or(qs)
}

fn candidate(
    table: &PlainTable,
    question: String,
    q: &Question,
    cols: &[(usize, Option<String>)],
    index_mode: bool,
) -> Candidate {
    let answers: Vec<String> = cols
        .iter()
        .flat_map(|(c, _)| column_values(&table.rows, *c))
        .filter_map(|v| answer_text(v, &MARKERS))
        .collect();
    let codes: Option<Vec<i64>> = answers
        .iter()
        .map(|a| match_key(a).parse::<i64>().ok())
        .collect();
    let id = format!("q{}", q.number);
    let text = if bracket_label(q).is_some() {
        template(q)
    } else {
        q.text.clone()
    };
    let mut scale = guess(&Observed {
        item: &id,
        text: &text,
        answers,
        multi_sep: MULTI_SEP,
    });
    let option_numbers = matches!(&scale.kind, DraftScaleKind::Unordered { codes: true, .. })
        || (matches!(&scale.kind, DraftScaleKind::Ordinal { .. })
            && scale.id.starts_with("rating"));
    if option_numbers {
        // Option numbers of a 问卷星 option-index download: the questionnaire's author chose
        // the order (非常满意 is often option 1), so which end is better cannot be told from
        // the codes, even when the question asks for a rating. Not scored until the labels
        // are known.
        scale = DraftScale {
            id: format!("{id}_codes"),
            kind: DraftScaleKind::Text,
            na: Vec::new(),
            comment: Some(
                "option numbers without their labels: which end is better is unknown, so this is reported, not scored; draft from the 按选项文本 download (or add the labels in order) to score it".into(),
            ),
        };
    }
    // Every guess from numbers (a value scale, or numbers reported) is named `…_number`.
    if index_mode
        && scale.id == format!("{id}_number")
        && let Some(codes) = codes
    {
        scale = option_position_rating(&id, &text, &codes, scale.na);
    }
    Candidate {
        label: format!("Q{question}"),
        id,
        question: Some(question),
        column: None,
        text: Some(text),
        scale,
    }
}

/// Whole numbers of a 按选项序号 download that the answers' guess took for values (a rating
/// 0..10): they are option positions, code k = the k-th option (a 0–10 question's code 4 is
/// 3分, as in fixtures/real/wjx_xls_index_zte_phone.xls). With a rating question that states
/// its range a..b and codes within 1..=b-a+1, the options are a..b in order: an ordinal scale
/// of those labels, which the option-index reading maps code k to. Otherwise the numbers are
/// reported, not scored.
fn option_position_rating(id: &str, text: &str, codes: &[i64], na: Vec<String>) -> DraftScale {
    let range = stated_range(text)
        .filter(|_| asks_for_rating(text))
        .filter(|&(a, b)| a.fract() == 0.0 && b.fract() == 0.0 && b - a <= 20.0)
        .map(|(a, b)| (a as i64, b as i64))
        .filter(|&(a, b)| codes.iter().all(|&k| (1..=b - a + 1).contains(&k)));
    match range {
        Some((a, b)) => DraftScale {
            id: format!("{id}_options"),
            kind: DraftScaleKind::Ordinal {
                labels: (a..=b).map(|v| v.to_string()).collect(),
                aliases: Vec::new(),
            },
            na,
            comment: Some(format!(
                "a rating on {a}..{b} (the question says so), more is better; this 按选项序号 download writes the option's position (code 1 = {a}), which `preset = \"wjx-index\"` maps to these labels"
            )),
        },
        None => DraftScale {
            id: format!("{id}_codes"),
            kind: DraftScaleKind::Text,
            na: Vec::new(),
            comment: Some(
                "whole numbers of a 按选项序号 download: option positions, not values (code 4 of a 0-10 question is 3分), and the question states no range to map them to; reported, not scored; draft from the 按分数 or 按选项文本 download to score it".into(),
            ),
        },
    }
}

/// A question without platform columns: the company name (the respondent), the list of
/// platforms rated, or something else about the respondent. None of them is an item.
fn respondent_level(
    table: &PlainTable,
    q: &Question,
    book: &PlatformBook,
    respondent: &mut Option<String>,
    notes: &mut Vec<String>,
) {
    let answers: Vec<String> = q
        .cols
        .iter()
        .flat_map(|(c, _)| column_values(&table.rows, *c))
        .filter_map(|v| answer_text(v, &MARKERS))
        .collect();
    let parts: Vec<String> = answers
        .iter()
        .flat_map(|a| split_multi(a, MULTI_SEP))
        .collect();
    let platforms = parts.iter().filter(|p| book.is_platform(p)).count();
    let what = if !parts.is_empty() && platforms * 10 >= parts.len() * 8 {
        "lists the platforms each respondent rated (the export marks the others (跳过))".to_string()
    } else if respondent.is_none()
        && q.cols.len() == 1
        && q.cols
            .first()
            .and_then(|&(c, _)| table.headers.get(c))
            .is_some_and(|h| crate::ingest::header_names_respondent(h))
    {
        // Only a header that names the respondent: a question *about* the respondent (a count,
        // an industry) keyed deduplication and merged 796 of 800 rows (issue 10).
        *respondent = Some(q.number.to_string());
        "names the respondent (its header says so): `respondent` of the source".to_string()
    } else {
        "is about the respondent, not a platform: not an item".to_string()
    };
    notes.push(format!(
        "question {} ({}) {what}",
        q.number,
        shorten(&q.text, 30)
    ));
}

/// At most `n` characters, with an ellipsis when cut.
pub(super) fn shorten(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        format!("{}…", s.chars().take(n).collect::<String>())
    }
}
