//! The draft as TOML (definition format 1), with a comment wherever a guess needs a decision.

use super::scales::{DraftScale, DraftScaleKind};
use super::{Draft, DraftItem};
use crate::ingest::format_number;
use std::fmt::Write;

/// The draft definition as TOML text.
pub fn render(d: &Draft) -> String {
    let mut out = String::new();
    header(&mut out, d);
    settings(&mut out, d);
    platforms(&mut out, d);
    out.push_str("\n# ---------------------------------------------------------------- scales\n");
    for s in &d.scales {
        scale(&mut out, s);
    }
    out.push_str(
        "\n# ---------------------------------------------------------------- dimensions\n\
         # One placeholder dimension per run of consecutive questions on the same scale: rename\n\
         # them, regroup the items, and set the weights (and `reverse = true` on negatively\n\
         # worded items).\n",
    );
    for dim in &d.dimensions {
        let _ = write!(
            out,
            "\n[dimensions.{}]\nname = {}\nweight = 1\n",
            key(&dim.id),
            string(&dim.name)
        );
        if !dim.in_index {
            out.push_str("in_index = false        # free text: collected, never scored\n");
        }
    }
    out.push_str("\n# ---------------------------------------------------------------- items\n");
    for item in &d.items {
        item_table(&mut out, d, item);
    }
    source(&mut out, d);
    out
}

fn header(out: &mut String, d: &Draft) {
    let _ = writeln!(
        out,
        "# Draft index definition from {} (qbpc-index init --from).",
        d.file
    );
    out.push_str(
        "# Every scale, platform and dimension below is a guess from the answers in that file:\n\
         # check the label order and N/A spellings of the scales, the goalposts of numbers and the\n\
         # points of multi-select options; name the items and dimensions; then run\n\
         #   qbpc-index validate --index <this file>\n",
    );
    let _ = writeln!(out, "#   qbpc-index score {} --index <this file>", d.file);
    if !d.notes.is_empty() {
        out.push_str("#\n# Not drafted as items:\n");
        for n in &d.notes {
            let _ = writeln!(out, "# * {n}");
        }
    }
}

fn settings(out: &mut String, d: &Draft) {
    let name = format!("Draft index from {}", file_name(&d.file));
    let _ = write!(
        out,
        "\nformat = 1\n\n[index]\nid = \"draft\"\nname = {}\nedition = \"\"\n",
        string(&name)
    );
    out.push_str(
        "\n[quality]\n\
         dedupe = \"latest\"          # keep the latest submission per respondent\n\
         # min_duration_s = 300       # exclude submissions completed faster (seconds)\n\
         # min_duration_ratio = 0.33  # ... or faster than this share of the median per platform\n\
         straightline = \"flag\"      # flag | exclude | off\n\
         \n[aggregation]\n\
         order = \"items-first\"\n\
         respondents = \"mean\"\n\
         method = \"arithmetic\"\n\
         min_respondents = 3         # platforms with fewer respondents are scored, not ranked\n\
         decimals = 1\n",
    );
}

fn file_name(path: &str) -> &str {
    path.rsplit(['/', '\\']).next().unwrap_or(path)
}

fn platforms(out: &mut String, d: &Draft) {
    for (id, name, name_zh) in &d.groups {
        let _ = write!(out, "\n[groups.{}]\nname = {}\n", key(id), string(name));
        if let Some(zh) = name_zh {
            let _ = writeln!(out, "name_zh = {}", string(zh));
        }
    }
    for p in &d.platforms {
        let _ = write!(
            out,
            "\n[platforms.{}]\nname = {}\n",
            key(&p.id),
            string(&p.name)
        );
        if let Some(zh) = &p.name_zh {
            let _ = writeln!(out, "name_zh = {}", string(zh));
        }
        if let Some(g) = &p.group {
            let _ = writeln!(out, "group = {}", string(g));
        }
        if !p.aliases.is_empty() {
            let _ = writeln!(out, "aliases = {}", array(&p.aliases));
        }
    }
}

