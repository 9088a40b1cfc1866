//! The bottom layer of the builtin registry: every ISO 3166-1 country from the `keshvar`
//! crate, with its ISO short and long names, its common names and its nationality
//! adjective. `actors.toml` adds what the crate lacks (short forms, capitals, demonyms)
//! and overrides display names such as "Korea (Democratic People's Republic of)".

use std::collections::HashMap;

use keshvar::{Country, CountryIterator};

use crate::file::{ActorEntry, File};

pub fn layer() -> File {
    // Territories repeat their sovereign's nationality ("American" for Guam, "Chinese" for
    // Macao): where a UN member has the adjective, it is the member's alone. Adjectives two
    // members share ("Congolese", "Dominican") stay ambiguous.
    let mut members_by_demonym: HashMap<String, usize> = HashMap::new();
    for c in CountryIterator::new() {
        for d in demonyms(&c) {
            *members_by_demonym.entry(d).or_default() += usize::from(c.un_member());
        }
    }
    let actor = CountryIterator::new()
        .map(|c| {
            let mut aliases = vec![c.iso_long_name().to_string()];
            // The crate's common names include other languages' (German, Japanese…);
            // English text only needs the Latin-script ones.
            aliases.extend(c.unofficial_name_list().iter().filter(|n| is_latin(n)).map(|n| n.to_string()));
            let demonyms = demonyms(&c)
                .into_iter()
                .filter(|d| c.un_member() || members_by_demonym.get(d).copied().unwrap_or(0) == 0)
                .collect();
            ActorEntry {
                id: c.alpha3().to_string(),
                name: Some(c.iso_short_name().to_string()),
                kind: Some("state".into()),
                aliases,
                demonyms,
                capitals: Vec::new(),
                codes: Vec::new(),
                part_of: None,
            }
        })
        .collect();
    File { actor, ..File::default() }
}

/// "Bosnian, Herzegovinian" and "Kittian and Nevisian" are two adjectives each.
fn demonyms(c: &Country) -> Vec<String> {
    let Some(n) = c.maybe_nationality() else {
        return Vec::new();
    };
    if n.contains(", ") {
        n.split(", ").map(str::to_string).collect()
    } else {
        vec![n.to_string()]
    }
}

fn is_latin(s: &str) -> bool {
    s.chars().all(|c| (c as u32) < 0x250 || c == '\u{2019}')
}
