//! Attribution forms the quote-extraction literature reports as failures, one by one.

mod common;

use common::*;
use demarche_core::TurnKind;
use demarche_quotes::{Mode, QuoteTurn};

/// (content, speaker as written, canonical name, role, actor, mode) of every quotation.
type Row = (String, Option<String>, Option<String>, Option<String>, Option<String>, Mode);

fn rows(text: &str, date: Option<&str>) -> Vec<Row> {
    let (d, turns) = extract_text(text, date);
    check_invariants(&d, &blank_line_paragraphs(text), &turns);
    turns
        .iter()
        .filter(|t| t.kind != TurnKind::Narration)
        .map(|t: &QuoteTurn| {
            (
                t.span.slice(&d.text).to_string(),
                t.speaker.clone(),
                t.speaker_name.clone(),
                t.role.clone(),
                t.actor.clone(),
                t.mode.unwrap_or(Mode::Direct),
            )
        })
        .collect()
}

fn one(text: &str) -> Row {
    let r = rows(text, Some("2019-03"));
    assert_eq!(r.len(), 1, "{r:#?}");
    r.into_iter().next().unwrap_or_else(|| unreachable!())
}

fn s(x: &str) -> Option<String> {
    Some(x.to_string())
}

#[test]
fn appositive_before_the_verb() {
    let r = one("Hugh Hill, a doctor, said: “The wards are full.”");
    assert_eq!(r, ("The wards are full.".into(), s("Hugh Hill"), s("Hugh Hill"), s("doctor"), None, Mode::Direct));
}

#[test]
fn appositive_after_the_quote() {
    let r = one("“The wards are full,” Hugh Hill, a doctor at the county clinic, said.");
    assert_eq!(r.0, "The wards are full");
    assert_eq!((r.2.as_deref(), r.3.as_deref()), (Some("Hugh Hill"), Some("doctor at the county clinic")));
}

#[test]
fn inverted_subject_with_appositive_analyst_is_other() {
    let r = one("“Talks may resume,” said Jane Roe, an analyst at the Brookings Institution.");
    assert_eq!(
        r,
        (
            "Talks may resume".into(),
            s("Jane Roe"),
            s("Jane Roe"),
            s("analyst at the Brookings Institution"),
            s("OTHER"),
            Mode::Direct
        )
    );
}

#[test]
fn press_release_dash_attribution() {
    let r = one("“This rule protects consumers and keeps the market open.” -Commissioner Jane Smith");
    assert_eq!(r.0, "This rule protects consumers and keeps the market open.");
    assert_eq!(
        (r.1.as_deref(), r.2.as_deref(), r.3.as_deref()),
        (Some("Jane Smith"), Some("Jane Smith"), Some("Commissioner"))
    );
}

#[test]
fn press_release_from_colon() {
    let text = "The agency adopted the rule on Thursday.\n\nAnd from Chairwoman Rosenworcel:\n\n“Today we close the digital divide for good.”";
    let r = rows(text, None);
    assert_eq!(r.len(), 1, "{r:#?}");
    assert_eq!(r[0].0, "Today we close the digital divide for good.");
    assert_eq!((r[0].1.as_deref(), r[0].3.as_deref()), (Some("Rosenworcel"), Some("Chairwoman")));
}

#[test]
fn he_added_after_a_paragraph_break() {
    let text = "“The talks are stuck,” said John Smith, a professor at Seoul National University.\n\n\
                “Neither side will move first,” he added.";
    let r = rows(text, Some("2019-03"));
    assert_eq!(r.len(), 2, "{r:#?}");
    assert_eq!(
        (r[1].1.as_deref(), r[1].2.as_deref(), r[1].4.as_deref()),
        (Some("he"), Some("John Smith"), Some("OTHER"))
    );
}

#[test]
fn she_agrees_with_gender() {
    let text = "Sarah Jones met Tom Brown on Monday. “We agreed on nothing,” she said.";
    let r = rows(text, None);
    assert_eq!(r[0].2.as_deref(), Some("Sarah Jones"), "{r:#?}");
}

