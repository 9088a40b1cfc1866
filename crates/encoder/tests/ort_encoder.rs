//! The ONNX Runtime encoder against candle on the base model, and its loading errors. Needs
//! what `just models` fetches (the base model, its encoder.onnx, models/onnxruntime); skipped,
//! with the reason printed, when they are absent.

use std::path::{Path, PathBuf};

use demarche_encoder::{encode_tokens, Precision, Runtime, SentenceEncoder, ONNX_FILE, ONNX_INT8_FILE};

fn models() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../models")
}

fn ort_runtime(threads: usize) -> Option<Runtime> {
    ort_runtime_in(threads, Precision::Fp32)
}

fn ort_runtime_in(threads: usize, precision: Precision) -> Option<Runtime> {
    let library = models().join("onnxruntime/libonnxruntime.so.1.32.0");
    let export = models().join("all-minilm-l6-v2").join(precision.file_name());
    for p in [&library, &export] {
        if !p.exists() {
            eprintln!("SKIPPED: {} is absent; run `just models`", p.display());
            return None;
        }
    }
    Some(Runtime::Ort { library, threads, precision })
}

const TEXTS: [&str; 4] = [
    "Ambassador Sung Kim met Wu Dawei in Beijing, China.",
    "Kim’s visit — 이 é.",
    "The DPRK must abandon its nuclear programme.",
    "We remain open to dialogue without preconditions.",
];

#[test]
fn ort_states_match_candle_and_do_not_depend_on_the_batch() {
    let Some(runtime) = ort_runtime(2) else { return };
    let dir = models().join("all-minilm-l6-v2");
    let ort = SentenceEncoder::load_with(&dir, &runtime).unwrap();
    let candle = SentenceEncoder::load(&dir).unwrap();
    let tokens = ort.tokenizer.encode_all(&TEXTS).unwrap();
    let a = encode_tokens(ort.encoder.as_ref(), &ort.tokenizer, &tokens, &ort.options).unwrap();
    let b = encode_tokens(candle.encoder.as_ref(), &candle.tokenizer, &tokens, &candle.options).unwrap();
    for (x, y) in a.iter().zip(&b) {
        let diff = x.tokens.iter().zip(&y.tokens).map(|(p, q)| (p - q).abs()).fold(0f32, f32::max);
        assert!(diff < 1e-4, "token states differ by {diff}");
        assert_eq!(x.len(), y.len());
    }
    // Eight copies of one sequence in a batch, in batches of 3, and alone: identical bits.
    let mut ids = vec![ort.tokenizer.cls_id];
    ids.extend_from_slice(&tokens[2].ids);
    ids.push(ort.tokenizer.sep_id);
    let eight: Vec<&[u32]> = vec![&ids; 8];
    let together = ort.encoder.forward(&eight, 0).unwrap();
    let threes: Vec<Vec<f32>> = eight.chunks(3).flat_map(|c| ort.encoder.forward(c, 0).unwrap()).collect();
    let alone = ort.encoder.forward(&[&ids], 0).unwrap();
    assert_eq!(together, threes);
    assert_eq!(together[7], alone[0]);
    // Mixed lengths in one call are split into runs of one length, in input order.
    let short = &ids[..5];
    let mixed = ort.encoder.forward(&[&ids, short, &ids], 0).unwrap();
    assert_eq!(mixed[0], alone[0]);
    assert_eq!(mixed[2], alone[0]);
    assert_eq!(mixed[1], ort.encoder.forward(&[short], 0).unwrap()[0]);
    // Embeddings, as the stance stage reads them.
    let e = ort.embed(&TEXTS).unwrap();
    let f = candle.embed(&TEXTS).unwrap();
    for (x, y) in e.iter().zip(&f) {
        assert!(x.iter().zip(y).all(|(p, q)| (p - q).abs() < 1e-6));
    }
}

