//! Scores the extractor on a PolNeAR split:
//! `cargo run --release -p demarche-quotes --example polnear -- ../shared/data/polnear/train [MAX_DOCS] [--findings]`.

use std::path::Path;

use demarche_actors::Registry;
use demarche_quotes::eval::evaluate_with_findings;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(dir) = args.first() else {
        eprintln!("usage: polnear SPLIT_DIR [MAX_DOCS] [--findings]");
        std::process::exit(2);
    };
    let max = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(usize::MAX);
    let registry = Registry::builtin()?;
    let (report, findings) = evaluate_with_findings(Path::new(dir), &registry, max)?;
    if args.iter().any(|a| a == "--findings") {
        for f in &findings {
            println!("## {}", f.file.display());
            for (u, s, g) in &f.wrong_speakers {
                println!("SPEAKER ours={s:?} gold={g:?} | {}", u.replace('\n', " "));
            }
            for (u, s, g) in &f.wrong_names {
                println!("NAME ours={s:?} gold={g:?} | {}", u.replace('\n', " "));
            }
            for m in &f.missed {
                println!("MISSED | {}", m.replace('\n', " "));
            }
            for s in &f.spurious {
                println!("SPURIOUS | {}", s.replace('\n', " "));
            }
        }
    }
    println!("{report}");
    Ok(())
}
