//! Scoring stance labels against gold sentences: per target, F1 of `favor` and of
//! `against` and their mean (the SemEval-2016 measure), and holder accuracy; on rows with a
//! position (a `favor` or `against` gold label), holder coverage and accuracy by kind of
//! document. Gold rows are matched to a run's `stances` rows by document and largest byte
//! overlap.

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::path::Path;

use demarche_tables::{DocumentRow, RunDir, StanceRow, DOCUMENTS, STANCES};

use crate::positions::Confusion;
use crate::{bootstrap, Error, Example, Label};

#[derive(Debug, Clone, Default, PartialEq)]
pub struct TargetScore {
    pub target: String,
    pub n: usize,
    pub gold_favor: usize,
    pub gold_against: usize,
    pub f1_favor: f64,
    pub f1_against: f64,
}

impl TargetScore {
    pub fn f_avg(&self) -> f64 {
        (self.f1_favor + self.f1_against) / 2.0
    }
}

fn f1(gold: &[Label], pred: &[Label], label: Label) -> f64 {
    let tp = gold.iter().zip(pred).filter(|(g, p)| **g == label && **p == label).count() as f64;
    let (ng, np) =
        (gold.iter().filter(|g| **g == label).count() as f64, pred.iter().filter(|p| **p == label).count() as f64);
    if ng + np == 0.0 {
        return 0.0;
    }
    2.0 * tp / (ng + np)
}

