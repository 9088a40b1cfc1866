//! CoNLL evaluation with gold tokens: each sentence is joined with single spaces and tagged
//! as raw text (the pipeline's path); each gold token takes the label of its first
//! pre-token; scores are conlleval's strict entity-level precision, recall and F1.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Instant;

use demarche_core::Span;

use crate::decode::{decode, Bio};
use crate::{Error, NerModel};

/// One type's (or the overall) counts and scores, in percent.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Prf {
    pub gold: usize,
    pub predicted: usize,
    pub correct: usize,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

impl Prf {
    fn new(correct: usize, gold: usize, predicted: usize) -> Self {
        let pct = |a: usize, b: usize| if b == 0 { 0.0 } else { 100.0 * a as f64 / b as f64 };
        let (precision, recall) = (pct(correct, predicted), pct(correct, gold));
        let f1 = if precision + recall == 0.0 { 0.0 } else { 2.0 * precision * recall / (precision + recall) };
        Prf { gold, predicted, correct, precision, recall, f1 }
    }
}

#[derive(Debug, Clone)]
pub struct Report {
    pub file: PathBuf,
    pub sentences: usize,
    pub tokens: usize,
    pub per_type: BTreeMap<String, Prf>,
    pub overall: Prf,
    /// 95% bootstrap interval of the overall F1, sentences resampled.
    pub f1_interval: Option<(f64, f64)>,
    pub seconds: f64,
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{}: {} sentences, {} tokens, {:.1} s ({:.0} sentences/s)",
            self.file.display(),
            self.sentences,
            self.tokens,
            self.seconds,
            self.sentences as f64 / self.seconds.max(1e-9)
        )?;
        writeln!(f, "{:<8} {:>9} {:>7} {:>7} {:>6} {:>9}", "type", "precision", "recall", "F1", "gold", "predicted")?;
        let rows = self.per_type.iter().map(|(t, p)| (t.as_str(), p)).chain([("overall", &self.overall)]);
        for (t, p) in rows {
            writeln!(
                f,
                "{t:<8} {:>9.2} {:>7.2} {:>7.2} {:>6} {:>9}",
                p.precision, p.recall, p.f1, p.gold, p.predicted
            )?;
        }
        if let Some((lo, hi)) = self.f1_interval {
            writeln!(f, "overall F1 95% interval [{lo:.2}, {hi:.2}] (bootstrap over sentences)")?;
        }
        Ok(())
    }
}

/// Loads the model in `model_dir` and scores it on a CoNLL file (IOB2, tag in the last column).
pub fn conll(model_dir: &Path, conll_file: &Path) -> Result<Report, Error> {
    conll_with(&NerModel::load(model_dir)?, conll_file)
}

pub fn conll_with(model: &NerModel, conll_file: &Path) -> Result<Report, Error> {
    let sents = read_conll(conll_file)?;
    let started = Instant::now();
    // One document: sentences on their own lines, words separated by one space.
    let mut text = String::new();
    let mut spans = Vec::with_capacity(sents.len());
    let mut starts: Vec<Vec<usize>> = Vec::with_capacity(sents.len());
    for (words, _) in &sents {
        let s = text.len();
        let mut ws = Vec::with_capacity(words.len());
        for (i, w) in words.iter().enumerate() {
            if i > 0 {
                text.push(' ');
            }
            ws.push(text.len());
            text.push_str(w);
        }
        spans.push(Span::new(s, text.len()));
        starts.push(ws);
        text.push('\n');
    }
    let input: Vec<(&str, Span)> = spans.iter().map(|&s| (text.as_str(), s)).collect();
    let (tagged, _) = model.tag(&input, false)?;
    let labels = model.labels();
    let mut pred = Vec::with_capacity(sents.len());
    for (ws, tags) in starts.iter().zip(&tagged) {
        let mut words = vec!["O".to_string(); ws.len()];
        let mut seen = vec![false; ws.len()];
        for t in tags {
            // The gold word holding this pre-token: the last one starting at or before it.
            let w = ws.partition_point(|&s| s <= t.span.start).saturating_sub(1);
            if !seen[w] {
                seen[w] = true;
                words[w] = labels[t.tag].clone();
            }
        }
        pred.push(words);
    }
    let gold: Vec<Vec<String>> = sents.into_iter().map(|(_, t)| t).collect();
    let (per_type, overall) = score(&gold, &pred)?;
    let f1_interval = f1_interval(&gold, &pred);
    Ok(Report {
        file: conll_file.to_path_buf(),
        sentences: gold.len(),
        tokens: gold.iter().map(Vec::len).sum(),
        per_type,
        overall,
        f1_interval,
        seconds: started.elapsed().as_secs_f64(),
    })
}

