//! `[[sources]]`: which files the items come from, and with which preset.

// Indexing is in range here: `si` enumerates `sources`.
#![allow(clippy::indexing_slicing)]

use super::super::context::Ctx;
use super::super::model::DefinitionFile;
use super::*;
use crate::diagnostics::Code;
use crate::text::match_key;
use std::collections::HashMap;
use std::path::Path;

pub(super) fn sources(ctx: &mut Ctx, def: &DefinitionFile, base_dir: Option<&Path>) -> Vec<Source> {
    let mut out: Vec<Source> = Vec::new();
    if def.sources.is_empty() {
        // No [[sources]]: one survey source whose preset is detected from the file.
        out.push(default_survey_source());
    }
    for s in &def.sources {
        let sd = s.get_ref();
        let id = sd
            .id
            .as_ref()
            .map_or("survey".to_string(), |i| i.get_ref().clone());
        if out.iter().any(|o| o.id == id) {
            ctx.error(
                Code::DuplicateId,
                sd.id.as_ref().map_or(s.span(), |i| i.span()),
                format!("two sources have the id \"{id}\""),
                "give each [[sources]] block its own id",
            );
        }
        let kind = match sd.kind.as_ref().map(|k| (k.get_ref().as_str(), k.span())) {
            None | Some(("survey", _)) => SourceKind::Survey,
            Some(("platform", _)) => SourceKind::Platform,
            Some((other, span)) => {
                ctx.bad_choice("kind", other, span, &["survey", "platform"]);
                SourceKind::Survey
            }
        };
        let names: Vec<&str> = Preset::ALL.iter().map(|p| p.name()).collect();
        let preset = match &sd.preset {
            None if kind == SourceKind::Platform => Preset::PlatformTable,
            None => Preset::Auto,
            Some(p) => match Preset::ALL.iter().find(|x| x.name() == p.get_ref()) {
                Some(&x) => x,
                None => {
                    ctx.bad_choice("preset", p.get_ref(), p.span(), &names);
                    Preset::Auto
                }
            },
        };
        let layout = sd.layout.as_ref().and_then(|l| match l.get_ref().as_str() {
            "wide" => Some(Layout::Wide),
            "long" => Some(Layout::Long),
            other => {
                ctx.bad_choice("layout", other, l.span(), &["wide", "long"]);
                None
            }
        });
        let path = sd.path.as_ref().map(|p| {
            let p = Path::new(p.get_ref());
            match base_dir {
                Some(b) if p.is_relative() => b.join(p),
                _ => p.to_path_buf(),
            }
        });
        out.push(Source {
            id,
            kind,
            preset,
            layout,
            path,
            sheet: sd.sheet.clone(),
            respondent: sd.respondent.as_ref().map(|s| s.get_ref().clone()),
            platform: sd.platform.as_ref().map(|s| s.get_ref().clone()),
            weight: sd.weight.as_ref().map(|s| s.get_ref().clone()),
            identifying: sd.identifying.clone().unwrap_or_default(),
            submitted_at: sd.submitted_at.clone(),
            duration: sd.duration.clone(),
            skip: sd.skip.clone(),
            empty: sd.empty.clone(),
            multi_sep: sd.multi_sep.clone(),
            columns: HashMap::new(),
            overrides: PresetOverrides::default(),
        });
    }
    out
}

pub(super) fn default_survey_source() -> Source {
    Source {
        id: "survey".into(),
        kind: SourceKind::Survey,
        preset: Preset::Auto,
        layout: None,
        path: None,
        sheet: None,
        respondent: None,
        platform: None,
        weight: None,
        identifying: Vec::new(),
        submitted_at: None,
        duration: None,
        skip: None,
        empty: None,
        multi_sep: None,
        columns: HashMap::new(),
        overrides: PresetOverrides::default(),
    }
}

pub(super) fn source_columns(
    ctx: &mut Ctx,
    def: &DefinitionFile,
    items: &[Item],
    sources: &mut [Source],
) {
    for (si, s) in def.sources.iter().enumerate() {
        for (header, item) in &s.get_ref().columns {
            match items.iter().position(|it| &it.id == item.get_ref()) {
                Some(ix) => {
                    sources[si].columns.insert(match_key(header), ix);
                }
                None => ctx.dangling(
                    "item",
                    item.get_ref(),
                    item.span(),
                    items.iter().map(|i| i.id.as_str()),
                ),
            }
        }
    }
}
