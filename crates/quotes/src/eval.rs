//! Scores the extractor against PolNeAR (BRAT stand-off: Source, Cue, Content, Attribution).
//!
//! # The metric
//!
//! Each article's text is segmented by the default `NewsSegmenter` and passed through
//! [`QuoteExtractor`](crate::QuoteExtractor); its date comes from `metadata.tsv` beside the
//! split folders when there is one. Articles annotated by several annotators are scored
//! against the first annotation file in name order.
//!
//! - **Gold**: the Content span of every `Attribution` and `Attribution-no-source` event
//!   (discontinuous spans are one content). Three sets are scored: *all* attributions;
//!   *speech*, those whose cue is a verb of saying or writing (the stems in [`SPEECH_CUES`],
//!   "according to", a colon) or whose content holds a quotation mark; *quoted*, those whose
//!   content holds a quotation mark.
//! - **Predictions**: one unit per utterance: the turns of kind quote (or quoted question)
//!   that share a `group` are one unit (an interrupted quotation, the clauses of reported
//!   speech around a partial quotation, a quotation over paragraphs).
//! - **Tokens** are maximal runs of letters and digits; spans are compared by the tokens they
//!   cover.
//! - **Overlap** (lenient): a unit matches a gold content when they share at least one token.
//!   Precision = units matching any gold content (of *all*: reported speech that PolNeAR
//!   annotates as any attribution is not a false positive) / units. Recall(set) = gold
//!   contents of the set matched by some unit / gold contents of the set. F1 = harmonic mean.
//! - **Exact-ish** (≥50%): a unit and a gold content match when their shared tokens are at
//!   least half of the unit's tokens and at least half of the gold's. Precision and recall
//!   as above with this match.
//! - **Speaker match**: for every unit that overlaps a gold content, the gold content it
//!   shares most tokens with; when that gold has a Source, the unit's speaker (that of its
//!   first turn) matches when
//!   (a) its `speaker_span` shares a token with the gold Source — for a personal pronoun
//!   Source ("he", "she") only when the turn also names the person (`speaker_name`), for a
//!   pronoun that stands for no one person ("they", "it", "we", "I") as written, counted
//!   apart in [`Report::speaker_matched_unresolved`];
//!   (b) the names agree: the gold Source text equals `speaker_name` or `speaker`, or
//!   contains the last word of either (a surname: "Mrs. Clinton" and "Hillary Clinton");
//!   (c) the gold Source is "he" or "she" and the extractor's coreference, asked at that
//!   point of the article, resolves it to the turn's `speaker_name` — a gold pronoun counts
//!   as matched when it is resolved to the same person the article names;
//!   (d) the gold Source is a relative pronoun ("who") right after the turn's
//!   `speaker_span`, its antecedent.
//!   Matched units whose gold has no Source are counted apart; a unit with no speaker never
//!   matches.
//! - **Speaker name**: the same units, scored on names alone: the unit's `speaker_name` must
//!   name whom the gold Source names (see `names`: surnames equal, given names compatible,
//!   or the same registry state or organisation; a pronoun or a word without a capital never
//!   counts, and the mention-overlap of (a) does not help). The gold name is the name that
//!   heads the Source ("Sen. Ted Cruz (R-Texas)" → Ted Cruz); a single capitalised word the
//!   article also writes in lower case ("Police said") names no one. PolNeAR has no
//!   coreference, so for a Source "he"/"she" (or "him", "his", "her") the gold name is that
//!   of the nearest Source of the article before it that names a person (not a state or
//!   body: "New York Times", "Sierra Club") and does not disagree in gender (by title or
//!   given name), in full where an earlier Source gives that person's full name (same
//!   surname). Units whose gold Source names no one (a description such as "a source",
//!   "they", a pronoun with no such antecedent) are counted apart in
//!   [`Report::name_unnamed`].

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::path::{Path, PathBuf};

use demarche_actors::Registry;
use demarche_core::{Document, Meta, Span, TurnKind};
use demarche_segment::{NewsSegmenter, Segmenter};

use crate::brat::{self, AnnFile};
use crate::lexicon::Gender;
use crate::names::{self, Name};
use crate::{Error, QuoteExtractor, QuoteTurn};

