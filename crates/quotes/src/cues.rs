//! Cues of one sentence: reporting verbs (finite, participle, sentence-initial), "according
//! to", message nouns ("a report that …"), colons and dashes before or after quotations,
//! each with the phrase that names its speaker and the token ranges of its content; then
//! the outermost cues are kept so that no two contents overlap.

use crate::lexicon::*;
use crate::np::{self, Np};
use crate::para::{sentence_subject, subject_start, Para};
use crate::tokens::{self, Token};

/// Cues considered in one sentence: a sentence with more is noise (a list of "said"s), and
/// the bound keeps the overlap resolution between cues from growing with the square.
const MAX_CUES: usize = 48;

#[derive(Debug, Clone)]
pub(crate) enum CueSource {
    Np(Np),
    /// The subject of the sentence (participles, colons).
    Subject,
    /// The speaker of another cue of the same sentence.
    Cue(usize),
}

#[derive(Debug, Clone)]
pub(crate) struct Cue {
    pub verb: usize,
    pub source: CueSource,
    /// Token ranges of the content.
    pub content: Vec<(usize, usize)>,
    pub backward: bool,
    /// A finite verb (its subject can be the subject of later participles).
    pub finite: bool,
    /// A participle or "according to" after a comma: ends earlier cues' content.
    pub ends_clause: bool,
}

/// A quotation that is a title ("Face the Nation"): a few words, every long one capitalised.
fn quoted_title(p: &Para, t: &Token) -> bool {
    let inner = t.span.slice(p.text).trim_matches(|c: char| !c.is_alphanumeric());
    let words: Vec<&str> = inner.split_whitespace().collect();
    let long: Vec<&&str> = words.iter().filter(|w| w.chars().filter(|c| c.is_alphabetic()).count() > 3).collect();
    words.len() <= 6
        && !long.is_empty()
        && long.iter().all(|w| w.chars().next().is_some_and(char::is_uppercase))
        && !inner.contains(['.', '!', '?'])
}

/// A lower-case word in "-ly" that is no noun ("family", "rally").
fn is_adverb(t: &Token) -> bool {
    t.is_word()
        && !t.cap
        && t.lower.len() > 5
        && t.lower.ends_with("ly")
        && !matches!(t.lower.as_str(), "family" | "assembly" | "anomaly" | "monopoly" | "supply" | "reply" | "rally")
}

fn is_dash(t: &Token) -> bool {
    t.is_punct("-—–―")
}

/// The subject of a reporting verb at `i` (finite form), scanning backwards.
pub(crate) fn subject_of(p: &Para, lo: usize, i: usize) -> Option<(Np, usize)> {
    let toks = &p.toks;
    if i == 0 || i <= lo {
        return None;
    }
    let mut j = i - 1;
    while j > lo && toks[j].is_word() && !toks[j].cap && is_verb_filler(toks[j].bare()) {
        j -= 1;
    }
    // "Gingrich cynically said": an adverb after a name is no part of it.
    if j > lo && is_adverb(&toks[j]) && toks[j - 1].is_word() && toks[j - 1].cap {
        j -= 1;
    }
    let t = &toks[j];
    if t.is_word() && matches!(t.bare(), "not" | "never" | "to") {
        return None;
    }
    if t.is_punct(",") {
        return appositive_subject(p, lo, j);
    }
    if t.is_word() && matches!(t.bare(), "and" | "but" | "or") && !t.cap {
        // Coordinated verbs share the clause's subject.
        let mut m = j;
        while m > lo {
            let u = &toks[m - 1];
            let boundary =
                u.is_punct(";:") || u.quote().is_some() || u.is_word() && !u.cap && is_clause_boundary(u.bare());
            if boundary {
                break;
            }
            m -= 1;
        }
        let (s, e) = np::forward(toks, m, j)?;
        let np = np::make(toks, (s, e), None);
        return np.is_speakerish().then_some((np, s));
    }
    if t.is_word() && matches!(t.bare(), "who" | "which" | "that") && !t.cap {
        let k = if j > lo && toks[j - 1].is_punct(",") { j - 1 } else { j };
        let (s, e) = np::backward(toks, lo, k.checked_sub(1)?)?;
        return Some((np::make(toks, (s, e), None), s));
    }
    let (s, e) = np::backward(toks, lo, j)?;
    // "South Korea and the U.S. said": the whole coordination speaks.
    if s >= lo + 2 && toks[s - 1].is("and") {
        if let Some((s2, _)) = np::backward(toks, lo, s - 2) {
            let np0 = np::make(toks, (s2, e), None);
            return Some((np0, s2));
        }
    }
    Some((np::make(toks, (s, e), None), s))
}

