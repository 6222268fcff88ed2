//! An output must never be one of the run's inputs: `score survey.csv -o survey.csv` would
//! replace the survey with its own results. Two names are the same file when their canonical
//! paths are equal (symbolic links, `..`, `./`) or when they share a device and inode (hard
//! links, bind mounts).

use crate::diagnostics::ErrorCode;
use crate::stdin::is_dash;
use std::path::{Path, PathBuf};

/// A file of the run and what it is for (`--output`, `survey`, `roster` ...), as messages
/// name it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunFile {
    pub role: String,
    pub path: PathBuf,
}

impl RunFile {
    pub fn new(role: impl Into<String>, path: impl Into<PathBuf>) -> Self {
        RunFile {
            role: role.into(),
            path: path.into(),
        }
    }
}

/// Outputs and inputs that collide; checked before anything is written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PathConflict {
    #[error(
        "{out_role} {} is also the {in_role} {} of this run; nothing was written",
        output.display(), input.display()
    )]
    OutputIsInput {
        out_role: String,
        output: PathBuf,
        in_role: String,
        input: PathBuf,
    },
    #[error(
        "{first_role} {} and {second_role} {} are the same file; nothing was written",
        first.display(), second.display()
    )]
    OutputTwice {
        first_role: String,
        first: PathBuf,
        second_role: String,
        second: PathBuf,
    },
    #[error("{first} and {second} both read standard input (-), which can be read only once")]
    StdinTwice { first: String, second: String },
}

impl PathConflict {
    /// A stable code for machine-readable errors.
    pub fn code(&self) -> ErrorCode {
        match self {
            PathConflict::OutputIsInput { .. } => ErrorCode::OutputIsInput,
            PathConflict::OutputTwice { .. } => ErrorCode::OutputTwice,
            PathConflict::StdinTwice { .. } => ErrorCode::StdinTwice,
        }
    }

    pub fn hint(&self) -> String {
        match self {
            PathConflict::OutputIsInput { out_role, .. } => format!(
                "writing it would destroy an input: give {out_role} a new file name, e.g. {out_role} results/{}",
                example_name(out_role)
            ),
            PathConflict::OutputTwice { .. } => {
                "give each output its own file (or - for standard output, once)".into()
            }
            PathConflict::StdinTwice { .. } => {
                "give all but one of them as files; `-` is standard input for one input only".into()
            }
        }
    }

    /// The path the message is about: the output for a collision, else none.
    pub fn path(&self) -> Option<&Path> {
        match self {
            PathConflict::OutputIsInput { output, .. } => Some(output),
            PathConflict::OutputTwice { second, .. } => Some(second),
            PathConflict::StdinTwice { .. } => None,
        }
    }
}

fn example_name(role: &str) -> &'static str {
    match role {
        "--exclusions" => "exclusions.csv",
        "--out" => "scorecards/",
        _ => "ranking.json",
    }
}

/// Refuse outputs that are inputs, two outputs that are one file, two standard outputs, and
/// two inputs that both read standard input. Outputs that are not regular files (devices,
/// FIFOs) may be inputs too: writing them destroys nothing.
pub fn check(outputs: &[RunFile], inputs: &[RunFile]) -> Result<(), PathConflict> {
    let dashes: Vec<&RunFile> = inputs.iter().filter(|i| is_dash(&i.path)).collect();
    if let [first, second, ..] = dashes.as_slice() {
        return Err(PathConflict::StdinTwice {
            first: first.role.clone(),
            second: second.role.clone(),
        });
    }
    let input_ids: Vec<(&RunFile, FileId)> = inputs.iter().map(|i| (i, FileId::input(i))).collect();
    let mut seen: Vec<(&RunFile, FileId)> = Vec::new();
    for out in outputs {
        let id = FileId::output(out);
        if !id.replaceable {
            continue;
        }
        if let Some((input, _)) = input_ids.iter().find(|(_, i)| i.same(&id)) {
            return Err(PathConflict::OutputIsInput {
                out_role: out.role.clone(),
                output: out.path.clone(),
                in_role: input.role.clone(),
                input: input.path.clone(),
            });
        }
        if let Some((first, _)) = seen.iter().find(|(_, s)| s.same(&id)) {
            return Err(PathConflict::OutputTwice {
                first_role: first.role.clone(),
                first: first.path.clone(),
                second_role: out.role.clone(),
                second: out.path.clone(),
            });
        }
        seen.push((out, id));
    }
    Ok(())
}

/// What identifies a file: its canonical path and, when it exists, its device and inode.
#[derive(Debug)]
struct FileId {
    canonical: Option<PathBuf>,
    inode: Option<(u64, u64)>,
    stdout: bool,
    /// A regular file, or none yet: what an output would replace.
    replaceable: bool,
}

