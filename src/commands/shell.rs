//! `completions SHELL` and `man`: generated from the same clap definition that parses the
//! arguments, so they never fall behind a new flag.

use super::Outcome;
use crate::cli::{self, Cli};
use clap::CommandFactory;
use clap_complete::Shell;
use std::io::Write;

/// The completion script for `shell` on standard output.
pub fn completions(shell: cli::Shell) -> anyhow::Result<Outcome> {
    let shell = match shell {
        cli::Shell::Bash => Shell::Bash,
        cli::Shell::Zsh => Shell::Zsh,
        cli::Shell::Fish => Shell::Fish,
        cli::Shell::Powershell => Shell::PowerShell,
    };
    let mut cmd = Cli::command();
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut cmd, "qbpc-index", &mut script);
    write_stdout(&script)
}

/// The manual page (roff): the top-level page, then a section per subcommand with its
/// synopsis, description, options and examples.
pub fn man() -> anyhow::Result<Outcome> {
    let cmd = Cli::command();
    let mut page = Vec::new();
    clap_mangen::Man::new(cmd.clone()).render(&mut page)?;
    for sub in cmd.get_subcommands() {
        let name = format!("qbpc-index {}", sub.get_name());
        let man = clap_mangen::Man::new(sub.clone().bin_name(name.clone()));
        let mut part = Vec::new();
        man.render_synopsis_section(&mut part)?;
        man.render_description_section(&mut part)?;
        man.render_options_section(&mut part)?;
        man.render_extra_section(&mut part)?;
        // The subcommand's own sections become subsections of one section named after it.
        let text = String::from_utf8(part)?.replace(".SH ", ".SS ");
        page.extend_from_slice(format!(".SH \"{}\"\n{text}", name.to_uppercase()).as_bytes());
    }
    write_stdout(title_first(&verbatim_examples(&String::from_utf8(page)?)).as_bytes())
}

/// The `.TH` title line first, as `man` and `file` expect of a page; clap_mangen puts the
/// definition of the quote string before it (still defined before any use after the move).
fn title_first(roff: &str) -> String {
    match roff.lines().position(|l| l.starts_with(".TH ")) {
        Some(i) if i > 0 => {
            let mut lines: Vec<&str> = roff.lines().collect();
            let title = lines.remove(i);
            lines.insert(0, title);
            lines.join("\n") + "\n"
        }
        _ => roff.to_string(),
    }
}

/// clap_mangen puts the help's examples in a section named EXTRA, as filled text: name it
/// EXAMPLES and keep its lines as they are (`.nf` ... `.fi`), so that commands stay one per
/// line and can be copied.
fn verbatim_examples(roff: &str) -> String {
    let mut out = String::with_capacity(roff.len() + 256);
    let mut inside = false;
    for line in roff.lines() {
        let heading = line.starts_with(".SH ") || line.starts_with(".SS ");
        if inside && heading {
            out.push_str(".fi\n");
            inside = false;
        }
        if heading && line.ends_with(" EXTRA") {
            out.push_str(&line.replace(" EXTRA", " EXAMPLES"));
            out.push_str("\n.nf\n");
            inside = true;
            continue;
        }
        out.push_str(line);
        out.push('\n');
    }
    if inside {
        out.push_str(".fi\n");
    }
    out
}

fn write_stdout(bytes: &[u8]) -> anyhow::Result<Outcome> {
    let mut out = std::io::stdout().lock();
    out.write_all(bytes)?;
    out.flush()?;
    Ok(Outcome::Success)
}
