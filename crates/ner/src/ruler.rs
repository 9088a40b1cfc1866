//! An entity ruler: names that are tagged whatever the model says (the registry's
//! `[[entity]]` entries), for names the model misses or splits — "Six-Party" in the seeds.
//! Matching is case-sensitive, on word boundaries, with any run of white space where a name
//! has a space; at one position the longest name wins. A ruled entity replaces the model's
//! entities it overlaps.

use std::collections::HashMap;

use demarche_core::{normalize_ws, Span};
use regex::Regex;

use crate::{Entity, Error};

/// Where an entity row comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Model,
    Ruler,
    /// Model entities merged into the registry name they split (see [`crate::WholeNames`]).
    Merged,
}

impl Source {
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Model => "model",
            Source::Ruler => "registry",
            Source::Merged => "merged",
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct Ruler {
    regex: Option<Regex>,
    /// Name (white space collapsed) → label.
    labels: HashMap<String, String>,
}

impl Ruler {
    /// A ruler over `(name, label)` pairs; an empty list gives a ruler that finds nothing.
    pub fn new<'a>(names: impl IntoIterator<Item = (&'a str, &'a str)>) -> Result<Ruler, Error> {
        let mut labels = HashMap::new();
        let mut names: Vec<String> = names
            .into_iter()
            .map(|(n, l)| {
                let n = normalize_ws(n);
                labels.insert(n.clone(), l.to_string());
                n
            })
            .filter(|n| !n.is_empty())
            .collect();
        if names.is_empty() {
            return Ok(Ruler::default());
        }
        // Leftmost-first alternation: longest names first, so "Six-Party Talks" beats "Six-Party".
        names.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
        names.dedup();
        let alternatives: Vec<String> =
            names.iter().map(|n| n.split(' ').map(regex::escape).collect::<Vec<_>>().join(r"\s+")).collect();
        let regex = Regex::new(&format!("(?:{})", alternatives.join("|")))
            .map_err(|e| Error::Config { path: "registry [[entity]] names".into(), message: e.to_string() })?;
        Ok(Ruler { regex: Some(regex), labels })
    }

    pub fn is_empty(&self) -> bool {
        self.regex.is_none()
    }

    /// The ruler's entities in one sentence (`span` of `text`), score 1.
    pub fn find(&self, text: &str, span: Span) -> Vec<Entity> {
        let Some(regex) = &self.regex else { return Vec::new() };
        let sentence = span.slice(text);
        let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric());
        regex
            .find_iter(sentence)
            .filter(|m| !word(sentence[..m.start()].chars().next_back()) && !word(sentence[m.end()..].chars().next()))
            .filter_map(|m| {
                let name = normalize_ws(m.as_str());
                let label = self.labels.get(&name)?.clone();
                let span = Span::new(span.start + m.start(), span.start + m.end());
                Some(Entity { span, text: name, label, score: 1.0 })
            })
            .collect()
    }

    /// The entities found so far in a sentence with the ruler's, in text order: one that
    /// overlaps a ruled entity is dropped.
    pub fn apply(&self, text: &str, span: Span, found: Vec<(Entity, Source)>) -> Vec<(Entity, Source)> {
        let ruled = self.find(text, span);
        let overlaps = |a: Span, b: Span| a.start < b.end && b.start < a.end;
        let mut out: Vec<(Entity, Source)> =
            found.into_iter().filter(|(e, _)| !ruled.iter().any(|r| overlaps(r.span, e.span))).collect();
        out.extend(ruled.into_iter().map(|e| (e, Source::Ruler)));
        out.sort_by_key(|(e, _)| (e.span.start, e.span.end));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ent(text: &str, word: &str, label: &str) -> Entity {
        let start = text.find(word).unwrap();
        Entity { span: Span::new(start, start + word.len()), text: word.into(), label: label.into(), score: 0.5 }
    }

    #[test]
    fn longest_name_on_word_boundaries_replaces_what_it_overlaps() {
        let r = Ruler::new([("Six-Party", "MISC"), ("Six-Party  Talks", "MISC"), ("UN", "ORG")]).unwrap();
        // ’, —, 이, é around the names: byte offsets stay exact.
        let text = "Kim’s aide — 이 é — said the Six-Party\nTalks and the Six-Party process, not UNESCO, matter.";
        let all = Span::new(0, text.len());
        let model = vec![(ent(text, "Six-", "MISC"), Source::Model), (ent(text, "Kim", "PER"), Source::Model)];
        let got = r.apply(text, all, model);
        let shown: Vec<(&str, &str, &str, f32)> =
            got.iter().map(|(e, s)| (e.span.slice(text), e.label.as_str(), s.as_str(), e.score)).collect();
        assert_eq!(
            shown,
            [
                ("Kim", "PER", "model", 0.5),
                ("Six-Party\nTalks", "MISC", "registry", 1.0),
                ("Six-Party", "MISC", "registry", 1.0),
            ]
        );
        assert_eq!(got[1].0.text, "Six-Party Talks");
        // Within a sentence span, offsets are the document's.
        let tail = Span::new(text.find("and").unwrap(), text.len());
        let found = r.find(text, tail);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].span.slice(text), "Six-Party");
    }

    #[test]
    fn no_names_find_nothing() {
        let r = Ruler::new(std::iter::empty()).unwrap();
        assert!(r.is_empty());
        assert!(r.find("Six-Party", Span::new(0, 9)).is_empty());
    }
}
