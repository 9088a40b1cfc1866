//! The registry file format (see the header of `registry/actors.toml`). Unknown keys are
//! errors, so that a misspelt key is reported instead of silently ignored.

use serde::Deserialize;

use crate::registry::ActorKind;
use crate::{dates, names, Error};

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct File {
    /// Titles and honorifics stripped from speaker labels (`MR.`, `AMBASSADOR`…).
    #[serde(default)]
    pub titles: Vec<String>,
    /// Mentions that are never resolved, because they name more than one actor.
    #[serde(default)]
    pub ambiguous: Vec<String>,
    #[serde(default)]
    pub actor: Vec<ActorEntry>,
    #[serde(default)]
    pub person: Vec<PersonEntry>,
    #[serde(default)]
    pub label: Vec<LabelEntry>,
    #[serde(default)]
    pub entity: Vec<EntityEntry>,
}

/// Names the NER stage tags whatever its model says (an entity ruler).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EntityEntry {
    pub names: Vec<String>,
    /// `PER`, `ORG`, `LOC` or `MISC`.
    pub label: String,
    /// The actor the name stands for, if any.
    pub actor: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActorEntry {
    pub id: String,
    pub name: Option<String>,
    pub kind: Option<String>,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub demonyms: Vec<String>,
    #[serde(default)]
    pub capitals: Vec<String>,
    /// Other ids that `get` accepts for this actor (historical or misspelt codes).
    #[serde(default)]
    pub codes: Vec<String>,
    /// The body whose positions this one's are (the Security Council's are the UN's).
    pub part_of: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PersonEntry {
    pub name: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    pub surname: Option<String>,
    /// The actor the person speaks for outside the listed roles.
    pub actor: Option<String>,
    #[serde(default)]
    pub roles: Vec<RoleEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoleEntry {
    pub title: String,
    pub actor: String,
    pub from: Option<String>,
    pub to: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LabelEntry {
    pub names: Vec<String>,
    /// `@doc` for the document's home actor, or an actor id; absent for none.
    pub actor: Option<String>,
    /// The speaker is whoever holds this role for the document's home actor at its date.
    pub role: Option<String>,
}

pub fn parse(text: &str, origin: &str) -> Result<File, Error> {
    toml::from_str::<File>(text).map_err(|e| Error::from_toml(&e, text, origin))
}

/// Checks what serde cannot: kinds, dates and that every referenced actor id exists.
pub fn check(file: &File, origin: &str, known: &dyn Fn(&str) -> bool) -> Result<(), Error> {
    let invalid = |entry: String, message: String| Error::Invalid { origin: origin.to_string(), entry, message };
    for a in &file.actor {
        let entry = format!("actor {:?}", a.id);
        if a.id.is_empty() || a.id.chars().any(char::is_whitespace) {
            return Err(invalid(entry, "an id must be non-empty, without spaces".into()));
        }
        if let Some(k) = &a.kind {
            if ActorKind::parse(k).is_none() {
                return Err(invalid(
                    entry,
                    format!("unknown kind {k:?} (expected state, organisation, person or other)"),
                ));
            }
        }
        if let Some(p) = &a.part_of {
            if !known(p) {
                return Err(unknown(origin, entry, p));
            }
        }
    }
    for p in &file.person {
        let entry = format!("person {:?}", p.name);
        if names::person_key(&p.name).is_empty() {
            return Err(invalid(entry, "a person needs a name".into()));
        }
        if let Some(a) = &p.actor {
            if !known(a) {
                return Err(unknown(origin, entry, a));
            }
        }
        for r in &p.roles {
            let entry = format!("person {:?}, role {:?}", p.name, r.title);
            if !known(&r.actor) {
                return Err(unknown(origin, entry, &r.actor));
            }
            for d in [&r.from, &r.to].into_iter().flatten() {
                if dates::interval(d).is_none() {
                    return Err(Error::BadDate { origin: origin.to_string(), entry, value: d.clone() });
                }
            }
        }
    }
    for l in &file.label {
        let entry = format!("label {:?}", l.names.first().map(String::as_str).unwrap_or(""));
        match (&l.role, l.actor.as_deref()) {
            (Some(_), Some(a)) if a != "@doc" => {
                return Err(invalid(entry, "a label takes a role or an actor, not both".into()))
            }
            (None, Some(a)) if a != "@doc" && !known(a) => return Err(unknown(origin, entry, a)),
            _ => {}
        }
    }
    for e in &file.entity {
        let entry = format!("entity {:?}", e.names.first().map(String::as_str).unwrap_or(""));
        if e.names.is_empty() || e.names.iter().any(|n| n.trim().is_empty()) {
            return Err(invalid(entry, "an entity needs names, none of them empty".into()));
        }
        if !["PER", "ORG", "LOC", "MISC"].contains(&e.label.as_str()) {
            return Err(invalid(entry, format!("unknown label {:?} (expected PER, ORG, LOC or MISC)", e.label)));
        }
        if let Some(a) = &e.actor {
            if !known(a) {
                return Err(unknown(origin, entry, a));
            }
        }
    }
    Ok(())
}

fn unknown(origin: &str, entry: String, actor: &str) -> Error {
    Error::UnknownActor { origin: origin.to_string(), entry, actor: actor.to_string() }
}
