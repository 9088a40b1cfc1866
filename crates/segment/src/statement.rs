//! Official statements (ministry and KCNA releases, government and joint statements) are
//! segmented like news: narration paragraphs, then quotations. What sets them apart is who
//! issues them, which a dateline ("Pyongyang, June 26 (KCNA) --") or a title ("Statement of
//! Spokesman for DPRK Foreign Ministry") gives away; this module finds both.

use std::sync::LazyLock;

use demarche_core::Span;
use regex::Regex;

/// A dateline: a place in capitals or title case, a date, an optional source in brackets,
/// then a dash: `SEOUL, March 5 (Reuters) —`, `Pyongyang, June 26 (KCNA) --`.
static DATELINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?P<place>\p{Lu}[\p{L}.’'-]*(?:[ ]\p{Lu}[\p{L}.’'-]*){0,3}),[ ]+(?:\p{L}+\.?[ ]+\d{1,2}|\d{1,2}[ ]+\p{L}+)(?:,?[ ]+\d{4})?[ ]*(?:\((?P<source>[^)\n]{1,40})\))?[ ]*(?:--|—|–|-)[ ]*",
    )
    .expect("static regex")
});

/// A title that announces a statement: `Statement of …`, `Joint Statement …`, `Press
/// Statement`, `Statement by the Press Secretary on …`.
static TITLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:(?:Joint|Press|Government|Official)\s+)?Statement(?:\s+(?:of|by|from|on)\b|\s*$|\s*[:—–-])")
        .expect("static regex")
});

/// News agencies whose copy is the issuing state's own voice.
const STATE_AGENCIES: &[&str] = &["KCNA", "Korean Central News Agency"];

/// A document's dateline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dateline {
    /// The place as written (`Pyongyang`, `SEOUL`).
    pub place: String,
    /// The source in brackets (`KCNA`, `Reuters`), if any.
    pub source: Option<String>,
    /// The dateline's bytes in the text, dash included.
    pub span: Span,
}

impl Dateline {
    /// Whether the source is a state news agency, whose copy is its state's statement.
    pub fn from_state_agency(&self) -> bool {
        self.source.as_deref().is_some_and(|s| STATE_AGENCIES.iter().any(|a| a.eq_ignore_ascii_case(s.trim())))
    }
}

/// The paragraphs (non-blank lines) a dateline or title may open: the first few of the body.
fn opening_lines(text: &str, body_start: usize) -> impl Iterator<Item = (usize, &str)> {
    let start = body_start.min(text.len());
    let body = text.get(start..).unwrap_or("");
    body.split_inclusive('\n')
        .scan(start, |at, line| {
            let here = *at;
            *at += line.len();
            Some((here, line))
        })
        .map(|(at, line)| {
            let lead = line.len() - line.trim_start().len();
            (at + lead, line.trim())
        })
        .filter(|(_, line)| !line.is_empty())
        .take(4)
}

/// The dateline opening one of the first paragraphs of the body from `body_start`.
pub fn dateline(text: &str, body_start: usize) -> Option<Dateline> {
    opening_lines(text, body_start).find_map(|(at, line)| {
        let c = DATELINE.captures(line)?;
        let whole = c.get(0)?;
        Some(Dateline {
            place: c["place"].to_string(),
            source: c.name("source").map(|s| s.as_str().trim().to_string()),
            span: Span::new(at + whole.start(), at + whole.end()),
        })
    })
}

/// Whether a document of no declared kind is a statement: a state agency's dateline, or a
/// first line that is a statement's title.
pub fn looks_like_statement(text: &str, body_start: usize) -> bool {
    dateline(text, body_start).is_some_and(|d| d.from_state_agency())
        || opening_lines(text, body_start).next().is_some_and(|(_, first)| TITLE.is_match(first))
}

/// Whether `name` is a state news agency ("KCNA"), and so its state's voice.
pub fn is_state_agency(name: &str) -> bool {
    STATE_AGENCIES.iter().any(|a| a.eq_ignore_ascii_case(name.trim()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn datelines_with_and_without_source() {
        let text = "KCNA Commentary\n\nPyongyang, June 26 (KCNA) -- The “sanctions” racket — é 이.\n";
        let d = dateline(text, 0).unwrap();
        assert_eq!((d.place.as_str(), d.source.as_deref()), ("Pyongyang", Some("KCNA")));
        assert_eq!(&text[d.span.start..d.span.end], "Pyongyang, June 26 (KCNA) -- ");
        assert!(d.from_state_agency());
        let wire = "SEOUL, March 5 (Newswire) — North Korea on Thursday condemned …";
        let d = dateline(wire, 0).unwrap();
        assert_eq!((d.place.as_str(), d.source.as_deref(), d.from_state_agency()), ("SEOUL", Some("Newswire"), false));
        let d = dateline("WASHINGTON, April 2 — The Secretary spoke.", 0).unwrap();
        assert_eq!((d.place.as_str(), d.source), ("WASHINGTON", None));
        // Prose with a comma and a dash is no dateline.
        assert_eq!(dateline("However, the talks — if any — failed.", 0), None);
        assert_eq!(dateline("", 0), None);
    }

    #[test]
    fn statements_by_dateline_or_title() {
        assert!(looks_like_statement("Title\n\nPyongyang, June 26 (KCNA) -- The U.S. …", 0));
        assert!(looks_like_statement("Statement of Spokesman for DPRK Foreign Ministry\n\nThe U.S. …", 0));
        assert!(looks_like_statement("Joint Statement\n\nWe, the leaders …", 0));
        assert!(looks_like_statement("Statement by the Press Secretary on the DPRK’s Launch\n\n1. …", 0));
        assert!(!looks_like_statement("SEOUL, March 5 (Reuters) — North Korea …", 0));
        assert!(!looks_like_statement("Statements are cheap, analysts say\n\nSEOUL — …", 0));
        assert!(!looks_like_statement("North Korea issues statement on sanctions\n\n…", 0));
        // Front matter is skipped: the body starts after it; a start off a char boundary is safe.
        let fm = "---\nkind: x\n---\nStatement of the Government — 이\n";
        assert!(looks_like_statement(fm, 15));
        assert!(!looks_like_statement("이", 1));
    }
}
