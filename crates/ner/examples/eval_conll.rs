//! `just eval-ner`: scores the Rust NER on CoNLL files with gold tokens.
//!
//!     cargo run --release -p demarche-ner --example eval_conll -- MODEL_DIR FILE... [--json] [--ort DIR]
//!
//! With `--ort DIR` (a folder holding the ONNX Runtime library and its card, as `just models`
//! makes `models/onnxruntime`), the encoder runs on ONNX Runtime instead of candle.
//! With `--json`, one JSON line per file follows the tables (used by `just train-ner` to
//! put the Rust figures on the model card).

use std::path::Path;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let json = args.iter().any(|a| a == "--json");
    let ort = args.iter().position(|a| a == "--ort").and_then(|i| args.get(i + 1));
    let paths: Vec<&String> = args.iter().filter(|a| *a != "--json" && Some(*a) != ort && *a != "--ort").collect();
    let Some((model_dir, files)) = paths.split_first().filter(|(_, f)| !f.is_empty()) else {
        eprintln!("usage: eval_conll MODEL_DIR FILE... [--json] [--ort DIR]");
        return ExitCode::from(2);
    };
    let runtime = match ort.map(|dir| demarche_encoder::Runtime::ort_from(Path::new(dir), 2)) {
        None => demarche_encoder::Runtime::Candle,
        Some(Ok((r, _))) => r,
        Some(Err(e)) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let model = match demarche_ner::NerModel::load_with(Path::new(model_dir), &runtime) {
        Ok(m) => m,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    for file in files {
        match demarche_ner::eval::conll_with(&model, Path::new(file)) {
            Ok(r) => {
                println!("{r}");
                if json {
                    let per: Vec<String> = r.per_type.iter().map(|(t, p)| format!("\"{t}\": {:.2}", p.f1)).collect();
                    println!(
                        "{{\"file\": {:?}, \"f1\": {:.2}, \"precision\": {:.2}, \"recall\": {:.2}, \"per_type\": {{{}}}, \"sentences_per_s\": {:.1}}}",
                        file,
                        r.overall.f1,
                        r.overall.precision,
                        r.overall.recall,
                        per.join(", "),
                        r.sentences as f64 / r.seconds
                    );
                }
            }
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::FAILURE;
            }
        }
    }
    ExitCode::SUCCESS
}