/// Cue stems that make an attribution reported speech (matched at the start of a cue word).
pub const SPEECH_CUES: &[&str] = &[
    "said",
    "say",
    "tell",
    "told",
    "add",
    "accord",
    "writ",
    "wrote",
    "note",
    "noting",
    "ask",
    "state",
    "stating",
    "repl",
    "respond",
    "explain",
    "argu",
    "claim",
    "insist",
    "warn",
    "suggest",
    "announc",
    "declar",
    "tweet",
    "acknowledg",
    "admit",
    "think",
    "thought",
    "believ",
    "stress",
    "emphasi",
    "recall",
    "conced",
    "predict",
    "promis",
    "vow",
    "pledg",
    "quip",
    "joke",
    "told",
    "assert",
    "contend",
    "remark",
    "comment",
    "testif",
    "wonder",
    "report",
    "confirm",
    "deni",
    "deny",
    "urg",
];

/// Precision, recall and F1 as shares (0–1).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Prf {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

impl Prf {
    fn new(tp_p: usize, n_p: usize, tp_r: usize, n_r: usize) -> Self {
        let precision = if n_p == 0 { 0.0 } else { tp_p as f64 / n_p as f64 };
        let recall = if n_r == 0 { 0.0 } else { tp_r as f64 / n_r as f64 };
        let f1 = if precision + recall == 0.0 { 0.0 } else { 2.0 * precision * recall / (precision + recall) };
        Prf { precision, recall, f1 }
    }
}

/// Scores of one gold set.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SetScores {
    pub gold: usize,
    pub overlap: Prf,
    pub exactish: Prf,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Report {
    pub split: String,
    pub documents: usize,
    pub units: usize,
    pub turns: usize,
    pub all: SetScores,
    pub speech: SetScores,
    pub quoted: SetScores,
    /// Units that overlap a gold content whose gold has a Source.
    pub speaker_scored: usize,
    pub speaker_matched: usize,
    /// Matched units whose gold content has no Source.
    pub speaker_no_gold_source: usize,
    /// Matched units (with a gold Source) for which the extractor found no speaker.
    pub speaker_unknown: usize,
    /// Speaker matches on a gold Source that is a pronoun for no one person ("they", "it",
    /// "we", "I"), found at the same mention but not resolved to a name.
    pub speaker_matched_unresolved: usize,
    /// Units scored on names: matched units whose gold Source names someone.
    pub name_scored: usize,
    /// Of those, units whose `speaker_name` names the same one.
    pub name_matched: usize,
    /// Matched units whose gold Source names no one (a description, "they", a pronoun
    /// without a named antecedent among the gold Sources).
    pub name_unnamed: usize,
}

impl Report {
    pub fn speaker_match(&self) -> f64 {
        if self.speaker_scored == 0 {
            0.0
        } else {
            self.speaker_matched as f64 / self.speaker_scored as f64
        }
    }

    /// Share of the units scored on names whose predicted name is the gold one.
    pub fn name_match(&self) -> f64 {
        if self.name_scored == 0 {
            0.0
        } else {
            self.name_matched as f64 / self.name_scored as f64
        }
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let pct = |x: f64| format!("{:5.1}", 100.0 * x);
        writeln!(
            f,
            "PolNeAR {}: {} documents, {} predicted units ({} turns)",
            self.split, self.documents, self.units, self.turns
        )?;
        writeln!(
            f,
            "{:<8} {:>6} | {:>5} {:>5} {:>5} | {:>5} {:>5} {:>5}",
            "gold", "n", "P", "R", "F1", "P50", "R50", "F1-50"
        )?;
        for (name, s) in [("all", &self.all), ("speech", &self.speech), ("quoted", &self.quoted)] {
            writeln!(
                f,
                "{:<8} {:>6} | {} {} {} | {} {} {}",
                name,
                s.gold,
                pct(s.overlap.precision),
                pct(s.overlap.recall),
                pct(s.overlap.f1),
                pct(s.exactish.precision),
                pct(s.exactish.recall),
                pct(s.exactish.f1)
            )?;
        }
        write!(
            f,
            "speaker match on matched units: {} ({} of {}, {} of them a \"they/it/we/I\" found as written; {} with no speaker found; {} more whose gold has no source)",
            pct(self.speaker_match()).trim(),
            self.speaker_matched,
            self.speaker_scored,
            self.speaker_matched_unresolved,
            self.speaker_unknown,
            self.speaker_no_gold_source
        )?;
        write!(
            f,
            "\nspeaker name on matched units: {} ({} of {} whose gold source names someone; {} more whose gold source names no one)",
            pct(self.name_match()).trim(),
            self.name_matched,
            self.name_scored,
            self.name_unnamed
        )
    }
}

