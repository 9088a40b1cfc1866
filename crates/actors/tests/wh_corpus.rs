//! Speaker labels of the White House press briefings corpus (../shared, when present).

use std::path::Path;

use demarche_actors::{Registry, SpeakerQuery};

/// Labels of procedural voices, which resolve to nobody on purpose.
const NOBODY: &[&str] =
    &["MODERATOR", "OPERATOR", "AIDE", "PARTICIPANT", "AUDIENCE MEMBER", "AIR FORCE ONE CREW MEMBER", "Q"];

#[test]
fn labelled_turns_of_the_briefings_resolve() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpora/wh-press-briefings");
    let Ok(months) = std::fs::read_dir(&root) else {
        eprintln!("skipped: {} is not here", root.display());
        return;
    };
    let r = Registry::builtin().unwrap();
    let (mut turns, mut named) = (0usize, 0usize);
    let mut foreign = std::collections::BTreeSet::new();
    for month in months.flatten() {
        for file in std::fs::read_dir(month.path()).unwrap().flatten() {
            let text = std::fs::read_to_string(file.path()).unwrap();
            let date =
                text.lines().find_map(|l| l.strip_prefix("date: ")).map(|d| d.trim().trim_matches('\'').to_string());
            for line in text.lines() {
                let Some((label, _)) = line.trim_start().split_once(':') else {
                    continue;
                };
                let is_label = label.len() > 1
                    && label.chars().any(|c| c.is_alphabetic())
                    && label.chars().all(|c| c.is_uppercase() || " .’'-".contains(c));
                if !is_label || NOBODY.contains(&label) {
                    continue;
                }
                let res = r.resolve_speaker(&SpeakerQuery {
                    label,
                    people: &[],
                    date: date.as_deref(),
                    doc_actor: Some("USA"),
                });
                turns += 1;
                // Either a named person or an unnamed official of the White House.
                if res.name.is_some() || res.actor.as_deref() == Some("USA") {
                    named += 1;
                }
                if let Some(a) = res.actor.filter(|a| a != "USA" && a != "OTHER") {
                    foreign.insert(format!("{label} → {a}"));
                }
            }
        }
    }
    let share = named as f64 / turns as f64;
    eprintln!("{named} of {turns} labelled turns resolve ({:.2} %)", 100.0 * share);
    assert!(turns > 60_000, "only {turns} labelled turns");
    assert!(share > 0.98, "only {named} of {turns} labelled turns resolve");
    // Guests of joint appearances speak for their own side.
    let guests: Vec<&str> = foreign.iter().map(String::as_str).collect();
    assert_eq!(guests, ["MR. MICHEL → EU", "PRIME MINISTER KISHIDA → JPN", "SECRETARY GENERAL STOLTENBERG → NATO"]);
}
