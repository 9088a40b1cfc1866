//! Noun phrases that name speakers, found by scanning tokens from a cue: backwards for a
//! subject (`the U.S. envoy said`), forwards for an inverted subject or the object of
//! "according to" (`said Ken Gause`), and across commas for appositives
//! (`Ken Gause, director of …, said`). No tagger: a phrase is a run of capitalised words,
//! determiners, titles and role nouns, which is what speakers look like in news.

use demarche_core::Span;

use crate::lexicon::Words;
use crate::lexicon::*;
use crate::tokens::Token;

/// The longest phrase scanned for a speaker, and the longest appositive: bounds that keep
/// every scan from a cue short, whatever the paragraph.
pub(crate) const MAX_NP: usize = 14;
const MAX_APPOSITIVE: usize = 40;

/// A speaker as written at a cue.
#[derive(Debug, Clone)]
pub(crate) struct Np {
    /// The phrase's words, in order.
    pub words: Vec<Token>,
    /// The appositive after it (`director of the International Affairs Group …`).
    pub appositive: Option<Span>,
}

impl Np {
    pub fn span(&self) -> Span {
        match (self.words.first(), self.words.last()) {
            (Some(a), Some(b)) => Span::new(a.span.start, b.span.end),
            _ => Span::new(0, 0),
        }
    }
    pub fn pronoun(&self) -> Option<&str> {
        match self.words.as_slice() {
            [w] if is_pronoun(&w.lower) => Some(w.lower.as_str()),
            _ => None,
        }
    }
    /// Holds a capitalised word that is not a sentence opener or a title: a name.
    pub fn has_name(&self) -> bool {
        self.words.iter().any(|w| w.cap && !is_title(&w.lower) && !is_capitalised_opener(w.bare()))
    }
    pub fn is_speakerish(&self) -> bool {
        self.pronoun().is_some_and(|p| matches!(p, "he" | "she" | "they" | "it"))
            || self.has_name()
            || self.words.last().is_some_and(|w| is_human_head(w.bare()))
    }
}

/// Heads of descriptions that can speak.
static HUMAN_HEADS: Words = Words::new(
    "advocates agency aide aides allies analysis attorney campaign ceo chairman chairwoman chief \
     colleagues committee conservatives critics data democrats director doctor doctors employees founder \
     friends head investigators journalists lawmakers lawyer lawyers leaders liberals man manager media \
     members ministry neighbors network newspaper officials opponents organizers owner paper parents \
     party people police poll polls proponents prosecutors protesters reporters republicans residents \
     senators source sources spokesman staff staffer staffers students study supporters survey voters \
     website witness witnesses woman workers",
);

pub(crate) fn is_human_head(w: &str) -> bool {
    is_government_word(w)
        || is_nongovernment_word(w)
        || role_class(w).is_some()
        || is_title(w)
        || is_message_noun(w)
        || HUMAN_HEADS.contains(w)
}

/// Lower-case words allowed inside a speaker's phrase besides role and title words.
static NP_MODIFIERS: Words = Words::new(
    "affairs anonymous campaign chief communications customs federal former high-ranking house \
     independent intelligence international joint latest local longtime media national new news nuclear \
     official party policy political presidential press public ranking recent research retired senior \
     spokesman state state-run top unnamed veteran white",
);

fn is_np_modifier(w: &str) -> bool {
    NP_MODIFIERS.contains(w)
}

fn is_possessive(t: &Token) -> bool {
    t.lower.ends_with("’s") || t.lower.ends_with("'s") || t.lower.ends_with('’') || t.lower.ends_with('\'')
}

fn numeric(t: &Token) -> bool {
    t.lower.chars().next().is_some_and(|c| c.is_ascii_digit())
}

/// Whether a word can sit inside a speaker's phrase on its own merits.
/// "Ambassador to China": "to" joins a phrase only after an envoy's title, as it is
/// elsewhere an infinitive's mark ("wants to").
fn envoy(t: &Token) -> bool {
    matches!(t.bare(), "ambassador" | "envoy" | "representative" | "delegate" | "amb")
}

