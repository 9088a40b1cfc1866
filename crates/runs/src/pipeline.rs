use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use demarche_actors::{Registry, SpeakerQuery};
use demarche_core::{normalize_ws, CharIndex, DocKind, Document, Sentence, Span, Turn, TurnKind};
use demarche_ingest::{Ingester, Input, Rules, Warning};
use demarche_ner::NerModel;
use demarche_quotes::QuoteExtractor;
use demarche_segment::{
    looks_like_transcript, NewsSegmenter, RuleSplitter, Segmented, Segmenter, SentenceSplitter, SpeechSegmenter,
    TranscriptSegmenter,
};
use demarche_tables::Value;

use crate::{Config, Error};

/// The stages a document goes through, in order; the manifest reports time per stage.
pub const STAGES: &[&str] = &["ingest", "segment", "resolve", "split", "ner", "quotes"];

/// Everything one document produced.
pub struct DocOutput {
    pub doc: Document,
    pub turns: Vec<Turn>,
    pub sentences: Vec<Sentence>,
    pub warnings: Vec<Warning>,
}

/// The text stages, built once from the configuration and shared by all worker threads.
pub struct Pipeline {
    ingester: Ingester,
    registry: Registry,
    transcript: TranscriptSegmenter,
    speech: SpeechSegmenter,
    news: NewsSegmenter,
    splitter: RuleSplitter,
    ner: Option<NerModel>,
    /// Nanoseconds spent in each stage, summed over threads.
    pub stage_nanos: Vec<AtomicU64>,
}

impl Pipeline {
    pub fn new(config: &Config) -> Result<Pipeline, Error> {
        let rules = Rules::new(config.input.rules.clone()).map_err(|e| Error::Setup(e.to_string()))?;
        let mut registry = Registry::builtin().map_err(|e| Error::Setup(e.to_string()))?;
        for path in &config.actors.registry {
            registry.merge(Registry::load(path).map_err(|e| Error::Setup(e.to_string()))?);
        }
        let news = NewsSegmenter::new(&config.segment.boilerplate).map_err(|e| Error::Setup(e.to_string()))?;
        let ner = if config.ner.enabled {
            let dir = model_dir(&config.ner.model);
            Some(NerModel::load(&dir).map_err(|e| Error::Setup(format!("NER model: {e}")))?)
        } else {
            None
        };
        Ok(Pipeline {
            ingester: Ingester::new(rules, config.input.metadata_files.clone()),
            registry,
            transcript: TranscriptSegmenter,
            speech: SpeechSegmenter,
            news,
            splitter: RuleSplitter,
            ner,
            stage_nanos: STAGES.iter().map(|_| AtomicU64::new(0)).collect(),
        })
    }

    pub fn ingester(&self) -> &Ingester {
        &self.ingester
    }

    fn timed<T>(&self, stage: usize, f: impl FnOnce() -> T) -> T {
        let t = Instant::now();
        let out = f();
        self.stage_nanos[stage].fetch_add(t.elapsed().as_nanos() as u64, Ordering::Relaxed);
        out
    }

    /// Runs one input through every stage.
    pub fn process(&self, input: &Input) -> Result<DocOutput, demarche_ingest::Error> {
        let (mut doc, warnings) = self.timed(0, || self.ingester.read(input))?;
        let segmented = self.timed(1, || {
            if doc.meta.kind.is_none() {
                let transcript = looks_like_transcript(doc.body());
                doc.meta.kind = Some(if transcript { DocKind::Transcript } else { DocKind::Article });
            }
            let seg: &dyn Segmenter = match doc.kind() {
                DocKind::Transcript => &self.transcript,
                DocKind::Speech => &self.speech,
                DocKind::Article => &self.news,
            };
            seg.segment(&doc)
        });
        let Segmented { header, turns: raw } = segmented;
        // What the document's own header says fills what metadata left empty.
        let mut from_header =
            demarche_core::Meta { title: header.title.clone(), date: header.date.clone(), ..Default::default() };
        from_header.year = header.date.as_deref().and_then(demarche_ingest::year_of);
        doc.meta.fill_from(&from_header);

        let people: Vec<(String, Option<String>)> =
            header.people.iter().map(|p| (p.name.clone(), p.role.clone())).collect();
        let turns: Vec<Turn> = if doc.kind() == DocKind::Article {
            // In news the turns are quotations with their speakers, and narration between.
            self.timed(5, || {
                let paragraphs: Vec<Span> = raw.iter().map(|t| t.span).collect();
                QuoteExtractor::new(&self.registry)
                    .extract(&doc, &paragraphs)
                    .into_iter()
                    .enumerate()
                    .map(|(seq, q)| Turn {
                        id: Turn::make_id(&doc.id, seq),
                        seq,
                        kind: q.kind,
                        speaker: q.speaker,
                        speaker_name: q.speaker_name,
                        actor: q.actor,
                        role: q.role,
                        mode: q.mode.map(|m| m.as_str()),
                        span: q.span,
                    })
                    .collect()
            })
        } else {
            self.timed(2, || {
                raw.into_iter()
                    .enumerate()
                    .map(|(seq, t)| {
                        let (speaker_name, actor) = self.speaker(&doc, t.kind, t.label.as_deref(), &people);
                        Turn {
                            id: Turn::make_id(&doc.id, seq),
                            seq,
                            kind: t.kind,
                            speaker: t.label,
                            speaker_name,
                            actor,
                            role: None,
                            mode: None,
                            span: t.span,
                        }
                    })
                    .collect()
            })
        };
        let sentences = self.timed(3, || {
            turns
                .iter()
                .flat_map(|t| {
                    self.splitter.split(&doc.text, t.span).into_iter().enumerate().map(|(seq, span)| Sentence {
                        id: Sentence::make_id(&t.id, seq),
                        turn_id: t.id.clone(),
                        seq,
                        span,
                    })
                })
                .collect()
        });
        Ok(DocOutput { doc, turns, sentences, warnings })
    }

