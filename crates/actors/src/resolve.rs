//! Who a person or a transcript's speaker label is, and whom they speak for at a date.
//!
//! Nothing here guesses: a label that matches no one, or more than one person, resolves to
//! nobody, so that a wrong actor never reaches the position tables.

use crate::dates;
use crate::names::{self, label_key, person_key, strip_numbering, strip_titles};
use crate::registry::{ActorKind, LabelRule, Person, Registry, Role};

/// A speaker label and what the document says about its speakers.
#[derive(Debug, Clone, Copy, Default)]
pub struct SpeakerQuery<'a> {
    /// As written: `AMBASSADOR KIM`, `MS. PSAKI`, `THE PRESIDENT`, `Sung Kim`.
    pub label: &'a str,
    /// People the document's header or title names: (full name, role).
    pub people: &'a [(String, Option<String>)],
    /// Partial ISO date of the document.
    pub date: Option<&'a str>,
    /// Home actor of the document's officials (USA for a State Department transcript).
    pub doc_actor: Option<&'a str>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Resolved {
    pub name: Option<String>,
    pub actor: Option<String>,
}

impl Person {
    /// The actor the person speaks for at a partial date: that of the role held then
    /// (a role held over the whole date before one that only overlaps it, the most recent
    /// one where several differ), else the person's default actor. Without a date: the
    /// default actor, else that of the most recent role.
    pub fn actor_at(&self, date: Option<&str>) -> Option<String> {
        let Some(iv) = date.and_then(dates::interval) else {
            return self.actor.clone().or_else(|| latest(self.roles.iter()).map(|r| r.actor.clone()));
        };
        let overlapping: Vec<&Role> = self.roles.iter().filter(|r| r.period.overlaps(iv)).collect();
        let containing: Vec<&Role> = overlapping.iter().copied().filter(|r| r.period.contains(iv)).collect();
        let chosen = if containing.is_empty() { overlapping } else { containing };
        match latest(chosen.into_iter()) {
            Some(r) => Some(r.actor.clone()),
            None => self.actor.clone(),
        }
    }

    /// The role held at a partial date, chosen as in [`Person::actor_at`].
    pub fn role_at(&self, date: &str) -> Option<&Role> {
        let iv = dates::interval(date)?;
        let containing = self.roles.iter().filter(|r| r.period.contains(iv));
        latest(containing).or_else(|| latest(self.roles.iter().filter(|r| r.period.overlaps(iv))))
    }

    fn holds_role_at(&self, date: &str) -> bool {
        self.roles.iter().any(|r| r.held_at(date))
    }
}

/// The role that started last (an open start counts as earliest).
fn latest<'a>(roles: impl Iterator<Item = &'a Role>) -> Option<&'a Role> {
    roles.max_by_key(|r| r.period.start)
}

impl Registry {
    /// A person by full name or alias, with the actor they speak for at `date`.
    pub fn resolve_person(&self, name: &str, date: Option<&str>) -> Option<Resolved> {
        let p = self.person(name)?;
        Some(Resolved { name: Some(p.name.clone()), actor: p.actor_at(date) })
    }

    /// The people holding a role with this title (case-insensitive) for `actor` at `date`.
    pub fn role_holders(&self, title: &str, actor: &str, date: &str) -> Vec<&Person> {
        self.people
            .iter()
            .filter(|p| {
                p.roles.iter().any(|r| r.actor == actor && r.title.eq_ignore_ascii_case(title) && r.held_at(date))
            })
            .collect()
    }

    /// Resolves a transcript's speaker label: generic labels first, then the people the
    /// document's header names (by surname), then registry people who held a post at the
    /// document's date. Unknown or ambiguous speakers resolve to nobody.
    pub fn resolve_speaker(&self, q: &SpeakerQuery) -> Resolved {
        let label = names::clean(q.label);
        let label = label.trim_end_matches([':', ' ']);
        if label.is_empty() {
            return Resolved::default();
        }
        if let Some(rule) = self.labels.get(strip_numbering(&label_key(label))) {
            return self.apply_rule(rule, q);
        }
        let (rest, titles) = strip_titles(label, &self.titles);
        let rest = rest.trim_matches([',', ' ']);
        if rest.split_whitespace().count() >= 2 {
            if let Some(r) = self.full_name(rest, q) {
                return r;
            }
        }
        let mut keys = vec![rest];
        if let Some((_, last)) = rest.rsplit_once(' ') {
            keys.push(last);
        }
        for key in keys {
            let key = person_key(key);
            if key.is_empty() {
                continue;
            }
            match self.header_by_surname(&key, q) {
                Found::One(r) => return r,
                Found::Many => return Resolved::default(),
                Found::None => {}
            }
            match self.registry_by_surname(&key, &titles, q) {
                Found::One(r) => return r,
                Found::Many => return Resolved::default(),
                Found::None => {}
            }
        }
        Resolved::default()
    }

    fn apply_rule(&self, rule: &LabelRule, q: &SpeakerQuery) -> Resolved {
        match rule {
            LabelRule::Nobody => Resolved::default(),
            LabelRule::DocActor => Resolved { name: None, actor: q.doc_actor.map(str::to_string) },
            LabelRule::Actor(id) => Resolved { name: None, actor: Some(id.clone()) },
            LabelRule::RoleHolder(title) => {
                let (Some(actor), Some(date)) = (q.doc_actor, q.date) else {
                    return Resolved::default();
                };
                match self.role_holders(title, actor, date).as_slice() {
                    [p] => Resolved { name: Some(p.name.clone()), actor: Some(actor.to_string()) },
                    _ => Resolved::default(),
                }
            }
        }
    }