/// `X, director of …, said`: the first name-like segment between commas is the subject,
/// the rest its appositive.
fn appositive_subject(p: &Para, lo: usize, comma: usize) -> Option<(Np, usize)> {
    let toks = &p.toks;
    // Segment starts: the clause start and every comma before the verb's comma.
    let mut starts = vec![lo];
    starts.extend((lo..comma).filter(|&k| toks[k].is_punct(",") || toks[k].quote().is_some()).map(|k| k + 1));
    for (n, &s) in starts.iter().enumerate() {
        let end = starts.get(n + 1).map_or(comma, |&x| x - 1);
        if s >= end {
            continue;
        }
        let t = &toks[s];
        if !t.is_word() || (t.cap && is_capitalised_opener(t.bare()) && !is_pronoun(t.bare())) {
            continue;
        }
        let Some((a, e)) = np::forward(toks, s, end) else { continue };
        // `Rep. Jim Jordan (R-Ohio), an oversight panel member, said`
        // (Not after a nickname in quotation marks: `Marcia "Cia" Price (D-Newport News)`.)
        let nickname = s >= lo + 2 && toks[s - 1].quote().is_some() && toks[s - 2].is_word() && toks[s - 2].cap;
        let paren = toks[e].is_punct("(") && toks[end - 1].is_punct(")") && !nickname;
        if e != end && !paren || e - a > 8 {
            continue;
        }
        let np0 = np::make(toks, (a, e), None);
        if !(np0.has_name() || np0.pronoun().is_some()) {
            continue;
        }
        let appos = (end + 1 < comma).then_some((end + 1, comma));
        let appos = appos.filter(|&(x, _)| {
            let w = &toks[x];
            w.is_word() && !is_clause_word(w.bare()) && !is_np_preposition(w.bare())
        });
        return Some((np::make(toks, (a, e), appos), a));
    }
    None
}

