use thiserror::Error;

/// Why an input could not become a document. Each becomes one `errors` row (level `error`)
/// and the run goes on with the other inputs.
#[derive(Debug, Error, Clone, PartialEq)]
pub enum Error {
    #[error("{path}: no such file or directory")]
    Missing { path: String },
    #[error("{path}: {message}")]
    Io { path: String, message: String },
    #[error("{path}: empty file")]
    Empty { path: String },
    #[error("{path}: no text (only white space)")]
    Blank { path: String },
    #[error("{path}: binary file (NUL byte at offset {offset})")]
    Binary { path: String, offset: usize },
    #[error("{path}: {message}")]
    Undecodable { path: String, message: String },
    #[error("{path}: line {line}: {message}")]
    Metadata { path: String, line: u64, message: String },
    #[error("rule {index}: bad pattern {pattern:?}: {message}")]
    Rule { index: usize, pattern: String, message: String },
}

impl Error {
    pub fn io(path: &str, e: &std::io::Error) -> Self {
        if e.kind() == std::io::ErrorKind::NotFound {
            return Error::Missing { path: path.to_string() };
        }
        // io::Error's Display appends "(os error N)"; the kind's description reads better.
        let message = match e.kind() {
            std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
            std::io::ErrorKind::IsADirectory => "is a directory".to_string(),
            _ => e.to_string(),
        };
        Error::Io { path: path.to_string(), message }
    }

    /// The path the error is about.
    pub fn path(&self) -> &str {
        match self {
            Error::Missing { path }
            | Error::Io { path, .. }
            | Error::Empty { path }
            | Error::Blank { path }
            | Error::Binary { path, .. }
            | Error::Undecodable { path, .. }
            | Error::Metadata { path, .. } => path,
            Error::Rule { .. } => "",
        }
    }

    /// The message without the path, for the `errors` table's `message` column.
    pub fn reason(&self) -> String {
        let full = self.to_string();
        let prefix = format!("{}: ", self.path());
        full.strip_prefix(&prefix).map(str::to_string).unwrap_or(full)
    }

    /// Sets the path on an error made before the path was known.
    pub(crate) fn at(self, path: &str) -> Self {
        let path = path.to_string();
        match self {
            Error::Empty { .. } => Error::Empty { path },
            Error::Blank { .. } => Error::Blank { path },
            Error::Binary { offset, .. } => Error::Binary { path, offset },
            Error::Undecodable { message, .. } => Error::Undecodable { path, message },
            other => other,
        }
    }
}