/// Scores paired gold and predicted labels of one target.
pub fn score(target: &str, gold: &[Label], pred: &[Label]) -> TargetScore {
    TargetScore {
        target: target.to_string(),
        n: gold.len(),
        gold_favor: gold.iter().filter(|l| **l == Label::Favor).count(),
        gold_against: gold.iter().filter(|l| **l == Label::Against).count(),
        f1_favor: f1(gold, pred, Label::Favor),
        f1_against: f1(gold, pred, Label::Against),
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Report {
    pub targets: Vec<TargetScore>,
    pub gold_rows: usize,
    /// Gold rows with no overlapping sentence in the run (scored as `none`).
    pub unmatched: usize,
    pub holder_correct: usize,
    pub holder_total: usize,
    /// Gold rows the run got wrong: a label or the holder.
    pub misses: Vec<Miss>,
    /// Per target (in `targets` order): the gold and predicted labels, row by row.
    pub pairs: Vec<(Vec<Label>, Vec<Label>)>,
    /// Per matched gold row: whether the holder was right.
    pub holder_hits: Vec<bool>,
    /// Rows with a position (a `favor` or `against` gold label), by the kind of their
    /// document in the run (`speech`, `transcript`, `article`, `statement`; `unmatched`).
    pub positions: BTreeMap<String, Holders>,
}

/// 95% bootstrap intervals of a report's figures (gold rows resampled with replacement).
#[derive(Debug, Clone, PartialEq)]
pub struct Intervals {
    /// F_avg of each target.
    pub f_avg: Vec<Option<(f64, f64)>>,
    /// The mean F_avg (rows resampled together across targets).
    pub mean_f_avg: Option<(f64, f64)>,
    pub holder_accuracy: Option<(f64, f64)>,
}

/// Holders of the gold rows with a position: how many rows, how many got a holder at all
/// (coverage), how many the gold holder (accuracy).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Holders {
    pub rows: usize,
    pub with_holder: usize,
    pub correct: usize,
}

impl Holders {
    pub fn coverage(&self) -> f64 {
        self.with_holder as f64 / self.rows.max(1) as f64
    }
    pub fn accuracy(&self) -> f64 {
        self.correct as f64 / self.rows.max(1) as f64
    }
    fn add(&mut self, other: &Holders) {
        self.rows += other.rows;
        self.with_holder += other.with_holder;
        self.correct += other.correct;
    }
}

/// A gold row with a wrong label or holder: what the gold says and what the run said.
#[derive(Debug, Clone, PartialEq)]
pub struct Miss {
    /// Line of the gold file.
    pub line: u64,
    pub doc: String,
    pub start: usize,
    pub end: usize,
    /// `holder` or a target.
    pub field: String,
    pub gold: String,
    pub predicted: String,
    pub text: String,
}

impl Report {
    pub fn mean_f_avg(&self) -> f64 {
        self.targets.iter().map(TargetScore::f_avg).sum::<f64>() / self.targets.len().max(1) as f64
    }
    pub fn holder_accuracy(&self) -> f64 {
        self.holder_correct as f64 / self.holder_total.max(1) as f64
    }

    /// The (gold × predicted) counts of target `i`.
    pub fn confusion(&self, i: usize) -> Confusion {
        self.pairs.get(i).map_or(Confusion([[0; 3]; 3]), |(g, p)| Confusion::from_pairs(g, p))
    }

    /// 95% bootstrap intervals (1,000 resamples, seeded: the same figures every time).
    pub fn intervals(&self) -> Intervals {
        let f_avg_of = |(g, p): &(Vec<Label>, Vec<Label>), idx: &[usize]| {
            let (g, p): (Vec<Label>, Vec<Label>) = idx.iter().map(|&i| (g[i], p[i])).unzip();
            score("", &g, &p).f_avg()
        };
        let f_avg = self
            .pairs
            .iter()
            .map(|pair| bootstrap::interval("eval f_avg", pair.0.len(), |idx| Some(f_avg_of(pair, idx))))
            .collect();
        let n = self.pairs.first().map_or(0, |p| p.0.len());
        let mean_f_avg = match self.pairs.iter().all(|p| p.0.len() == n) {
            true => bootstrap::interval("eval mean f_avg", n, |idx| {
                Some(self.pairs.iter().map(|pair| f_avg_of(pair, idx)).sum::<f64>() / self.pairs.len().max(1) as f64)
            }),
            false => None,
        };
        let hits = &self.holder_hits;
        let holder_accuracy = bootstrap::interval("eval holder", hits.len(), |idx| {
            Some(idx.iter().filter(|&&i| hits[i]).count() as f64 / idx.len() as f64)
        });
        Intervals { f_avg, mean_f_avg, holder_accuracy }
    }

    /// [`Report::positions`] over every kind.
    pub fn positions_total(&self) -> Holders {
        let mut all = Holders::default();
        for h in self.positions.values() {
            all.add(h);
        }
        all
    }

    /// Writes [`Report::misses`] as CSV: gold line, doc, byte span, field, gold, predicted, text.
    pub fn write_misses(&self, path: &Path) -> Result<(), Error> {
        let io = |e: csv::Error| Error::input(path, e.to_string());
        let mut w = csv::Writer::from_path(path).map_err(io)?;
        w.write_record(["line", "doc", "byte_start", "byte_end", "field", "gold", "predicted", "text"]).map_err(io)?;
        for m in &self.misses {
            let (line, start, end) = (m.line.to_string(), m.start.to_string(), m.end.to_string());
            w.write_record([&line, &m.doc, &start, &end, &m.field, &m.gold, &m.predicted, &m.text]).map_err(io)?;
        }
        w.flush().map_err(|e| Error::io(path, e))
    }
}

/// `[low, high]`, or blank without an interval.
fn ci(i: Option<(f64, f64)>) -> String {
    i.map_or(String::new(), |(a, b)| format!("[{a:.3}, {b:.3}]"))
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let intervals = self.intervals();
        writeln!(
            f,
            "{:<18} {:>5} {:>6} {:>8} {:>9} {:>11} {:>7}  95% interval",
            "target", "n", "favor", "against", "F1 favor", "F1 against", "F_avg"
        )?;
        for (i, t) in self.targets.iter().enumerate() {
            writeln!(
                f,
                "{:<18} {:>5} {:>6} {:>8} {:>9.3} {:>11.3} {:>7.3}  {}",
                t.target,
                t.n,
                t.gold_favor,
                t.gold_against,
                t.f1_favor,
                t.f1_against,
                t.f_avg(),
                ci(intervals.f_avg.get(i).copied().flatten())
            )?;
        }
        writeln!(f, "{:<18} {:>59.3}  {}", "mean F_avg", self.mean_f_avg(), ci(intervals.mean_f_avg))?;
        if self.holder_total > 0 {
            writeln!(
                f,
                "holder accuracy {:.3} {} ({} of {} gold rows)",
                self.holder_accuracy(),
                ci(intervals.holder_accuracy),
                self.holder_correct,
                self.holder_total
            )?;
        }
        for (i, t) in self.targets.iter().enumerate() {
            let m = self.confusion(i).0;
            writeln!(
                f,
                "confusion {} (gold favor/against/none → predicted): {:?} {:?} {:?}",
                t.target, m[0], m[1], m[2]
            )?;
        }
        if !self.positions.is_empty() {
            writeln!(f, "holders of rows with a position (favor or against), by kind of document:")?;
            writeln!(f, "{:<18} {:>5} {:>9} {:>9}", "kind", "rows", "coverage", "accuracy")?;
            let all = self.positions_total();
            for (kind, h) in self.positions.iter().chain([(&"all".to_string(), &all)]) {
                writeln!(f, "{:<18} {:>5} {:>9.3} {:>9.3}", kind, h.rows, h.coverage(), h.accuracy())?;
            }
        }
        if self.unmatched > 0 {
            writeln!(
                f,
                "{} of {} gold rows matched no sentence of the run (scored as none)",
                self.unmatched, self.gold_rows
            )?;
        }
        Ok(())
    }
}

