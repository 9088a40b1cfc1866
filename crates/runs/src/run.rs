use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;
use std::time::Instant;

use demarche_ingest::{walk, Input};
use demarche_tables::{TableWriter, DOCUMENTS, ERRORS, SCHEMA_VERSION, SENTENCES, TURNS};
use rayon::prelude::*;

use crate::manifest::{InputEntry, Manifest};
use crate::pipeline::{Pipeline, STAGES};
use crate::rows::doc_rows;
use crate::{Config, Error};

pub struct RunOptions {
    pub inputs: Vec<PathBuf>,
    pub out: PathBuf,
    pub config: Config,
}

/// Reports progress: called with (documents done, documents in all).
pub trait Progress: Sync {
    fn update(&self, done: usize, total: usize);
}

impl<F: Fn(usize, usize) + Sync> Progress for F {
    fn update(&self, done: usize, total: usize) {
        self(done, total)
    }
}

#[derive(Debug)]
pub struct Summary {
    pub out: PathBuf,
    pub manifest: Manifest,
}

/// `runs/<name or timestamp>-<config hash>`.
pub fn default_run_dir(base: &Path, name: Option<&str>, config: &Config) -> PathBuf {
    let name = name.map(str::to_string).unwrap_or_else(|| chrono::Local::now().format("%Y%m%d-%H%M%S").to_string());
    base.join(format!("{name}-{}", config.hash()))
}

/// Runs the pipeline over the inputs and writes the run directory. Problems with single
/// inputs become `errors` rows; only setup and output failures are errors here.
pub fn run(opts: &RunOptions, progress: &dyn Progress) -> Result<Summary, Error> {
    let started = chrono::Local::now();
    let clock = Instant::now();
    let config = &opts.config;
    let pipeline = Pipeline::new(config)?;
    let threads = if config.run.threads == 0 { rayon::current_num_threads() } else { config.run.threads };
    let pool =
        rayon::ThreadPoolBuilder::new().num_threads(threads).build().map_err(|e| Error::Threads(e.to_string()))?;

    let (inputs, walk_errors) = walk(&opts.inputs, &config.input.extensions);
    let staging = Staging::new(&opts.out)?;
    let dir = staging.path.clone();
    // Equal inputs and configuration give equal run ids, hence byte-identical Parquet files.
    let input_hashes: Vec<String> = inputs
        .iter()
        .map(|i| std::fs::read(&i.path).map(|b| demarche_core::sha256_hex(&b)).unwrap_or_default())
        .collect();
    let run_id = {
        let basis = serde_json::json!([env!("CARGO_PKG_VERSION"), config.output_json(), input_hashes]).to_string();
        demarche_core::sha256_hex(basis.as_bytes())[..12].to_string()
    };
    let kv = vec![
        ("demarche.run_id".to_string(), run_id.clone()),
        ("demarche.schema_version".to_string(), SCHEMA_VERSION.to_string()),
    ];
    let mut documents = TableWriter::create(&dir, DOCUMENTS, &kv)?;
    let mut turns = TableWriter::create(&dir, TURNS, &kv)?;
    let mut sentences = TableWriter::create(&dir, SENTENCES, &kv)?;
    let mut errors = TableWriter::create(&dir, ERRORS, &kv)?;
    let (mut n_err, mut n_warn) = (0usize, 0usize);
    let mut error_row = |w: &mut TableWriter, path: &str, stage: &str, level: &str, message: String| {
        if level == "error" {
            n_err += 1
        } else {
            n_warn += 1
        }
        tracing::warn!(path, stage, "{message}");
        w.write(vec![path.into(), stage.into(), level.into(), message.into()])
    };
    for e in &walk_errors {
        error_row(&mut errors, e.path(), "ingest", "error", e.reason())?;
    }

    let mut seen: HashMap<String, String> = HashMap::new();
    let mut entries = Vec::new();
    let mut done = 0;
    progress.update(0, inputs.len());
    for chunk in inputs.chunks(config.run.chunk.max(1)) {
        let outputs: Vec<_> = pool.install(|| {
            chunk
                .par_iter()
                .map(|input: &Input| {
                    pipeline.process(input).map(|o| {
                        let r = doc_rows(&o);
                        (o, r)
                    })
                })
                .collect()
        });
        for (input, result) in chunk.iter().zip(outputs) {
            let (out, rows) = match result {
                Ok(x) => x,
                Err(e) => {
                    error_row(&mut errors, &input.display(), "ingest", "error", e.reason())?;
                    continue;
                }
            };
            for w in &out.warnings {
                error_row(&mut errors, &w.path, w.stage, "warning", w.message.clone())?;
            }
            if let Some(first) = seen.get(&out.doc.id) {
                error_row(
                    &mut errors,
                    &out.doc.path,
                    "ingest",
                    "warning",
                    format!("same content as {first}: skipped"),
                )?;
                continue;
            }
            seen.insert(out.doc.id.clone(), out.doc.path.clone());
            entries.push(InputEntry {
                path: out.doc.path.clone(),
                doc_id: out.doc.id.clone(),
                sha256: out.doc.sha256.clone(),
            });
            documents.write(rows.document)?;
            for r in rows.turns {
                turns.write(r)?;
            }
            for r in rows.sentences {
                sentences.write(r)?;
            }
        }
        done += chunk.len();
        progress.update(done, inputs.len());
    }
    for e in pipeline.ingester().metadata.problems() {
        error_row(&mut errors, e.path(), "metadata", "error", e.reason())?;
    }

    let mut counts = BTreeMap::new();
    counts.insert("documents".to_string(), documents.finish()?);
    counts.insert("turns".to_string(), turns.finish()?);
    counts.insert("sentences".to_string(), sentences.finish()?);
    counts.insert("errors".to_string(), errors.finish()?);
    let stage_seconds = STAGES
        .iter()
        .zip(&pipeline.stage_nanos)
        .map(|(s, n)| (s.to_string(), n.load(Ordering::Relaxed) as f64 / 1e9))
        .collect();
    let manifest = Manifest {
        tool: "demarche".into(),
        version: env!("CARGO_PKG_VERSION").into(),
        git_revision: option_env!("DEMARCHE_GIT_REVISION").map(str::to_string),
        schema_version: SCHEMA_VERSION.into(),
        run_id,
        config_hash: config.hash(),
        config: config.to_json(),
        registry_actors: pipeline.registry_len(),
        inputs: entries,
        counts,
        errors: n_err,
        warnings: n_warn,
        stage_seconds,
        threads,
        chunk: config.run.chunk,
        started: started.to_rfc3339(),
        finished: chrono::Local::now().to_rfc3339(),
        wall_seconds: clock.elapsed().as_secs_f64(),
    };
    write_atomic(
        &dir.join("manifest.json"),
        serde_json::to_string_pretty(&manifest).expect("manifest serialises").as_bytes(),
    )?;
    staging.commit()?;
    Ok(Summary { out: opts.out.clone(), manifest })
}

