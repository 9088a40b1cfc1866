//! The candle encoder on the downloaded base model (`just models`). Skipped, with the
//! reason printed, when models/all-minilm-l6-v2 is absent.

use std::path::PathBuf;

use demarche_encoder::{encode_tokens, window, RunOptions, SentenceEncoder};

fn base() -> Option<SentenceEncoder> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../models/all-minilm-l6-v2");
    if !dir.join("demarche-model.toml").exists() {
        eprintln!("SKIPPED: {} is absent; run `just models`", dir.display());
        return None;
    }
    Some(SentenceEncoder::load(&dir).expect("base encoder loads"))
}

const SEED: &str = "Ambassador Sung Kim met Wu Dawei in Beijing, China.";
const ODD: &str = "Kim’s visit — 이 é.";

#[test]
fn embeddings_match_pytorch() {
    let Some(m) = base() else { return };
    // First six dimensions from transformers 4.46.3 / torch 2.4.0 (mean pooling, L2 norm).
    let expected: [(&str, [f32; 6]); 2] = [
        (SEED, [-0.057317, 0.128972, 0.02523, 0.069541, -0.030836, -0.069424]),
        (ODD, [0.007605, 0.125164, 0.118827, 0.006075, 0.00675, -0.090089]),
    ];
    let got = m.embed(&[SEED, ODD]).unwrap();
    for ((text, want), v) in expected.iter().zip(&got) {
        assert_eq!(v.len(), 384);
        let norm: f32 = v.iter().map(|x| x * x).sum::<f32>().sqrt();
        assert!((norm - 1.0).abs() < 1e-5);
        for (a, b) in v.iter().zip(want) {
            assert!((a - b).abs() < 1e-5, "{text}: {:?} vs {want:?}", &v[..6]);
        }
    }
}

#[test]
fn padding_and_truncation_of_the_tokenizer_file_are_off() {
    let Some(m) = base() else { return };
    let long = "word ".repeat(300);
    let t = m.tokenizer.encode(&long).unwrap();
    assert_eq!(t.len(), 300, "not truncated at 128");
    assert_eq!(m.tokenizer.encode("hi").unwrap().len(), 1, "not padded to 128");
}

#[test]
fn results_do_not_depend_on_batch_size_or_threads() {
    let Some(mut m) = base() else { return };
    let texts: Vec<String> = (0..23).map(|i| format!("{} {SEED} {}", "Pyongyang said ".repeat(i % 7), i)).collect();
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    m.options.batch_size = 1;
    let one = m.embed(&refs).unwrap();
    for (bs, threads) in [(4, 1), (32, 2), (7, 2)] {
        m.options.batch_size = bs;
        let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
        let other = pool.install(|| m.embed(&refs)).unwrap();
        for (a, b) in one.iter().zip(&other) {
            let diff = a.iter().zip(b).map(|(x, y)| (x - y).abs()).fold(0f32, f32::max);
            assert!(diff < 1e-5, "batch {bs}, {threads} threads: max difference {diff}");
        }
    }
}

#[test]
fn long_inputs_are_windowed_not_truncated() {
    let Some(mut m) = base() else { return };
    let long = format!("{} {SEED}", "The talks in Beijing went on. ".repeat(120));
    let tokens = m.tokenizer.encode_all(&[&long]).unwrap();
    let n = tokens[0].len();
    assert!(n > 700, "longer than 512 positions: {n}");
    let full = encode_tokens(m.encoder.as_ref(), &m.tokenizer, &tokens, &m.options).unwrap();
    assert_eq!(full[0].len(), n, "every token gets a state");
    // Each token's state is the one its owning window computes on its own.
    let small = RunOptions { max_tokens: Some(64), overlap: 16, ..m.options };
    let merged = encode_tokens(m.encoder.as_ref(), &m.tokenizer, &tokens, &small).unwrap();
    let windows = window::plan(n, 62, 16);
    assert!(windows.len() > 10);
    for w in [windows[0], windows[windows.len() / 2], *windows.last().unwrap()] {
        let mut ids = vec![m.tokenizer.cls_id];
        ids.extend_from_slice(&tokens[0].ids[w.start..w.end]);
        ids.push(m.tokenizer.sep_id);
        let direct = m.encoder.forward(&[&ids], m.tokenizer.pad_id).unwrap().remove(0);
        for t in w.own_start..w.own_end {
            let row = &direct[(t - w.start + 1) * 384..(t - w.start + 2) * 384];
            let diff = row.iter().zip(merged[0].row(t)).map(|(a, b)| (a - b).abs()).fold(0f32, f32::max);
            assert!(diff < 1e-4, "token {t} of window {w:?}: {diff}");
        }
    }
    m.options = small;
    let emb = m.embed(&[&long]).unwrap();
    assert!((emb[0].iter().map(|x| x * x).sum::<f32>() - 1.0).abs() < 1e-4);
}
