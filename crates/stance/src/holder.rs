//! Who holds the position a sentence expresses. By default the speaker's actor; a third
//! party when the sentence reports that party's position: an actor mention at the start of
//! a clause, as the subject of a reporting or attitude verb ("Russia remains committed",
//! "North Korea has called for", "Beijing does not want"). Reporters' questions hold none.

use std::sync::LazyLock;

use demarche_actors::Registry;
use regex::Regex;

/// Capitalised names, possibly several words joined by `of`, `the`, `and`, hyphens or
/// apostrophes ("the Democratic People’s Republic of Korea", "Kim Jong-un").
static NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?:[Tt]he\s+)?\p{Lu}[\p{L}.’'-]*(?:\s+(?:(?:of|the|and)\s+)*\p{Lu}[\p{L}.’'-]*)*").unwrap()
});

/// Auxiliaries and adverbs between a subject and its verb.
const AUX: &str = r"(?:has|have|had|is|are|was|were|will|would|could|may|might|must|should|shall|does|do|did|has\s+been|have\s+been|also|still|now|again|already|always|long|repeatedly|consistently|clearly|publicly|firmly|strongly|fully|very|deeply|itself|themselves|not|never|n’t|n't|hasn’t|hasn't|haven’t|haven't|doesn’t|doesn't|don’t|don't|didn’t|didn't|won’t|won't|isn’t|isn't|continues?\s+to|continued\s+to|remains?|remained|seems?\s+to|appears?\s+to|be|been|alone|once\s+again)";

/// Auxiliaries and adverbs between the subject and its verb, then the verb.
static REPORTING: LazyLock<Regex> = LazyLock::new(|| {
    let verb = r"(?:said|says|say|stated|states|repeated|repeats|reiterated|reiterates|reaffirmed|reaffirms|stressed|stresses|emphasi[sz]ed|emphasi[sz]es|appealed|appeals|told|tells|announced|announces|declared|declares|insisted|insists|argued|argues|claimed|claims|maintained|maintains|wants?|wanted|called\s+(?:for|on|upon)|calls?\s+(?:for|on|upon)|considers?|considered|urged|urges|demanded|demands|rejected|rejects|refused|refuses|opposed|opposes?|supported|supports?|welcomed|welcomes?|favou?red|favou?rs?|backed|backs?|committed|agreed|agrees?|made\s+(?:it\s+)?clear|makes?\s+(?:it\s+)?clear|expressed|expresses|believes?|believed|vowed|vows|pledged|pledges|promised|promises|threatened|threatens|proposed|proposes|offered|offers|sought|seeks?|hopes?|hoped|intends?|intended|plans?|planned|dismissed|dismisses|condemned|condemns|denounced|denounces|shown|displayed|responded)";
    // States need a verb before them: "Russia is against", not "backing Ukraine against Russia".
    let state = r"(?:willing|ready|prepared|determined|interested|open\s+to|opposed\s+to|against|in\s+favou?r)";
    Regex::new(&format!(r"^[\s,]*(?:(?:{AUX}\b[\s,]*)*{verb}|(?:{AUX}\b[\s,]*)+{state})\b")).unwrap()
});

/// After a possessive ("Russia’s plans", "China’s support") a plural or a noun that is also a
/// verb is a noun, unless an auxiliary makes the ’s a contraction ("Russia’s always said").
static POSSESSED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?:\p{L}+s|plan|call|offer|demand|claim|support|hope|want|back|favou?r|pledge|promise|vow)\b")
        .unwrap()
});
/// An auxiliary first: the ’s before it is "has" or "is".
static AUX_FIRST: LazyLock<Regex> = LazyLock::new(|| Regex::new(&format!(r"^[\s,]*{AUX}\b")).unwrap());

/// What may come just before a clause's subject.
static CLAUSE_START: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:^|[,;:—–(“”\x22]|\b(?:and|but|that|because|while|since|as|although|though|when|so|whereas|now|also|yet))\s*$").unwrap()
});

/// The holder of a sentence's position and whether it is a third party the sentence reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holder {
    pub actor: Option<String>,
    pub reported: bool,
}

