//! `just bench-ner`: sentences per second of the Rust NER over White House briefing
//! sentences (the segmenter's sentences of the first files, in path order), with each
//! sentence's mean-pooled embedding from the same encoder pass (what the stance heads read),
//! on each encoder runtime: ONNX Runtime (when `just models` has fetched it) in fp32 and,
//! where the model folder has `encoder-int8.onnx`, int8; and candle.
//! With DUMP_DIR, writes `sentences.txt` (one per line), `embeddings.f32` (little-endian, one
//! row of `hidden` floats per sentence, from the first runtime), `embeddings-RUNTIME.f32` and
//! `rust.json` (the rates) there, for recipes/bench_python.py to compare.
//!
//!     cargo run --release -p demarche-ner --example bench_ner -- MODEL_DIR CORPUS_DIR [N] [THREADS] [DUMP_DIR]

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use demarche_core::Span;
use demarche_encoder::{Precision, Runtime};
use demarche_segment::{RuleSplitter, SentenceSplitter};

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else { return };
    let mut entries: Vec<PathBuf> = rd.flatten().map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            files(&p, out);
        } else if p.extension().is_some_and(|e| e == "md") {
            out.push(p);
        }
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() < 2 {
        eprintln!("usage: bench_ner MODEL_DIR CORPUS_DIR [N=2000] [THREADS=2] [DUMP_DIR]");
        return ExitCode::from(2);
    }
    let n: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(2000);
    let threads: usize = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(2);
    let mut paths = Vec::new();
    files(Path::new(&args[1]), &mut paths);
    // Documents and their sentences (front matter skipped), until n sentences.
    let mut docs: Vec<(String, Vec<Span>)> = Vec::new();
    let mut count = 0;
    for p in paths {
        if count >= n {
            break;
        }
        let Ok(text) = std::fs::read_to_string(&p) else { continue };
        let body = text.strip_prefix("---").and_then(|r| r.find("\n---").map(|i| i + 7)).unwrap_or(0).min(text.len());
        let body = if text.is_char_boundary(body) { body } else { 0 };
        let mut spans = RuleSplitter.split(&text, Span::new(body, text.len()));
        spans.truncate(n - count);
        count += spans.len();
        docs.push((text, spans));
    }
    let input: Vec<(&str, Span)> = docs.iter().flat_map(|(t, s)| s.iter().map(move |&sp| (t.as_str(), sp))).collect();
    let mut runtimes = vec![Runtime::Candle];
    match Runtime::ort_from(Path::new("models/onnxruntime"), threads, Precision::Fp32) {
        Ok((ort, _)) => {
            // The int8 export too, where `just models` has written it.
            if let (Runtime::Ort { library, .. }, true) =
                (&ort, Path::new(&args[0]).join(Precision::Int8.file_name()).is_file())
            {
                runtimes.insert(0, Runtime::Ort { library: library.clone(), threads, precision: Precision::Int8 });
            }
            runtimes.insert(0, ort);
        }
        Err(e) => eprintln!("no ONNX Runtime ({e}): candle only"),
    }
    let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().expect("thread pool");
    let lines: Vec<String> = input.iter().map(|(t, s)| demarche_core::normalize_ws(s.slice(t))).collect();
    let words: usize = lines.iter().map(|l| l.split_whitespace().count()).sum();
    let mut rates = Vec::new();
    let mut first: Option<Vec<Vec<f32>>> = None;
    for runtime in &runtimes {
        let model = match demarche_ner::NerModel::load_with(Path::new(&args[0]), runtime) {
            Ok(m) => m,
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::FAILURE;
            }
        };
        let started = Instant::now();
        let result = pool.install(|| model.predict_embed(&input, true));
        let secs = started.elapsed().as_secs_f64();
        let (ents, emb) = match result {
            Ok(r) => r,
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::FAILURE;
            }
        };
        let rate = input.len() as f64 / secs;
        let n_ents: usize = ents.iter().map(Vec::len).sum();
        let diff = first.as_ref().map_or(0.0, |f| {
            f.iter().flatten().zip(emb.iter().flatten()).map(|(a, b)| (a - b).abs()).fold(0f32, f32::max)
        });
        println!(
            "{:<8} {} sentences ({words} words), {n_ents} entities, {secs:.1} s on {threads} threads: {rate:.0} sentences/s, {:.0} words/s{}",
            runtime.label(),
            input.len(),
            words as f64 / secs,
            if first.is_some() { format!("; embeddings within {diff:.1e} of the first runtime's") } else { String::new() }
        );
        let round = |x: f64, places: i32| (x * 10f64.powi(places)).round() / 10f64.powi(places);
        rates.push((
            runtime.label(),
            serde_json::json!({"seconds": round(secs, 2), "sentences_per_s": round(rate, 1), "max_abs_diff": diff}),
        ));
        if let Some(dir) = args.get(4).map(Path::new) {
            let bytes: Vec<u8> = emb.iter().flatten().flat_map(|x| x.to_le_bytes()).collect();
            let mut written = std::fs::create_dir_all(dir)
                .and_then(|_| std::fs::write(dir.join(format!("embeddings-{}.f32", runtime.label())), &bytes));
            if first.is_none() {
                written = written.and_then(|_| std::fs::write(dir.join("embeddings.f32"), &bytes));
            }
            if let Err(e) = written {
                eprintln!("error: {}: {e}", dir.display());
                return ExitCode::FAILURE;
            }
        }
        first.get_or_insert(emb);
    }
    if let Some(dir) = args.get(4).map(Path::new) {
        // `sentences_per_s`: the first runtime's, ort fp32 when ONNX Runtime is present (PyTorch's fp32
        // states are compared with its); `runtimes` has int8's (the default) too.
        let json = serde_json::json!({
            "sentences": input.len(),
            "threads": threads,
            "runtime": rates[0].0,
            "sentences_per_s": rates[0].1["sentences_per_s"],
            "runtimes": rates.iter().cloned().collect::<serde_json::Map<String, serde_json::Value>>(),
        });
        let written = std::fs::write(dir.join("sentences.txt"), lines.join("\n") + "\n")
            .and_then(|_| std::fs::write(dir.join("rust.json"), json.to_string() + "\n"));
        if let Err(e) = written {
            eprintln!("error: {}: {e}", dir.display());
            return ExitCode::FAILURE;
        }
    }
    ExitCode::SUCCESS
}
