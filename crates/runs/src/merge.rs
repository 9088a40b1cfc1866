//! Merging shard runs into one run whose tables equal those of a single run over all inputs.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use demarche_stance::positions::Positions;
use demarche_stance::Label;
use demarche_tables::{
    parquet_footer, write_atomic, DocumentRow, EntityRow, ErrorRow, Row, RunDir, SentenceRow, Staging, StanceRow,
    TableWriter, TurnRow, ALL, MANIFEST, SCHEMA_VERSION,
};

use crate::manifest::{InputEntry, Manifest};
use crate::run::{level_counts, position_rows, run_id, sorted_problems};
use crate::{Config, Error, Summary};

/// A shard's folder, holding every table, and its manifest.
fn open(dir: &Path) -> Result<(RunDir, Manifest), Error> {
    let run = RunDir::open(dir, ALL)?;
    let manifest = serde_json::from_value(run.manifest()?)
        .map_err(|source| Error::Manifest { path: dir.join(MANIFEST).display().to_string(), source })?;
    Ok((run, manifest))
}

/// The runs must be shards 1/N … N/N of one corpus, each once: anything else would merge
/// into a run that silently lacks or repeats documents.
fn check_shards(manifests: &[Manifest], runs: &[PathBuf]) -> Result<(), Error> {
    let mut seen: BTreeMap<usize, &Path> = BTreeMap::new();
    let mut total = None;
    for (m, dir) in manifests.iter().zip(runs) {
        let shard = m.shard.as_deref().ok_or_else(|| {
            Error::Merge(format!("{} is not a shard: it was made without `run --shard K/N`", dir.display()))
        })?;
        let (k, n) = shard
            .split_once('/')
            .and_then(|(k, n)| Some((k.parse::<usize>().ok()?, n.parse::<usize>().ok()?)))
            .ok_or_else(|| Error::Merge(format!("{}: shard {shard:?} in its manifest", dir.display())))?;
        match total {
            None => total = Some((n, dir)),
            Some((n0, d0)) if n0 != n => {
                return Err(Error::Merge(format!(
                    "{} is shard {shard}, but {} is one of {n0} shards",
                    dir.display(),
                    d0.display()
                )))
            }
            _ => {}
        }
        if let Some(other) = seen.insert(k, dir) {
            return Err(Error::Merge(format!("shard {shard} given twice: {} and {}", other.display(), dir.display())));
        }
    }
    if let Some((n, _)) = total {
        let missing: Vec<String> = (1..=n).filter(|k| !seen.contains_key(k)).map(|k| format!("{k}/{n}")).collect();
        if !missing.is_empty() {
            return Err(Error::Merge(format!("shards missing: {}", missing.join(", "))));
        }
    }
    Ok(())
}

/// Every shard walked the same inputs, and each of its table files is the one its manifest
/// wrote (same run id, as many rows): a file copied from another shard or run is refused.
fn check_files(manifests: &[Manifest], runs: &[PathBuf], dirs: &[RunDir]) -> Result<(), Error> {
    let first = &manifests[0];
    for ((m, dir), run) in manifests.iter().zip(runs).zip(dirs) {
        if m.corpus != first.corpus {
            return Err(Error::Merge(format!(
                "{} is a shard of other inputs than {} (the input paths they walked differ)",
                dir.display(),
                runs[0].display()
            )));
        }
        for schema in ALL {
            let path = run.table_path(schema);
            let (rows, kv) = parquet_footer(&path)?;
            let id = kv.iter().find(|(k, _)| k == "demarche.run_id").map(|(_, v)| v.as_str());
            let expected = m.counts.get(schema.name).map(|&n| n as i64);
            if id != Some(m.run_id.as_str()) || expected.is_some_and(|n| n != rows) {
                return Err(Error::Merge(format!(
                    "{}: not the file its manifest wrote (run {} with {} rows; the file: run {}, {rows} rows)",
                    path.display(),
                    m.run_id,
                    expected.map_or("?".to_string(), |n| n.to_string()),
                    id.unwrap_or("none"),
                )));
            }
        }
    }
    Ok(())
}

