//! Reading a run folder back: its manifest and the tables a comparison needs.

use std::collections::BTreeMap;
use std::path::Path;

use demarche_stance::Label;
use demarche_tables::{
    DocumentRow, EntityRow, PositionRow, RunDir, Schema, SentenceRow, StanceRow, DOCUMENTS, ENTITIES, MANIFEST,
    POSITIONS, SENTENCES, STANCES,
};

use crate::Error;

/// The tables a run folder must hold, besides `manifest.json`.
pub(crate) const TABLES: [Schema; 5] = [DOCUMENTS, SENTENCES, ENTITIES, STANCES, POSITIONS];

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
    pub sentences: Vec<SentenceRow>,
    pub entities: Vec<EntityRow>,
    pub stances: Vec<Stance>,
    pub positions: BTreeMap<PosKey, Pos>,
}

#[derive(serde::Deserialize)]
struct ManifestIds {
    run_id: String,
    config_hash: String,
}

impl Run {
    /// Reads a run folder; a folder without `manifest.json` or one of the tables is not a run.
    pub(crate) fn read(dir: &Path) -> Result<Run, Error> {
        let run = RunDir::open(dir, &TABLES)?;
        let ids: ManifestIds = serde_json::from_value(run.manifest()?).map_err(|e| Error::Invalid {
            path: dir.join(MANIFEST).display().to_string(),
            reason: format!("not a run manifest: {e}"),
        })?;
        let documents = run.rows::<DocumentRow>()?.into_iter().map(|d| (d.doc_id, d.year)).collect();
        let sentences = run.rows::<SentenceRow>()?;
        let entities = run.rows::<EntityRow>()?;
        let path = run.table_path(&STANCES).display().to_string();
        let stances = run
            .rows::<StanceRow>()?
            .into_iter()
            .enumerate()
            .map(|(i, r)| {
                let label = Label::parse(&r.label).ok_or_else(|| Error::Invalid {
                    path: path.clone(),
                    reason: format!("row {}: column label: {:?} is not favor, against or none", i + 1, r.label),
                })?;
                Ok(Stance {
                    stance_id: r.stance_id,
                    sentence_id: r.sentence_id,
                    start: r.start,
                    doc_id: r.doc_id,
                    holder: r.holder.filter(|h| !h.is_empty()),
                    target: r.target,
                    label,
                    score: r.score,
                })
            })
            .collect::<Result<_, Error>>()?;
        let positions = run
            .rows::<PositionRow>()?
            .into_iter()
            .map(|p| ((p.actor, p.year, p.target), Pos { n: p.n, net: p.net, low: p.net_low, high: p.net_high }))
            .collect();
        Ok(Run { run_id: ids.run_id, config_hash: ids.config_hash, documents, sentences, entities, stances, positions })
    }
}
