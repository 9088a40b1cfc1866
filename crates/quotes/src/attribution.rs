//! Who each quotation and each piece of reported speech belongs to, read off the article's
//! surface: reporting verbs and their subjects, "according to", colons, dashes, labels, and
//! the conventions of news writing for quotations without a verb of their own (a second
//! quotation in a paragraph, a paragraph that opens with a quotation after one that ended
//! with one, a quotation introduced by a colon at the end of the previous paragraph).
//!
//! This module only finds phrases ([`Source::Np`]) and links ([`Source::Same`]); who the
//! phrase is ("he", "Kim", "the U.S. envoy") is decided in `coref`, in document order.

use demarche_core::{trim_span, Span};
use regex::Regex;
use std::sync::OnceLock;

use crate::cues::{sentence_cues, settle, subject_of, CueSource};
use crate::lexicon::*;
use crate::marks::Quoted;
use crate::np::{self, Np};
use crate::para::{sentence_subject, subject_start, Para};
use crate::tokens::{self, Token};
use crate::Mode;

#[derive(Debug, Clone)]
pub(crate) enum Source {
    /// The speaker as written at the cue.
    Np(Np),
    /// The same speaker as another utterance.
    Same(usize),
    /// A transcript label quoted in the article (`AMBASSADOR KIM:`, `QUESTION:`).
    Label(String, Span),
    Nobody,
}

#[derive(Debug, Clone)]
pub(crate) struct Utterance {
    /// Where its cue (or first part) is: the order coreference follows.
    pub at: usize,
    pub parts: Vec<(Span, Mode)>,
    pub source: Source,
    /// Pieces of one quotation (over paragraphs) share the first piece's group.
    pub group: usize,
}

/// A capitalised name (or name-like run) outside quotations, for coreference.
#[derive(Debug, Clone)]
pub(crate) struct Mention {
    pub at: usize,
    pub np: Np,
    /// The first phrase of its sentence (after openers): a subject.
    pub subject: bool,
}

#[derive(Debug, Default)]
pub(crate) struct Analysis {
    pub utterances: Vec<Utterance>,
    pub mentions: Vec<Mention>,
}

/// The longest run of capitalised words read as a name.
const MAX_NAME_WORDS: usize = 8;
/// Sentences back that may name the speaker of an unattributed quotation.
const SUBJECT_LOOKBACK: usize = 3;

/// Datelines: `BEIJING, Jan. 30 (Yonhap) --`, `DALLAS (AP) —`, `WASHINGTON —`.
fn dateline() -> Option<&'static Regex> {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"^[\p{Lu}][\p{Lu}.'’ -]{1,40}(?:,[^()\n]{1,30}?)?\s*(?:\([^)\n]{1,40}\))?\s*(?:--|—|–)\s*").ok()
    })
    .as_ref()
}

/// What carries over from one paragraph to the next.
#[derive(Default)]
struct State {
    /// The utterance whose speaker a colon at the end of the previous paragraph introduced.
    intro: Option<usize>,
    /// A block quotation (no marks) in the previous paragraph, by this utterance.
    block: Option<usize>,
    /// The owner of the previous paragraph's last quotation.
    tail: Option<usize>,
    /// Blocks made of transcript turns go on while paragraphs keep their labels.
    labels: bool,
}

pub(crate) fn analyze(text: &str, paras: &[Span], quotes: &[Quoted]) -> Analysis {
    let mut out = Analysis::default();
    let mut owner: Vec<Option<usize>> = vec![None; quotes.len()];
    let mut state = State::default();
    let mut qstart = 0;
    for (pi, &p) in paras.iter().enumerate() {
        let mut qend = qstart;
        while qend < quotes.len() && quotes[qend].para == pi {
            qend += 1;
        }
        let local: Vec<(usize, Quoted)> = (qstart..qend).map(|i| (i, quotes[i])).collect();
        qstart = qend;
        let toks = tokens::tokenize(text, p, &local);
        let sents = tokens::sentences(text, &toks, quotes);
        let body = dateline()
            .and_then(|re| re.find(p.slice(text)))
            .map(|m| toks.iter().take_while(|t| t.span.end <= p.start + m.end()).count())
            .unwrap_or(0);
        let para = Para { text, toks, sents, body };
        collect_mentions(&para, &mut out.mentions);
        analyze_para(&para, p, quotes, &mut owner, &mut state, &mut out.utterances);
    }
    relink_runs(quotes, &owner, &mut out.utterances);
    out
}

