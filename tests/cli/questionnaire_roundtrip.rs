//! Round trips: the questionnaire of the embedded definition, generated in each format, filled
//! with synthetic answers in the shape its platform exports them, scored with the same
//! definition: every item read, every answer classified as written, no warning, and the item
//! scores worked out by hand in `questionnaire_support` (not by the tool).

use crate::common::qbpc;
use crate::questionnaire_support;

use calamine::{Data, Reader, open_workbook_auto};
use qbpc_index::questionnaire::{self as q, Lang, Questionnaire};
use questionnaire_support::*;
use rust_xlsxwriter::Workbook;
use std::path::Path;

fn questionnaire() -> Questionnaire {
    q::from_definition(&qbpc_index::definition::DefinitionSource::Embedded).expect("questionnaire")
}

fn sheet(path: &Path, name: &str) -> Vec<Vec<String>> {
    let mut wb = open_workbook_auto(path).expect("open");
    let range = wb.worksheet_range(name).expect("sheet");
    range
        .rows()
        .map(|r| {
            r.iter()
                .map(|c| match c {
                    Data::Empty => String::new(),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect()
}

/// The Kobo download of the generated XLSForm: the main sheet (one row per submission) and the
/// repeat sheet (one row per platform rated), its column names the form's group paths, its
/// cells the choice names (select_multiple: space-separated, plus one 0/1 column per option).
#[test]
fn xlsform_kobo_download_round_trip() {
    let q = questionnaire();
    let dir = tempfile::tempdir().expect("tmp");
    let form = dir.path().join("form.xlsx");
    std::fs::write(&form, q::xlsform::workbook(&q).expect("xlsform")).expect("write");
    let survey = sheet(&form, "survey");
    let choices = sheet(&form, "choices");
    let col = |name: &str| survey[0].iter().position(|h| h == name).expect(name);
    let (ty, nm) = (col("type"), col("name"));
    let names_of = |list: &str| -> Vec<String> {
        choices
            .iter()
            .filter(|r| r[0] == list)
            .map(|r| r[1].clone())
            .collect()
    };
    // Walk the form: fields outside the repeat go to the main sheet, fields inside it to the
    // repeat sheet under their group path.
    let mut path: Vec<String> = Vec::new();
    let mut in_repeat = false;
    let mut main_fields = Vec::new();
    let mut repeat_fields: Vec<(String, String, String)> = Vec::new(); // (column, type, name)
    for row in &survey[1..] {
        let (t, n) = (row[ty].as_str(), row[nm].as_str());
        match t {
            "begin_repeat" => {
                in_repeat = true;
                path.push(n.to_string());
            }
            "begin_group" => path.push(n.to_string()),
            "end_group" | "end_repeat" => {
                path.pop();
            }
            "note" => {}
            _ if in_repeat => repeat_fields.push((
                format!("{}/{n}", path.join("/")),
                t.to_string(),
                n.to_string(),
            )),
            _ => main_fields.push(n.to_string()),
        }
    }
    assert_eq!(main_fields, ["start", "end", "company"]);
    let questions: Vec<_> = q.questions().collect();
    let mut wb = Workbook::new();
    let main = wb.add_worksheet().set_name("QBPC").expect("name");
    let head = [
        "start",
        "end",
        "company",
        "_id",
        "_uuid",
        "_submission_time",
        "_index",
    ];
    for (c, h) in head.iter().enumerate() {
        main.write_string(0, c as u16, *h).expect("cell");
    }
    for (r, company) in RESPONDENTS.iter().enumerate() {
        let row = r as u32 + 1;
        let t0 = format!("2025-03-1{r}T10:00:00.000+08:00");
        let t1 = format!("2025-03-1{r}T10:30:00.000+08:00");
        let cells = [
            t0,
            t1.clone(),
            company.to_string(),
            format!("{}", 500 + r),
            format!("uuid-{r}"),
            t1,
            format!("{}", r + 1),
        ];
        for (c, v) in cells.iter().enumerate() {
            main.write_string(row, c as u16, v).expect("cell");
        }
    }
    let rep = wb
        .add_worksheet()
        .set_name("platform_rating")
        .expect("name");
    let mut columns: Vec<String> = Vec::new();
    for (column, t, name) in &repeat_fields {
        columns.push(column.clone());
        if t.starts_with("select_multiple ") {
            let list = t.trim_start_matches("select_multiple ");
            for option in names_of(list) {
                columns.push(format!("{column}/{option}"));
            }
        }
        let _ = name;
    }
    columns.extend(["_index".to_string(), "_parent_index".to_string()]);
    for (c, h) in columns.iter().enumerate() {
        rep.write_string(0, c as u16, h).expect("cell");
    }
    let platform_names = names_of("rated_platforms");
    let mut row = 0u32;
    for r in 0..RESPONDENTS.len() {
        for (p, platform_name) in platform_names.iter().enumerate() {
            if !rated(r, p) {
                continue;
            }
            row += 1;
            let mut cells: Vec<String> = Vec::new();
            for (_, t, name) in &repeat_fields {
                if name == "platform" {
                    cells.push(platform_name.clone());
                    continue;
                }
                let Some(i) = questions.iter().position(|x| &x.id == name) else {
                    cells.push(String::new()); // the "other" text
                    continue;
                };
                let list = t.split_whitespace().nth(1).unwrap_or("");
                match given(r, p, i, questions[i]) {
                    Given::Pick(k) => cells.push(names_of(list)[k].clone()),
                    Given::Many(ks) => {
                        let names = names_of(list);
                        cells.push(
                            ks.iter()
                                .map(|&k| names[k].as_str())
                                .collect::<Vec<_>>()
                                .join(" "),
                        );
                        for k in 0..names.len() {
                            cells.push(if ks.contains(&k) { "1" } else { "0" }.into());
                        }
                    }
                    Given::Number(d) => cells.push(d.to_string()),
                    Given::Text(s) => cells.push(s),
                }
            }
            cells.push(row.to_string());
            cells.push((r + 1).to_string());
            assert_eq!(cells.len(), columns.len());
            for (c, v) in cells.iter().enumerate() {
                if !v.is_empty() {
                    rep.write_string(row, c as u16, v).expect("cell");
                }
            }
        }
    }
    let export = dir.path().join("QBPC_kobo_export.xlsx");
    wb.save(&export).expect("save");
    assert_round_trip(&q, &score(&export));
}

/// The XLSX response template, filled in (one row per respondent x platform, labels from its
/// validation lists), read back by the tidy preset.
#[test]
fn xlsx_template_round_trip() {
    let q = questionnaire();
    let cols = q::template::columns(&q, Lang::Both);
    let questions: Vec<_> = q.questions().collect();
    let mut rows = Vec::new();
    for (r, company) in RESPONDENTS.iter().enumerate() {
        for (p, platform) in q.platforms.iter().enumerate() {
            if !rated(r, p) {
                continue;
            }
            let mut row = vec![
                company.to_string(),
                platform.name.zh.clone(),
                format!("2025-03-1{r} 10:00:00"),
            ];
            for (i, question) in questions.iter().enumerate() {
                row.push(match given(r, p, i, question) {
                    Given::Pick(k) => question.answer.all_choices()[k].label.zh.clone(),
                    Given::Many(ks) => {
                        let all = question.answer.all_choices();
                        ks.iter()
                            .map(|&k| all[k].name.clone().unwrap_or_default())
                            .collect::<Vec<_>>()
                            .join(";")
                    }
                    Given::Number(d) => d.to_string(),
                    Given::Text(s) => s,
                });
            }
            // Every listed cell holds one of its column's list values.
            for (c, v) in row.iter().enumerate() {
                if let Some(list) = &cols[c].list {
                    assert!(list.contains(v), "{}: {v} not in {list:?}", cols[c].name);
                }
            }
            rows.push(row);
        }
    }
    let dir = tempfile::tempdir().expect("tmp");
    let file = dir.path().join("responses.xlsx");
    std::fs::write(
        &file,
        q::template::workbook(&q, Lang::Both, &rows).expect("template"),
    )
    .expect("write");
    assert_round_trip(&q, &score(&file));
}

/// The template's validation lists hold exactly the scale's labels and its N/A options
/// (written out by hand from default.toml), and each list column points at its list.
#[test]
fn xlsx_template_validation_lists_are_the_scale_labels() {
    let q = questionnaire();
    let dir = tempfile::tempdir().expect("tmp");
    let file = dir.path().join("responses.xlsx");
    std::fs::write(
        &file,
        q::template::workbook(&q, Lang::Both, &[]).expect("template"),
    )
    .expect("write");
    let lists = sheet(&file, "lists");
    let column = |name: &str| -> Vec<String> {
        let c = lists[0].iter().position(|h| h == name).expect(name);
        lists[1..]
            .iter()
            .map(|r| r.get(c).cloned().unwrap_or_default())
            .filter(|s| !s.is_empty())
            .collect()
    };
    assert_eq!(
        column("rules_clear"),
        [
            "非常不同意",
            "比较不同意",
            "一般",
            "比较同意",
            "非常同意",
            "不适用"
        ]
    );
    assert_eq!(
        column("relisting_freq"),
        ["从不", "很少", "有时", "经常", "总是", "不适用"]
    );
    assert_eq!(column("dedicated_portal"), ["是", "否", "不确定", "不适用"]);
    assert_eq!(column("platform").len(), 10);
    // The sheet XML: a list validation on the rules_clear column referring to its list range.
    let zip = std::fs::File::open(&file).expect("open");
    let mut archive = zip::ZipArchive::new(zip).expect("zip");
    let mut xml = String::new();
    std::io::Read::read_to_string(
        &mut archive.by_name("xl/worksheets/sheet1.xml").expect("sheet1"),
        &mut xml,
    )
    .expect("read");
    let responses = sheet(&file, "responses");
    let c = responses[0]
        .iter()
        .position(|h| h == "rules_clear")
        .expect("column");
    let letter = rust_xlsxwriter::utility::column_number_to_name(c as u16);
    let lc = lists[0]
        .iter()
        .position(|h| h == "rules_clear")
        .expect("list");
    let list_letter = rust_xlsxwriter::utility::column_number_to_name(lc as u16);
    assert!(
        xml.contains(&format!("sqref=\"{letter}2:{letter}2001\"")),
        "no validation on {letter}"
    );
    assert!(
        xml.contains(&format!("lists!${list_letter}$2:${list_letter}$7")),
        "{xml}"
    );
}

/// One question of a generated text import: its tag line and the lines after it.
struct TextQuestion {
    tag: String,
    id: String,
    text: String,
    /// (recode, text) of `[[AdvancedChoices]]`, or the lines of `[[Choices]]`.
    choices: Vec<(Option<u32>, String)>,
    answers: Vec<String>,
    looped: bool,
}

/// The elements of a Qualtrics Advanced Format TXT, parsed by the rules of the format (not by
/// the generator's code).
fn parse_qualtrics(txt: &str) -> Vec<TextQuestion> {
    let mut out: Vec<TextQuestion> = Vec::new();
    let mut block = String::new();
    let mut part = "";
    let mut recode: Option<u32> = None;
    for line in txt.lines() {
        let line = line.trim();
        if let Some(b) = line.strip_prefix("[[Block:") {
            block = b.trim_end_matches("]]").to_string();
        } else if let Some(t) = line.strip_prefix("[[Question:") {
            out.push(TextQuestion {
                tag: t.trim_end_matches("]]").to_string(),
                id: String::new(),
                text: String::new(),
                choices: Vec::new(),
                answers: Vec::new(),
                looped: block == "Platform rating",
            });
            part = "text";
        } else if let Some(id) = line.strip_prefix("[[ID:") {
            if let Some(q) = out.last_mut() {
                q.id = id.trim_end_matches("]]").to_string();
            }
        } else if line == "[[Choices]]" || line == "[[AdvancedChoices]]" {
            part = "choices";
        } else if line == "[[Answers]]" {
            part = "answers";
        } else if let Some(k) = line.strip_prefix("[[Choice:") {
            recode = k.trim_end_matches("]]").parse().ok();
        } else if line.is_empty() || line.starts_with("[[") {
            continue;
        } else if let Some(q) = out.last_mut() {
            match part {
                "text" => q.text = line.to_string(),
                "choices" => q.choices.push((recode.take(), line.to_string())),
                _ => q.answers.push(line.to_string()),
            }
        }
    }
    out
}

fn csv_bytes(rows: &[Vec<String>]) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(vec![0xEF, 0xBB, 0xBF]);
    for r in rows {
        w.write_record(r).expect("row");
    }
    w.into_inner().expect("csv")
}

/// The Qualtrics export ("Use choice text", CSV, three header rows) of the generated TXT, its
/// platform block looped over the platforms ticked (Loop & Merge: `k_Q3_1`, k = the recode of
/// the platform in the platforms question).
#[test]
fn qualtrics_loop_and_merge_export_round_trip() {
    let q = questionnaire();
    let rows = qualtrics_export(&q);
    let dir = tempfile::tempdir().expect("tmp");
    let file = dir.path().join("QBPC_qualtrics.csv");
    std::fs::write(&file, csv_bytes(&rows)).expect("write");
    assert_round_trip(&q, &score(&file));
}

fn qualtrics_export(q: &Questionnaire) -> Vec<Vec<String>> {
    let elements = parse_qualtrics(&q::qualtrics::render(q, Lang::Both));
    let questions: Vec<_> = q.questions().collect();
    let item = |text: &str| questions.iter().position(|x| x.text.en == text);
    let front: Vec<&TextQuestion> = elements
        .iter()
        .filter(|e| !e.looped && !e.tag.starts_with("Text"))
        .collect();
    assert_eq!(front.len(), 2, "the respondent and the platforms question");
    let platforms_q = front[1];
    let loops: Vec<(u32, usize)> = platforms_q
        .choices
        .iter()
        .map(|(k, name)| {
            let p = q
                .platforms
                .iter()
                .position(|p| &p.name.en == name)
                .expect("platform");
            (k.expect("recode"), p)
        })
        .collect();
    let meta = [
        "StartDate",
        "EndDate",
        "Status",
        "Progress",
        "Duration (in seconds)",
        "Finished",
        "RecordedDate",
        "ResponseId",
        "ExternalReference",
    ];
    let mut r1: Vec<String> = meta.iter().map(|s| s.to_string()).collect();
    let mut r2 = r1.clone();
    r1.extend([front[0].id.clone(), platforms_q.id.clone()]);
    r2.extend([front[0].text.clone(), platforms_q.text.clone()]);
    // (loop number, element, matrix row recode) per answer column.
    let mut cols: Vec<(u32, usize, Option<u32>)> = Vec::new();
    for &(k, p) in &loops {
        let name = &q.platforms[p].name.en;
        for (e, el) in elements.iter().enumerate().filter(|(_, e)| e.looped) {
            let text = el.text.replace("${lm://Field/1}", name);
            if el.tag.starts_with("Matrix") {
                for (recode, statement) in &el.choices {
                    let row = recode.expect("row recode");
                    r1.push(format!("{k}_{}_{row}", el.id));
                    r2.push(format!("{text} - {statement}"));
                    cols.push((k, e, Some(row)));
                }
            } else if !el.tag.starts_with("Text") {
                r1.push(format!("{k}_{}", el.id));
                r2.push(text);
                cols.push((k, e, None));
            }
        }
    }
    let r3: Vec<String> = r1
        .iter()
        .map(|f| format!("{{\"ImportId\":\"{f}\"}}"))
        .collect();
    let mut rows = vec![r1, r2, r3];
    for (r, company) in RESPONDENTS.iter().enumerate() {
        let ticked: Vec<&str> = loops
            .iter()
            .filter(|(_, p)| rated(r, *p))
            .map(|(_, p)| q.platforms[*p].name.en.as_str())
            .collect();
        let mut row: Vec<String> = vec![
            format!("2025-03-1{r} 10:00:00"),
            format!("2025-03-1{r} 10:30:00"),
            "IP Address".into(),
            "100".into(),
            "1800".into(),
            "True".into(),
            format!("2025-03-1{r} 10:30:00"),
            format!("R_{r}abc"),
            company.to_string(),
            company.to_string(),
            ticked.join(","),
        ];
        for &(k, e, recode) in &cols {
            let p = loops
                .iter()
                .find(|(kk, _)| *kk == k)
                .map(|(_, p)| *p)
                .expect("loop");
            if !rated(r, p) {
                row.push(String::new());
                continue;
            }
            let el = &elements[e];
            let text = match recode {
                Some(rc) => el
                    .choices
                    .iter()
                    .find(|(c, _)| *c == Some(rc))
                    .map(|(_, t)| t.clone()),
                None => Some(el.text.replace("${lm://Field/1}: ", "")),
            };
            let i = item(&text.unwrap_or_default()).expect("item of the column");
            row.push(match given(r, p, i, questions[i]) {
                Given::Pick(c) => el
                    .answers
                    .get(c)
                    .or_else(|| el.choices.get(c).map(|(_, t)| t))
                    .expect("answer")
                    .clone(),
                Given::Many(cs) => cs
                    .iter()
                    .map(|&c| el.choices[c].1.as_str())
                    .collect::<Vec<_>>()
                    .join(","),
                Given::Number(d) => d.to_string(),
                Given::Text(s) => s,
            });
        }
        rows.push(row);
    }
    rows
}

/// The 问卷星 download "按选项文本" (CSV) of the survey the generated text import builds:
/// `N、题目` headers, matrices `N、题目—行` then bare row labels, multi-selects in one cell
/// joined with ┋, (跳过) where the platform was not ticked.
#[test]
fn wjx_text_import_export_round_trip() {
    let q = questionnaire();
    let rows = wjx_export(&q);
    let dir = tempfile::tempdir().expect("tmp");
    let file = dir.path().join(WJX_FILE);
    std::fs::write(&file, csv_bytes(&rows)).expect("write");
    assert_round_trip(&q, &score(&file));
}

const WJX_FILE: &str = "900002_按文本_电商平台知识产权保护指数_4_4.csv";

fn wjx_export(q: &Questionnaire) -> Vec<Vec<String>> {
    let text = q::wjx::render(q).expect("wjx");
    let questions: Vec<_> = q.questions().collect();
    let platform_of = |name: &str| q.platforms.iter().position(|p| p.name.zh == name);
    let mut head: Vec<String> = [
        "序号",
        "提交答卷时间",
        "所用时间",
        "来源",
        "来源详情",
        "来自IP",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    // What each answer column holds: (question number, platform of the row or of 【】, kind).
    let mut cols: Vec<(u32, Option<usize>, String, Vec<String>)> = Vec::new();
    for block in text.split("\n\n").skip(1) {
        let mut lines = block.lines();
        let Some(first) = lines.next() else { continue };
        let (no, rest) = first.split_once(". ").expect("numbered question");
        let n: u32 = no.parse().expect("number");
        let (title, tag) = rest.rsplit_once('[').expect("type tag");
        let tag = tag.trim_end_matches(']');
        let named = title
            .split_once('【')
            .and_then(|(_, r)| r.split_once('】'))
            .and_then(|(p, _)| platform_of(p));
        match tag {
            "矩阵单选题" | "矩阵填空题" => {
                // 问卷星 splits the column line at spaces.
                let options: Vec<String> = if tag == "矩阵单选题" {
                    let line = lines.next().unwrap_or("");
                    line.split_whitespace().map(String::from).collect()
                } else {
                    Vec::new()
                };
                for (k, row) in lines.enumerate() {
                    head.push(if k == 0 {
                        format!("{n}、{title}—{row}")
                    } else {
                        row.to_string()
                    });
                    cols.push((n, platform_of(row), tag.to_string(), options.clone()));
                }
            }
            _ => {
                head.push(format!("{n}、{title}"));
                cols.push((n, named, tag.to_string(), lines.map(String::from).collect()));
            }
        }
    }
    let mut rows = vec![head];
    for (r, company) in RESPONDENTS.iter().enumerate() {
        let mut row = vec![
            (r + 1).to_string(),
            format!("2025/03/1{r} 10:00:00"),
            "900秒".into(),
            "链接".into(),
            "直接访问".into(),
            "127.0.0.1(本地)".into(),
        ];
        for (n, platform, tag, options) in &cols {
            let item = questions
                .iter()
                .position(|x| x.number.as_ref().is_some_and(|s| s.contains(*n)));
            let cell = match (item, platform) {
                (None, _) if *n == 1 => company.to_string(),
                (None, _) if tag == "多选题" => q
                    .platforms
                    .iter()
                    .enumerate()
                    .filter(|(p, _)| rated(r, *p))
                    .map(|(_, p)| p.name.zh.as_str())
                    .collect::<Vec<_>>()
                    .join("┋"),
                (None, _) => "(空)".into(),
                (Some(_), Some(p)) if !rated(r, *p) => "(跳过)".into(),
                (Some(i), Some(p)) => {
                    // The option texts of the generated form, as 问卷星 exports them.
                    match given(r, *p, i, questions[i]) {
                        Given::Pick(c) => options[c].clone(),
                        Given::Many(cs) => cs
                            .iter()
                            .map(|&c| options[c].as_str())
                            .collect::<Vec<_>>()
                            .join("┋"),
                        Given::Number(d) => d.to_string(),
                        Given::Text(s) => s,
                    }
                }
                (Some(_), None) => panic!("question {n}: no platform"),
            };
            row.push(cell);
        }
        rows.push(row);
    }
    rows
}

/// `validate` on an export: (exit code, standard error).
fn validate(file: &Path) -> (i32, String) {
    let out = qbpc()
        .current_dir(file.parent().expect("dir"))
        .arg("validate")
        .arg(file)
        .output()
        .expect("run");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The export of the generated 问卷星 form has no drift; a reworded question, a renamed label
/// and a platform renamed in the survey are each an error with both texts (exit 1).
#[test]
fn validate_reports_drift_of_a_wjx_export() {
    let q = questionnaire();
    let dir = tempfile::tempdir().expect("tmp");
    let clean = dir.path().join(WJX_FILE);
    let rows = wjx_export(&q);
    std::fs::write(&clean, csv_bytes(&rows)).expect("write");
    let (code, stderr) = validate(&clean);
    assert!(!stderr.contains("questionnaire-drift"), "{stderr}");
    assert_eq!(code, 0, "{stderr}");

    let mut drifted = rows.clone();
    let head = &mut drifted[0];
    let q5 = head
        .iter()
        .position(|h| h.starts_with("5、"))
        .expect("question 5");
    head[q5] = "5、投诉所需的材料要求合理—淘宝".into(); // reworded (证明 dropped)
    let q6 = head
        .iter()
        .position(|h| h.starts_with("6、"))
        .expect("question 6");
    let meituan_row = (q6..head.len())
        .find(|&c| head[c] == "美团")
        .expect("美团 row");
    head[meituan_row] = "饿了么".into(); // a platform the definition does not know
    let q4 = head
        .iter()
        .position(|h| h.starts_with("4、"))
        .expect("question 4");
    for row in drifted.iter_mut().skip(1) {
        for cell in row.iter_mut().skip(q4).take(10) {
            if cell == "比较同意" {
                *cell = "同意".into(); // a renamed label
            }
        }
    }
    let file = dir.path().join("drifted_按文本.csv");
    std::fs::write(&file, csv_bytes(&drifted)).expect("write");
    let (code, stderr) = validate(&file);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("question 5 is worded differently: the export asks \"投诉所需的材料要求合理\", the definition (item evidence_reasonable) \"投诉所需的证明材料要求合理\""),
        "{stderr}"
    );
    assert!(stderr.contains("the export answers \"同意\""), "{stderr}");
    assert!(
        stderr.contains("the questionnaire's label is \"比较同意\""),
        "{stderr}"
    );
    assert!(
        stderr.contains("question 6 has a row \"饿了么\" that is no platform of the definition"),
        "{stderr}"
    );
    assert!(
        stderr.contains("platform \"美团\" of the definition has no row in question 6"),
        "{stderr}"
    );
}

/// A reworded statement in a Qualtrics export's question row is drift too.
#[test]
fn validate_reports_drift_of_a_qualtrics_export() {
    let q = questionnaire();
    let dir = tempfile::tempdir().expect("tmp");
    let mut rows = qualtrics_export(&q);
    let clean = dir.path().join("clean_qualtrics.csv");
    std::fs::write(&clean, csv_bytes(&rows)).expect("write");
    let (code, stderr) = validate(&clean);
    assert_eq!(code, 0, "{stderr}");
    let c = rows[0].iter().position(|h| h == "1_Q3_2").expect("1_Q3_2");
    rows[1][c] = rows[1][c].replace("Evidence requirements", "Document requirements");
    let file = dir.path().join("drifted_qualtrics.csv");
    std::fs::write(&file, csv_bytes(&rows)).expect("write");
    let (code, stderr) = validate(&file);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("\"Document requirements for complaints are reasonable\""),
        "{stderr}"
    );
    assert!(
        stderr.contains(
            "(item evidence_reasonable) \"Evidence requirements for complaints are reasonable\""
        ),
        "{stderr}"
    );
}
