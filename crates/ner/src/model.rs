//! The NER model: a fine-tuned encoder whose head reads each pre-token's first sub-word state
//! together with the pre-token's casing class (see recipes/train_ner.py).

use std::path::Path;

use demarche_core::{normalize_ws, Span};
use demarche_encoder::store::{self, Manifest};
use demarche_encoder::{
    encode_tokens, load_encoder, mean_pool_l2, read_weights, Encoder, RunOptions, Runtime, TextTokenizer,
    TokenClassifier,
};

use crate::casing::casing;
use crate::decode::{decode, Bio};
use crate::{Entity, Error};

/// Sentences per encoder run: enough for well-filled length batches, few token states held.
const CHUNK: usize = 4096;

pub struct NerModel {
    encoder: Box<dyn Encoder>,
    tokenizer: TextTokenizer,
    head: TokenClassifier,
    tags: Vec<Bio>,
    /// Batching and windowing; the defaults suit most uses.
    pub options: RunOptions,
    pub manifest: Manifest,
}

/// One L2-normalised mean-pooled encoder state per sentence.
pub type Embeddings = Vec<Vec<f32>>;

/// A pre-token with the label the model chose for it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Tagged {
    /// Byte span in the document's text.
    pub span: Span,
    pub tag: usize,
    pub prob: f32,
}

impl NerModel {
    /// Loads a model folder after checking every file against its card's sha256 (candle).
    pub fn load(dir: &Path) -> Result<Self, Error> {
        Self::load_with(dir, &Runtime::Candle)
    }

    /// As [`load`](Self::load), with the encoder on `runtime`.
    pub fn load_with(dir: &Path, runtime: &Runtime) -> Result<Self, Error> {
        let manifest = store::verify(dir)?;
        let tokenizer = TextTokenizer::load(&dir.join("tokenizer.json"))?;
        let weights_path = dir.join("model.safetensors");
        let tensors = read_weights(&weights_path)?;
        let encoder = load_encoder(dir, tensors.clone(), runtime)?;
        demarche_encoder::check_vocab(dir, &tokenizer, encoder.as_ref())?;
        let labels = labels(&dir.join("config.json"))?;
        let tags = labels.iter().map(|l| Bio::parse(l)).collect::<Option<Vec<_>>>().ok_or_else(|| Error::Config {
            path: dir.join("config.json"),
            message: format!("labels {labels:?} are not a BIO scheme"),
        })?;
        let head = TokenClassifier::from_tensors(
            &weights_path,
            &tensors,
            encoder.hidden_size(),
            labels,
            "casing_embeddings.weight",
        )?;
        Ok(NerModel { encoder, tokenizer, head, tags, options: RunOptions::default(), manifest })
    }

    /// The model's BIO labels, in output order.
    pub fn labels(&self) -> &[String] {
        &self.head.labels
    }

    /// Entities in each sentence, given as (document text, sentence span). Spans in the
    /// result are byte spans into the document text, on the tokenizer's word boundaries.
    pub fn predict(&self, sentences: &[(&str, Span)]) -> Result<Vec<Vec<Entity>>, Error> {
        Ok(self.predict_embed(sentences, false)?.0)
    }

    /// As [`predict`](Self::predict), and with `embed` also each sentence's L2-normalised
    /// mean-pooled encoder state (`mean_pool_l2`), so that heads sharing this encoder (stance)
    /// need no second encoder pass.
    pub fn predict_embed(
        &self,
        sentences: &[(&str, Span)],
        embed: bool,
    ) -> Result<(Vec<Vec<Entity>>, Embeddings), Error> {
        let (tagged, embeddings) = self.tag(sentences, embed)?;
        let ents = tagged.iter().zip(sentences).map(|(t, (text, _))| entities(text, t, &self.tags)).collect();
        Ok((ents, embeddings))
    }

    /// Every pre-token of every sentence with its label (and with `embed` each sentence's
    /// embedding). Runs in chunks so that the token states of a whole corpus are never held at once.
    pub(crate) fn tag(&self, sentences: &[(&str, Span)], embed: bool) -> Result<(Vec<Vec<Tagged>>, Embeddings), Error> {
        let mut out = Vec::with_capacity(sentences.len());
        let mut embeddings = Vec::new();
        for chunk in sentences.chunks(CHUNK) {
            out.extend(self.tag_chunk(chunk, embed.then_some(&mut embeddings))?);
        }
        Ok((out, embeddings))
    }

