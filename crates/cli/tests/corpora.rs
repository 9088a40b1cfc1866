//! The real binary over samples of the two shared corpora (read from ../shared).

mod common;

use std::collections::HashMap;

use common::*;
use regex::Regex;

const WH: &[&str] = &[
    "2021-03/2021-03-01-press-briefing-by-press-secretary-jen-psaki-and-secretary-of-homeland-security-alejandro-mayorkas.md",
    "2021-02/2021-02-04-press-briefing-by-press-secretary-jen-psaki-and-national-security-advisor-jake-sullivan-february-4-2021.md",
    "2021-03/2021-03-23-background-press-call-by-senior-administration-officials-on-the-democratic-peoples-republic-of-korea.md",
];

/// An independent count of labelled turns: lines that start with an all-caps label and a
/// colon, or with a lone `Q`. Acronyms that open a hard-wrapped line of prose (`NATO: We
/// are prepared…`, read in the corpus) are not labels.
fn count_labels(text: &str) -> usize {
    let label = Regex::new(r"^\s*(?:(\p{Lu}[\p{Lu}.’'\-]*(?:\s+\p{Lu}[\p{Lu}.’'\-]*)*):|Q\s)").unwrap();
    let body = text.split_once("\n---\n").map_or(text, |(_, body)| body);
    body.lines()
        .filter_map(|l| label.captures(l))
        .filter(|c| !matches!(c.get(1).map(|m| m.as_str()), Some("NATO" | "SWIFT" | "COVID" | "NSM" | "NSC")))
        .count()
}

#[test]
fn white_house_briefings() {
    let root = shared().join("corpora/wh-press-briefings");
    let paths: Vec<_> = WH.iter().map(|p| root.join(p)).collect();
    let args: Vec<&std::path::Path> = paths.iter().map(|p| p.as_path()).collect();
    let out = tempfile::tempdir().unwrap();
    run_ok(&args, out.path(), &[]);
    let docs = table(out.path(), "documents");
    let turns = table(out.path(), "turns");
    assert_eq!(docs.len(), 3);
    assert!(table(out.path(), "errors").is_empty());
    for d in &docs {
        assert_eq!(d["kind"], "transcript");
        assert_eq!(d["source"], "White House");
        let text = std::fs::read_to_string(&d["path"]).unwrap();
        let n = turns.iter().filter(|t| t["doc_id"] == d["doc_id"]).count();
        assert_eq!(n, count_labels(&text), "turn count of {}", d["path"]);
    }
    let first = docs.iter().find(|d| d["path"].contains("2021-03-01")).unwrap();
    assert_eq!(first["date"], "2021-03-01");
    assert_eq!(first["year"], "2021");
    assert_eq!(
        first["title"],
        "Press Briefing by Press Secretary Jen Psaki and Secretary of Homeland Security Alejandro Mayorkas"
    );
    assert!(first["url"].starts_with("https://"));
    let of_doc: Vec<_> = turns.iter().filter(|t| t["doc_id"] == first["doc_id"]).collect();
    let psaki = of_doc.iter().find(|t| t["speaker"] == "MS. PSAKI").unwrap();
    assert_eq!((psaki["speaker_name"].as_str(), psaki["actor"].as_str()), ("Jen Psaki", "USA"));
    assert!(
        psaki["text"].starts_with("Okay. Today, we have a very special guest, Homeland Security Secretary Mayorkas.")
    );
    let mayorkas = of_doc.iter().find(|t| t["speaker"] == "SECRETARY MAYORKAS").unwrap();
    assert_eq!((mayorkas["speaker_name"].as_str(), mayorkas["actor"].as_str()), ("Alejandro Mayorkas", "USA"));
    assert!(of_doc.iter().filter(|t| t["speaker"] == "Q").all(|t| t["kind"] == "question" && t["actor"].is_empty()));
    let last = of_doc.last().unwrap();
    assert_eq!(last["text"], "Thank you, everyone.");
    let sullivan = turns.iter().find(|t| t["speaker"] == "MR. SULLIVAN").unwrap();
    assert_eq!((sullivan["speaker_name"].as_str(), sullivan["actor"].as_str()), ("Jake Sullivan", "USA"));
    let official = turns.iter().find(|t| t["speaker"] == "SENIOR ADMINISTRATION OFFICIAL").unwrap();
    assert_eq!(official["actor"], "USA");
    assert_spans_slice_files(&docs, &turns);
    assert_spans_slice_files(&docs, &table(out.path(), "sentences"));
}

