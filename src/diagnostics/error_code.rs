//! The codes of the errors that stop a run (exit 2): the `code` of the `{"error": {...}}` that
//! `--format json` prints. Like the finding codes ([`Code`]) they are stable kebab-case strings
//! that scripts match on, so a string never changes; `explain-code` and `docs/codes.md`
//! explain each one (see `error_explanation.rs`). [`AnyCode`] is either kind, for
//! `explain-code`, which takes both.

use super::Code;
use std::fmt;
use std::str::FromStr;

string_codes! {
    /// Why a run stopped.
    ErrorCode {
        AggregateRefused = "aggregate-refused",
        DefinitionIncomplete = "definition-incomplete",
        DefinitionInvalid = "definition-invalid",
        DefinitionUnreadable = "definition-unreadable",
        Error = "error",
        NoSurvey = "no-survey",
        NoSurveySource = "no-survey-source",
        NothingScored = "nothing-scored",
        OutputIsInput = "output-is-input",
        OutputTwice = "output-twice",
        ReadFailed = "read-failed",
        RenderFailed = "render-failed",
        StdinTwice = "stdin-twice",
        TooManyDuplicates = "too-many-duplicates",
        UnknownSource = "unknown-source",
        UnreadableInput = "unreadable-input",
        Usage = "usage",
        WriteFailed = "write-failed",
    }
}

/// A finding code or the code of an error that stopped a run: what `explain-code` explains.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AnyCode {
    /// The CODE of `error[CODE]` / `warning[CODE]`.
    Finding(Code),
    /// The `code` of the JSON error of a run that stopped (exit 2).
    Stop(ErrorCode),
}

impl AnyCode {
    /// Every code: the finding codes, then the codes of errors that stop a run.
    pub fn all() -> impl Iterator<Item = AnyCode> + Clone {
        let findings = Code::ALL.iter().map(|c| AnyCode::Finding(*c));
        findings.chain(ErrorCode::ALL.iter().map(|c| AnyCode::Stop(*c)))
    }

    pub const fn as_str(self) -> &'static str {
        match self {
            AnyCode::Finding(c) => c.as_str(),
            AnyCode::Stop(c) => c.as_str(),
        }
    }
}

impl From<Code> for AnyCode {
    fn from(c: Code) -> AnyCode {
        AnyCode::Finding(c)
    }
}

impl From<ErrorCode> for AnyCode {
    fn from(c: ErrorCode) -> AnyCode {
        AnyCode::Stop(c)
    }
}

impl fmt::Display for AnyCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for AnyCode {
    type Err = UnknownCode;

    /// The exact string of a finding code or of an error code (no string is both).
    fn from_str(s: &str) -> Result<AnyCode, UnknownCode> {
        parse_among(s, AnyCode::all())
    }
}

/// The code among `codes` whose string is `s` (spaces and brackets around it forgiven, so
/// that `[unknown-key]` copied from a message works), else an error naming the nearest.
pub(super) fn parse_among<T>(
    s: &str,
    codes: impl Iterator<Item = T> + Clone,
) -> Result<T, UnknownCode>
where
    T: Copy + Into<AnyCode>,
{
    let wanted = s.trim().trim_start_matches('[').trim_end_matches(']');
    let string = |c: &T| (*c).into().as_str();
    if let Some(code) = codes.clone().find(|c| string(c) == wanted) {
        return Ok(code);
    }
    let nearest = crate::text::did_you_mean(wanted, codes.clone().map(|c| string(&c)))
        .and_then(|name| codes.map(Into::into).find(|c: &AnyCode| c.as_str() == name));
    Err(UnknownCode {
        given: s.to_string(),
        nearest,
    })
}

/// A string that is no code, with the nearest code if one is close.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownCode {
    pub given: String,
    pub nearest: Option<AnyCode>,
}

impl fmt::Display for UnknownCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown code {:?}", self.given)
    }
}

impl std::error::Error for UnknownCode {}

