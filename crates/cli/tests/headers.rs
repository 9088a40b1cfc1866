//! Transcript speakers named only by the header: `Sean McCormack, Spokesman` over a State
//! Department briefing gives `MR. MCCORMACK` his name, and the department gives the state
//! (issue #19; the transcript is made up for this test, in the shape of the one that failed).

mod common;

use common::*;

const BRIEFING: &str = "Daily Press Briefing
Sean McCormack, Spokesman
Washington, DC
Office of the Spokesman
March 4, 2008

MR. MCCORMACK: Good afternoon, everybody. Ambassador Hill returns from Beijing tonight; the six-party talks — as you know — resume next week, and we’re hopeful about the disablement schedule.

QUESTION: Will he meet his North Korean counterpart in Genève, or only in Beijing?

MR. MCCORMACK: He will meet Mr. Kim Kye-gwan in Beijing. I don’t have anything on Genève for you.

QUESTION: Thank you.
";

#[test]
fn a_header_name_with_its_post_names_the_labels_and_the_department_their_state() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir_all(&input).unwrap();
    std::fs::write(input.join("briefing.txt"), BRIEFING).unwrap();
    let out = dir.path().join("out");
    run_text_only(&[&input], &out, &[]);

    let docs = table(&out, "documents");
    assert_eq!(docs.len(), 1);
    assert_eq!(docs[0]["kind"], "transcript");
    assert_eq!(docs[0]["date"], "2008-03-04");
    let turns = table(&out, "turns");
    let his: Vec<_> = turns.iter().filter(|t| t["speaker"] == "MR. MCCORMACK").collect();
    assert_eq!(his.len(), 2, "{turns:#?}");
    for t in &his {
        assert_eq!((t["speaker_name"].as_str(), t["actor"].as_str()), ("Sean McCormack", "USA"), "{t:#?}");
    }
    assert!(his[0]["text"].starts_with("Good afternoon, everybody."), "{:?}", his[0]["text"]);
    let questions: Vec<_> = turns.iter().filter(|t| t["kind"] == "question").collect();
    assert_eq!(questions.len(), 2);
    assert!(questions.iter().all(|t| t["actor"].is_empty()));
}
