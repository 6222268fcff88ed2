//! What keeps platform-facing outputs from telling which member said what: redaction of
//! identities, e-mail addresses and telephone numbers in free text (`redact.rs`), and the
//! small-cell rule (a breakdown resting on fewer than k respondents is not shown).

mod contacts;
mod fold;
mod redact;
mod short_name;

pub use redact::Redactor;

/// Default k of the small-cell rule: breakdowns on fewer respondents are suppressed.
pub const DEFAULT_MIN_CELL: usize = 5;

/// What replaces a respondent's name, an e-mail address or a telephone number inside a
/// free-text answer.
pub const REDACTED: &str = "[redacted]";

/// Whether a breakdown resting on `respondents` people is shown under the small-cell rule.
/// Zero respondents means platform-level data (not survey answers), which is never
/// suppressed; its absence of a score speaks for itself.
pub fn shown(respondents: usize, min_cell: usize) -> bool {
    respondents == 0 || respondents >= min_cell
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_cells_are_hidden_platform_data_is_not() {
        assert!(!shown(4, 5));
        assert!(shown(5, 5));
        assert!(shown(0, 5));
    }
}
