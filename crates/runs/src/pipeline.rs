use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use demarche_actors::context::contextual_actor;
use demarche_actors::{Registry, SpeakerQuery, OTHER};
use demarche_core::{normalize_ws, CharIndex, DocKind, Document, Sentence, Span, Turn, TurnKind};
use demarche_ingest::{Ingester, Input, Rules, Warning};
use demarche_ner::{Ruler, Source, WholeNames};
use demarche_quotes::{QuoteExtractor, QuoteTurn};
use demarche_segment::{
    dateline, looks_like_statement, looks_like_transcript, NewsSegmenter, RuleSplitter, Segmented, Segmenter,
    SentenceSplitter, SpeechSegmenter, TranscriptSegmenter,
};
use demarche_stance::{holder, Label, Scorer};
use demarche_tables::{EntityRow, StanceRow};

use crate::models::{found, Models};
use crate::{Config, Error};

/// The stages a run times, in the manifest's `stage_seconds` (by name).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    Ingest,
    Segment,
    Resolve,
    Split,
    Ner,
    Quotes,
    Stance,
}

impl Stage {
    pub const ALL: [Stage; 7] =
        [Stage::Ingest, Stage::Segment, Stage::Resolve, Stage::Split, Stage::Ner, Stage::Quotes, Stage::Stance];

    pub fn name(self) -> &'static str {
        match self {
            Stage::Ingest => "ingest",
            Stage::Segment => "segment",
            Stage::Resolve => "resolve",
            Stage::Split => "split",
            Stage::Ner => "ner",
            Stage::Quotes => "quotes",
            Stage::Stance => "stance",
        }
    }
}

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
    /// The registry's `[[entity]]` names, tagged whatever the NER model says.
    ruler: Ruler,
    /// Their actors, by name.
    ruled_actors: HashMap<String, String>,
    /// The registry's names of actors and people, whose pieces NER entities are merged into.
    names: WholeNames,
    /// NER, the stance scorer and what it scores, and their manifest entries.
    models: Models,
    /// Nanoseconds spent in each stage, summed over threads.
    pub stage_nanos: Vec<AtomicU64>,
}

impl Pipeline {
    pub fn new(config: &Config) -> Result<Pipeline, Error> {
        let rules = Rules::new(config.input.rules.clone()).map_err(Error::Rules)?;
        let mut registry = Registry::builtin().map_err(Error::Registry)?;
        for path in &config.actors.registry {
            let path = found(config, path, "actor registry")?;
            registry.merge(Registry::load(&path).map_err(Error::Registry)?);
        }
        let news = NewsSegmenter::new(&config.segment.boilerplate).map_err(Error::Boilerplate)?;
        let terms = registry.entity_names();
        let ruler = Ruler::new(terms.iter().map(|t| (t.name.as_str(), t.label.as_str())))
            .map_err(|source| Error::Ner { what: "the registry's entity names", source })?;
        let ruled_actors = terms
            .iter()
            .filter_map(|t| Some((normalize_ws(&t.name), t.actor.clone()?)))
            .collect::<HashMap<String, String>>();
        let whole = registry.whole_names();
        let names = WholeNames::new(whole.iter().map(|(n, l)| (n.as_str(), *l)))
            .map_err(|source| Error::Ner { what: "the registry's whole names", source })?;
        let models = Models::load(config)?;
        Ok(Pipeline {
            ingester: Ingester::new(rules, config.input.metadata_files.clone(), config.input.max_bytes),
            registry,
            transcript: TranscriptSegmenter,
            speech: SpeechSegmenter,
            news,
            splitter: RuleSplitter,
            ruler,
            ruled_actors,
            names,
            models,
            stage_nanos: Stage::ALL.iter().map(|_| AtomicU64::new(0)).collect(),
        })
    }

    /// The models in use: NER, the stance scorer and its targets, and their manifest entries.
    pub fn models(&self) -> &Models {
        &self.models
    }

    pub fn ingester(&self) -> &Ingester {
        &self.ingester
    }