/// One `stances` row, with its document's path.
#[derive(Debug, Clone, PartialEq)]
pub struct Predicted {
    pub path: String,
    pub start: usize,
    pub end: usize,
    pub target: String,
    pub label: Label,
    pub holder: Option<String>,
    /// The kind of the document (`speech`, `transcript`, `article`, `statement`).
    pub kind: String,
}

/// Reads a run's `stances` and `documents` tables.
pub fn read_run(dir: &Path) -> Result<Vec<Predicted>, Error> {
    let run = RunDir::open(dir, &[DOCUMENTS, STANCES])?;
    let paths: HashMap<String, (String, String)> =
        run.rows::<DocumentRow>()?.into_iter().map(|d| (d.doc_id, (d.path.replace('\\', "/"), d.kind))).collect();
    let st_path = run.table_path(&STANCES);
    let mut out = Vec::new();
    for (i, r) in run.rows::<StanceRow>()?.into_iter().enumerate() {
        let bad = |what: &str| Error::input(&st_path, format!("row {}: bad {what}", i + 1));
        let (path, kind) = paths.get(&r.doc_id).cloned().ok_or_else(|| bad("doc_id (not in documents)"))?;
        out.push(Predicted {
            path,
            kind,
            start: usize::try_from(r.start).map_err(|_| bad("start"))?,
            end: usize::try_from(r.end).map_err(|_| bad("end"))?,
            label: Label::parse(&r.label).ok_or_else(|| bad("label"))?,
            target: r.target,
            holder: r.holder.filter(|s| !s.is_empty()),
        });
    }
    Ok(out)
}

/// A gold document path (relative to a corpus root) names a run's document when the run's
/// path ends with it at a folder boundary.
fn same_doc(run_path: &str, gold: &str) -> bool {
    run_path == gold || run_path.ends_with(&format!("/{}", gold.trim_start_matches("./")))
}

