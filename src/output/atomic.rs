//! Atomic file replacement: readers (and a crash) see the old file or the new one, never a
//! half-written output.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// Distinguishes temp files of concurrent writes from the same process (tests run in threads).
static SEQUENCE: AtomicU64 = AtomicU64::new(0);

/// Write `bytes` to `path` through a temp file in the same directory (`.{name}.tmp-{pid}-{n}`),
/// synced to disk and then renamed over the target. The same directory keeps the rename on one
/// file system, where it is atomic. On any error the temp file is removed and the target is
/// left as it was.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    stage(path, bytes)?.commit()
}

/// The temp file name for a target: hidden, next to it, unique to this process and write.
pub(super) fn temp_path(path: &Path) -> io::Result<PathBuf> {
    let name = path.file_name().ok_or_else(|| {
        io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("{} does not name a file", path.display()),
        )
    })?;
    let n = SEQUENCE.fetch_add(1, Ordering::Relaxed);
    let mut tmp_name = std::ffi::OsString::from(".");
    tmp_name.push(name);
    tmp_name.push(format!(".tmp-{}-{n}", std::process::id()));
    Ok(super::target::dir_of(path).join(tmp_name))
}

/// A complete temp file waiting to be renamed over its target. Dropped without
/// [`Staged::commit`], it removes itself: an error anywhere leaves no temp file behind.
#[derive(Debug)]
pub(super) struct Staged {
    temp: PathBuf,
    target: PathBuf,
    done: bool,
}

/// Write the temp file of `path`, synced, but do not rename it yet.
pub(super) fn stage(path: &Path, bytes: &[u8]) -> io::Result<Staged> {
    let temp = temp_path(path)?;
    // create_new: never write through a file (or symlink) that is already there.
    let mut file = OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&temp)?;
    let staged = Staged {
        temp,
        target: path.to_path_buf(),
        done: false,
    };
    fill(&mut file, bytes)?;
    Ok(staged)
}

impl Staged {
    /// Rename the temp file over the target (its directory synced, best effort).
    pub(super) fn commit(mut self) -> io::Result<()> {
        fs::rename(&self.temp, &self.target)?;
        self.done = true;
        sync_dir(super::target::dir_of(&self.target));
        Ok(())
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        if !self.done {
            let _ = fs::remove_file(&self.temp);
        }
    }
}

fn fill(file: &mut File, bytes: &[u8]) -> io::Result<()> {
    file.write_all(bytes)?;
    file.flush()?;
    file.sync_all()
}

/// Make the rename itself durable. Best effort: the new file is complete either way, and
/// some file systems refuse to sync a directory.
fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Everything left in a directory, sorted.
    fn entries(dir: &Path) -> Vec<PathBuf> {
        let mut v: Vec<PathBuf> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn writing_twice_replaces_and_leaves_no_temp_file() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("ranking.json");
        write_atomic(&target, b"first, longer content\n").unwrap();
        write_atomic(&target, b"second\n").unwrap();
        assert_eq!(fs::read(&target).unwrap(), b"second\n");
        assert_eq!(entries(dir.path()), vec![target]);
    }

    #[test]
    fn missing_directory_fails_and_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("no-such-dir").join("ranking.csv");
        let err = write_atomic(&target, b"x").unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::NotFound);
        assert!(entries(dir.path()).is_empty());
    }

    #[test]
    fn failed_rename_removes_the_temp_file_and_keeps_the_target() {
        // A directory cannot be replaced by a file: the rename fails after the temp is written.
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out");
        fs::create_dir(&target).unwrap();
        assert!(write_atomic(&target, b"x").is_err());
        assert_eq!(entries(dir.path()), vec![target.clone()]);
        assert!(target.is_dir());
    }

    #[test]
    fn a_path_without_file_name_is_rejected() {
        let err = write_atomic(Path::new("/"), b"x").unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::InvalidInput);
    }
}