/// Joins after which a clause with a subject of its own may start: a semicolon or dash, a
/// comma or dash followed by `and`, `but`, `while` or `whereas`, or `while` / `whereas`. Not
/// a bare comma: "Since its third nuclear test, North Korea has called for …" is one clause.
static JOIN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:;\s*|[,;—–]\s*(?:and|but|while|whereas)\s+|[—–]\s*|\b(?:while|whereas)\s+)(?:[Tt]he\s+)?$")
        .unwrap()
});

/// Finds the holder of `sentence`, spoken by `speaker_actor` (none for narration) on
/// `date`. `question`: a reporter's question, which holds no position.
pub fn find(
    registry: &Registry,
    sentence: &str,
    speaker_actor: Option<&str>,
    date: Option<&str>,
    question: bool,
) -> Holder {
    if question {
        return Holder { actor: None, reported: false };
    }
    first_holder(reported(registry, sentence, date), speaker_actor)
}

/// The first reported actor of a sentence, else the speaker's.
fn first_holder(reported: Vec<(String, usize)>, speaker_actor: Option<&str>) -> Holder {
    match reported.into_iter().next() {
        Some((actor, _)) => holder_of(actor, speaker_actor),
        None => Holder { actor: speaker_actor.map(str::to_string), reported: false },
    }
}

/// A clause with a holder of its own: bytes `start..end` of the sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clause {
    pub start: usize,
    pub end: usize,
    pub holder: Holder,
}

/// The sentence cut where a join starts a clause whose subject is a reported party other
/// than the holder of the text before it ("The U.S. wants China to enforce sanctions, while
/// North Korea wants China to relax them" → `USA`, `PRK`). Usually one clause: the sentence.
pub fn clauses(
    registry: &Registry,
    sentence: &str,
    speaker_actor: Option<&str>,
    date: Option<&str>,
    question: bool,
) -> Vec<Clause> {
    if question {
        return vec![Clause { start: 0, end: sentence.len(), holder: Holder { actor: None, reported: false } }];
    }
    let found = reported(registry, sentence, date);
    let mut out = Vec::new();
    let mut start = 0;
    for (actor, at) in found.iter().cloned() {
        let Some(join) = JOIN.find(&sentence[start..at]) else { continue };
        let before = &sentence[start..start + join.start()];
        // A clause needs a few words of its own ("Russia, China said" is one list).
        if before.split_whitespace().count() < 3 {
            continue;
        }
        let first = find(registry, before, speaker_actor, date, false);
        let next = holder_of(actor, speaker_actor);
        if first.actor == next.actor {
            continue;
        }
        out.push(Clause { start, end: start + before.trim_end().len(), holder: first });
        // The next clause starts at its subject (with its article), after the join.
        let joined = join.as_str().trim_end();
        let article = joined.get(joined.len().saturating_sub(3)..).is_some_and(|w| w.eq_ignore_ascii_case("the"));
        start = if article { start + join.start() + joined.len() - 3 } else { at };
    }
    if out.is_empty() {
        // One clause, the sentence: its holder from the mentions already found.
        return vec![Clause { start: 0, end: sentence.len(), holder: first_holder(found, speaker_actor) }];
    }
    let holder = find(registry, &sentence[start..], speaker_actor, date, false);
    out.push(Clause { start, end: sentence.len(), holder });
    out
}

fn holder_of(actor: String, speaker_actor: Option<&str>) -> Holder {
    // A self-mention is the speaker.
    let reported = speaker_actor != Some(actor.as_str());
    Holder { actor: Some(actor), reported }
}