#[test]
fn un_general_debate_speeches() {
    let root = shared().join("corpora/un-general-debate");
    let files = ["2019/PRK_74_2019.txt", "2019/USA_74_2019.txt", "2003/FRA_58_2003.txt"];
    let paths: Vec<_> = files.iter().map(|p| root.join(p)).collect();
    let args: Vec<&std::path::Path> = paths.iter().map(|p| p.as_path()).collect();
    let out = tempfile::tempdir().unwrap();
    run_ok(&args, out.path(), &[]);
    let docs = table(out.path(), "documents");
    let turns = table(out.path(), "turns");
    assert!(table(out.path(), "errors").is_empty());
    let speakers = speakers_csv();
    for (file, d) in files.iter().zip(sorted_by_path(&docs, &paths)) {
        let (iso, year) = (&file[5..8], &file[..4]);
        assert_eq!(d["kind"], "speech");
        assert_eq!(d["source"], "UN General Debate");
        assert_eq!(d["actor"], iso);
        assert_eq!(d["year"], year);
        let t: Vec<_> = turns.iter().filter(|t| t["doc_id"] == d["doc_id"]).collect();
        assert_eq!(t.len(), 1, "{file}: one speech turn");
        assert_eq!(t[0]["kind"], "speech");
        assert_eq!(t[0]["actor"], iso);
        let text = std::fs::read_to_string(root.join(file)).unwrap();
        assert_eq!(t[0]["text"], normalize(&text));
        if let Some(name) = speakers.get(&(year.to_string(), iso.to_string())) {
            assert_eq!(&t[0]["speaker"], name, "{file}");
        }
    }
    let usa = turns.iter().find(|t| t["actor"] == "USA").unwrap();
    assert_eq!((usa["speaker"].as_str(), usa["speaker_name"].as_str()), ("Mr. Donald Trump", "Donald Trump"));
    let prk = turns.iter().find(|t| t["actor"] == "PRK").unwrap();
    assert_eq!((prk["speaker"].as_str(), prk["speaker_name"].as_str()), ("Mr. Kim Song", "Kim Song"));
    assert_spans_slice_files(&docs, &turns);
}

fn sorted_by_path<'a>(
    docs: &'a [HashMap<String, String>],
    paths: &[std::path::PathBuf],
) -> Vec<&'a HashMap<String, String>> {
    paths.iter().map(|p| docs.iter().find(|d| std::path::Path::new(&d["path"]) == p).unwrap()).collect()
}

fn speakers_csv() -> HashMap<(String, String), String> {
    let mut r = csv::ReaderBuilder::new()
        .flexible(true)
        .from_path(shared().join("corpora/un-general-debate/speakers.csv"))
        .unwrap();
    let mut m = HashMap::new();
    for rec in r.records().flatten() {
        m.entry((rec[0].trim().to_string(), rec[2].trim().to_string())).or_insert_with(|| rec[4].trim().to_string());
    }
    m
}

/// Both whole corpora run without a single error row; every White House briefing with
/// labelled turns yields exactly the independently counted number of turns; every UN
/// speech is one speech turn by the delegation its file name gives.
#[test]
fn whole_corpora_run_clean() {
    let out = tempfile::tempdir().unwrap();
    let wh = shared().join("corpora/wh-press-briefings");
    let un = shared().join("corpora/un-general-debate");
    run_text_only(&[&wh, &un], out.path(), &[]);
    assert!(table(out.path(), "errors").is_empty());
    let docs = table(out.path(), "documents");
    assert_eq!(docs.iter().filter(|d| d["kind"] == "transcript").count(), 1154);
    assert_eq!(docs.iter().filter(|d| d["kind"] == "speech").count(), 4793);
    let mut per_doc: HashMap<String, usize> = HashMap::new();
    let turns = table(out.path(), "turns");
    for t in &turns {
        *per_doc.entry(t["doc_id"].clone()).or_default() += 1;
    }
    let (mut labelled, mut expected) = (0, 0);
    for d in docs.iter().filter(|d| d["kind"] == "transcript") {
        let n = count_labels(&std::fs::read_to_string(&d["path"]).unwrap());
        if n > 0 {
            assert_eq!(per_doc[&d["doc_id"]], n, "{}", d["path"]);
            labelled += per_doc[&d["doc_id"]];
            expected += n;
        }
    }
    assert_eq!(labelled, expected);
    for d in docs.iter().filter(|d| d["kind"] == "speech") {
        let name = std::path::Path::new(&d["path"]).file_name().unwrap().to_string_lossy().to_string();
        assert_eq!(per_doc[&d["doc_id"]], 1, "{name}");
        assert_eq!(d["actor"], name[..name.find('_').unwrap()], "{name}");
        assert_eq!(d["year"], name[name.len() - 8..name.len() - 4], "{name}");
    }
}