/// A run is written into a hidden sibling of its directory and swapped into place at the
/// end, so the run directory always holds one complete run: the previous one or this one.
struct Staging {
    path: PathBuf,
    out: PathBuf,
    old: PathBuf,
    done: bool,
}

fn io_at(p: &Path) -> impl FnOnce(std::io::Error) -> Error {
    let path = p.display().to_string();
    move |source| Error::Io { path, source }
}

impl Staging {
    fn new(out: &Path) -> Result<Staging, Error> {
        let name = out.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_else(|| "run".into());
        let parent = match out.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        std::fs::create_dir_all(&parent).map_err(io_at(&parent))?;
        let path = parent.join(format!(".{name}.partial"));
        let old = parent.join(format!(".{name}.old"));
        // A run killed during the swap left the previous run under `.old`: put it back.
        if !out.exists() && old.exists() {
            std::fs::rename(&old, out).map_err(io_at(out))?;
        }
        if out.exists() && !is_replaceable(out) {
            return Err(Error::Setup(format!(
                "{}: refusing to replace a folder that is neither empty nor a demarche run (no manifest.json)",
                out.display()
            )));
        }
        if path.exists() {
            std::fs::remove_dir_all(&path).map_err(io_at(&path))?;
        }
        std::fs::create_dir(&path).map_err(io_at(&path))?;
        Ok(Staging { path, out: out.to_path_buf(), old, done: false })
    }

    fn commit(mut self) -> Result<(), Error> {
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
    dir.join("manifest.json").is_file() || std::fs::read_dir(dir).map(|mut d| d.next().is_none()).unwrap_or(false)
}

/// Writes a file under a temporary name, syncs it and renames it into place.
fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    use std::io::Write;
    let tmp = path.with_extension("partial");
    let io = |source| Error::Io { path: path.display().to_string(), source };
    let mut f = std::fs::File::create(&tmp).map_err(io)?;
    f.write_all(bytes).and_then(|_| f.sync_all()).map_err(io)?;
    std::fs::rename(&tmp, path).map_err(io)
}