/// One gold attribution, in byte spans of the text.
#[derive(Debug, Clone)]
struct Gold {
    content: Vec<Span>,
    source: Vec<Span>,
    speech: bool,
    quoted: bool,
}

/// Sorted, disjoint ranges of token indexes.
type TokenSet = Vec<(usize, usize)>;

/// Token index ranges covered by spans: tokens are runs of letters and digits.
struct TokenIndex {
    starts: Vec<usize>,
    ends: Vec<usize>,
}

impl TokenIndex {
    fn new(text: &str) -> Self {
        let (mut starts, mut ends) = (Vec::new(), Vec::new());
        let mut cur: Option<usize> = None;
        for (i, c) in text.char_indices() {
            match (c.is_alphanumeric(), cur) {
                (true, None) => cur = Some(i),
                (false, Some(s)) => {
                    starts.push(s);
                    ends.push(i);
                    cur = None;
                }
                _ => {}
            }
        }
        if let Some(s) = cur {
            starts.push(s);
            ends.push(text.len());
        }
        TokenIndex { starts, ends }
    }
    /// Tokens lying at least partly inside the span.
    fn range(&self, s: Span) -> (usize, usize) {
        let a = self.ends.partition_point(|&e| e <= s.start);
        let b = self.starts.partition_point(|&x| x < s.end);
        (a, b.max(a))
    }
    fn set(&self, spans: &[Span]) -> Vec<(usize, usize)> {
        let mut v: Vec<(usize, usize)> = spans.iter().map(|&s| self.range(s)).filter(|r| r.0 < r.1).collect();
        v.sort();
        let mut out: Vec<(usize, usize)> = Vec::new();
        for r in v {
            match out.last_mut() {
                Some(l) if r.0 <= l.1 => l.1 = l.1.max(r.1),
                _ => out.push(r),
            }
        }
        out
    }
}

fn size(set: &[(usize, usize)]) -> usize {
    set.iter().map(|r| r.1 - r.0).sum()
}

fn shared(a: &[(usize, usize)], b: &[(usize, usize)]) -> usize {
    let mut n = 0;
    for x in a {
        for y in b {
            let lo = x.0.max(y.0);
            let hi = x.1.min(y.1);
            n += hi.saturating_sub(lo);
        }
    }
    n
}

fn is_speech_cue(cue: &str) -> bool {
    let cue = cue.to_lowercase();
    cue.trim() == ":"
        || cue.ends_with(':')
        || cue
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .any(|w| SPEECH_CUES.iter().any(|s| w.starts_with(s)))
}

fn has_mark(s: &str) -> bool {
    s.contains(['"', '“', '”'])
}

/// Code-point offsets to byte offsets.
fn byte_offsets(text: &str) -> Vec<usize> {
    let mut v: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
    v.push(text.len());
    v
}

fn to_spans(bytes: &[usize], spans: &[(usize, usize)], path: &Path, line: usize) -> Result<Vec<Span>, Error> {
    spans
        .iter()
        .map(|&(a, b)| match (bytes.get(a), bytes.get(b)) {
            (Some(&x), Some(&y)) => Ok(Span::new(x, y)),
            _ => Err(Error::Malformed {
                path: path.to_path_buf(),
                line,
                message: format!("offsets {a}-{b} lie outside the text ({} characters)", bytes.len() - 1),
            }),
        })
        .collect()
}

