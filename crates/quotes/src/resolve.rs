//! Actors for speakers the registry does not know, from the role the article gives them.
//!
//! A government post with a state ("North Korean official", "a U.S. official", "Chinese Vice
//! Foreign Minister") speaks for that state; analysts, academics and think-tank people for
//! `OTHER`; a past post ("former …", "… during the Obama administration") for nobody, unless
//! the role also marks them as non-governmental. Anything else: no actor, never a guess.

use demarche_actors::{ActorKind, Registry, OTHER};

use crate::lexicon::{is_government_word, is_nongovernment_word, is_past_word};

/// Words of a role, lower case, possessives and punctuation stripped.
fn words(role: &str) -> Vec<String> {
    role.split(|c: char| c.is_whitespace() || matches!(c, ',' | '(' | ')' | ';' | '—' | '–'))
        .filter(|w| !w.is_empty())
        .map(|w| {
            let w = w.trim_matches(|c: char| !c.is_alphanumeric() && c != '.' && c != '-');
            let w = w.strip_suffix("’s").or_else(|| w.strip_suffix("'s")).unwrap_or(w);
            w.to_lowercase()
        })
        .collect()
}

/// The state or organisation a role names ("U.S.", "North Korean", "China’s", "U.N."),
/// trying the longest phrases first.
pub(crate) fn actor_in(registry: &Registry, text: &str) -> Option<String> {
    let raw: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | '(' | ')' | ';'))
        .filter(|w| !w.is_empty())
        .collect();
    for n in (1..=4).rev() {
        for w in raw.windows(n) {
            let phrase = w.join(" ");
            let phrase = phrase.trim_matches(|c: char| !c.is_alphanumeric() && c != '.' && c != '’' && c != '\'');
            let phrase = phrase.strip_suffix('.').filter(|p| !p.contains('.')).unwrap_or(phrase);
            if phrase.is_empty() || phrase.chars().next().is_some_and(char::is_lowercase) && !phrase.contains('.') {
                continue;
            }
            if let Some(id) = registry.resolve_mention(phrase) {
                let kind = registry.get(id).map(|a| a.kind);
                if matches!(kind, Some(ActorKind::State | ActorKind::Organisation)) {
                    return Some(id.to_string());
                }
            }
        }
    }
    None
}

/// The actor of an unknown speaker with this role, by the rules above.
pub(crate) fn role_actor(registry: &Registry, role: &str) -> Option<String> {
    let ws = words(role);
    if ws.iter().any(|w| is_nongovernment_word(w) || w == "think" && role.contains("think tank")) {
        return Some(OTHER.to_string());
    }
    let past = ws.iter().any(|w| is_past_word(w))
        || role.contains("during the")
        || role.contains("under President")
        || role.contains("under former");
    if past {
        return None;
    }
    if !ws.iter().any(|w| is_government_word(w)) {
        return None;
    }
    actor_in(registry, role)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_to_actors() {
        let r = Registry::builtin().unwrap();
        let a = |s: &str| role_actor(&r, s);
        assert_eq!(a("North Korean official").as_deref(), Some("PRK"));
        assert_eq!(a("a U.S. official").as_deref(), Some("USA"));
        assert_eq!(a("u.s. envoy").as_deref(), Some("USA"));
        assert_eq!(a("Chinese Vice Foreign Minister").as_deref(), Some("CHN"));
        assert_eq!(a("China’s foreign ministry spokesman").as_deref(), Some("CHN"));
        assert_eq!(a("an analyst at the Korea Institute for National Unification").as_deref(), Some("OTHER"));
        assert_eq!(
            a("director of the International Affairs Group at the Center for Naval Analyses").as_deref(),
            Some("OTHER")
        );
        assert_eq!(a("a doctor"), None);
        assert_eq!(a("former U.S. official"), None);
        assert_eq!(a("White House coordinator for arms control during the Obama administration"), None);
        assert_eq!(a("White House spokesperson").as_deref(), Some("USA"));
        assert_eq!(a("a U.N. official").as_deref(), Some("UN"));
        assert_eq!(a("South Korean media report"), None);
    }
}
