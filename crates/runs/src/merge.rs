//! Merging shard runs into one run whose tables equal those of a single run over all inputs.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use demarche_stance::positions::Positions;
use demarche_stance::Label;
use demarche_tables::{
    parquet_footer, read_parquet_rows, write_atomic, Schema, Staging, TableWriter, Value, ALL, DOCUMENTS, ERRORS,
    POSITIONS, SCHEMA_VERSION, STANCES,
};

use crate::manifest::{InputEntry, Manifest};
use crate::run::{level_counts, position_rows, run_id, sorted_problems, ErrorRow};
use crate::{Config, Error, Summary};

fn read_manifest(dir: &Path) -> Result<Manifest, Error> {
    let path = dir.join("manifest.json");
    let text =
        std::fs::read_to_string(&path).map_err(|source| Error::Io { path: path.display().to_string(), source })?;
    serde_json::from_str(&text).map_err(|e| Error::Merge(format!("{}: {e}", path.display())))
}

fn read_table(dir: &Path, schema: &Schema) -> Result<Vec<Vec<Value>>, Error> {
    let t = read_parquet_rows(&dir.join(format!("{}.parquet", schema.name)))?;
    if t.columns != schema.names() {
        return Err(Error::Merge(format!(
            "{}: {} has other columns than this version writes",
            dir.display(),
            schema.name
        )));
    }
    Ok(t.rows)
}

fn text(v: &Value) -> &str {
    match v {
        Value::Str(s) => s,
        _ => "",
    }
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
fn check_files(manifests: &[Manifest], runs: &[PathBuf]) -> Result<(), Error> {
    let first = &manifests[0];
    for (m, dir) in manifests.iter().zip(runs) {
        if m.corpus != first.corpus {
            return Err(Error::Merge(format!(
                "{} is a shard of other inputs than {} (the input paths they walked differ)",
                dir.display(),
                runs[0].display()
            )));
        }
        for schema in ALL {
            let path = dir.join(format!("{}.parquet", schema.name));
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
    let manifests = runs.iter().map(|r| read_manifest(r)).collect::<Result<Vec<_>, _>>()?;
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
    check_files(&manifests, runs)?;
    let config: Config =
        serde_json::from_value(first.config.clone()).map_err(|e| Error::Merge(format!("manifest config: {e}")))?;

    // Documents in input order (paths sorted as the walk sorts them); content seen twice is
    // kept once, as a single run keeps it.
    let mut docs: Vec<Vec<Value>> = Vec::new();
    for dir in runs {
        docs.extend(read_table(dir, &DOCUMENTS)?);
    }
    docs.sort_by(|a, b| Path::new(text(&a[1])).cmp(Path::new(text(&b[1]))));
    let mut problems: Vec<ErrorRow> = Vec::new();
    let mut first_path: HashMap<String, String> = HashMap::new();
    docs.retain(|d| {
        let (id, path) = (text(&d[0]).to_string(), text(&d[1]).to_string());
        match first_path.get(&id) {
            Some(kept) => {
                problems.push([path, "ingest".into(), "warning".into(), format!("same content as {kept}: skipped")]);
                false
            }
            None => {
                first_path.insert(id, path);
                true
            }
        }
    });
    let order: HashMap<String, usize> = docs.iter().enumerate().map(|(i, d)| (text(&d[0]).to_string(), i)).collect();
    let year_col = DOCUMENTS.names().iter().position(|c| *c == "year").expect("documents column");
    let years: HashMap<String, Option<i64>> = docs
        .iter()
        .map(|d| (text(&d[0]).to_string(), if let Value::Int(y) = d[year_col] { Some(y) } else { None }))
        .collect();
    let mut positions = Positions::with_errors(first.stance_errors.clone());

    let staging = Staging::new(out, &crate::run_kind())?;
    let kv = vec![("demarche.schema_version".to_string(), SCHEMA_VERSION.to_string())];
    let col = |name: &str| DOCUMENTS.names().iter().position(|c| *c == name).expect("documents column");
    let (id_col, path_col, sha_col) = (col("doc_id"), col("path"), col("sha256"));
    let inputs: Vec<InputEntry> = docs
        .iter()
        .map(|d| InputEntry {
            path: text(&d[path_col]).into(),
            doc_id: text(&d[id_col]).into(),
            sha256: text(&d[sha_col]).into(),
        })
        .collect();
    let id = run_id(&config, &inputs);
    let end_kv = [("demarche.run_id".to_string(), id.clone())];
    let mut counts = BTreeMap::new();
    for schema in ALL {
        let rows = if schema.name == DOCUMENTS.name {
            std::mem::take(&mut docs)
        } else if schema.name == ERRORS.name {
            for dir in runs {
                for r in read_table(dir, schema)? {
                    problems.push([0, 1, 2, 3].map(|i| text(&r[i]).to_string()));
                }
            }
            sorted_problems(std::mem::take(&mut problems))
                .into_iter()
                .map(|r| r.into_iter().map(Value::Str).collect())
                .collect()
        } else if schema.name == POSITIONS.name {
            // Positions are recomputed from the merged stances, as a single run computes them.
            position_rows(std::mem::take(&mut positions))
        } else {
            let rows = by_document(runs, schema, &order)?;
            if schema.name == STANCES.name {
                add_positions(&mut positions, &rows, &years);
            }
            rows
        };
        let mut w = TableWriter::create(&staging.path, *schema, &kv)?;
        for r in rows {
            w.write(r)?;
        }
        counts.insert(schema.name.to_string(), w.finish_with(&end_kv)?);
    }
    let errors_table = read_table(&staging.path, &ERRORS)?;
    let levels: Vec<ErrorRow> = errors_table.iter().map(|r| [0, 1, 2, 3].map(|i| text(&r[i]).to_string())).collect();
    let (errors, warnings) = level_counts(&levels);
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

/// A table keyed by document: rows in document order, each document's rows in the order its
/// shard wrote them, rows of a document kept twice taken once.
fn by_document(runs: &[PathBuf], schema: &Schema, order: &HashMap<String, usize>) -> Result<Vec<Vec<Value>>, Error> {
    let col = schema
        .columns
        .iter()
        .position(|c| c.name == "doc_id")
        .ok_or_else(|| Error::Merge(format!("table {} has no doc_id column", schema.name)))?;
    let mut rows = Vec::new();
    for dir in runs {
        rows.extend(read_table(dir, schema)?.into_iter().filter(|r| order.contains_key(text(&r[col]))));
    }
    rows.sort_by_key(|r| order[text(&r[col])]);
    let mut seen = HashSet::new();
    rows.retain(|r| seen.insert(text(&r[0]).to_string()));
    Ok(rows)
}

/// Counts merged `stances` rows into positions.
fn add_positions(positions: &mut Positions, rows: &[Vec<Value>], years: &HashMap<String, Option<i64>>) {
    let col = |name: &str| STANCES.names().iter().position(|c| *c == name).expect("stances column");
    let (sid, doc, holder, target, label, score) =
        (col("sentence_id"), col("doc_id"), col("holder"), col("target"), col("label"), col("score"));
    for r in rows {
        let Some(l) = Label::parse(text(&r[label])) else { continue };
        let s = if let Value::Float(f) = r[score] { f as f32 } else { 0.0 };
        let h = Some(text(&r[holder])).filter(|h| !h.is_empty());
        positions.add(h, years.get(text(&r[doc])).copied().flatten(), text(&r[target]), l, s, text(&r[sid]));
    }
}
