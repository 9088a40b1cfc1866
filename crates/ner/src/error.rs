use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Model(#[from] demarche_encoder::Error),
    #[error("{path}: {message}")]
    Config { path: PathBuf, message: String },
    #[error("sentence span {start}..{end} is not a char-boundary range of a text of {len} bytes")]
    BadSpan { start: usize, end: usize, len: usize },
    #[error("{path}: cannot read: {cause}")]
    Io { path: PathBuf, cause: std::io::Error },
    #[error("{path}:{line}: {message}")]
    Conll { path: PathBuf, line: usize, message: String },
}
