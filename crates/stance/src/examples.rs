//! Labelled sentences in CSV, the format of `../shared/eval/stance-dev.csv` and of the
//! project's training set: `text`, one column per target (`favor`, `against`, `none`, or
//! empty for unlabelled), and optionally `prev` (the sentence before, same turn), `doc`,
//! `byte_start`, `byte_end`, `speaker`, `speaker_actor`, `holder`.

use std::collections::BTreeMap;
use std::path::Path;

use crate::error::bail_input;
use crate::{Error, Label};

#[derive(Debug, Clone, PartialEq)]
pub struct Example {
    /// 1-based line of the record in its file (for messages).
    pub line: u64,
    pub text: String,
    pub prev: String,
    pub doc: String,
    pub span: Option<(usize, usize)>,
    pub speaker: String,
    pub holder: String,
    /// Target → label; a target whose cell was empty is absent.
    pub labels: BTreeMap<String, Label>,
}

/// Reads examples, requiring a column for each of `targets`.
pub fn read(path: &Path, targets: &[String]) -> Result<Vec<Example>, Error> {
    let mut reader = csv::Reader::from_path(path).map_err(|e| Error::input(path, e.to_string()))?;
    let headers = reader.headers().map_err(|e| Error::input(path, e.to_string()))?.clone();
    let col = |name: &str| headers.iter().position(|h| h.trim() == name);
    let Some(text_col) = col("text") else { bail_input!(path, "no `text` column") };
    let mut target_cols = Vec::new();
    for t in targets {
        match col(t) {
            Some(i) => target_cols.push((t.clone(), i)),
            None => bail_input!(path, "no column for target `{t}`"),
        }
    }
    let (prev, doc, start, end, speaker, holder) =
        (col("prev"), col("doc"), col("byte_start"), col("byte_end"), col("speaker"), col("holder"));
    let mut out = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| Error::input(path, e.to_string()))?;
        let line = record.position().map_or(0, |p| p.line());
        let get = |i: Option<usize>| i.and_then(|i| record.get(i)).unwrap_or("").to_string();
        let mut labels = BTreeMap::new();
        for (t, i) in &target_cols {
            let cell = record.get(*i).unwrap_or("").trim();
            if cell.is_empty() {
                continue;
            }
            match Label::parse(cell) {
                Some(l) => labels.insert(t.clone(), l),
                None => bail_input!(path, "line {line}: column `{t}`: {cell:?} is not favor, against or none"),
            };
        }
        let number = |i: Option<usize>, name: &str| -> Result<Option<usize>, Error> {
            let cell = get(i);
            if cell.trim().is_empty() {
                return Ok(None);
            }
            cell.trim()
                .parse()
                .map(Some)
                .map_err(|_| Error::input(path, format!("line {line}: column `{name}`: {cell:?} is not a byte offset")))
        };
        let span = match (number(start, "byte_start")?, number(end, "byte_end")?) {
            (Some(s), Some(e)) if s < e => Some((s, e)),
            (None, None) => None,
            _ => bail_input!(path, "line {line}: byte_start must be below byte_end"),
        };
        let text = get(Some(text_col));
        if text.trim().is_empty() {
            bail_input!(path, "line {line}: empty `text`");
        }
        out.push(Example {
            line,
            text,
            prev: get(prev),
            doc: get(doc),
            span,
            speaker: get(speaker),
            holder: get(holder),
            labels,
        });
    }
    Ok(out)
}