#[test]
fn according_to_and_told_reporters() {
    let r = rows(
        "The talks will resume next month, according to Wang Yi, China’s foreign minister.\n\n\
         Officials are ready to meet, Wang told reporters on Friday.",
        Some("2019-03"),
    );
    assert_eq!(r.len(), 2, "{r:#?}");
    assert_eq!(
        (r[0].0.as_str(), r[0].2.as_deref(), r[0].5),
        ("The talks will resume next month", Some("Wang Yi"), Mode::Indirect)
    );
    assert_eq!(r[0].4.as_deref(), Some("CHN"));
    assert_eq!(
        (r[1].0.as_str(), r[1].1.as_deref(), r[1].2.as_deref()),
        ("Officials are ready to meet", Some("Wang"), Some("Wang Yi"))
    );
}

#[test]
fn following_sentence_attribution() {
    let r = rows("“We will not give up our weapons.” Kim Yong Chol said.", None);
    assert_eq!(r.len(), 1, "{r:#?}");
    assert_eq!(r[0].2.as_deref(), Some("Kim Yong Chol"));
}

#[test]
fn government_posts_with_a_state() {
    let r = rows(
        "“The sanctions must stay,” a U.S. official said.\n\n\
         A North Korean official said the talks were over.\n\n\
         “We oppose pressure,” said Chinese Vice Foreign Minister Le Yucheng.",
        Some("2019-03"),
    );
    assert_eq!(r.len(), 3, "{r:#?}");
    assert_eq!((r[0].2.as_deref(), r[0].4.as_deref()), (None, Some("USA")));
    assert_eq!((r[1].0.as_str(), r[1].4.as_deref(), r[1].5), ("the talks were over", Some("PRK"), Mode::Indirect));
    assert_eq!(
        (r[2].2.as_deref(), r[2].3.as_deref(), r[2].4.as_deref()),
        (Some("Le Yucheng"), Some("Chinese Vice Foreign Minister"), Some("CHN"))
    );
}

#[test]
fn unknown_person_without_role_has_no_actor() {
    let r = one("“I saw the convoy,” said Maria Lopez, who lives nearby.");
    assert_eq!((r.2.as_deref(), r.4), (Some("Maria Lopez"), None));
}

#[test]
fn states_and_metonyms_speak() {
    let r = rows("Pyongyang said it would not return to the talks.\n\nThe Kremlin said in a statement that the visit was confirmed.", None);
    assert_eq!(r.len(), 2, "{r:#?}");
    assert_eq!((r[0].2.as_deref(), r[0].4.as_deref()), (Some("North Korea"), Some("PRK")));
    assert_eq!((r[1].0.as_str(), r[1].4.as_deref()), ("the visit was confirmed", Some("RUS")));
}

#[test]
fn surname_follows_the_quoted_person_not_the_leader() {
    let text = "Sung Kim, the U.S. envoy, said on Friday that talks were possible.\n\n\
                North Korean leader Kim Jong Un did not attend the meeting.\n\n\
                “We remain open to dialogue,” Kim said.";
    let r = rows(text, Some("2015-01-30"));
    let last = r.last().unwrap_or_else(|| unreachable!());
    assert_eq!((last.2.as_deref(), last.4.as_deref()), (Some("Sung Kim"), Some("USA")), "{r:#?}");
}

#[test]
fn quote_over_paragraphs_is_one_utterance() {
    let text = "“The first part of the statement runs on.\n\n“The second part ends here,” said Jane Roe.";
    let (d, turns) = extract_text(text, None);
    let q: Vec<_> = turns.iter().filter(|t| t.kind == TurnKind::Quote).collect();
    assert_eq!(q.len(), 2, "{turns:#?}");
    assert_eq!(q[0].span.slice(&d.text), "The first part of the statement runs on.");
    assert_eq!(q[0].group, q[1].group);
    assert_eq!(q[0].speaker_name.as_deref(), Some("Jane Roe"));
    assert_eq!(q[1].speaker_name.as_deref(), Some("Jane Roe"));
}

#[test]
fn partial_quote_inside_reported_speech() {
    let r = rows("The envoy John Doe said the talks were “serious and productive” but slow.", None);
    let contents: Vec<(&str, Mode)> = r.iter().map(|x| (x.0.as_str(), x.5)).collect();
    assert_eq!(
        contents,
        [("the talks were", Mode::Indirect), ("serious and productive", Mode::Direct), ("but slow", Mode::Indirect)]
    );
    assert!(r.iter().all(|x| x.2.as_deref() == Some("John Doe")));
}