/// Finds the cues of one sentence.
pub(crate) fn sentence_cues(p: &Para, a: usize, b: usize) -> Vec<Cue> {
    let toks = &p.toks;
    let mut cues: Vec<Cue> = Vec::new();
    let mut i = a;
    while i < b && cues.len() < MAX_CUES {
        let t = &toks[i];
        // `“…” -Commissioner X`: a dash attribution after a quotation.
        if t.quote().is_some() && toks.get(i + 1).is_some_and(|d| i + 1 < b && is_dash(d)) {
            if let Some((s, e)) = np::forward(toks, i + 2, b) {
                let np0 = np::make(toks, (s, e), None);
                let rest_ok = toks[e..b].iter().all(|t| t.kind == tokens::Kind::Punct);
                if np0.has_name() && rest_ok {
                    cues.push(Cue {
                        verb: i + 1,
                        source: CueSource::Np(np0),
                        content: vec![(i, i + 1)],
                        backward: true,
                        finite: true,
                        ends_clause: false,
                    });
                    i = e;
                    continue;
                }
            }
        }
        if t.is_punct(":") && i > a && i <= a + 3 && i + 1 < b && toks.get(i + 1).is_some_and(|n| n.quote().is_none()) {
            // `Sanders: Endorsements prove Clinton 'candidate of the establishment.'`
            let np0 = np::make(toks, (a, i), None);
            let label_like = toks[a..i].iter().all(|t| t.is_word() && t.cap && !t.lower.ends_with("ing"))
                && np0.has_name()
                && !is_capitalised_opener(toks[a].bare())
                && !is_not_label_head(toks[i - 1].bare());
            let upper = toks[a..i].iter().all(|t| !t.span.slice(p.text).chars().any(char::is_lowercase));
            if label_like && !upper && cues.is_empty() {
                cues.push(Cue {
                    verb: i,
                    source: CueSource::Np(np0),
                    content: vec![(i + 1, b)],
                    backward: false,
                    finite: true,
                    ends_clause: false,
                });
                i += 1;
                continue;
            }
        }
        if t.is_punct(":") && toks.get(i + 1).is_some_and(|n| i + 1 < b && n.quote().is_some()) {
            // `Cruz called them on it: “…”`
            let mut e = i + 2;
            while e < b && (toks[e].quote().is_some() || toks[e].kind == tokens::Kind::Punct) {
                e += 1;
            }
            cues.push(Cue {
                verb: i,
                source: CueSource::Subject,
                content: vec![(i + 1, e)],
                backward: false,
                finite: false,
                ends_clause: false,
            });
            i += 1;
            continue;
        }
        if !t.is_word() {
            i += 1;
            continue;
        }
        let w = t.bare();
        let lo = a.max(p.body);
        if w == "according" && toks.get(i + 1).is_some_and(|n| n.is("to")) {
            if let Some(c) = according(p, lo, i, b) {
                cues.push(c);
            }
            i += 2;
            continue;
        }
        if is_message_noun(w) && !t.cap && toks.get(i + 1).is_some_and(|n| i + 1 < b && n.is("that")) {
            let relative = toks.get(i + 2).is_some_and(|n| n.is_word() && is_reporting(n.bare()));
            if !relative {
                if let Some((s, e)) = np::backward(toks, lo, i) {
                    // "stirred controversy with an assertion that …": the subject's own words.
                    let own = is_own_message(w)
                        && e - s <= 2
                        && sentence_subject(p, lo, b).is_some_and(|n| n.has_name() || n.pronoun().is_some());
                    let source = if own { CueSource::Subject } else { CueSource::Np(np::make(toks, (s, e), None)) };
                    cues.push(Cue {
                        verb: i,
                        source,
                        content: vec![(i + 2, b)],
                        backward: false,
                        finite: false,
                        ends_clause: false,
                    });
                }
            }
            i += 1;
            continue;
        }
        // `Said Dorothy Poynter, who grew up with Ali, “We were all so proud of him.”`
        if t.cap
            && i == lo
            && matches!(w, "said" | "says" | "added" | "adds" | "wrote" | "writes" | "replied" | "explained")
        {
            if let Some(c) = sentence_initial_verb(p, i, b) {
                cues.push(c);
                i += 1;
                continue;
            }
        }
        // A capitalised form is a sentence opener ("Asked about …") or a name ("State").
        if !is_reporting(w) || t.cap || w != t.lower {
            i += 1;
            continue;
        }
        if w.ends_with("ing") {
            if let Some(c) = participle(p, lo, i, b, &cues) {
                cues.push(c);
            }
            i += 1;
            continue;
        }
        if let Some(c) = finite(p, lo, i, b, &cues) {
            cues.push(c);
        }
        i += 1;
    }
    cues
}

/// `Said X, …, “…”`: the verb opens the sentence, the speaker follows, the quotation last.
fn sentence_initial_verb(p: &Para, i: usize, b: usize) -> Option<Cue> {
    let toks = &p.toks;
    let (s, e) = np::forward(toks, i + 1, b)?;
    let np0 = np::make(toks, (s, e), None);
    if !np0.has_name() && !np0.words.first().is_some_and(|w| is_determiner(w.bare())) {
        return None;
    }
    let q = (e..b).find(|&k| toks[k].quote().is_some())?;
    let appos = (q > e + 1 && toks[e].is_punct(",")).then_some((e + 1, q));
    let np0 = np::make(toks, (s, e), appos.filter(|&(x, _)| toks[x].is_word() && !is_clause_word(toks[x].bare())));
    Some(Cue {
        verb: i,
        source: CueSource::Np(np0),
        content: vec![(q, b)],
        backward: false,
        finite: true,
        ends_clause: false,
    })
}

fn according(p: &Para, lo: usize, i: usize, b: usize) -> Option<Cue> {
    let toks = &p.toks;
    let (s, e) = np::forward(toks, i + 2, b)?;
    let initial =
        i <= lo + 3 && (lo..i).all(|k| toks[k].kind == tokens::Kind::Punct || is_capitalised_opener(toks[k].bare()));
    let appos = if toks.get(e).is_some_and(|t| t.is_punct(",")) {
        np::appositive_forward(toks, e + 1, b, initial)
    } else {
        None
    };
    let np0 = np::make(toks, (s, e), appos);
    let after = appos.map_or(e, |(_, x)| x);
    let content = if initial { vec![(after, b)] } else { vec![(lo, i)] };
    Some(Cue { verb: i, source: CueSource::Np(np0), content, backward: !initial, finite: true, ends_clause: !initial })
}

