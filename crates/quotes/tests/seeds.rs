//! The seed articles, with gold written by reading them: every quotation and its speaker.

mod common;

use common::*;
use demarche_core::TurnKind;
use demarche_quotes::{Mode, QuoteTurn};

/// The direct quotations of an article: (content, speaker as written, canonical name, actor).
fn direct(d: &demarche_core::Document, turns: &[QuoteTurn]) -> Vec<(String, String, String, String)> {
    turns
        .iter()
        .filter(|t| t.mode == Some(Mode::Direct))
        .map(|t| {
            (
                t.span.slice(&d.text).to_string(),
                t.speaker.clone().unwrap_or_default(),
                t.speaker_name.clone().unwrap_or_default(),
                t.actor.clone().unwrap_or_default(),
            )
        })
        .collect()
}

/// Asserts the direct quotations, in order, by the start of their content.
fn assert_quotes(got: &[(String, String, String, String)], want: &[(&str, &str, &str, &str)]) {
    let shown: Vec<String> = got.iter().map(|g| format!("{:.50} | {} | {} | {}", g.0, g.1, g.2, g.3)).collect();
    assert_eq!(got.len(), want.len(), "{shown:#?}");
    for (g, w) in got.iter().zip(want) {
        assert!(g.0.starts_with(w.0), "quote {:?} should start with {:?}", g.0, w.0);
        assert_eq!((g.1.as_str(), g.2.as_str(), g.3.as_str()), (w.1, w.2, w.3), "speaker of {:?}", w.0);
    }
}

fn find<'a>(d: &demarche_core::Document, turns: &'a [QuoteTurn], start: &str) -> &'a QuoteTurn {
    turns
        .iter()
        .find(|t| t.span.slice(&d.text).starts_with(start))
        .unwrap_or_else(|| panic!("no turn starts with {start:?}"))
}

#[test]
fn seed_002_yonhap_every_quote_is_sung_kim_or_pyongyang() {
    let d = seed("002", "2015-01-30");
    let turns = extract(&d);
    check_invariants(&d, &paragraphs(&d), &turns);
    const KIM: &str = "Sung Kim";
    assert_quotes(
        &direct(&d, &turns),
        &[
            ("serious and productive", "a u.s. envoy", KIM, "USA"),
            ("I think the common position of all parties", "Kim", KIM, "USA"),
            ("made it very clear publicly", "Kim", KIM, "USA"),
            ("The question is not what we are willing to do.", "Kim", KIM, "USA"),
            ("I think they understood", "Kim", KIM, "USA"),
            ("dead.", "Pyongyang", "North Korea", "PRK"),
            ("strongly opposed to nuclear testing", "the U.S. envoy", KIM, "USA"),
            ("We have a very close cooperation", "Kim", KIM, "USA"),
            ("I think that we have a very effective cooperation", "Kim", KIM, "USA"),
        ],
    );
    // Exact spans: the content inside the marks, without the attribution's comma.
    let q = find(&d, &turns, "I think the common position");
    assert_eq!(
        q.span.slice(&d.text),
        "I think the common position of all parties, including China and the U.S., is that we should look for an opportunity to have a substantive engagement with North Korea"
    );
    assert_eq!(q.role.as_deref(), Some("U.S. special representative for North Korea policy"));
    assert_eq!(q.speaker_span.map(|s| s.slice(&d.text)), Some("Kim"));
    // The Kremlin's statement is reported speech by Russia.
    let k = find(&d, &turns, "North Korea has confirmed the attendance");
    assert_eq!((k.kind, k.mode), (TurnKind::Quote, Some(Mode::Indirect)));
    assert_eq!(
        (k.speaker.as_deref(), k.speaker_name.as_deref(), k.actor.as_deref()),
        (Some("the Kremlin"), Some("Russia"), Some("RUS"))
    );
    assert!(k.span.slice(&d.text).ends_with("World War II"), "{:?}", k.span.slice(&d.text));
    // Reported speech around the partial quotation is Kim's too, one utterance.
    let a = find(&d, &turns, "the U.S. has");
    let b = find(&d, &turns, "made it very clear publicly");
    assert_eq!((a.mode, a.speaker_name.as_deref(), a.group), (Some(Mode::Indirect), Some(KIM), b.group));
    // "Kim" is not Kim Jong Un, mentioned before "Kim replied".
    assert!(turns.iter().all(|t| t.speaker_name.as_deref() != Some("Kim Jong Un")));
    // Attribution clauses stay narration.
    let n = find(&d, &turns, "Kim told reporters.");
    assert_eq!(n.kind, TurnKind::Narration);
}