fn scale(out: &mut String, s: &DraftScale) {
    let _ = writeln!(out, "\n[scales.{}]", key(&s.id));
    if let Some(c) = &s.comment {
        let _ = writeln!(out, "# {c}");
    }
    let mut aliases: &[(String, String)] = &[];
    match &s.kind {
        DraftScaleKind::Ordinal { labels, aliases: a } => {
            let _ = write!(out, "kind = \"ordinal\"\nlabels = {}\n", array(labels));
            aliases = a;
        }
        DraftScaleKind::Scored { scores, aliases: a } => {
            let pairs: Vec<String> = scores
                .iter()
                .map(|(l, v)| format!("{} = {}", string(l), format_number(*v)))
                .collect();
            let _ = write!(
                out,
                "kind = \"ordinal\"\nscores = {{ {} }}\n",
                pairs.join(", ")
            );
            aliases = a;
        }
        DraftScaleKind::Numeric {
            best,
            worst,
            min,
            units,
            approx,
        } => {
            let _ = write!(
                out,
                "kind = \"numeric\"\nbest = {}\nworst = {}\n",
                format_number(*best),
                format_number(*worst)
            );
            if let Some(m) = min {
                let _ = writeln!(out, "min = {}", format_number(*m));
            }
            if !units.is_empty() {
                let _ = writeln!(out, "units = {}", array(units));
            }
            if !approx.is_empty() {
                let _ = writeln!(out, "approx = {}", array(approx));
            }
        }
        DraftScaleKind::Multi {
            options,
            aliases: a,
            full,
            other,
        } => {
            let pairs: Vec<String> = options
                .iter()
                .map(|(c, p)| format!("{} = {}", key(c), format_number(*p)))
                .collect();
            let _ = write!(
                out,
                "kind = \"multi\"\nfull = {}\noptions = {{ {} }}\n",
                format_number(*full),
                pairs.join(", ")
            );
            if let Some(o) = other {
                let _ = writeln!(out, "other = {}", string(o));
            }
            aliases = a;
        }
        DraftScaleKind::Unordered { answers, codes } => {
            // No active `labels`: the direction is the analyst's to state.
            if *codes {
                let reversed: Vec<String> = answers.iter().rev().cloned().collect();
                let _ = write!(
                    out,
                    "# labels = {}    # if {} is the best answer\n\
                     # labels = {}    # if {} is the best answer\n",
                    array(answers),
                    answers.last().map_or("", String::as_str),
                    array(&reversed),
                    answers.first().map_or("", String::as_str),
                );
            } else {
                let _ = writeln!(
                    out,
                    "# labels = {}    # in the order first seen: reorder worst -> best",
                    array(answers)
                );
            }
            out.push_str(
                "# (and `reverse = true` on an item of this scale whose best answer is the other end)\n\
                 kind = \"ordinal\"\n",
            );
        }
        DraftScaleKind::Text => out.push_str("kind = \"text\"\n"),
    }
    if !s.na.is_empty() {
        let _ = writeln!(out, "na = {}", array(&s.na));
    }
    if !aliases.is_empty() {
        let _ = writeln!(out, "\n[scales.{}.aliases]", key(&s.id));
        for (from, to) in aliases {
            let _ = writeln!(out, "{} = {}", string(from), string(to));
        }
    }
}

fn item_table(out: &mut String, d: &Draft, item: &DraftItem) {
    let _ = write!(
        out,
        "\n[items.{}]\ndimension = {}\nscale = {}\n",
        key(&item.id),
        string(
            d.dimensions
                .get(item.dimension)
                .map_or("", |dim| dim.id.as_str())
        ),
        string(&item.scale)
    );
    if let Some(q) = &item.question {
        match q.parse::<u32>() {
            Ok(n) => {
                let _ = writeln!(out, "question = {n}");
            }
            Err(_) => {
                let _ = writeln!(out, "question = {}", string(q));
            }
        }
    }
    if let Some(c) = &item.column {
        let _ = writeln!(out, "column = {}", string(c));
    }
    if let Some(t) = &item.text {
        let _ = writeln!(out, "text = {}", string(t));
    }
}

fn source(out: &mut String, d: &Draft) {
    out.push_str("\n# ---------------------------------------------------------------- sources\n");
    let evidence = d
        .preset_evidence
        .as_ref()
        .map_or(String::new(), |e| format!("  # detected: {}", one_line(e)));
    let _ = write!(
        out,
        "\n[[sources]]\nid = \"survey\"\nkind = \"survey\"\npreset = {}{evidence}\nlayout = {}\n",
        string(&d.preset),
        string(d.layout)
    );
    match &d.respondent {
        Some(r) => {
            let _ = writeln!(
                out,
                "respondent = {}  # its header names the respondent: duplicates are removed per value; check",
                string(r)
            );
        }
        None => out.push_str(
            "# respondent: no column names the respondent, so each submission counts as its own\n\
             # respondent and no duplicates are removed; name the column to deduplicate:\n\
             # respondent = \"...\"\n",
        ),
    }
    if let Some(p) = &d.platform {
        let why = if d.platform_stated {
            "  # stated by --platform-column (not a guess): one row per unit, each value below a [platforms.ID]"
        } else {
            ""
        };
        let _ = writeln!(out, "platform = {}{why}", string(p));
    }
}

/// Text on one comment line.
fn one_line(s: &str) -> String {
    s.replace(['\n', '\r'], " ")
}

/// A bare key when TOML allows one, else a quoted key.
fn key(k: &str) -> String {
    let bare = !k.is_empty()
        && k.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if bare { k.to_string() } else { string(k) }
}

/// A TOML basic string.
fn string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn array(items: &[String]) -> String {
    let parts: Vec<String> = items.iter().map(|s| string(s)).collect();
    format!("[{}]", parts.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_and_keys_are_valid_toml() {
        assert_eq!(string("a \"b\"\\\n"), "\"a \\\"b\\\"\\\\\\n\"");
        assert_eq!(key("q4"), "q4");
        assert_eq!(key("天猫"), "\"天猫\"");
        let doc = format!("{} = {}\n", key("x y"), string("控制\u{1}"));
        let v: toml::Table = toml::from_str(&doc).unwrap();
        assert_eq!(v["x y"].as_str(), Some("控制\u{1}"));
    }
}