/// A quotation whose first paragraph had no attribution takes the one found in a later
/// paragraph of the same quotation.
fn relink_runs(quotes: &[Quoted], owner: &[Option<usize>], utts: &mut [Utterance]) {
    // Pieces of one quotation are one utterance for grouping.
    for q in 1..quotes.len() {
        if quotes[q].cont_prev && quotes[q - 1].cont_next {
            if let (Some(a), Some(b)) = (owner[q - 1], owner[q]) {
                utts[b].group = utts[a].group;
            }
        }
    }
    for q in (0..quotes.len().saturating_sub(1)).rev() {
        if !quotes[q].cont_next || !quotes[q + 1].cont_prev {
            continue;
        }
        let (Some(a), Some(b)) = (owner[q], owner[q + 1]) else { continue };
        if a != b && matches!(utts[a].source, Source::Nobody) && matches!(utts[b].source, Source::Np(_)) {
            utts[a].source = Source::Same(b);
        }
    }
}

fn collect_mentions(p: &Para, out: &mut Vec<Mention>) {
    for &(a, b) in &p.sents {
        let subj = subject_start(p, a.max(p.body), b);
        let mut i = a;
        while i < b {
            let t = &p.toks[i];
            if !(t.is_word() && t.cap) {
                i += 1;
                continue;
            }
            let mut j = i;
            while j < b {
                let u = &p.toks[j];
                let particle = u.is_word()
                    && matches!(
                        u.lower.as_str(),
                        "de" | "van" | "von" | "al" | "bin" | "da" | "del" | "di" | "le" | "la"
                    )
                    && p.toks.get(j + 1).is_some_and(|n| n.cap);
                if u.is_word() && (u.cap || particle) {
                    j += 1;
                } else {
                    break;
                }
            }
            if j - i > MAX_NAME_WORDS {
                // A run of capitals this long is a heading or shouting, not a name.
                i = j;
                continue;
            }
            // Leading openers ("However", "The") are not part of a name.
            let mut s = i;
            while s < j && is_capitalised_opener(p.toks[s].bare()) && !is_title(p.toks[s].bare()) {
                s += 1;
            }
            if s < j {
                let appos = if p.toks.get(j).is_some_and(|t| t.is_punct(",")) {
                    np::appositive_forward(&p.toks, j + 1, b, true).filter(|&(x, _)| {
                        let w = p.toks[x].bare();
                        is_determiner(w) || is_title(w) || is_government_word(w) || is_nongovernment_word(w)
                    })
                } else {
                    None
                };
                let np = np::make(&p.toks, (s, j), appos);
                out.push(Mention { at: p.toks[s].span.start, np, subject: Some(s) == subj });
            }
            i = j.max(i + 1);
        }
    }
}

/// The last name (capitalised run, no sentence opener) in tokens `[a, b)`: "Cruz" in
/// "That is, when the CNBC moderators yielded …, Cruz called them on it:".
fn last_name(p: &Para, a: usize, b: usize) -> Option<Np> {
    let toks = &p.toks;
    let mut e = b;
    while e > a {
        let t = &toks[e - 1];
        if t.is_word() && t.cap && !is_capitalised_opener(t.bare()) && !is_title(t.bare()) {
            let mut s = e - 1;
            while s > a && toks[s - 1].is_word() && toks[s - 1].cap && !is_capitalised_opener(toks[s - 1].bare()) {
                s -= 1;
            }
            let np0 = np::make(toks, (s, e), None);
            return Some(np0);
        }
        e -= 1;
    }
    None
}