#[test]
fn int8_states_do_not_depend_on_the_batch_and_stay_near_fp32() {
    let (Some(int8), Some(fp32)) = (ort_runtime_in(2, Precision::Int8), ort_runtime(2)) else { return };
    let dir = models().join("all-minilm-l6-v2");
    let q = SentenceEncoder::load_with(&dir, &int8).unwrap();
    let f = SentenceEncoder::load_with(&dir, &fp32).unwrap();
    let tokens = q.tokenizer.encode_all(&TEXTS).unwrap();
    // Four different sentences cut to one length: batch-mates with other activations, which
    // would move a per-tensor activation scale (ORT's dynamic quantisation) but not per-row ones.
    let n = tokens.iter().map(|t| t.ids.len()).min().unwrap();
    let seqs: Vec<Vec<u32>> = tokens
        .iter()
        .map(|t| {
            let mut s = vec![q.tokenizer.cls_id];
            s.extend_from_slice(&t.ids[..n]);
            s.push(q.tokenizer.sep_id);
            s
        })
        .collect();
    let all: Vec<&[u32]> = seqs.iter().map(Vec::as_slice).collect();
    let together = q.encoder.forward(&all, 0).unwrap();
    for (i, s) in all.iter().enumerate() {
        let alone = q.encoder.forward(&[s], 0).unwrap();
        assert!(together[i] == alone[0], "sentence {i}: int8 states differ alone and in a batch");
        let reversed: Vec<&[u32]> = all.iter().rev().copied().collect();
        assert!(q.encoder.forward(&reversed, 0).unwrap()[3 - i] == alone[0], "sentence {i}: batch order");
        let pair = q.encoder.forward(&[s, all[(i + 1) % 4]], 0).unwrap();
        assert!(pair[0] == alone[0], "sentence {i}: in a pair");
    }
    // Not fp32's numbers (the int8 export ran), but near them.
    let exact = f.encoder.forward(&all, 0).unwrap();
    assert!(together != exact, "int8 states equal fp32's: the int8 export did not run");
    let e = q.embed(&TEXTS).unwrap();
    let g = f.embed(&TEXTS).unwrap();
    for (x, y) in e.iter().zip(&g) {
        let cosine: f32 = x.iter().zip(y).map(|(p, q)| p * q).sum();
        assert!(cosine > 0.99, "pooled cosine {cosine}");
    }
    // Embeddings through windows and sorting: the same alone as among the others.
    let one = q.embed(&TEXTS[2..3]).unwrap();
    assert!(one[0] == e[2]);
}

#[test]
fn an_export_of_the_other_precision_is_refused() {
    let Some(int8) = ort_runtime_in(1, Precision::Int8) else { return };
    let fp32 = models().join("all-minilm-l6-v2").join(ONNX_FILE);
    // The fp32 export under the int8 name, with its own sha256: intact, but not int8.
    let d = folder_with(None);
    link_export(d.path(), &fp32, ONNX_INT8_FILE);
    let e = SentenceEncoder::load_with(d.path(), &int8).err().unwrap().to_string();
    assert_eq!(
        e,
        format!(
            "{}: bad weights: exported in fp32, where int8 is asked for: run `just models` to export it again",
            d.path().join(ONNX_INT8_FILE).display()
        )
    );
    // No int8 export: the error names the file and both ways out.
    let d = folder_with(Some(&fp32));
    let e = SentenceEncoder::load_with(d.path(), &int8).err().unwrap().to_string();
    assert_eq!(
        e,
        format!(
            "encoder failed: {}: missing (encoder.precision = \"int8\" needs the int8 ONNX export of model.safetensors: run `just models`, or set encoder.precision = \"fp32\")",
            d.path().join(ONNX_INT8_FILE).display()
        )
    );
}

/// A model folder that is the base model with `encoder.onnx` replaced by `onnx` and its
/// recorded sha256 by `onnx`'s (`None`: no export), the rest linked.
fn folder_with(onnx: Option<&Path>) -> tempfile::TempDir {
    let d = tempfile::tempdir().unwrap();
    let base = models().join("all-minilm-l6-v2");
    for f in ["config.json", "tokenizer.json", "model.safetensors", "vocab.txt", "demarche-model.toml"] {
        std::os::unix::fs::symlink(base.join(f), d.path().join(f)).unwrap();
    }
    if let Some(p) = onnx {
        link_export(d.path(), p, ONNX_FILE);
    }
    d
}

