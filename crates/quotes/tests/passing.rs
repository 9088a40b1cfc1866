//! Speakers that are not speakers: a remark cited in passing inside someone else's statement,
//! and a capitalised fragment of a subtitle taken for a person and then for the antecedent of
//! "he" (issue #19; the texts are made up for these tests, in the shape of the documents
//! that failed).

mod common;

use common::*;
use demarche_core::TurnKind;
use demarche_quotes::QuoteTurn;

fn quotes(text: &str, date: Option<&str>) -> (demarche_core::Document, Vec<QuoteTurn>) {
    let (d, turns) = extract_text(text, date);
    check_invariants(&d, &blank_line_paragraphs(text), &turns);
    let q = turns.into_iter().filter(|t| t.kind != TurnKind::Narration).collect();
    (d, q)
}

fn named(t: &QuoteTurn, who: &str) -> bool {
    [&t.speaker, &t.speaker_name].into_iter().flatten().any(|s| s.contains(who))
}

/// A DPRK Foreign Ministry statement citing the U.S. Secretary of State in passing: the
/// ministry argues, Pompeo is quoted by no one.
const KCNA: &str = "Pyongyang, March 2 (KCNA) — A spokesperson for the DPRK Foreign Ministry released a statement on Saturday.

If the U.S. sanctions are affecting 80-plus percent of our economy, as Pompeo mentioned, the question is whether Washington will ever drop its hostile policy — a policy that has failed for seven decades.

The U.S. State Secretary Pompeo especially made reckless remarks when asked in a press conference that it is important for everyone to remember that the sanctions are still in force.

The spokesperson said that the DPRK’s stand on the denuclearization of the peninsula remains unchanged.";

#[test]
fn a_remark_cited_in_passing_is_no_quote_by_its_author() {
    let (d, q) = quotes(KCNA, Some("2019-03-02"));
    for t in &q {
        assert!(!named(t, "Pompeo"), "cited in passing, yet quoted: {:?} by {:?}", t.span.slice(&d.text), t.speaker);
    }
    // The ministry's own report stays.
    assert!(
        q.iter().any(|t| t.span.slice(&d.text).starts_with("the DPRK’s stand") && named(t, "spokesperson")),
        "{q:#?}"
    );
}

#[test]
fn a_quotation_of_his_own_words_after_as_stays_his() {
    let text =
        "“The sanctions are affecting 80-plus percent of their economy,” as Pompeo mentioned on Thursday in Hà Nội.";
    let (d, q) = quotes(text, Some("2019-03-02"));
    assert_eq!(q.len(), 1, "{q:#?}");
    assert_eq!(q[0].span.slice(&d.text), "The sanctions are affecting 80-plus percent of their economy");
    assert!(named(&q[0], "Pompeo"), "{q:#?}");
}

#[test]
fn a_plain_report_of_his_words_stays_his() {
    let text = "Pompeo said that the sanctions were affecting 80-plus percent of the North’s economy — a figure others dispute.";
    let (_, q) = quotes(text, Some("2019-03-02"));
    assert_eq!(q.len(), 1, "{q:#?}");
    assert!(named(&q[0], "Pompeo"), "{q:#?}");
}

/// A UN press release: its subtitle is a capitalised fragment, the Secretary-General is
/// named by his post only.
const UN: &str = "Secretary-General Warns Nuclear Peril Real

Disarmament Week Opens at Headquarters

The Secretary-General said on Monday that the risk of a nuclear weapon being used was higher than at any time since the cold war.

He said that the disarmament machinery — built over decades — was rusting from disuse.

“We cannot allow the world to sleepwalk into catastrophe,” he said, calling on States to return to dialogue.

He added that the treaty’s review conference in Genève would be “a test of our collective resolve.”";

#[test]
fn a_subtitle_fragment_is_no_antecedent() {
    let (d, q) = quotes(UN, Some("2022-10-24"));
    assert_eq!(q.len(), 5, "{q:#?}");
    for t in &q {
        let name = t.speaker_name.as_deref().unwrap_or("");
        for fragment in ["Peril", "Real", "Disarmament", "Week", "Opens", "Headquarters"] {
            assert!(!name.contains(fragment), "{:?} by {name}", t.span.slice(&d.text));
        }
        assert!(!matches!(name.to_lowercase().as_str(), "he" | "she"), "a pronoun as a name: {t:?}");
    }
    // "He" goes on from the Secretary-General, named by post alone.
    let he: Vec<_> = q.iter().filter(|t| t.speaker.as_deref().is_some_and(|s| s.eq_ignore_ascii_case("he"))).collect();
    assert_eq!(he.len(), 4, "{q:#?}");
    assert!(he.iter().all(|t| t.speaker_name.as_deref() == Some("Secretary-General")), "{he:#?}");
}

#[test]
fn he_still_finds_a_named_person() {
    let text = "Nuclear Peril Real, Growing

Secretary-General António Guterres said on Monday that the risk of a nuclear weapon being used was higher than at any time since the cold war.

He said that the disarmament machinery — built over decades — was rusting from disuse.";
    let (_, q) = quotes(text, Some("2022-10-24"));
    assert_eq!(q.len(), 2, "{q:#?}");
    assert!(q.iter().all(|t| t.speaker_name.as_deref() == Some("António Guterres")), "{q:#?}");
}