fn np_word(t: &Token) -> bool {
    if !t.is_word() {
        return false;
    }
    let w = t.bare();
    if is_reporting(w) || is_clause_word(w) || is_verb_filler(w) && !t.cap || is_temporal(w) || is_calendar(w) {
        return false;
    }
    t.cap
        || is_determiner(w)
        || is_title(w)
        || is_government_word(w)
        || is_nongovernment_word(w)
        || is_np_modifier(w)
        || is_human_head(w)
        || is_possessive(t)
        || numeric(t)
}

/// Skips a parenthesis ending at `j` (`(R-Texas)`) backwards; returns the index before it.
fn skip_paren_back(toks: &[Token], lo: usize, j: usize) -> Option<usize> {
    if !toks[j].is_punct(")") {
        return Some(j);
    }
    let mut k = j;
    while k > lo && j - k < 8 {
        k -= 1;
        if toks[k].is_punct("(") {
            return k.checked_sub(1).filter(|&x| x >= lo);
        }
    }
    None
}

/// The phrase that ends at token `j` (inclusive), not reaching before `lo`.
pub(crate) fn backward(toks: &[Token], lo: usize, j: usize) -> Option<(usize, usize)> {
    if j < lo || j >= toks.len() {
        return None;
    }
    let j = skip_paren_back(toks, lo, j)?;
    let last = &toks[j];
    if !last.is_word() || is_clause_word(last.bare()) && !last.cap {
        return None;
    }
    if is_pronoun(&last.lower) {
        return Some((j, j + 1));
    }
    let prev_is = |f: &dyn Fn(&Token) -> bool| j > lo && toks[j - 1].is_word() && f(&toks[j - 1]);
    // An unknown lower-case head needs a determiner or a phrase word before it ("the mayor").
    if !np_word(last) && (last.cap || !prev_is(&|t| is_determiner(t.bare()) || t.cap || np_word(t))) {
        return None;
    }
    let mut start = j;
    let mut k = j;
    let mut unknown = 0;
    let lo = lo.max(j.saturating_sub(MAX_NP));
    while k > lo {
        let t = &toks[k - 1];
        if !t.is_word() {
            break;
        }
        let w = t.bare();
        let before = |n: usize| (k > n && k - 1 - n >= lo).then(|| &toks[k - 1 - n]);
        if is_determiner(w) {
            start = k - 1;
            // "a spokesman for the ministry": the determiner opens a prepositional phrase.
            let prep = before(1).is_some_and(|p| p.is_word() && !p.cap && is_np_preposition(p.bare()));
            let head = before(2).is_some_and(|h| np_word(h) && !is_determiner(h.bare()));
            if prep && head {
                k -= 2;
                continue;
            }
            break;
        }
        if (is_np_preposition(w) || w == "to" && before(1).is_some_and(envoy)) && !t.cap {
            if before(1).is_some_and(|h| np_word(h) && !is_determiner(h.bare())) {
                k -= 1;
                continue;
            }
            break;
        }
        if np_word(t) && !(t.cap && is_capitalised_opener(w) && !is_title(w)) {
            k -= 1;
            start = k;
            continue;
        }
        if !t.cap && !is_clause_word(w) && !is_reporting(w) && !is_verb_filler(w) && unknown < 2 {
            // An unknown lower-case word (adjective, noun) stays only inside a phrase.
            if before(1).is_some_and(|p| p.is_word() && np_word(p)) {
                unknown += 1;
                k -= 1;
                continue;
            }
        }
        break;
    }
    // A phrase does not start with a preposition or an unknown lower-case word.
    while start < j {
        let t = &toks[start];
        if !t.cap && (is_np_preposition(t.bare()) || !np_word(t)) {
            start += 1;
        } else {
            break;
        }
    }
    Some((start, j + 1))
}