/// A CoNLL sentence: its words and their gold tags.
pub type ConllSentence = (Vec<String>, Vec<String>);

/// Sentences as (words, tags); `-DOCSTART-` lines are skipped.
pub fn read_conll(path: &Path) -> Result<Vec<ConllSentence>, Error> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::Io { path: path.to_path_buf(), cause: e })?;
    let mut out = Vec::new();
    let (mut words, mut tags) = (Vec::new(), Vec::new());
    for (n, line) in text.lines().enumerate() {
        let cols: Vec<&str> = line.split_whitespace().collect();
        match cols.as_slice() {
            [] => {
                if !words.is_empty() {
                    out.push((std::mem::take(&mut words), std::mem::take(&mut tags)));
                }
            }
            ["-DOCSTART-", ..] => {}
            [word, .., tag] => {
                if Bio::parse(tag).is_none() {
                    let message = format!("tag {tag:?} is not O, B-TYPE or I-TYPE");
                    return Err(Error::Conll { path: path.to_path_buf(), line: n + 1, message });
                }
                words.push(word.to_string());
                tags.push(tag.to_string());
            }
            [_] => return Err(Error::Conll { path: path.to_path_buf(), line: n + 1, message: "one column".into() }),
        }
    }
    if !words.is_empty() {
        out.push((words, tags));
    }
    Ok(out)
}

/// The 95% interval of the strict F1 over 1,000 resamples of the sentences (fixed seed: the
/// same interval on every run), for dev sets small enough that a point or two is noise.
pub fn f1_interval(gold: &[Vec<String>], pred: &[Vec<String>]) -> Option<(f64, f64)> {
    let counts: Vec<[usize; 3]> = gold
        .iter()
        .zip(pred)
        .map(|(g, p)| {
            let (_, all) = score(std::slice::from_ref(g), std::slice::from_ref(p)).unwrap_or_default();
            [all.correct, all.gold, all.predicted]
        })
        .collect();
    demarche_core::bootstrap::interval_with(demarche_core::bootstrap::rng_from(21), counts.len(), |idx| {
        let t = idx.iter().fold([0usize; 3], |t, &i| [t[0] + counts[i][0], t[1] + counts[i][1], t[2] + counts[i][2]]);
        Some(Prf::new(t[0], t[1], t[2]).f1)
    })
}

/// conlleval's strict scores: an entity counts only with the same type and the same span.
pub fn score(gold: &[Vec<String>], pred: &[Vec<String>]) -> Result<(BTreeMap<String, Prf>, Prf), Error> {
    let mut counts: BTreeMap<String, [usize; 3]> = BTreeMap::new(); // correct, gold, predicted
    for (g, p) in gold.iter().zip(pred) {
        let parse = |seq: &[String]| seq.iter().map(|t| Bio::parse(t).unwrap_or(Bio::O)).collect::<Vec<_>>();
        let (gb, pb) = (parse(g), parse(p));
        let gc = decode(&gb.iter().collect::<Vec<_>>());
        let pc = decode(&pb.iter().collect::<Vec<_>>());
        for c in &gc {
            let e = counts.entry(c.0.to_string()).or_default();
            e[1] += 1;
            e[0] += pc.contains(c) as usize;
        }
        for c in &pc {
            counts.entry(c.0.to_string()).or_default()[2] += 1;
        }
    }
    let total = counts.values().fold([0; 3], |a, c| [a[0] + c[0], a[1] + c[1], a[2] + c[2]]);
    let per_type = counts.into_iter().map(|(t, c)| (t, Prf::new(c[0], c[1], c[2]))).collect();
    Ok((per_type, Prf::new(total[0], total[1], total[2])))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &str) -> Vec<String> {
        s.split_whitespace().map(str::to_string).collect()
    }

    #[test]
    fn strict_scores() {
        let gold = vec![v("B-PER I-PER O B-LOC"), v("B-ORG O")];
        let pred = vec![v("B-PER I-PER O B-ORG"), v("B-ORG O")];
        let (per, all) = score(&gold, &pred).unwrap();
        assert_eq!((all.correct, all.gold, all.predicted), (2, 3, 3));
        assert_eq!(per["LOC"].recall, 0.0);
        assert_eq!(per["ORG"].precision, 50.0);
        assert!((all.f1 - 200.0 / 3.0).abs() < 1e-9);
    }
}