/// Trims a content range of tokens to its words: no leading "that" or punctuation, no
/// trailing punctuation.
fn trim_range(toks: &[Token], mut s: usize, mut e: usize) -> Option<(usize, usize)> {
    while s < e && (toks[s].kind == tokens::Kind::Punct || toks[s].is("that")) {
        s += 1;
    }
    while e > s && toks[e - 1].kind == tokens::Kind::Punct && !toks[e - 1].is_punct(")]") {
        e -= 1;
    }
    (s < e).then_some((s, e))
}

fn analyze_para(
    p: &Para,
    span: Span,
    quotes: &[Quoted],
    owner: &mut [Option<usize>],
    state: &mut State,
    utts: &mut Vec<Utterance>,
) {
    let toks = &p.toks;
    let text = p.text;
    let has_quotes = toks.iter().any(|t| t.quote().is_some());
    let first_u = utts.len();

    if transcript_turn(p, span, owner, state, utts) {
        return;
    }
    if block_quotation(p, span, has_quotes, state, utts) {
        return;
    }

    // Cues, sentence by sentence.
    let mut sent_utts: Vec<Vec<usize>> = vec![Vec::new(); p.sents.len()];
    for (si, &(a, b)) in p.sents.iter().enumerate() {
        let cues = settle(sentence_cues(p, a, b));
        let base = utts.len();
        for (ci, c) in cues.iter().enumerate() {
            let source = match &c.source {
                CueSource::Np(np0) => Source::Np(np0.clone()),
                CueSource::Subject => match sentence_subject(p, a, b) {
                    Some(np0) => Source::Np(np0),
                    None => Source::Nobody,
                },
                CueSource::Cue(j) if *j < ci => Source::Same(base + j),
                CueSource::Cue(_) => Source::Nobody,
            };
            let mut content = c.content.clone();
            if content.is_empty() {
                // `“…” Kim said.`: the quotation that ends the previous sentence.
                if let Some(&(pa, pb)) = si.checked_sub(1).and_then(|x| p.sents.get(x)) {
                    if let Some(k) = (pa..pb).rev().find(|&k| toks[k].kind != tokens::Kind::Punct) {
                        if toks[k].quote().is_some_and(|q| owner[q].is_none()) {
                            content.push((k, k + 1));
                        }
                    }
                }
                if content.is_empty() {
                    continue;
                }
            }
            let u = utts.len();
            let parts = build_parts(p, &content, quotes, owner, u);
            utts.push(Utterance { at: toks[c.verb].span.start, parts, source, group: u });
            sent_utts[si].push(u);
        }
    }

    // Quotations without a cue of their own. The utterances so far come from cues, in
    // order; a cursor over them tracks the last one before each quotation.
    let cue_end = utts.len();
    let mut cursor = first_u;
    let (mut last_direct, mut last_any, mut last_chain): (Option<usize>, Option<usize>, Option<usize>) =
        (None, None, None);
    let mut intro = state.intro.take();
    for (si, &(a, b)) in p.sents.iter().enumerate() {
        for i in a..b {
            let Some(q) = toks[i].quote() else { continue };
            if owner[q].is_some() {
                continue;
            }
            let qd = &quotes[q];
            let words = p.word_count(qd.content);
            let inner = qd.content.slice(text);
            let substantial = words >= 4
                || inner
                    .trim_end_matches(|c: char| !c.is_alphanumeric() && c != '.' && c != '?' && c != '!')
                    .ends_with(['.', '?', '!'])
                    && words >= 2;
            // The last speaker quoted directly before it, else the last one reported.
            while cursor < cue_end && utts[cursor].at < toks[i].span.start {
                if utts[cursor].parts.iter().any(|p| p.1 == Mode::Direct) {
                    last_direct = Some(cursor);
                }
                last_any = Some(cursor);
                cursor += 1;
            }
            let direct = match (last_direct, last_chain) {
                (Some(a), Some(b)) => Some(if utts[a].at > utts[b].at { a } else { b }),
                (a, b) => a.or(b),
            };
            let prev_in_para = direct.or(last_any);
            let source = if qd.cont_prev {
                match q.checked_sub(1).and_then(|x| owner[x]) {
                    Some(u) => Source::Same(u),
                    None => Source::Nobody,
                }
            } else if let Some(u) = intro.filter(|_| (a..i).all(|k| toks[k].kind == tokens::Kind::Punct)) {
                intro = None;
                Source::Same(u)
            } else if title_like(text, qd.content) {
                // A title in quotation marks ("How the Grinch Stole Christmas").
                continue;
            } else if let Some(src) = speech_act(p, a, i) {
                // `He called it “shameful”`: a partial quotation after a verb of speaking
                // that takes an object.
                src
            } else if !substantial {
                continue;
            } else if let Some(u) = prev_in_para {
                Source::Same(u)
            } else if let Some(u) = state.tail.filter(|_| i == 0) {
                Source::Same(u)
            } else if let Some(np0) = (si.saturating_sub(SUBJECT_LOOKBACK)..si).rev().find_map(|s| {
                let (sa, sb) = p.sents[s];
                sentence_subject(p, sa.max(p.body), sb).filter(|n| n.has_name() || n.pronoun().is_some())
            }) {
                Source::Np(np0)
            } else {
                Source::Nobody
            };
            let u = utts.len();
            let group = match (&source, qd.cont_prev) {
                (Source::Same(x), true) => utts[*x].group,
                _ => u,
            };
            let at = toks[i].span.start;
            let content = direct_span(text, qd);
            owner[q] = Some(u);
            if let Some(c) = content {
                utts.push(Utterance { at, parts: vec![(c, Mode::Direct)], source, group });
                sent_utts[si].push(u);
                last_chain = Some(u);
            } else {
                owner[q] = None;
            }
        }
    }

    colon_intro(p, &sent_utts, owner, state, utts);
}

