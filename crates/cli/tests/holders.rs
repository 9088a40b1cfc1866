//! Holders in narration and statements, end to end with the shipped models over the
//! project's own labelled documents (data/holders/docs): a KCNA statement, declared in front
//! matter or known only by its dateline, holds its sentences against sanctions for PRK and
//! gives a PRK sanctions position; in news, roles, passives, "according to" and pronouns find
//! their actor.

mod common;

use std::collections::{BTreeSet, HashMap};

use common::*;

type Rows = Vec<HashMap<String, String>>;

struct Run {
    _dir: tempfile::TempDir,
    docs: Rows,
    stances: Rows,
    positions: Rows,
}

fn run() -> Run {
    let dir = tempfile::tempdir().unwrap();
    run_ok(&[&project().join("data/holders/docs")], dir.path(), &[]);
    let docs = table(dir.path(), "documents");
    let stances = table(dir.path(), "stances");
    let positions = table(dir.path(), "positions");
    Run { _dir: dir, docs, stances, positions }
}

impl Run {
    fn doc(&self, file: &str) -> &HashMap<String, String> {
        self.docs.iter().find(|d| d["path"].ends_with(file)).unwrap()
    }

    /// The holders of the stance rows inside the sentence of `file` that starts with `needle`.
    fn holders(&self, file: &str, needle: &str) -> BTreeSet<String> {
        let text = std::fs::read_to_string(project().join("data/holders/docs").join(file)).unwrap();
        let start = text.find(needle).unwrap_or_else(|| panic!("{needle:?} not in {file}"));
        let end = start + text[start..].find(['\n']).unwrap_or(text.len() - start);
        let id = &self.doc(file)["doc_id"];
        let rows: BTreeSet<String> = self
            .stances
            .iter()
            .filter(|r| &r["doc_id"] == id)
            .filter(|r| r["start"].parse::<usize>().unwrap() < end && start < r["end"].parse::<usize>().unwrap())
            .map(|r| r["holder"].clone())
            .collect();
        assert!(!rows.is_empty(), "no stance rows for {needle:?}");
        rows
    }
}

fn set(actor: &str) -> BTreeSet<String> {
    [actor.to_string()].into_iter().collect()
}

#[test]
fn statements_and_news_hold_their_positions() {
    let run = run();
    // Front matter `kind: statement` with its actor; a dateline alone; a metadata row.
    for (file, actor) in [("kcna-fm-statement.txt", "PRK"), ("kcna-dateline.txt", "PRK"), ("mofa-statement.txt", "JPN")]
    {
        let d = run.doc(file);
        assert_eq!((d["kind"].as_str(), d["actor"].as_str()), ("statement", actor), "{file}");
    }
    assert_eq!(run.doc("wire-seoul.txt")["kind"], "article");

    // Every sentence of the KCNA texts that speaks of sanctions is PRK's, whoever the words
    // name (“The U.S.-led sanctions …”, “He stressed …”, “조선중앙통신 — …”).
    let mut against = 0;
    for file in ["kcna-fm-statement.txt", "kcna-dateline.txt"] {
        let id = &run.doc(file)["doc_id"];
        let rows: Vec<_> = run.stances.iter().filter(|r| &r["doc_id"] == id && r["target"] == "sanctions").collect();
        assert!(rows.len() >= 8, "{file}");
        for r in &rows {
            assert_eq!(r["holder"], "PRK", "{file}: {r:?}");
        }
        against += rows.iter().filter(|r| r["label"] == "against").count();
    }
    assert!(against >= 4, "{against}");
    let cell = run.positions.iter().find(|p| p["actor"] == "PRK" && p["target"] == "sanctions").unwrap();
    assert!(cell["against"].parse::<usize>().unwrap() >= 4, "{cell:?}");
    assert_eq!(run.holders("kcna-dateline.txt", "The sanctions were also condemned"), set("PRK"));
    assert_eq!(run.holders("kcna-dateline.txt", "It added that"), set("PRK"));
    assert_eq!(run.holders("mofa-statement.txt", "4. We urge North Korea"), set("JPN"));

    // A State Department text: "the spokesman" and "he" are the department's.
    assert_eq!(run.holders("state-media-note.txt", "The spokesman said"), set("USA"));
    assert_eq!(run.holders("state-media-note.txt", "The Secretary reaffirmed"), set("USA"));
    assert_eq!(run.holders("state-media-note.txt", "He added that sanctions"), set("USA"));
    assert_eq!(run.holders("state-media-note.txt", "The South Korean foreign minister"), set("KOR"));

    // Wire copy: a passive's agent, "according to", a possessive role, a pronoun.
    assert_eq!(run.holders("wire-seoul.txt", "The sanctions were denounced by"), set("PRK"));
    assert_eq!(run.holders("wire-seoul.txt", "A spokesman for the ministry"), set("PRK"));
    assert_eq!(run.holders("wire-seoul.txt", "He also ruled out"), set("PRK"));
    assert_eq!(run.holders("wire-seoul.txt", "South Korea’s foreign ministry"), set("KOR"));
    assert_eq!(run.holders("wire-seoul.txt", "According to a senior official in Seoul"), set("KOR"));
    assert_eq!(run.holders("un-press-release.txt", "The Secretary-General welcomed"), set("UN"));
    assert_eq!(run.holders("un-press-release.txt", "The representative of China"), set("CHN"));

    // Narration holds its own positions: the writer's (`OTHER`) when it reports no one, the
    // metadata actor's when there is one; an act's subject holds the act, not one inside a
    // relative clause; a named person the registry does not know speaks for no state.
    assert_eq!(run.holders("wire-narration.txt", "The Security Council imposed"), set("UN"));
    assert_eq!(run.holders("wire-narration.txt", "Sanctions alone have not"), set("OTHER"));
    assert_eq!(run.holders("wire-narration.txt", "The embargo that the United States"), set("UN"));
    assert_eq!(run.holders("wire-narration.txt", "“Pressure without diplomacy"), set("OTHER"));

    // A surname alone is the person the text introduced; a quotation nobody speaks ("…, the
    // president’s press service reported") reads as narration; parties together hold jointly.
    assert_eq!(run.holders("wire-people.txt", "During a question-and-answer session, Choe"), set("PRK"));
    assert_eq!(run.holders("wire-people.txt", "Ukrainian President Volodymyr Zelenskyy signed"), set("UKR"));
    assert_eq!(run.holders("wire-people.txt", "The United States and Japan have tightened"), set("OTHER"));
    assert_eq!(run.holders("wire-people.txt", "The two sides also agreed"), set("OTHER"));

    // A statement's release quotes its own people: an official the registry does not know
    // speaks for the issuer, not for no state.
    assert_eq!(run.holders("treasury-release.txt", "“We are targeting"), set("USA"));
    assert_eq!(run.holders("treasury-release.txt", "“This further advances"), set("USA"));
    // A statement no metadata gives an issuer (several states together) speaks for no state.
    assert_eq!(run.holders("joint-statement.txt", "We urge North Korea"), set("OTHER"));
}
