//! The models a run loads (NER, the stance scorer, the encoder runtime), what the stance stage
//! scores with them, and the manifest entries that describe them.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use demarche_encoder::{store, Precision, Runtime};
use demarche_ner::NerModel;
use demarche_stance::positions::Confusion;
use demarche_stance::{Codebook, Cues, Scorer};

use crate::config::{Method, RuntimeName};
use crate::manifest::ModelEntry;
use crate::{Config, Error};

/// The models of a run, loaded once from the configuration and shared by all worker threads.
pub struct Models {
    ner: Option<NerModel>,
    stance: Option<Box<dyn Scorer>>,
    /// The targets scored: the codebook's targets that the stance model has a head for, in
    /// codebook order, each with its index among the model's outputs.
    targets: Vec<(usize, String)>,
    /// The stance model's measured errors per scored target (its card's `[metrics.confusion]`),
    /// for the corrected counts of `positions`.
    stance_errors: BTreeMap<String, Confusion>,
    /// What the run's `errors` table reports once as warnings (file, message): targets left out.
    setup_warnings: Vec<(String, String)>,
    /// The codebook's cues for the stance model's targets.
    cues: Cues,
    /// Files of the stance model, for the manifest.
    stance_files: Vec<ModelFiles>,
    /// With ONNX Runtime: its library and the ONNX exports in use, for the manifest.
    runtime_files: Option<ModelFiles>,
    /// The stance model reads embeddings of NER's encoder (same weights and tokenizer): the NER
    /// pass hands them over and the stance stage runs no encoder of its own.
    shared_encoder: bool,
}

/// (task, name, [(path, sha256)]) of a model in use.
type ModelFiles = (String, String, Vec<(String, String)>);

/// A loaded stance scorer and what comes with it.
struct StanceModel {
    scorer: Box<dyn Scorer>,
    /// The model files the manifest records.
    files: Vec<ModelFiles>,
    /// The folder of the encoder it runs, if it runs one.
    encoder_dir: Option<PathBuf>,
    /// Its measured errors per target.
    errors: BTreeMap<String, Confusion>,
}

impl Models {
    /// Loads the models the configuration enables. Errors come in the order the settings are
    /// needed: runtime, NER model, codebook, stance model, targets, ONNX exports.
    pub fn load(config: &Config) -> Result<Models, Error> {
        // Only the model stages need an encoder runtime (NLI models run on candle).
        let encoders = config.ner.enabled || (config.stance.enabled && config.stance.method == Method::Classifier);
        let (runtime, runtime_files) = if encoders { encoder_runtime(config)? } else { (Runtime::Candle, None) };
        // The model folders whose encoder runs, for the ONNX exports' sha256s.
        let mut encoder_dirs = Vec::new();
        let ner = match config.ner.enabled {
            true => {
                let (ner, dir) = load_ner(config, &runtime)?;
                encoder_dirs.push(dir);
                Some(ner)
            }
            false => None,
        };
        let mut models = Models {
            ner,
            stance: None,
            targets: Vec::new(),
            stance_errors: BTreeMap::new(),
            setup_warnings: Vec::new(),
            cues: Cues::default(),
            stance_files: Vec::new(),
            runtime_files,
            shared_encoder: false,
        };
        if config.stance.enabled {
            // The codebook: the NLI method's hypotheses and every method's cues.
            let book = Codebook::load(&found(config, &config.stance.codebook, "codebook")?)
                .map_err(|source| Error::Stance { what: "codebook", source })?;
            let model = load_stance(config, &runtime, &book)?;
            encoder_dirs.extend(model.encoder_dir.clone().filter(|d| !encoder_dirs.contains(d)));
            models.add_stance(&book, model, &config.stance.codebook)?;
        }
        record_exports(models.runtime_files.as_mut(), &encoder_dirs, config.encoder.precision())?;
        Ok(models)
    }

    /// Takes the stance scorer with what it scores: the targets it shares with the codebook
    /// (and warnings for the rest), their measured errors and cues, and whether it can read
    /// NER's embeddings.
    fn add_stance(&mut self, book: &Codebook, model: StanceModel, codebook: &Path) -> Result<(), Error> {
        let (targets, warnings) = scored_targets(book, model.scorer.as_ref(), codebook)?;
        let mut errors = model.errors;
        errors.retain(|t, _| targets.iter().any(|(_, s)| s == t));
        self.cues = Cues::new(book, &targets.iter().map(|(_, t)| t.clone()).collect::<Vec<_>>());
        self.shared_encoder = shares_encoder(self.ner.as_ref(), model.scorer.as_ref());
        if self.shared_encoder {
            tracing::info!("NER and stance share one encoder pass");
        }
        (self.targets, self.setup_warnings, self.stance_errors) = (targets, warnings, errors);
        self.stance_files = model.files;
        self.stance = Some(model.scorer);
        Ok(())
    }

