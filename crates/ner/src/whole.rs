//! Registry names as whole names: where the model splits a name of the actor registry
//! ("Democratic" MISC + "People" ORG + "Republic of Korea" LOC) or tags only a piece of it
//! ("Korea" in "N. Korea"), its entities are merged into one entity spanning the name.
//!
//! Names are found longest first and leftmost, so "Republic of Korea" is never found inside
//! "Democratic People's Republic of Korea". Matching ignores case, the kind of apostrophe
//! (’ or ') and of hyphen, and takes any run of white space (line breaks included) where a name has a space. Only the model's
//! entities are merged: a name the model found nothing in adds no entity, and an entity
//! that equals or contains the whole name is left as it is. An entity that crosses the
//! name's edge is merged with the name and the pieces inside it into one longer entity.

use std::collections::HashMap;

use demarche_core::{normalize_ws, Span};
use regex::{Regex, RegexBuilder};

use crate::{Entity, Error, Source};

#[derive(Debug, Clone, Default)]
pub struct WholeNames {
    regex: Option<Regex>,
    /// [`key`] of a name → label.
    labels: HashMap<String, String>,
}

impl WholeNames {
    /// Names with the label a merged entity takes (`LOC` for a state, `MISC` for a
    /// demonym…). Names of one word without punctuation are skipped: the model cannot split
    /// them. Where two names have the same key, the first one's label is kept.
    pub fn new<'a>(names: impl IntoIterator<Item = (&'a str, &'a str)>) -> Result<WholeNames, Error> {
        let mut labels = HashMap::new();
        let mut kept: Vec<String> = Vec::new();
        for (name, label) in names {
            let name = normalize_ws(name);
            if !name.chars().any(|c| !c.is_alphanumeric()) {
                continue;
            }
            if labels.contains_key(&key(&name)) {
                continue;
            }
            labels.insert(key(&name), label.to_string());
            kept.push(name);
        }
        if kept.is_empty() {
            return Ok(WholeNames::default());
        }
        // Leftmost-first alternation: longest names first.
        kept.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
        let alternatives: Vec<String> = kept.iter().map(|n| pattern(n)).collect();
        let regex = RegexBuilder::new(&alternatives.join("|"))
            .size_limit(1 << 26)
            .dfa_size_limit(1 << 26)
            .build()
            .map_err(|e| Error::Config { path: "registry names".into(), message: e.to_string() })?;
        Ok(WholeNames { regex: Some(regex), labels })
    }

    pub fn is_empty(&self) -> bool {
        self.regex.is_none()
    }

    /// The names in one sentence (`span` of `text`): span and label.
    pub fn find(&self, text: &str, span: Span) -> Vec<(Span, &str)> {
        let Some(regex) = &self.regex else { return Vec::new() };
        let sentence = span.slice(text);
        regex
            .find_iter(sentence)
            .filter_map(|m| {
                let label = self.labels.get(&key(m.as_str()))?;
                Some((Span::new(span.start + m.start(), span.start + m.end()), label.as_str()))
            })
            .collect()
    }

    /// The model's entities of a sentence, with those that split a name, or lie inside it,
    /// replaced by one entity spanning the name (`Source::Merged`; score: the mean of the
    /// merged entities'), or spanning the name and an entity that crosses its edge. In text
    /// order.
    pub fn merge(&self, text: &str, span: Span, model: Vec<Entity>) -> Vec<(Entity, Source)> {
        let mut out: Vec<(Entity, Source)> = model.into_iter().map(|e| (e, Source::Model)).collect();
        for (name, label) in self.find(text, span) {
            let overlaps = |e: &Entity| e.span.start < name.end && name.start < e.span.end;
            let touching: Vec<&Entity> = out.iter().map(|(e, _)| e).filter(|e| overlaps(e)).collect();
            // Nothing found there, or the whole name (or more) found already: the model's
            // reading stands.
            if touching.is_empty() || touching.iter().any(|e| e.span.start <= name.start && e.span.end >= name.end) {
                continue;
            }
            // An entity that crosses the name's edge makes the name part of a longer one
            // ("State Affairs Commission of the Democratic People’s" + "Republic of Korea"):
            // all of it is one entity, with the label of the longest crossing entity.
            // Lower-case words outside the name ("sister" in "sister Republic of Cuba") are
            // no part of a longer name: they are left out.
            let named = |e: &Entity| {
                let outside = [
                    Span::new(e.span.start, name.start.max(e.span.start)),
                    Span::new(name.end.min(e.span.end), e.span.end),
                ];
                outside.iter().any(|o| o.slice(text).chars().any(char::is_uppercase))
            };
            let crossing = touching
                .iter()
                .filter(|e| (e.span.start < name.start || e.span.end > name.end) && named(e))
                .max_by_key(|e| (e.span.end - e.span.start, std::cmp::Reverse(e.span.start)));
            let (whole, label) = match crossing {
                None => (name, label.to_string()),
                Some(c) => {
                    let start = touching.iter().map(|e| e.span.start).min().unwrap_or(name.start).min(name.start);
                    let end = touching.iter().map(|e| e.span.end).max().unwrap_or(name.end).max(name.end);
                    (Span::new(start, end), c.label.clone())
                }
            };
            let score = touching.iter().map(|e| e.score).sum::<f32>() / touching.len() as f32;
            out.retain(|(e, _)| !overlaps(e));
            let merged = Entity { span: whole, text: normalize_ws(whole.slice(text)), label, score };
            out.push((merged, Source::Merged));
        }
        out.sort_by_key(|(e, _)| (e.span.start, e.span.end));
        out
    }
}

