//! The four seed documents, segmented end to end.

mod common;

use common::seed;
use demarche_core::{DocKind, TurnKind};
use demarche_segment::{HeaderPerson, NewsSegmenter, RuleSplitter, Segmenter, SentenceSplitter, TranscriptSegmenter};

#[test]
fn seed_000_state_department_transcript() {
    let d = seed("000", DocKind::Transcript);
    let s = TranscriptSegmenter.segment(&d);
    assert_eq!(s.turns.len(), 21);
    let kim = s.turns.iter().filter(|t| t.label.as_deref() == Some("AMBASSADOR KIM")).count();
    let q = s.turns.iter().filter(|t| t.label.as_deref() == Some("QUESTION")).count();
    assert_eq!((kim, q), (11, 10));
    for t in &s.turns {
        let want = if t.label.as_deref() == Some("QUESTION") { TurnKind::Question } else { TurnKind::Turn };
        assert_eq!(t.kind, want);
    }
    let first = s.turns[0].span.slice(&d.text);
    let last = s.turns[20].span.slice(&d.text);
    assert!(first.starts_with("Good afternoon everyone."), "{first}");
    assert!(last.ends_with("Bye."), "{last}");
    assert_eq!(s.turns[1].span.slice(&d.text).split_whitespace().next(), Some("What"));

    assert_eq!(s.header.title.as_deref(), Some("Remarks to Reporters at the Westin Chaoyang Hotel"));
    assert_eq!(s.header.date.as_deref(), Some("2015-01-30"));
    assert_eq!(
        s.header.people,
        [HeaderPerson { name: "Sung Kim".into(), role: Some("Special Representative for North Korea Policy".into()) }]
    );

    // Sentences of the first turn, by slicing.
    let sents: Vec<&str> = RuleSplitter.split(&d.text, s.turns[0].span).iter().map(|sp| sp.slice(&d.text)).collect();
    assert_eq!(sents.len(), 7);
    assert_eq!(sents[0], "Good afternoon everyone.");
    assert_eq!(sents[6], "Questions?");
}

/// The narration turns of a news seed, after checking that its headlines (kept as turns of
/// their own, never dropped) are `headlines`.
fn narration(prefix: &str, headlines: &[&str]) -> (demarche_core::Document, demarche_segment::Segmented) {
    let d = seed(prefix, DocKind::Article);
    let mut s = NewsSegmenter::default().segment(&d);
    for t in &s.turns {
        assert!(matches!(t.kind, TurnKind::Narration | TurnKind::Headline), "{:?}", t.kind);
        assert_eq!(t.label, None);
        assert!(!t.span.is_empty());
    }
    let heads: Vec<&str> =
        s.turns.iter().filter(|t| t.kind == TurnKind::Headline).map(|t| t.span.slice(&d.text)).collect();
    assert_eq!(heads, headlines);
    s.turns.retain(|t| t.kind == TurnKind::Narration);
    (d, s)
}

fn texts<'a>(d: &'a demarche_core::Document, s: &demarche_segment::Segmented) -> Vec<&'a str> {
    s.turns.iter().map(|t| t.span.slice(&d.text)).collect()
}

fn assert_no_furniture(texts: &[&str], furniture: &[&str]) {
    for f in furniture {
        assert!(!texts.iter().any(|t| t.contains(f)), "furniture survived: {f:?}");
    }
}

fn assert_starts(texts: &[&str], starts: &[&str]) {
    assert_eq!(texts.len(), starts.len(), "{texts:#?}");
    for (t, s) in texts.iter().zip(starts) {
        assert!(t.starts_with(s), "{t:?} should start with {s:?}");
    }
}

#[test]
fn seed_001_blog() {
    let (d, s) = narration("001", &["U.S. Ambassador Hinted at North Korea Meeting During China Trip"]);
    let t = texts(&d, &s);
    assert_eq!(s.header.title.as_deref(), Some("U.S. Ambassador Hinted at North Korea Meeting During China Trip"));
    assert_no_furniture(&t, &["Related Content", "U.S. Ambassador Hinted at North Korea Meeting"]);
    assert_starts(
        &t,
        &[
            "Even as a report",
            "Kim addressed reporters",
            "QUESTION: Ambassador, there was a media report",
            "AMBASSADOR KIM: We have made it very clear",
            "Kim also addressed reports",
            "I am obviously aware",
            "While Kim did not specify",
        ],
    );
}

