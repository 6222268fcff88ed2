//! `qbpc-index verify MANIFEST`: are the recorded files unchanged, and does the recorded
//! command, re-run on them with the recorded options, give every recorded number?

use super::{Manifest, Numbers, sha256_file, sha256_hex};
use crate::definition;
use crate::pipeline::{self, RunFiles};
use crate::results::{Detail, Results};
use crate::stats::bootstrap::{self, BootstrapOptions};
use crate::whatif::{self, WeightArg};
use serde::Serialize;
use std::path::{Path, PathBuf};

/// One way in which the run is not reproduced.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Change {
    /// A recorded file (the definition or an input) has other bytes now.
    ChangedFile {
        role: String,
        path: String,
        recorded_size: u64,
        size: u64,
        recorded_sha256: String,
        sha256: String,
    },
    MissingFile {
        role: String,
        path: String,
        error: String,
    },
    /// The re-run was refused (the error, as the command would print it).
    RunFailed { error: String },
    /// A platform is in one run and not the other.
    Platform {
        platform: String,
        recorded: bool,
        now: bool,
    },
    /// A number differs: `what` is "index", "rank", "dimension X", "indicator X" ...
    Number {
        platform: String,
        what: String,
        recorded: String,
        now: String,
    },
    /// A count of the run differs (rows read, rows excluded).
    Count {
        what: String,
        recorded: usize,
        now: usize,
    },
    /// The listed numbers agree but the digest does not: the bootstrap results, the data
    /// treatment or the last bits of a number differ.
    Digest { recorded: String, now: String },
}

impl std::fmt::Display for Change {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let short = |s: &str| s.chars().take(12).collect::<String>();
        match self {
            Change::ChangedFile {
                role,
                path,
                recorded_size,
                size,
                recorded_sha256,
                sha256,
            } => write!(
                f,
                "changed {role} file {path}: {recorded_size} bytes, SHA-256 {}... recorded; {size} bytes, SHA-256 {}... now",
                short(recorded_sha256),
                short(sha256)
            ),
            Change::MissingFile { role, path, error } => {
                write!(f, "missing {role} file {path}: {error}")
            }
            Change::RunFailed { error } => write!(f, "the re-run failed: {error}"),
            Change::Platform {
                platform, recorded, ..
            } => {
                if *recorded {
                    write!(f, "{platform}: recorded, absent now")
                } else {
                    write!(f, "{platform}: not recorded, present now")
                }
            }
            Change::Number {
                platform,
                what,
                recorded,
                now,
            } => write!(f, "{platform} {what}: {recorded} recorded, {now} now"),
            Change::Count {
                what,
                recorded,
                now,
            } => write!(f, "{what}: {recorded} recorded, {now} now"),
            Change::Digest { recorded, now } => write!(
                f,
                "the scores and ranks agree, but the digest of the numbers differs ({}... recorded, {}... now): the bootstrap results, the data treatment or the last digits of a score changed",
                short(recorded),
                short(now)
            ),
        }
    }
}

/// The outcome of [`verify`].
#[derive(Debug, Clone, Serialize)]
pub struct Verification {
    /// Whether every file is unchanged and every number reproduced.
    pub reproduced: bool,
    pub recorded_version: String,
    pub version: String,
    /// Numbers compared (scores and ranks).
    pub numbers_compared: usize,
    pub changes: Vec<Change>,
}

/// A recorded path: as recorded when it exists (relative to the working directory), else
/// relative to `base` (the manifest's folder).
fn resolve(recorded: &str, base: &Path) -> PathBuf {
    let p = PathBuf::from(recorded);
    if p.is_absolute() || p.exists() {
        return p;
    }
    let near = base.join(&p);
    if near.exists() { near } else { p }
}