#[test]
fn scare_quotes_and_titles_stay_narration() {
    let r = rows("The so-called “axis of evil” was a phrase. He read “The Art of the Deal” twice.", None);
    assert!(r.is_empty(), "{r:#?}");
}

#[test]
fn straight_quotes_and_colon_intro_block() {
    let text = "The minister said:\n\nWe will defend our sovereignty. We will not bow to pressure.\n\nThe meeting ended at noon.";
    let r = rows(text, None);
    assert_eq!(r.len(), 1, "{r:#?}");
    assert_eq!(r[0].5, Mode::Block);
    assert_eq!(r[0].0, "We will defend our sovereignty. We will not bow to pressure.");
}

#[test]
fn subject_with_party_and_state_in_parentheses() {
    let r = one("“If the FBI wanted anyone else’s laptops, they’d just go get them,” Rep. José Jordán (R-Ohio), an oversight panel member, said.");
    assert_eq!(r.0, "If the FBI wanted anyone else’s laptops, they’d just go get them");
    assert_eq!((r.1.as_deref(), r.2.as_deref()), (Some("José Jordán"), Some("José Jordán")));
    let r = one("“This is a disgusting day,” said Rep. G.K. Butterfield (D-N.C.), head of the caucus — its chairman.");
    assert_eq!(r.0, "This is a disgusting day");
    assert_eq!(r.2.as_deref(), Some("G.K. Butterfield"));
}

#[test]
fn a_dot_inside_parentheses_ends_no_sentence_and_a_quoted_title_is_no_quotation() {
    let r = one("“It’s a dog whistle to all Américans,” Rep. Gwen Moore (D-Wis.) said Friday.");
    assert_eq!((r.0.as_str(), r.2.as_deref()), ("It’s a dog whistle to all Américans", Some("Gwen Moore")));
    let r = rows("In an interview on CBS’s “Face the Nation,” House Speaker Paul Ryan (R-Wis.) said the protests demand “more listening.”", Some("2016-09"));
    assert_eq!(r.len(), 2, "{r:#?}");
    assert!(r.iter().all(|x| x.2.as_deref() == Some("Paul Ryan") && !x.0.contains("Face the Nation")), "{r:#?}");
}

#[test]
fn the_name_behind_a_message_noun_and_a_month_as_surname() {
    let r = one("A New York Times report said that the company’s losses reached $915 million in 1995.");
    assert_eq!(r.2.as_deref(), Some("New York Times"), "{r:?}");
    let r = rows("British Prime Minister Theresa May said Britain would leave the Union — “no ifs, no buts.”", None);
    assert!(!r.is_empty() && r.iter().all(|x| x.2.as_deref() == Some("Theresa May")), "{r:#?}");
}

#[test]
fn a_name_written_only_at_sentence_starts_is_still_a_name() {
    let text = "Anaïs waved at the stage.\n\nBornsten said the café was full.\n\nBornsten added that the band was late.\n\nBornsten said nothing more.";
    let r = rows(text, Some("2016-09"));
    assert_eq!(r.len(), 3, "{r:#?}");
    assert!(r.iter().all(|x| x.2.as_deref() == Some("Bornsten")), "{r:#?}");
}

#[test]
fn the_speaker_nearest_a_quotation_beats_the_outlet_reporting_it() {
    // "…,” X said …, the agency reported: X's words, which the agency relays.
    let r = one("“Talks cannot resume under pressure — 압력,” Ri Gun, a director at the ministry, said after the talks Tuesday, the Yonhap news agency reported.");
    assert_eq!((r.0.as_str(), r.2.as_deref()), ("Talks cannot resume under pressure — 압력", Some("Ri Gun")));
}

#[test]
fn an_envoy_to_a_country_is_one_title() {
    let r = one("“If sanctions are lifted, talks can be held at once,” North Korean Ambassador to China Choe Jin Su said in Beijing.");
    assert_eq!((r.2.as_deref(), r.3.as_deref()), (Some("Choe Jin Su"), Some("North Korean Ambassador to China")));
}