/// A transcript turn quoted in the article: `AMBASSADOR KIM: …`, `QUESTION: …`; true when
/// the paragraph is one. A paragraph without a label ends a run of them.
fn transcript_turn(
    p: &Para,
    span: Span,
    owner: &mut [Option<usize>],
    state: &mut State,
    utts: &mut Vec<Utterance>,
) -> bool {
    let toks = &p.toks;
    let label = label(p, span).filter(|(l, _, _)| {
        // Outside a run of transcript turns (or a colon introducing one), only labels that
        // look like a transcript's: Q, QUESTION, or a title and a name.
        let first = l.split_whitespace().next().unwrap_or("").to_lowercase();
        state.labels
            || state.intro.is_some()
            || matches!(l.as_str(), "Q" | "QUESTION" | "A")
            || l.split_whitespace().count() >= 2 && is_title(&first)
    });
    if let Some((label, lspan, body)) = label {
        let u = utts.len();
        for t in toks {
            if let Some(q) = t.quote() {
                owner[q] = Some(u);
            }
        }
        if !body.is_empty() {
            utts.push(Utterance {
                at: lspan.start,
                parts: vec![(body, Mode::Block)],
                source: Source::Label(label, lspan),
                group: u,
            });
        }
        state.labels = true;
        state.tail = None;
        state.block = None;
        return true;
    }
    if state.labels {
        state.labels = false;
        state.intro = None;
    }
    false
}

/// A block quotation: no marks, after a colon that introduced a speaker, or going on in the
/// first person after one; true when the paragraph is one.
fn block_quotation(p: &Para, span: Span, has_quotes: bool, state: &mut State, utts: &mut Vec<Utterance>) -> bool {
    let toks = &p.toks;
    let text = p.text;
    let first_person =
        toks.iter().any(|t| t.is_word() && matches!(t.lower.as_str(), "i" | "we" | "our" | "my" | "us" | "me"));
    let block_of = match (state.intro, state.block) {
        (Some(u), _) if !has_quotes => Some(u),
        (None, Some(u)) if !has_quotes && first_person => Some(u),
        _ => None,
    };
    state.block = None;
    if let Some(src) = block_of {
        let body = trim_span(text, span);
        let u = utts.len();
        utts.push(Utterance { at: body.start, parts: vec![(body, Mode::Block)], source: Source::Same(src), group: u });
        state.intro = None;
        state.block = Some(src);
        state.tail = None;
        return true;
    }
    false
}

