use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{}: {cause}", path.display())]
    Io { path: PathBuf, cause: std::io::Error },
    /// A codebook, examples or gold file that does not parse; the message names the line.
    #[error("{}: {message}", path.display())]
    Input { path: PathBuf, message: String },
    #[error("{}: {message}", path.display())]
    Model { path: PathBuf, message: String },
    #[error(transparent)]
    Encoder(#[from] demarche_encoder::Error),
    /// Reading a run folder; the message names the file.
    #[error(transparent)]
    Run(#[from] demarche_tables::Error),
    #[error("{0}")]
    Invalid(String),
}

impl Error {
    pub fn io(path: &Path, source: std::io::Error) -> Self {
        Error::Io { path: path.to_path_buf(), cause: source }
    }
    pub fn input(path: &Path, message: impl Into<String>) -> Self {
        Error::Input { path: path.to_path_buf(), message: message.into() }
    }
    pub fn model(path: &Path, message: impl Into<String>) -> Self {
        Error::Model { path: path.to_path_buf(), message: message.into() }
    }
}

/// Returns early with an [`Error::Input`] naming the file.
macro_rules! bail_input {
    ($path:expr, $($arg:tt)*) => {
        return Err($crate::Error::input($path, format!($($arg)*)))
    };
}
pub(crate) use bail_input;