    pub fn ner(&self) -> Option<&NerModel> {
        self.ner.as_ref()
    }

    pub fn stance(&self) -> Option<&dyn Scorer> {
        self.stance.as_deref()
    }

    /// The targets scored, each with its index among the stance model's outputs.
    pub fn targets(&self) -> &[(usize, String)] {
        &self.targets
    }

    /// The stance targets scored, in output order.
    pub fn stance_targets(&self) -> Vec<String> {
        self.targets.iter().map(|(_, t)| t.clone()).collect()
    }

    pub fn cues(&self) -> &Cues {
        &self.cues
    }

    /// Whether NER's encoder pass also gives the stance model its embeddings.
    pub fn shared_encoder(&self) -> bool {
        self.shared_encoder
    }

    /// Warnings about the configuration (file, message), for the run's `errors` table.
    pub fn setup_warnings(&self) -> &[(String, String)] {
        &self.setup_warnings
    }

    /// The stance model's measured errors per scored target (empty when its card has none).
    pub fn stance_errors(&self) -> &BTreeMap<String, Confusion> {
        &self.stance_errors
    }

    /// The models in use, for the manifest: name, folder and each file's sha256.
    pub fn entries(&self) -> Vec<ModelEntry> {
        let entry = |(task, name, files): &ModelFiles| ModelEntry {
            task: task.clone(),
            name: name.clone(),
            files: files.clone(),
        };
        let ner = self.ner.iter().map(|m| ModelEntry {
            task: "ner".into(),
            name: m.manifest.name.clone(),
            files: m.manifest.files.iter().map(|f| (f.path.clone(), f.sha256.clone())).collect(),
        });
        ner.chain(self.stance_files.iter().map(entry)).chain(self.runtime_files.iter().map(entry)).collect()
    }
}

/// A path of the configuration where it was found, or an error that names where it was
/// looked for and how to get it.
pub(crate) fn found(config: &Config, path: &Path, what: &'static str) -> Result<PathBuf, Error> {
    config.locate(path).map_err(|reason| Error::NotFound { what, reason })
}

/// The encoder runtime the configuration names; for ONNX Runtime, its library checked against
/// its card, and the card's files for the manifest.
pub(crate) fn encoder_runtime(config: &Config) -> Result<(Runtime, Option<ModelFiles>), Error> {
    if config.encoder.runtime != RuntimeName::Ort {
        // candle computes in fp32 only: int8 would silently be fp32.
        if config.encoder.precision() != Precision::Fp32 {
            return Err(Error::PrecisionOnCandle { precision: config.encoder.precision().name() });
        }
        return Ok((Runtime::Candle, None));
    }
    let threads = match config.run.threads {
        0 => std::thread::available_parallelism().map_or(1, |n| n.get()),
        n => n,
    };
    let dir = found(config, &config.encoder.onnxruntime, "ONNX Runtime")?;
    let (runtime, card) =
        Runtime::ort_from(&dir, threads, config.encoder.precision()).map_err(|cause| Error::OnnxRuntime { cause })?;
    let files = card_files(&card);
    Ok((runtime, Some(("runtime".into(), card.name, files))))
}

/// The NER model and its folder.
fn load_ner(config: &Config, runtime: &Runtime) -> Result<(NerModel, PathBuf), Error> {
    let dir = found(config, &config.ner.model, "NER model")?;
    let mut ner = NerModel::load_with(&dir, runtime).map_err(|source| Error::Ner { what: "NER model", source })?;
    ner.options.batch_size = config.run.batch_size;
    Ok((ner, dir))
}

fn load_stance(config: &Config, runtime: &Runtime, codebook: &Codebook) -> Result<StanceModel, Error> {
    let dir = found(config, &config.stance.model, "stance model")?;
    let setup = |source| Error::Stance { what: "stance model", source };
    match config.stance.method {
        Method::Classifier => {
            let mut c = demarche_stance::Classifier::load_with(&dir, runtime).map_err(setup)?;
            c.encoder.options.batch_size = config.run.batch_size;
            let files = vec![
                ("stance".to_string(), c.card.name.clone(), card_files(&c.card)),
                ("stance-encoder".to_string(), c.encoder_card.name.clone(), card_files(&c.encoder_card)),
            ];
            let encoder_dir = Some(c.encoder_dir.clone());
            let errors = confusions(&c.card, &dir)?;
            Ok(StanceModel { scorer: Box::new(c), files, encoder_dir, errors })
        }
        Method::Nli => {
            let mut nli = demarche_stance::Nli::load(&dir, codebook).map_err(setup)?;
            nli.batch_size = config.run.batch_size;
            let files = vec![("stance-nli".to_string(), nli.model().to_string(), nli.files.clone())];
            Ok(StanceModel { scorer: Box::new(nli), files, encoder_dir: None, errors: BTreeMap::new() })
        }
    }
}

