//! The zero-shot NLI method on tiny randomly initialised sequence classifiers that the
//! tests write (BERT and DeBERTa-v2/v3 layouts, a small WordPiece tokenizer). The weights
//! are random, so these check loading, tokenization, truncation, batching and the shape and
//! sanity of the probabilities, not their quality: no MNLI weights can be obtained here.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use candle_core::{Device, Tensor};
use demarche_encoder::store::sha256_file;
use demarche_stance::{Codebook, Error, ModelType, Nli, Scorer};
use serde_json::json;

const CODEBOOK: &str = r#"
version = "test-1"

[[target]]
name = "sanctions"
definition = "Economic sanctions on North Korea."
favor = "Calls for or defends sanctions."
against = "Opposes sanctions."
none = "Anything else."
keywords = ["sanction"]
[target.hypotheses]
favor = "They support sanctions."
against = "They oppose sanctions."

[[target]]
name = "dialogue"
definition = "Talks with North Korea."
favor = "Calls for talks."
against = "Rejects talks."
none = "Anything else."
[target.hypotheses]
favor = "They support talks with North Korea."
against = "They oppose talks."
"#;

const VOCAB: &[&str] = &[
    "[PAD]",
    "[UNK]",
    "[CLS]",
    "[SEP]",
    "[MASK]",
    "the",
    "united",
    "states",
    "north",
    "south",
    "korea",
    "china",
    "russia",
    "they",
    "we",
    "support",
    "supports",
    "oppose",
    "opposes",
    "sanctions",
    "sanction",
    "talks",
    "with",
    "dialogue",
    "nuclear",
    "peace",
    "will",
    "not",
    "minister",
    "foreign",
    "said",
    "kim",
    "visit",
    "is",
    "a",
    "to",
    "and",
    "of",
    "on",
    "e",
    ".",
    ",",
    "'",
    "s",
    "##s",
    "##ed",
    "##ing",
    "##ly",
    "pressure",
    "now",
];

const ODD: &str = "Kim’s visit — 이 é.";

fn codebook() -> Codebook {
    Codebook::parse(CODEBOOK, Path::new("codebook.toml")).unwrap()
}

/// A minimal BERT WordPiece `tokenizer.json`, with padding to 128 and truncation at 8
/// baked in, as many published tokenizer files have: the NLI method must turn both off.
fn tokenizer_json() -> serde_json::Value {
    let vocab: serde_json::Map<String, serde_json::Value> =
        VOCAB.iter().enumerate().map(|(i, t)| (t.to_string(), json!(i))).collect();
    let added: Vec<_> = VOCAB[..5]
        .iter()
        .enumerate()
        .map(|(i, t)| {
            json!({"id": i, "content": t, "single_word": false, "lstrip": false, "rstrip": false,
                   "normalized": false, "special": true})
        })
        .collect();
    let special = |t: &str, type_id: u32| json!({"SpecialToken": {"id": t, "type_id": type_id}});
    let seq = |id: &str, type_id: u32| json!({"Sequence": {"id": id, "type_id": type_id}});
    json!({
        "version": "1.0",
        "truncation": {"direction": "Right", "max_length": 8, "strategy": "LongestFirst", "stride": 0},
        "padding": {"strategy": {"Fixed": 128}, "direction": "Right", "pad_to_multiple_of": null,
                    "pad_id": 0, "pad_type_id": 0, "pad_token": "[PAD]"},
        "added_tokens": added,
        "normalizer": {"type": "BertNormalizer", "clean_text": true, "handle_chinese_chars": true,
                       "strip_accents": null, "lowercase": true},
        "pre_tokenizer": {"type": "BertPreTokenizer"},
        "post_processor": {
            "type": "TemplateProcessing",
            "single": [special("[CLS]", 0), seq("A", 0), special("[SEP]", 0)],
            "pair": [special("[CLS]", 0), seq("A", 0), special("[SEP]", 0), seq("B", 1), special("[SEP]", 1)],
            "special_tokens": {
                "[CLS]": {"id": "[CLS]", "ids": [2], "tokens": ["[CLS]"]},
                "[SEP]": {"id": "[SEP]", "ids": [3], "tokens": ["[SEP]"]}
            }
        },
        "decoder": {"type": "WordPiece", "prefix": "##", "cleanup": true},
        "model": {"type": "WordPiece", "unk_token": "[UNK]", "continuing_subword_prefix": "##",
                  "max_input_chars_per_word": 100, "vocab": vocab}
    })
}

