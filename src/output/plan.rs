//! The outputs of one run, written all or none. Every regular file is first written whole
//! to a temp file next to it; then devices, FIFOs and standard output are written; only when
//! all of that succeeded are the temp files renamed over their targets. Any error before the
//! renames removes every temp file and every directory the run created, so the targets are
//! as they were. (A rename failing after another succeeded is the one case left: both are in
//! directories just written to, and a rename there does not run out of space.)

use super::OutputError;
use super::atomic::{self, Staged};
use super::target::{self, Target};
use std::fs::{self, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Outputs collected by a command, written together by [`Outputs::write`].
#[derive(Debug, Default)]
pub struct Outputs {
    files: Vec<(PathBuf, Vec<u8>)>,
    /// Directories to create first (`scorecards --out DIR`).
    dirs: Vec<PathBuf>,
}

impl Outputs {
    pub fn new() -> Self {
        Outputs::default()
    }

    /// An output file (`-` is standard output).
    pub fn file(&mut self, path: impl Into<PathBuf>, bytes: Vec<u8>) -> &mut Self {
        self.files.push((path.into(), bytes));
        self
    }

    /// A directory the files go into, created (with its parents) when missing, and removed
    /// again if the write fails.
    pub fn dir(&mut self, path: impl Into<PathBuf>) -> &mut Self {
        self.dirs.push(path.into());
        self
    }

    /// Write everything, or nothing. A closed standard output (`| head`) does not stop the
    /// files: they are written, then the broken pipe is returned.
    pub fn write(self) -> Result<(), OutputError> {
        let mut created = Created::default();
        for dir in &self.dirs {
            created.create(dir).map_err(|e| write_error(dir, e))?;
        }
        let mut resolved = Vec::with_capacity(self.files.len());
        for (path, bytes) in &self.files {
            let t = target::resolve(path).map_err(|e| write_error(path, e))?;
            resolved.push((path, t, bytes));
        }
        let mut staged: Vec<Staged> = Vec::new();
        for (path, t, bytes) in &resolved {
            if let Target::Regular(file) = t {
                staged.push(atomic::stage(file, bytes).map_err(|e| write_error(path, e))?);
            }
        }
        let mut broken_pipe = None;
        for (path, t, bytes) in &resolved {
            let written = match t {
                Target::Stdout => write_stdout(bytes),
                Target::Direct(file) => write_direct(file, bytes),
                Target::Regular(_) => continue,
            };
            match written {
                Err(e) if e.kind() == io::ErrorKind::BrokenPipe && *t == Target::Stdout => {
                    broken_pipe = Some(write_error(path, e));
                }
                other => other.map_err(|e| write_error(path, e))?,
            }
        }
        let targets: Vec<&PathBuf> = resolved
            .iter()
            .filter(|(_, t, _)| matches!(t, Target::Regular(_)))
            .map(|(p, _, _)| *p)
            .collect();
        for (s, path) in staged.into_iter().zip(targets) {
            s.commit().map_err(|e| write_error(path, e))?;
        }
        created.keep();
        broken_pipe.map_or(Ok(()), Err)
    }
}

/// Check every target before the run reads anything: see [`target::probe`].
pub fn probe_all<'a>(paths: impl IntoIterator<Item = &'a Path>) -> Result<(), OutputError> {
    for path in paths {
        target::probe(path).map_err(|e| write_error(path, e))?;
    }
    Ok(())
}

/// Check an output directory before the run: an existing directory that takes a new file,
/// or a path whose nearest existing ancestor is a directory (where it will be created).
pub fn probe_dir(dir: &Path) -> io::Result<()> {
    let mut at = dir;
    loop {
        match fs::metadata(at) {
            Ok(m) if m.is_dir() => {
                return target::probe(&at.join("probe")).map(drop);
            }
            Ok(_) => {
                return Err(io::Error::new(
                    io::ErrorKind::NotADirectory,
                    format!("{} is not a directory", at.display()),
                ));
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => match at.parent() {
                Some(p) if !p.as_os_str().is_empty() => at = p,
                _ => at = Path::new("."),
            },
            Err(e) => return Err(e),
        }
    }
}

fn write_error(path: &Path, source: io::Error) -> OutputError {
    OutputError::Write {
        path: path.to_path_buf(),
        source,
    }
}

fn write_stdout(bytes: &[u8]) -> io::Result<()> {
    let mut out = io::stdout().lock();
    out.write_all(bytes)?;
    out.flush()
}

/// A device or FIFO in place. A descriptor that is a regular file (`/dev/fd/3` opened by the
/// shell) is appended to: its owner chose whether it was truncated, and nothing is lost.
fn write_direct(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let regular = fs::metadata(path).is_ok_and(|m| m.is_file());
    let mut file = OpenOptions::new().write(true).append(regular).open(path)?;
    file.write_all(bytes)?;
    file.flush()
}

/// Directories created by this write, removed again (innermost first, only while empty)
/// unless the write succeeds.
#[derive(Debug, Default)]
struct Created {
    dirs: Vec<PathBuf>,
}

impl Created {
    fn create(&mut self, dir: &Path) -> io::Result<()> {
        let mut missing = Vec::new();
        let mut at = dir;
        while !at.as_os_str().is_empty() && fs::symlink_metadata(at).is_err() {
            missing.push(at.to_path_buf());
            match at.parent() {
                Some(p) => at = p,
                None => break,
            }
        }
        for d in missing.into_iter().rev() {
            fs::create_dir(&d)?;
            self.dirs.push(d);
        }
        if !fs::metadata(dir)?.is_dir() {
            return Err(io::Error::new(
                io::ErrorKind::NotADirectory,
                "not a directory",
            ));
        }
        Ok(())
    }

    fn keep(mut self) {
        self.dirs.clear();
    }
}

impl Drop for Created {
    fn drop(&mut self) {
        for d in self.dirs.iter().rev() {
            let _ = fs::remove_dir(d);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn all_files_are_written_together() {
        let dir = tempfile::tempdir().unwrap();
        let mut o = Outputs::new();
        o.file(dir.path().join("a.json"), b"a".to_vec())
            .file(dir.path().join("b.csv"), b"b".to_vec());
        o.write().unwrap();
        assert_eq!(names(dir.path()), ["a.json", "b.csv"]);
    }

    #[test]
    fn one_failing_target_leaves_no_file_and_no_temp() {
        let dir = tempfile::tempdir().unwrap();
        let mut o = Outputs::new();
        o.file(dir.path().join("a.json"), b"a".to_vec())
            .file(dir.path().join("nodir/b.csv"), b"b".to_vec());
        assert!(o.write().is_err());
        assert!(names(dir.path()).is_empty());
    }

    #[test]
    fn a_failing_file_removes_the_directories_created_for_it() {
        let dir = tempfile::tempdir().unwrap();
        let cards = dir.path().join("new/cards");
        // A target that is a directory cannot be replaced by a file.
        let mut o = Outputs::new();
        o.dir(&cards)
            .file(cards.join("a.md"), b"a".to_vec())
            .file(dir.path().join("x"), b"x".to_vec());
        fs::create_dir(dir.path().join("x")).unwrap();
        assert!(o.write().is_err());
        assert_eq!(names(dir.path()), ["x"]);
    }

    #[test]
    fn probing_a_directory_to_create_checks_its_nearest_ancestor() {
        let dir = tempfile::tempdir().unwrap();
        probe_dir(&dir.path().join("a/b/c")).unwrap();
        fs::write(dir.path().join("f"), "").unwrap();
        assert!(probe_dir(&dir.path().join("f/b")).is_err());
        assert_eq!(names(dir.path()), ["f"]);
    }
}