#[test]
fn seed_002_yonhap() {
    let (d, s) = narration("002", &["(LEAD) N. Korea unready for 'serious' nuke talks: U.S. envoy"]);
    let t = texts(&d, &s);
    assert_eq!(s.header.title.as_deref(), Some("(LEAD) N. Korea unready for 'serious' nuke talks: U.S. envoy"));
    assert_eq!(s.header.date.as_deref(), Some("2015-01-30"));
    assert_no_furniture(
        &t,
        &[
            "Go to Contents",
            "Go to Navigation",
            "All News",
            "(ATTN:",
            "kdh@yna.co.kr",
            "(END)",
            "HOME TOP",
            "Send Feedback",
            "How can we improve?",
            "Thanks for your feedback!",
            "nuke talks: U.S. envoy",
        ],
    );
    assert_starts(
        &t,
        &[
            "BEIJING, Jan. 30 (Yonhap) -- North Korea has shown",
            "However, Ambassador Sung Kim",
            "\"I think the common position",
            "Kim added that the U.S.",
            "\"The question is not what",
            "\"I think they understood",
            "The six-party talks",
            "Since its third nuclear test",
            "In a move that could complicate",
            "North Korea has confirmed the attendance",
            "Despite the North Korean leader's",
            "China sold no crude oil",
            "Asked about the absence",
            "\"I think that we have a very effective",
        ],
    );
}

#[test]
fn seed_003_voa() {
    // "USA" above the headline is the site's section, "Something from China" a subhead.
    let (d, s) = narration("003", &["US, North Korean Officials Cross Paths in Beijing", "Something from China"]);
    let t = texts(&d, &s);
    assert_eq!(s.header.title.as_deref(), Some("US, North Korean Officials Cross Paths in Beijing"));
    assert_no_furniture(
        &t,
        &[
            "Accessibility links",
            "Breaking News",
            "FILE - ",
            "Yongbyon nuclear complex, North Korea\n",
            "is seen at the President Palace",
            "Something from China",
            "Cross Paths in Beijing",
        ],
    );
    assert!(!t.iter().any(|x| *x == "USA" || *x == "XS" || *x == "SM" || *x == "MD" || *x == "LG"));
    assert_starts(
        &t,
        &[
            "U.S. Special Representative for North Korea Stephen Biegun and",
            "On Tuesday, Biegun met",
            "“It would suggest",
            "However, Gary Samore",
            "The U.S. wants China",
            "China is North Korea’s largest",
            "The Beijing visits",
            "According to John Feffer",
            "“Talking hasn’t",
            "“Signaling, especially",
            "“Both sides here",
            "Following North Korea’s pullout",
            "Shortly after, Pyongyang",
            "Trump’s tweet was explained",
            "“The North Koreans are obviously",
            "“That was absolutely",
            "Dennis Wilder, the National Security",
            "“I think the Chinese",
            "Samore thinks Trump",
            "“Both Kim Jong Un",
            "Wilder thinks Trump’s",
            "“I think it’s quite clear",
            "After Trump’s tweet",
        ],
    );
    // Quotes with a closing mark stay in one sentence with their attribution.
    let feffer = s.turns[8].span;
    let sents: Vec<&str> = RuleSplitter.split(&d.text, feffer).iter().map(|sp| sp.slice(&d.text)).collect();
    assert_eq!(sents[0], "“Talking hasn’t really gotten very far,” Feffer said.");
    assert_eq!(sents.len(), 4);
}

#[test]
fn seeds_pick_their_kind() {
    use demarche_segment::looks_like_transcript;
    assert!(looks_like_transcript(&seed("000", DocKind::Transcript).text));
    for p in ["001", "002", "003"] {
        assert!(!looks_like_transcript(&seed(p, DocKind::Article).text), "{p}");
    }
}