const HIDDEN: usize = 32;
const INTERMEDIATE: usize = 64;
const LAYERS: usize = 2;
const POSITIONS: usize = 64;

fn id2label() -> serde_json::Value {
    json!({"0": "contradiction", "1": "neutral", "2": "entailment"})
}

fn bert_config() -> serde_json::Value {
    json!({
        "architectures": ["BertForSequenceClassification"],
        "model_type": "bert",
        "vocab_size": VOCAB.len(),
        "hidden_size": HIDDEN,
        "num_hidden_layers": LAYERS,
        "num_attention_heads": 2,
        "intermediate_size": INTERMEDIATE,
        "hidden_act": "gelu",
        "hidden_dropout_prob": 0.1,
        "attention_probs_dropout_prob": 0.1,
        "max_position_embeddings": POSITIONS,
        "type_vocab_size": 2,
        "initializer_range": 0.02,
        "layer_norm_eps": 1e-12,
        "pad_token_id": 0,
        "id2label": id2label(),
        "label2id": {"contradiction": 0, "neutral": 1, "entailment": 2}
    })
}

/// The DeBERTa-v3 shape of a DeBERTa-v2 config: relative attention with log buckets, shared
/// attention keys, no absolute positions and no token types.
fn deberta_config() -> serde_json::Value {
    json!({
        "architectures": ["DebertaV2ForSequenceClassification"],
        "model_type": "deberta-v2",
        "vocab_size": VOCAB.len(),
        "hidden_size": HIDDEN,
        "num_hidden_layers": LAYERS,
        "num_attention_heads": 2,
        "intermediate_size": INTERMEDIATE,
        "hidden_act": "gelu",
        "hidden_dropout_prob": 0.1,
        "attention_probs_dropout_prob": 0.1,
        "max_position_embeddings": POSITIONS,
        "type_vocab_size": 0,
        "initializer_range": 0.02,
        "layer_norm_eps": 1e-7,
        "relative_attention": true,
        "max_relative_positions": -1,
        "position_buckets": 16,
        "pad_token_id": 0,
        "position_biased_input": false,
        "pos_att_type": ["p2c", "c2p"],
        "share_att_key": true,
        "norm_rel_ebd": "layer_norm",
        "pooler_dropout": 0,
        "pooler_hidden_act": "gelu",
        "pooler_hidden_size": HIDDEN,
        "id2label": id2label(),
        "label2id": {"contradiction": 0, "neutral": 1, "entailment": 2}
    })
}

/// Deterministic pseudo-random values in [-scale, scale] (splitmix64 of a name and index).
fn values(name: &str, n: usize, scale: f32) -> Vec<f32> {
    let seed = name.bytes().fold(0x9E37_79B9_7F4A_7C15u64, |h, b| (h ^ b as u64).wrapping_mul(0x100_0000_01B3));
    (0..n as u64)
        .map(|i| {
            let mut z = seed.wrapping_add(i.wrapping_mul(0x9E37_79B9_7F4A_7C15));
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^= z >> 31;
            ((z >> 40) as f32 / (1u64 << 24) as f32 * 2.0 - 1.0) * scale
        })
        .collect()
}

struct Weights(HashMap<String, Tensor>);

impl Weights {
    fn tensor(&mut self, name: &str, shape: &[usize], scale: f32, offset: f32) {
        let n = shape.iter().product();
        let v: Vec<f32> = values(name, n, scale).into_iter().map(|x| x + offset).collect();
        self.0.insert(name.to_string(), Tensor::from_vec(v, shape, &Device::Cpu).unwrap());
    }
    fn linear(&mut self, prefix: &str, input: usize, output: usize) {
        self.tensor(&format!("{prefix}.weight"), &[output, input], 0.3, 0.0);
        self.tensor(&format!("{prefix}.bias"), &[output], 0.1, 0.0);
    }
    fn layer_norm(&mut self, prefix: &str) {
        self.tensor(&format!("{prefix}.weight"), &[HIDDEN], 0.1, 1.0);
        self.tensor(&format!("{prefix}.bias"), &[HIDDEN], 0.1, 0.0);
    }
    fn save(&self, path: &Path) {
        candle_core::safetensors::save(&self.0, path).unwrap();
    }
}

