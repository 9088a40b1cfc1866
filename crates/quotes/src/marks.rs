//! Quotation marks paired into quotations, paragraph by paragraph.
//!
//! Straight marks are told apart by their neighbours (an opening mark follows a space and
//! precedes a word; a closing mark does the reverse), curly marks by their shape unless the
//! neighbours contradict it (typing errors). News style lets a quotation run over several
//! paragraphs: every paragraph reopens it and only the last one closes it, so a paragraph
//! that ends inside a quotation continues into the next one when that one opens with a mark
//! (or, in scraped text split mid-quote, when its first mark can only close). Single marks
//! count as quotation marks only in paragraphs without double marks (inside double marks
//! they are nested quotations and stay part of the content). One pass over each paragraph.

use demarche_core::{is_space, trim_span, Span};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Quoted {
    pub para: usize,
    /// From the opening mark (or the paragraph start, when continued) to the end of the
    /// closing mark (or the paragraph end, when it runs on or is never closed).
    pub outer: Span,
    /// Inside the marks, trimmed; never empty, always holds a letter or digit.
    pub content: Span,
    /// Continues the quotation of the previous paragraph.
    pub cont_prev: bool,
    /// Runs on into the next paragraph.
    pub cont_next: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Dir {
    Open,
    Close,
    Either,
}

fn double_dir(c: char) -> Option<Dir> {
    match c {
        '"' => Some(Dir::Either),
        '“' | '„' | '«' | '‟' => Some(Dir::Open),
        '”' | '»' => Some(Dir::Close),
        _ => None,
    }
}

fn single_dir(c: char) -> Option<Dir> {
    match c {
        '\'' => Some(Dir::Either),
        '‘' | '‚' => Some(Dir::Open),
        '’' => Some(Dir::Close),
        _ => None,
    }
}

pub(crate) fn is_mark(c: char) -> bool {
    double_dir(c).is_some() || single_dir(c).is_some() || c == '`'
}

/// A mark with what surrounds it inside the paragraph.
#[derive(Debug, Clone, Copy)]
struct Mark {
    at: usize,
    len: usize,
    dir: Dir,
    /// The glyph family: marks of another family than the open quotation's nest inside it.
    family: u8,
    can_open: bool,
    can_close: bool,
}

fn classify(s: &str, base: usize, i: usize, len: usize, dir: Dir) -> Mark {
    let prev = s[..i].chars().next_back();
    let next = s[i + len..].chars().next();
    let left_open = prev.is_none_or(|p| is_space(p) || "([{—–-/".contains(p) || is_mark(p));
    let right_open = next.is_some_and(|n| !is_space(n));
    let left_close = prev.is_some_and(|p| !is_space(p));
    let right_close = next.is_none_or(|n| is_space(n) || ".,;:!?)]}—–-/…".contains(n) || is_mark(n));
    let family = match &s[i..i + len] {
        "\"" | "'" => 0,
        "“" | "”" | "„" | "‟" | "‘" | "’" | "‚" => 1,
        "«" | "»" => 2,
        _ => 3,
    };
    Mark { at: base + i, len, dir, family, can_open: left_open && right_open, can_close: left_close && right_close }
}

/// The marks of a paragraph: double ones (two apostrophes `''` and two backticks count as
/// one double mark, as in some newspapers' text) or, without any, single ones.
fn paragraph_marks(s: &str, base: usize) -> (bool, Vec<Mark>) {
    let double = s.chars().any(|c| double_dir(c).is_some()) || s.contains("''") || s.contains("``");
    let mut out = Vec::new();
    let mut skip_to = 0;
    for (i, c) in s.char_indices() {
        if i < skip_to {
            continue;
        }
        let (dir, len) = if double {
            if s[i..].starts_with("''") {
                (Some(Dir::Either), 2)
            } else if s[i..].starts_with("``") {
                (Some(Dir::Open), 2)
            } else {
                (double_dir(c), c.len_utf8())
            }
        } else {
            (single_dir(c), c.len_utf8())
        };
        let Some(dir) = dir else { continue };
        skip_to = i + len;
        let m = classify(s, base, i, len, dir);
        // A single mark between letters is an apostrophe.
        if double || m.can_open || m.can_close {
            out.push(m);
        }
    }
    (double, out)
}

impl Mark {
    /// Whether the mark opens a quotation when none is open.
    fn opens(&self) -> bool {
        match self.dir {
            Dir::Open => self.can_open || !self.can_close,
            Dir::Either => self.can_open || !self.can_close,
            Dir::Close => self.can_open && !self.can_close,
        }
    }
    /// Whether the mark closes the open quotation.
    fn closes(&self) -> bool {
        match self.dir {
            Dir::Close => self.can_close || !self.can_open,
            Dir::Either => self.can_close || !self.can_open,
            Dir::Open => self.can_close && !self.can_open,
        }
    }
}

fn has_word(text: &str, span: Span) -> bool {
    span.slice(text).chars().any(char::is_alphanumeric)
}

/// All quotations in the paragraphs (document order, never overlapping).
pub(crate) fn find(text: &str, paras: &[Span]) -> Vec<Quoted> {
    let mut out: Vec<Quoted> = Vec::new();
    let mut pending = false;
    for (pi, &p) in paras.iter().enumerate() {
        let s = p.slice(text);
        let (double, marks) = paragraph_marks(s, p.start);
        let first_word = s.char_indices().find(|(_, c)| !is_space(*c)).map(|(i, _)| p.start + i);
        let mut open: Option<(usize, bool, usize)> = None; // (content start, continues, outer start)
        let mut family: Option<u8> = None; // of the open quotation's opening mark
        let mut nested: Option<u8> = None; // a quotation of another family inside it
        let mut rest = &marks[..];
        if pending {
            match marks.first() {
                Some(m) if Some(m.at) == first_word && m.opens() => {
                    open = Some((m.at + m.len, true, m.at));
                    family = Some(m.family);
                    rest = &marks[1..];
                }
                Some(m) if m.closes() && !m.can_open => {
                    open = Some((p.start, true, p.start));
                    family = Some(m.family);
                }
                _ => {
                    if let Some(last) = out.last_mut() {
                        last.cont_next = false;
                    }
                }
            }
        }
        for m in rest {
            if open.is_some() && Some(m.family) != family {
                // Another family inside a quotation: nested (`"about “Equal Justice” anymore"`),
                // unless it can only close the quotation (a mismatched closing mark).
                if nested == Some(m.family) && m.closes() {
                    nested = None;
                    continue;
                }
                if nested.is_none() && m.can_open && !m.can_close {
                    nested = Some(m.family);
                    continue;
                }
                if nested.is_some() {
                    continue;
                }
            }
            match open {
                Some((start, cont, outer)) if m.closes() => {
                    push(&mut out, text, pi, Span::new(outer, m.at + m.len), Span::new(start, m.at), cont, false);
                    open = None;
                }
                Some((start, cont, outer)) if m.opens() && m.dir != Dir::Either => {
                    // An opening mark inside a quotation: the earlier one was never closed.
                    push(&mut out, text, pi, Span::new(outer, m.at), Span::new(start, m.at), cont, false);
                    open = Some((m.at + m.len, false, m.at));
                    family = Some(m.family);
                }
                Some(_) => {}
                None if m.opens() => {
                    open = Some((m.at + m.len, false, m.at));
                    family = Some(m.family);
                    nested = None;
                }
                None => {}
            }
        }
        pending = false;
        if let Some((start, cont, outer)) = open {
            // Single marks never run on: an unclosed one is an apostrophe or a typo.
            if double {
                let runs_on = pi + 1 < paras.len();
                push(&mut out, text, pi, Span::new(outer, p.end), Span::new(start, p.end), cont, runs_on);
                pending = runs_on;
            }
        }
    }
    out
}

fn push(out: &mut Vec<Quoted>, text: &str, para: usize, outer: Span, content: Span, cont_prev: bool, cont_next: bool) {
    let content = trim_span(text, content);
    if content.is_empty() || !has_word(text, content) {
        return;
    }
    out.push(Quoted { para, outer, content, cont_prev, cont_next });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quotes(paras: &[&str]) -> (String, Vec<Quoted>) {
        let text = paras.join("\n\n");
        let mut spans = Vec::new();
        let mut at = 0;
        for p in paras {
            spans.push(Span::new(at, at + p.len()));
            at += p.len() + 2;
        }
        let q = find(&text, &spans);
        (text, q)
    }

    fn contents(paras: &[&str]) -> Vec<String> {
        let (text, q) = quotes(paras);
        q.iter().map(|q| q.content.slice(&text).to_string()).collect()
    }

    #[test]
    fn straight_and_curly() {
        assert_eq!(contents(&["\"A b,\" he said. \"C d.\""]), ["A b,", "C d."]);
        assert_eq!(contents(&["“A b,” he said, “c d.”"]), ["A b,", "c d."]);
        assert_eq!(contents(&["declared the process \"dead.\""]), ["dead."]);
    }

    #[test]
    fn nested_single_marks_stay_inside() {
        let c = contents(&["“That was it, ‘Hey, slow down here.’” he said. Korea’s talks"]);
        assert_eq!(c, ["That was it, ‘Hey, slow down here.’"]);
    }

    #[test]
    fn single_marks_alone() {
        assert_eq!(contents(&["He called it 'a disaster,' she said. Don't."]), ["a disaster,"]);
        assert_eq!(contents(&["The Koreas’ talks don’t matter."]), Vec::<String>::new());
    }

    #[test]
    fn multi_paragraph_quote() {
        let (text, q) = quotes(&["\"First part.", "\"Second part,\" he said."]);
        assert_eq!(q.len(), 2);
        assert_eq!(q[0].content.slice(&text), "First part.");
        assert!(q[0].cont_next && !q[0].cont_prev);
        assert_eq!(q[1].content.slice(&text), "Second part,");
        assert!(q[1].cont_prev && !q[1].cont_next);
    }

    #[test]
    fn split_mid_quote() {
        let (text, q) = quotes(&["“First part", "second part,” he said."]);
        assert_eq!(q[1].content.slice(&text), "second part,");
        assert!(q[1].cont_prev);
    }

    #[test]
    fn unbalanced_runs_to_paragraph_end() {
        let (text, q) = quotes(&["He said “we will go", "Next paragraph."]);
        assert_eq!(q.len(), 1);
        assert_eq!(q[0].content.slice(&text), "we will go");
        assert!(!q[0].cont_next);
    }

    #[test]
    fn mixed_families_nest() {
        let (text, q) = quotes(&["\"It isn’t about “Equal Justice” anymore. It’s over.", "Next."]);
        assert_eq!(q.len(), 1);
        assert_eq!(q[0].content.slice(&text), "It isn’t about “Equal Justice” anymore. It’s over.");
        assert_eq!(contents(&["\"Sloppy quote,” he said."]), ["Sloppy quote,"]);
        assert_eq!(contents(&["“He said \"no\" today,” she said."]), ["He said \"no\" today,"]);
    }

    #[test]
    fn doubled_apostrophes() {
        assert_eq!(contents(&["''I think so,'' said Alex Conant. He's ``sure.''"]), ["I think so,", "sure."]);
    }

    #[test]
    fn empty_and_odd() {
        assert!(contents(&["\"\" and “ ” and \""]).is_empty());
        assert!(contents(&["5'11\" tall"]).is_empty() || contents(&["5'11\" tall"]).len() == 1);
        let _ = contents(&["\u{feff}“", "”", "“x"]);
    }
}