fn participle(p: &Para, lo: usize, i: usize, b: usize, earlier: &[Cue]) -> Option<Cue> {
    let toks = &p.toks;
    let mut pi = i.checked_sub(1).filter(|&x| x >= lo)?;
    // "alternately shouting": step over an adverb.
    if pi > lo && toks[pi].is_word() && toks[pi].lower.ends_with("ly") && !toks[pi].cap {
        pi -= 1;
    }
    let prev = &toks[pi];
    let source = if prev.is("by") || prev.is("while") || prev.is("before") || prev.is("after") {
        match earlier.iter().rposition(|c| c.finite) {
            Some(c) => CueSource::Cue(c),
            None => CueSource::Subject,
        }
    } else if prev.is("as") {
        // "quotes an unnamed official as saying"
        let q = (lo..i - 1).rev().take(14).find(|&k| matches!(toks[k].bare(), "quotes" | "quoted" | "quoting"))?;
        let (s, e) = np::forward(toks, q + 1, i - 1)?;
        CueSource::Np(np::make(toks, (s, e), None))
    } else if prev.is_word() && is_message_noun(prev.bare()) {
        CueSource::Subject
    } else if prev.is_punct(",") || prev.is("and") {
        match earlier.iter().rposition(|c| c.finite) {
            Some(c) => CueSource::Cue(c),
            None => CueSource::Subject,
        }
    } else {
        return None;
    };
    Some(Cue {
        verb: i,
        source,
        content: vec![(i + 1, b)],
        backward: false,
        finite: false,
        ends_clause: prev.is_punct(","),
    })
}

/// What a rule for a finite verb decides: not its case (the next rule is tried), or the
/// answer, a cue or none.
enum Verdict {
    Next,
    Done(Option<Cue>),
}

/// A finite reporting verb at `i`: the rules below, tried in order, then the verb's
/// subject ([`subject_cue`]).
fn finite(p: &Para, lo: usize, i: usize, b: usize, earlier: &[Cue]) -> Option<Cue> {
    let toks = &p.toks;
    let t = &toks[i];
    let w = t.bare();
    let prev = (i > lo).then(|| &toks[i - 1]);
    if prev.is_some_and(|x| {
        x.is_word()
            && matches!(x.bare(), "to" | "was" | "were" | "been" | "being" | "is" | "are" | "be" | "get" | "got")
    }) {
        return None;
    }
    if toks.get(i + 1).is_some_and(|n| n.is("by")) {
        return None;
    }
    if w == "said" && prev.is_some_and(|x| x.is("that")) && i == lo + 1 {
        return None;
    }
    // "when asked …", "if pressed …": a passive clause without a subject; whoever is asked
    // says nothing in it.
    if w.ends_with("ed")
        && prev.is_some_and(|x| x.is_word() && matches!(x.bare(), "when" | "if" | "unless" | "once" | "until"))
    {
        return None;
    }
    if let Verdict::Done(cue) = inverted(p, lo, i, b) {
        return cue;
    }
    if let Verdict::Done(cue) = coordinated(p, lo, i, b, earlier) {
        return cue;
    }
    subject_cue(p, lo, i, b)
}

/// Where the verb group of the verb at `i` starts (adverbs and auxiliaries before it), and
/// the token before that.
fn verb_start<'t>(p: &'t Para, lo: usize, i: usize) -> (usize, Option<&'t Token>) {
    let toks = &p.toks;
    let mut j = i;
    while j > lo && toks[j - 1].is_word() && !toks[j - 1].cap && is_verb_filler(toks[j - 1].bare()) {
        j -= 1;
    }
    (j, (j > lo).then(|| &toks[j - 1]))
}

