//! Tokens and sentences of one paragraph, with every quotation one opaque token, so that
//! nothing inside quotation marks is read as an attribution and a period inside a quotation
//! does not end the sentence that carries its attribution.

use demarche_core::{is_space, Span};

use crate::lexicon::Words;
use crate::marks::{is_mark, Quoted};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Word,
    Punct,
    /// Index into the article's quotations.
    Quote(usize),
}

#[derive(Debug, Clone)]
pub(crate) struct Token {
    pub kind: Kind,
    pub span: Span,
    /// Lower case; empty for quotations.
    pub lower: String,
    /// Starts with an upper-case letter (or a digit-free acronym such as `U.S.`).
    pub cap: bool,
}

impl Token {
    pub fn is_word(&self) -> bool {
        self.kind == Kind::Word
    }
    pub fn is(&self, w: &str) -> bool {
        self.lower == w
    }
    pub fn is_punct(&self, chars: &str) -> bool {
        self.kind == Kind::Punct && self.lower.chars().next().is_some_and(|c| chars.contains(c))
    }
    pub fn quote(&self) -> Option<usize> {
        match self.kind {
            Kind::Quote(i) => Some(i),
            _ => None,
        }
    }
    /// Lower case without a possessive `'s`.
    pub fn bare(&self) -> &str {
        self.lower.strip_suffix("’s").or_else(|| self.lower.strip_suffix("'s")).unwrap_or(&self.lower)
    }
}

/// Abbreviations that keep their period.
static ABBREVIATIONS: Words = Words::new(
    "adm ala amb apr ariz aug ave blvd calif capt cmdr co col colo conn corp dec del dept dr feb fla ft \
     ga gen gop gov ill inc ind jan jr kan ky la lt ltd mar mass md mich minn mo mr mrs ms mt nc neb nev \
     nh nj no nov ny oct okla ore penn pres prof rep reps rev sc sec sen sens sep sept sgt sr st tenn \
     tex va vs vt wash wis",
);

fn is_abbreviation(lower: &str) -> bool {
    ABBREVIATIONS.contains(lower) || {
        // Initials and dotted acronyms: `W`, `U.S`, `u.s`, `D.C`, `a.m`.
        let parts: Vec<&str> = lower.split('.').collect();
        parts.iter().all(|p| p.chars().count() == 1 && p.chars().all(char::is_alphabetic))
    }
}

/// Abbreviations that can end a sentence as well (`… with the U.S. The talks …`).
fn can_end_sentence(lower: &str) -> bool {
    lower.contains('.') || matches!(lower, "inc." | "corp." | "co." | "ltd." | "jr." | "sr.")
}

fn word_char(c: char) -> bool {
    c.is_alphanumeric()
}

fn joiner(c: char) -> bool {
    matches!(c, '.' | '\'' | '’' | '-' | '‑' | '&' | '/' | ',' | ':' | '\u{2060}' | '\u{ad}')
}

/// Tokens of `para`; `quotes` are the article's quotations (the ones whose outer span lies in
/// this paragraph become quotation tokens).
pub(crate) fn tokenize(text: &str, para: Span, quotes: &[(usize, Quoted)]) -> Vec<Token> {
    let mut out = Vec::new();
    let s = para.slice(text);
    let mut qi = quotes.iter().peekable();
    let mut i = 0;
    let bytes_len = s.len();
    while i < bytes_len {
        let abs = para.start + i;
        // Skip quotations that end before here (should not happen, but never loop on them).
        while qi.peek().is_some_and(|(_, q)| q.outer.end <= abs && q.outer.start < abs) {
            qi.next();
        }
        if let Some((idx, q)) = qi.peek() {
            if q.outer.start <= abs && abs < q.outer.end {
                out.push(Token { kind: Kind::Quote(*idx), span: q.outer, lower: String::new(), cap: false });
                i = q.outer.end.min(para.end) - para.start;
                qi.next();
                continue;
            }
        }
        let Some(c) = s[i..].chars().next() else { break };
        if is_space(c) {
            i += c.len_utf8();
            continue;
        }
        if word_char(c) {
            let mut j = i + c.len_utf8();
            while let Some(d) = s[j..].chars().next() {
                if word_char(d) {
                    j += d.len_utf8();
                    continue;
                }
                // A joiner stays inside the word when a letter or digit follows it
                // (U.S, Kim’s, back-channel, 3.2, 10,000); a comma or colon only between digits.
                let after = s[j + d.len_utf8()..].chars().next();
                let digit_join = matches!(d, ',' | ':') && s[..j].ends_with(|x: char| x.is_ascii_digit());
                if joiner(d)
                    && after.is_some_and(word_char)
                    && (!matches!(d, ',' | ':') || digit_join && after.is_some_and(|a| a.is_ascii_digit()))
                {
                    j += d.len_utf8();
                    continue;
                }
                break;
            }
            let mut lower = s[i..j].to_lowercase();
            if s[j..].starts_with('.') && is_abbreviation(&lower) {
                j += 1;
                lower.push('.');
            }
            let cap = c.is_uppercase();
            out.push(Token { kind: Kind::Word, span: Span::new(abs, para.start + j), lower, cap });
            i = j;
            continue;
        }
        // Dashes written as two hyphens are one token.
        let len = if s[i..].starts_with("--") { 2 } else { c.len_utf8() };
        out.push(Token {
            kind: Kind::Punct,
            span: Span::new(abs, abs + len),
            lower: s[i..i + len].to_string(),
            cap: false,
        });
        i += len;
    }
    out
}

