//! Output folders written whole: a run or a comparison is written into a hidden sibling of
//! its folder and swapped into place at the end, so the folder always holds one complete
//! output, the previous one or the new one.

use std::path::{Path, PathBuf};

use crate::Error;

pub struct Staging {
    /// Where to write the new output.
    pub path: PathBuf,
    out: PathBuf,
    old: PathBuf,
    done: bool,
}

fn io_at(p: &Path) -> impl FnOnce(std::io::Error) -> Error {
    let path = p.display().to_string();
    move |source| Error::Io { path, source }
}

impl Staging {
    /// Prepares `out/` for a new output. `marker` is the file an earlier output of this kind
    /// has (written last); `what` names the kind in the refusal to replace anything else.
    pub fn new(out: &Path, marker: &str, what: &str) -> Result<Staging, Error> {
        let name = out.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_else(|| "out".into());
        let parent = match out.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        std::fs::create_dir_all(&parent).map_err(io_at(&parent))?;
        let path = parent.join(format!(".{name}.partial"));
        let old = parent.join(format!(".{name}.old"));
        // Killed during the swap, the previous output was left under `.old`: put it back.
        if !out.exists() && old.exists() {
            std::fs::rename(&old, out).map_err(io_at(out))?;
        }
        let replaceable = |dir: &Path| {
            dir.join(marker).is_file() || std::fs::read_dir(dir).map(|mut d| d.next().is_none()).unwrap_or(false)
        };
        if out.exists() && !replaceable(out) {
            return Err(Error::Occupied {
                path: out.display().to_string(),
                what: what.to_string(),
                marker: marker.to_string(),
            });
        }
        if path.exists() {
            std::fs::remove_dir_all(&path).map_err(io_at(&path))?;
        }
        std::fs::create_dir(&path).map_err(io_at(&path))?;
        Ok(Staging { path, out: out.to_path_buf(), old, done: false })
    }

    /// Swaps the new output into place.
    pub fn commit(mut self) -> Result<(), Error> {
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

/// Writes a file under a temporary name, syncs it and renames it into place.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    use std::io::Write;
    let tmp = path.with_extension("partial");
    let io = |source| Error::Io { path: path.display().to_string(), source };
    let mut f = std::fs::File::create(&tmp).map_err(io)?;
    f.write_all(bytes).and_then(|_| f.sync_all()).map_err(io)?;
    std::fs::rename(&tmp, path).map_err(io)
}
