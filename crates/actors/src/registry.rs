//! The registry: actors, people, speaker-label rules and the indexes over them.
//!
//! A registry is a stack of layers (the ISO list, the embedded `actors.toml`, then user
//! files). Merging appends layers and rebuilds the indexes, so a later layer overrides an
//! earlier one entry by entry and alias by alias, whatever order things were loaded in.

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::OnceLock;

use crate::dates::{self, Period};
use crate::file::{check, parse, File, RoleEntry};
use crate::names::{self, label_key, mention_key, person_key, strip_numbering, title_key};
use crate::{iso, Error};

/// The registry file shipped with the crate.
pub const BUILTIN_TOML: &str = include_str!("../registry/actors.toml");
const BUILTIN_ORIGIN: &str = "actors.toml (builtin)";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ActorKind {
    State,
    Organisation,
    Person,
    Other,
}

impl ActorKind {
    pub fn as_str(&self) -> &'static str {
        match self {
            ActorKind::State => "state",
            ActorKind::Organisation => "organisation",
            ActorKind::Person => "person",
            ActorKind::Other => "other",
        }
    }
    pub(crate) fn parse(s: &str) -> Option<ActorKind> {
        Some(match s.trim().to_ascii_lowercase().as_str() {
            "state" | "country" => ActorKind::State,
            "organisation" | "organization" => ActorKind::Organisation,
            "person" => ActorKind::Person,
            "other" => ActorKind::Other,
            _ => return None,
        })
    }
}

/// A state, organisation or other party that takes positions. `aliases` holds every other
/// form it is mentioned by: names, demonyms, capitals used as metonyms.
#[derive(Debug, Clone, PartialEq)]
pub struct Actor {
    pub id: String,
    pub name: String,
    pub kind: ActorKind,
    pub aliases: Vec<String>,
    /// The body whose positions this one's are (`UNSC` → `UN`), as positions count them.
    pub part_of: Option<String>,
}

/// A post a person held, for an actor, over a period (partial ISO dates, open ends).
#[derive(Debug, Clone, PartialEq)]
pub struct Role {
    pub title: String,
    pub actor: String,
    pub from: Option<String>,
    pub to: Option<String>,
    pub(crate) period: Period,
}

impl Role {
    /// Whether the role was held on at least one day of the partial date `date`.
    pub fn held_at(&self, date: &str) -> bool {
        dates::interval(date).is_some_and(|iv| self.period.overlaps(iv))
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Person {
    pub name: String,
    pub aliases: Vec<String>,
    pub surname: String,
    /// Whom the person speaks for when no role covers the date.
    pub actor: Option<String>,
    pub roles: Vec<Role>,
}

/// What a generic speaker label resolves to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum LabelRule {
    Nobody,
    DocActor,
    Actor(String),
    RoleHolder(String),
}

#[derive(Debug, Clone)]
struct Layer {
    origin: String,
    file: std::sync::Arc<File>,
}

#[derive(Debug, Clone, Default)]
pub struct Registry {
    layers: Vec<Layer>,
    pub(crate) actors: Vec<Actor>,
    ids: HashMap<String, usize>,
    mentions: HashMap<String, Vec<usize>>,
    pub(crate) people: Vec<Person>,
    person_names: HashMap<String, Vec<usize>>,
    person_aliases: HashMap<String, Vec<usize>>,
    /// Surname key → people.
    pub(crate) surnames: HashMap<String, Vec<usize>>,
    pub(crate) labels: HashMap<String, LabelRule>,
    /// Longest first.
    pub(crate) titles: Vec<String>,
    entity_names: Vec<EntityName>,
    /// Mention keys of singular demonyms ("Israeli", "Chinese"), and whether they have a
    /// plural ("Israelis"; "the Chinese" is already the people).
    demonyms: HashMap<String, bool>,
    /// Mention keys of demonyms and their plurals ("North Korean", "North Koreans").
    demonym_forms: HashSet<String>,
}

/// A name the NER stage tags whatever its model says (registry `[[entity]]`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntityName {
    pub name: String,
    pub label: String,
    pub actor: Option<String>,
}

