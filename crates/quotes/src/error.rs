use std::path::PathBuf;

/// Errors of the evaluation: the extractor itself never fails.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{path}: missing folder (expected a PolNeAR split with text/ and attributions/)")]
    MissingDir { path: PathBuf },
    /// The cause is in the message, so not also a `source()`.
    #[error("{path}: {cause}")]
    Io { path: PathBuf, cause: std::io::Error },
    #[error("{path}:{line}: malformed annotation: {message}")]
    Malformed { path: PathBuf, line: usize, message: String },
    #[error("{path}: no text file for annotations {ann}")]
    MissingText { path: PathBuf, ann: PathBuf },
}
