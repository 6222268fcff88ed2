//! The identifying strings of the privacy fixtures, read from the files themselves (their
//! identifying columns, the roster, the e-mail addresses and phone numbers typed in their free
//! text) and never from the redactor; and the scan of an output for them in any width, case or
//! spacing.

#![allow(dead_code)]

use std::collections::BTreeSet;
use unicode_normalization::UnicodeNormalization;

/// A text as compared: NFKC, lower case, HTML entities and Markdown escapes undone, and
/// whitespace, zero-width characters, hyphens, brackets and `+` dropped (so that "乐 趣 玩 具",
/// "ＬＥＱＵ", "139-0000-0001" and "(0755) 8888 6666" meet their plain spellings).
pub fn normal(text: &str) -> String {
    let unescaped = text
        .replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'");
    unescaped
        .nfkc()
        .flat_map(char::to_lowercase)
        .filter(|c| {
            !c.is_whitespace()
                && !matches!(
                    c,
                    '-' | '('
                        | ')'
                        | '+'
                        | '\\'
                        | '\u{200b}'
                        | '\u{200c}'
                        | '\u{200d}'
                        | '\u{feff}'
                )
        })
        .collect()
}

/// The identifying strings found in a text (each as listed).
pub fn found_in(text: &str, identities: &BTreeSet<String>) -> Vec<String> {
    let text = normal(text);
    identities
        .iter()
        .filter(|id| {
            let n = normal(id);
            // Identities that normalise to one or two characters would match anything.
            n.chars().count() >= 3 && text.contains(&n)
        })
        .cloned()
        .collect()
}

/// Columns of a CSV file by header (first header row), every data row.
pub fn csv_columns(path: &str, headers: &[&str]) -> Vec<String> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_path(path)
        .expect("csv");
    let h = reader.headers().unwrap().clone();
    let cols: Vec<usize> = headers
        .iter()
        .map(|name| {
            h.iter()
                .position(|x| x.trim_start_matches('\u{feff}') == *name || x.starts_with(name))
                .unwrap_or_else(|| panic!("{name} in {path}"))
        })
        .collect();
    reader
        .records()
        .flat_map(|r| {
            let r = r.unwrap();
            cols.iter()
                .map(|&c| r.get(c).unwrap_or("").trim().to_string())
                .collect::<Vec<_>>()
        })
        .filter(|v| !v.is_empty())
        .collect()
}

/// Every cell of a CSV file (the free text among them).
pub fn csv_cells(path: &str) -> Vec<String> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_path(path)
        .expect("csv");
    reader
        .records()
        .flat_map(|r| r.unwrap().iter().map(str::to_string).collect::<Vec<_>>())
        .collect()
}

/// The roster's ids, names and aliases.
pub fn roster(path: &str) -> Vec<String> {
    csv_columns(path, &["id", "canonical_name", "aliases"])
}

/// E-mail addresses (words with an `@` and a dot after it) and phone numbers (runs of digits,
/// spaces, hyphens, brackets and `+` holding ten or more digits) typed anywhere in the texts.
pub fn contacts_in(texts: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    for t in texts {
        let t: String = t.nfkc().collect();
        for word in t.split(|c: char| !(c.is_ascii_alphanumeric() || "@.-_+".contains(c))) {
            if let Some((local, host)) = word.split_once('@')
                && !local.is_empty()
                && host.contains('.')
            {
                out.push(word.trim_end_matches('.').to_string());
            }
        }
        let mut run = String::new();
        for c in t.chars().chain(std::iter::once('x')) {
            if c.is_ascii_digit() || " -()+".contains(c) {
                run.push(c);
                continue;
            }
            let digits: String = run.chars().filter(char::is_ascii_digit).collect();
            if digits.len() >= 10 {
                out.push(digits);
            }
            run.clear();
        }
    }
    out
}

/// A company's short name as people write it: brackets dropped, cut before its legal form
/// ("乐趣玩具（深圳）有限公司" -> "乐趣玩具", "Maison Lumière (Shanghai) Trading Co., Ltd." ->
/// "Maison Lumière Trading", "Alpenrose Cosmetics GmbH 北京代表处" -> "Alpenrose Cosmetics").
pub fn short_name(name: &str) -> Option<String> {
    let name: String = name.nfkc().collect();
    let mut plain = String::new();
    let mut depth = 0;
    for c in name.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            _ if depth == 0 => plain.push(c),
            _ => {}
        }
    }
    let cut = [
        "股份有限公司",
        "有限公司",
        "集团",
        " Co.",
        " Ltd",
        " GmbH",
        " S.p.A.",
    ]
    .iter()
    .filter_map(|f| plain.find(f))
    .min()?;
    let short = plain[..cut]
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    (short.chars().count() >= 4).then_some(short)
}
