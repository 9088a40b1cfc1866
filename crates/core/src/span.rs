use serde::{Deserialize, Serialize};

/// A half-open range of UTF-8 byte offsets into a document's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        debug_assert!(start <= end);
        Span { start, end }
    }
    pub fn len(&self) -> usize {
        self.end - self.start
    }
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }
    pub fn slice<'a>(&self, text: &'a str) -> &'a str {
        &text[self.start..self.end]
    }
    pub fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }
}

/// Whitespace as the corpora use it: Unicode white space plus the byte-order mark and
/// zero-width characters, which `char::is_whitespace` does not count.
pub fn is_space(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{feff}' | '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}')
}

/// Shrinks a span so that it neither starts nor ends with white space.
pub fn trim_span(text: &str, span: Span) -> Span {
    let s = span.slice(text);
    let lead = s.len() - s.trim_start_matches(is_space).len();
    let trimmed = s.trim_start_matches(is_space).trim_end_matches(is_space);
    Span::new(span.start + lead, span.start + lead + trimmed.len())
}

/// Collapses every run of white space (line breaks, no-break spaces, tabs) to one space and
/// trims the ends: the `text` column of every table is `normalize_ws(&doc.text[start..end])`.
pub fn normalize_ws(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending = false;
    for c in s.chars() {
        if is_space(c) {
            pending = !out.is_empty();
        } else {
            if pending {
                out.push(' ');
                pending = false;
            }
            out.push(c);
        }
    }
    out
}

/// Converts byte offsets to code-point offsets. It keeps the code-point count at every
/// 4 KiB boundary, so memory stays small for a 50 MB document and a lookup is one short scan.
pub struct CharIndex<'a> {
    text: &'a str,
    checkpoints: Vec<usize>,
}

const STRIDE: usize = 4096;

impl<'a> CharIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        let mut checkpoints = Vec::with_capacity(text.len() / STRIDE + 1);
        let mut chars = 0usize;
        let bytes = text.as_bytes();
        for (i, &b) in bytes.iter().enumerate() {
            if i % STRIDE == 0 {
                checkpoints.push(chars);
            }
            // A byte that is not a UTF-8 continuation byte starts a code point.
            if b & 0xC0 != 0x80 {
                chars += 1;
            }
        }
        CharIndex { text, checkpoints }
    }

    /// The code-point offset of a byte offset that lies on a char boundary.
    pub fn char_offset(&self, byte: usize) -> usize {
        assert!(self.text.is_char_boundary(byte), "offset {byte} is not a char boundary");
        let block = byte / STRIDE;
        if block >= self.checkpoints.len() {
            return self.text.chars().count();
        }
        let base = block * STRIDE;
        self.checkpoints[block] + self.text.as_bytes()[base..byte].iter().filter(|&&b| b & 0xC0 != 0x80).count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn char_offsets_count_code_points() {
        let text = "Kim’s — 이 é.";
        let idx = CharIndex::new(text);
        for (ci, (bi, _)) in text.char_indices().enumerate() {
            assert_eq!(idx.char_offset(bi), ci);
        }
        assert_eq!(idx.char_offset(text.len()), text.chars().count());
    }

    #[test]
    fn char_offsets_cross_checkpoints() {
        let text = "é".repeat(10_000) + "x";
        let idx = CharIndex::new(&text);
        assert_eq!(idx.char_offset(2 * 5_000), 5_000);
        assert_eq!(idx.char_offset(text.len() - 1), 10_000);
        assert_eq!(idx.char_offset(text.len()), 10_001);
    }

    #[test]
    fn normalize_collapses_breaks_and_nbsp() {
        assert_eq!(normalize_ws("\u{feff} a\u{a0}\u{a0}b\r\n c  "), "a b c");
    }

    #[test]
    fn trim_span_skips_bom_and_nbsp() {
        let text = "\u{feff}\u{a0}Kim said.\n";
        let s = trim_span(text, Span::new(0, text.len()));
        assert_eq!(s.slice(text), "Kim said.");
    }
}