impl Registry {
    /// The ISO 3166 list from the `keshvar` crate overlaid with the embedded `actors.toml`.
    pub fn builtin() -> Result<Registry, Error> {
        let file = parse(BUILTIN_TOML, BUILTIN_ORIGIN)?;
        let iso = iso::layer();
        let mut known: HashSet<&str> = iso.actor.iter().map(|a| a.id.as_str()).collect();
        known.extend(file.actor.iter().map(|a| a.id.as_str()));
        check(&file, BUILTIN_ORIGIN, &|id| known.contains(id))?;
        Ok(Registry::from_layers(vec![
            Layer { origin: "keshvar (ISO 3166)".into(), file: iso.into() },
            Layer { origin: BUILTIN_ORIGIN.into(), file: file.into() },
        ]))
    }

    /// A registry from one file's text. Actor ids it refers to must be defined in it or
    /// in the builtin registry; `origin` names the file in error messages.
    pub fn from_toml_str(text: &str, origin: &str) -> Result<Registry, Error> {
        let file = parse(text, origin)?;
        let own: HashSet<&str> = file.actor.iter().map(|a| a.id.as_str()).collect();
        let builtin = builtin_ids();
        check(&file, origin, &|id| own.contains(id) || builtin.contains(id))?;
        Ok(Registry::from_layers(vec![Layer { origin: origin.to_string(), file: file.into() }]))
    }

