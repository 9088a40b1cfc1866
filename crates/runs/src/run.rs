use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;
use std::time::Instant;

use demarche_ingest::{walk, Input};
use demarche_stance::positions::Positions;
use demarche_tables::{
    write_atomic, ErrorRow, PositionRow, Staging, TableWriter, DOCUMENTS, ENTITIES, ERRORS, POSITIONS, SCHEMA_VERSION,
    SENTENCES, STANCES, TURNS,
};
use rayon::prelude::*;

use crate::cache::{Cache, Entry};
use crate::manifest::{InputEntry, Manifest};
use crate::pipeline::{DocOutput, Pipeline, Stage};
use crate::rows::doc_rows;
use crate::{Config, Error};

pub struct RunOptions {
    pub inputs: Vec<PathBuf>,
    pub out: PathBuf,
    pub config: Config,
    /// Process only this shard of the inputs.
    pub shard: Option<Shard>,
    /// Reuse and keep per-document model outputs here ([`crate::cache`]).
    pub cache: Option<PathBuf>,
}

/// Shard `index` of `count` (1-based): a deterministic share of the inputs, chosen by a hash
/// of each file's path below its input folder, so every machine of a job array agrees.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    pub index: usize,
    pub count: usize,
}

impl std::str::FromStr for Shard {
    type Err = String;
    fn from_str(s: &str) -> Result<Shard, String> {
        let bad = || format!("bad shard {s:?}: expected K/N with 1 <= K <= N, e.g. 2/3");
        let (k, n) = s.split_once('/').ok_or_else(bad)?;
        let (index, count) =
            (k.trim().parse::<usize>().map_err(|_| bad())?, n.trim().parse::<usize>().map_err(|_| bad())?);
        if index == 0 || index > count {
            return Err(bad());
        }
        Ok(Shard { index, count })
    }
}

impl std::fmt::Display for Shard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

impl Shard {
    pub fn takes(&self, input: &Input) -> bool {
        let rel = input.path.strip_prefix(&input.root).unwrap_or(&input.path).to_string_lossy().replace('\\', "/");
        let h = demarche_core::sha256_hex(rel.as_bytes());
        let n = u64::from_str_radix(&h[..15], 16).unwrap_or(0);
        (n % self.count as u64) as usize == self.index - 1
    }
}

/// Reports progress: called with (documents done, documents in all), and with the stage the
/// current chunk of documents is in.
pub trait Progress: Sync {
    fn update(&self, done: usize, total: usize);
    fn stage(&self, _stage: &str) {}
    /// Sentences through the model stages so far, of the chunk's `total`.
    fn sentences(&self, _done: usize, _total: usize) {}
}

/// Sentences the model stages take at a time within a chunk, so that progress moves on a long
/// chunk; the outputs do not depend on it (batch-invariance, tested).
const MODEL_GROUP_SENTENCES: usize = 512;

#[derive(Debug)]
pub struct Summary {
    pub out: PathBuf,
    pub manifest: Manifest,
}

/// `runs/<name or timestamp>-<config hash>`.
/// The default run folder, `base/NAME-HASH`. A name is one plain folder name: no `/`, no
/// `..`, nothing absolute, so a run never lands outside `base`.
pub fn default_run_dir(base: &Path, name: Option<&str>, config: &Config) -> Result<PathBuf, Error> {
    if let Some(n) = name {
        let plain = Path::new(n).components().count() == 1
            && matches!(Path::new(n).components().next(), Some(std::path::Component::Normal(_)));
        if !plain || n.contains(['/', '\\']) {
            return Err(Error::RunName { name: n.to_string() });
        }
    }
    let name = name.map(str::to_string).unwrap_or_else(|| chrono::Local::now().format("%Y%m%d-%H%M%S").to_string());
    Ok(base.join(format!("{name}-{}", config.hash())))
}

/// The sha256 of the walked input paths, one per line, in walk order.
fn corpus_hash(inputs: &[Input]) -> String {
    let paths: Vec<String> = inputs.iter().map(|i| i.path.display().to_string()).collect();
    demarche_core::sha256_hex(paths.join("\n").as_bytes())
}

/// The most worker threads a run takes: four per core of this machine (at least 16); more is
/// a typo, and ONNX Runtime would try to start them all.
pub fn max_threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get()).saturating_mul(4).max(16)
}

/// An input or the cache inside the output folder would be deleted with the previous run.
fn refuse_inside_output(opts: &RunOptions) -> Result<(), Error> {
    let abs =
        |p: &Path| std::path::absolute(p).map(|a| a.canonicalize().unwrap_or(a)).unwrap_or_else(|_| p.to_path_buf());
    let out = abs(&opts.out);
    let inside = |p: &Path| abs(p).starts_with(&out);
    let refuse =
        |p: &Path, fix| Error::InsideOutput { path: p.display().to_string(), out: opts.out.display().to_string(), fix };
    if let Some(p) = opts.inputs.iter().find(|p| inside(p)) {
        return Err(refuse(p, "write the run elsewhere (--out)"));
    }
    match &opts.cache {
        Some(c) if inside(c) => Err(refuse(c, "keep the cache elsewhere (--cache)")),
        _ => Ok(()),
    }
}