/// Check the files of a manifest and re-run its command. `base` is the folder of the
/// manifest (recorded relative paths missing from the working directory are looked up there).
pub fn verify(manifest: &Manifest, base: &Path) -> Verification {
    let mut changes = Vec::new();
    let mut missing = false;
    let mut check = |role: &str, recorded: &str, size: u64, sha: &str| -> PathBuf {
        let path = resolve(recorded, base);
        match sha256_file(&path) {
            Ok((now_size, now_sha)) => {
                if now_sha != sha || now_size != size {
                    changes.push(Change::ChangedFile {
                        role: role.into(),
                        path: recorded.into(),
                        recorded_size: size,
                        size: now_size,
                        recorded_sha256: sha.into(),
                        sha256: now_sha,
                    });
                }
            }
            Err(e) => {
                missing = true;
                changes.push(Change::MissingFile {
                    role: role.into(),
                    path: recorded.into(),
                    error: e.to_string(),
                });
            }
        }
        path
    };
    let d = &manifest.definition;
    let definition_path = match (&d.path, d.source.as_str()) {
        (Some(p), "file") => Some(check("definition", p, d.size.unwrap_or(0), &d.sha256)),
        _ => None,
    };
    let named: Vec<(String, PathBuf)> = manifest
        .inputs
        .iter()
        .map(|i| (i.source.clone(), check("input", &i.path, i.size, &i.sha256)))
        .collect();
    if definition_path.is_none() {
        let now = sha256_hex(definition::DEFAULT_TOML.as_bytes());
        if now != d.sha256 {
            changes.push(Change::ChangedFile {
                role: "embedded definition".into(),
                path: definition::DEFAULT_ORIGIN.into(),
                recorded_size: 0,
                size: definition::DEFAULT_TOML.len() as u64,
                recorded_sha256: d.sha256.clone(),
                sha256: now,
            });
        }
    }
    let mut numbers_compared = 0;
    if !missing {
        match rerun(manifest, definition_path.as_deref(), named) {
            Ok(results) => {
                numbers_compared = compare(manifest, &results, &mut changes);
            }
            Err(error) => changes.push(Change::RunFailed { error }),
        }
    }
    Verification {
        reproduced: changes.is_empty(),
        recorded_version: manifest.tool.version.clone(),
        version: env!("CARGO_PKG_VERSION").into(),
        numbers_compared,
        changes,
    }
}

fn with_hint(message: String, hint: Option<String>) -> String {
    match hint {
        Some(h) => format!("{message} (hint: {h})"),
        None => message,
    }
}

/// The recorded command's scoring, with the recorded options.
fn rerun(
    manifest: &Manifest,
    definition_path: Option<&Path>,
    named: Vec<(String, PathBuf)>,
) -> Result<Results, String> {
    let loaded = match definition_path {
        Some(p) => crate::identity::load_file(p),
        None => definition::load_default(),
    };
    let (mut model, findings) = loaded.map_err(|e| e.to_string())?;
    let weights: Vec<WeightArg> = manifest
        .options
        .weights
        .iter()
        .map(|w| {
            let prefix = if w.kind == "item" { "item" } else { "node" };
            WeightArg {
                given: format!("{}={}", w.id, w.weight),
                id: format!("{prefix}:{}", w.id),
                weight: w.weight,
            }
        })
        .collect();
    whatif::apply(&mut model, &weights).map_err(|e| with_hint(e.to_string(), e.hint()))?;
    // The roster and reference waves are named by the definition: their hashes were checked,
    // they are not sources.
    let named = named
        .into_iter()
        .filter(|(source, _)| !super::read_by_definition(source))
        .collect();
    let files = RunFiles {
        surveys: Vec::new(),
        named,
        ..Default::default()
    };
    let run_error = |e: pipeline::RunError| with_hint(e.to_string(), e.hint());
    let Some(replicates) = manifest.options.bootstrap else {
        return pipeline::run_for(&model, &files, findings, Detail::Full).map_err(run_error);
    };
    let options = BootstrapOptions {
        replicates,
        seed: manifest.options.seed.unwrap_or(1),
        threads: 0,
    };
    let (mut results, summary) =
        pipeline::run_with(&model, &files, findings, |inputs, scores, results| {
            bootstrap::run(&model, inputs, scores, results, &options, &|_| ())
        })
        .map_err(run_error)?;
    results.bootstrap = Some(summary.map_err(|e| with_hint(e.to_string(), e.hint()))?);
    Ok(results)
}

