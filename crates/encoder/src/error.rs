use std::path::PathBuf;

/// Everything that can go wrong loading or running a model. Messages name the file and,
/// for checksum problems, the sha256 the card expects, so a user can tell which download
/// to repeat.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{path}: cannot read: {cause}")]
    Io { path: PathBuf, cause: std::io::Error },
    #[error("{path}: missing (the model card expects sha256 {expected})")]
    MissingFile { path: PathBuf, expected: String },
    #[error("{path}: sha256 {actual} does not match the model card's {expected}; the file is corrupt or was replaced")]
    Checksum { path: PathBuf, expected: String, actual: String },
    #[error("{path}: not a model folder: demarche-model.toml is missing")]
    NoCard { path: PathBuf },
    #[error("{path}: bad model card: {message}")]
    Card { path: PathBuf, message: String },
    #[error("{path}: bad config: {message}")]
    Config { path: PathBuf, message: String },
    #[error("{path}: bad tokenizer: {message}")]
    Tokenizer { path: PathBuf, message: String },
    #[error("{path}: bad weights: {message}")]
    Weights { path: PathBuf, message: String },
    #[error("tokenizing failed: {0}")]
    Tokenize(String),
    #[error("encoder failed: {0}")]
    Runtime(String),
}

impl Error {
    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io { path: path.into(), cause: source }
    }
}

impl From<candle_core::Error> for Error {
    fn from(e: candle_core::Error) -> Self {
        Error::Runtime(e.to_string())
    }
}