/// Whether the quotation's words end a sentence (`… here.”`).
fn quote_ends_sentence(text: &str, q: &Quoted) -> bool {
    let inner = q.content.slice(text).trim_end_matches(|c: char| is_mark(c) || is_space(c) || c == ')');
    inner.ends_with(['.', '!', '?', '…'])
}

/// `“… a row? Is it two?” Clinton asks as …`: a name and a reporting verb right after a
/// quotation keep it in their sentence.
fn attribution_follows(toks: &[Token], from: usize) -> bool {
    for t in toks.iter().skip(from).take(5) {
        if !t.is_word() {
            return false;
        }
        if !t.cap && crate::lexicon::is_reporting(&t.lower) {
            return true;
        }
    }
    false
}

/// Sentences as token ranges `[start, end)`, covering every token.
pub(crate) fn sentences(text: &str, toks: &[Token], quotes: &[Quoted]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    for i in 0..toks.len() {
        let t = &toks[i];
        let next = toks.get(i + 1);
        let next_starts = next.is_none_or(|n| n.cap || n.quote().is_some() || n.is_punct("(["));
        let next_lower = next.is_some_and(|n| n.is_word() && !n.cap);
        let end = match t.kind {
            // `Rep. Gwen Moore (D-Wis.) said`: a dot before a closing parenthesis ends no
            // sentence.
            Kind::Punct => t.is_punct(".!?…") && !next_lower && !next.is_some_and(|n| n.is_punct(")]")),
            Kind::Word => {
                t.lower.ends_with('.')
                    && can_end_sentence(&t.lower)
                    && next.is_some_and(|n| {
                        n.quote().is_some()
                            || n.cap && crate::lexicon::is_capitalised_opener(&n.lower) && !n.lower.ends_with('.')
                    })
            }
            Kind::Quote(q) => {
                next_starts
                    && next.is_some()
                    && quotes.get(q).is_some_and(|q| quote_ends_sentence(text, q))
                    && !attribution_follows(toks, i + 1)
            }
        };
        if end {
            out.push((start, i + 1));
            start = i + 1;
        }
    }
    if start < toks.len() {
        out.push((start, toks.len()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<String> {
        tokenize(s, Span::new(0, s.len()), &[]).iter().map(|t| t.span.slice(s).to_string()).collect()
    }

    #[test]
    fn words_keep_abbreviations_and_possessives() {
        assert_eq!(
            words("the U.S. envoy’s talks, Jan. 30 -- 3.2 million"),
            ["the", "U.S.", "envoy’s", "talks", ",", "Jan.", "30", "--", "3.2", "million"]
        );
        assert_eq!(words("said Kim."), ["said", "Kim", "."]);
        assert_eq!(words("George W. Bush, 10,000"), ["George", "W.", "Bush", ",", "10,000"]);
    }

    #[test]
    fn sentences_split_after_periods_not_abbreviations() {
        let s = "Mr. Kim met the U.S. envoy. He left. It was with the U.S. The end";
        let toks = tokenize(s, Span::new(0, s.len()), &[]);
        let sents = sentences(s, &toks, &[]);
        let texts: Vec<&str> = sents.iter().map(|&(a, b)| &s[toks[a].span.start..toks[b - 1].span.end]).collect();
        assert_eq!(texts, ["Mr. Kim met the U.S. envoy.", "He left.", "It was with the U.S.", "The end"]);
    }
}
