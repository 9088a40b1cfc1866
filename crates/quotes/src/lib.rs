//! Quotations and reported speech in news articles, with their speakers.
//!
//! [`QuoteExtractor::extract`] takes an article's narration paragraphs (from the news
//! segmenter) and returns its turns in document order: a [`TurnKind::Quote`] turn for every
//! quotation's content (direct, partial, block) and every clause of reported speech
//! (indirect), each with its speaker as written, canonical name, role and actor, and
//! [`TurnKind::Narration`] turns for the words outside them. Turns never overlap.
//!
//! The stages, each in its module:
//! - `marks`: quotation marks paired into quotations, across paragraphs;
//! - `tokens`: words and sentences, each quotation one token;
//! - `para`: a paragraph's tokens and sentences, and a sentence's subject;
//! - `cues`: reporting verbs, "according to", colons and dashes, with the phrases (`np`)
//!   that name speakers and the extent of what they report;
//! - `attribution`: paragraphs, labels, block quotations and the conventions for quotations
//!   without a cue of their own;
//! - `coref`: who each phrase is ("he", "Kim", "the U.S. envoy"), in document order;
//! - `resolve`: actors of speakers the registry does not know, from their role.
//!
//! [`eval`] scores the extractor against PolNeAR (`names` compares its speaker names with
//! the gold ones); [`brat`] reads its stand-off files.

mod attribution;
pub mod brat;
mod coref;
mod cues;
mod error;
pub mod eval;
mod lexicon;
mod marks;
mod names;
mod np;
mod para;
mod resolve;
mod tokens;

use std::collections::HashMap;

use demarche_actors::Registry;
use demarche_core::{trim_span, Document, Span, TurnKind};

use attribution::Source;
use coref::{Coref, Speaker};

pub use error::Error;

/// How a quotation reports its speaker's words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Mode {
    /// Between quotation marks: whole sentences or a partial quotation.
    Direct,
    /// Reported speech without marks: the clause after "X said that …".
    Indirect,
    /// A block quotation without marks, introduced by a colon or a transcript label.
    Block,
}

impl Mode {
    pub fn as_str(&self) -> &'static str {
        match self {
            Mode::Direct => "direct",
            Mode::Indirect => "indirect",
            Mode::Block => "block",
        }
    }
}

impl std::fmt::Display for Mode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One turn of an article.
#[derive(Debug, Clone, PartialEq)]
pub struct QuoteTurn {
    /// `Quote` or `Narration`; `Question` for a reporter's question quoted from a transcript
    /// (`QUESTION: …` in a blog post): it is quoted, but holds no position.
    pub kind: TurnKind,
    /// Bytes of `doc.text`, trimmed, never empty. For a quotation its content (inside the
    /// marks, without the comma that belongs to the attribution); for indirect speech the
    /// reported clause; for narration the words outside quotations.
    pub span: Span,
    /// The speaker as written where the quotation is attributed ("Kim", "he", "Ken Gause",
    /// "the Kremlin", "AMBASSADOR KIM").
    pub speaker: Option<String>,
    /// The canonical full name ("Sung Kim"), or the state or organisation's name ("Russia").
    pub speaker_name: Option<String>,
    /// The role as the article writes it (appositive or title).
    pub role: Option<String>,
    /// Registry id: `USA`, `PRK`, `OTHER`…; `None` when unknown, never a guess.
    pub actor: Option<String>,
    /// `Some` for quotations and questions, `None` for narration.
    pub mode: Option<Mode>,
    /// Where `speaker` is written in `doc.text`.
    pub speaker_span: Option<Span>,
    /// Turns that are pieces of one utterance share a number: a quotation interrupted by its
    /// attribution, the clauses of reported speech around a partial quotation, a quotation
    /// over several paragraphs. `None` for narration.
    pub group: Option<usize>,
}