fn show(v: Option<f64>) -> String {
    v.map_or_else(|| "no score".into(), |v| v.to_string())
}

fn show_rank(r: Option<u32>) -> String {
    r.map_or_else(|| "no rank".into(), |r| r.to_string())
}

/// Equal, or both within 1e-12 of each other relative (a recorded number read back from JSON
/// may differ in its last bit; the digest compares exactly).
fn same(a: Option<f64>, b: Option<f64>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => a == b || (a - b).abs() <= 1e-12 * a.abs().max(1.0),
        (None, None) => true,
        _ => false,
    }
}

/// Compare the recorded numbers with the re-run's; returns how many were compared.
fn compare(manifest: &Manifest, results: &Results, changes: &mut Vec<Change>) -> usize {
    let now: Numbers = match super::numbers(results) {
        Ok(n) => n,
        Err(e) => {
            changes.push(Change::RunFailed {
                error: e.to_string(),
            });
            return 0;
        }
    };
    let before = changes.len();
    let mut compared = 0;
    for (what, recorded, now) in [
        ("rows read", manifest.counts.rows_read, results.rows_read),
        (
            "rows excluded",
            manifest.counts.rows_excluded,
            results.excluded_submissions.len(),
        ),
    ] {
        if recorded != now {
            changes.push(Change::Count {
                what: what.into(),
                recorded,
                now,
            });
        }
    }
    let recorded = &manifest.numbers.platforms;
    for id in recorded
        .keys()
        .filter(|id| !now.platforms.contains_key(*id))
    {
        changes.push(Change::Platform {
            platform: id.clone(),
            recorded: true,
            now: false,
        });
    }
    for (id, n) in &now.platforms {
        let Some(r) = recorded.get(id) else {
            changes.push(Change::Platform {
                platform: id.clone(),
                recorded: false,
                now: true,
            });
            continue;
        };
        let mut number = |what: String, a: String, b: String, equal: bool| {
            compared += 1;
            if !equal {
                changes.push(Change::Number {
                    platform: id.clone(),
                    what,
                    recorded: a,
                    now: b,
                });
            }
        };
        number(
            "status".into(),
            r.status.clone(),
            n.status.clone(),
            r.status == n.status,
        );
        number(
            "respondents".into(),
            r.respondents.to_string(),
            n.respondents.to_string(),
            r.respondents == n.respondents,
        );
        number(
            "index".into(),
            show(r.score),
            show(n.score),
            same(r.score, n.score),
        );
        number(
            "rank".into(),
            show_rank(r.rank),
            show_rank(n.rank),
            r.rank == n.rank,
        );
        for (dim, nd) in &n.dimensions {
            let rd = r.dimensions.get(dim).cloned().unwrap_or_default();
            number(
                format!("dimension {dim}"),
                show(rd.score),
                show(nd.score),
                same(rd.score, nd.score),
            );
            number(
                format!("dimension {dim} rank"),
                show_rank(rd.rank),
                show_rank(nd.rank),
                rd.rank == nd.rank,
            );
        }
        for (ind, ns) in &n.indicators {
            let rs = r.indicators.get(ind).copied().flatten();
            number(
                format!("indicator {ind}"),
                show(rs),
                show(*ns),
                same(rs, *ns),
            );
        }
    }
    if changes.len() == before && now.sha256 != manifest.numbers.sha256 {
        changes.push(Change::Digest {
            recorded: manifest.numbers.sha256.clone(),
            now: now.sha256,
        });
    }
    compared
}
