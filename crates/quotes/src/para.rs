//! A paragraph as the attribution rules see it (its tokens, sentences and where its body
//! starts after a dateline), and the subject of a sentence: what both the cues and the
//! conventions for quotations without a cue read.

use demarche_core::Span;

use crate::lexicon::*;
use crate::np::{self, Np};
use crate::tokens::Token;

pub(crate) struct Para<'a> {
    pub text: &'a str,
    pub toks: Vec<Token>,
    pub sents: Vec<(usize, usize)>,
    /// First token after a dateline.
    pub body: usize,
}

impl Para<'_> {
    pub(crate) fn word_count(&self, span: Span) -> usize {
        span.slice(self.text).split_whitespace().filter(|w| w.chars().any(char::is_alphanumeric)).count()
    }
}

/// Where the sentence's subject starts: after openers ("However,") and an introductory
/// phrase ending in a comma ("After Trump’s tweet,").
pub(crate) fn subject_start(p: &Para, a: usize, b: usize) -> Option<usize> {
    let toks = &p.toks;
    let mut k = a;
    while k < b && (toks[k].is_punct(",") || toks[k].is_word() && is_subject_opener(toks[k].bare())) {
        k += 1;
    }
    let t = toks.get(k).filter(|_| k < b)?;
    let participle =
        t.lower.len() > 5 && (t.lower.ends_with("ing") || t.lower.ends_with("ed")) && !is_first_name(&t.lower);
    if t.is_word()
        && t.cap
        && (is_capitalised_opener(t.bare()) || participle)
        && !is_determiner(t.bare())
        && !is_pronoun(t.bare())
    {
        // An introductory phrase ("After the vote,", "Conceding defeat,"): the subject
        // follows its comma.
        let comma = (k + 1..b.min(k + 25)).find(|&x| toks[x].is_punct(","))?;
        k = comma + 1;
    }
    (k < b && toks[k].is_word()).then_some(k)
}

/// The sentence's subject phrase, with its appositive.
pub(crate) fn sentence_subject(p: &Para, a: usize, b: usize) -> Option<Np> {
    let k = subject_start(p, a, b)?;
    let (s, e) = np::forward(&p.toks, k, b)?;
    let appos = if p.toks.get(e).is_some_and(|t| t.is_punct(",")) {
        np::appositive_forward(&p.toks, e + 1, b, true)
    } else {
        None
    };
    let np = np::make(&p.toks, (s, e), appos);
    np.is_speakerish().then_some(np)
}
