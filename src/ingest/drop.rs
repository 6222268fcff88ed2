//! Rows a preset (or the source) drops before screening: Qualtrics previews and unfinished
//! responses, SurveyMonkey test rows, LimeSurvey incomplete responses. A dropped row stays a
//! submission so that screening can log it with its row and respondent.

use super::table::Row;
use crate::definition::DropRule;
use crate::text::{match_key, trim};

pub(super) struct DropCols {
    rules: Vec<(usize, String, DropRule)>,
}

impl DropCols {
    /// The rules whose column the file has (`find` looks a column up by name); a preset's rule
    /// on a column the file lacks does not apply.
    pub fn resolve(rules: &[DropRule], find: &dyn Fn(&str) -> Option<usize>) -> DropCols {
        DropCols {
            rules: rules
                .iter()
                .filter_map(|r| find(&r.column).map(|c| (c, r.column.clone(), r.clone())))
                .collect(),
        }
    }

    /// (reason, detail) of the first rule that drops this row.
    pub fn check(&self, row: Row<'_>) -> Option<(String, String)> {
        for (col, name, rule) in &self.rules {
            let shown = row.get(*col).display();
            let key = match_key(&shown);
            let dropped =
                rule.values.contains(&key) || (!rule.keep.is_empty() && !rule.keep.contains(&key));
            if dropped {
                let value = trim(&shown);
                let detail = if value.is_empty() {
                    format!("{name} is empty")
                } else {
                    format!("{name} is {value:?}")
                };
                return Some((rule.reason.clone(), detail));
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::RawValue;

    fn rule(keep: &[&str], values: &[&str]) -> DropRule {
        DropRule {
            column: "Status".into(),
            keep: keep.iter().map(|k| match_key(k)).collect(),
            values: values.iter().map(|k| match_key(k)).collect(),
            reason: "preview".into(),
        }
    }

    #[test]
    fn keep_and_values_rules() {
        let t = |s: &str| RawValue::Text(s.into());
        let cells = [t("Survey Preview"), RawValue::Blank];
        let row = Row::Grid(&cells);
        let keep = DropCols::resolve(&[rule(&["IP Address", "0"], &[])], &|_| Some(0));
        assert_eq!(
            keep.check(row),
            Some(("preview".into(), "Status is \"Survey Preview\"".into()))
        );
        let empty = DropCols::resolve(&[rule(&[], &[""])], &|_| Some(1));
        assert_eq!(
            empty.check(row).map(|d| d.1),
            Some("Status is empty".into())
        );
        let absent = DropCols::resolve(&[rule(&[], &[""])], &|_| None);
        assert_eq!(absent.check(row), None);
        let ok = [t("ip address ")];
        assert_eq!(keep.check(Row::Grid(&ok)), None);
    }
}