    /// The canonical name and actor of a turn's speaker. Reporters and narration hold no
    /// actor; unknown speakers keep their label and get none, never a guess.
    fn speaker(
        &self,
        doc: &Document,
        kind: TurnKind,
        label: Option<&str>,
        people: &[(String, Option<String>)],
    ) -> (Option<String>, Option<String>) {
        let date = doc.meta.date.as_deref();
        match kind {
            TurnKind::Question | TurnKind::Narration => (None, None),
            TurnKind::Speech => {
                // The delegation speaks, whoever reads the speech: only the name is resolved
                // (`Mr. Donald Trump` → `Donald Trump`).
                let q = label.map(|label| SpeakerQuery { label, people, date, doc_actor: doc.meta.actor.as_deref() });
                let name = q.and_then(|q| self.registry.resolve_speaker(&q).name).or_else(|| label.map(str::to_string));
                (name, doc.meta.actor.clone())
            }
            TurnKind::Turn | TurnKind::Quote => {
                let Some(label) = label else { return (None, None) };
                let r = self.registry.resolve_speaker(&SpeakerQuery {
                    label,
                    people,
                    date,
                    doc_actor: doc.meta.actor.as_deref(),
                });
                (r.name, r.actor)
            }
        }
    }
}

/// A relative model folder is looked for in the working directory, then beside the
/// binary's project (`target/release/demarche` finds `models/` two levels up), so the
/// default configuration works from any folder of a checkout.
fn model_dir(path: &std::path::Path) -> std::path::PathBuf {
    if path.is_absolute() || path.exists() {
        return path.to_path_buf();
    }
    let exe = std::env::current_exe().ok();
    exe.iter()
        .flat_map(|e| e.ancestors().skip(1))
        .map(|a| a.join(path))
        .find(|p| p.exists())
        .unwrap_or_else(|| path.to_path_buf())
}

/// Byte and code-point offsets and the normalised text of a span: the columns every
/// span-bearing table shares.
pub fn span_columns(index: &CharIndex, text: &str, span: Span) -> (usize, usize, usize, usize, String) {
    (span.start, span.end, index.char_offset(span.start), index.char_offset(span.end), normalize_ws(span.slice(text)))
}

impl Pipeline {
    pub fn registry_len(&self) -> usize {
        self.registry.len()
    }

    /// The models in use, for the manifest: name, folder and each file's sha256.
    pub fn models(&self) -> Vec<crate::manifest::ModelEntry> {
        self.ner
            .iter()
            .map(|m| crate::manifest::ModelEntry {
                task: "ner".into(),
                name: m.manifest.name.clone(),
                files: m.manifest.files.iter().map(|f| (f.path.clone(), f.sha256.clone())).collect(),
            })
            .collect()
    }

    /// The actor an entity names: a state, organisation or metonym (`Pyongyang` → PRK), or
    /// for a person the actor the registry gives them at the document's date.
    fn entity_actor(&self, label: &str, text: &str, date: Option<&str>) -> Option<String> {
        self.registry.resolve_mention(text).map(str::to_string).or_else(|| {
            (label == "PER").then(|| self.registry.resolve_person(text, date).and_then(|r| r.actor)).flatten()
        })
    }

    /// Entity rows for the documents of a chunk, document by document. One call covers every
    /// sentence of the chunk, so the model batches sentences of similar length across documents.
    pub fn entities(&self, docs: &[&DocOutput]) -> Result<Vec<Vec<Vec<Value>>>, Error> {
        let Some(ner) = &self.ner else { return Ok(docs.iter().map(|_| Vec::new()).collect()) };
        self.timed(4, || {
            let sentences: Vec<(&str, Span)> =
                docs.iter().flat_map(|d| d.sentences.iter().map(|s| (d.doc.text.as_str(), s.span))).collect();
            let found = ner.predict(&sentences).map_err(|e| Error::Model(format!("NER: {e}")))?;
            let mut found = found.into_iter();
            Ok(docs
                .iter()
                .map(|d| {
                    let index = CharIndex::new(&d.doc.text);
                    let mut rows = Vec::new();
                    for s in &d.sentences {
                        for (seq, e) in found.next().unwrap_or_default().into_iter().enumerate() {
                            let (start, end, cs, ce, text) = span_columns(&index, &d.doc.text, e.span);
                            rows.push(vec![
                                format!("{}:{seq}", s.id).into(),
                                s.id.as_str().into(),
                                s.turn_id.as_str().into(),
                                d.doc.id.as_str().into(),
                                start.into(),
                                end.into(),
                                cs.into(),
                                ce.into(),
                                text.into(),
                                e.label.as_str().into(),
                                Value::Float(f64::from(e.score)),
                                self.entity_actor(&e.label, &e.text, d.doc.meta.date.as_deref()).into(),
                            ]);
                        }
                    }
                    rows
                })
                .collect())
        })
    }
}