/// Verb before its subject: `“…,” said Ken Gause, …` or `…, said X.`
fn inverted(p: &Para, lo: usize, i: usize, b: usize) -> Verdict {
    let toks = &p.toks;
    let (j, before) = verb_start(p, lo, i);
    let after_quote = before.is_some_and(|x| {
        x.quote().is_some() || x.is_punct(",") && j >= 2 && j - 2 >= lo && toks[j - 2].quote().is_some()
    });
    let inverted_np = np::forward(toks, i + 1, b).filter(|&(s, e)| {
        let np0 = np::make(toks, (s, e), None);
        // After a quotation any determined phrase is the speaker ("said the 46-year-old").
        let determined = np0.words.first().is_some_and(|w| is_determiner(w.bare()));
        (np0.has_name() || determined && (np0.is_speakerish() || after_quote))
            && np0.pronoun().is_none_or(|x| matches!(x, "he" | "she" | "they"))
    });
    // `said Rep. G.K. Butterfield (D-N.C.), head of …`: the phrase goes on after its
    // parenthesis.
    let after_paren = |e: usize| {
        if !toks.get(e).is_some_and(|t| t.is_punct("(")) {
            return e;
        }
        // (The sentence may end inside it, at the dot of "D-N.C.".)
        (e + 1..toks.len().min(e + 8)).find(|&x| toks[x].is_punct(")")).map_or(e, |c| c + 1)
    };
    let clause_end = inverted_np
        .map(|(_, e)| after_paren(e))
        .is_some_and(|e| e >= b || toks[e].is_punct(",.;!?") || is_dash(&toks[e]));
    if (j == lo || after_quote || before.is_some_and(|x| x.is_punct(","))) && inverted_np.is_some() && clause_end {
        let Some((s, e0)) = inverted_np else { return Verdict::Next };
        let e = after_paren(e0);
        let appos = if toks.get(e).is_some_and(|t| t.is_punct(",")) {
            np::appositive_forward(toks, e + 1, b, false)
        } else {
            None
        };
        let np0 = np::make(toks, (s, e0), appos);
        let end = appos.map_or(e, |(_, x)| x);
        let mut content = Vec::new();
        if j > lo {
            content.push((lo, j));
        }
        // `“…,” said X, “…”`: the quotation goes on after the attribution.
        if toks.get(end).is_some_and(|t| t.is_punct(",")) && toks.get(end + 1).is_some_and(|t| t.quote().is_some()) {
            content.push((end + 1, b));
        }
        if content.is_empty() {
            return Verdict::Done(None);
        }
        return Verdict::Done(Some(Cue {
            verb: i,
            source: CueSource::Np(np0),
            content,
            backward: true,
            finite: true,
            ends_clause: false,
        }));
    }
    Verdict::Next
}

/// "… fear that … and warn that …": a coordinated verb shares the earlier cue's speaker.
fn coordinated(p: &Para, lo: usize, i: usize, b: usize, earlier: &[Cue]) -> Verdict {
    let toks = &p.toks;
    let (_, before) = verb_start(p, lo, i);
    if before.is_some_and(|x| x.is("and") || x.is("but")) {
        if let Some(c) = earlier.iter().rposition(|c| c.finite) {
            let k = i + 1;
            let k = if toks.get(k).is_some_and(|t| t.is("that")) { k + 1 } else { k };
            return Verdict::Done(Some(Cue {
                verb: i,
                source: CueSource::Cue(c),
                content: vec![(k, b)],
                backward: false,
                finite: true,
                ends_clause: false,
            }));
        }
    }
    Verdict::Next
}

