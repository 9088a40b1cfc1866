//! `demarche train stance`: heads trained on labelled examples, with k-fold
//! cross-validation and learning-curve subsets, saved as a model folder with its card.

use std::path::{Path, PathBuf};

use demarche_encoder::store::{self, Manifest};
use demarche_encoder::SentenceEncoder;

use crate::eval::{score, TargetScore};
use crate::logreg::{Softmax, TrainOptions};
use crate::{example_features, examples, train_heads, Classifier, Codebook, Error, Example, Label};

#[derive(Debug, Clone)]
pub struct TrainSpec {
    pub examples: Vec<PathBuf>,
    pub codebook: PathBuf,
    pub encoder: PathBuf,
    /// Where to save the model; `None`: cross-validate only.
    pub out: Option<PathBuf>,
    pub name: String,
    pub context: bool,
    pub l2: f64,
    /// Folds of cross-validation (0 or 1: none).
    pub folds: usize,
    /// Use only this many examples (a deterministic subset), for learning curves.
    pub limit: Option<usize>,
    pub seed: u64,
    /// The command line, for the card.
    pub command: String,
}

#[derive(Debug, Clone)]
pub struct TrainReport {
    pub rows: usize,
    pub cv: Vec<TargetScore>,
}

impl TrainReport {
    pub fn mean_f_avg(&self) -> f64 {
        self.cv.iter().map(TargetScore::f_avg).sum::<f64>() / self.cv.len().max(1) as f64
    }
}

/// A deterministic order of the examples: by a hash of (seed, text, line).
fn shuffled(examples: Vec<Example>, seed: u64) -> Vec<Example> {
    use sha2::{Digest, Sha256};
    let mut keyed: Vec<([u8; 8], Example)> = examples
        .into_iter()
        .map(|e| {
            let h = Sha256::digest(format!("{seed}\u{0}{}\u{0}{}", e.text, e.line).as_bytes());
            (h[..8].try_into().expect("8 bytes"), e)
        })
        .collect();
    keyed.sort_by_key(|k| k.0);
    keyed.into_iter().map(|(_, e)| e).collect()
}

pub fn train(spec: &TrainSpec) -> Result<TrainReport, Error> {
    let codebook = Codebook::load(&spec.codebook)?;
    let targets = codebook.names();
    let mut all = Vec::new();
    for path in &spec.examples {
        all.extend(examples::read(path, &targets)?);
    }
    let mut all = shuffled(all, spec.seed);
    if let Some(n) = spec.limit {
        all.truncate(n);
    }
    if all.is_empty() {
        return Err(Error::Invalid("no examples".into()));
    }
    let encoder = SentenceEncoder::load(&spec.encoder)?;
    let features = example_features(&encoder, &all, spec.context)?;
    let opts = TrainOptions { l2: spec.l2, ..Default::default() };

    let mut cv = Vec::new();
    if spec.folds > 1 {
        let mut predicted: Vec<Vec<Label>> = vec![vec![Label::None; all.len()]; targets.len()];
        for fold in 0..spec.folds {
            let held = |i: usize| i % spec.folds == fold;
            let (train_x, train_e): (Vec<Vec<f32>>, Vec<Example>) = features
                .iter()
                .zip(&all)
                .enumerate()
                .filter(|(i, _)| !held(*i))
                .map(|(_, (f, e))| (f.clone(), e.clone()))
                .unzip();
            let heads = train_heads(&train_x, &train_e, &targets, &opts)?;
            for (i, f) in features.iter().enumerate().filter(|(i, _)| held(*i)) {
                for (t, h) in heads.iter().enumerate() {
                    predicted[t][i] = argmax(h, f);
                }
            }
        }
        for (t, name) in targets.iter().enumerate() {
            let (gold, pred): (Vec<Label>, Vec<Label>) =
                all.iter().zip(&predicted[t]).filter_map(|(e, p)| e.labels.get(name).map(|g| (*g, *p))).unzip();
            cv.push(score(name, &gold, &pred));
        }
    }
    let report = TrainReport { rows: all.len(), cv };
    if let Some(out) = &spec.out {
        let heads = train_heads(&features, &all, &targets, &opts)?;
        let card = card(spec, &all, &targets, &report)?;
        Classifier::save(out, &spec.encoder, &targets, &heads, spec.context, card)?;
    }
    Ok(report)
}

fn argmax(h: &Softmax, f: &[f32]) -> Label {
    let p = h.probabilities(f);
    Label::argmax(&[p[0], p[1], p[2]]).0
}

