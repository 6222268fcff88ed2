//! `[respondents]`: where the member roster (id, canonical name, aliases) is and how names are
//! matched. The file is read after compiling, by the ingest stage (`identity::with_roster`),
//! which reports an unreadable file at the `roster` value and bad rows in the roster.

use super::super::context::Ctx;
use super::super::model::DefinitionFile;
use crate::definition::roster::{RosterMatch, RosterSource};
use crate::diagnostics::Code;
use std::path::Path;

pub(super) fn roster(ctx: &mut Ctx, def: &DefinitionFile, base_dir: Option<&Path>) {
    let Some(r) = def.respondents.as_ref() else {
        return;
    };
    let matching = match &r.get_ref().matching {
        None => RosterMatch::default(),
        Some(m) => RosterMatch::parse(m.get_ref()).unwrap_or_else(|| {
            ctx.bad_choice("match", m.get_ref(), m.span(), &RosterMatch::NAMES);
            RosterMatch::default()
        }),
    };
    let Some(file) = &r.get_ref().roster else {
        ctx.error(
            Code::MissingKey,
            r.span(),
            "[respondents] has no `roster` file".into(),
            "roster = \"roster.csv\" (columns id, canonical_name, aliases), relative to the definition",
        );
        return;
    };
    let path = match base_dir {
        Some(b) => b.join(file.get_ref()),
        None => Path::new(file.get_ref()).to_path_buf(),
    };
    ctx.roster = Some(RosterSource {
        path,
        matching,
        at: ctx.at(file.span()),
        model_findings: Vec::new(),
    });
}
