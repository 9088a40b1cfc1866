//! Reading a run folder back: its manifest and the tables a comparison needs.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use demarche_stance::Label;
use demarche_tables::{read_parquet_rows, Schema, Value, DOCUMENTS, ENTITIES, POSITIONS, SENTENCES, STANCES};

use crate::Error;

/// The tables a run folder must hold, besides `manifest.json`.
pub(crate) const TABLES: [Schema; 5] = [DOCUMENTS, SENTENCES, ENTITIES, STANCES, POSITIONS];

pub(crate) struct Sentence {
    pub id: String,
    pub doc_id: String,
    pub start: i64,
    pub end: i64,
    pub text: String,
}

pub(crate) struct Entity {
    pub doc_id: String,
    pub start: i64,
    pub end: i64,
    pub label: String,
}

pub(crate) struct Stance {
    pub stance_id: String,
    pub sentence_id: String,
    /// Where the sentence, or its clause, starts: a sentence cut into clauses has a row per clause.
    pub start: i64,
    pub doc_id: String,
    pub holder: Option<String>,
    pub target: String,
    pub label: Label,
    pub score: f64,
}

/// One row of a run's `positions` table, or one recomputed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Pos {
    pub n: i64,
    pub net: f64,
    pub low: f64,
    pub high: f64,
}

/// (actor, year, target).
pub(crate) type PosKey = (String, Option<i64>, String);

pub(crate) struct Run {
    pub run_id: String,
    pub config_hash: String,
    /// doc_id → year.
    pub documents: BTreeMap<String, Option<i64>>,
    pub sentences: Vec<Sentence>,
    pub entities: Vec<Entity>,
    pub stances: Vec<Stance>,
    pub positions: BTreeMap<PosKey, Pos>,
}

#[derive(serde::Deserialize)]
struct ManifestIds {
    run_id: String,
    config_hash: String,
}

fn shown(p: &Path) -> String {
    p.display().to_string()
}

impl Run {
    /// Reads a run folder; a folder without `manifest.json` or one of the tables is not a run.
    pub(crate) fn read(dir: &Path) -> Result<Run, Error> {
        let not_a_run = |reason: String| Error::NotARun { path: shown(dir), reason };
        if !dir.is_dir() {
            return Err(not_a_run("no such folder".into()));
        }
        let manifest = dir.join("manifest.json");
        if !manifest.is_file() {
            return Err(not_a_run("no manifest.json".into()));
        }
        for schema in TABLES {
            let file = format!("{}.parquet", schema.name);
            if !dir.join(&file).is_file() {
                return Err(not_a_run(format!("no {file}")));
            }
        }
        let text = std::fs::read_to_string(&manifest).map_err(|source| Error::Io { path: shown(&manifest), source })?;
        let ids: ManifestIds = serde_json::from_str(&text)
            .map_err(|e| Error::Invalid { path: shown(&manifest), reason: format!("not a run manifest: {e}") })?;

        let t = Table::read(dir, DOCUMENTS)?;
        let (doc, year) = (t.col("doc_id"), t.col("year"));
        let mut documents = BTreeMap::new();
        for i in 0..t.rows.len() {
            documents.insert(t.str(i, doc)?.to_string(), t.opt_int(i, year)?);
        }

        let t = Table::read(dir, SENTENCES)?;
        let (id, doc, start, end, text) =
            (t.col("sentence_id"), t.col("doc_id"), t.col("start"), t.col("end"), t.col("text"));
        let sentences = (0..t.rows.len())
            .map(|i| {
                Ok(Sentence {
                    id: t.str(i, id)?.into(),
                    doc_id: t.str(i, doc)?.into(),
                    start: t.int(i, start)?,
                    end: t.int(i, end)?,
                    text: t.str(i, text)?.into(),
                })
            })
            .collect::<Result<_, Error>>()?;

        let t = Table::read(dir, ENTITIES)?;
        let (doc, start, end, label) = (t.col("doc_id"), t.col("start"), t.col("end"), t.col("label"));
        let entities = (0..t.rows.len())
            .map(|i| {
                Ok(Entity {
                    doc_id: t.str(i, doc)?.into(),
                    start: t.int(i, start)?,
                    end: t.int(i, end)?,
                    label: t.str(i, label)?.into(),
                })
            })
            .collect::<Result<_, Error>>()?;

        let t = Table::read(dir, STANCES)?;
        let (id, sid, start, doc, holder, target, label, score) = (
            t.col("stance_id"),
            t.col("sentence_id"),
            t.col("start"),
            t.col("doc_id"),
            t.col("holder"),
            t.col("target"),
            t.col("label"),
            t.col("score"),
        );
        let stances = (0..t.rows.len())
            .map(|i| {
                let l = t.str(i, label)?;
                let label =
                    Label::parse(l).ok_or_else(|| t.bad(i, label, format!("{l:?} is not favor, against or none")))?;
                Ok(Stance {
                    stance_id: t.str(i, id)?.into(),
                    sentence_id: t.str(i, sid)?.into(),
                    start: t.int(i, start)?,
                    doc_id: t.str(i, doc)?.into(),
                    holder: t.opt_str(i, holder)?.filter(|h| !h.is_empty()).map(str::to_string),
                    target: t.str(i, target)?.into(),
                    label,
                    score: t.float(i, score)?,
                })
            })
            .collect::<Result<_, Error>>()?;

        let t = Table::read(dir, POSITIONS)?;
        let cols = ["actor", "year", "target", "n", "net", "net_low", "net_high"].map(|c| t.col(c));
        let mut positions = BTreeMap::new();
        for i in 0..t.rows.len() {
            let key = (t.str(i, cols[0])?.to_string(), t.opt_int(i, cols[1])?, t.str(i, cols[2])?.to_string());
            let pos = Pos {
                n: t.int(i, cols[3])?,
                net: t.float(i, cols[4])?,
                low: t.float(i, cols[5])?,
                high: t.float(i, cols[6])?,
            };
            positions.insert(key, pos);
        }

        Ok(Run { run_id: ids.run_id, config_hash: ids.config_hash, documents, sentences, entities, stances, positions })
    }
}