fn golds(ann: &AnnFile, text: &str, path: &Path) -> Result<Vec<Gold>, Error> {
    let bytes = byte_offsets(text);
    let mut out = Vec::new();
    for e in &ann.events {
        if e.kind != "Attribution" && e.kind != "Attribution-no-source" {
            continue;
        }
        let arg = |role: &str| e.args.iter().find(|(r, _)| r == role).and_then(|(_, id)| ann.bound(id));
        let Some(content) = arg("Content") else { continue };
        let content_spans = to_spans(&bytes, &content.spans, path, content.line)?;
        let source = match arg("Source") {
            Some(s) => to_spans(&bytes, &s.spans, path, s.line)?,
            None => Vec::new(),
        };
        let cue = match arg("Cue") {
            Some(c) => {
                to_spans(&bytes, &c.spans, path, c.line)?.iter().map(|s| s.slice(text)).collect::<Vec<_>>().join(" ")
            }
            None => String::new(),
        };
        let quoted = content_spans.iter().any(|s| has_mark(s.slice(text)));
        out.push(Gold { content: content_spans, source, speech: quoted || is_speech_cue(&cue), quoted });
    }
    Ok(out)
}

/// Pronouns that stand for no one person ("they", "it", "we", "I" of a group or the
/// writer): the gold names no person to resolve them to.
fn is_group_pronoun(s: &str) -> bool {
    matches!(
        s.trim().to_lowercase().as_str(),
        "they" | "it" | "we" | "i" | "you" | "their" | "them" | "its" | "our" | "us"
    )
}

fn is_pronoun(s: &str) -> bool {
    matches!(
        s.trim().to_lowercase().as_str(),
        "he" | "she" | "they" | "it" | "i" | "we" | "you" | "his" | "her" | "their" | "him" | "them"
    )
}

fn pronoun_gender(s: &str) -> Option<Gender> {
    match s.trim().to_lowercase().as_str() {
        "he" | "him" | "his" => Some(Gender::Male),
        "she" | "her" | "hers" => Some(Gender::Female),
        _ => None,
    }
}

/// The name a gold attribution's Source gives (see the module documentation): its own, or
/// for "he"/"she" that of the nearest named person among the Sources before it, of no other
/// gender, in full where an earlier Source gives that person's full name.
fn gold_name(g: &Gold, all: &[Gold], text: &str, registry: &Registry) -> Option<Name> {
    let first = *g.source.first()?;
    let src_of = |o: &Gold| o.source.iter().map(|s| s.slice(text)).collect::<Vec<_>>().join(" ");
    let src = src_of(g);
    if !is_pronoun(&src) {
        return Name::of(&src).filter(|n| !common_noun(text, &n.text));
    }
    let gender = pronoun_gender(&src)?;
    let mut before: Vec<(usize, String)> = all
        .iter()
        .filter_map(|o| {
            let s = *o.source.first()?;
            (s.start < first.start).then(|| (s.start, src_of(o)))
        })
        .collect();
    before.sort();
    before.dedup();
    let named: Vec<(String, Name)> = before
        .into_iter()
        .filter_map(|(_, t)| Some((t.clone(), Name::of(&t)?)))
        .filter(|(_, n)| !common_noun(text, &n.text))
        .collect();
    let at = named.iter().rposition(|(t, n)| !n.is_body(registry) && n.gender(t).is_none_or(|x| x == gender))?;
    let n = &named[at].1;
    if n.is_full(registry) {
        return Some(n.clone());
    }
    let full = named[..at].iter().rev().find(|(_, m)| m.is_full(registry) && m.surname_key() == n.surname_key());
    Some(full.map_or_else(|| n.clone(), |(_, m)| m.clone()))
}

/// A single capitalised word that the article also writes in lower case: a common noun
/// opening a sentence ("Police said …"), not a name.
fn common_noun(text: &str, name: &str) -> bool {
    if name.split_whitespace().count() != 1 {
        return false;
    }
    let lower = name.to_lowercase();
    text.split(|c: char| !c.is_alphanumeric() && c != '-').any(|w| w == lower)
}

fn last_word(s: &str) -> Option<String> {
    let s = s.trim_end_matches(|c: char| !c.is_alphanumeric());
    let s = s.strip_suffix("’s").or_else(|| s.strip_suffix("'s")).unwrap_or(s);
    s.split(|c: char| c.is_whitespace())
        .next_back()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase())
}

fn contains_word(hay: &str, w: &str) -> bool {
    !w.is_empty() && hay.to_lowercase().split(|c: char| !c.is_alphanumeric()).any(|x| x == w)
}

fn is_relative(s: &str) -> bool {
    matches!(s.trim().to_lowercase().as_str(), "who" | "which" | "that" | "whom")
}

