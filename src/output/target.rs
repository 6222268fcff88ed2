//! Where an output path leads. A regular file (new or existing) is replaced atomically; a file
//! that is not a regular file (a device such as /dev/null, a FIFO, /dev/stdout, a process
//! substitution /dev/fd/N) cannot be replaced without destroying it, so it is written in
//! place; `-` is standard output. Symbolic links are followed, so that a link stays a link
//! and the file it points to gets the output.

use crate::stdin::is_dash;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// How an output is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// `-`, and the names of this process's standard output (/dev/stdout, /dev/fd/1).
    Stdout,
    /// Opened and written in place: a device, a FIFO, or a file descriptor named by path
    /// (its owner, usually the shell, chose how it is opened).
    Direct(PathBuf),
    /// Replaced by a temp file renamed over it: the file at the end of any symbolic links.
    Regular(PathBuf),
}

/// Symbolic links followed before giving up, as the kernel's own limit (ELOOP).
const MAX_LINKS: usize = 40;

/// Names that are this process's standard output: written to the handle itself, so that the
/// shell's `>>` appends and a pipe is written as a pipe.
const STDOUT_NAMES: [&str; 3] = ["/dev/stdout", "/dev/fd/1", "/proc/self/fd/1"];

/// Where `path` leads. Errors: a directory, or a loop of symbolic links.
pub fn resolve(path: &Path) -> io::Result<Target> {
    if is_dash(path) || STDOUT_NAMES.iter().any(|n| path == Path::new(n)) {
        return Ok(Target::Stdout);
    }
    let mut at = path.to_path_buf();
    for _ in 0..MAX_LINKS {
        // /dev/fd/N and /proc/.../fd/N are links to open files that are no path at all
        // (pipe:[123]); they are opened by their own name, which the kernel resolves.
        if names_descriptor(&at) {
            return Ok(Target::Direct(path.to_path_buf()));
        }
        let meta = match fs::symlink_metadata(&at) {
            Ok(m) => m,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Target::Regular(at)),
            Err(e) => return Err(e),
        };
        let kind = meta.file_type();
        if kind.is_symlink() {
            let link = fs::read_link(&at)?;
            at = match at.parent() {
                Some(dir) if link.is_relative() => dir.join(link),
                _ => link,
            };
        } else if kind.is_dir() {
            return Err(io::Error::new(
                io::ErrorKind::IsADirectory,
                "it is a directory",
            ));
        } else if kind.is_file() {
            return Ok(Target::Regular(at));
        } else {
            return Ok(Target::Direct(at));
        }
    }
    Err(io::Error::other(
        "too many levels of symbolic links (a loop?)",
    ))
}

fn names_descriptor(path: &Path) -> bool {
    path.starts_with("/dev/fd") || path.starts_with("/proc")
}

/// The directory a regular target's temp file goes into (the target's own, so that the rename
/// stays on one file system, where it is atomic).
pub fn dir_of(path: &Path) -> &Path {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    }
}

/// Check, before the run reads anything, that the output can be written: a regular target's
/// directory must exist and take a new file (a probe file is created and removed at once).
/// Devices, FIFOs and standard output are not opened: opening a FIFO waits for its reader.
pub fn probe(path: &Path) -> io::Result<Target> {
    let target = resolve(path)?;
    if let Target::Regular(file) = &target {
        let temp = super::atomic::temp_path(file)?;
        fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temp)?;
        fs::remove_file(&temp)?;
    }
    Ok(target)
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn dash_and_the_names_of_standard_output_are_standard_output() {
        for p in ["-", "/dev/stdout", "/dev/fd/1", "/proc/self/fd/1"] {
            assert_eq!(resolve(Path::new(p)).unwrap(), Target::Stdout, "{p}");
        }
    }

    #[test]
    fn devices_are_written_in_place() {
        assert_eq!(
            resolve(Path::new("/dev/null")).unwrap(),
            Target::Direct("/dev/null".into())
        );
        // A process substitution: a descriptor by path, opened by its own name.
        assert_eq!(
            resolve(Path::new("/dev/fd/7")).unwrap(),
            Target::Direct("/dev/fd/7".into())
        );
    }

    #[test]
    fn links_are_followed_to_the_file_they_name() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.json");
        let link = dir.path().join("link.json");
        std::os::unix::fs::symlink("real.json", &link).unwrap();
        // Dangling: the file the link names is created there.
        assert_eq!(resolve(&link).unwrap(), Target::Regular(real.clone()));
        fs::write(&real, "x").unwrap();
        assert_eq!(resolve(&link).unwrap(), Target::Regular(real));
    }

    #[test]
    fn a_directory_and_a_loop_are_errors() {
        let dir = tempfile::tempdir().unwrap();
        assert!(resolve(dir.path()).is_err());
        let a = dir.path().join("a");
        std::os::unix::fs::symlink("b", &a).unwrap();
        std::os::unix::fs::symlink("a", dir.path().join("b")).unwrap();
        assert!(resolve(&a).is_err());
    }

    #[test]
    fn probing_leaves_nothing_behind() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.csv");
        assert_eq!(probe(&target).unwrap(), Target::Regular(target.clone()));
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0);
        assert!(probe(&dir.path().join("nodir/out.csv")).is_err());
    }
}
