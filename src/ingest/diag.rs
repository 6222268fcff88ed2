//! Findings while reading one file, capped per code: a million-row file with one bad column
//! should report the first cells and a count, not a million lines.

use crate::diagnostics::{Code, Diagnostic, Location, Severity};
use std::collections::HashMap;

/// How many findings of one code are kept per file before the rest are only counted.
const PER_CODE: usize = 50;

#[derive(Debug, Default)]
pub(crate) struct Diags {
    list: Vec<Diagnostic>,
    kept: HashMap<Code, usize>,
    /// Per code: how many were left out, and whether any of those was an error.
    dropped: Vec<(Code, usize, bool)>,
}

impl Diags {
    pub fn push(&mut self, d: Diagnostic) {
        let n = self.kept.entry(d.code).or_insert(0);
        if *n < PER_CODE {
            *n += 1;
            self.list.push(d);
            return;
        }
        let err = d.is_error();
        match self.dropped.iter_mut().find(|(c, _, _)| *c == d.code) {
            Some(entry) => {
                entry.1 += 1;
                entry.2 |= err;
            }
            None => self.dropped.push((d.code, 1, err)),
        }
    }

    /// All findings, with one summary per code that hit the cap.
    pub fn finish(mut self, file: &str) -> Vec<Diagnostic> {
        for (code, n, err) in std::mem::take(&mut self.dropped) {
            let severity = if err {
                Severity::Error
            } else {
                Severity::Warning
            };
            self.list.push(Diagnostic {
                severity,
                code,
                message: format!("{n} more [{code}] findings in this file are not listed"),
                location: Location::file(file),
                hint: Some(format!(
                    "the first {PER_CODE} are listed above; fix their cause and run again"
                )),
            });
        }
        self.list
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn caps_per_code_and_summarises() {
        let mut d = Diags::default();
        for i in 0..PER_CODE + 7 {
            d.push(Diagnostic::warning(
                Code::BadTimestamp,
                format!("#{i}"),
                Location::default(),
            ));
        }
        d.push(Diagnostic::error(Code::BadWeight, "w", Location::default()));
        let out = d.finish("f.csv");
        assert_eq!(out.len(), PER_CODE + 2);
        let last = out.last().unwrap();
        assert_eq!(last.code, Code::BadTimestamp);
        assert!(last.message.starts_with("7 more"));
        assert!(!last.is_error());
    }
}
