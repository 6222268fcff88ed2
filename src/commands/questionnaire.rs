//! `qbpc-index questionnaire`: the questionnaire of a definition, in one format.

use super::{Outcome, coded, hinted, paths};
use crate::cli::{FormLang, QuestionnaireArgs, QuestionnaireFormat as F};
use qbpc_index::definition::{self, DefinitionSource};
use qbpc_index::diagnostics::ErrorCode;
use qbpc_index::output::{Outputs, RunFile};
use qbpc_index::questionnaire::{self as q, Lang, QuestionnaireError};
use qbpc_index::stdin::DASH;
use std::path::Path;

pub fn run(args: QuestionnaireArgs) -> anyhow::Result<Outcome> {
    let target = args.output.as_deref().unwrap_or(Path::new(DASH));
    let outputs = paths::outputs([("--output", args.output.as_deref())]);
    let cwd = std::env::current_dir()?;
    let source = definition::locate(args.index.as_deref(), &cwd);
    let inputs = match &source {
        DefinitionSource::File(p) => vec![RunFile::new("definition", p)],
        DefinitionSource::Embedded => Vec::new(),
    };
    paths::check_early(&outputs, &inputs, None)?;
    let lang = match args.lang {
        FormLang::Both => Lang::Both,
        FormLang::Zh => Lang::Zh,
        FormLang::En => Lang::En,
    };
    let questionnaire = q::from_definition(&source).map_err(error)?;
    let bytes = match args.format {
        F::Xlsform => q::xlsform::workbook(&questionnaire).map_err(error)?,
        F::Xlsx => q::template::workbook(&questionnaire, lang, &[]).map_err(error)?,
        F::Html => q::html::render(&questionnaire, lang).into_bytes(),
        F::Md => q::markdown::render(&questionnaire, lang).into_bytes(),
        F::Qualtrics => q::qualtrics::render(&questionnaire, lang).into_bytes(),
        F::Wjx => q::wjx::render(&questionnaire).map_err(error)?.into_bytes(),
    };
    let mut out = Outputs::new();
    out.file(target, bytes);
    out.write()?;
    if target != Path::new(DASH) {
        say!(
            "wrote {} ({} form: {} questions per platform, {} platforms)",
            target.display(),
            args.format.name(),
            questionnaire.questions().count(),
            questionnaire.platforms.len()
        );
        match args.format {
            F::Qualtrics => say!(
                "after the import, set Loop & Merge on the block \"Platform rating\" over the selected choices of the platforms question, and download with \"Use choice text\""
            ),
            F::Wjx => say!("paste it in 问卷星's 文本导入, and download the answers 按选项文本"),
            _ => {}
        }
    }
    Ok(Outcome::Success)
}

fn error(e: QuestionnaireError) -> anyhow::Error {
    let hint = e.hint().map(str::to_string);
    match e {
        QuestionnaireError::Definition(d) => super::findings::definition_error(d),
        QuestionnaireError::Incomplete { .. } => {
            let location = e.location().cloned();
            coded(
                ErrorCode::DefinitionIncomplete,
                e.to_string(),
                hint,
                location,
            )
        }
        other => hinted(other.to_string(), hint),
    }
}