fn bert_weights() -> Weights {
    let mut w = Weights(HashMap::new());
    w.tensor("bert.embeddings.word_embeddings.weight", &[VOCAB.len(), HIDDEN], 1.0, 0.0);
    w.tensor("bert.embeddings.position_embeddings.weight", &[POSITIONS, HIDDEN], 0.5, 0.0);
    w.tensor("bert.embeddings.token_type_embeddings.weight", &[2, HIDDEN], 0.5, 0.0);
    w.layer_norm("bert.embeddings.LayerNorm");
    for l in 0..LAYERS {
        let p = format!("bert.encoder.layer.{l}");
        for m in ["query", "key", "value"] {
            w.linear(&format!("{p}.attention.self.{m}"), HIDDEN, HIDDEN);
        }
        w.linear(&format!("{p}.attention.output.dense"), HIDDEN, HIDDEN);
        w.layer_norm(&format!("{p}.attention.output.LayerNorm"));
        w.linear(&format!("{p}.intermediate.dense"), HIDDEN, INTERMEDIATE);
        w.linear(&format!("{p}.output.dense"), INTERMEDIATE, HIDDEN);
        w.layer_norm(&format!("{p}.output.LayerNorm"));
    }
    w.linear("bert.pooler.dense", HIDDEN, HIDDEN);
    w.linear("classifier", HIDDEN, 3);
    w
}

fn deberta_weights() -> Weights {
    let mut w = Weights(HashMap::new());
    w.tensor("deberta.embeddings.word_embeddings.weight", &[VOCAB.len(), HIDDEN], 1.0, 0.0);
    w.layer_norm("deberta.embeddings.LayerNorm");
    for l in 0..LAYERS {
        let p = format!("deberta.encoder.layer.{l}");
        for m in ["query_proj", "key_proj", "value_proj"] {
            w.linear(&format!("{p}.attention.self.{m}"), HIDDEN, HIDDEN);
        }
        w.linear(&format!("{p}.attention.output.dense"), HIDDEN, HIDDEN);
        w.layer_norm(&format!("{p}.attention.output.LayerNorm"));
        w.linear(&format!("{p}.intermediate.dense"), HIDDEN, INTERMEDIATE);
        w.linear(&format!("{p}.output.dense"), INTERMEDIATE, HIDDEN);
        w.layer_norm(&format!("{p}.output.LayerNorm"));
    }
    w.tensor("deberta.encoder.rel_embeddings.weight", &[32, HIDDEN], 1.0, 0.0);
    w.layer_norm("deberta.encoder.LayerNorm");
    w.linear("pooler.dense", HIDDEN, HIDDEN);
    w.linear("classifier", HIDDEN, 3);
    w
}

/// Writes a model folder `name` under `root`.
fn write_model(root: &Path, name: &str, config: &serde_json::Value, weights: &Weights) -> PathBuf {
    let dir = root.join(name);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("config.json"), serde_json::to_string_pretty(config).unwrap()).unwrap();
    std::fs::write(dir.join("tokenizer.json"), serde_json::to_string_pretty(&tokenizer_json()).unwrap()).unwrap();
    weights.save(&dir.join("model.safetensors"));
    dir
}

fn tiny_bert(root: &Path) -> PathBuf {
    write_model(root, "tiny-bert-nli", &bert_config(), &bert_weights())
}

fn tiny_deberta(root: &Path) -> PathBuf {
    write_model(root, "tiny-deberta-nli", &deberta_config(), &deberta_weights())
}

fn texts() -> Vec<String> {
    vec![
        "The United States supports sanctions on North Korea.".into(),
        "We will not support talks with Korea now.".into(),
        ODD.into(),
        "China and Russia oppose pressure, the foreign minister said.".into(),
        "".into(),
        "peace ".repeat(40),
    ]
}

fn score(m: &Nli, texts: &[String]) -> Vec<Vec<[f32; 3]>> {
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    m.score(&refs, &vec![None; refs.len()]).unwrap()
}