impl QuoteTurn {
    fn narration(span: Span) -> Self {
        QuoteTurn { kind: TurnKind::Narration, ..QuoteTurn::headline(span) }
    }

    /// A headline or subhead, passed through whole.
    pub fn headline(span: Span) -> Self {
        QuoteTurn {
            kind: TurnKind::Headline,
            span,
            speaker: None,
            speaker_name: None,
            role: None,
            actor: None,
            mode: None,
            speaker_span: None,
            group: None,
        }
    }
}

/// Extracts quotations and their speakers from news articles.
pub struct QuoteExtractor<'r> {
    registry: &'r Registry,
}

impl<'r> QuoteExtractor<'r> {
    pub fn new(registry: &'r Registry) -> Self {
        QuoteExtractor { registry }
    }

    /// `paragraphs` are the article's narration paragraphs from `NewsSegmenter`, in order.
    /// Returns the article's turns in document order: quotations, and narration for the text
    /// outside them. Spans outside the text or off char boundaries are clamped, overlapping
    /// paragraphs dropped, so no input makes this panic.
    pub fn extract(&self, doc: &Document, paragraphs: &[Span]) -> Vec<QuoteTurn> {
        self.extract_probed(doc, paragraphs, &[]).0
    }

    /// [`extract`](Self::extract), and whom the pronouns ("he", "she") at `probes` denote by
    /// the article's coreference at that point: the evaluation checks gold pronoun sources
    /// with it.
    pub(crate) fn extract_probed(
        &self,
        doc: &Document,
        paragraphs: &[Span],
        probes: &[Span],
    ) -> (Vec<QuoteTurn>, Vec<Option<String>>) {
        let text = doc.text.as_str();
        let paras = sanitize(text, paragraphs);
        let quotes = marks::find(text, &paras);
        let analysis = attribution::analyze(text, &paras, &quotes);
        let (speakers, probed) = self.speakers(doc, &paras, &analysis, probes);
        (assemble(text, &paras, &analysis, &speakers), probed)
    }

    fn speakers(
        &self,
        doc: &Document,
        paras: &[Span],
        analysis: &attribution::Analysis,
        probes: &[Span],
    ) -> (Vec<Speaker>, Vec<Option<String>>) {
        let mut coref = Coref::new(self.registry, &doc.text, doc.meta.date.as_deref(), doc.meta.actor.as_deref());
        coref.gather(analysis, paras);
        let utts = &analysis.utterances;
        // Mentions that are some utterance's speaker phrase are resolved as speakers.
        let np_starts: std::collections::HashSet<usize> = utts
            .iter()
            .filter_map(|u| match &u.source {
                Source::Np(np) => np.words.first().map(|w| w.span.start),
                _ => None,
            })
            .collect();
        // Events in document order: 0 a mention, 1 a probe, 2 an utterance.
        let mut order: Vec<(usize, u8, usize)> = analysis
            .mentions
            .iter()
            .enumerate()
            .filter(|(_, m)| !np_starts.contains(&m.at))
            .map(|(i, m)| (m.at, 0, i))
            .collect();
        order.extend(probes.iter().enumerate().map(|(i, p)| (p.start, 1, i)));
        order.extend(utts.iter().enumerate().map(|(i, u)| (u.at, 2, i)));
        order.sort();
        let mut out: Vec<Option<Speaker>> = vec![None; utts.len()];
        let mut probed: Vec<Option<String>> = vec![None; probes.len()];
        for (_, kind, i) in order {
            if kind == 0 {
                let m = &analysis.mentions[i];
                coref.observe(&m.np, m.at, m.subject);
                continue;
            }
            if kind == 1 {
                let p = probes[i];
                let word = doc.text.get(p.start..p.end).unwrap_or("").trim().to_lowercase();
                probed[i] = coref.peek_pronoun(&word, p.start);
                continue;
            }
            let u = &utts[i];
            out[i] = match &u.source {
                Source::Np(np) => Some(coref.resolve_np(np, u.at)),
                Source::Label(l, span) => Some(coref.resolve_label(l, *span, u.at)),
                Source::Nobody => Some(Speaker::default()),
                Source::Same(_) => None,
            };
        }
        // Links, followed to the utterance that names the speaker.
        let speakers = (0..utts.len())
            .map(|i| {
                let mut j = i;
                for _ in 0..utts.len().min(64) {
                    match (&out[j], &utts[j].source) {
                        (Some(s), _) => return s.clone(),
                        (None, Source::Same(k)) if *k < utts.len() => j = *k,
                        _ => break,
                    }
                }
                Speaker::default()
            })
            .collect();
        (speakers, probed)
    }
}