    fn timed<T>(&self, stage: Stage, f: impl FnOnce() -> T) -> T {
        let t = Instant::now();
        let out = f();
        self.stage_nanos[stage as usize].fetch_add(t.elapsed().as_nanos() as u64, Ordering::Relaxed);
        out
    }

    /// Runs one input through every stage.
    pub fn process(&self, input: &Input) -> Result<DocOutput, demarche_ingest::Error> {
        let (mut doc, mut warnings) = self.timed(Stage::Ingest, || self.ingester.read(input))?;
        let segmented = self.timed(Stage::Segment, || {
            if doc.meta.kind.is_none() {
                doc.meta.kind = Some(if looks_like_transcript(doc.body()) {
                    DocKind::Transcript
                } else if looks_like_statement(&doc.text, doc.body_start) {
                    DocKind::Statement
                } else {
                    DocKind::Article
                });
            }
            let seg: &dyn Segmenter = match doc.kind() {
                DocKind::Transcript => &self.transcript,
                DocKind::Speech => &self.speech,
                // A statement is prose like news: narration and quotations.
                DocKind::Article | DocKind::Statement => &self.news,
            };
            seg.segment(&doc)
        });
        let Segmented { header, turns: raw } = segmented;
        // What the document's own header says fills what metadata left empty.
        let mut from_header = demarche_core::Meta {
            title: header.title.clone(),
            date: header.date.clone(),
            author: header.author.clone(),
            ..Default::default()
        };
        from_header.year = header.date.as_deref().and_then(demarche_ingest::year_of);
        doc.meta.fill_from(&from_header);
        if doc.kind() == DocKind::Statement && doc.meta.actor.is_none() {
            doc.meta.actor = self.issuer(&doc);
        }

        let people: Vec<(String, Option<String>)> =
            header.people.iter().map(|p| (p.name.clone(), p.role.clone())).collect();
        let turns: Vec<Turn> = if matches!(doc.kind(), DocKind::Article | DocKind::Statement) {
            // In news the turns are quotations with their speakers, and narration between; a
            // statement's narration is its issuer's.
            let issuer = (doc.kind() == DocKind::Statement).then(|| doc.meta.actor.clone()).flatten();
            self.timed(Stage::Quotes, || {
                // Headlines stay whole, in their place; quotations are looked for in the rest.
                let paragraphs: Vec<Span> =
                    raw.iter().filter(|t| t.kind != TurnKind::Headline).map(|t| t.span).collect();
                let mut found = QuoteExtractor::new(&self.registry).extract(&doc, &paragraphs);
                found.extend(raw.iter().filter(|t| t.kind == TurnKind::Headline).map(|t| QuoteTurn::headline(t.span)));
                found.sort_by_key(|q| q.span.start);
                found
                    .into_iter()
                    .enumerate()
                    .map(|(seq, q)| Turn {
                        id: Turn::make_id(&doc.id, seq),
                        seq,
                        kind: q.kind,
                        speaker: q.speaker,
                        speaker_name: q.speaker_name,
                        actor: if q.kind.is_authors() { issuer.clone() } else { q.actor },
                        role: q.role,
                        mode: q.mode.map(|m| m.as_str()),
                        span: q.span,
                    })
                    .collect()
            })
        } else {
            self.timed(Stage::Resolve, || {
                let mut turns: Vec<Turn> = raw
                    .into_iter()
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
                    .collect();
                Self::mend_misspelt_speakers(&mut turns);
                turns
            })
        };
        let sentences = self.timed(Stage::Split, || {
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
        // Text that gave no turn at all was all taken for furniture: say so, never silently.
        if turns.is_empty() && !doc.body().trim().is_empty() {
            warnings.push(Warning {
                path: doc.path.clone(),
                stage: "segment",
                message: format!(
                    "{} bytes of text but no turns: the {} segmenter kept none of its lines (all page furniture, \
                     or a transcript without speaker labels)",
                    doc.body().trim().len(),
                    doc.kind().as_str()
                ),
            });
        }
        Ok(DocOutput { doc, turns, sentences, warnings })
    }

    /// The actor a statement comes from when no metadata names it: its dateline's place
    /// (`Pyongyang, June 26 (KCNA) --`) or news agency, else the first actor its source or
    /// title names (`Statement of Spokesman for DPRK Foreign Ministry`).
    fn issuer(&self, doc: &Document) -> Option<String> {
        let date = doc.meta.date.as_deref();
        let named = |text: &str| holder::actor_named(&self.registry, text, date);
        let line = dateline(&doc.text, doc.body_start);
        line.as_ref()
            .and_then(|d| named(&d.place).or_else(|| d.source.as_deref().and_then(named)))
            .or_else(|| doc.meta.source.as_deref().and_then(named))
            .or_else(|| doc.meta.title.as_deref().map(issuer_part).and_then(named))
    }

    /// Transcripts have typos: a speaker label that resolves to nobody but is one letter away
    /// from labels of the same document that all resolve to one speaker (`MR. SULLIAN` beside
    /// `MR. SULLIVAN`) is that speaker.
    fn mend_misspelt_speakers(turns: &mut [Turn]) {
        let known: Vec<(String, Option<String>, Option<String>)> = turns
            .iter()
            .filter(|t| t.kind == TurnKind::Turn && t.actor.is_some())
            .filter_map(|t| Some((t.speaker.clone()?, t.speaker_name.clone(), t.actor.clone())))
            .collect();
        for t in turns.iter_mut().filter(|t| t.kind == TurnKind::Turn && t.actor.is_none() && t.speaker_name.is_none())
        {
            let Some(label) = &t.speaker else { continue };
            if label.chars().filter(|c| c.is_alphabetic()).count() < 6 {
                continue;
            }
            let mut close = known.iter().filter(|(k, ..)| strsim::levenshtein(k, label) == 1).map(|(_, n, a)| (n, a));
            if let Some(first) = close.next() {
                if close.all(|c| c == first) {
                    (t.speaker_name, t.actor) = (first.0.clone(), first.1.clone());
                }
            }
        }
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
            TurnKind::Question | TurnKind::Narration | TurnKind::Headline => (None, None),
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

/// The part of a statement's title that names its issuer: "Statement by the Press Secretary on
/// the Launch by North Korea" is the Press Secretary's, not North Korea's.
fn issuer_part(title: &str) -> &str {
    const TOPIC: &[&str] = &[" on ", " regarding ", " concerning ", " about ", " over ", " after ", " following "];
    let cut = TOPIC.iter().filter_map(|w| title.find(w)).min();
    cut.map_or(title, |i| &title[..i])
}

/// Byte and code-point offsets and the normalised text of a span: the columns every
/// span-bearing table shares.
pub struct SpanColumns {
    pub start: i64,
    pub end: i64,
    pub char_start: i64,
    pub char_end: i64,
    pub text: String,
}

pub fn span_columns(index: &CharIndex, text: &str, span: Span) -> SpanColumns {
    SpanColumns {
        start: span.start as i64,
        end: span.end as i64,
        char_start: index.char_offset(span.start) as i64,
        char_end: index.char_offset(span.end) as i64,
        text: normalize_ws(span.slice(text)),
    }
}

impl Pipeline {
    pub fn registry_len(&self) -> usize {
        self.registry.len()
    }

    /// The models in use, for the manifest: name, folder and each file's sha256.
    /// The actor an entity names: a state, organisation or metonym (`Pyongyang` → PRK), or
    /// for a person the actor the registry gives them at the document's date.
    fn entity_actor(&self, label: &str, text: &str, date: Option<&str>) -> Option<String> {
        self.registry.resolve_mention(text).map(str::to_string).or_else(|| {
            (label == "PER").then(|| self.registry.resolve_person(text, date).and_then(|r| r.actor)).flatten()
        })
    }

    /// Entity rows for the documents of a chunk, document by document. One call covers every
    /// sentence of the chunk, so the model batches sentences of similar length across documents.
    /// With a shared encoder, also every sentence's embedding for [`stances`](Self::stances).
    pub fn entities(&self, docs: &[&DocOutput]) -> Result<(Vec<Vec<EntityRow>>, Embeddings), Error> {
        let Some(ner) = self.models.ner() else { return Ok((docs.iter().map(|_| Vec::new()).collect(), Vec::new())) };
        self.timed(Stage::Ner, || {
            let sentences: Vec<(&str, Span)> =
                docs.iter().flat_map(|d| d.sentences.iter().map(|s| (d.doc.text.as_str(), s.span))).collect();
            let (found, embedded) = ner
                .predict_embed(&sentences, self.models.shared_encoder())
                .map_err(|source| Error::Ner { what: "NER prediction", source })?;
            let mut embedded = embedded.into_iter();
            let embeddings = if self.models.shared_encoder() {
                docs.iter().map(|d| embedded.by_ref().take(d.sentences.len()).collect()).collect()
            } else {
                Vec::new()
            };
            let mut found = found.into_iter();
            let rows = docs
                .iter()
                .map(|d| {
                    let index = CharIndex::new(&d.doc.text);
                    let mut rows = Vec::new();
                    for s in &d.sentences {
                        let model = found.next().unwrap_or_default();
                        // Whole registry names first, then the `[[entity]]` names over them.
                        let merged = self.names.merge(&d.doc.text, s.span, model);
                        for (seq, (e, source)) in self.ruler.apply(&d.doc.text, s.span, merged).into_iter().enumerate()
                        {
                            let c = span_columns(&index, &d.doc.text, e.span);
                            let actor = match source {
                                Source::Ruler => self.ruled_actors.get(&e.text).cloned(),
                                Source::Model | Source::Merged => None,
                            };
                            let actor = actor
                                .or_else(|| self.entity_actor(&e.label, &e.text, d.doc.meta.date.as_deref()))
                                .or_else(|| contextual_actor(&d.doc.text, e.span).map(str::to_string));
                            rows.push(EntityRow {
                                entity_id: format!("{}:{seq}", s.id),
                                sentence_id: s.id.clone(),
                                turn_id: s.turn_id.clone(),
                                doc_id: d.doc.id.clone(),
                                start: c.start,
                                end: c.end,
                                char_start: c.char_start,
                                char_end: c.char_end,
                                text: c.text,
                                label: e.label.clone(),
                                score: f64::from(e.score),
                                actor,
                                found_by: source.as_str().into(),
                            });
                        }
                    }
                    rows
                })
                .collect();
            Ok((rows, embeddings))
        })
    }
}

/// Per document, per sentence: the embedding of the sentence from the NER pass (empty when the
/// encoder is not shared).
pub type Embeddings = Vec<Vec<Vec<f32>>>;

/// One `stances` row and what the `positions` table needs besides: the document's year, the
/// label and score as the model gave them.
pub struct Stance {
    pub row: StanceRow,
    pub year: Option<i64>,
    pub label: Label,
    pub score: f32,
}

impl Pipeline {
    /// Stance rows for the documents of a chunk: every sentence × target, with its holder.
    /// `embeddings`: what [`entities`](Self::entities) returned for the same documents.
    pub fn stances(&self, docs: &[&DocOutput], embeddings: &Embeddings) -> Result<Vec<Vec<Stance>>, Error> {
        self.stances_where(docs, &|_, _| true, embeddings)
    }

    /// Stance rows for the sentences `keep` accepts (each scored with its previous sentence
    /// as context, as in a full run): scoring gold sentences without scoring whole documents.
    /// A sentence whose clauses have holders of their own gets rows per clause.
    ///
    /// Three steps: [`collect`](Self::collect) what to score and who holds it, [`score`] it
    /// in one model call per kind of text, then turn the scores into [`rows`](Self::rows).
    pub fn stances_where(
        &self,
        docs: &[&DocOutput],
        keep: &dyn Fn(&DocOutput, &Sentence) -> bool,
        embeddings: &Embeddings,
    ) -> Result<Vec<Vec<Stance>>, Error> {
        let Some(scorer) = self.models.stance() else { return Ok(docs.iter().map(|_| Vec::new()).collect()) };
        self.timed(Stage::Stance, || {
            let batch = self.collect(docs, keep, scorer.uses_context());
            let scores = score(scorer, &batch, embeddings)?;
            Ok(self.rows(docs, scorer, &batch, &scores))
        })
    }

    /// Collect: the sentences `keep` accepts, or their clauses where these have holders of
    /// their own, each with its holder, and their texts in the order the model takes them. All
    /// documents of the chunk go into one batch, so the model batches texts across documents.
    fn collect<'a>(
        &self,
        docs: &[&'a DocOutput],
        keep: &dyn Fn(&DocOutput, &Sentence) -> bool,
        context: bool,
    ) -> Batch<'a> {
        let mut batch = Batch::default();
        for (di, &d) in docs.iter().enumerate() {
            let cuts = self.holders(d);
            let mut mine = Vec::new();
            for ((j, s), (cut, question)) in d.sentences.iter().enumerate().zip(cuts) {
                if !keep(d, s) {
                    continue;
                }
                let text = s.span.slice(&d.doc.text);
                // The sentence before, in the same turn, for models that read it.
                let before = j
                    .checked_sub(1)
                    .filter(|&k| context && d.sentences[k].turn_id == s.turn_id)
                    .map(|k| d.sentences[k].span.slice(&d.doc.text));
                if let [only] = &cut[..] {
                    if before.is_some() {
                        batch.origin.push((di, j - 1));
                    }
                    batch.origin.push((di, j));
                    let i = batch.whole.push(text, before);
                    mine.push(Part {
                        s,
                        k: 0,
                        span: s.span,
                        holder: only.holder.clone(),
                        question,
                        text: i,
                        clause: false,
                    });
                    continue;
                }
                for (k, c) in cut.into_iter().enumerate() {
                    let span = Span::new(s.span.start + c.start, s.span.start + c.end);
                    let i = batch.clauses.push(span.slice(&d.doc.text), before);
                    mine.push(Part { s, k: k + 1, span, holder: c.holder, question, text: i, clause: true });
                }
            }
            batch.parts.push(mine);
        }
        batch
    }

    /// Every sentence's clauses with their holders, and whether it is a question. Every
    /// sentence, kept or not, tells the next who "the spokesman" and "he" are, so the whole
    /// document is walked; then the pieces of one sentence that quotation marks cut share a
    /// holder.
    fn holders(&self, d: &DocOutput) -> Vec<(Vec<holder::Clause>, bool)> {
        let turns: HashMap<&str, &Turn> = d.turns.iter().map(|t| (t.id.as_str(), t)).collect();
        let date = d.doc.meta.date.as_deref();
        let place =
            dateline(&d.doc.text, d.doc.body_start).and_then(|l| holder::actor_named(&self.registry, &l.place, date));
        let mut discourse = match d.doc.kind() {
            DocKind::Article => holder::Discourse::article(d.doc.meta.actor.clone(), place),
            _ => holder::Discourse::new(d.doc.meta.actor.clone(), place),
        };
        let issuer = d.doc.meta.actor.clone().filter(|_| d.doc.kind() == DocKind::Statement);
        // Whose voice an article's narration is when it reports no one: the actor its metadata
        // names (an agency's state), else the writer, who speaks for no state (`OTHER`, as the
        // codebook has it).
        let writer = match d.doc.kind() {
            DocKind::Article => Some(d.doc.meta.actor.clone().unwrap_or_else(|| OTHER.to_string())),
            // A statement nobody's metadata names (a G7 or Quartet statement) speaks for no state.
            DocKind::Statement if issuer.is_none() => Some(OTHER.to_string()),
            _ => None,
        };
        let mut voice: Option<Voice> = None;
        let mut cuts: Vec<(Vec<holder::Clause>, bool)> = Vec::with_capacity(d.sentences.len());
        let mut pieces: Vec<holder::Piece> = Vec::with_capacity(d.sentences.len());
        for (j, s) in d.sentences.iter().enumerate() {
            let turn = turns.get(s.turn_id.as_str()).copied();
            let v = match &mut voice {
                Some(v) if v.turn_id == s.turn_id => v,
                slot => {
                    let entered = self.enter_turn(turn, &s.turn_id, &mut discourse, date, &issuer, &writer);
                    slot.insert(entered)
                }
            };
            let question = turn.is_some_and(|t| t.kind == TurnKind::Question);
            // In an article, a quotation nobody could be found to speak (no actor, no person's
            // name: "…, the president's press service reported") reads as narration.
            let unspoken = turn.is_some_and(|t| t.kind == TurnKind::Quote && t.speaker_name.is_none())
                && v.actor.is_none()
                && writer.is_some();
            let narration = turn.is_some_and(|t| t.kind.is_authors()) || v.outlet || unspoken;
            let text = s.span.slice(&d.doc.text);
            let mut cut = discourse.clauses(&self.registry, text, v.actor.as_deref(), date, question, narration);
            // Not a speaker: roles and pronouns never resolve to the fallback.
            if let Some(f) = v.fallback.as_ref().filter(|_| !question) {
                for c in cut.iter_mut().filter(|c| c.holder.actor.is_none()) {
                    c.holder = holder::Holder { actor: Some(f.clone()), reported: false };
                }
            }
            if writer.is_some() {
                let quoted = turn.is_some_and(|t| t.kind == TurnKind::Quote) && v.actor.is_some();
                let continues = j > 0 && {
                    let prev = d.sentences[j - 1].span;
                    holder::continues(prev.slice(&d.doc.text), &d.doc.text[prev.end..s.span.start])
                };
                pieces.push(holder::Piece::new(&cut, quoted, v.named, question, continues));
            }
            cuts.push((cut, question));
        }
        holder::share_across_pieces(&mut pieces);
        for (piece, (cut, _)) in pieces.iter().zip(cuts.iter_mut()) {
            if let (Some(h), [only]) = (piece.shared(), &mut cut[..]) {
                only.holder = h.clone();
            }
        }
        cuts
    }

    /// Who speaks in the turn a sentence starts, told to the discourse. A quotation whose
    /// speaker the quotes stage left without an actor ("the spokesman", "a spokesperson for the
    /// ministry") gets one here; one without a speaker is the holder's who introduced it, else
    /// in a statement the issuer's.
    fn enter_turn<'t>(
        &self,
        turn: Option<&Turn>,
        turn_id: &'t str,
        discourse: &mut holder::Discourse,
        date: Option<&str>,
        issuer: &Option<String>,
        writer: &Option<String>,
    ) -> Voice<'t> {
        let quote = turn.is_some_and(|t| t.kind == TurnKind::Quote);
        let label = turn.filter(|_| quote).and_then(|t| t.speaker.as_deref());
        // "…, Kyodo reported": the writer reports whom the words name.
        let outlet = label.is_some_and(holder::is_outlet);
        let named = turn.is_some_and(|t| t.actor.is_some())
            || label.is_some_and(|l| holder::actor_named(&self.registry, l, date).is_some());
        // A speaker's positions are those of the body it is part of (the Taliban's are `OTHER`'s).
        let turn_actor = turn.and_then(|t| t.actor.as_deref()).map(|a| self.registry.position_holder(a).to_string());
        let actor = turn_actor.filter(|_| !outlet).or_else(|| {
            if outlet {
                return None;
            }
            let t = turn.filter(|_| quote)?;
            match t.speaker.as_deref() {
                // A named person the registry does not place speaks for no state ("Daryl
                // Kimball, of the Arms Control Association"), but in a statement for its issuer,
                // whose release quotes its own people ("…,” said Treasury Secretary Mnuchin).
                Some(label) => discourse.speaker_actor(&self.registry, label, date).or_else(|| issuer.clone()),
                None => discourse.introducer().or_else(|| issuer.clone()),
            }
        });
        discourse.enter_turn(actor.as_deref(), quote && !outlet);
        // Who holds what the sentence's words give no holder: the writer of narration; a named
        // person the registry does not place, who speaks for no state ("said Daryl Kimball").
        let fallback = match turn.map(|t| t.kind) {
            Some(k) if k.is_authors() || outlet => writer.clone(),
            Some(TurnKind::Quote) if actor.is_none() => {
                turn.and_then(|t| t.speaker_name.as_ref()).map(|_| OTHER.to_string())
            }
            _ => None,
        };
        Voice { turn_id, actor, named, outlet, fallback }
    }

    /// Rows: per part, one row per scored target, each with the holder `collect` found.
    fn rows(&self, docs: &[&DocOutput], scorer: &dyn Scorer, batch: &Batch, scores: &Scores) -> Vec<Vec<Stance>> {
        docs.iter()
            .zip(&batch.parts)
            .map(|(d, parts)| {
                let index = CharIndex::new(&d.doc.text);
                let mut rows = Vec::new();
                for part in parts {
                    let (p, text) = match part.clause {
                        true => (&scores.clauses[part.text], &batch.clauses.texts[part.text]),
                        false => (&scores.whole[part.text], &batch.whole.texts[part.text]),
                    };
                    let h = &part.holder;
                    let source = h.actor.as_ref().map(|_| if h.reported { "reported" } else { "speaker" });
                    let c = span_columns(&index, &d.doc.text, part.span);
                    let id = match part.k {
                        0 => part.s.id.clone(),
                        k => format!("{}.{k}", part.s.id),
                    };
                    for (i, target) in self.models.targets() {
                        let p = &p[*i];
                        let (label, score, method) = self.label(scorer, part, target, text, p);
                        rows.push(Stance {
                            row: StanceRow {
                                stance_id: format!("{id}:{target}"),
                                sentence_id: part.s.id.clone(),
                                turn_id: part.s.turn_id.clone(),
                                doc_id: d.doc.id.clone(),
                                start: c.start,
                                end: c.end,
                                char_start: c.char_start,
                                char_end: c.char_end,
                                holder: h.actor.clone(),
                                holder_source: source.map(str::to_string),
                                target: target.clone(),
                                label: label.as_str().into(),
                                score: f64::from(score),
                                p_favor: f64::from(p[0]),
                                p_against: f64::from(p[1]),
                                p_none: f64::from(p[2]),
                                method: method.into(),
                                model: scorer.model().into(),
                            },
                            year: d.doc.meta.year.map(i64::from),
                            label,
                            score,
                        });
                    }
                }
                rows
            })
            .collect()
    }

    /// A part's label for a target, its score and the method that gave it. A question takes
    /// no position, whatever its words; a cue of the codebook settles the label whatever the
    /// model says.
    fn label<'s>(
        &self,
        scorer: &'s dyn Scorer,
        part: &Part,
        target: &str,
        text: &str,
        p: &[f32; 3],
    ) -> (Label, f32, &'s str) {
        if part.question {
            (Label::None, p[2], scorer.method())
        } else if let Some(label) = self.models.cues().label(target, text, part.holder.actor.as_deref()) {
            (label, 1.0, "cue")
        } else {
            let (label, score) = Label::argmax(p);
            (label, score, scorer.method())
        }
    }
}