/// A table read back whole, with typed access that names the file, row and column on error.
struct Table {
    path: PathBuf,
    schema: Schema,
    rows: Vec<Vec<Value>>,
}

impl Table {
    fn read(dir: &Path, schema: Schema) -> Result<Table, Error> {
        let path = dir.join(format!("{}.parquet", schema.name));
        let t = read_parquet_rows(&path)?;
        if t.columns != schema.names() {
            return Err(Error::Invalid {
                path: shown(&path),
                reason: format!(
                    "columns ({}) are not those of the {} table ({})",
                    t.columns.join(", "),
                    schema.name,
                    schema.names().join(", ")
                ),
            });
        }
        Ok(Table { path, schema, rows: t.rows })
    }

    fn col(&self, name: &str) -> usize {
        self.schema.columns.iter().position(|c| c.name == name).expect("column of the schema")
    }

    fn bad(&self, row: usize, col: usize, what: String) -> Error {
        Error::Invalid {
            path: shown(&self.path),
            reason: format!("row {}: column {}: {what}", row + 1, self.schema.columns[col].name),
        }
    }

    fn str(&self, row: usize, col: usize) -> Result<&str, Error> {
        match &self.rows[row][col] {
            Value::Str(s) => Ok(s),
            v => Err(self.bad(row, col, format!("expected a string, found {v:?}"))),
        }
    }

    fn opt_str(&self, row: usize, col: usize) -> Result<Option<&str>, Error> {
        match &self.rows[row][col] {
            Value::Null => Ok(None),
            _ => self.str(row, col).map(Some),
        }
    }

    fn int(&self, row: usize, col: usize) -> Result<i64, Error> {
        match &self.rows[row][col] {
            Value::Int(n) => Ok(*n),
            v => Err(self.bad(row, col, format!("expected an integer, found {v:?}"))),
        }
    }

    fn opt_int(&self, row: usize, col: usize) -> Result<Option<i64>, Error> {
        match &self.rows[row][col] {
            Value::Null => Ok(None),
            _ => self.int(row, col).map(Some),
        }
    }

    fn float(&self, row: usize, col: usize) -> Result<f64, Error> {
        match &self.rows[row][col] {
            Value::Float(x) => Ok(*x),
            v => Err(self.bad(row, col, format!("expected a number, found {v:?}"))),
        }
    }
}
