use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use demarche_actors::{Registry, SpeakerQuery};
use demarche_core::{normalize_ws, CharIndex, DocKind, Document, Sentence, Span, Turn, TurnKind};
use demarche_ingest::{Ingester, Input, Rules, Warning};
use demarche_segment::{
    looks_like_transcript, NewsSegmenter, RuleSplitter, Segmented, Segmenter, SentenceSplitter, SpeechSegmenter,
    TranscriptSegmenter,
};

use crate::{Config, Error};

/// The stages a document goes through, in order; the manifest reports time per stage.
pub const STAGES: &[&str] = &["ingest", "segment", "resolve", "split"];

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
        Ok(Pipeline {
            ingester: Ingester::new(rules, config.input.metadata_files.clone()),
            registry,
            transcript: TranscriptSegmenter,
            speech: SpeechSegmenter,
            news,
            splitter: RuleSplitter,
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
        let turns: Vec<Turn> = self.timed(2, || {
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
                        span: t.span,
                    }
                })
                .collect()
        });
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
                let name = label.map(|l| {
                    self.registry.resolve_person(l, date).and_then(|r| r.name).unwrap_or_else(|| l.to_string())
                });
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

/// Byte and code-point offsets and the normalised text of a span: the columns every
/// span-bearing table shares.
pub fn span_columns(index: &CharIndex, text: &str, span: Span) -> (usize, usize, usize, usize, String) {
    (span.start, span.end, index.char_offset(span.start), index.char_offset(span.end), normalize_ws(span.slice(text)))
}

impl Pipeline {
    pub fn registry_len(&self) -> usize {
        self.registry.len()
    }
}