/// Score: one model call for the whole sentences (from NER's embeddings when the encoder is
/// shared) and one for the clauses, which have no embeddings; the model batches each.
fn score(scorer: &dyn Scorer, batch: &Batch, embeddings: &Embeddings) -> Result<Scores, Error> {
    let model_error = |source| Error::Stance { what: "stance scoring", source };
    let whole = if embeddings.is_empty() {
        scorer.score(&batch.whole.refs(), &batch.whole.prev)
    } else {
        let emb: Vec<Vec<f32>> = batch.origin.iter().map(|&(d, j)| embeddings[d][j].clone()).collect();
        scorer.score_embedded(&emb, &batch.whole.prev)
    }
    .map_err(model_error)?;
    let clauses = if batch.clauses.texts.is_empty() {
        Vec::new()
    } else {
        scorer.score(&batch.clauses.refs(), &batch.clauses.prev).map_err(model_error)?
    };
    Ok(Scores { whole, clauses })
}

/// What the stance stage scores for a chunk of documents.
#[derive(Default)]
struct Batch<'a> {
    /// Whole sentences to score (and the sentence before each, with context) …
    whole: Texts,
    /// (document, sentence) of each whole-sentence text, to find its embedding.
    origin: Vec<(usize, usize)>,
    /// … and clauses, which have no embeddings yet.
    clauses: Texts,
    /// Per document, the parts that get rows.
    parts: Vec<Vec<Part<'a>>>,
}