impl FileId {
    fn output(file: &RunFile) -> FileId {
        // `-`, `/dev/stdout` and `/dev/fd/1` all name standard output.
        let stdout = is_dash(&file.path)
            || matches!(
                super::target::resolve(&file.path),
                Ok(super::target::Target::Stdout)
            );
        if stdout {
            return FileId {
                canonical: None,
                inode: None,
                stdout: true,
                replaceable: true,
            };
        }
        FileId::of(&file.path)
    }

    fn input(file: &RunFile) -> FileId {
        if is_dash(&file.path) {
            // Standard input: the file behind it when redirected with `<`.
            return FileId {
                canonical: None,
                inode: stdin_inode(),
                stdout: false,
                replaceable: false,
            };
        }
        FileId::of(&file.path)
    }

    fn of(path: &Path) -> FileId {
        let meta = std::fs::metadata(path).ok();
        FileId {
            canonical: canonical(path),
            inode: meta.as_ref().and_then(inode),
            stdout: false,
            replaceable: meta.is_none_or(|m| m.is_file()),
        }
    }

    fn same(&self, other: &FileId) -> bool {
        (self.stdout && other.stdout)
            || matches!((&self.canonical, &other.canonical), (Some(a), Some(b)) if a == b)
            || matches!((self.inode, other.inode), (Some(a), Some(b)) if a == b)
    }
}

/// The canonical path, also of a file that does not exist yet (its canonical directory joined
/// with its name).
fn canonical(path: &Path) -> Option<PathBuf> {
    std::fs::canonicalize(path).ok().or_else(|| {
        let dir = super::target::dir_of(path);
        Some(std::fs::canonicalize(dir).ok()?.join(path.file_name()?))
    })
}

#[cfg(unix)]
fn inode(meta: &std::fs::Metadata) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    Some((meta.dev(), meta.ino()))
}

#[cfg(not(unix))]
fn inode(_: &std::fs::Metadata) -> Option<(u64, u64)> {
    None
}

/// The device and inode of standard input when it is a regular file (`score - < survey.csv`);
/// a pipe or a terminal is no file an output could replace. Linux and macOS name it /dev/stdin.
fn stdin_inode() -> Option<(u64, u64)> {
    match std::fs::metadata("/dev/stdin") {
        Ok(m) if m.is_file() => inode(&m),
        _ => None,
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    fn files(dir: &Path) -> (PathBuf, PathBuf) {
        let survey = dir.join("survey.csv");
        std::fs::write(&survey, "a,b\n").unwrap();
        (survey, dir.join("out.json"))
    }

    fn input(p: &Path) -> Vec<RunFile> {
        vec![RunFile::new("survey", p)]
    }

    #[test]
    fn the_same_path_a_hard_link_and_a_symlink_are_the_input() {
        let dir = tempfile::tempdir().unwrap();
        let (survey, _) = files(dir.path());
        let hard = dir.path().join("hard.csv");
        std::fs::hard_link(&survey, &hard).unwrap();
        let soft = dir.path().join("soft.csv");
        std::os::unix::fs::symlink(&survey, &soft).unwrap();
        let dotted = dir.path().join(".").join("survey.csv");
        for out in [&survey, &hard, &soft, &dotted] {
            let err = check(&[RunFile::new("--output", out)], &input(&survey)).unwrap_err();
            assert_eq!(err.code(), ErrorCode::OutputIsInput, "{}", out.display());
        }
    }

    #[test]
    fn a_new_file_and_a_device_are_fine() {
        let dir = tempfile::tempdir().unwrap();
        let (survey, out) = files(dir.path());
        assert_eq!(
            check(&[RunFile::new("--output", &out)], &input(&survey)),
            Ok(())
        );
        let null = vec![RunFile::new("survey", "/dev/null")];
        assert_eq!(
            check(&[RunFile::new("--output", "/dev/null")], &null),
            Ok(())
        );
    }

    #[test]
    fn two_outputs_naming_one_file_or_two_standard_inputs_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let (survey, out) = files(dir.path());
        let twice = [
            RunFile::new("--output", &out),
            RunFile::new("--exclusions", &out),
        ];
        assert_eq!(
            check(&twice, &[]).unwrap_err().code(),
            ErrorCode::OutputTwice
        );
        let dashes = [
            RunFile::new("--output", "-"),
            RunFile::new("--exclusions", "-"),
        ];
        assert_eq!(
            check(&dashes, &[]).unwrap_err().code(),
            ErrorCode::OutputTwice
        );
        let stdin = [RunFile::new("survey", "-"), RunFile::new("--index", "-")];
        assert_eq!(
            check(&[], &stdin).unwrap_err().code(),
            ErrorCode::StdinTwice
        );
        let _ = survey;
    }

    #[test]
    fn dash_and_dev_stdout_are_one_output() {
        let outputs = [
            RunFile::new("--output", "-"),
            RunFile::new("--exclusions", "/dev/stdout"),
        ];
        assert!(check(&outputs, &[]).is_err());
    }
}
