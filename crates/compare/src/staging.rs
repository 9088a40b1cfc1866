//! The output folder is written as a hidden sibling and swapped into place at the end, so it
//! always holds one whole comparison: the previous one or this one.

use std::path::{Path, PathBuf};

use crate::Error;

/// The file that marks a folder as a comparison (written last).
pub(crate) const MARKER: &str = "summary.json";

pub(crate) struct Staging {
    pub(crate) path: PathBuf,
    out: PathBuf,
    old: PathBuf,
    done: bool,
}

fn io_at(p: &Path) -> impl FnOnce(std::io::Error) -> Error {
    let path = p.display().to_string();
    move |source| Error::Io { path, source }
}

impl Staging {
    pub(crate) fn new(out: &Path) -> Result<Staging, Error> {
        let name = out.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_else(|| "compare".into());
        let parent = match out.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        std::fs::create_dir_all(&parent).map_err(io_at(&parent))?;
        let path = parent.join(format!(".{name}.partial"));
        let old = parent.join(format!(".{name}.old"));
        // A comparison killed during the swap left the previous one under `.old`: put it back.
        if !out.exists() && old.exists() {
            std::fs::rename(&old, out).map_err(io_at(out))?;
        }
        if out.exists() && !is_replaceable(out) {
            return Err(Error::Output {
                path: out.display().to_string(),
                reason: format!("refusing to replace a folder that is neither empty nor a comparison (no {MARKER})"),
            });
        }
        if path.exists() {
            std::fs::remove_dir_all(&path).map_err(io_at(&path))?;
        }
        std::fs::create_dir(&path).map_err(io_at(&path))?;
        Ok(Staging { path, out: out.to_path_buf(), old, done: false })
    }

    pub(crate) fn commit(mut self) -> Result<(), Error> {
        if self.old.exists() {
            std::fs::remove_dir_all(&self.old).map_err(io_at(&self.old))?;
        }
        if self.out.exists() {
            std::fs::rename(&self.out, &self.old).map_err(io_at(&self.out))?;
        }
        std::fs::rename(&self.path, &self.out).map_err(io_at(&self.out))?;
        self.done = true;
        if self.old.exists() {
            std::fs::remove_dir_all(&self.old).map_err(io_at(&self.old))?;
        }
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.done {
            let _ = std::fs::remove_dir_all(&self.path);
        }
    }
}

fn is_replaceable(dir: &Path) -> bool {
    dir.join(MARKER).is_file() || std::fs::read_dir(dir).map(|mut d| d.next().is_none()).unwrap_or(false)
}

/// Writes a file under a temporary name, syncs it and renames it into place.
pub(crate) fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    use std::io::Write;
    let tmp = path.with_extension("partial");
    let io = |source| Error::Io { path: path.display().to_string(), source };
    let mut f = std::fs::File::create(&tmp).map_err(io)?;
    f.write_all(bytes).and_then(|_| f.sync_all()).map_err(io)?;
    std::fs::rename(&tmp, path).map_err(io)
}