fn assert_distributions(scores: &[Vec<[f32; 3]>], n_texts: usize, n_targets: usize) {
    assert_eq!(scores.len(), n_texts);
    for row in scores {
        assert_eq!(row.len(), n_targets);
        for p in row {
            assert!(p.iter().all(|x| x.is_finite() && (0.0..=1.0).contains(x)), "{p:?}");
            assert!((p.iter().sum::<f32>() - 1.0).abs() < 1e-5, "{p:?}");
        }
    }
}

fn max_diff(a: &[Vec<[f32; 3]>], b: &[Vec<[f32; 3]>]) -> f32 {
    a.iter().flatten().flatten().zip(b.iter().flatten().flatten()).map(|(x, y)| (x - y).abs()).fold(0.0, f32::max)
}

fn load_err(dir: &Path) -> String {
    match Nli::load(dir, &codebook()) {
        Ok(_) => panic!("{} loaded", dir.display()),
        Err(e) => e.to_string(),
    }
}

#[test]
fn loads_a_tiny_bert_and_scores_distributions() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tiny_bert(tmp.path());
    let m = Nli::load(&dir, &codebook()).unwrap();
    assert_eq!(m.method(), "nli");
    assert_eq!(m.model(), "tiny-bert-nli");
    assert_eq!(m.targets(), ["sanctions", "dialogue"]);
    assert_eq!(m.model_type, ModelType::Bert);
    assert_eq!(m.labels, ["contradiction", "neutral", "entailment"]);
    assert_eq!(m.entailment, 2);
    assert_eq!(m.max_positions, POSITIONS);
    assert!(m.card.is_none());
    let names: Vec<&str> = m.files.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(names, ["config.json", "tokenizer.json", "model.safetensors"]);
    for (p, sha) in &m.files {
        assert_eq!(sha, &sha256_file(&dir.join(p)).unwrap());
    }
    let t = texts();
    let s = score(&m, &t);
    assert_distributions(&s, t.len(), 2);
    // Random weights still give different sentences different scores.
    assert!(max_diff(&s[..1], &s[1..2]) > 1e-4, "{s:?}");
    assert!(m.score(&[], &[]).unwrap().is_empty());
}

#[test]
fn pairs_are_cls_premise_sep_hypothesis_sep_without_baked_in_padding_or_truncation() {
    let tmp = tempfile::tempdir().unwrap();
    let m = Nli::load(&tiny_bert(tmp.path()), &codebook()).unwrap();
    let (ids, types) = m.encode_pair("The United States supports sanctions.", "They oppose sanctions.").unwrap();
    // [CLS] the united states supports sanctions . [SEP] they oppose sanctions . [SEP]
    assert_eq!(ids, [2, 5, 6, 7, 16, 19, 40, 3, 13, 17, 19, 40, 3]);
    assert_eq!(types, [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1]);
}

#[test]
fn a_long_premise_is_cut_and_the_hypothesis_kept() {
    let tmp = tempfile::tempdir().unwrap();
    let m = Nli::load(&tiny_bert(tmp.path()), &codebook()).unwrap();
    let words = ["Kim’s", "visit", "—", "이", "é", "sanctions", "talks.", "naïve", "états-unis"];
    let long: String = (0..2000).map(|i| words[i % words.len()]).collect::<Vec<_>>().join(" ");
    let hyp = "They support talks with North Korea.";
    let (ids, types) = m.encode_pair(&long, hyp).unwrap();
    assert_eq!(ids.len(), POSITIONS);
    let (short, _) = m.encode_pair("", hyp).unwrap();
    // `[CLS] [SEP] hypothesis [SEP]`: the hypothesis and its separators end the long pair too.
    assert_eq!(&ids[ids.len() - (short.len() - 2)..], &short[2..]);
    assert_eq!(ids[0], 2);
    assert_eq!(types.iter().filter(|&&t| t == 1).count(), short.len() - 2);
    let s = score(&m, &[long.clone(), ODD.to_string()]);
    assert_distributions(&s, 2, 2);
}

#[test]
fn scores_do_not_depend_on_the_batch() {
    let tmp = tempfile::tempdir().unwrap();
    let mut m = Nli::load(&tiny_bert(tmp.path()), &codebook()).unwrap();
    let mut t = texts();
    t.push("word ".repeat(3000));
    let all = score(&m, &t);
    for (i, text) in t.iter().enumerate() {
        let alone = score(&m, std::slice::from_ref(text));
        assert!(max_diff(&alone, &all[i..i + 1]) < 1e-5, "{text:?}: {alone:?} vs {:?}", all[i]);
    }
    for bs in [1, 3, 64] {
        m.batch_size = bs;
        assert!(max_diff(&score(&m, &t), &all) < 1e-5, "batch size {bs}");
    }
}

