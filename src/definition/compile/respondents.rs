//! `[respondents]`: the member roster (id, canonical name, aliases) read from its file, with
//! its own findings (unreadable file, spellings shared by two members) located in the roster.

use super::super::context::Ctx;
use super::super::model::DefinitionFile;
use crate::definition::roster::{Roster, RosterMatch};
use crate::diagnostics::Code;
use crate::identity::read_roster;
use std::path::Path;

pub(super) fn roster(
    ctx: &mut Ctx,
    def: &DefinitionFile,
    base_dir: Option<&Path>,
) -> Option<Roster> {
    let r = def.respondents.as_ref()?;
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
        return None;
    };
    let path = match base_dir {
        Some(b) => b.join(file.get_ref()),
        None => Path::new(file.get_ref()).to_path_buf(),
    };
    match read_roster(&path, matching) {
        Ok((roster, findings)) => {
            ctx.diags.extend(findings);
            Some(roster)
        }
        Err(e) => {
            let hint = e
                .hint()
                .unwrap_or("the path is relative to the definition file")
                .to_string();
            ctx.error(
                Code::MissingFile,
                file.span(),
                format!("cannot read the roster: {e}"),
                &hint,
            );
            None
        }
    }
}