    fn tag_chunk(
        &self,
        sentences: &[(&str, Span)],
        embeddings: Option<&mut Vec<Vec<f32>>>,
    ) -> Result<Vec<Vec<Tagged>>, Error> {
        let mut slices = Vec::with_capacity(sentences.len());
        for (text, span) in sentences {
            let ok = span.start <= span.end
                && span.end <= text.len()
                && text.is_char_boundary(span.start)
                && text.is_char_boundary(span.end);
            if !ok {
                return Err(Error::BadSpan { start: span.start, end: span.end, len: text.len() });
            }
            slices.push(span.slice(text));
        }
        let tokens = self.tokenizer.encode_all(&slices)?;
        let states = encode_tokens(self.encoder.as_ref(), &self.tokenizer, &tokens, &self.options)?;
        if let Some(e) = embeddings {
            e.extend(states.iter().map(mean_pool_l2));
        }
        let mut out = Vec::with_capacity(sentences.len());
        for (((text, span), slice), (tok, st)) in sentences.iter().zip(&slices).zip(tokens.iter().zip(&states)) {
            let mut tagged = Vec::new();
            // Pre-tokens: runs of sub-words with the same word id; (first sub-word, start, end).
            let mut groups: Vec<(usize, usize, usize)> = Vec::new();
            for (i, (&(s, e), w)) in tok.offsets.iter().zip(&tok.words).enumerate() {
                match groups.last_mut() {
                    Some(g) if w.is_some() && tok.words[g.0] == *w => g.2 = g.2.max(e),
                    _ => groups.push((i, s, e)),
                }
            }
            for (first, s, e) in groups {
                let probs = self.head.probabilities(st.row(first), casing(&slice[s..e]))?;
                // Highest probability; the lowest label index wins a tie.
                let (tag, prob) =
                    probs.iter().enumerate().fold((0, f32::MIN), |b, (i, &p)| if p > b.1 { (i, p) } else { b });
                tagged.push(Tagged { span: Span::new(span.start + s, span.start + e), tag, prob });
            }
            quiet_fillers(text, &mut tagged, &self.tags);
            out.push(tagged);
        }
        Ok(out)
    }
}

/// Hesitations of spoken text, which a model trained on news tags as names ("mhm" PER, "Uh"
/// ORG, "Blinken — ah" PER): never an entity alone, never an entity's last word.
const FILLERS: &[&str] = &[
    "um", "umm", "uh", "uhm", "uh-huh", "mhm", "mm", "mmm", "mm-hmm", "hmm", "hm", "er", "erm", "ah", "oh", "huh", "ha",
];

fn is_filler(word: &str) -> bool {
    let w = word.trim_end_matches(['.', ',', '?', '!']).to_lowercase();
    FILLERS.contains(&w.as_str())
}

/// Only punctuation or dashes ("—", "--", "…").
fn is_punctuation(word: &str) -> bool {
    !word.chars().any(char::is_alphanumeric)
}

/// Tags `O` the pre-tokens that start or end an entity but cannot: punctuation at either end,
/// a filler at its end ("Oh Joon" keeps its first word). `text`: what the spans index.
fn quiet_fillers(text: &str, tagged: &mut [Tagged], tags: &[Bio]) {
    let Some(o) = tags.iter().position(|t| matches!(t, Bio::O)) else { return };
    let seq: Vec<&Bio> = tagged.iter().map(|t| &tags[t.tag]).collect();
    let chunks: Vec<(usize, usize)> = decode(&seq).into_iter().map(|(_, a, b)| (a, b)).collect();
    let word = |t: &Tagged| t.span.slice(text).to_string();
    // Punctuation apart from the words beside it ("Blinken — ah"), not a word's own ("U.S.").
    let apart = |x: &Tagged, y: &Tagged| x.span.end < y.span.start;
    for (mut a, mut b) in chunks {
        while a < b && is_punctuation(&word(&tagged[a])) && (a + 1 == b || apart(&tagged[a], &tagged[a + 1])) {
            tagged[a].tag = o;
            a += 1;
        }
        while b > a {
            let last = &tagged[b - 1];
            let loose = b - 1 == a || apart(&tagged[b - 2], last);
            if !(is_filler(&word(last)) || (is_punctuation(&word(last)) && loose)) {
                break;
            }
            tagged[b - 1].tag = o;
            b -= 1;
        }
    }
}

fn entities(text: &str, tagged: &[Tagged], tags: &[Bio]) -> Vec<Entity> {
    let seq: Vec<&Bio> = tagged.iter().map(|t| &tags[t.tag]).collect();
    decode(&seq)
        .into_iter()
        .map(|(label, a, b)| {
            let span = Span::new(tagged[a].span.start, tagged[b - 1].span.end);
            let score = tagged[a..b].iter().map(|t| t.prob).sum::<f32>() / (b - a) as f32;
            Entity { span, text: normalize_ws(span.slice(text)), label: label.to_string(), score }
        })
        .collect()
}

/// `id2label` of config.json, in id order.
fn labels(path: &Path) -> Result<Vec<String>, Error> {
    let bad = |message: String| Error::Config { path: path.to_path_buf(), message };
    let text = std::fs::read_to_string(path).map_err(|e| Error::Io { path: path.to_path_buf(), cause: e })?;
    let v: serde_json::Value = serde_json::from_str(&text).map_err(|e| bad(e.to_string()))?;
    let map = v.get("id2label").and_then(|m| m.as_object()).ok_or_else(|| bad("no id2label".into()))?;
    let mut out = vec![None; map.len()];
    for (k, l) in map {
        let i: usize = k.parse().map_err(|_| bad(format!("id2label key {k:?}")))?;
        let slot = out.get_mut(i).ok_or_else(|| bad(format!("id2label ids are not 0..{}", map.len())))?;
        *slot = l.as_str().map(str::to_string);
    }
    out.into_iter().collect::<Option<Vec<_>>>().ok_or_else(|| bad("id2label values must be strings".into()))
}