#[test]
fn seed_003_voa_every_quote_has_its_analyst() {
    let d = seed("003", "2019-03");
    let turns = extract(&d);
    check_invariants(&d, &paragraphs(&d), &turns);
    const GAUSE: (&str, &str) = ("Ken Gause", "OTHER");
    const SAMORE: (&str, &str) = ("Gary Samore", "OTHER");
    const FEFFER: (&str, &str) = ("John Feffer", "OTHER");
    const WILDER: (&str, &str) = ("Dennis Wilder", "OTHER");
    let want: &[(&str, &str, (&str, &str))] = &[
        ("It would suggest to me", "Ken Gause", GAUSE),
        ("And China may be providing the venue", "Ken Gause", GAUSE),
        ("were simply both there at the same time", "Gary Samore", SAMORE),
        ("that North Korea could continue to obtain", "Samore", SAMORE),
        ("Talking hasn’t really gotten very far", "Feffer", FEFFER),
        ("Pyongyang has stated its position", "Feffer", FEFFER),
        ("Signaling, especially hard-line signaling", "Gause", GAUSE),
        ("seems to resonate with the other side", "Gause", GAUSE),
        ("Both sides here believe", "he", GAUSE),
        ("ordered the withdrawals of those additional sanctions", "Donald Trump", ("Donald Trump", "USA")),
        ("The North Koreans are obviously unhappy", "Samore", SAMORE),
        ("So they’re trying to send signals", "Samore", SAMORE),
        ("That was absolutely a signal", "Gause", GAUSE),
        ("and that maybe what sparked the Twitter", "Gause", GAUSE),
        ("I think the Chinese are telling them", "Wilder", WILDER),
        ("And I think the North has to listen", "Wilder", WILDER),
        ("Both Kim Jong Un and Trump want", "Samore", SAMORE),
        ("Both sides are showing signs", "Samore", SAMORE),
        ("I think it’s quite clear", "Wilder", WILDER),
        ("President Trump likes Chairman Kim", "Sarah Sanders", ("Sarah Sanders", "USA")),
    ];
    let want: Vec<(&str, &str, &str, &str)> = want.iter().map(|(q, s, (n, a))| (*q, *s, *n, *a)).collect();
    assert_quotes(&direct(&d, &turns), &want);

    let g = find(&d, &turns, "It would suggest to me");
    assert_eq!(g.role.as_deref(), Some("director of the International Affairs Group at the Center for Naval Analyses"));
    assert_eq!(
        g.span.slice(&d.text),
        "It would suggest to me that the possibility of the U.S. and North Korea interactions may be back on the table at least [through] some sort of back-channel"
    );
    // An interrupted quotation is one utterance.
    assert_eq!(find(&d, &turns, "Signaling, especially").group, find(&d, &turns, "seems to resonate").group);
    // The nested quotation stays inside Gause's quote.
    assert!(find(&d, &turns, "and that maybe what sparked")
        .span
        .slice(&d.text)
        .ends_with("Let’s see if there’s a way forward here.’"));
    let s = find(&d, &turns, "President Trump likes Chairman Kim");
    assert_eq!(s.role.as_deref(), Some("White House spokesperson"));
    // Reported thought: "Dennis Wilder … thinks China cautioned …".
    let w = find(&d, &turns, "China cautioned North Korea");
    assert_eq!(
        (w.mode, w.speaker_name.as_deref(), w.actor.as_deref()),
        (Some(Mode::Indirect), Some("Dennis Wilder"), Some("OTHER"))
    );
    let f = find(&d, &turns, "Washington and Pyongyang have resorted");
    assert_eq!(
        (f.speaker_name.as_deref(), f.role.as_deref()),
        (Some("John Feffer"), Some("director of Foreign Policy Focus"))
    );
}

#[test]
fn seed_001_blog_block_quotes() {
    let d = seed("001", "2015-02");
    let turns = extract(&d);
    check_invariants(&d, &paragraphs(&d), &turns);
    // The reporter's question quoted from the transcript: a question, no speaker's actor.
    let q = find(&d, &turns, "Ambassador, there was a media report");
    assert_eq!((q.kind, q.mode), (TurnKind::Question, Some(Mode::Block)));
    assert_eq!((q.speaker.as_deref(), q.speaker_name.as_deref(), q.actor.as_deref()), (Some("QUESTION"), None, None));
    // Kim's answer, labelled as in the transcript.
    let a = find(&d, &turns, "We have made it very clear publicly");
    assert_eq!((a.kind, a.mode), (TurnKind::Quote, Some(Mode::Block)));
    assert_eq!(
        (a.speaker.as_deref(), a.speaker_name.as_deref(), a.actor.as_deref()),
        (Some("AMBASSADOR KIM"), Some("Sung Kim"), Some("USA"))
    );
    assert!(a.span.slice(&d.text).ends_with("we are not having a meeting on this trip."));
    // A block after a colon, without marks: Kim again, not Kim Jong-un named inside it.
    let b = find(&d, &turns, "I am obviously aware");
    assert_eq!(
        (b.mode, b.speaker_name.as_deref(), b.actor.as_deref()),
        (Some(Mode::Block), Some("Sung Kim"), Some("USA"))
    );
    assert!(b.span.slice(&d.text).ends_with("I think that is the important point."));
    // The unnamed official: a U.S. official, no name.
    let o = find(&d, &turns, "I think we’ve made it very clear");
    assert_eq!((o.mode, o.speaker_name.as_deref(), o.actor.as_deref()), (Some(Mode::Direct), None, Some("USA")));
    assert_eq!(o.speaker.as_deref(), Some("an unnamed senior U.S. administration official"));
    // Narration keeps the rest.
    assert_eq!(find(&d, &turns, "Kim addressed reporters").kind, TurnKind::Narration);
}