fn card(spec: &TrainSpec, all: &[Example], targets: &[String], report: &TrainReport) -> Result<Manifest, Error> {
    let encoder_card = store::read_card(&spec.encoder)?;
    let mut training = toml::Table::new();
    let files: Vec<toml::Value> = spec
        .examples
        .iter()
        .map(|p| {
            let sha = store::sha256_file(p)?;
            Ok(toml::Value::String(format!("{} (sha256 {sha})", display(p))))
        })
        .collect::<Result<_, Error>>()?;
    training.insert("examples".into(), toml::Value::Array(files));
    training.insert("rows".into(), (all.len() as i64).into());
    for t in targets {
        let count = |l: Label| all.iter().filter(|e| e.labels.get(t) == Some(&l)).count() as i64;
        let mut c = toml::Table::new();
        for l in Label::ALL {
            c.insert(l.as_str().into(), count(l).into());
        }
        training.insert(format!("labels_{t}"), toml::Value::Table(c));
    }
    training.insert("classifier".into(), "multinomial logistic regression per target, balanced class weights".into());
    training.insert("l2".into(), spec.l2.into());
    training.insert("seed".into(), (spec.seed as i64).into());
    training.insert("codebook".into(), display(&spec.codebook).into());
    training.insert("command".into(), spec.command.clone().into());
    let mut metrics = toml::Table::new();
    if !report.cv.is_empty() {
        metrics.insert("cv_folds".into(), (spec.folds as i64).into());
        for s in &report.cv {
            metrics.insert(format!("cv_{}_f1_favor", s.target), round3(s.f1_favor).into());
            metrics.insert(format!("cv_{}_f1_against", s.target), round3(s.f1_against).into());
            metrics.insert(format!("cv_{}_f_avg", s.target), round3(s.f_avg()).into());
        }
        metrics.insert("cv_mean_f_avg".into(), round3(report.mean_f_avg()).into());
    }
    Ok(Manifest {
        name: spec.name.clone(),
        task: "stance".into(),
        labels: Vec::new(),
        origin: format!("heads trained by `demarche train stance` over frozen {} embeddings", encoder_card.name),
        licence: "Apache-2.0 (encoder); heads trained on the project's labelled sentences".into(),
        model: toml::Table::new(),
        training,
        metrics,
        files: Vec::new(),
    })
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

fn display(p: &Path) -> String {
    p.display().to_string()
}

/// Adds dev figures to a saved model's card (`[metrics] dev_*`). The card is not among the
/// checksummed files, so the model still verifies.
pub fn record_dev(dir: &Path, gold: &Path, report: &crate::eval::Report) -> Result<(), Error> {
    let path = dir.join(store::CARD);
    let text = std::fs::read_to_string(&path).map_err(|e| Error::io(&path, e))?;
    let mut card: Manifest = toml::from_str(&text).map_err(|e| Error::model(&path, e.to_string()))?;
    let m = &mut card.metrics;
    m.insert("dev_gold".into(), format!("{} ({} rows)", display(gold), report.gold_rows).into());
    for s in &report.targets {
        m.insert(format!("dev_{}_f1_favor", s.target), round3(s.f1_favor).into());
        m.insert(format!("dev_{}_f1_against", s.target), round3(s.f1_against).into());
        m.insert(format!("dev_{}_f_avg", s.target), round3(s.f_avg()).into());
    }
    m.insert("dev_mean_f_avg".into(), round3(report.mean_f_avg()).into());
    m.insert("dev_holder_accuracy".into(), round3(report.holder_accuracy()).into());
    let intervals = report.intervals();
    let pair = |i: Option<(f64, f64)>| i.map(|(a, b)| toml::Value::Array(vec![round3(a).into(), round3(b).into()]));
    for (s, i) in report.targets.iter().zip(&intervals.f_avg) {
        if let Some(v) = pair(*i) {
            m.insert(format!("dev_{}_f_avg_ci95", s.target), v);
        }
    }
    if let Some(v) = pair(intervals.mean_f_avg) {
        m.insert("dev_mean_f_avg_ci95".into(), v);
    }
    // The measured errors that correct the `positions` counts of runs with this model.
    let mut confusion = toml::Table::new();
    for (i, s) in report.targets.iter().enumerate() {
        let row = |r: &[u64; 3]| toml::Value::Array(r.iter().map(|&x| toml::Value::Integer(x as i64)).collect());
        let rows = report.confusion(i).0.iter().map(row).collect();
        confusion.insert(s.target.clone(), toml::Value::Array(rows));
    }
    m.insert("confusion".into(), confusion.into());
    m.insert(
        "confusion_gold".into(),
        format!("{} (rows gold favor/against/none, columns predicted)", display(gold)).into(),
    );
    let head = text.lines().take_while(|l| l.starts_with('#')).collect::<Vec<_>>().join("\n");
    let body = toml::to_string(&card).map_err(|e| Error::Invalid(e.to_string()))?;
    std::fs::write(&path, format!("{head}\n{body}")).map_err(|e| Error::io(&path, e))
}