impl UnknownCode {
    /// "did you mean ...?" when a code is close, else every code.
    pub fn hint(&self) -> String {
        match self.nearest {
            Some(code) => format!("did you mean {:?}?", code.as_str()),
            None => {
                let all: Vec<&str> = AnyCode::all().map(AnyCode::as_str).collect();
                format!("the codes are: {}", all.join(", "))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The strings as the JSON errors wrote them before the enum existed (collected from the
    /// string literals of `src/pipeline/error_codes.rs`, `src/output/same_file.rs`,
    /// `src/output/mod.rs` and the `coded(...)` calls and the fallback of `src/commands/`):
    /// scripts match on them, so none may change. A new code is added here too.
    const PUBLISHED: [&str; 18] = [
        "aggregate-refused",
        "definition-incomplete",
        "definition-invalid",
        "definition-unreadable",
        "error",
        "no-survey",
        "no-survey-source",
        "nothing-scored",
        "output-is-input",
        "output-twice",
        "read-failed",
        "render-failed",
        "stdin-twice",
        "too-many-duplicates",
        "unknown-source",
        "unreadable-input",
        "usage",
        "write-failed",
    ];

    #[test]
    fn strings_are_the_published_ones() {
        let strings: Vec<&str> = ErrorCode::ALL.iter().map(|c| c.as_str()).collect();
        assert_eq!(strings, PUBLISHED);
    }

    #[test]
    fn all_lists_every_variant_once_in_order() {
        for (i, code) in ErrorCode::ALL.iter().enumerate() {
            assert_eq!(*code as usize, i, "{code}");
        }
        assert!(
            ErrorCode::ALL
                .windows(2)
                .all(|w| w[0].as_str() < w[1].as_str())
        );
    }

    /// `explain-code CODE` takes both kinds, so no string may be both.
    #[test]
    fn no_string_is_a_finding_code_and_an_error_code() {
        for code in ErrorCode::ALL {
            assert!(code.as_str().parse::<Code>().is_err(), "{code}");
        }
        let mut all: Vec<&str> = AnyCode::all().map(AnyCode::as_str).collect();
        let n = all.len();
        all.sort_unstable();
        all.dedup();
        assert_eq!(all.len(), n);
        assert_eq!(n, Code::ALL.len() + ErrorCode::ALL.len());
    }

    #[test]
    fn every_error_code_has_an_explanation() {
        for code in ErrorCode::ALL {
            let e = code.explanation();
            for (part, text) in [
                ("summary", e.summary),
                ("cause", e.cause),
                ("fix", e.fix),
                ("zh", e.zh),
            ] {
                assert!(!text.trim().is_empty(), "{code}: empty {part}");
                assert!(!text.contains('\n'), "{code}: {part} spans lines");
            }
            assert!(e.summary.ends_with('.'), "{code}: {}", e.summary);
            assert!(
                e.zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                "{code}: zh is not Chinese"
            );
            assert_eq!(AnyCode::Stop(*code).explanation(), e);
        }
    }

    #[test]
    fn parses_its_own_strings() {
        for code in ErrorCode::ALL {
            assert_eq!(code.as_str().parse::<ErrorCode>(), Ok(*code));
            assert_eq!(code.as_str().parse::<AnyCode>(), Ok(AnyCode::Stop(*code)));
            assert_eq!(code.to_string(), code.as_str());
        }
        for code in Code::ALL {
            assert_eq!(
                code.as_str().parse::<AnyCode>(),
                Ok(AnyCode::Finding(*code))
            );
        }
        assert_eq!(
            "[read-failed] ".parse::<AnyCode>(),
            Ok(ErrorCode::ReadFailed.into())
        );
    }

    #[test]
    fn an_unknown_code_names_the_nearest_of_either_kind() {
        let e = "read-faild".parse::<AnyCode>().unwrap_err();
        assert_eq!(e.nearest, Some(AnyCode::Stop(ErrorCode::ReadFailed)));
        let e = "unknown-platfrom".parse::<AnyCode>().unwrap_err();
        assert_eq!(e.nearest, Some(AnyCode::Finding(Code::UnknownPlatform)));
        let far = "zzzzzzzzzzzzzzzzzzzzzzzzzz".parse::<AnyCode>().unwrap_err();
        let hint = far.hint();
        assert!(hint.starts_with("the codes are: bad-duration, "), "{hint}");
        assert!(
            hint.ends_with(", unreadable-input, usage, write-failed"),
            "{hint}"
        );
    }

    #[test]
    fn serialises_as_its_string() {
        assert_eq!(
            serde_json::to_string(&ErrorCode::NoSurvey).unwrap(),
            "\"no-survey\""
        );
    }
}