/// The model's `[favor, against, none]` per target for each text of a [`Batch`].
struct Scores {
    whole: Vec<Vec<[f32; 3]>>,
    clauses: Vec<Vec<[f32; 3]>>,
}

/// Who speaks in a turn, as the holders of its sentences need it.
struct Voice<'t> {
    turn_id: &'t str,
    /// The speaker's actor.
    actor: Option<String>,
    /// Whether a name gave the actor (a quotation's speaker the registry knows).
    named: bool,
    /// Whether a news outlet speaks ("…, Kyodo reported").
    outlet: bool,
    /// Who holds what the sentence's words give no holder.
    fallback: Option<String>,
}

/// Texts for the stance scorer, each with the index of its previous sentence's text.
#[derive(Default)]
struct Texts {
    texts: Vec<String>,
    prev: Vec<Option<usize>>,
}

impl Texts {
    /// Adds `text` (after `before`, when given) and returns its index.
    fn push(&mut self, text: &str, before: Option<&str>) -> usize {
        let p = before.map(|b| {
            self.texts.push(normalize_ws(b));
            self.prev.push(None);
            self.texts.len() - 1
        });
        self.texts.push(normalize_ws(text));
        self.prev.push(p);
        self.texts.len() - 1
    }

    fn refs(&self) -> Vec<&str> {
        self.texts.iter().map(String::as_str).collect()
    }
}