/// What the next paragraph inherits: the owner of its last quotation, and the speaker a
/// colon at its end introduces.
fn colon_intro(
    p: &Para,
    sent_utts: &[Vec<usize>],
    owner: &[Option<usize>],
    state: &mut State,
    utts: &mut Vec<Utterance>,
) {
    let toks = &p.toks;
    state.tail = toks.iter().rev().find_map(|t| t.quote()).and_then(|q| owner[q]);
    state.intro = None;
    let ends_colon = toks.last().is_some_and(|t| t.is_punct(":"));
    if ends_colon {
        if let Some((si, &(a, b))) = p.sents.iter().enumerate().next_back() {
            let cue_u =
                sent_utts[si].iter().copied().find(|&u| matches!(utts[u].source, Source::Np(_) | Source::Same(_)));
            let from = (a..b).rev().find(|&k| toks[k].is("from")).and_then(|k| np::forward(toks, k + 1, b));
            let source = match (cue_u, from) {
                (Some(u), _) => Some(Source::Same(u)),
                (None, Some((s, e))) => Some(Source::Np(np::make(toks, (s, e), None))),
                // Without a verb of saying, only a sentence that speaks of words introduces
                // a speaker ("Cruz called them on it:", "released the following statement:").
                (None, None)
                    if (a..b).any(|k| {
                        let t = &toks[k];
                        t.is_word()
                            && !t.cap
                            && (is_speech_act(t.bare())
                                || is_message_noun(t.bare())
                                || is_reporting(t.bare())
                                || t.is("following"))
                    }) =>
                {
                    sentence_subject(p, a.max(p.body), b)
                        .filter(|n| n.has_name() || n.pronoun().is_some())
                        .or_else(|| last_name(p, a.max(p.body), b))
                        .map(Source::Np)
                }
                (None, None) => None,
            };
            if let Some(source) = source {
                let u = utts.len();
                let at = toks[b - 1].span.start;
                utts.push(Utterance { at, parts: vec![], source, group: u });
                state.intro = Some(u);
            }
        }
    }
}

/// A short quotation in title case: a name or title, not words said.
fn title_like(text: &str, span: Span) -> bool {
    let s = span.slice(text);
    let words: Vec<&str> = s.split_whitespace().collect();
    if words.is_empty() || words.len() > 9 || s.trim_end_matches(['.', ',', '’', '\'']).contains(['.', '?', '!', ','])
    {
        return false;
    }
    let long: Vec<&&str> = words.iter().filter(|w| w.chars().filter(|c| c.is_alphabetic()).count() > 3).collect();
    let caps = long.iter().filter(|w| w.chars().next().is_some_and(char::is_uppercase)).count();
    !long.is_empty() && caps * 5 >= long.len() * 4 && words[0].chars().next().is_some_and(char::is_uppercase)
}

/// The speaker of a quotation at token `i` that follows a verb like "called" or "described
/// … as" in its sentence: the verb's subject.
fn speech_act(p: &Para, a: usize, i: usize) -> Option<Source> {
    let toks = &p.toks;
    let lo = a.max(p.body);
    let v = (lo..i).rev().take(25).find(|&k| {
        let t = &toks[k];
        t.is_word() && !t.cap && t.lower == t.bare() && is_speech_act(t.bare())
    })?;
    if (v + 1..i).any(|k| toks[k].quote().is_some() || toks[k].is_punct(".;")) {
        return None;
    }
    // A participle or infinitive ("calling on …", "went on to call …") has the sentence's subject.
    let np0 = if toks[v].lower.ends_with("ing") { None } else { subject_of(p, lo, v).map(|x| x.0) };
    let np0 = np0.or_else(|| sentence_subject(p, lo, toks.len().min(i + 1)))?;
    np0.is_speakerish().then_some(Source::Np(np0))
}