/// Merges the run folders of `demarche run --shard K/N` into `out`.
pub fn merge(runs: &[PathBuf], out: &Path) -> Result<Summary, Error> {
    let started = chrono::Local::now();
    let clock = std::time::Instant::now();
    let (dirs, manifests): (Vec<RunDir>, Vec<Manifest>) =
        runs.iter().map(|r| open(r)).collect::<Result<Vec<_>, _>>()?.into_iter().unzip();
    let first = manifests.first().ok_or_else(|| Error::Merge("no runs to merge".into()))?;
    for (m, dir) in manifests.iter().zip(runs) {
        if (&m.version, &m.config_hash, &m.schema_version)
            != (&first.version, &first.config_hash, &first.schema_version)
        {
            return Err(Error::Merge(format!(
                "{} was made by version {} with config {}; {} by version {} with config {}",
                dir.display(),
                m.version,
                m.config_hash,
                runs[0].display(),
                first.version,
                first.config_hash
            )));
        }
        if (&m.models, &m.files, &m.stance_errors) != (&first.models, &first.files, &first.stance_errors) {
            return Err(Error::Merge(format!(
                "{} used other models, model errors or configuration files than {} (see `models`, \
                 `stance_errors` and `files` in their manifests)",
                dir.display(),
                runs[0].display()
            )));
        }
    }
    check_shards(&manifests, runs)?;
    check_files(&manifests, runs, &dirs)?;
    let config: Config = serde_json::from_value(first.config.clone())
        .map_err(|source| Error::Manifest { path: format!("{} (config)", runs[0].join(MANIFEST).display()), source })?;

    // Documents in input order (paths sorted as the walk sorts them); content seen twice is
    // kept once, as a single run keeps it.
    let mut docs: Vec<DocumentRow> = Vec::new();
    for run in &dirs {
        docs.extend(run.rows::<DocumentRow>()?);
    }
    docs.sort_by(|a, b| Path::new(&a.path).cmp(Path::new(&b.path)));
    let mut problems: Vec<ErrorRow> = Vec::new();
    let mut first_path: HashMap<String, String> = HashMap::new();
    docs.retain(|d| match first_path.get(&d.doc_id) {
        Some(kept) => {
            problems.push(ErrorRow {
                path: d.path.clone(),
                stage: "ingest".into(),
                level: "warning".into(),
                message: format!("same content as {kept}: skipped"),
            });
            false
        }
        None => {
            first_path.insert(d.doc_id.clone(), d.path.clone());
            true
        }
    });
    let order: HashMap<String, usize> = docs.iter().enumerate().map(|(i, d)| (d.doc_id.clone(), i)).collect();
    let years: HashMap<String, Option<i64>> = docs.iter().map(|d| (d.doc_id.clone(), d.year)).collect();
    let mut positions = Positions::with_errors(first.stance_errors.clone());

    let staging = Staging::new(out, &crate::run_kind())?;
    let kv = vec![("demarche.schema_version".to_string(), SCHEMA_VERSION.to_string())];
    let inputs: Vec<InputEntry> = docs
        .iter()
        .map(|d| InputEntry { path: d.path.clone(), doc_id: d.doc_id.clone(), sha256: d.sha256.clone() })
        .collect();
    let id = run_id(&config, &inputs);
    let end_kv = [("demarche.run_id".to_string(), id.clone())];
    let mut counts = BTreeMap::new();
    counts.insert("documents".to_string(), write_table(&staging.path, &kv, &end_kv, docs)?);
    let turns = by_document(&dirs, &order, |r: &TurnRow| (&r.doc_id, &r.turn_id))?;
    counts.insert("turns".to_string(), write_table(&staging.path, &kv, &end_kv, turns)?);
    let sentences = by_document(&dirs, &order, |r: &SentenceRow| (&r.doc_id, &r.sentence_id))?;
    counts.insert("sentences".to_string(), write_table(&staging.path, &kv, &end_kv, sentences)?);
    let entities = by_document(&dirs, &order, |r: &EntityRow| (&r.doc_id, &r.entity_id))?;
    counts.insert("entities".to_string(), write_table(&staging.path, &kv, &end_kv, entities)?);
    let stances = by_document(&dirs, &order, |r: &StanceRow| (&r.doc_id, &r.stance_id))?;
    add_positions(&mut positions, &stances, &years);
    counts.insert("stances".to_string(), write_table(&staging.path, &kv, &end_kv, stances)?);
    // Positions are recomputed from the merged stances, as a single run computes them.
    counts.insert("positions".to_string(), write_table(&staging.path, &kv, &end_kv, position_rows(positions))?);
    for run in &dirs {
        problems.extend(run.rows::<ErrorRow>()?);
    }
    let problems = sorted_problems(problems);
    let (errors, warnings) = level_counts(&problems);
    counts.insert("errors".to_string(), write_table(&staging.path, &kv, &end_kv, problems)?);
    let mut stage_seconds: BTreeMap<String, f64> = BTreeMap::new();
    for m in &manifests {
        for (k, v) in &m.stage_seconds {
            *stage_seconds.entry(k.clone()).or_default() += v;
        }
    }
    let manifest = Manifest {
        run_id: id,
        inputs,
        counts,
        errors,
        warnings,
        stage_seconds,
        cached_documents: manifests.iter().map(|m| m.cached_documents).sum(),
        shard: None,
        started: started.to_rfc3339(),
        finished: chrono::Local::now().to_rfc3339(),
        wall_seconds: clock.elapsed().as_secs_f64(),
        git_revision: option_env!("DEMARCHE_GIT_REVISION").map(str::to_string),
        ..first.clone()
    };
    let json = serde_json::to_string_pretty(&manifest).expect("manifest serialises");
    write_atomic(&staging.path.join("manifest.json"), json.as_bytes())?;
    staging.commit()?;
    Ok(Summary { out: out.to_path_buf(), manifest })
}