/// Links the export `onnx` and the sha256 recorded beside it into `dir` as `name`.
fn link_export(dir: &Path, onnx: &Path, name: &str) {
    std::os::unix::fs::symlink(onnx, dir.join(name)).unwrap();
    let side = format!("{}.sha256", onnx.display());
    std::os::unix::fs::symlink(side, dir.join(format!("{name}.sha256"))).unwrap();
}

#[test]
fn a_missing_or_stale_export_is_refused_naming_it() {
    let Some(runtime) = ort_runtime(1) else { return };
    let d = folder_with(None);
    let e = SentenceEncoder::load_with(d.path(), &runtime).err().unwrap().to_string();
    assert_eq!(
        e,
        format!(
            "encoder failed: {}: missing (the ort runtime needs the ONNX export of model.safetensors: run `just models`, or set encoder.runtime = \"candle\")",
            d.path().join(ONNX_FILE).display()
        )
    );
    // The NER model's export beside the base model's weights: made from other weights.
    let other = models().join("ner-conll-minilm").join(ONNX_FILE);
    if !other.exists() {
        eprintln!("SKIPPED: {} is absent; run `just models`", other.display());
        return;
    }
    let d = folder_with(Some(&other));
    let e = SentenceEncoder::load_with(d.path(), &runtime).err().unwrap().to_string();
    assert_eq!(
        e,
        format!(
            "{}: bad weights: exported from weights with sha256 97d48a6c75f6347e902d3d6c4121e424cdf298a8001484c2bba2a8115010609b, but the card's model.safetensors has 53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db: run `just models` to export it again",
            d.path().join(ONNX_FILE).display()
        )
    );
}

#[test]
fn a_damaged_or_corrupt_export_is_an_error_naming_it() {
    let Some(runtime) = ort_runtime(1) else { return };
    let t = tempfile::tempdir().unwrap();
    let original = models().join("all-minilm-l6-v2").join(ONNX_FILE);
    let recorded = std::fs::read_to_string(format!("{}.sha256", original.display())).unwrap();
    let recorded = recorded.split_whitespace().next().unwrap().to_string();
    let mut bytes = std::fs::read(&original).unwrap();
    // One flipped bit in the weights: ONNX Runtime would load it and compute other numbers.
    let flipped = t.path().join("flipped.onnx");
    let middle = bytes.len() / 2;
    bytes[middle] ^= 1;
    std::fs::write(&flipped, &bytes).unwrap();
    std::fs::write(format!("{}.sha256", flipped.display()), format!("{recorded}  encoder.onnx\n")).unwrap();
    let d = folder_with(Some(&flipped));
    let e = SentenceEncoder::load_with(d.path(), &runtime).err().unwrap().to_string();
    let actual = demarche_encoder::store::sha256_file(&flipped).unwrap();
    assert_eq!(
        e,
        format!(
            "{}: bad weights: sha256 {actual} does not match the {recorded} recorded at export; the file is corrupt or was replaced: run `just models` to export it again",
            d.path().join(ONNX_FILE).display()
        )
    );
    // A cut file whose recorded sha256 is its own: ONNX Runtime refuses it.
    let cut = t.path().join("cut.onnx");
    std::fs::write(&cut, &bytes[..bytes.len() / 3]).unwrap();
    let own = demarche_encoder::store::sha256_file(&cut).unwrap();
    std::fs::write(format!("{}.sha256", cut.display()), format!("{own}  encoder.onnx\n")).unwrap();
    let d = folder_with(Some(&cut));
    let e = SentenceEncoder::load_with(d.path(), &runtime).err().unwrap().to_string();
    let prefix = format!("{}: bad weights: ", d.path().join(ONNX_FILE).display());
    assert!(e.starts_with(&prefix) && !e.contains("recorded at export"), "{e}");
}