/// The verb's subject before it: the attribution trails what it reports, or opens it.
fn subject_cue(p: &Para, lo: usize, i: usize, b: usize) -> Option<Cue> {
    let toks = &p.toks;
    let w = toks[i].bare();
    let (np0, np_start) = subject_of(p, lo, i)?;
    if is_weak_reporting(w) && !(np0.is_speakerish()) {
        return None;
    }
    if np0.pronoun().is_some_and(|x| matches!(x, "i" | "you" | "we")) && !matches!(w, "said" | "says" | "told") {
        return None;
    }
    // After the verb: a hearer ("told reporters"), adjuncts ("in a statement on Friday").
    let mut k = i + 1;
    if takes_hearer(w) {
        if let Some((_, e)) = np::forward(toks, k, b) {
            k = e;
        } else if toks.get(k).is_some_and(|t| matches!(t.bare(), "him" | "her" | "them" | "us" | "me")) {
            k += 1;
        }
    }
    let k0 = k;
    for _ in 0..4 {
        let Some(t) = toks.get(k).filter(|_| k < b) else { break };
        if t.is_word() && is_temporal(t.bare()) {
            k += 1;
        } else if t.is_word() && !t.cap && is_adjunct_preposition(t.bare()) {
            match np::forward(toks, k + 1, b) {
                Some((_, e)) => k = e,
                None => break,
            }
        } else {
            break;
        }
    }
    let stop = |k: usize| k >= b || toks[k].is_punct(",.:;!?") || toks[k].is("that") || toks[k].quote().is_some();
    if !stop(k) {
        k = k0;
    }
    // Before the subject, a clause of its own (then the attribution trails it), not an
    // introductory phrase ("Asked about …, Kim replied").
    // An introductory phrase (a preposition or participle first: "On Tuesday, during a
    // rally, Trump said …") is no clause.
    let intro = toks.get(lo).is_some_and(|t| {
        t.is_word()
            && t.cap
            && (is_np_preposition(t.bare())
                || is_adjunct_preposition(t.bare())
                || is_intro_word(t.bare())
                || t.bare().ends_with("ing"))
    });
    let has_before = subject_start(p, lo, b) != Some(np_start)
        && ((lo..np_start).any(|x| toks[x].quote().is_some())
            || !intro
                && (lo..np_start).filter(|&x| toks[x].is_word() && !is_capitalised_opener(toks[x].bare())).count()
                    >= 2);
    let ends = k >= b || toks[k].is_punct(".!?,;—–-");
    // `“…,” Carson said of …`, `“…” as Cruz said on …`: the attribution trails the
    // quotation or clause before it, whatever follows the verb.
    let prev_np = np_start.checked_sub(1).filter(|&x| x >= lo).map(|x| &toks[x]);
    let said = |x: &Token| x.quote().is_some() && !quoted_title(p, x);
    let quote_before =
        prev_np.is_some_and(|x| said(x) || x.is_punct(",") && np_start >= lo + 2 && said(&toks[np_start - 2]));
    let as_clause = prev_np.is_some_and(|x| x.is("as")) && np_start > lo + 1;
    if as_clause && !quote_before && cited_in_passing(p, lo, np_start - 1, k, b) {
        return None;
    }
    if (quote_before || as_clause) && !(k < b && toks[k].is("that")) {
        let end = if as_clause { np_start - 1 } else { np_start };
        let mut content = vec![(lo, end)];
        if toks.get(k).is_some_and(|t| t.is_punct(","))
            && toks.get(k + 1).is_some_and(|n| k + 1 < b && n.quote().is_some())
        {
            content.push((k + 1, b));
        }
        return Some(Cue {
            verb: i,
            source: CueSource::Np(np0),
            content,
            backward: true,
            finite: true,
            ends_clause: false,
        });
    }
    // `As Breitbart News reported, …`: the main clause after the comma.
    let as_initial = prev_np.is_some_and(|x| x.is("as")) && np_start == lo + 1;
    if as_initial && toks.get(k).is_some_and(|t| t.is_punct(",")) {
        return Some(Cue {
            verb: i,
            source: CueSource::Np(np0),
            content: vec![(k + 1, b)],
            backward: false,
            finite: true,
            ends_clause: false,
        });
    }
    // `…, Tim Kaine insisted Thursday during a stop in …`: a trailing attribution, unless a
    // clause follows the verb.
    let clause_follows = k < b && (toks[k].is("that") || toks[k].is_punct(":") || toks[k].quote().is_some())
        || toks.get(k).is_some_and(|t| t.is_punct(","))
            && toks.get(k + 1).is_some_and(|n| k + 1 < b && n.quote().is_some());
    let trailing = prev_np.is_some_and(|x| x.is_punct(",—–-")) && !clause_follows;
    if has_before && (ends || trailing) {
        let mut content = vec![(lo, np_start)];
        if toks.get(k).is_some_and(|t| t.is_punct(","))
            && toks.get(k + 1).is_some_and(|n| k + 1 < b && n.quote().is_some())
        {
            content.push((k + 1, b));
        }
        return Some(Cue {
            verb: i,
            source: CueSource::Np(np0),
            content,
            backward: true,
            finite: true,
            ends_clause: false,
        });
    }
    if !has_before && (k >= b || toks[k].is_punct(".!?")) {
        // `Kim said.` after a quotation: the cue's content is in the previous sentence.
        return Some(Cue {
            verb: i,
            source: CueSource::Np(np0),
            content: vec![],
            backward: true,
            finite: true,
            ends_clause: false,
        });
    }
    if needs_clause(w) {
        // "denied that …", "expressed confidence that …", "asked whether …", not "denied the request".
        let opens =
            |t: &Token| t.is("that") || t.quote().is_some() || t.is_punct(":") || matches!(t.bare(), "whether" | "if");
        let found = (k..b.min(k + 5)).take_while(|&x| toks[x].is_word() || opens(&toks[x])).find(|&x| opens(&toks[x]));
        match found {
            Some(x) => k = x,
            None if toks.get(k).is_some_and(|t| t.is_punct(","))
                && toks.get(k + 1).is_some_and(|t| t.quote().is_some()) => {}
            None => return None,
        }
    }
    Some(Cue {
        verb: i,
        source: CueSource::Np(np0),
        content: vec![(k, b)],
        backward: false,
        finite: true,
        ends_clause: false,
    })
}