/// Writes one table of the merged run; returns its row count.
fn write_table<R: Row>(
    dir: &Path,
    kv: &[(String, String)],
    end_kv: &[(String, String)],
    rows: Vec<R>,
) -> Result<usize, Error> {
    let mut w = TableWriter::create(dir, R::SCHEMA, kv)?;
    for r in rows {
        w.write(r)?;
    }
    Ok(w.finish_with(end_kv)?)
}

/// A table keyed by document: rows in document order, each document's rows in the order its
/// shard wrote them, rows of a document kept twice taken once. `key`: a row's document and id.
fn by_document<R: Row>(
    runs: &[RunDir],
    order: &HashMap<String, usize>,
    key: impl Fn(&R) -> (&String, &String),
) -> Result<Vec<R>, Error> {
    let mut rows = Vec::new();
    for run in runs {
        rows.extend(run.rows::<R>()?.into_iter().filter(|r| order.contains_key(key(r).0)));
    }
    rows.sort_by_key(|r| order[key(r).0]);
    let mut seen = HashSet::new();
    rows.retain(|r| seen.insert(key(r).1.clone()));
    Ok(rows)
}

/// Counts merged `stances` rows into positions.
fn add_positions(positions: &mut Positions, rows: &[StanceRow], years: &HashMap<String, Option<i64>>) {
    for r in rows {
        let Some(l) = Label::parse(&r.label) else { continue };
        let h = r.holder.as_deref().filter(|h| !h.is_empty());
        let year = years.get(&r.doc_id).copied().flatten();
        positions.add(h, year, &r.target, l, r.score as f32, &r.sentence_id);
    }
}