/// Runs the pipeline over the inputs and writes the run directory. Problems with single
/// inputs become `errors` rows; only setup and output failures are errors here.
pub fn run(opts: &RunOptions, progress: &dyn Progress) -> Result<Summary, Error> {
    let started = chrono::Local::now();
    let clock = Instant::now();
    let config = &opts.config;
    // Before the models load: ONNX Runtime sizes its pools by this too.
    if config.run.threads > max_threads() {
        return Err(Error::TooManyThreads { threads: config.run.threads, max: max_threads() });
    }
    let pipeline = Pipeline::new(config)?;
    let threads = if config.run.threads == 0 { rayon::current_num_threads() } else { config.run.threads };
    let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().map_err(Error::Threads)?;

    refuse_inside_output(opts)?;
    let (mut inputs, walk_errors) = walk(&opts.inputs, &config.input.extensions);
    let corpus = corpus_hash(&inputs);
    if let Some(shard) = opts.shard {
        inputs.retain(|i| shard.takes(i));
    }
    let models_on = config.ner.enabled || config.stance.enabled;
    let cache = match &opts.cache {
        Some(root) if models_on => Some(Cache::open(root, config, &pipeline.models().entries())?),
        _ => None,
    };
    let mut cached = 0;
    let staging = Staging::new(&opts.out, &crate::run_kind())?;
    let dir = staging.path.clone();
    let kv = vec![("demarche.schema_version".to_string(), SCHEMA_VERSION.to_string())];
    let mut documents = TableWriter::create(&dir, DOCUMENTS, &kv)?;
    let mut turns = TableWriter::create(&dir, TURNS, &kv)?;
    let mut sentences = TableWriter::create(&dir, SENTENCES, &kv)?;
    let mut entities = TableWriter::create(&dir, ENTITIES, &kv)?;
    let mut stances = TableWriter::create(&dir, STANCES, &kv)?;
    let mut positions = Positions::with_errors(pipeline.models().stance_errors().clone());
    // Errors are few; they are sorted at the end so that shards merge into the same table.
    let mut problems: Vec<ErrorRow> = Vec::new();
    let mut error_row = |path: &str, stage: &str, level: &str, message: String| -> Result<(), Error> {
        tracing::warn!(path, stage, "{message}");
        problems.push(ErrorRow { path: path.into(), stage: stage.into(), level: level.into(), message });
        Ok(())
    };
    for e in &walk_errors {
        error_row(e.path(), "ingest", "error", e.reason())?;
    }
    for (path, message) in pipeline.models().setup_warnings() {
        error_row(path, "stance", "warning", message.clone())?;
    }

    let mut seen: HashMap<String, String> = HashMap::new();
    let mut entries = Vec::new();
    let mut done = 0;
    progress.update(0, inputs.len());
    for chunk in inputs.chunks(config.run.chunk.max(1)) {
        progress.stage("read, segment, resolve");
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
        // Keep what the text stages produced, in input order; the first copy of any content.
        let mut kept = Vec::new();
        for (input, result) in chunk.iter().zip(outputs) {
            let (out, rows) = match result {
                Ok(x) => x,
                Err(e) => {
                    error_row(&input.display(), "ingest", "error", e.reason())?;
                    continue;
                }
            };
            for w in &out.warnings {
                error_row(&w.path, w.stage, "warning", w.message.clone())?;
            }
            if let Some(first) = seen.get(&out.doc.id) {
                error_row(&out.doc.path, "ingest", "warning", format!("same content as {first}: skipped"))?;
                continue;
            }
            seen.insert(out.doc.id.clone(), out.doc.path.clone());
            kept.push((out, rows));
        }
        // Model outputs: from the cache where it has them, computed for the rest.
        let keys: Vec<Option<String>> = kept.iter().map(|(_, rows)| cache.as_ref().map(|c| c.key(rows))).collect();
        let mut found: Vec<Option<Entry>> =
            keys.iter().map(|k| k.as_ref().and_then(|k| cache.as_ref()?.get(k))).collect();
        cached += found.iter().filter(|f| f.is_some()).count();
        let todo: Vec<&DocOutput> = kept.iter().zip(&found).filter(|(_, f)| f.is_none()).map(|((o, _), _)| o).collect();
        let total: usize = todo.iter().map(|o| o.sentences.len()).sum();
        let (mut entity_rows, mut stance_rows) = (Vec::new(), Vec::new());
        let mut through = 0;
        for group in groups(&todo, MODEL_GROUP_SENTENCES) {
            progress.stage("ner");
            let (ents, embeddings) = pool.install(|| pipeline.entities(group))?;
            progress.stage("stance");
            stance_rows.extend(pool.install(|| pipeline.stances(group, &embeddings))?);
            entity_rows.extend(ents);
            through += group.iter().map(|o| o.sentences.len()).sum::<usize>();
            progress.sentences(through, total);
        }
        let mut computed = entity_rows.into_iter().zip(stance_rows);
        for (f, key) in found.iter_mut().zip(&keys) {
            if f.is_none() {
                let (entities, stances) = computed.next().expect("one result per computed document");
                if let (Some(c), Some(k)) = (&cache, key) {
                    c.put(k, &entities, &stances)?;
                }
                *f = Some(Entry { entities, stances });
            }
        }
        let outputs = found.into_iter().map(|f| f.expect("every document has its rows"));
        for ((out, rows), Entry { entities: ents, stances: sts }) in kept.into_iter().zip(outputs) {
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
            for r in ents {
                entities.write(r)?;
            }
            for s in sts {
                let r = &s.row;
                positions.add(r.holder.as_deref(), s.year, &r.target, s.label, s.score, &r.sentence_id);
                stances.write(s.row)?;
            }
        }
        done += chunk.len();
        progress.update(done, inputs.len());
    }
    for e in pipeline.ingester().metadata.problems() {
        error_row(e.path(), "metadata", "error", e.reason())?;
    }

    let run_id = run_id(config, &entries);
    let end_kv = [("demarche.run_id".to_string(), run_id.clone())];
    let (n_err, n_warn) = level_counts(&problems);
    let mut errors = TableWriter::create(&dir, ERRORS, &kv)?;
    for row in sorted_problems(problems) {
        errors.write(row)?;
    }
    let mut counts = BTreeMap::new();
    counts.insert("documents".to_string(), documents.finish_with(&end_kv)?);
    counts.insert("turns".to_string(), turns.finish_with(&end_kv)?);
    counts.insert("sentences".to_string(), sentences.finish_with(&end_kv)?);
    counts.insert("entities".to_string(), entities.finish_with(&end_kv)?);
    counts.insert("stances".to_string(), stances.finish_with(&end_kv)?);
    let mut positions_table = TableWriter::create(&dir, POSITIONS, &kv)?;
    for row in position_rows(positions) {
        positions_table.write(row)?;
    }
    counts.insert("positions".to_string(), positions_table.finish_with(&end_kv)?);
    counts.insert("errors".to_string(), errors.finish_with(&end_kv)?);
    let stage_seconds = Stage::ALL
        .iter()
        .zip(&pipeline.stage_nanos)
        .map(|(s, n)| (s.name().to_string(), n.load(Ordering::Relaxed) as f64 / 1e9))
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
        models: pipeline.models().entries(),
        files: config.files(),
        inputs: entries,
        counts,
        errors: n_err,
        warnings: n_warn,
        stage_seconds,
        threads,
        chunk: config.run.chunk,
        batch_size: config.run.batch_size,
        shared_encoder: pipeline.models().shared_encoder(),
        stance_errors: pipeline.models().stance_errors().clone(),
        cached_documents: cached,
        shard: opts.shard.map(|s| s.to_string()),
        corpus,
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

/// The `positions` table's rows, sorted by actor, year and target.
pub(crate) fn position_rows(positions: Positions) -> Vec<PositionRow> {
    positions.finish().into_iter().map(PositionRow::from).collect()
}

/// Errors in a fixed order, duplicates removed (every shard reports a missing input).
pub(crate) fn sorted_problems(mut rows: Vec<ErrorRow>) -> Vec<ErrorRow> {
    rows.sort();
    rows.dedup();
    rows
}

pub(crate) fn level_counts(rows: &[ErrorRow]) -> (usize, usize) {
    let errors = rows.iter().filter(|r| r.level == "error").count();
    (errors, rows.len() - errors)
}

/// Equal tool version, output settings and documents give equal run ids, hence
/// byte-identical Parquet files, whether from one run or merged shards.
pub(crate) fn run_id(config: &Config, inputs: &[InputEntry]) -> String {
    let hashes: Vec<&str> = inputs.iter().map(|i| i.sha256.as_str()).collect();
    let basis = serde_json::json!([env!("CARGO_PKG_VERSION"), config.output_json(), hashes]).to_string();
    demarche_core::sha256_hex(basis.as_bytes())[..12].to_string()
}

/// Consecutive groups of documents of about `sentences` sentences each (a document is never
/// split).
fn groups<'a, 'b>(docs: &'a [&'b DocOutput], sentences: usize) -> Vec<&'a [&'b DocOutput]> {
    let mut out = Vec::new();
    let (mut start, mut n) = (0, 0);
    for (i, d) in docs.iter().enumerate() {
        n += d.sentences.len();
        if n >= sentences {
            out.push(&docs[start..=i]);
            (start, n) = (i + 1, 0);
        }
    }
    if start < docs.len() {
        out.push(&docs[start..]);
    }
    out
}