    /// A user registry file.
    pub fn load(path: &Path) -> Result<Registry, Error> {
        let text =
            std::fs::read_to_string(path).map_err(|source| Error::Io { path: path.to_path_buf(), cause: source })?;
        let origin =
            path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| path.display().to_string());
        Registry::from_toml_str(&text, &origin)
    }

    /// Puts `other` on top of this registry: its actors, people and labels extend this
    /// one's, and where both define the same id, name, alias or label, `other` wins.
    pub fn merge(&mut self, other: Registry) {
        let mut layers = std::mem::take(&mut self.layers);
        layers.extend(other.layers);
        *self = Registry::from_layers(layers);
    }

    /// The actor with this id (or one of its alternative codes, e.g. `YUG`'s `SCG`).
    pub fn get(&self, id: &str) -> Option<&Actor> {
        self.ids.get(id.trim()).map(|&i| &self.actors[i])
    }

    /// The actor that holds the positions of `id`: the body it is part of, else itself
    /// ("the Security Council imposed sanctions" is the UN's position, as the codebook counts).
    pub fn position_holder<'a>(&'a self, id: &'a str) -> &'a str {
        self.get(id).and_then(|a| a.part_of.as_deref()).unwrap_or(id)
    }

    /// The id of the actor a mention names, by exact alias match after normalisation
    /// (case, diacritics, apostrophes, white space, a leading "the", a possessive 's).
    /// Acronyms without dots match only in upper case. A mention that names several
    /// actors resolves to none.
    pub fn resolve_mention(&self, mention: &str) -> Option<&str> {
        for key in names::mention_lookup_keys(mention) {
            if let Some(ids) = self.mentions.get(&key) {
                return match ids.as_slice() {
                    [one] => Some(self.actors[*one].id.as_str()),
                    _ => None,
                };
            }
        }
        None
    }

    /// Whether `mention` is a state's demonym used as an adjective ("Israeli support", "the
    /// Israeli offer", "Chinese support"), so never the subject of a clause; "Israelis" and
    /// "the Chinese" name the people.
    pub fn is_demonym(&self, mention: &str) -> bool {
        let m = mention.trim_start();
        let article = m.get(..4).is_some_and(|w| w.eq_ignore_ascii_case("the "));
        self.demonyms.get(&mention_key(&names::clean(m))).is_some_and(|&has_plural| has_plural || !article)
    }

    /// Names NER tags whatever its model says, longest first.
    pub fn entity_names(&self) -> Vec<&EntityName> {
        let mut v: Vec<&EntityName> = self.entity_names.iter().collect();
        v.sort_by(|a, b| b.name.len().cmp(&a.name.len()).then(a.name.cmp(&b.name)));
        v
    }

    /// Every name, alias, demonym and capital that names one actor, and every person's name
    /// and alias (less those that begin with a title), with the NER label a mention of it
    /// takes: `LOC` for a state, `ORG` for an organisation or other party, `PER` for a
    /// person, `MISC` for a demonym. The NER stage merges the model's entities that split one
    /// of these names. In a fixed order, actors then people, as listed.
    pub fn whole_names(&self) -> Vec<(String, &'static str)> {
        let mut out: Vec<(String, &'static str)> = Vec::new();
        for a in &self.actors {
            let label = match a.kind {
                ActorKind::State => "LOC",
                ActorKind::Person => "PER",
                ActorKind::Organisation | ActorKind::Other => "ORG",
            };
            for form in std::iter::once(&a.name).chain(&a.aliases) {
                if self.resolve_mention(form) != Some(a.id.as_str()) {
                    continue;
                }
                let demonym = self.demonym_forms.contains(&mention_key(form));
                // "the Democratic People's Republic of Korea" (an ISO long name) is the name
                // after "the", as NER and CoNLL span it.
                let form = match form.get(..4) {
                    Some(the) if the.eq_ignore_ascii_case("the ") && form.len() > 4 => &form[4..],
                    _ => form.as_str(),
                };
                out.push((form.to_string(), if demonym { "MISC" } else { label }));
            }
        }
        for p in &self.people {
            for form in std::iter::once(&p.name).chain(&p.aliases) {
                let titled = !names::strip_titles(form, &self.titles).1.is_empty();
                if !titled && self.person(form).is_some_and(|q| q.name == p.name) {
                    out.push((form.clone(), "PER"));
                }
            }
        }
        out
    }

    /// Actors and people.
    pub fn len(&self) -> usize {
        self.actors.len() + self.people.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn actors(&self) -> impl Iterator<Item = &Actor> {
        self.actors.iter()
    }

    pub fn people(&self) -> impl Iterator<Item = &Person> {
        self.people.iter()
    }

    /// The person with this full name or alias, when exactly one has it.
    pub fn person(&self, name: &str) -> Option<&Person> {
        let key = person_key(name);
        for index in [&self.person_names, &self.person_aliases] {
            if let Some(found) = index.get(&key) {
                return match found.as_slice() {
                    [one] => Some(&self.people[*one]),
                    _ => None,
                };
            }
        }
        None
    }

    /// The files this registry was built from, lowest first.
    pub fn origins(&self) -> impl Iterator<Item = &str> {
        self.layers.iter().map(|l| l.origin.as_str())
    }

    fn from_layers(layers: Vec<Layer>) -> Registry {
        let mut r = Registry::default();
        let mut person_at: HashMap<String, usize> = HashMap::new();
        let mut titles: HashSet<String> = HashSet::new();
        for layer in &layers {
            let file = &layer.file;
            // Mention keys this layer defines replace earlier layers' for the same key.
            let mut local: HashMap<String, Vec<usize>> = HashMap::new();
            for e in &file.actor {
                let i = match r.ids.get(&e.id) {
                    Some(&i) if r.actors[i].id == e.id => i,
                    _ => {
                        r.actors.push(Actor {
                            id: e.id.clone(),
                            name: e.id.clone(),
                            kind: ActorKind::Other,
                            aliases: Vec::new(),
                            part_of: None,
                        });
                        r.ids.insert(e.id.clone(), r.actors.len() - 1);
                        r.actors.len() - 1
                    }
                };
                let actor = &mut r.actors[i];
                if let Some(kind) = e.kind.as_deref().and_then(ActorKind::parse) {
                    actor.kind = kind;
                }
                if e.part_of.is_some() {
                    actor.part_of = e.part_of.clone();
                }
                let mut forms: Vec<String> = Vec::new();
                if let Some(name) = &e.name {
                    if actor.name != *name && actor.name != actor.id {
                        // The old display name stays a way to mention it.
                        forms.push(actor.name.clone());
                    }
                    actor.name = name.clone();
                    forms.push(name.clone());
                }
                forms.extend(e.aliases.iter().cloned());
                for d in &e.demonyms {
                    r.demonyms.insert(mention_key(&names::clean(d)), plural(d).is_some());
                    r.demonym_forms.insert(mention_key(&names::clean(d)));
                    r.demonym_forms.extend(plural(d).map(|p| mention_key(&names::clean(&p))));
                    forms.push(d.clone());
                    forms.extend(plural(d));
                }
                forms.extend(e.capitals.iter().cloned());
                for f in forms {
                    let f = names::clean(&f);
                    if f.is_empty() {
                        continue;
                    }
                    let slot = local.entry(mention_key(&f)).or_default();
                    if !slot.contains(&i) {
                        slot.push(i);
                    }
                    if f != actor.name && !actor.aliases.contains(&f) {
                        actor.aliases.push(f);
                    }
                }
                for code in &e.codes {
                    // A code never shadows another actor's own id.
                    if r.ids.get(code).is_none_or(|&j| r.actors[j].id != *code) {
                        r.ids.insert(code.clone(), i);
                    }
                }
            }
            r.mentions.extend(local);
            for a in &file.ambiguous {
                r.mentions.insert(mention_key(a), Vec::new());
            }
            for p in &file.person {
                r.add_person(p, &mut person_at);
            }
            for l in &file.label {
                let rule = match (&l.role, l.actor.as_deref()) {
                    (Some(role), _) => LabelRule::RoleHolder(role.clone()),
                    (None, Some("@doc")) => LabelRule::DocActor,
                    (None, Some(id)) => LabelRule::Actor(id.to_string()),
                    (None, None) => LabelRule::Nobody,
                };
                for n in &l.names {
                    r.labels.insert(strip_numbering(&label_key(n)).to_string(), rule.clone());
                }
            }
            titles.extend(file.titles.iter().map(|t| title_key(t)));
            for e in &file.entity {
                for n in &e.names {
                    let name = names::clean(n);
                    // An upper layer's entry for the same name replaces the lower one's.
                    r.entity_names.retain(|x| x.name != name);
                    r.entity_names.push(EntityName { name, label: e.label.clone(), actor: e.actor.clone() });
                }
            }
        }
        // An alias overridden by a later layer no longer belongs to the earlier actor.
        for (i, a) in r.actors.iter_mut().enumerate() {
            let mentions = &r.mentions;
            a.aliases.retain(|f| mentions.get(&mention_key(f)).is_some_and(|ids| ids.contains(&i)));
        }
        for (i, p) in r.people.iter().enumerate() {
            r.person_names.entry(person_key(&p.name)).or_default().push(i);
            r.surnames.entry(person_key(&p.surname)).or_default().push(i);
            for a in &p.aliases {
                let slot = r.person_aliases.entry(person_key(a)).or_default();
                if !slot.contains(&i) {
                    slot.push(i);
                }
            }
        }
        r.titles = titles.into_iter().filter(|t| !t.is_empty()).collect();
        r.titles.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
        r.layers = layers;
        r
    }

    fn add_person(&mut self, p: &crate::file::PersonEntry, at: &mut HashMap<String, usize>) {
        let roles: Vec<Role> = p.roles.iter().map(role).collect();
        let key = person_key(&p.name);
        if let Some(&i) = at.get(&key) {
            let old = &mut self.people[i];
            old.name = names::clean(&p.name);
            for a in &p.aliases {
                if !old.aliases.contains(a) {
                    old.aliases.push(a.clone());
                }
            }
            if let Some(s) = &p.surname {
                old.surname = s.clone();
            }
            if p.actor.is_some() {
                old.actor = p.actor.clone();
            }
            if !roles.is_empty() {
                old.roles = roles;
            }
            return;
        }
        let name = names::clean(&p.name);
        self.people.push(Person {
            surname: p.surname.clone().unwrap_or_else(|| names::default_surname(&name)),
            name,
            aliases: p.aliases.iter().map(|a| names::clean(a)).collect(),
            actor: p.actor.clone(),
            roles,
        });
        at.insert(key, self.people.len() - 1);
    }
}

/// English plural of a demonym used as a noun ("North Koreans", "Iraqis"); forms like
/// "Chinese", "British" or "Swiss" have none.
fn plural(demonym: &str) -> Option<String> {
    let last = demonym.chars().last()?;
    matches!(last, 'n' | 'i' | 'k' | 'o').then(|| format!("{demonym}s"))
}

fn role(e: &RoleEntry) -> Role {
    // Dates were checked when the file was parsed.
    let start = e.from.as_deref().and_then(dates::interval).map(|(a, _)| a);
    let end = e.to.as_deref().and_then(dates::interval).map(|(_, b)| b);
    Role {
        title: names::clean(&e.title),
        actor: e.actor.clone(),
        from: e.from.clone(),
        to: e.to.clone(),
        period: Period { start, end },
    }
}

/// Ids a user file may refer to without defining them.
fn builtin_ids() -> &'static HashSet<String> {
    static IDS: OnceLock<HashSet<String>> = OnceLock::new();
    IDS.get_or_init(|| {
        let mut ids: HashSet<String> = iso::layer().actor.into_iter().map(|a| a.id).collect();
        if let Ok(file) = parse(BUILTIN_TOML, BUILTIN_ORIGIN) {
            ids.extend(file.actor.into_iter().map(|a| a.id));
        }
        ids
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_known_mentions_are_ambiguous() {
        let r = Registry::builtin().unwrap();
        let mut ambiguous: Vec<&str> =
            r.mentions.iter().filter(|(_, ids)| ids.len() != 1).map(|(k, _)| k.as_str()).collect();
        ambiguous.sort();
        assert_eq!(
            ambiguous,
            [
                "brussels",
                "channel islander",
                "congolese",
                "dominican",
                "dominicans",
                "hague",
                "korea",
                "korean",
                "koreans",
                "virgin islander"
            ]
        );
    }

    #[test]
    fn no_builtin_actor_takes_an_iso_code_by_accident() {
        let iso: HashSet<String> = iso::layer().actor.into_iter().map(|a| a.id).collect();
        let file = parse(BUILTIN_TOML, BUILTIN_ORIGIN).unwrap();
        for a in &file.actor {
            if let Some(kind) = &a.kind {
                assert_eq!(
                    kind == "state",
                    iso.contains(&a.id) || ["YUG", "SUN", "CSK", "DDR", "XKX"].contains(&a.id.as_str()),
                    "{}",
                    a.id
                );
            }
        }
    }

    #[test]
    fn layers_override_aliases_and_people() {
        let base = Registry::from_toml_str(
            "[[actor]]\nid = \"A\"\nname = \"Aland\"\naliases = [\"Foo\"]\n\
             [[person]]\nname = \"Jo Doe\"\nroles = [{ title = \"X\", actor = \"A\" }]\n",
            "base.toml",
        )
        .unwrap();
        let top = Registry::from_toml_str(
            "[[actor]]\nid = \"B\"\naliases = [\"Foo\"]\n\
             [[person]]\nname = \"JO DOE\"\nactor = \"B\"\nroles = [{ title = \"Y\", actor = \"B\" }]\n",
            "top.toml",
        )
        .unwrap();
        let mut r = base.clone();
        r.merge(top);
        assert_eq!(r.resolve_mention("foo"), Some("B"));
        assert!(r.get("A").unwrap().aliases.is_empty());
        assert_eq!(r.len(), 3);
        let p = r.person("Jo Doe").unwrap();
        assert_eq!(p.roles.len(), 1);
        assert_eq!(p.roles[0].title, "Y");
        assert_eq!(r.origins().collect::<Vec<_>>(), ["base.toml", "top.toml"]);
        // A new actor without a kind is "other".
        assert_eq!(r.get("B").unwrap().kind, ActorKind::Other);
    }
}
