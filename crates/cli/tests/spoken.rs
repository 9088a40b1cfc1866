//! Spoken text with the shipped NER model: hesitations ("um", "mhm", "Uh") and punctuation
//! are never entities nor an entity's edge, while the names around them still are.

mod common;

use common::*;

const SPOKEN: &str = "MR. PRICE: Um, well, uh, I think — mhm — the talks, oh, will resume in Genève. Uh-huh.

QUESTION: Uh, and Pyongyang? Hmm. Er, ah, Mm-hmm — what about Seoul, um?

MR. PRICE: Yeah, yeah. Oh, look, uh, Secretary Blinken — ah — spoke with Foreign Minister Park Jin. Okay? Um... Right. Uh, Ned Price, um, signing off. Ha!
";

#[test]
fn fillers_and_punctuation_are_never_names() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("spoken.txt");
    std::fs::write(&file, SPOKEN).unwrap();
    run_ok(&[&file], &dir.path().join("run"), &[]);
    let entities = table(&dir.path().join("run"), "entities");
    let fillers = ["um", "uh", "mhm", "hmm", "er", "ah", "oh", "uh-huh", "mm-hmm", "ha", "yeah", "okay"];
    for e in &entities {
        let text = e["text"].as_str();
        let words: Vec<String> =
            text.split_whitespace().map(|w| w.trim_matches(['.', ',', '?', '!']).to_lowercase()).collect();
        assert!(!fillers.contains(&words[words.len() - 1].as_str()), "{text:?} ends in a filler");
        assert!(text.starts_with(char::is_alphanumeric) && text.ends_with(char::is_alphanumeric), "{text:?}");
    }
    let names: Vec<&str> = entities.iter().map(|e| e["text"].as_str()).collect();
    for name in ["Pyongyang", "Seoul", "Blinken", "Park Jin"] {
        assert!(names.contains(&name), "{name} not in {names:?}");
    }
}