/// A card's files with their sha256s, as the manifest lists them.
fn card_files(card: &store::Manifest) -> Vec<(String, String)> {
    card.files.iter().map(|f| (f.path.clone(), f.sha256.clone())).collect()
}

/// A model card's `[metrics.confusion]`: per target, the (gold × predicted) counts that
/// `demarche eval stance --record` measured.
fn confusions(card: &store::Manifest, dir: &Path) -> Result<BTreeMap<String, Confusion>, Error> {
    let Some(table) = card.metrics.get("confusion") else { return Ok(BTreeMap::new()) };
    let model = || dir.display().to_string();
    let table = table.as_table().ok_or_else(|| Error::ConfusionNotTable { model: model() })?;
    table
        .iter()
        .map(|(target, v)| {
            let m: Confusion = v.clone().try_into().map_err(|source| Error::Confusion {
                model: model(),
                target: target.clone(),
                source: Box::new(source),
            })?;
            Ok((target.clone(), m))
        })
        .collect()
}

/// The targets a run scores: the codebook's, in its order, that the model has a head for, and a
/// warning for each one left out. A codebook target without a head gets no rows; a head whose
/// target the codebook no longer has (removed or renamed) is not scored under its old name. No
/// target in common is an error.
fn scored_targets(book: &Codebook, scorer: &dyn Scorer, codebook: &Path) -> Result<ScoredTargets, Error> {
    let heads = scorer.targets();
    let (mut targets, mut warnings) = (Vec::new(), Vec::new());
    let path = codebook.display().to_string();
    for name in book.names() {
        match heads.iter().position(|h| *h == name) {
            Some(i) => targets.push((i, name)),
            None => warnings.push((
                path.clone(),
                format!(
                    "target {name:?} has no trained head in stance model {:?}: not scored (label examples, \
                     then `demarche train stance`: README \"Adding a stance target\")",
                    scorer.model()
                ),
            )),
        }
    }
    for head in heads.iter().filter(|h| !targets.iter().any(|(_, t)| t == *h)) {
        warnings.push((
            path.clone(),
            format!(
                "stance model {:?} has a head for {head:?}, which this codebook does not define: not scored",
                scorer.model()
            ),
        ));
    }
    if targets.is_empty() {
        return Err(Error::NoCommonTarget {
            codebook: path,
            model: scorer.model().to_string(),
            targets: book.names(),
            heads: heads.to_vec(),
        });
    }
    Ok((targets, warnings))
}

/// The targets scored (index among the model's outputs, name) and warnings (file, message).
type ScoredTargets = (Vec<(usize, String)>, Vec<(String, String)>);

/// Whether the stance model reads embeddings of the very encoder NER runs (same weights and
/// tokenizer), so one encoder pass serves both.
fn shares_encoder(ner: Option<&NerModel>, scorer: &dyn Scorer) -> bool {
    match (ner, scorer.embedding_encoder()) {
        (Some(ner), Some(card)) => {
            let same = |p: &str| ner.manifest.sha256_of(p) == card.sha256_of(p);
            ner.manifest.sha256_of("model.safetensors").is_some() && same("model.safetensors") && same("tokenizer.json")
        }
        _ => false,
    }
}

/// With ONNX Runtime, adds the ONNX export of each encoder in use (of the precision in use)
/// to its manifest entry.
fn record_exports(
    runtime_files: Option<&mut ModelFiles>,
    encoder_dirs: &[PathBuf],
    precision: Precision,
) -> Result<(), Error> {
    let Some((_, _, files)) = runtime_files else { return Ok(()) };
    for dir in encoder_dirs {
        // Checked against the file when the encoder was loaded.
        let sha = demarche_encoder::export_sha256(dir, precision)
            .map_err(|source| Error::Encoder { what: "ONNX export", source })?;
        let name = dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        files.push((format!("{name}/{}", precision.file_name()), sha));
    }
    Ok(())
}