#[test]
fn scores_are_deterministic_across_loads() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tiny_bert(tmp.path());
    let a = score(&Nli::load(&dir, &codebook()).unwrap(), &texts());
    let b = score(&Nli::load(&dir, &codebook()).unwrap(), &texts());
    assert_eq!(a, b);
    // The same weights written again load to the same scores.
    let again = tiny_bert(&tmp.path().join("again"));
    assert_eq!(score(&Nli::load(&again, &codebook()).unwrap(), &texts()), a);
}

#[test]
fn a_missing_weights_file_is_an_error_naming_it() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tiny_bert(tmp.path());
    std::fs::remove_file(dir.join("model.safetensors")).unwrap();
    let msg = load_err(&dir);
    assert!(msg.starts_with(&format!("{}: cannot read", dir.join("model.safetensors").display())), "{msg}");
}

#[test]
fn a_truncated_weights_file_is_an_error_naming_it() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tiny_bert(tmp.path());
    let path = dir.join("model.safetensors");
    let bytes = std::fs::read(&path).unwrap();
    std::fs::write(&path, &bytes[..bytes.len() / 2]).unwrap();
    let msg = load_err(&dir);
    assert!(msg.starts_with(&format!("{}: bad weights", path.display())), "{msg}");
}

#[test]
fn weights_of_another_shape_are_an_error_naming_the_file() {
    let tmp = tempfile::tempdir().unwrap();
    let mut w = bert_weights();
    w.linear("classifier", HIDDEN, 2);
    let dir = write_model(tmp.path(), "m", &bert_config(), &w);
    let msg = load_err(&dir);
    assert!(msg.starts_with(&format!("{}: ", dir.join("model.safetensors").display())), "{msg}");
    assert!(msg.contains("BertForSequenceClassification"), "{msg}");
}

#[test]
fn a_config_without_an_entailment_label_is_an_error() {
    let tmp = tempfile::tempdir().unwrap();
    let mut config = bert_config();
    config["id2label"] = json!({"0": "LABEL_0", "1": "LABEL_1", "2": "LABEL_2"});
    config.as_object_mut().unwrap().remove("label2id");
    let dir = write_model(tmp.path(), "m", &config, &bert_weights());
    assert_eq!(
        load_err(&dir),
        format!(
            "{}: no \"entailment\" label in id2label or label2id (labels: LABEL_0, LABEL_1, LABEL_2); zero-shot NLI \
             needs a model fine-tuned on MNLI or another NLI data set",
            dir.join("config.json").display()
        )
    );
}

#[test]
fn labels_are_matched_case_insensitively() {
    let tmp = tempfile::tempdir().unwrap();
    let mut config = bert_config();
    config["id2label"] = json!({"0": "ENTAILMENT", "1": "NEUTRAL", "2": "CONTRADICTION"});
    let dir = write_model(tmp.path(), "m", &config, &bert_weights());
    let m = Nli::load(&dir, &codebook()).unwrap();
    assert_eq!(m.entailment, 0);
}

#[test]
fn missing_or_corrupt_config_and_tokenizer_are_errors_naming_them() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tiny_bert(tmp.path());
    for (file, content) in [("config.json", "{\"model_type\": "), ("tokenizer.json", "{\"model\": 1}")] {
        let path = dir.join(file);
        let saved = std::fs::read(&path).unwrap();
        std::fs::write(&path, content).unwrap();
        let msg = load_err(&dir);
        assert!(msg.starts_with(&format!("{}: ", path.display())), "{msg}");
        std::fs::remove_file(&path).unwrap();
        let msg = load_err(&dir);
        assert!(msg.starts_with(&format!("{}: ", path.display())) && msg.contains("No such file"), "{msg}");
        std::fs::write(&path, saved).unwrap();
    }
    Nli::load(&dir, &codebook()).unwrap();
}

