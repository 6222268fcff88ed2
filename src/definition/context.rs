//! Shared state of one definition check: the source text (to turn spans into line:col) and the
//! findings collected so far.

use super::roster::RosterSource;
use crate::diagnostics::{Code, Diagnostic, Location};
use crate::text::did_you_mean;
use std::collections::HashSet;
use std::ops::Range;

pub(crate) struct Ctx<'a> {
    pub file: &'a str,
    pub text: &'a str,
    pub diags: Vec<Diagnostic>,
    /// Start offsets of the numbers the number guard (`numbers.rs`) reported: a check that
    /// reads one of them adds no second finding about the same value.
    pub reported_numbers: HashSet<usize>,
    /// The roster the definition names, read after compiling.
    pub roster: Option<RosterSource>,
}

impl<'a> Ctx<'a> {
    pub fn new(file: &'a str, text: &'a str) -> Self {
        Ctx {
            file,
            text,
            diags: Vec::new(),
            reported_numbers: HashSet::new(),
            roster: None,
        }
    }

    pub fn at(&self, span: Range<usize>) -> Location {
        Location::in_text(self.file, self.text, span.start)
    }

    pub fn error(&mut self, code: Code, span: Range<usize>, msg: String, hint: &str) {
        if self.reported_numbers.contains(&span.start) {
            return;
        }
        let mut d = Diagnostic::error(code, msg, self.at(span));
        if !hint.is_empty() {
            d = d.with_hint(hint);
        }
        self.diags.push(d);
    }

    pub fn warning(&mut self, code: Code, span: Range<usize>, msg: String, hint: &str) {
        let mut d = Diagnostic::warning(code, msg, self.at(span));
        if !hint.is_empty() {
            d = d.with_hint(hint);
        }
        self.diags.push(d);
    }

    /// A reference to an id that does not exist, with a "did you mean" hint.
    pub fn dangling<'c>(
        &mut self,
        what: &str,
        wanted: &str,
        span: Range<usize>,
        known: impl IntoIterator<Item = &'c str> + Clone,
    ) {
        let hint = match did_you_mean(wanted, known.clone()) {
            Some(k) => format!("did you mean \"{k}\"?"),
            None => {
                let list: Vec<&str> = known.into_iter().collect();
                if list.is_empty() {
                    format!("no {what} is defined")
                } else {
                    format!("defined {what}s: {}", list.join(", "))
                }
            }
        };
        self.error(
            Code::UnknownReference,
            span,
            format!("unknown {what} \"{wanted}\""),
            &hint,
        );
    }

    /// A keyword value outside its allowed set.
    pub fn bad_choice(&mut self, key: &str, value: &str, span: Range<usize>, allowed: &[&str]) {
        let hint = match did_you_mean(value, allowed.iter().copied()) {
            Some(k) => format!("did you mean \"{k}\"? allowed: {}", allowed.join(", ")),
            None => format!("allowed: {}", allowed.join(", ")),
        };
        self.error(
            Code::InvalidValue,
            span,
            format!("`{key}` = \"{value}\" is not a known choice"),
            &hint,
        );
    }

    pub fn has_errors(&self) -> bool {
        self.diags.iter().any(Diagnostic::is_error)
    }
}
