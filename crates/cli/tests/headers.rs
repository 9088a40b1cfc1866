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

#[test]
fn a_folder_of_web_pages_gives_their_articles() {
    let dir = tempfile::tempdir().unwrap();
    let page = r#"<!doctype html><html><head><title>Séoul urges talks — Wire</title>
<meta property="article:published_time" content="2019-02-28T09:00:00Z"><meta name="author" content="Kim Min-ji"></head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav><article><h1>Séoul urges talks</h1>
<p>SEOUL, Feb. 28 — South Korea on Thursday urged North Korea to return to talks, a day after the summit in Hanoi ended without a deal.</p>
<p>&quot;We remain ready for dialogue,&quot; the foreign ministry said in a statement, adding that sanctions would stay until the North takes concrete steps toward denuclearization.</p>
</article><div class="share">Share on Facebook</div><footer>© Wire</footer></body></html>"#;
    std::fs::write(dir.path().join("page.html"), page).unwrap();
    std::fs::write(dir.path().join("empty.htm"), "<html><body><nav>Home</nav></body></html>").unwrap();
    let out = tempfile::tempdir().unwrap();
    run_ok(&[dir.path()], out.path(), &["--config", text_only().to_str().unwrap()]);
    let docs = table(out.path(), "documents");
    assert_eq!(docs.len(), 1, "{docs:?}");
    assert_eq!(docs[0]["date"], "2019-02-28");
    assert_eq!(docs[0]["author"], "Kim Min-ji");
    assert!(docs[0]["encoding"].ends_with("HTML article text"), "{docs:?}");
    let turns = table(out.path(), "turns");
    let all: String = turns.iter().map(|t| t["text"].clone()).collect::<Vec<_>>().join(" ");
    assert!(all.contains("We remain ready for dialogue"), "{all}");
    assert!(!all.contains("Share on Facebook") && !all.contains("&quot;") && !all.contains("<p>"), "{all}");
    // The headline is content: a turn of its own, before the narration, with its sentence.
    assert_eq!(turns[0]["kind"], "headline", "{turns:?}");
    assert!(turns[0]["text"].starts_with("Séoul urges talks"), "{turns:?}");
    assert!(turns[1..].iter().all(|t| t["kind"] != "headline"), "{turns:?}");
    let sentences = table(out.path(), "sentences");
    assert!(sentences.iter().any(|s| s["turn_id"] == turns[0]["turn_id"]), "{sentences:?}");
    let errors = table(out.path(), "errors");
    assert!(
        errors.iter().any(|e| e["path"].ends_with("empty.htm") && e["message"].starts_with("HTML: no article text")),
        "{errors:?}"
    );
}