#[test]
fn an_unsupported_model_type_is_an_error() {
    let tmp = tempfile::tempdir().unwrap();
    let mut config = bert_config();
    config["model_type"] = json!("roberta");
    let dir = write_model(tmp.path(), "m", &config, &bert_weights());
    assert_eq!(
        load_err(&dir),
        format!(
            "{}: model_type: unknown variant `roberta`, expected `bert` or `deberta-v2` (zero-shot NLI runs \
             BertForSequenceClassification and DebertaV2ForSequenceClassification, also DeBERTa-v3)",
            dir.join("config.json").display()
        )
    );
}

#[test]
fn a_hypothesis_too_long_for_the_model_is_an_error() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tiny_bert(tmp.path());
    let long = format!("They support {}", "sanctions ".repeat(70));
    let text = CODEBOOK.replacen("They support sanctions.", &long, 1);
    let book = Codebook::parse(&text, Path::new("codebook.toml")).unwrap();
    let msg = match Nli::load(&dir, &book) {
        Ok(_) => panic!("loaded"),
        Err(e) => e.to_string(),
    };
    assert!(msg.starts_with("codebook target sanctions: hypotheses.favor is 72 tokens"), "{msg}");
}

#[test]
fn a_card_names_the_model_and_is_verified() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tiny_bert(tmp.path());
    let mut card = String::from(
        "name = \"tiny-nli\"\ntask = \"zero-shot-nli\"\nlabels = [\"contradiction\", \"neutral\", \"entailment\"]\n",
    );
    for f in ["config.json", "tokenizer.json", "model.safetensors"] {
        card += &format!("\n[[files]]\npath = \"{f}\"\nsha256 = \"{}\"\n", sha256_file(&dir.join(f)).unwrap());
    }
    std::fs::write(dir.join("demarche-model.toml"), &card).unwrap();
    let m = Nli::load(&dir, &codebook()).unwrap();
    assert_eq!(m.model(), "tiny-nli");
    assert_eq!(m.card.as_ref().unwrap().task, "zero-shot-nli");
    assert_eq!(m.files[2].1, sha256_file(&dir.join("model.safetensors")).unwrap());
    // A replaced file no longer matches the card.
    std::fs::write(dir.join("config.json"), serde_json::to_string(&bert_config()).unwrap()).unwrap();
    match Nli::load(&dir, &codebook()) {
        Err(Error::Encoder(e)) => assert!(e.to_string().contains("does not match the model card"), "{e}"),
        Err(e) => panic!("{e}"),
        Ok(_) => panic!("loaded"),
    }
}

#[test]
fn loads_a_tiny_deberta_v2_and_scores_independently_of_the_batch() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tiny_deberta(tmp.path());
    let m = Nli::load(&dir, &codebook()).unwrap();
    assert_eq!(m.model(), "tiny-deberta-nli");
    assert_eq!(m.model_type, ModelType::DebertaV2);
    assert_eq!(m.entailment, 2);
    let mut t = texts();
    t.push(format!("{ODD} ").repeat(500));
    let all = score(&m, &t);
    assert_distributions(&all, t.len(), 2);
    assert!(max_diff(&all[..1], &all[1..2]) > 1e-4, "{all:?}");
    for (i, text) in t.iter().enumerate() {
        let alone = score(&m, std::slice::from_ref(text));
        assert!(max_diff(&alone, &all[i..i + 1]) < 1e-5, "{text:?}: {alone:?} vs {:?}", all[i]);
    }
    assert_eq!(score(&Nli::load(&dir, &codebook()).unwrap(), &t), all);
}

#[test]
fn a_deberta_v2_with_a_convolution_layer_is_an_error_not_a_panic() {
    let tmp = tempfile::tempdir().unwrap();
    let mut config = deberta_config();
    config["conv_kernel_size"] = json!(3);
    let dir = write_model(tmp.path(), "m", &config, &deberta_weights());
    let msg = load_err(&dir);
    assert!(msg.starts_with(&format!("{}: conv_kernel_size > 0", dir.join("config.json").display())), "{msg}");
}

#[test]
fn a_bert_checkpoint_under_deberta_v2_is_an_error_naming_the_weights() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = write_model(tmp.path(), "m", &deberta_config(), &bert_weights());
    let msg = load_err(&dir);
    assert!(msg.starts_with(&format!("{}: no deberta.embeddings", dir.join("model.safetensors").display())), "{msg}");
}
