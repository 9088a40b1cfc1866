//! Proposing sentences to label for a target (`demarche stance candidates`): from a run's
//! sentences, those matching the target's keywords, ranked first by embedding similarity to
//! the codebook's worked examples, then, where a trained model covers the target, by the
//! model's uncertainty (active learning). The output CSV has the columns of the training
//! set, labels left empty.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use demarche_encoder::SentenceEncoder;
use demarche_tables::{DocumentRow, RunDir, SentenceRow, TurnRow, DOCUMENTS, SENTENCES, TURNS};

use crate::{Classifier, Codebook, Error, Scorer};

/// A sentence of a run with what a labeller needs to see.
#[derive(Debug, Clone)]
pub struct Sentence {
    pub id: String,
    pub doc: String,
    pub start: usize,
    pub end: usize,
    pub year: String,
    pub speaker: String,
    pub speaker_actor: String,
    pub question: bool,
    pub prev: String,
    pub text: String,
}

/// The sentences of a run folder (its `sentences`, `turns` and `documents` tables).
pub fn read_run_sentences(dir: &Path) -> Result<Vec<Sentence>, Error> {
    let run = RunDir::open(dir, &[DOCUMENTS, TURNS, SENTENCES])?;
    let docs: HashMap<String, (String, String)> = run
        .rows::<DocumentRow>()?
        .into_iter()
        .map(|d| (d.doc_id, (d.path, d.year.map(|y| y.to_string()).unwrap_or_default())))
        .collect();
    let turns: HashMap<String, (String, String, String)> = run
        .rows::<TurnRow>()?
        .into_iter()
        .map(|t| (t.turn_id, (t.kind, t.speaker.unwrap_or_default(), t.actor.unwrap_or_default())))
        .collect();
    let rows = run.rows::<SentenceRow>()?;
    let mut out: Vec<Sentence> = Vec::with_capacity(rows.len());
    for r in rows {
        let (path, year) = docs.get(&r.doc_id).cloned().unwrap_or_default();
        let (kind, speaker, actor) = turns.get(&r.turn_id).cloned().unwrap_or_default();
        let prev = match out.last() {
            Some(p) if p.id.rsplit_once(':').map(|x| x.0) == Some(r.turn_id.as_str()) => p.text.clone(),
            _ => String::new(),
        };
        let offset =
            |n: i64| usize::try_from(n).map_err(|_| Error::Invalid(format!("sentence {}: offset {n}", r.sentence_id)));
        out.push(Sentence {
            start: offset(r.start)?,
            end: offset(r.end)?,
            id: r.sentence_id,
            doc: path,
            year,
            question: kind == "question",
            speaker: if kind == "question" { "QUESTION".into() } else { speaker },
            speaker_actor: actor,
            prev,
            text: r.text,
        });
    }
    Ok(out)
}

#[derive(Debug, Clone)]
pub struct Candidate {
    pub sentence: Sentence,
    pub reason: &'static str,
    pub similarity: f32,
    pub uncertainty: Option<f32>,
}

pub struct Options<'a> {
    pub target: &'a str,
    pub n: usize,
    /// At most this many keyword matches are embedded (a deterministic sample beyond).
    pub pool: usize,
    /// Sentences already labelled: skipped (by text).
    pub exclude: HashSet<String>,
}

