//! Output folders written whole: a run or a comparison is written into a hidden sibling of
//! its folder and swapped into place at the end, so the folder always holds one complete
//! output, the previous one or the new one. Nothing a user owns is ever replaced: a folder
//! is replaced only when it is empty or verifiably an output of the same kind, and one
//! writer at a time holds it (an OS advisory lock on `.NAME.lock` beside it).

use std::fs::File;
use std::io::{Read, Seek, Write};
use std::path::{Path, PathBuf};

use crate::{Error, Schema};

/// A kind of output folder, to tell one of ours from anything else.
pub struct Kind {
    /// For messages: "a demarche run".
    pub what: &'static str,
    /// The file written last; an output of this kind has it.
    pub marker: &'static str,
    /// Keys the marker, a JSON object, must have (none: any file will do).
    pub keys: &'static [&'static str],
    /// Every name such a folder may hold at its top level.
    pub names: Vec<String>,
}

impl Kind {
    /// A folder of tables (`NAME.csv` and `NAME.parquet` per schema) and its marker.
    pub fn tables(what: &'static str, marker: &'static str, keys: &'static [&'static str], schemas: &[Schema]) -> Kind {
        let mut names = vec![marker.to_string()];
        for s in schemas {
            names.extend([format!("{}.csv", s.name), format!("{}.parquet", s.name)]);
        }
        Kind { what, marker, keys, names }
    }

    /// A dataset: one folder per schema and its marker.
    pub fn dataset(what: &'static str, marker: &'static str, schemas: &[Schema]) -> Kind {
        let mut names = vec![marker.to_string()];
        names.extend(schemas.iter().map(|s| s.name.to_string()));
        Kind { what, marker, keys: &[], names }
    }

    /// Why `dir` is not an output of this kind, or `None` when it is one.
    fn foreign(&self, dir: &Path) -> Option<String> {
        let marker = dir.join(self.marker);
        let Ok(text) = std::fs::read_to_string(&marker) else { return Some(format!("no {}", self.marker)) };
        if !self.keys.is_empty() {
            let parsed: Option<serde_json::Map<String, serde_json::Value>> = serde_json::from_str(&text).ok();
            let Some(object) = parsed else { return Some(format!("{} is not a JSON object", self.marker)) };
            if let Some(missing) = self.keys.iter().find(|k| !object.contains_key(**k)) {
                return Some(format!("{} has no {missing:?}", self.marker));
            }
            if object.get("tool").is_some_and(|t| t != "demarche") {
                return Some(format!("{} is not demarche's", self.marker));
            }
        }
        let entries = match std::fs::read_dir(dir) {
            Ok(entries) => entries,
            Err(e) => return Some(e.to_string()),
        };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().to_string();
            if !self.names.contains(&name) {
                return Some(format!("it holds {name:?}, which {} does not", self.what));
            }
        }
        None
    }
}

pub struct Staging {
    /// Where to write the new output.
    pub path: PathBuf,
    out: PathBuf,
    old: PathBuf,
    done: bool,
    /// Held until the output is in place (dropped last).
    _lock: File,
}

fn io_at(p: &Path) -> impl FnOnce(std::io::Error) -> Error {
    let path = p.display().to_string();
    move |source| Error::Io { path, cause: source }
}

/// Takes `.NAME.lock` beside `out` for this process, or says which process holds it.
fn lock(parent: &Path, name: &str, out: &Path) -> Result<File, Error> {
    let path = parent.join(format!(".{name}.lock"));
    let mut file =
        File::options().read(true).write(true).create(true).truncate(false).open(&path).map_err(io_at(&path))?;
    match file.try_lock() {
        Ok(()) => {}
        Err(std::fs::TryLockError::WouldBlock) => {
            let mut pid = String::new();
            let _ = file.read_to_string(&mut pid);
            return Err(Error::Locked { path: out.display().to_string(), pid: pid.trim().to_string() });
        }
        Err(std::fs::TryLockError::Error(e)) => return Err(io_at(&path)(e)),
    }
    let mine = std::process::id().to_string();
    file.set_len(0).and_then(|_| file.rewind()).and_then(|_| file.write_all(mine.as_bytes())).map_err(io_at(&path))?;
    Ok(file)
}

