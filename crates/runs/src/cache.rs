//! Model outputs per document, kept between runs (`run --cache DIR`): a killed run resumes
//! without recomputing the documents it finished, and a corpus with a few new files costs only
//! those. An entry's key covers everything that decides a document's entity and stance rows:
//! the tool and schema versions, the build (the
//! running binary's sha256: rules change with the code), the output settings of the configuration, the models' files,
//! the actor registries and codebook it names, and the document's own rows (its text hash,
//! metadata and segmentation). Because an encoder batch holds sentences of one length, rows
//! computed alone equal rows computed among others, so cached and fresh rows mix freely.

use std::path::{Path, PathBuf};

use demarche_stance::Label;
use demarche_tables::{write_atomic, EntityRow, Row, StanceRow, Value, SCHEMA_VERSION};
use serde_json::{json, Value as Json};

use crate::manifest::ModelEntry;
use crate::pipeline::Stance;
use crate::rows::DocRows;
use crate::{Config, Error};

/// The sha256 of the running binary, once per process; `unknown` (and a warning) when it
/// cannot be read, which only costs cache hits across builds.
fn build() -> &'static str {
    static BUILD: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    BUILD.get_or_init(|| match std::env::current_exe().and_then(std::fs::read) {
        Ok(bytes) => demarche_core::sha256_hex(&bytes),
        Err(e) => {
            tracing::warn!("cannot read the running binary ({e}): cache entries of other builds may be reused");
            "unknown".to_string()
        }
    })
}

pub struct Cache {
    dir: PathBuf,
    /// Hash of the run-wide part of every key.
    base: String,
}

/// What a document contributed to the model tables.
pub struct Entry {
    pub entities: Vec<EntityRow>,
    pub stances: Vec<Stance>,
}

impl Cache {
    /// The cache for this configuration and these models under `root` (created).
    pub fn open(root: &Path, config: &Config, models: &[ModelEntry]) -> Result<Cache, Error> {
        let files = config.files();
        let models: Vec<Json> = models.iter().map(|m| json!([m.task, m.name, m.files])).collect();
        let base = json!({
            "version": env!("CARGO_PKG_VERSION"),
            // The version stays while the code changes: the build (its rules, the registry
            // compiled into it) decides rows too.
            "build": build(),
            "schema": SCHEMA_VERSION,
            "config": config.output_json(),
            "models": models,
            "files": files,
        });
        let dir = root.join("documents");
        std::fs::create_dir_all(&dir).map_err(|source| Error::Io { path: dir.display().to_string(), cause: source })?;
        Ok(Cache { dir, base: demarche_core::sha256_hex(base.to_string().as_bytes()) })
    }

    /// The key of a document: the run-wide hash and the document's text-stage rows.
    pub fn key(&self, rows: &DocRows) -> String {
        let doc = json!({
            "base": self.base,
            "document": cells(rows.document.clone()),
            "turns": rows.turns.iter().map(|r| cells(r.clone())).collect::<Vec<_>>(),
            "sentences": rows.sentences.iter().map(|r| cells(r.clone())).collect::<Vec<_>>(),
        });
        demarche_core::sha256_hex(doc.to_string().as_bytes())
    }

    fn path(&self, key: &str) -> PathBuf {
        self.dir.join(format!("{key}.json"))
    }

    /// The entry for `key`, if one was stored for this key and reads back whole and unchanged
    /// (anything else — a swapped or edited entry, a FIFO, a link, a huge file — is recomputed).
    pub fn get(&self, key: &str) -> Option<Entry> {
        let path = self.path(key);
        let meta = std::fs::symlink_metadata(&path).ok()?;
        let parsed = if !meta.file_type().is_file() || meta.len() > MAX_ENTRY {
            None
        } else {
            std::fs::read_to_string(&path)
                .ok()
                .and_then(|text| serde_json::from_str::<Json>(&text).ok())
                .filter(|v| v.get("key").and_then(Json::as_str) == Some(key))
                .filter(|v| v.get("sha256").and_then(Json::as_str) == Some(body_hash(v).as_str()))
                .and_then(|v| entry_from_json(&v))
        };
        if parsed.is_none() {
            tracing::warn!(path = %path.display(), "cache entry not of this key, changed or unreadable: recomputed");
        }
        parsed
    }

    pub fn put(&self, key: &str, entities: &[EntityRow], stances: &[Stance]) -> Result<(), Error> {
        let mut v = json!({
            "key": key,
            "entities": entities.iter().map(|r| cells(r.clone())).collect::<Vec<_>>(),
            "stances": stances.iter().map(|s| json!({
                "row": cells(s.row.clone()),
                "year": s.year,
                "label": s.label.as_str(),
                "score": s.score,
            })).collect::<Vec<_>>(),
        });
        v["sha256"] = Json::from(body_hash(&v));
        write_atomic(&self.path(key), v.to_string().as_bytes()).map_err(Error::from)
    }
}

/// The largest entry read back; a document's rows take far less.
const MAX_ENTRY: u64 = 256 << 20;

/// The sha256 of an entry's key and rows, stored beside them: an edited entry no longer matches.
fn body_hash(v: &Json) -> String {
    let part = |k: &str| v.get(k).map(Json::to_string).unwrap_or_default();
    demarche_core::sha256_hex(format!("{}\n{}\n{}", part("key"), part("entities"), part("stances")).as_bytes())
}

/// A row as a JSON object keyed by column name.
fn cells<R: Row>(row: R) -> Json {
    let cell = |v: Value| match v {
        Value::Str(s) => Json::from(s),
        Value::Int(i) => Json::from(i),
        Value::Float(f) => Json::from(f),
        Value::Null => Json::Null,
    };
    Json::Object(row.cells().into_iter().map(|(name, v)| (name.to_string(), cell(v))).collect())
}

/// A row from its JSON object, each column by name; `None` when one is missing or mistyped.
fn row<R: Row>(v: &Json) -> Option<R> {
    let cell = |name: &str| match v.get(name)? {
        Json::String(s) => Some(Value::Str(s.clone())),
        Json::Null => Some(Value::Null),
        // serde_json keeps the decimal point of a float, so integers come back as integers.
        Json::Number(n) if n.is_f64() => n.as_f64().map(Value::Float),
        Json::Number(n) => n.as_i64().map(Value::Int),
        _ => None,
    };
    R::from_cells(&cell).ok()
}

fn entry_from_json(v: &Json) -> Option<Entry> {
    let entities = v.get("entities")?.as_array()?.iter().map(row).collect::<Option<Vec<EntityRow>>>()?;
    let stances = v
        .get("stances")?
        .as_array()?
        .iter()
        .map(|s| {
            Some(Stance {
                row: row::<StanceRow>(s.get("row")?)?,
                year: s.get("year")?.as_i64(),
                label: Label::parse(s.get("label")?.as_str()?)?,
                score: s.get("score")?.as_f64()? as f32,
            })
        })
        .collect::<Option<Vec<_>>>()?;
    Some(Entry { entities, stances })
}