/// What matching ignores: case, apostrophes, hyphens, white space (the registry's `clean`,
/// lower-cased).
fn key(s: &str) -> String {
    demarche_actors::clean(s).chars().flat_map(char::to_lowercase).collect()
}

/// The regex of one name: on word boundaries where it begins or ends with a letter or digit.
fn pattern(name: &str) -> String {
    let mut p = String::new();
    let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
    if word(name.chars().next()) {
        p.push_str(r"\b");
    }
    p.push_str("(?i:");
    for c in name.chars() {
        match c {
            ' ' => p.push_str(r"[\s\u{200b}\u{200c}\u{200d}\u{2060}\u{feff}]+"),
            '\'' | '\u{2019}' | '\u{2018}' | '\u{02bc}' => p.push_str("['\u{2019}\u{2018}\u{02bc}]"),
            '-' | '\u{2010}' | '\u{2011}' => p.push_str("[-\u{2010}\u{2011}]"),
            c => p.push_str(&regex::escape(&c.to_string())),
        }
    }
    p.push(')');
    if word(name.chars().next_back()) {
        p.push_str(r"\b");
    }
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ent(text: &str, word: &str, label: &str, score: f32) -> Entity {
        let start = text.find(word).unwrap();
        Entity { span: Span::new(start, start + word.len()), text: normalize_ws(word), label: label.into(), score }
    }

    fn names() -> WholeNames {
        WholeNames::new([
            ("Republic of Korea", "LOC"),
            ("Democratic People's Republic of Korea", "LOC"),
            ("DPRK", "LOC"),
            ("N. Korea", "LOC"),
            ("North Korean", "MISC"),
            ("Korea", "LOC"),
        ])
        .unwrap()
    }

    fn shown<'a>(text: &'a str, got: &'a [(Entity, Source)]) -> Vec<(&'a str, &'a str, &'static str)> {
        got.iter().map(|(e, s)| (e.span.slice(text), e.label.as_str(), s.as_str())).collect()
    }

    #[test]
    fn split_names_are_merged_longest_first() {
        // Curly apostrophe, a line break inside the name, non-ASCII text around it.
        let text = "Séoul — 이 — and the Democratic People’s\nRepublic of Korea met the Republic of Korea.";
        let all = Span::new(0, text.len());
        let model = vec![
            ent(text, "Séoul", "LOC", 0.9),
            ent(text, "Democratic", "MISC", 0.5),
            ent(text, "People", "ORG", 0.6),
            ent(text, "Republic of Korea met", "LOC", 0.7),
        ];
        // The model's last entity crosses the name's edge with lower-case words only: they
        // are no name, and the merged entity is the name.
        let got = names().merge(text, all, model.clone());
        assert_eq!(
            shown(text, &got),
            [("Séoul", "LOC", "model"), ("Democratic People’s\nRepublic of Korea", "LOC", "merged")]
        );
        // A longer name that crosses it takes it in, with its label.
        let mut crossing = model.clone();
        crossing[0] = ent(text, "Séoul — 이 — and the Democratic", "ORG", 0.5);
        let got = names().merge(text, all, crossing);
        assert_eq!(
            shown(text, &got),
            [("Séoul — 이 — and the Democratic People’s\nRepublic of Korea met", "ORG", "merged")]
        );
        let mut model = model;
        model[3] = ent(text, "Republic of Korea", "LOC", 0.7);
        let later = text.rfind("Republic of Korea").unwrap();
        model.push(Entity {
            span: Span::new(later, later + 17),
            text: "Republic of Korea".into(),
            label: "LOC".into(),
            score: 0.9,
        });
        let got = names().merge(text, all, model);
        assert_eq!(
            shown(text, &got),
            [
                ("Séoul", "LOC", "model"),
                ("Democratic People’s\nRepublic of Korea", "LOC", "merged"),
                ("Republic of Korea", "LOC", "model"),
            ]
        );
        let merged = &got[1].0;
        assert_eq!(merged.text, "Democratic People’s Republic of Korea");
        assert_eq!(merged.span.start, text.find("Democratic").unwrap());
        assert_eq!(merged.span.end, text.find(" met").unwrap());
        assert!((merged.score - 0.6).abs() < 1e-6);
    }

    #[test]
    fn whole_or_wider_entities_and_empty_names_stay() {
        let text = "The Democratic People's Republic of Korea Mission and N. Korea, the DPRK, dprk.";
        let all = Span::new(0, text.len());
        let wide = ent(text, "Democratic People's Republic of Korea Mission", "ORG", 0.8);
        let got = names().merge(text, all, vec![wide.clone()]);
        assert_eq!(got, [(wide, Source::Model)]);
        // No entity where the model found none; "N. Korea": the model's "Korea" becomes the
        // whole name.
        assert!(names().merge(text, all, Vec::new()).is_empty());
        let korea = text.find("Korea,").unwrap();
        let piece = Entity { span: Span::new(korea, korea + 5), text: "Korea".into(), label: "LOC".into(), score: 0.4 };
        let got = names().merge(text, all, vec![piece]);
        assert_eq!(shown(text, &got), [("N. Korea", "LOC", "merged")]);
        // One word ("DPRK") is no name to merge into.
        let found: Vec<&str> = names().find(text, all).into_iter().map(|(s, _)| s.slice(text)).collect();
        assert_eq!(found, ["Democratic People's Republic of Korea", "N. Korea"]);
    }

    #[test]
    fn names_on_word_boundaries_only() {
        let w = WholeNames::new([("North Korean", "MISC"), ("Guinea-Bissau", "LOC")]).unwrap();
        let text = "North Koreans, North Korean and Guinea‑Bissau.";
        let found: Vec<(&str, &str)> =
            w.find(text, Span::new(0, text.len())).into_iter().map(|(s, l)| (s.slice(text), l)).collect();
        assert_eq!(found, [("North Korean", "MISC"), ("Guinea‑Bissau", "LOC")]);
        assert!(WholeNames::new([("Korea", "LOC")]).unwrap().is_empty());
    }
}