impl Staging {
    /// Prepares `out/` for a new output of `kind`: takes its lock, then refuses a folder that
    /// is neither empty nor such an output, and a symbolic link.
    pub fn new(out: &Path, kind: &Kind) -> Result<Staging, Error> {
        let name = out.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_else(|| "out".into());
        let parent = match out.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        std::fs::create_dir_all(&parent).map_err(io_at(&parent))?;
        let lock = lock(&parent, &name, out)?;
        let path = parent.join(format!(".{name}.partial"));
        let old = parent.join(format!(".{name}.old"));
        let refuse =
            |reason: String| Error::Occupied { path: out.display().to_string(), what: kind.what.to_string(), reason };
        if std::fs::symlink_metadata(out).is_ok_and(|m| m.file_type().is_symlink()) {
            return Err(refuse("it is a symbolic link (give the folder it points to)".into()));
        }
        // Killed during a two-step swap, the previous output was left under `.old`: put it
        // back if it is one of ours.
        if !out.exists() && old.is_dir() && kind.foreign(&old).is_none() {
            std::fs::rename(&old, out).map_err(io_at(out))?;
        }
        if out.exists() {
            if !out.is_dir() {
                return Err(refuse("it is a file".into()));
            }
            let empty = std::fs::read_dir(out).map(|mut d| d.next().is_none()).unwrap_or(false);
            if let Some(reason) = (!empty).then(|| kind.foreign(out)).flatten() {
                return Err(refuse(reason));
            }
        }
        // What a killed writer of ours left (we hold the lock, so no one is writing it).
        for stale in [&path, &old] {
            if stale.is_dir() && (kind.foreign(stale).is_none() || stale == &path) {
                std::fs::remove_dir_all(stale).map_err(io_at(stale))?;
            }
        }
        std::fs::create_dir(&path).map_err(io_at(&path))?;
        Ok(Staging { path, out: out.to_path_buf(), old, done: false, _lock: lock })
    }

    /// Swaps the new output into place: one atomic exchange where the filesystem has it
    /// (Linux `renameat2`), else the old output is moved aside, the new one in, the old one
    /// removed (a kill between the two renames is repaired by the next writer).
    pub fn commit(mut self) -> Result<(), Error> {
        if self.out.exists() && exchange(&self.path, &self.out).is_ok() {
            // `path` now holds the previous output.
            self.done = true;
            std::fs::remove_dir_all(&self.path).map_err(io_at(&self.path))?;
            return Ok(());
        }
        if self.old.exists() {
            std::fs::remove_dir_all(&self.old).map_err(io_at(&self.old))?;
        }
        if self.out.exists() {
            std::fs::rename(&self.out, &self.old).map_err(io_at(&self.out))?;
        }
        if let Err(e) = std::fs::rename(&self.path, &self.out) {
            // Put the previous output back rather than leave no folder.
            let _ = std::fs::rename(&self.old, &self.out);
            return Err(io_at(&self.out)(e));
        }
        self.done = true;
        if self.old.exists() {
            std::fs::remove_dir_all(&self.old).map_err(io_at(&self.old))?;
        }
        Ok(())
    }
}

/// Exchanges two paths atomically (both stay; each has the other's content).
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let c = |p: &Path| CString::new(p.as_os_str().as_bytes()).map_err(std::io::Error::other);
    let (a, b) = (c(a)?, c(b)?);
    // SAFETY: both pointers are NUL-terminated strings that outlive the call.
    let rc = unsafe { libc::renameat2(libc::AT_FDCWD, a.as_ptr(), libc::AT_FDCWD, b.as_ptr(), libc::RENAME_EXCHANGE) };
    if rc == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> std::io::Result<()> {
    Err(std::io::Error::from(std::io::ErrorKind::Unsupported))
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
    let tmp = path.with_extension("partial");
    let io = |source| Error::Io { path: path.display().to_string(), cause: source };
    let mut f = std::fs::File::create(&tmp).map_err(io)?;
    f.write_all(bytes).and_then(|_| f.sync_all()).map_err(io)?;
    std::fs::rename(&tmp, path).map_err(io)
}