/// `If the sanctions are affecting 80 percent of our economy, as Pompeo mentioned, the
/// question is …`: an "as X said" clause set off inside the writer's own sentence cites a
/// remark in passing. Unless the words before it are quoted, they are no quotation of X
/// when a clause stands before it and the sentence goes on after it with words of its own.
fn cited_in_passing(p: &Para, lo: usize, as_at: usize, k: usize, b: usize) -> bool {
    let toks = &p.toks;
    if (lo..as_at).any(|x| toks[x].quote().is_some()) {
        return false;
    }
    // `Yet, as Mr. Bown observed, …`: with no clause before it, what follows is X's.
    let clause_before = (lo..as_at).filter(|&x| toks[x].is_word()).count() >= 3;
    let goes_on = toks.get(k).is_some_and(|t| t.is_punct(",—–-"))
        && (k + 1..b).any(|x| toks[x].is_word())
        && toks.get(k + 1).is_some_and(|n| n.quote().is_none());
    clause_before && goes_on
}

fn overlaps(a: (usize, usize), b: (usize, usize)) -> bool {
    a.0 < b.1 && b.0 < a.1
}

fn inside(x: usize, r: (usize, usize)) -> bool {
    r.0 <= x && x < r.1
}

/// Keeps the outermost cues: backward cues first (they frame the clause before them), then
/// forward cues in order; a forward content stops before a later clause-ending cue.
pub(crate) fn settle(mut cues: Vec<Cue>) -> Vec<Cue> {
    let starts: Vec<usize> = cues.iter().filter(|c| c.ends_clause).map(|c| c.verb.saturating_sub(1)).collect();
    for c in cues.iter_mut().filter(|c| !c.backward) {
        let v = c.verb;
        for r in &mut c.content {
            if let Some(&s) = starts.iter().filter(|&&s| s > v && s >= r.0 && s < r.1).min() {
                r.1 = s;
            }
        }
    }
    let mut order: Vec<usize> = (0..cues.len()).collect();
    order.sort_by_key(|&i| (!cues[i].backward, cues[i].verb));
    let mut kept: Vec<usize> = Vec::new();
    for i in order {
        let c = &cues[i];
        let clash = kept.iter().any(|&k| {
            let o = &cues[k];
            o.content.iter().any(|&r| inside(c.verb, r))
                || c.content.iter().any(|&r| inside(o.verb, r))
                || o.content.iter().any(|&r| c.content.iter().any(|&s| overlaps(r, s)))
        });
        if !clash {
            kept.push(i);
        }
    }
    kept.sort_by_key(|&i| cues[i].verb);
    // Re-point participles whose cue was dropped.
    let index: Vec<Option<usize>> = (0..cues.len()).map(|i| kept.iter().position(|&k| k == i)).collect();
    let mut out: Vec<Cue> = Vec::with_capacity(kept.len());
    for &i in &kept {
        let mut c = std::mem::replace(
            &mut cues[i],
            Cue {
                verb: 0,
                source: CueSource::Subject,
                content: vec![],
                backward: false,
                finite: false,
                ends_clause: false,
            },
        );
        if let CueSource::Cue(j) = c.source {
            c.source = match index.get(j).copied().flatten() {
                Some(n) => CueSource::Cue(n),
                None => CueSource::Subject,
            };
        }
        out.push(c);
    }
    out
}
