//! The model store: one folder per model in the Hugging Face layout (`config.json`,
//! `tokenizer.json`, `model.safetensors`) plus the project's card, `demarche-model.toml`,
//! which names the task, the labels, each file's sha256, the origin, licence and metrics.
//! These are the library halves of `demarche models list` and `demarche models verify`.

use std::fmt;
use std::fs;
use std::io::Read;
use std::path::{Component, Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::Error;

pub const CARD: &str = "demarche-model.toml";

/// A model card (`demarche-model.toml`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    pub name: String,
    /// `sentence-embedding`, `token-classification`…
    pub task: String,
    #[serde(default)]
    pub labels: Vec<String>,
    #[serde(default)]
    pub origin: String,
    #[serde(default)]
    pub licence: String,
    /// Free-form sections: how it was made and how well it does.
    #[serde(default)]
    pub model: toml::Table,
    #[serde(default)]
    pub training: toml::Table,
    #[serde(default)]
    pub metrics: toml::Table,
    #[serde(default)]
    pub files: Vec<FileEntry>,
}

impl Manifest {
    /// The sha256 the card gives for `path`, if it lists that file.
    pub fn sha256_of(&self, path: &str) -> Option<&str> {
        self.files.iter().find(|f| f.path == path).map(|f| f.sha256.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FileEntry {
    /// Relative to the model folder.
    pub path: String,
    pub sha256: String,
    #[serde(default)]
    pub bytes: Option<u64>,
}

/// A model folder found by [`list`].
#[derive(Debug, Clone)]
pub struct ModelInfo {
    pub dir: PathBuf,
    pub manifest: Manifest,
    /// Sum of the card's file sizes as found on disk (missing files count 0).
    pub bytes: u64,
}

impl fmt::Display for ModelInfo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let m = &self.manifest;
        write!(
            f,
            "{:<22} {:<22} {:>3} files {:>8.1} MB  {}",
            m.name,
            m.task,
            m.files.len(),
            self.bytes as f64 / 1e6,
            self.dir.display()
        )?;
        // The headline metrics, where the card has them.
        for key in ["rust_test_f1", "python_test_f1_overall"] {
            if let Some(v) = m.metrics.get(key) {
                write!(f, "  {key}={v}")?;
            }
        }
        Ok(())
    }
}

/// Reads and parses `dir/demarche-model.toml`.
pub fn read_card(dir: &Path) -> Result<Manifest, Error> {
    let path = dir.join(CARD);
    let text = match fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(Error::NoCard { path: dir.to_path_buf() }),
        Err(e) => return Err(Error::io(path, e)),
    };
    let card: Manifest =
        toml::from_str(&text).map_err(|e| Error::Card { path: path.clone(), message: e.to_string() })?;
    for entry in &card.files {
        // A card may only name files inside its own folder.
        let p = Path::new(&entry.path);
        if entry.path.is_empty() || p.components().any(|c| !matches!(c, Component::Normal(_))) {
            return Err(Error::Card {
                path,
                message: format!("file path {:?} is not inside the model folder", entry.path),
            });
        }
        if entry.sha256.len() != 64 || !entry.sha256.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(Error::Card {
                path,
                message: format!("{}: sha256 {:?} is not 64 hex digits", entry.path, entry.sha256),
            });
        }
    }
    Ok(card)
}

/// Every model folder under `models_dir` (sorted by name; hidden folders skipped). A folder
/// whose card cannot be read is an `Err` item, so one bad model does not hide the others.
pub fn list(models_dir: &Path) -> Result<Vec<Result<ModelInfo, Error>>, Error> {
    let mut out = Vec::new();
    for dir in subfolders(models_dir)? {
        out.push(read_card(&dir).map(|manifest| {
            let bytes =
                manifest.files.iter().filter_map(|e| fs::metadata(dir.join(&e.path)).ok()).map(|m| m.len()).sum();
            ModelInfo { dir: dir.clone(), manifest, bytes }
        }));
    }
    Ok(out)
}

/// Checks every file the card names against its sha256. The first missing or changed file
/// is the error; the card is returned when all match.
pub fn verify(dir: &Path) -> Result<Manifest, Error> {
    let card = read_card(dir)?;
    for entry in &card.files {
        let path = dir.join(&entry.path);
        if !path.is_file() {
            return Err(Error::MissingFile { path, expected: entry.sha256.clone() });
        }
        let actual = sha256_file(&path)?;
        if !actual.eq_ignore_ascii_case(&entry.sha256) {
            return Err(Error::Checksum { path, expected: entry.sha256.clone(), actual });
        }
    }
    Ok(card)
}

/// A model folder and the outcome of verifying it.
pub type Verified = (PathBuf, Result<Manifest, Error>);

/// [`verify`] for every model folder under `models_dir`, and the ONNX exports (fp32, int8)
/// where a folder has them (against the sha256 recorded at export).
pub fn verify_all(models_dir: &Path) -> Result<Vec<Verified>, Error> {
    let check = |d: &Path| {
        let card = verify(d)?;
        for precision in [crate::Precision::Fp32, crate::Precision::Int8] {
            if d.join(precision.file_name()).exists() {
                crate::onnx::check_export(d, precision)?;
            }
        }
        Ok(card)
    };
    Ok(subfolders(models_dir)?.into_iter().map(|d| (d.clone(), check(&d))).collect())
}

/// Hex sha256 of a file, read in 1 MiB blocks.
pub fn sha256_file(path: &Path) -> Result<String, Error> {
    let mut f = fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let mut h = Sha256::new();
    let mut buf = vec![0u8; 1 << 20];
    loop {
        let n = f.read(&mut buf).map_err(|e| Error::io(path, e))?;
        if n == 0 {
            break;
        }
        h.update(&buf[..n]);
    }
    Ok(hex::encode(h.finalize()))
}

fn subfolders(models_dir: &Path) -> Result<Vec<PathBuf>, Error> {
    let mut dirs = Vec::new();
    for entry in fs::read_dir(models_dir).map_err(|e| Error::io(models_dir, e))? {
        let entry = entry.map_err(|e| Error::io(models_dir, e))?;
        let hidden = entry.file_name().to_string_lossy().starts_with('.');
        if !hidden && entry.path().is_dir() {
            dirs.push(entry.path());
        }
    }
    dirs.sort();
    Ok(dirs)
}
