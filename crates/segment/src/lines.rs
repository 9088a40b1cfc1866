//! Line iteration that treats `\n`, `\r\n` and a lone `\r` alike, over absolute offsets.

use demarche_core::is_space;

/// One line's content, terminator excluded, as absolute byte offsets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Line {
    pub start: usize,
    pub end: usize,
}

impl Line {
    pub fn text<'a>(&self, text: &'a str) -> &'a str {
        &text[self.start..self.end]
    }
}

/// The lines of `text[from..to]`. `from` and `to` must be char boundaries; line breaks are
/// ASCII so every line edge is one too.
pub(crate) struct Lines<'a> {
    bytes: &'a [u8],
    pos: usize,
    to: usize,
}

pub(crate) fn lines(text: &str, from: usize, to: usize) -> Lines<'_> {
    let to = to.min(text.len());
    Lines { bytes: text.as_bytes(), pos: from.min(to), to }
}

impl Iterator for Lines<'_> {
    type Item = Line;
    fn next(&mut self) -> Option<Line> {
        if self.pos >= self.to {
            return None;
        }
        let start = self.pos;
        let rest = &self.bytes[start..self.to];
        match rest.iter().position(|&b| b == b'\n' || b == b'\r') {
            Some(i) => {
                let end = start + i;
                let mut next = end + 1;
                if self.bytes[end] == b'\r' && next < self.to && self.bytes[next] == b'\n' {
                    next += 1;
                }
                self.pos = next;
                Some(Line { start, end })
            }
            None => {
                self.pos = self.to;
                Some(Line { start, end: self.to })
            }
        }
    }
}

pub(crate) fn is_blank(s: &str) -> bool {
    s.chars().all(is_space)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crlf_lone_cr_and_lf() {
        let t = "a\r\nb\rc\n\nd";
        let got: Vec<&str> = lines(t, 0, t.len()).map(|l| l.text(t)).collect();
        assert_eq!(got, ["a", "b", "c", "", "d"]);
    }

    #[test]
    fn bounded_range() {
        let t = "xx\nab\ncd\n";
        let got: Vec<&str> = lines(t, 3, 5).map(|l| l.text(t)).collect();
        assert_eq!(got, ["ab"]);
        assert_eq!(lines(t, 9, 9).count(), 0);
    }
}