/// Whether a turn's speaker is the gold Source (see the module documentation); `probe` is
/// whom the extractor's coreference takes a gold pronoun Source to be.
fn speaker_matches(turn: &QuoteTurn, gold_src: &[Span], text: &str, idx: &TokenIndex, probe: Option<&str>) -> bool {
    if turn.speaker.is_none() && turn.speaker_name.is_none() {
        return false;
    }
    let src_text: String = gold_src.iter().map(|s| s.slice(text)).collect::<Vec<_>>().join(" ");
    let pronoun = is_pronoun(&src_text);
    let gset = idx.set(gold_src);
    if let Some(sp) = turn.speaker_span {
        let same_mention = shared(&idx.set(&[sp]), &gset) > 0;
        if same_mention && (!pronoun || turn.speaker_name.is_some() || is_group_pronoun(&src_text)) {
            return true;
        }
        // `Kim, who said …`: the relative pronoun's antecedent ends right before it.
        if is_relative(&src_text) {
            if let Some(g) = gold_src.first() {
                let gap = text.get(sp.end.min(g.start)..g.start).unwrap_or("x");
                if sp.end <= g.start && gap.chars().all(|c| c.is_whitespace() || c == ',') {
                    return true;
                }
            }
        }
    }
    if pronoun {
        return probe.is_some() && turn.speaker_name.as_deref() == probe;
    }
    let src_lower = src_text.trim().to_lowercase();
    for name in [&turn.speaker_name, &turn.speaker].into_iter().flatten() {
        if name.to_lowercase() == src_lower {
            return true;
        }
        if let Some(w) = last_word(name) {
            if w.chars().count() > 2 && contains_word(&src_text, &w) {
                return true;
            }
        }
    }
    false
}

/// Per-document outcome, for inspection.
#[derive(Debug, Clone)]
pub struct Finding {
    pub file: PathBuf,
    /// The unit's text, its speaker name, and the gold Source text ("" when none) for units
    /// that matched a gold content but not its speaker.
    pub wrong_speakers: Vec<(String, Option<String>, String)>,
    /// Gold contents of the speech set that no unit overlaps.
    pub missed: Vec<String>,
    /// Units that overlap no gold content.
    pub spurious: Vec<String>,
    /// The unit's text, its `speaker_name` (else its speaker as written, in brackets) and
    /// the gold name, for units scored on names whose name is not the gold one.
    pub wrong_names: Vec<(String, Option<String>, String)>,
}

fn read_dates(split_dir: &Path) -> HashMap<String, String> {
    let mut out = HashMap::new();
    let Some(parent) = split_dir.parent() else { return out };
    let Ok(text) = std::fs::read_to_string(parent.join("metadata.tsv")) else { return out };
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap_or("").split('\t').collect();
    let (Some(fi), Some(di)) =
        (header.iter().position(|h| *h == "filename"), header.iter().position(|h| *h == "publication_date"))
    else {
        return out;
    };
    for l in lines {
        let cols: Vec<&str> = l.split('\t').collect();
        if let (Some(f), Some(d)) = (cols.get(fi), cols.get(di)) {
            out.insert(f.to_string(), d.to_string());
        }
    }
    out
}

/// The annotation files to score: the first one (in name order) per text.
fn annotation_files(split_dir: &Path) -> Result<Vec<(String, PathBuf)>, Error> {
    let ann_dir = split_dir.join("attributions");
    for d in [split_dir.to_path_buf(), ann_dir.clone(), split_dir.join("text")] {
        if !d.is_dir() {
            return Err(Error::MissingDir { path: d });
        }
    }
    let rd = std::fs::read_dir(&ann_dir).map_err(|cause| Error::Io { path: ann_dir.clone(), cause })?;
    let mut files: Vec<PathBuf> =
        rd.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.extension().is_some_and(|x| x == "ann")).collect();
    files.sort();
    let mut by_text: BTreeMap<String, PathBuf> = BTreeMap::new();
    for f in files {
        let stem = f.file_stem().and_then(|s| s.to_str()).unwrap_or_default().to_string();
        // `<text>_<annotator>.ann`, the annotator a short hex id.
        let base = match stem.rsplit_once('_') {
            Some((b, a)) if !a.is_empty() && a.len() <= 8 && a.chars().all(|c| c.is_ascii_hexdigit()) => b.to_string(),
            _ => stem,
        };
        by_text.entry(base).or_insert(f);
    }
    Ok(by_text.into_iter().collect())
}