/// Scores a run's predictions against gold rows (which need `doc` and byte spans).
pub fn evaluate(gold: &[Example], predicted: &[Predicted], targets: &[String]) -> Result<Report, Error> {
    let mut by_path: HashMap<&str, Vec<&Predicted>> = HashMap::new();
    for p in predicted {
        by_path.entry(p.path.as_str()).or_default().push(p);
    }
    let mut report = Report { gold_rows: gold.len(), ..Default::default() };
    let mut pairs: Vec<(Vec<Label>, Vec<Label>)> = targets.iter().map(|_| Default::default()).collect();
    for g in gold {
        let Some((gs, ge)) = g.span else {
            return Err(Error::Invalid(format!("gold line {}: no byte_start/byte_end", g.line)));
        };
        let rows: Vec<&Predicted> = by_path
            .iter()
            .filter(|(p, _)| same_doc(p, &g.doc))
            .flat_map(|(_, v)| v.iter().copied())
            .filter(|p| p.start < ge && gs < p.end)
            .collect();
        if rows.is_empty() {
            report.unmatched += 1;
        }
        let overlap = |p: &Predicted| p.end.min(ge) - p.start.max(gs);
        let best = rows.iter().max_by_key(|p| (overlap(p), std::cmp::Reverse(p.start))).map(|p| (p.start, p.end));
        let miss = |field: &str, gold: &str, predicted: &str| Miss {
            line: g.line,
            doc: g.doc.clone(),
            start: gs,
            end: ge,
            field: field.to_string(),
            gold: gold.to_string(),
            predicted: predicted.to_string(),
            text: g.text.clone(),
        };
        for (t, (gl, pl)) in targets.iter().zip(pairs.iter_mut()) {
            let Some(&gold_label) = g.labels.get(t) else { continue };
            let pred = best
                .and_then(|(s, e)| rows.iter().find(|p| p.start == s && p.end == e && &p.target == t))
                .map_or(Label::None, |p| p.label);
            gl.push(gold_label);
            pl.push(pred);
            if gold_label != pred {
                report.misses.push(miss(t, gold_label.as_str(), pred.as_str()));
            }
        }
        let gold_holder = Some(g.holder.trim()).filter(|h| !h.is_empty() && *h != "none");
        let best_row = best.and_then(|(s, e)| rows.iter().find(|p| p.start == s && p.end == e));
        if g.labels.values().any(|l| matches!(l, Label::Favor | Label::Against)) {
            let pred_holder = best_row.and_then(|p| p.holder.as_deref());
            let kind = best_row.map_or("unmatched", |p| if p.kind.is_empty() { "unknown" } else { p.kind.as_str() });
            let h = report.positions.entry(kind.to_string()).or_default();
            h.rows += 1;
            h.with_holder += usize::from(pred_holder.is_some());
            h.correct += usize::from(pred_holder.is_some() && pred_holder == gold_holder);
        }
        if let Some((s, e)) = best {
            let pred_holder = rows.iter().find(|p| p.start == s && p.end == e).and_then(|p| p.holder.as_deref());
            report.holder_total += 1;
            report.holder_correct += usize::from(gold_holder == pred_holder);
            report.holder_hits.push(gold_holder == pred_holder);
            if gold_holder != pred_holder {
                report.misses.push(miss("holder", gold_holder.unwrap_or("none"), pred_holder.unwrap_or("none")));
            }
        }
    }
    report.targets = targets.iter().zip(&pairs).map(|(t, (g, p))| score(t, g, p)).collect();
    report.pairs = pairs;
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;
    use Label::*;

    #[test]
    fn semeval_f_avg() {
        let gold = [Favor, Favor, Against, None, None];
        let pred = [Favor, None, Against, Against, None];
        let s = score("t", &gold, &pred);
        assert!((s.f1_favor - 2.0 / 3.0).abs() < 1e-12);
        assert!((s.f1_against - 2.0 / 3.0).abs() < 1e-12);
        assert!((s.f_avg() - 2.0 / 3.0).abs() < 1e-12);
        // No favor in gold or prediction: F1 0, not NaN.
        assert_eq!(score("t", &[None], &[None]).f1_favor, 0.0);
    }

    #[test]
    fn matches_by_document_and_overlap() {
        let mk = |start, end, label, holder: &str| Predicted {
            path: "../shared/corpora/un/2009/PRK_64_2009.txt".into(),
            start,
            end,
            target: "sanctions".into(),
            label,
            holder: Some(holder.into()),
            kind: "speech".into(),
        };
        let predicted = vec![mk(0, 50, Favor, "PRK"), mk(50, 120, Against, "PRK")];
        let gold = Example {
            line: 2,
            text: "…".into(),
            prev: String::new(),
            doc: "un/2009/PRK_64_2009.txt".into(),
            span: Some((48, 118)),
            speaker: "PRK".into(),
            holder: "PRK".into(),
            labels: [("sanctions".to_string(), Against)].into_iter().collect(),
        };
        let r = evaluate(std::slice::from_ref(&gold), &predicted, &["sanctions".into()]).unwrap();
        assert_eq!(r.targets[0].f1_against, 1.0);
        assert_eq!((r.holder_correct, r.unmatched), (1, 0));
        assert_eq!(r.positions["speech"], Holders { rows: 1, with_holder: 1, correct: 1 });
        // Another folder's file of the same name does not match.
        let other = Example { doc: "x/PRK_64_2009.txt".into(), ..gold };
        let r = evaluate(&[other], &predicted, &["sanctions".into()]).unwrap();
        assert_eq!((r.unmatched, r.targets[0].f1_against), (1, 0.0));
        assert_eq!(r.positions["unmatched"], Holders { rows: 1, with_holder: 0, correct: 0 });
    }

    #[test]
    fn coverage_and_accuracy_of_holders_by_kind() {
        let mk = |start, holder: Option<&str>, kind: &str| Predicted {
            path: "docs/kcna—é.txt".into(),
            start,
            end: start + 10,
            target: "sanctions".into(),
            label: Against,
            holder: holder.map(str::to_string),
            kind: kind.into(),
        };
        let predicted =
            vec![mk(0, Some("PRK"), "statement"), mk(10, Option::None, "statement"), mk(20, Some("USA"), "article")];
        let gold = |start: usize, holder: &str, label: Label| Example {
            line: 2,
            text: "Sanctions — “never”.".into(),
            prev: String::new(),
            doc: "docs/kcna—é.txt".into(),
            span: Some((start, start + 10)),
            speaker: String::new(),
            holder: holder.into(),
            labels: [("sanctions".to_string(), label)].into_iter().collect(),
        };
        let rows = [gold(0, "PRK", Against), gold(10, "PRK", Against), gold(20, "KOR", Favor), gold(20, "", None)];
        let r = evaluate(&rows, &predicted, &["sanctions".into()]).unwrap();
        assert_eq!(r.positions["statement"], Holders { rows: 2, with_holder: 1, correct: 1 });
        assert_eq!(r.positions["article"], Holders { rows: 1, with_holder: 1, correct: 0 });
        let all = r.positions_total();
        assert_eq!((all.rows, all.coverage(), all.accuracy()), (3, 2.0 / 3.0, 1.0 / 3.0));
        let shown = r.to_string();
        assert!(shown.contains("statement              2     0.500     0.500"), "{shown}");
    }
}
