//! Prints the turns the extractor finds in news files:
//! `cargo run --release -p demarche-quotes --example quotes -- FILE [DATE]`.

use demarche_actors::Registry;
use demarche_core::{normalize_ws, Document, Meta, TurnKind};
use demarche_quotes::QuoteExtractor;
use demarche_segment::{NewsSegmenter, Segmenter};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(path) = args.first() else {
        eprintln!("usage: quotes FILE [DATE]");
        std::process::exit(2);
    };
    let text = std::fs::read_to_string(path)?;
    let meta = Meta { date: args.get(1).cloned(), ..Meta::default() };
    let doc = Document {
        id: "x".into(),
        path: path.clone(),
        sha256: String::new(),
        encoding: "utf-8".into(),
        text,
        body_start: 0,
        meta,
    };
    let registry = Registry::builtin()?;
    let paras: Vec<_> = NewsSegmenter::default().segment(&doc).turns.iter().map(|t| t.span).collect();
    for t in QuoteExtractor::new(&registry).extract(&doc, &paras) {
        let text = normalize_ws(t.span.slice(&doc.text));
        if t.kind == TurnKind::Narration {
            println!("  narration | {text}");
        } else {
            println!(
                "{} {:<8} {:<6} g{} | {:?} → {:?} / {:?} [{:?}] | {text}",
                if t.kind == TurnKind::Question { "Q" } else { ">" },
                t.mode.map(|m| m.as_str()).unwrap_or(""),
                t.actor.as_deref().unwrap_or("-"),
                t.group.unwrap_or(0),
                t.speaker.as_deref().unwrap_or(""),
                t.speaker_name.as_deref().unwrap_or(""),
                t.actor.as_deref().unwrap_or(""),
                t.role.as_deref().unwrap_or(""),
            );
        }
    }
    Ok(())
}