/// Scores the extractor on one PolNeAR split folder (`…/polnear/dev`).
pub fn evaluate(polnear_split_dir: &Path, registry: &Registry) -> Result<Report, Error> {
    evaluate_with_findings(polnear_split_dir, registry, usize::MAX).map(|(r, _)| r)
}

/// [`evaluate`] on at most `max_docs` articles, with what went wrong in each.
pub fn evaluate_with_findings(
    split_dir: &Path,
    registry: &Registry,
    max_docs: usize,
) -> Result<(Report, Vec<Finding>), Error> {
    let files = annotation_files(split_dir)?;
    let dates = read_dates(split_dir);
    let seg = NewsSegmenter::default();
    let extractor = QuoteExtractor::new(registry);
    let mut report = Report {
        split: split_dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
        ..Report::default()
    };
    let mut findings = Vec::new();
    // Counts: (units matched, units, gold matched per set, gold per set).
    let mut unit_hit = [0usize; 2];
    let mut gold_hit = [[0usize; 3]; 2];
    let mut gold_n = [0usize; 3];
    for (base, ann_path) in files.into_iter().take(max_docs) {
        let text_path = split_dir.join("text").join(format!("{base}.txt"));
        if !text_path.is_file() {
            return Err(Error::MissingText { path: text_path, ann: ann_path });
        }
        let text = std::fs::read_to_string(&text_path).map_err(|cause| Error::Io { path: text_path.clone(), cause })?;
        let ann = brat::read(&ann_path)?;
        let gold = golds(&ann, &text, &ann_path)?;
        let doc = Document {
            id: base.clone(),
            path: text_path.display().to_string(),
            sha256: String::new(),
            encoding: "utf-8".into(),
            text,
            body_start: 0,
            meta: Meta { date: dates.get(&base).cloned(), ..Meta::default() },
        };
        let paras: Vec<Span> = seg.segment(&doc).turns.iter().map(|t| t.span).collect();
        // Gold pronoun Sources, resolved by the extractor's coreference where they stand.
        let probes: Vec<Span> = gold
            .iter()
            .filter(|g| g.source.len() == 1 && is_pronoun(g.source[0].slice(&doc.text)))
            .map(|g| g.source[0])
            .collect();
        let (turns, probed) = extractor.extract_probed(&doc, &paras, &probes);
        let probe_of = |src: &[Span]| -> Option<&str> {
            let at = probes.iter().position(|p| src.first() == Some(p))?;
            probed.get(at)?.as_deref()
        };
        let text = doc.text.as_str();
        let idx = TokenIndex::new(text);
        report.documents += 1;
        report.turns += turns.iter().filter(|t| t.kind != TurnKind::Narration).count();

        // Units: quote turns by group.
        let mut units: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for (i, t) in turns.iter().enumerate() {
            if let (true, Some(g)) = (t.kind != TurnKind::Narration, t.group) {
                units.entry(g).or_default().push(i);
            }
        }
        let unit_sets: Vec<(Vec<usize>, TokenSet)> = units
            .into_values()
            .map(|ts| {
                let spans: Vec<Span> = ts.iter().map(|&i| turns[i].span).collect();
                let set = idx.set(&spans);
                (ts, set)
            })
            .filter(|(_, set)| size(set) > 0)
            .collect();
        let gold_sets: Vec<TokenSet> = gold.iter().map(|g| idx.set(&g.content)).collect();
        report.units += unit_sets.len();
        let mut finding = Finding {
            file: ann_path.clone(),
            wrong_speakers: vec![],
            missed: vec![],
            spurious: vec![],
            wrong_names: vec![],
        };
        let gold_names: Vec<Option<Name>> = gold.iter().map(|g| gold_name(g, &gold, text, registry)).collect();
        for (ts, us) in &unit_sets {
            let overlaps: Vec<(usize, usize)> =
                gold_sets.iter().enumerate().map(|(g, gs)| (shared(us, gs), g)).filter(|x| x.0 > 0).collect();
            let unit_text = ts.iter().map(|&i| turns[i].span.slice(text)).collect::<Vec<_>>().join(" … ");
            if overlaps.is_empty() {
                finding.spurious.push(unit_text);
                continue;
            }
            unit_hit[0] += 1;
            if overlaps.iter().any(|&(n, g)| 2 * n >= size(us) && 2 * n >= size(&gold_sets[g])) {
                unit_hit[1] += 1;
            }
            let &(_, best) = overlaps.iter().max().unwrap_or(&(0, 0));
            let g = &gold[best];
            if g.source.is_empty() {
                report.speaker_no_gold_source += 1;
                continue;
            }
            report.speaker_scored += 1;
            let turn = &turns[ts[0]];
            match &gold_names[best] {
                Some(n) => {
                    report.name_scored += 1;
                    if turn.speaker_name.as_deref().is_some_and(|p| names::same(registry, p, n)) {
                        report.name_matched += 1;
                    } else {
                        let got = turn.speaker_name.clone().or_else(|| turn.speaker.as_ref().map(|w| format!("[{w}]")));
                        finding.wrong_names.push((unit_text.clone(), got, n.text.clone()));
                    }
                }
                None => report.name_unnamed += 1,
            }
            if turn.speaker.is_none() {
                report.speaker_unknown += 1;
            }
            if speaker_matches(turn, &g.source, text, &idx, probe_of(&g.source)) {
                report.speaker_matched += 1;
                let src = g.source.iter().map(|s| s.slice(text)).collect::<Vec<_>>().join(" ");
                if turn.speaker_name.is_none() && is_group_pronoun(&src) {
                    report.speaker_matched_unresolved += 1;
                }
            } else {
                let src = g.source.iter().map(|s| s.slice(text)).collect::<Vec<_>>().join(" ");
                finding.wrong_speakers.push((unit_text, turn.speaker_name.clone().or(turn.speaker.clone()), src));
            }
        }
        for (gi, g) in gold.iter().enumerate() {
            let gs = &gold_sets[gi];
            if size(gs) == 0 {
                continue;
            }
            let sets = [true, g.speech, g.quoted];
            let hit = unit_sets.iter().any(|(_, us)| shared(us, gs) > 0);
            let exact = unit_sets.iter().any(|(_, us)| {
                let n = shared(us, gs);
                2 * n >= size(us) && 2 * n >= size(gs) && n > 0
            });
            for (s, &in_set) in sets.iter().enumerate() {
                if in_set {
                    gold_n[s] += 1;
                    gold_hit[0][s] += usize::from(hit);
                    gold_hit[1][s] += usize::from(exact);
                }
            }
            if g.speech && !hit {
                finding.missed.push(g.content.iter().map(|s| s.slice(text)).collect::<Vec<_>>().join(" … "));
            }
        }
        findings.push(finding);
    }
    let sets = [&mut report.all, &mut report.speech, &mut report.quoted];
    for (s, out) in sets.into_iter().enumerate() {
        out.gold = gold_n[s];
        out.overlap = Prf::new(unit_hit[0], report.units, gold_hit[0][s], gold_n[s]);
        out.exactish = Prf::new(unit_hit[1], report.units, gold_hit[1][s], gold_n[s]);
    }
    Ok((report, findings))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_sets_and_overlap() {
        let text = "Kim said “we are ready,” then left.";
        let idx = TokenIndex::new(text);
        let a = idx.set(&[Span::new(0, 8)]);
        assert_eq!(a, [(0, 2)]);
        let b = idx.set(&[Span::new(12, 24), Span::new(5, 8)]);
        assert_eq!(b, [(1, 5)]);
        assert_eq!(shared(&a, &b), 1);
        assert_eq!(size(&b), 4);
    }

    #[test]
    fn speech_cues() {
        assert!(is_speech_cue("said in a statement"));
        assert!(is_speech_cue("according to"));
        assert!(is_speech_cue(":"));
        assert!(!is_speech_cue("wants"));
        assert!(!is_speech_cue("’s been ratcheting up his critique of"));
    }

    #[test]
    fn missing_folder_is_named() {
        let r = Registry::builtin().unwrap();
        let e = evaluate(Path::new("/nonexistent/polnear/dev"), &r).unwrap_err();
        assert!(e.to_string().contains("/nonexistent/polnear/dev"), "{e}");
    }
}
