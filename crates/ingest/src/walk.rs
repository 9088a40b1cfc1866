use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::Error;

/// A path as text, `/`-separated; bytes that are not UTF-8 become `\xNN`, so two names that differ only
/// there stay two names (and the text names the file exactly).
pub fn shown(path: &Path) -> String {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let mut out = String::new();
        for chunk in path.as_os_str().as_bytes().utf8_chunks() {
            out.push_str(&chunk.valid().replace('\\', "/"));
            for b in chunk.invalid() {
                out.push_str(&format!("\\x{b:02X}"));
            }
        }
        out
    }
    #[cfg(not(unix))]
    {
        path.to_string_lossy().replace('\\', "/")
    }
}

/// One input file and the folder it was found under (the argument itself for a file).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Input {
    pub path: PathBuf,
    pub root: PathBuf,
}

impl Input {
    /// The path as the user gave it, for messages and the `documents.path` column.
    pub fn display(&self) -> String {
        shown(&self.path)
    }

    /// Whether the path is not UTF-8 (then [`Input::display`] escapes its bytes).
    pub fn odd_name(&self) -> bool {
        self.path.to_str().is_none()
    }

    /// The path that file-name rules match: absolute and `/`-separated, so that a rule for a
    /// corpus folder matches however the user named the input.
    pub fn relative(&self) -> String {
        let abs = std::fs::canonicalize(&self.path).unwrap_or_else(|_| self.path.clone());
        abs.to_string_lossy().replace('\\', "/")
    }
}

/// Expands files and folders (recursively) into input files with one of `extensions`, in a
/// deterministic order. A file named directly is taken whatever its extension.
pub fn walk(args: &[PathBuf], extensions: &[String]) -> (Vec<Input>, Vec<Error>) {
    let mut inputs = Vec::new();
    let mut errors = Vec::new();
    for arg in args {
        let shown = shown(arg);
        match std::fs::metadata(arg) {
            Err(e) => errors.push(Error::io(&shown, &e)),
            Ok(m) if m.is_file() => {
                let root = arg.parent().map(Path::to_path_buf).unwrap_or_default();
                inputs.push(Input { path: arg.clone(), root });
            }
            // A FIFO, socket or device: reading it could block or never end.
            Ok(m) if !m.is_dir() => {
                errors.push(Error::Io { path: shown, message: "not a regular file".into() });
            }
            Ok(_) => {
                for entry in WalkDir::new(arg).follow_links(true).sort_by_file_name() {
                    match entry {
                        Ok(e) if e.file_type().is_file() && has_extension(e.path(), extensions) => {
                            inputs.push(Input { path: e.into_path(), root: arg.clone() });
                        }
                        Ok(_) => {}
                        Err(e) => errors.push(walk_error(&e)),
                    }
                }
            }
        }
    }
    inputs.sort();
    inputs.dedup_by(|a, b| a.path == b.path);
    (inputs, errors)
}

fn has_extension(path: &Path, extensions: &[String]) -> bool {
    let ext = path.extension().map(|e| e.to_string_lossy().to_ascii_lowercase()).unwrap_or_default();
    extensions.iter().any(|x| x.eq_ignore_ascii_case(&ext))
}

fn walk_error(e: &walkdir::Error) -> Error {
    let path = e.path().map(|p| p.to_string_lossy().to_string()).unwrap_or_default();
    if let Some(ancestor) = e.loop_ancestor() {
        return Error::Io { path, message: format!("symbolic link loop back to {}", ancestor.display()) };
    }
    match e.io_error() {
        Some(io) => Error::io(&path, io),
        None => Error::Io { path, message: e.to_string() },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn walks_sorted_filters_and_reports_missing() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::create_dir_all(d.join("b")).unwrap();
        for f in ["b/z.txt", "a.md", "c.csv", "b/y.TXT"] {
            std::fs::write(d.join(f), "x").unwrap();
        }
        let exts = vec!["txt".to_string(), "md".to_string()];
        let (inputs, errors) = walk(&[d.to_path_buf(), d.join("nope.txt"), d.join("c.csv")], &exts);
        let names: Vec<_> =
            inputs.iter().map(|i| i.path.strip_prefix(d).unwrap().to_string_lossy().to_string()).collect();
        assert_eq!(names, ["a.md", "b/y.TXT", "b/z.txt", "c.csv"]);
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].reason(), "no such file or directory");
    }

    #[cfg(unix)]
    #[test]
    fn symlink_loop_is_an_error_not_a_hang() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("a")).unwrap();
        std::os::unix::fs::symlink(dir.path(), dir.path().join("a/loop")).unwrap();
        let (_, errors) = walk(&[dir.path().to_path_buf()], &["txt".into()]);
        assert_eq!(errors.len(), 1);
        assert!(errors[0].reason().starts_with("symbolic link loop back to "), "{}", errors[0]);
    }
}