/// Paragraph spans clamped into the text, onto char boundaries, in order, not overlapping.
fn sanitize(text: &str, paragraphs: &[Span]) -> Vec<Span> {
    let fix = |mut b: usize| {
        b = b.min(text.len());
        while !text.is_char_boundary(b) {
            b -= 1;
        }
        b
    };
    let mut v: Vec<Span> = paragraphs
        .iter()
        .filter(|p| p.start < p.end)
        .map(|p| trim_span(text, Span::new(fix(p.start), fix(p.end).max(fix(p.start)))))
        .filter(|p| !p.is_empty())
        .collect();
    v.sort();
    let mut out: Vec<Span> = Vec::with_capacity(v.len());
    for p in v {
        if out.last().is_none_or(|l| l.end <= p.start) {
            out.push(p);
        }
    }
    out
}

/// Narration between quotations keeps its words only: no marks, commas or colons at its
/// ends, and a piece with no letter or digit is dropped.
fn narration_piece(text: &str, span: Span) -> Option<Span> {
    let s = span.slice(text);
    let edge = |c: char| demarche_core::is_space(c) || marks::is_mark(c) || matches!(c, ',' | ';');
    let lead = s.len() - s.trim_start_matches(edge).len();
    let body = s.trim_start_matches(edge).trim_end_matches(edge);
    let out = Span::new(span.start + lead, span.start + lead + body.len());
    (body.chars().any(char::is_alphanumeric)).then_some(out)
}

fn assemble(text: &str, paras: &[Span], analysis: &attribution::Analysis, speakers: &[Speaker]) -> Vec<QuoteTurn> {
    let utts = &analysis.utterances;
    let mut parts: Vec<(Span, Mode, usize)> =
        utts.iter().enumerate().flat_map(|(i, u)| u.parts.iter().map(move |&(s, m)| (s, m, i))).collect();
    parts.sort_by_key(|p| (p.0.start, p.0.end));
    // Dense group numbers in order of appearance.
    let mut groups: HashMap<usize, usize> = HashMap::new();
    let mut out = Vec::new();
    let mut k = 0;
    for &para in paras {
        let mut at = para.start;
        while k < parts.len() && parts[k].0.start < para.end {
            let (span, mode, u) = parts[k];
            k += 1;
            if span.start < at || span.end > para.end || span.is_empty() {
                continue;
            }
            if let Some(n) = narration_piece(text, Span::new(at, span.start)) {
                out.push(QuoteTurn::narration(n));
            }
            let sp = speakers.get(u).cloned().unwrap_or_default();
            let next = groups.len();
            let group = *groups.entry(utts[u].group).or_insert(next);
            out.push(QuoteTurn {
                kind: if sp.question { TurnKind::Question } else { TurnKind::Quote },
                span,
                speaker: sp.written,
                speaker_name: sp.name,
                role: sp.role,
                actor: sp.actor,
                mode: Some(mode),
                speaker_span: sp.span,
                group: Some(group),
            });
            at = span.end;
        }
        if let Some(n) = narration_piece(text, Span::new(at, para.end)) {
            out.push(QuoteTurn::narration(n));
        }
    }
    out
}