/// The phrase that starts at token `k`, ending before `hi`.
pub(crate) fn forward(toks: &[Token], k: usize, hi: usize) -> Option<(usize, usize)> {
    let hi = hi.min(toks.len());
    if k >= hi || !toks[k].is_word() {
        return None;
    }
    if is_pronoun(&toks[k].lower) {
        return Some((k, k + 1));
    }
    let mut end = k;
    let mut seen_det = false;
    let mut unknown = 0;
    let mut i = k;
    let hi = hi.min(k + MAX_NP);
    while i < hi {
        let t = &toks[i];
        if t.is_punct("(") {
            // `Sen. Ted Cruz (R-Texas)`: keep the parenthesis out, but step over it.
            let close = (i + 1..hi.min(i + 8)).find(|&x| toks[x].is_punct(")"));
            match close {
                Some(c) if end > k => {
                    i = c + 1;
                    continue;
                }
                _ => break,
            }
        }
        if !t.is_word() {
            break;
        }
        let w = t.bare();
        if !t.cap && (is_reporting(w) || is_clause_word(w)) || is_temporal(w) && i > k {
            break;
        }
        if is_determiner(w) && !t.cap || is_determiner(w) && i == k {
            if end > k && !matches!(toks[i - 1].lower.as_str(), "of" | "for" | "at" | "in" | "from") {
                break;
            }
            seen_det = true;
            i += 1;
            continue;
        }
        if (is_np_preposition(w) || w == "to" && i > k && envoy(&toks[i - 1])) && !t.cap {
            // "a spokesman for the ministry", "director of the Center": only after a head
            // and before more phrase.
            let more = toks.get(i + 1).is_some_and(|n| n.is_word() && (n.cap || is_determiner(n.bare())));
            if end > k && more && w != "in" && w != "on" {
                i += 1;
                continue;
            }
            break;
        }
        if np_word(t) {
            i += 1;
            end = i;
            continue;
        }
        let next_np = toks.get(i + 1).is_some_and(|n| i + 1 < hi && np_word(n) && !is_determiner(n.bare()));
        let between_caps = i > k && toks[i - 1].cap && toks.get(i + 1).is_some_and(|n| i + 1 < hi && n.cap);
        if (seen_det && next_np || between_caps) && !t.cap && unknown < 2 {
            unknown += 1;
            i += 1;
            continue;
        }
        break;
    }
    (end > k).then_some((k, end))
}

/// An appositive that starts at token `k` (after a comma) and runs to the end of the
/// sentence, a quotation, or a comma before a participle cue; `None` when it does not look
/// like a role (a relative clause, an adverbial).
pub(crate) fn appositive_forward(toks: &[Token], k: usize, hi: usize, to_comma: bool) -> Option<(usize, usize)> {
    let hi = hi.min(toks.len());
    let first = toks.get(k).filter(|_| k < hi)?;
    if !first.is_word() || is_clause_word(first.bare()) || is_reporting(first.bare()) {
        return None;
    }
    if is_np_preposition(first.bare()) || is_temporal(first.bare()) || first.lower.ends_with("ing") {
        return None;
    }
    let mut end = k;
    let mut i = k;
    let hi = hi.min(k + MAX_APPOSITIVE);
    while i < hi {
        let t = &toks[i];
        if t.quote().is_some() || t.is_punct(".;!?:") {
            break;
        }
        if t.is_punct(",") {
            if to_comma {
                break;
            }
            // A comma ends the appositive before a cue or a clause ("…, said", "…, adding").
            if toks.get(i + 1).is_some_and(|n| n.is_word() && (is_reporting(n.bare()) || is_clause_word(n.bare()))) {
                break;
            }
        }
        i += 1;
        if !t.is_punct(",") {
            end = i;
        }
    }
    (end > k).then_some((k, end))
}

pub(crate) fn make(toks: &[Token], range: (usize, usize), appositive: Option<(usize, usize)>) -> Np {
    let words: Vec<Token> = toks[range.0..range.1].iter().filter(|t| t.is_word()).cloned().collect();
    let appositive = appositive.and_then(|(a, b)| {
        let (a, b) = (toks.get(a)?, toks.get(b.checked_sub(1)?)?);
        Some(Span::new(a.span.start, b.span.end))
    });
    Np { words, appositive }
}