    /// A label that is a full name: the registry's person, else a header person of that
    /// name, who speaks for the document's home actor.
    fn full_name(&self, name: &str, q: &SpeakerQuery) -> Option<Resolved> {
        let in_header = q.people.iter().find(|(full, _)| person_key(self.header_name(full)) == person_key(name));
        if let Some(mut r) = self.resolve_person(name, q.date) {
            if r.actor.is_none() {
                if let Some((_, role)) = in_header {
                    r.actor = self.header_actor(role.as_deref(), q);
                }
            }
            return Some(r);
        }
        in_header.map(|(full, role)| Resolved {
            name: Some(names::clean(self.header_name(full))),
            actor: self.header_actor(role.as_deref(), q),
        })
    }

    /// Whom a header person the registry does not place speaks for: the document's home
    /// actor, else the state or organisation their header role names (`Spokesman, U.S.
    /// Department of State` → USA).
    fn header_actor(&self, role: Option<&str>, q: &SpeakerQuery) -> Option<String> {
        q.doc_actor.map(str::to_string).or_else(|| role.and_then(|r| self.actor_named_in(r)))
    }

    /// The state or organisation a role names, the longest phrase first; none when the
    /// role names two different ones.
    fn actor_named_in(&self, role: &str) -> Option<String> {
        let words: Vec<&str> = role
            .split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | '(' | ')'))
            .filter(|w| !w.is_empty())
            .collect();
        let mut found: Vec<&str> = Vec::new();
        let mut covered = vec![false; words.len()];
        for n in (1..=4).rev() {
            for (i, w) in words.windows(n).enumerate() {
                if covered[i..i + n].iter().any(|&c| c) || !w[0].starts_with(char::is_uppercase) {
                    continue;
                }
                let Some(id) = self.resolve_mention(&w.join(" ")) else { continue };
                if self.get(id).is_some_and(|a| matches!(a.kind, ActorKind::State | ActorKind::Organisation)) {
                    covered[i..i + n].iter_mut().for_each(|c| *c = true);
                    if !found.contains(&id) {
                        found.push(id);
                    }
                }
            }
        }
        match found.as_slice() {
            [one] => Some(one.to_string()),
            _ => None,
        }
    }

    fn header_name<'a>(&self, full: &'a str) -> &'a str {
        strip_titles(full.trim(), &self.titles).0
    }

    fn header_by_surname(&self, key: &str, q: &SpeakerQuery) -> Found {
        let mut found: Vec<Resolved> = Vec::new();
        for (full, role) in q.people {
            let full = self.header_name(full);
            let known = self.person(full);
            let surname = known.map(|p| p.surname.clone()).unwrap_or_else(|| names::default_surname(full));
            if person_key(&surname) != key {
                continue;
            }
            let r = match known {
                Some(p) => Resolved {
                    name: Some(p.name.clone()),
                    actor: p.actor_at(q.date).or_else(|| self.header_actor(role.as_deref(), q)),
                },
                None => Resolved { name: Some(names::clean(full)), actor: self.header_actor(role.as_deref(), q) },
            };
            if !found.iter().any(|f| f.name == r.name) {
                found.push(r);
            }
        }
        Found::from(found)
    }

    fn registry_by_surname(&self, key: &str, titles: &[String], q: &SpeakerQuery) -> Found {
        let (Some(date), Some(candidates)) = (q.date, self.surnames.get(key)) else {
            return Found::None;
        };
        let mut found: Vec<&Person> =
            candidates.iter().map(|&i| &self.people[i]).filter(|p| p.holds_role_at(date)).collect();
        // Prefer the document's own officials: AMBASSADOR KIM in a State Department
        // transcript is an American Kim.
        if let Some(doc) = q.doc_actor {
            let own: Vec<&Person> =
                found.iter().copied().filter(|p| p.roles.iter().any(|r| r.actor == doc && r.held_at(date))).collect();
            if !own.is_empty() {
                found = own;
            }
        }
        // Then the one whose post the label's title names (PRESIDENT BIDEN).
        if found.len() > 1 && !titles.is_empty() {
            let titled: Vec<&Person> = found
                .iter()
                .copied()
                .filter(|p| {
                    p.role_at(date).is_some_and(|r| {
                        let t = format!(" {} ", r.title.to_uppercase());
                        titles.iter().any(|x| t.contains(&format!(" {x} ")))
                    })
                })
                .collect();
            if !titled.is_empty() {
                found = titled;
            }
        }
        Found::from(
            found
                .into_iter()
                .map(|p| Resolved { name: Some(p.name.clone()), actor: p.actor_at(Some(date)) })
                .collect::<Vec<_>>(),
        )
    }
}

enum Found {
    None,
    One(Resolved),
    Many,
}

impl From<Vec<Resolved>> for Found {
    fn from(mut v: Vec<Resolved>) -> Found {
        match v.len() {
            0 => Found::None,
            1 => Found::One(v.remove(0)),
            _ => Found::Many,
        }
    }
}
