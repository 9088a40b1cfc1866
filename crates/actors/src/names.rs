//! Normalisation of names, mentions and speaker labels into lookup keys.
//!
//! Matching is exact on these keys: they only remove differences of typography (case,
//! diacritics, curly apostrophes, no-break spaces, a leading "the"), never of spelling.

use demarche_core::is_space;
use unicode_normalization::UnicodeNormalization;

/// Collapses white space (NBSP, zero-width, line breaks) to single spaces, trims, and turns
/// curly apostrophes and primes into `'`.
pub fn clean(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending = false;
    for c in s.chars() {
        if is_space(c) {
            pending = !out.is_empty();
            continue;
        }
        if pending {
            out.push(' ');
            pending = false;
        }
        out.push(match c {
            '\u{2019}' | '\u{2018}' | '\u{02bc}' | '\u{2032}' | '`' | '\u{b4}' => '\'',
            '\u{2010}' | '\u{2011}' => '-',
            c => c,
        });
    }
    out
}

/// Lower case without diacritics: `Côte d’Ivoire` → `cote d'ivoire`.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in clean(s).nfd() {
        if unicode_normalization::char::is_combining_mark(c) {
            continue;
        }
        // Letters that NFD does not decompose.
        match c {
            'ø' | 'Ø' => out.push('o'),
            'ł' | 'Ł' => out.push('l'),
            'đ' | 'Đ' => out.push('d'),
            'ı' => out.push('i'),
            'ß' => out.push_str("ss"),
            'æ' | 'Æ' => out.push_str("ae"),
            'œ' | 'Œ' => out.push_str("oe"),
            c => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// Drops a leading "the " (any case).
fn strip_the(s: &str) -> &str {
    match s.get(..4) {
        Some(p) if p.eq_ignore_ascii_case("the ") && s.len() > 4 => &s[4..],
        _ => s,
    }
}

/// An acronym written without dots (`US`, `WHO`, `EU`, `DPRK`) matches only in upper case,
/// since several are English words in lower case ("us", "who").
fn is_acronym(s: &str) -> bool {
    s.chars().any(|c| c.is_alphabetic()) && s.chars().all(|c| c.is_uppercase() || c.is_ascii_digit() || c == '&')
}

/// The lookup key of a mention or of an alias. Acronyms keep their case (prefix `=`).
pub fn mention_key(s: &str) -> String {
    let c = clean(s);
    let c = strip_the(&c);
    if is_acronym(c) {
        format!("={c}")
    } else {
        fold(c)
    }
}

/// The keys to try for a mention, in order: as written (acronyms), folded, and without a
/// possessive `'s`.
pub fn mention_lookup_keys(s: &str) -> Vec<String> {
    let c = clean(s);
    let c = strip_the(&c).to_string();
    let mut keys = Vec::with_capacity(3);
    if is_acronym(&c) {
        keys.push(format!("={c}"));
    }
    keys.push(fold(&c));
    if let Some(base) = c.strip_suffix("'s").or_else(|| c.strip_suffix("'S")) {
        keys.push(mention_key(base));
    }
    keys
}

/// The key of a person's name: folded, dots dropped, hyphens as spaces, so that
/// `Kim Jong-un`, `Kim Jong Un` and `KIM JONG UN` agree, as do `Joseph R. Biden` and
/// `Joseph R Biden`.
pub fn person_key(s: &str) -> String {
    let f = fold(s).replace(['.', ','], " ").replace('-', " ");
    f.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The surname of a full name written in Western order: its last word, ignoring
/// generational suffixes. Names in family-first order set `surname` in the registry.
pub fn default_surname(full: &str) -> String {
    let words: Vec<&str> = full
        .split_whitespace()
        .filter(|w| {
            let w = w.trim_end_matches([',', '.']).to_ascii_lowercase();
            !matches!(w.as_str(), "jr" | "sr" | "ii" | "iii" | "iv")
        })
        .collect();
    words.last().map(|w| w.to_string()).unwrap_or_default()
}

/// The key of a speaker label or a title: upper case, single spaces, no trailing colon.
pub fn label_key(s: &str) -> String {
    let c = clean(s);
    let c = c.trim_end_matches(|ch: char| ch == ':' || ch.is_whitespace());
    c.to_uppercase()
}

/// The key of a title: a label key without a trailing dot (`Mr.` → `MR`).
pub fn title_key(s: &str) -> String {
    label_key(s).trim_end_matches('.').to_string()
}

/// Drops the numbering that transcripts add to repeated generic labels:
/// `SENIOR ADMINISTRATION OFFICIAL ONE`, `… #2`, `… 3`.
pub fn strip_numbering(label: &str) -> &str {
    let mut s = label.trim();
    loop {
        let Some((head, last)) = s.rsplit_once(' ') else {
            return s;
        };
        let l = last.trim_start_matches('#');
        let numbered = !l.is_empty() && l.chars().all(|c| c.is_ascii_digit())
            || matches!(l, "ONE" | "TWO" | "THREE" | "FOUR" | "FIVE" | "SIX");
        if !numbered {
            return s;
        }
        s = head.trim_end();
    }
}

/// Removes leading titles and honorifics (longest first, repeatedly): `ACTING ADMINISTRATOR
/// SLAVITT` → (`SLAVITT`, [`ACTING`, `ADMINISTRATOR`]). `titles` holds [`title_key`]s.
pub fn strip_titles<'a>(label: &'a str, titles: &[String]) -> (&'a str, Vec<String>) {
    let mut rest = label.trim();
    let mut removed = Vec::new();
    'outer: loop {
        for t in titles {
            let head = rest.get(..t.len());
            if !head.is_some_and(|h| h.eq_ignore_ascii_case(t)) {
                continue;
            }
            // `MR.` and `MR` alike; only a title followed by a name is removed.
            let after = &rest[t.len()..];
            let after = after.strip_prefix('.').unwrap_or(after);
            if after.starts_with(' ') && !after.trim().is_empty() {
                removed.push(t.clone());
                rest = after.trim_start();
                continue 'outer;
            }
        }
        return (rest, removed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys() {
        assert_eq!(mention_key("the U.S."), "u.s.");
        assert_eq!(mention_key("US"), "=US");
        assert_eq!(mention_key("Côte d’Ivoire"), "cote d'ivoire");
        assert_eq!(mention_key("North\u{a0}Korea"), "north korea");
        assert_eq!(person_key("Kim Jong-un"), person_key("KIM JONG UN"));
        assert_eq!(person_key("Joseph R. Biden"), "joseph r biden");
        assert_eq!(default_surname("Martin Luther King Jr."), "King");
        assert_eq!(strip_numbering("SENIOR ADMINISTRATION OFFICIAL #2"), "SENIOR ADMINISTRATION OFFICIAL");
        assert_eq!(label_key("Ms.\u{a0}Psaki: "), "MS. PSAKI");
    }

    #[test]
    fn titles_are_stripped_longest_first() {
        let titles: Vec<String> =
            ["ACTING", "ADMINISTRATOR", "VICE ADMIRAL", "VICE", "MR"].iter().map(|s| s.to_string()).collect();
        let mut sorted = titles.clone();
        sorted.sort_by_key(|t| std::cmp::Reverse(t.len()));
        assert_eq!(strip_titles("ACTING ADMINISTRATOR SLAVITT", &sorted).0, "SLAVITT");
        assert_eq!(strip_titles("VICE ADMIRAL GAUTIER", &sorted).0, "GAUTIER");
        assert_eq!(strip_titles("Mr. Price", &sorted).0, "Price");
        assert_eq!(strip_titles("MR PRICE", &sorted).0, "PRICE");
        assert_eq!(strip_titles("MRS. X", &sorted).0, "MRS. X");
        // A title alone is left as it is.
        assert_eq!(strip_titles("ACTING", &sorted).0, "ACTING");
    }
}