/// Picks `n` candidates: half by similarity to the examples, half by model uncertainty
/// (all by similarity when the model does not cover the target).
pub fn propose(
    sentences: Vec<Sentence>,
    codebook: &Codebook,
    encoder: &SentenceEncoder,
    model: Option<&Classifier>,
    opts: &Options,
) -> Result<Vec<Candidate>, Error> {
    let target = codebook
        .target(opts.target)
        .ok_or_else(|| Error::Invalid(format!("target `{}` is not in the codebook", opts.target)))?;
    let keywords = target.keyword_regex();
    let mut pool: Vec<Sentence> = sentences
        .into_iter()
        .filter(|s| !s.question && !opts.exclude.contains(s.text.trim()))
        .filter(|s| keywords.as_ref().is_none_or(|k| k.is_match(&s.text)))
        .collect();
    if pool.len() > opts.pool {
        // A deterministic sample: the sentences whose id hashes lowest.
        use sha2::{Digest, Sha256};
        pool.sort_by_cached_key(|s| Sha256::digest(s.id.as_bytes()).to_vec());
        pool.truncate(opts.pool);
        pool.sort_by(|a, b| (&a.doc, a.start).cmp(&(&b.doc, b.start)));
    }
    let examples: Vec<&str> = target.examples.iter().map(|e| e.text.as_str()).collect();
    let ex_emb = encoder.embed(&examples)?;
    let texts: Vec<&str> = pool.iter().map(|s| s.text.as_str()).collect();
    let emb = encoder.embed(&texts)?;
    let similarity: Vec<f32> = emb
        .iter()
        .map(|e| ex_emb.iter().map(|x| x.iter().zip(e).map(|(a, b)| a * b).sum::<f32>()).fold(f32::MIN, f32::max))
        .collect();
    let uncertainty: Option<Vec<f32>> = match model {
        Some(m) if m.targets().iter().any(|t| t == opts.target) => {
            let t = m.targets().iter().position(|t| t == opts.target).expect("target present");
            let prev_texts: Vec<&str> = pool.iter().map(|s| s.prev.as_str()).collect();
            let mut all = texts.clone();
            all.extend(prev_texts.iter().filter(|p| !p.is_empty()));
            let mut prev_index = Vec::with_capacity(pool.len());
            let mut k = texts.len();
            for p in &prev_texts {
                prev_index.push((!p.is_empty()).then(|| {
                    k += 1;
                    k - 1
                }));
            }
            let probs = m.score(&all, &prev_index)?;
            Some(probs[..pool.len()].iter().map(|p| 1.0 - p[t].iter().copied().fold(0.0, f32::max)).collect())
        }
        _ => None,
    };
    let mut order: Vec<usize> = (0..pool.len()).collect();
    order.sort_by(|&a, &b| similarity[b].total_cmp(&similarity[a]).then(a.cmp(&b)));
    let by_similarity = if uncertainty.is_some() { opts.n.div_ceil(2) } else { opts.n };
    let mut chosen: Vec<(usize, &'static str)> = order.iter().take(by_similarity).map(|&i| (i, "similar")).collect();
    if let Some(u) = &uncertainty {
        let taken: HashSet<usize> = chosen.iter().map(|c| c.0).collect();
        let mut rest: Vec<usize> = (0..pool.len()).filter(|i| !taken.contains(i)).collect();
        rest.sort_by(|&a, &b| u[b].total_cmp(&u[a]).then(a.cmp(&b)));
        chosen.extend(rest.into_iter().take(opts.n - chosen.len().min(opts.n)).map(|i| (i, "uncertain")));
    }
    Ok(chosen
        .into_iter()
        .map(|(i, reason)| Candidate {
            sentence: pool[i].clone(),
            reason,
            similarity: similarity[i],
            uncertainty: uncertainty.as_ref().map(|u| u[i]),
        })
        .collect())
}

/// Writes candidates as a CSV ready for labelling: the training set's columns, with the
/// holder and every codebook target left empty.
pub fn write(path: &Path, candidates: &[Candidate], codebook: &Codebook) -> Result<(), Error> {
    let mut w = csv::Writer::from_path(path).map_err(|e| Error::input(path, e.to_string()))?;
    let mut header = vec!["doc", "byte_start", "byte_end", "year", "speaker", "speaker_actor", "holder"];
    let names = codebook.names();
    header.extend(names.iter().map(String::as_str));
    header.extend(["text", "prev", "note", "made", "reason", "similarity", "uncertainty"]);
    let io = |e: csv::Error| Error::input(path, e.to_string());
    w.write_record(&header).map_err(io)?;
    for c in candidates {
        let s = &c.sentence;
        let mut row = vec![
            s.doc.clone(),
            s.start.to_string(),
            s.end.to_string(),
            s.year.clone(),
            s.speaker.clone(),
            s.speaker_actor.clone(),
            String::new(),
        ];
        row.extend(names.iter().map(|_| String::new()));
        row.extend([
            s.text.clone(),
            s.prev.clone(),
            String::new(),
            format!("proposed by `demarche stance candidates` ({})", c.reason),
            c.reason.to_string(),
            format!("{:.4}", c.similarity),
            c.uncertainty.map(|u| format!("{u:.4}")).unwrap_or_default(),
        ]);
        w.write_record(&row).map_err(io)?;
    }
    w.flush().map_err(|e| Error::io(path, e))
}
