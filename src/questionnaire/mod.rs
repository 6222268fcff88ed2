//! The questionnaire a definition scores: per platform, the survey items of every dimension
//! with their wording, answer scale and guidance, plus the respondent and screening questions
//! that the definition's survey source expects. The renderers (XLSForm, XLSX template, HTML,
//! Markdown ...) write it so that the export of the filled-in survey maps back to the items
//! with no edits: the questions asked and the scores computed come from one file.
//!
//! Platform-level items (social-opinion data from a platform file) are not asked, and derived
//! items are computed, not asked.

mod build;
mod choices;
pub mod drift;
pub mod html;
pub mod markdown;
pub mod qualtrics;
pub mod template;
pub mod wjx;
pub mod xlsform;

pub use build::{from_definition, from_text};

use crate::definition::{DefinitionError, QuestionSel};
use crate::diagnostics::Location;

/// A text in Chinese and English (one falls back to the other when the definition has one).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Bi {
    pub zh: String,
    pub en: String,
}

impl Bi {
    pub fn new(zh: impl Into<String>, en: impl Into<String>) -> Self {
        Bi {
            zh: zh.into(),
            en: en.into(),
        }
    }

    /// From optional texts: None when both are missing.
    pub fn either(zh: Option<&str>, en: Option<&str>) -> Option<Bi> {
        let zh = zh.map(str::trim).filter(|s| !s.is_empty());
        let en = en.map(str::trim).filter(|s| !s.is_empty());
        match (zh, en) {
            (None, None) => None,
            (z, e) => Some(Bi::new(z.or(e).unwrap_or(""), e.or(z).unwrap_or(""))),
        }
    }

    /// The text in one language, or both ("中文 / English", once when they are the same).
    pub fn show(&self, lang: Lang) -> String {
        match lang {
            Lang::Zh => self.zh.clone(),
            Lang::En => self.en.clone(),
            Lang::Both if self.zh == self.en => self.zh.clone(),
            Lang::Both => format!("{} / {}", self.zh, self.en),
        }
    }
}

/// The language(s) a questionnaire is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Both,
    Zh,
    En,
}

impl Lang {
    pub fn parse(s: &str) -> Option<Lang> {
        match s {
            "both" => Some(Lang::Both),
            "zh" => Some(Lang::Zh),
            "en" => Some(Lang::En),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Questionnaire {
    /// The index id (the form id of an XLSForm).
    pub id: String,
    pub title: Bi,
    pub edition: String,
    pub guidance: Option<Bi>,
    /// The platforms rated, in definition order.
    pub platforms: Vec<PlatformEntry>,
    /// "Which company are you?": what names the respondent.
    pub respondent: Screening,
    /// "Which platforms did you rate?": its question number in numbered exports (问卷星), when
    /// the survey source names one.
    pub platforms_question: Screening,
    /// Loop & Merge: loop number -> platform position (Qualtrics recodes); the definition's
    /// `loop_platforms`, else 1.. in platform order.
    pub loop_numbers: Vec<(u32, usize)>,
    /// The dimensions with at least one survey item, in definition order.
    pub sections: Vec<Section>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PlatformEntry {
    pub id: String,
    pub name: Bi,
}

/// A question asked once per respondent, before the platform questions.
#[derive(Debug, Clone, PartialEq)]
pub struct Screening {
    /// Field name (XLSForm) / column (template).
    pub name: String,
    pub text: Bi,
    /// Its number in numbered exports (问卷星), when the definition names it.
    pub number: Option<u32>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    pub id: String,
    pub name: Bi,
    pub guidance: Option<Bi>,
    /// Reported, but not part of the index (`in_index = false`).
    pub in_index: bool,
    pub questions: Vec<Question>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Question {
    /// The item id: the field name in XLSForm and the column of the template.
    pub id: String,
    pub text: Bi,
    pub guidance: Option<Bi>,
    /// The question number(s) of numbered exports (问卷星), as the item's `question` says.
    pub number: Option<QuestionSel>,
    /// The item's header spellings (Qualtrics field names such as `Q3_1`).
    pub headers: Vec<String>,
    pub answer: Answer,
}

/// One option: the value written to the data (`name`) and what the respondent reads.
#[derive(Debug, Clone, PartialEq)]
pub struct Choice {
    /// A spelling of the option that the scale reads back, usable as an XLSForm choice name;
    /// None when the scale has none (the XLSForm refuses such a scale, naming it).
    pub name: Option<String>,
    pub label: Bi,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Answer {
    /// One of the scale's labels, or a not-applicable option.
    Single {
        scale: String,
        options: Vec<Choice>,
        na: Vec<Choice>,
    },
    /// Any of the options; `other` is the position of the one with a fill-in text.
    Multi {
        scale: String,
        options: Vec<Choice>,
        other: Option<usize>,
    },
    /// A number (in `unit`), between `min` and `max` when the scale sets them.
    Number {
        scale: String,
        min: Option<f64>,
        max: Option<f64>,
        unit: Option<Bi>,
        na: Vec<Choice>,
    },
    /// Free text (reported, not scored).
    Text,
}

impl Answer {
    /// The id of the scale (also the XLSForm choice list), None for free text.
    pub fn scale(&self) -> Option<&str> {
        match self {
            Answer::Single { scale, .. }
            | Answer::Multi { scale, .. }
            | Answer::Number { scale, .. } => Some(scale),
            Answer::Text => None,
        }
    }

    /// Every option a respondent may pick, not-applicable ones last.
    pub fn all_choices(&self) -> Vec<&Choice> {
        match self {
            Answer::Single { options, na, .. } => options.iter().chain(na).collect(),
            Answer::Multi { options, .. } => options.iter().collect(),
            Answer::Number { na, .. } => na.iter().collect(),
            Answer::Text => Vec::new(),
        }
    }
}

impl Questionnaire {
    pub fn questions(&self) -> impl Iterator<Item = &Question> {
        self.sections.iter().flat_map(|s| s.questions.iter())
    }
}

#[derive(Debug, thiserror::Error)]
pub enum QuestionnaireError {
    #[error(transparent)]
    Definition(#[from] DefinitionError),
    /// The definition lacks something a questionnaire needs (a question text).
    #[error("{message}")]
    Incomplete {
        message: String,
        /// Boxed: a location is large, and errors travel in every `Result` of this module.
        location: Box<Location>,
        hint: String,
    },
    /// A format cannot express the definition as it is (a choice name for an XLSForm).
    #[error("{message}")]
    Unsupported { message: String, hint: String },
    #[error("cannot write the workbook: {0}")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
}

impl QuestionnaireError {
    pub fn hint(&self) -> Option<&str> {
        match self {
            QuestionnaireError::Incomplete { hint, .. }
            | QuestionnaireError::Unsupported { hint, .. } => Some(hint),
            _ => None,
        }
    }

    pub fn location(&self) -> Option<&Location> {
        match self {
            QuestionnaireError::Incomplete { location, .. } => Some(&**location),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests;