/// The content of a quotation as a part: inside the marks, without the comma or colon
/// that belongs to the attribution.
fn direct_span(text: &str, q: &Quoted) -> Option<Span> {
    let s = q.content.slice(text);
    let t = s.trim_end_matches([',', ';', ':', ' ', '\u{a0}']);
    let span = trim_span(text, Span::new(q.content.start, q.content.start + t.len()));
    (!span.is_empty() && span.slice(text).chars().any(char::is_alphanumeric)).then_some(span)
}

/// Parts of a content: quotations become direct parts, the words between them indirect ones.
fn build_parts(
    p: &Para,
    ranges: &[(usize, usize)],
    quotes: &[Quoted],
    owner: &mut [Option<usize>],
    u: usize,
) -> Vec<(Span, Mode)> {
    let toks = &p.toks;
    let mut parts = Vec::new();
    for &(s, e) in ranges {
        let e = e.min(toks.len());
        let mut run: Option<usize> = None;
        let flush = |run: &mut Option<usize>, end: usize, parts: &mut Vec<(Span, Mode)>| {
            if let Some(rs) = run.take() {
                if let Some((a, b)) = trim_range(toks, rs, end) {
                    if toks[a..b].iter().any(|t| t.is_word()) {
                        parts.push((Span::new(toks[a].span.start, toks[b - 1].span.end), Mode::Indirect));
                    }
                }
            }
        };
        for k in s..e {
            // `… tweet saying he had “ordered the withdrawals” which threw Washington into
            // confusion`: a relative clause after the quotation is the writer's.
            if k > s
                && toks[k - 1].quote().is_some()
                && toks[k].is_word()
                && matches!(toks[k].lower.as_str(), "which" | "who")
            {
                break;
            }
            if let Some(q) = toks[k].quote() {
                flush(&mut run, k, &mut parts);
                if owner[q].is_none() {
                    if let Some(c) = direct_span(p.text, &quotes[q]) {
                        owner[q] = Some(u);
                        parts.push((c, Mode::Direct));
                    }
                }
            } else if run.is_none() {
                run = Some(k);
            }
        }
        flush(&mut run, e, &mut parts);
    }
    parts
}

/// A transcript label at the start of the paragraph: 1–5 words in capitals and a colon
/// (`AMBASSADOR KIM:`, `Q:`, `QUESTION:`). Returns the label, its span and the body.
fn label(p: &Para, span: Span) -> Option<(String, Span, Span)> {
    let toks = &p.toks;
    let colon = toks.iter().take(7).position(|t| t.is_punct(":"))?;
    if colon == 0 {
        return None;
    }
    let words = &toks[..colon];
    let caps = words.iter().all(|t| {
        t.is_word() && {
            let s = t.span.slice(p.text);
            s.chars().any(char::is_alphabetic) && !s.chars().any(char::is_lowercase)
        }
    });
    if !caps {
        return None;
    }
    let lspan = Span::new(words[0].span.start, words[colon - 1].span.end);
    let label = lspan.slice(p.text).to_string();
    let upper = label.to_uppercase();
    const NOT_LABELS: &[&str] = &[
        "UPDATE",
        "UPDATED",
        "NOTE",
        "EDITOR'S NOTE",
        "EDITOR’S NOTE",
        "CORRECTION",
        "WATCH",
        "READ",
        "RELATED",
        "PHOTOS",
        "VIDEO",
        "CLICK",
        "SEE ALSO",
        "ALSO",
        "WARNING",
        "BREAKING",
        "EXCLUSIVE",
        "ANALYSIS",
        "OPINION",
        "LISTEN",
        "MORE",
    ];
    if NOT_LABELS.contains(&upper.as_str()) {
        return None;
    }
    let body = trim_span(p.text, Span::new(toks[colon].span.end, span.end));
    Some((label, lspan, body))
}
