//! Whether a predicted speaker name names the same one as a gold Source, for the name-level
//! speaker metric of [`eval`](crate::eval).
//!
//! A gold Source names someone when its head is a name: the capitalised run that ends it
//! (before an appositive comma or a parenthesis), without titles and leading articles —
//! "Sen. Ted Cruz (R-Texas)" → "Ted Cruz", "The New York Post" → "New York Post"; "a
//! source" or "Clinton’s campaign" name no one. Two names agree when their surnames (last
//! words, or the registry's surname of a person it knows) are equal and their given names
//! are compatible (equal, or an initial of one another, or one side has none); a state or
//! organisation also agrees with another name of the same registry actor ("Pyongyang" and
//! "North Korea"). A pronoun or a word without a capital never names anyone.

use demarche_actors::Registry;

use crate::lexicon::{
    first_name_gender, is_capitalised_opener, is_determiner, is_first_name, is_title, title_gender, Gender,
};

/// Words of a name, lower case, without titles; `None` when it is no name.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Name {
    /// As written, titles dropped ("Ted Cruz").
    pub text: String,
    words: Vec<String>,
}

fn bare(w: &str) -> &str {
    let w = w.trim_matches(|c: char| !c.is_alphanumeric() && c != '.' && c != '-' && c != '\'' && c != '’');
    let w = w.strip_suffix("’s").or_else(|| w.strip_suffix("'s")).unwrap_or(w);
    w.trim_end_matches(['’', '\''])
}

fn capitalised(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_uppercase)
}

fn is_suffix(w: &str) -> bool {
    matches!(w.trim_end_matches('.').to_lowercase().as_str(), "jr" | "sr" | "ii" | "iii" | "iv")
}

fn is_pronoun_word(w: &str) -> bool {
    matches!(
        w.to_lowercase().as_str(),
        "he" | "she" | "they" | "it" | "i" | "we" | "you" | "his" | "her" | "their" | "him" | "them" | "us"
    )
}

impl Name {
    /// The name a gold Source (or a predicted speaker name) gives, by the rule above.
    pub fn of(text: &str) -> Option<Name> {
        let head = text.split([',', '(']).next().unwrap_or("");
        let raw: Vec<&str> = head.split_whitespace().map(bare).filter(|w| !w.is_empty()).collect();
        // The head ends the phrase: a lower-case last word is a description.
        let last = raw.last()?;
        if !capitalised(last) || is_pronoun_word(last) {
            return None;
        }
        let particle = |w: &str| matches!(w, "de" | "van" | "von" | "al" | "bin" | "da" | "del" | "di" | "le" | "la");
        let run = raw.iter().rev().take_while(|w| capitalised(w) || particle(w)).count();
        let mut words: Vec<&str> = raw[raw.len() - run..].to_vec();
        // Words up to the last title are the role ("Massachusetts Sen. Elizabeth Warren");
        // leading articles and openers are no part of the name ("The", "Rival").
        if let Some(t) = words[..words.len() - 1].iter().rposition(|w| is_title(&w.to_lowercase())) {
            words.drain(..=t);
        }
        while words.len() > 1 && {
            let l = words[0].to_lowercase();
            is_determiner(&l) || is_capitalised_opener(&l) && first_name_gender(&l).is_none()
        } {
            words.remove(0);
        }
        if words.len() == 1 && is_title(&words[0].to_lowercase()) {
            return None;
        }
        Some(Name {
            text: words.join(" "), words: words.iter().map(|w| w.to_lowercase().replace('’', "'")).collect()
        })
    }

    fn surname(&self) -> &str {
        self.words.iter().rev().find(|w| !is_suffix(w)).map_or("", String::as_str)
    }

    /// The first given name: the first word known as one, else the first word before the
    /// surname that is no acronym ("FBI") when it is the only one.
    fn given(&self) -> Option<&str> {
        let s = self.words.iter().rposition(|w| !is_suffix(w))?;
        let before = &self.words[..s];
        if let Some(g) = before.iter().find(|w| first_name_gender(w).is_some() || is_first_name(w)) {
            return Some(g.as_str());
        }
        let acronym = |w: &str| {
            let letters: Vec<char> = w.chars().filter(|c| c.is_alphabetic()).collect();
            letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase())
        };
        let raw: Vec<&str> = self.text.split_whitespace().collect();
        let particle = |w: &str| matches!(w, "de" | "van" | "von" | "al" | "bin" | "da" | "del" | "di" | "le" | "la");
        (0..s)
            .find(|&i| raw.get(i).is_some_and(|r| !acronym(r)) && !particle(&self.words[i]))
            .map(|i| self.words[i].as_str())
    }

    /// Whether the name is a full name: a given name and a surname.
    pub fn is_full(&self, registry: &Registry) -> bool {
        self.given().is_some() || registry.person(&self.text).is_some_and(|p| p.name.split_whitespace().count() > 1)
    }

    /// A state, an organisation or a body, not a person: one the registry knows as an actor,
    /// or a name ending in a word such bodies end in ("New York Times", "Sierra Club").
    pub fn is_body(&self, registry: &Registry) -> bool {
        const HEADS: &[&str] = &[
            "times",
            "post",
            "journal",
            "news",
            "press",
            "club",
            "center",
            "centre",
            "institute",
            "institution",
            "party",
            "committee",
            "council",
            "department",
            "agency",
            "network",
            "foundation",
            "campaign",
            "house",
            "congress",
            "senate",
            "court",
            "office",
            "association",
            "union",
            "bank",
            "fund",
            "survey",
            "poll",
            "university",
            "college",
            "group",
            "report",
            "magazine",
            "tribune",
            "herald",
            "cnn",
            "fbi",
            "cia",
        ];
        registry.resolve_mention(&self.text).is_some() || HEADS.contains(&self.surname())
    }

    /// The surname as compared ("o'neill").
    pub fn surname_key(&self) -> &str {
        self.surname()
    }

    /// The gender its given name (or a title before it, in `written`) marks.
    pub fn gender(&self, written: &str) -> Option<Gender> {
        written
            .split_whitespace()
            .find_map(|w| title_gender(&w.to_lowercase()))
            .or_else(|| self.given().and_then(|g| first_name_gender(g.trim_end_matches('.'))))
    }
}

