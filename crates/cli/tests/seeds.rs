//! The real binary over the shipped seeds: documents, turns, speakers, actors, offsets.

mod common;

use common::*;

#[test]
fn seeds_give_documents_turns_and_sentences() {
    let out = tempfile::tempdir().unwrap();
    let stdout = run_ok(&[&project().join("seeds")], out.path(), &[]);
    assert!(stdout.contains("4 documents"), "{stdout}");

    let docs = table(out.path(), "documents");
    let by_file = |prefix: &str| docs.iter().find(|d| d["path"].contains(prefix)).unwrap().clone();
    let transcript = by_file("000_");
    assert_eq!(transcript["kind"], "transcript");
    assert_eq!(transcript["date"], "2015-01-30");
    assert_eq!(transcript["year"], "2015");
    assert_eq!(transcript["title"], "Remarks to Reporters at the Westin Chaoyang Hotel");
    assert_eq!(transcript["source"], "U.S. Department of State");
    assert_eq!(transcript["encoding"], "utf-8");
    let bytes = std::fs::read(project().join("seeds/000_d5d96ff8811c493f.txt")).unwrap();
    let sha = demarche_core::sha256_hex(&bytes);
    assert_eq!(transcript["sha256"], sha);
    assert_eq!(transcript["doc_id"], sha[..16]);
    assert_eq!(by_file("003_")["year"], "2019");
    assert_eq!(by_file("002_")["source"], "Yonhap");
    assert!(docs.iter().filter(|d| !d["path"].contains("000_")).all(|d| d["kind"] == "article"));

    let turns = table(out.path(), "turns");
    let t0: Vec<_> = turns.iter().filter(|t| t["doc_id"] == transcript["doc_id"]).collect();
    assert_eq!(t0.len(), 21);
    let kim: Vec<_> = t0.iter().filter(|t| t["speaker"] == "AMBASSADOR KIM").collect();
    assert_eq!(kim.len(), 11);
    assert!(kim.iter().all(|t| t["kind"] == "turn" && t["speaker_name"] == "Sung Kim" && t["actor"] == "USA"));
    let questions: Vec<_> = t0.iter().filter(|t| t["kind"] == "question").collect();
    assert_eq!(questions.len(), 10);
    assert!(questions.iter().all(|t| t["speaker"] == "QUESTION" && t["actor"].is_empty()));
    assert!(t0[0]["text"].starts_with("Good afternoon everyone. It is great to be back in Beijing."));
    assert!(t0[20]["text"].ends_with("OK? Thank you very much. Bye."));
    assert_eq!(t0.iter().map(|t| t["seq"].parse::<usize>().unwrap()).collect::<Vec<_>>(), (0..21).collect::<Vec<_>>());
    assert!(t0.iter().all(|t| t["turn_id"] == format!("{}:{}", t["doc_id"], t["seq"])));

    // News furniture never becomes narration.
    for junk in [
        "Send Feedback",
        "HOME TOP",
        "XS",
        "LG",
        "Go to Contents Go to Navigation",
        "Accessibility links",
        "Related Content",
        "(END)",
        "kdh@yna.co.kr",
    ] {
        assert!(!turns.iter().any(|t| t["text"] == junk), "furniture {junk:?} became a turn");
    }
    assert!(!turns.iter().any(|t| t["text"].starts_with("FILE - ")));
    assert!(turns.iter().any(|t| t["kind"] == "narration" && t["text"] == "BEIJING, Jan. 30 (Yonhap) --"));

    // News turns are quotations with their speakers (the quotes crate tests every one).
    let quote = |start: &str| {
        turns
            .iter()
            .find(|t| t["kind"] == "quote" && t["text"].starts_with(start))
            .unwrap_or_else(|| panic!("no quote {start:?}"))
    };
    let who = |start: &str| {
        let t = quote(start);
        (t["speaker_name"].as_str(), t["actor"].as_str(), t["mode"].as_str())
    };
    assert_eq!(who("The question is not what we are willing to do."), ("Sung Kim", "USA", "direct"));
    assert_eq!(who("North Korea has shown no clear indication"), ("Sung Kim", "USA", "indirect"));
    assert_eq!(who("dead."), ("North Korea", "PRK", "direct"));
    assert_eq!(who("It would suggest to me"), ("Ken Gause", "OTHER", "direct"));
    assert_eq!(
        quote("It would suggest to me")["role"],
        "director of the International Affairs Group at the Center for Naval Analyses"
    );
    assert_eq!(who("President Trump likes Chairman Kim"), ("Sarah Sanders", "USA", "direct"));
    assert_eq!(who("We have made it very clear publicly"), ("Sung Kim", "USA", "block"));
    let blog_question = turns.iter().find(|t| t["kind"] == "question" && t["mode"] == "block").unwrap();
    assert!(blog_question["text"].starts_with("Ambassador, there was a media report"));
    assert!(blog_question["actor"].is_empty());

    let sentences = table(out.path(), "sentences");
    let texts: Vec<&str> = sentences.iter().map(|s| s["text"].as_str()).collect();
    for s in [
        "It is great to be back in Beijing.",
        "What do you think about North Korea’s recent relationship with Russia?",
        "Ambassador, there was a media report that the U.S. side offered a bilateral with North Korea in Beijing shortly before your trip here.",
        "The question is not what we are willing to do.",
        "Talking hasn’t really gotten very far",
    ] {
        assert!(texts.contains(&s), "missing sentence {s:?}");
    }
    assert!(sentences.iter().all(|s| s["sentence_id"] == format!("{}:{}", s["turn_id"], s["seq"])));

    assert_spans_slice_files(&docs, &turns);
    assert_spans_slice_files(&docs, &sentences);
    assert!(table(out.path(), "errors").is_empty());

    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.path().join("manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["counts"]["documents"], 4);
    assert_eq!(manifest["counts"]["turns"], turns.len());
    assert_eq!(manifest["inputs"].as_array().unwrap().len(), 4);
    assert!(manifest["stage_seconds"]["segment"].is_number());
}

#[test]
fn same_inputs_give_byte_identical_tables_whatever_the_threads_chunk_and_batch_size() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    // Another thread count, chunk and encoder batch size: the same tables (and run id).
    let out_b = b.path().join("run");
    let cfg = b.path().join("run.toml");
    std::fs::write(&cfg, "[run]\nchunk = 1\nbatch_size = 3\n").unwrap();
    run_ok(&[&project().join("seeds")], a.path(), &["--threads", "1"]);
    run_ok(&[&project().join("seeds")], &out_b, &["--threads", "2", "--config", cfg.to_str().unwrap()]);
    let manifest = std::fs::read_to_string(out_b.join("manifest.json")).unwrap();
    assert!(manifest.contains("\"batch_size\": 3") && manifest.contains("\"threads\": 2"), "{manifest}");
    for t in ["documents", "turns", "sentences", "entities", "stances", "positions", "errors"] {
        for ext in ["csv", "parquet"] {
            let f = format!("{t}.{ext}");
            assert_eq!(
                std::fs::read(a.path().join(&f)).unwrap(),
                std::fs::read(out_b.join(&f)).unwrap(),
                "{f} differs"
            );
        }
    }
}

#[test]
fn schema_doc_matches_the_code() {
    let doc = std::fs::read_to_string(project().join("docs/schema.md")).unwrap();
    let out = demarche().arg("schema").output().unwrap();
    let generated = String::from_utf8(out.stdout).unwrap();
    assert!(doc.contains(&generated), "docs/schema.md is out of date: paste `demarche schema` into it");
}
