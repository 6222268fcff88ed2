//! Definition -> [`Questionnaire`]: the compiled model gives the structure (platforms, the
//! survey items of each dimension, the survey source's settings), the definition as written
//! gives what compiling drops (labels in their own spelling, guidance, positions).

use super::choices::answer_of;
use super::{Bi, PlatformEntry, Question, Questionnaire, QuestionnaireError, Screening, Section};
use crate::definition::{
    self, DefinitionError, DefinitionFile, DefinitionSource, Model, SourceKind,
};
use crate::diagnostics::Location;
use std::path::Path;

/// The questionnaire of the located definition (a file, or the embedded default).
pub fn from_definition(source: &DefinitionSource) -> Result<Questionnaire, QuestionnaireError> {
    match source {
        DefinitionSource::Embedded => {
            from_text(definition::DEFAULT_TOML, definition::DEFAULT_ORIGIN, None)
        }
        DefinitionSource::File(p) => {
            let file = p.display().to_string();
            let text = crate::stdin::read_to_string(p).map_err(|source| DefinitionError::Io {
                file: file.clone(),
                source,
            })?;
            from_text(&text, &file, p.parent())
        }
    }
}

/// The questionnaire of a definition given as text (`file` names it in errors; relative paths
/// inside it resolve against `base_dir`).
pub fn from_text(
    text: &str,
    file: &str,
    base_dir: Option<&Path>,
) -> Result<Questionnaire, QuestionnaireError> {
    // With its roster, so a roster the definition cannot read fails here as everywhere.
    let checked = crate::identity::check_str(text, file, base_dir);
    let Some(model) = checked.model else {
        return Err(DefinitionError::Invalid {
            file: file.to_string(),
            diagnostics: checked.diagnostics,
        }
        .into());
    };
    // The text compiled, so it parses.
    let raw: DefinitionFile = toml::from_str(text).map_err(|_| DefinitionError::Invalid {
        file: file.to_string(),
        diagnostics: Vec::new(),
    })?;
    build(&model, &raw, file, text)
}

fn build(
    model: &Model,
    raw: &DefinitionFile,
    file: &str,
    text: &str,
) -> Result<Questionnaire, QuestionnaireError> {
    let mut sections = Vec::new();
    for &root in &model.roots {
        let Some(node) = model.nodes.get(root) else {
            continue;
        };
        let raw_node = raw.dimensions.get(&node.id).map(|n| n.get_ref());
        let mut questions = Vec::new();
        for ix in model.items_under(root) {
            let Some(item) = model.items.get(ix) else {
                continue;
            };
            let asked = model
                .sources
                .get(item.source)
                .is_some_and(|s| s.kind == SourceKind::Survey)
                && item.derived.is_none();
            if !asked {
                continue;
            }
            let raw_item = raw.items.get(&item.id);
            let at = || match raw_item {
                Some(r) => Location::in_text(file, text, r.span().start),
                None => Location::file(file),
            };
            let Some(wording) = Bi::either(item.text.as_deref(), item.text_en.as_deref()) else {
                let location = at();
                return Err(QuestionnaireError::Incomplete {
                    message: format!(
                        "{location}: item {:?} has no question text: the questionnaire cannot ask it",
                        item.id
                    ),
                    location: Box::new(location),
                    hint: format!(
                        "add `text = \"...\"` (and `text_en = \"...\"`) to [items.{}]",
                        item.id
                    ),
                });
            };
            let guidance = raw_item.and_then(|r| {
                let r = r.get_ref();
                Bi::either(r.guidance.as_deref(), r.guidance_en.as_deref())
            });
            let Some(scale) = model.scales.get(item.scale) else {
                continue;
            };
            let answer = answer_of(scale, raw.scales.get(&scale.id).map(|s| s.get_ref()));
            questions.push(Question {
                id: item.id.clone(),
                text: wording,
                guidance,
                number: item.question.clone(),
                headers: raw_item
                    .map(|r| r.get_ref().headers.clone())
                    .unwrap_or_default(),
                answer,
            });
        }
        if questions.is_empty() {
            continue;
        }
        sections.push(Section {
            id: node.id.clone(),
            name: Bi::new(
                node.name_zh.clone().unwrap_or_else(|| node.name.clone()),
                node.name.clone(),
            ),
            guidance: raw_node
                .and_then(|n| Bi::either(n.guidance.as_deref(), n.guidance_en.as_deref())),
            in_index: node.in_index,
            questions,
        });
    }
    let platforms = model
        .platforms
        .iter()
        .map(|p| PlatformEntry {
            id: p.id.clone(),
            name: Bi::new(
                p.name_zh.clone().unwrap_or_else(|| p.name.clone()),
                p.name.clone(),
            ),
        })
        .collect::<Vec<_>>();
    let src = model.sources.iter().find(|s| s.kind == SourceKind::Survey);
    let respondent_no = src
        .and_then(|s| s.respondent.as_deref())
        .and_then(|r| r.trim().parse().ok());
    let platforms_no = src.and_then(|s| s.overrides.platforms_question);
    let mut loop_numbers: Vec<(u32, usize)> = src
        .map(|s| s.overrides.loop_platforms.clone())
        .unwrap_or_default();
    if loop_numbers.is_empty() {
        loop_numbers = (0..platforms.len()).map(|p| (p as u32 + 1, p)).collect();
    }
    loop_numbers.sort_unstable();
    let meta = &model.meta;
    Ok(Questionnaire {
        id: meta.id.clone(),
        title: Bi::new(
            meta.name_zh.clone().unwrap_or_else(|| meta.name.clone()),
            meta.name.clone(),
        ),
        edition: meta.edition.clone(),
        guidance: Bi::either(
            raw.index.guidance.as_deref(),
            raw.index.guidance_en.as_deref(),
        ),
        platforms,
        respondent: Screening {
            name: "company".into(),
            text: Bi::new(
                "贵企业名称（请填写营业执照上的全称）",
                "Company name (full legal name)",
            ),
            number: respondent_no,
        },
        platforms_question: Screening {
            name: "platforms_rated".into(),
            text: Bi::new(
                "过去12个月，贵企业在以下哪些平台开展过知识产权维权（投诉/举报）？（多选）",
                "On which platforms did your company enforce its IP rights (complaints, reports) in the last 12 months? (select all that apply)",
            ),
            number: platforms_no,
        },
        loop_numbers,
        sections,
    })
}
