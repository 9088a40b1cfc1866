//! Compares two runs over the documents both hold: stance agreement and Cohen's kappa per
//! target with the confusion cells and the sentences whose label changed, entity precision,
//! recall and F1 of run B against run A, and the positions that moved. Writes the tables
//! `agreement`, `confusion`, `changed`, `entities` and `positions` (CSV and Parquet) and
//! `summary.json` into one folder, swapped into place when complete.

mod compare;
mod read;
pub mod schema;

use std::fmt;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

pub use compare::compare;
pub use schema::{schema_markdown, AGREEMENT, ALL, CHANGED, CONFUSION, ENTITIES, POSITIONS};

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A manifest or table that cannot be read as a run's: the reason names the row and column.
    #[error("{path}: {reason}")]
    Invalid { path: String, reason: String },
    /// An output folder that may not be written.
    #[error("{path}: {reason}")]
    Output { path: String, reason: String },
    #[error("{path}: {cause}")]
    Io { path: String, cause: std::io::Error },
    /// Reading a run folder (one that is not a run, a table with other columns) or writing a
    /// table; the message names the file.
    #[error(transparent)]
    Table(#[from] demarche_tables::Error),
}

/// What `summary.json` holds and [`compare`] returns; its `Display` is the printed summary.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    /// The output folder (not in `summary.json`).
    #[serde(skip)]
    pub out: PathBuf,
    pub a: RunInfo,
    pub b: RunInfo,
    /// Documents by `doc_id`: in both runs, only in A, only in B (left out of the comparison).
    pub documents: Overlap,
    /// Sentences of the common documents by `sentence_id`, `start` and `end`.
    pub sentences: Overlap,
    /// One entry per target, as in the `agreement` table.
    pub targets: Vec<TargetAgreement>,
    /// Rows of the `changed` table.
    pub changed: usize,
    /// The `all` row of the `entities` table.
    pub entities: EntityAgreement,
    pub positions: PositionChanges,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunInfo {
    /// The manifest's `run_id`.
    pub run_id: String,
    /// The manifest's `config_hash`.
    pub config_hash: String,
    /// Rows of the run's `documents` table.
    pub documents: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Overlap {
    pub common: usize,
    pub only_a: usize,
    pub only_b: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TargetAgreement {
    pub target: String,
    pub n: usize,
    pub agree: usize,
    pub agreement: Option<f64>,
    pub kappa: Option<f64>,
    /// Sentences whose label differs (`n − agree`).
    pub changed: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EntityAgreement {
    pub n_a: usize,
    pub n_b: usize,
    pub matched: usize,
    pub precision: Option<f64>,
    pub recall: Option<f64>,
    pub f1: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PositionChanges {
    /// True when the runs hold different documents and both sides' positions were recomputed
    /// from their stances in the common documents; false when the `positions` tables were used.
    pub recomputed: bool,
    pub both: usize,
    pub only_a: usize,
    pub only_b: usize,
    /// Positions in both runs whose net score differs.
    pub changed: usize,
    /// Positions in both runs where either net score lies outside the other's 95% interval.
    pub flagged: usize,
}

fn num(x: Option<f64>) -> String {
    x.map(|x| format!("{x:.3}")).unwrap_or_else(|| "-".into())
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (side, r) in [("A", &self.a), ("B", &self.b)] {
            writeln!(f, "run {side}: {} (config {}), {} documents", r.run_id, r.config_hash, r.documents)?;
        }
        let d = &self.documents;
        writeln!(f, "documents: {} common, {} only in A, {} only in B (left out)", d.common, d.only_a, d.only_b)?;
        let s = &self.sentences;
        writeln!(f, "sentences: {} common, {} only in A, {} only in B", s.common, s.only_a, s.only_b)?;
        for t in &self.targets {
            writeln!(
                f,
                "stance {}: n {}, agreement {}, kappa {}, {} changed",
                t.target,
                t.n,
                num(t.agreement),
                num(t.kappa),
                t.changed
            )?;
        }
        let e = &self.entities;
        writeln!(
            f,
            "entities: {} in A, {} in B, {} matched: precision {}, recall {}, F1 {}",
            e.n_a,
            e.n_b,
            e.matched,
            num(e.precision),
            num(e.recall),
            num(e.f1)
        )?;
        let p = &self.positions;
        let from = if p.recomputed { "recomputed on common documents" } else { "from the positions tables" };
        write!(
            f,
            "positions ({from}): {} in both, {} only in A, {} only in B; {} changed, {} flagged",
            p.both, p.only_a, p.only_b, p.changed, p.flagged
        )
    }
}