/// A sentence, or one of its clauses, to give stance rows.
struct Part<'a> {
    s: &'a Sentence,
    /// 0 for the whole sentence; clauses count from 1.
    k: usize,
    span: Span,
    holder: holder::Holder,
    question: bool,
    /// Its index in the whole-sentence or the clause texts.
    text: usize,
    clause: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn turn(label: &str, name: Option<&str>, actor: Option<&str>) -> Turn {
        Turn {
            id: String::new(),
            seq: 0,
            kind: TurnKind::Turn,
            speaker: Some(label.into()),
            speaker_name: name.map(str::to_string),
            actor: actor.map(str::to_string),
            role: None,
            mode: None,
            span: Span::new(0, 0),
        }
    }

    fn mended(turns: &[Turn]) -> Vec<(Option<String>, Option<String>)> {
        let mut turns = turns.to_vec();
        Pipeline::mend_misspelt_speakers(&mut turns);
        turns.into_iter().map(|t| (t.speaker_name, t.actor)).collect()
    }

    #[test]
    fn a_misspelt_label_takes_the_speaker_one_letter_away() {
        let sullivan = (Some("Jake Sullivan".to_string()), Some("USA".to_string()));
        let turns = [turn("MR. SULLIVAN", Some("Jake Sullivan"), Some("USA")), turn("MR. SULLIAN", None, None)];
        assert_eq!(mended(&turns), [sullivan.clone(), sullivan]);
        // Two letters away, too short, or close to two different speakers: left unknown.
        for label in ["MR. SULIAN", "MR. X"] {
            let turns = [turn("MR. SULLIVAN", Some("Jake Sullivan"), Some("USA")), turn(label, None, None)];
            assert_eq!(mended(&turns)[1], (None, None), "{label}");
        }
        let turns = [
            turn("MS. SMITHE", Some("Ann Smithe"), Some("USA")),
            turn("MS. SMYTHE", Some("Bo Smythe"), Some("GBR")),
            turn("MS. SMTHE", None, None),
        ];
        assert_eq!(mended(&turns)[2], (None, None));
        // The same speaker under two close labels is still one speaker; é counts as one letter.
        let turns = [
            turn("MR. JOSÉ DIAZ", Some("José Díaz"), Some("MEX")),
            turn("MR. JOSE DIAZ", Some("José Díaz"), Some("MEX")),
            turn("MR. JOSÉ DÍAZ", None, None),
        ];
        assert_eq!(mended(&turns)[2], (Some("José Díaz".into()), Some("MEX".into())));
    }
}