/// Every actor the sentence reports (a mention at the start of a clause as the subject of a
/// reporting or attitude verb), with the byte offset of its mention, in order.
fn reported(registry: &Registry, sentence: &str, date: Option<&str>) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    for m in NAME.find_iter(sentence) {
        // Words of the name with their byte offsets in the sentence.
        let words: Vec<(usize, &str)> = m
            .as_str()
            .split_whitespace()
            .map(|w| (m.start() + (w.as_ptr() as usize - m.as_str().as_ptr() as usize), w))
            .collect();
        // The leftmost, then longest, run of words that names an actor or a person
        // ("And China" → "China").
        let found = (0..words.len()).find_map(|i| {
            (i + 1..=words.len()).rev().find_map(|k| {
                let text = words[i..k].iter().map(|(_, w)| *w).collect::<Vec<_>>().join(" ");
                let text = text.trim_end_matches("’s").trim_end_matches("'s");
                let actor = registry
                    .resolve_mention(text)
                    .map(str::to_string)
                    .or_else(|| registry.resolve_person(text, date).and_then(|r| r.actor))?;
                if registry.is_demonym(text) {
                    return None;
                }
                let (start, last) = (words[i].0, words[k - 1]);
                let possessive = last.1.ends_with("’s") || last.1.ends_with("'s");
                Some((actor, start, last.0 + last.1.len(), possessive))
            })
        });
        let Some((actor, start, end, possessive)) = found else { continue };
        let rest = &sentence[end..];
        if possessive && !AUX_FIRST.is_match(rest) && POSSESSED.is_match(rest) {
            continue;
        }
        if CLAUSE_START.is_match(&sentence[..start]) && REPORTING.is_match(rest) {
            out.push((actor, start));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn holder(sentence: &str, speaker: Option<&str>) -> Option<String> {
        find(&Registry::builtin().unwrap(), sentence, speaker, Some("2015-01-30"), false).actor
    }

    #[test]
    fn third_parties_as_subjects_of_reporting_verbs() {
        assert_eq!(
            holder("Russia remains committed to the goal of denuclearization.", Some("USA")).as_deref(),
            Some("RUS")
        );
        assert_eq!(
            holder("North Korea has called for a resumption of the talks.", Some("USA")).as_deref(),
            Some("PRK")
        );
        assert_eq!(
            holder("North Korea wants China to relax sanctions enforcement, he said.", None).as_deref(),
            Some("PRK")
        );
        assert_eq!(holder("And China is very committed to denuclearization.", Some("USA")).as_deref(), Some("CHN"));
        assert_eq!(
            holder("The European Union calls on both parties to return to the talks.", Some("FRA")).as_deref(),
            Some("EU")
        );
        assert_eq!(
            holder("However, the United States alone repeated its call for our disarmament.", Some("PRK")).as_deref(),
            Some("USA")
        );
        assert_eq!(holder("But Pyongyang has not shown any willingness to talk.", Some("USA")).as_deref(), Some("PRK"));
    }

    #[test]
    fn the_speaker_holds_otherwise() {
        assert_eq!(holder("We call on North Korea to return to the talks.", Some("USA")).as_deref(), Some("USA"));
        assert_eq!(holder("We discussed sanctions with China and Japan.", Some("USA")).as_deref(), Some("USA"));
        // A condition is not a reported position.
        assert_eq!(
            holder("We are willing to engage if North Korea is prepared to come to the table.", Some("USA")).as_deref(),
            Some("USA")
        );
        // A self-mention is the speaker.
        assert_eq!(holder("The United States remains open to dialogue.", Some("USA")).as_deref(), Some("USA"));
        // Non-ASCII text around the mention: offsets stay on char boundaries.
        assert_eq!(
            holder("Séoul — and the Democratic People’s Republic of Korea rejected the talks.", Some("KOR")).as_deref(),
            Some("PRK")
        );
        assert_eq!(holder("이 문장은 아무것도 보고하지 않는다.", Some("KOR")).as_deref(), Some("KOR"));
    }

    #[test]
    fn adjectives_and_bare_states_are_not_reported_positions() {
        // Demonyms before a noun are adjectives; the people ("the Israelis", "the Chinese") hold.
        for s in [
            "Israeli support and facilitation of humanitarian assistance is needed.",
            "And the Israeli offer stands.",
            "Chinese support matters — é 이.",
        ] {
            assert_eq!(holder(s, Some("USA")).as_deref(), Some("USA"), "{s}");
        }
        assert_eq!(holder("The Israelis also want a diplomatic arrangement.", Some("USA")).as_deref(), Some("ISR"));
        assert_eq!(holder("And the Chinese have said so.", Some("USA")).as_deref(), Some("CHN"));
        // A state ("against", "willing", "in favour") needs a verb before it.
        assert_eq!(holder("Russia is against new sanctions.", Some("USA")).as_deref(), Some("RUS"));
        assert_eq!(holder("The Russians were willing to reach an agreement.", Some("USA")).as_deref(), Some("RUS"));
        assert_eq!(holder("We stand with Ukraine — Ukraine against Russia.", Some("USA")).as_deref(), Some("USA"));
        // A possessive before a noun is not a subject; before an auxiliary it is "has" or "is".
        assert_eq!(holder("And Russia’s plans to import these systems.", Some("USA")).as_deref(), Some("USA"));
        assert_eq!(holder("But China's support matters.", Some("USA")).as_deref(), Some("USA"));
        assert_eq!(holder("And Russia’s always said no to talks.", Some("USA")).as_deref(), Some("RUS"));
    }

    fn clauses_of<'a>(sentence: &'a str, speaker: Option<&str>) -> Vec<(&'a str, Option<String>)> {
        clauses(&Registry::builtin().unwrap(), sentence, speaker, Some("2019-03-30"), false)
            .into_iter()
            .map(|c| (&sentence[c.start..c.end], c.holder.actor))
            .collect()
    }

    #[test]
    fn clauses_with_other_holders_are_cut() {
        let voa = "The U.S. wants China to enforce sanctions and to nudge Pyongyang into resuming talks with \
                   Washington, while North Korea wants China to relax sanctions enforcement.";
        assert_eq!(
            clauses_of(voa, None),
            [
                ("The U.S. wants China to enforce sanctions and to nudge Pyongyang into resuming talks with Washington", Some("USA".into())),
                ("North Korea wants China to relax sanctions enforcement.", Some("PRK".into())),
            ]
        );
        // The speaker's own clause, then a reported one.
        assert_eq!(
            clauses_of("We want talks, but North Korea refuses to talk.", Some("USA")),
            [("We want talks", Some("USA".into())), ("North Korea refuses to talk.", Some("PRK".into()))]
        );
        // Non-ASCII text; the article stays with its name.
        assert_eq!(
            clauses_of(
                "Séoul’s envoy — Kim — said “yes”, whereas the Democratic People’s Republic of Korea rejects talks.",
                Some("KOR")
            ),
            [
                ("Séoul’s envoy — Kim — said “yes”", Some("KOR".into())),
                ("the Democratic People’s Republic of Korea rejects talks.", Some("PRK".into()))
            ]
        );
    }

    #[test]
    fn any_cut_of_a_sentence_gives_clauses_inside_it() {
        let registry = Registry::builtin().unwrap();
        let text = "We want talks; the U.S. — and China — said “no”, whereas Pyongyang rejects them – Seoul’s é 이 wants more, while the DPRK wants less; and Russia says so.";
        let whole: Vec<_> = clauses(&registry, text, Some("USA"), None, false)
            .into_iter()
            .map(|c| (&text[c.start..c.end], c.holder.actor.unwrap_or_default()))
            .collect();
        let holders: Vec<&str> = whole.iter().map(|(_, h)| h.as_str()).collect();
        assert_eq!(holders, ["USA", "PRK", "RUS"], "{whole:?}");
        for (i, _) in text.char_indices() {
            for s in [&text[..i], &text[i..]] {
                let mut end = 0;
                for c in clauses(&registry, s, Some("USA"), None, false) {
                    assert!(end <= c.start && c.start < c.end.max(1) && c.end <= s.len(), "{s:?}");
                    end = c.end;
                }
            }
        }
    }

    #[test]
    fn one_holder_is_one_clause() {
        for s in [
            "North Korea wants talks, but North Korea rejects sanctions.",
            "China and Russia said they oppose sanctions.",
            "Russia, China said no.",
            "We call on North Korea to return to the talks, and we remain ready.",
            "Since its third nuclear test, North Korea has called for a resumption of the talks.",
            "I mean, it’s not — Iranian support of the Houthis is nothing new.",
            "These attacks were launched from Iran, Iraq, Syria — Yemen against Israeli territory.",
        ] {
            assert_eq!(clauses_of(s, Some("USA")).len(), 1, "{s}");
        }
        let q = clauses(&Registry::builtin().unwrap(), "We want talks, but does North Korea?", Some("USA"), None, true);
        assert_eq!(q, [Clause { start: 0, end: 36, holder: Holder { actor: None, reported: false } }]);
    }

    #[test]
    fn questions_hold_nothing() {
        let h = find(&Registry::builtin().unwrap(), "Does China support sanctions?", Some("USA"), None, true);
        assert_eq!(h, Holder { actor: None, reported: false });
    }
}