fn given_compatible(a: Option<&str>, b: Option<&str>) -> bool {
    let (Some(a), Some(b)) = (a, b) else { return true };
    let initial = |x: &str| x.trim_end_matches('.').chars().count() == 1;
    if initial(a) || initial(b) {
        return a.chars().next() == b.chars().next();
    }
    a.trim_end_matches('.') == b.trim_end_matches('.')
}

fn key(s: &str) -> String {
    s.to_lowercase().replace(['.', '-', ','], " ").replace('’', "'").split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether `predicted` (a turn's `speaker_name`) names the same one as `gold`.
pub(crate) fn same(registry: &Registry, predicted: &str, gold: &Name) -> bool {
    if predicted.split_whitespace().count() == 1 && is_pronoun_word(predicted.trim()) {
        return false;
    }
    let Some(pred) = Name::of(predicted) else { return false };
    if key(&pred.text) == key(&gold.text) {
        return true;
    }
    // A state or organisation by another of its names.
    if let (Some(a), Some(b)) = (registry.resolve_mention(&pred.text), registry.resolve_mention(&gold.text)) {
        if a == b {
            return true;
        }
    }
    let (rp, rg) = (registry.person(&pred.text), registry.person(&gold.text));
    if let (Some(a), Some(b)) = (rp, rg) {
        return a.name == b.name;
    }
    // A registry person's surname may not be the last word ("Kim Jong Un" is a Kim).
    let pred_surnames: Vec<String> =
        std::iter::once(pred.surname().to_string()).chain(rp.map(|p| key(&p.surname))).collect();
    let gold_surnames: Vec<String> =
        std::iter::once(gold.surname().to_string()).chain(rg.map(|p| key(&p.surname))).collect();
    let surname = pred_surnames.iter().any(|s| !s.is_empty() && gold_surnames.contains(s));
    surname && given_compatible(pred.given(), gold.given())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(s: &str) -> Option<String> {
        Name::of(s).map(|n| n.text)
    }

    #[test]
    fn gold_heads() {
        assert_eq!(name("Sen. Ted Cruz (R-Texas)").as_deref(), Some("Ted Cruz"));
        assert_eq!(name("The New York Post").as_deref(), Some("New York Post"));
        assert_eq!(name("Republican nominee Donald Trump").as_deref(), Some("Donald Trump"));
        assert_eq!(name("José Martí, the poet").as_deref(), Some("José Martí"));
        assert_eq!(name("a source"), None);
        assert_eq!(name("Clinton’s campaign"), None);
        assert_eq!(name("he"), None);
        assert_eq!(name("Massachusetts Sen. Elizabeth Warren").as_deref(), Some("Elizabeth Warren"));
        assert_eq!(name("Interim DNC Chairwoman Donna Brazile").as_deref(), Some("Donna Brazile"));
        assert_eq!(name("She"), None);
    }

    #[test]
    fn names_agree() {
        let r = Registry::builtin().unwrap();
        let same = |p: &str, g: &str| same(&r, p, &Name::of(g).unwrap());
        assert!(same("Hillary Clinton", "Mrs. Clinton"));
        assert!(same("Hillary Clinton", "Hillary Rodham Clinton"));
        assert!(same("Donald Trump", "Donald J. Trump"));
        assert!(same("Ted Cruz", "Sen. Ted Cruz (R-Texas)"));
        assert!(!same("Bill Clinton", "Hillary Clinton"));
        assert!(!same("he", "Kim"), "a pronoun never names");
        assert!(!same("Peril Real", "António Guterres"));
        assert!(!same("Chelsea Clinton", "H. Clinton"));
        assert!(same("Hillary Clinton", "H. Clinton"));
    }
}
