use demarche_core::CharIndex;
use demarche_tables::Value;

use crate::pipeline::{span_columns, DocOutput};

/// A document's rows for every table, built on the worker thread.
pub struct DocRows {
    pub document: Vec<Value>,
    pub turns: Vec<Vec<Value>>,
    pub sentences: Vec<Vec<Value>>,
}

pub fn doc_rows(out: &DocOutput) -> DocRows {
    let doc = &out.doc;
    let index = CharIndex::new(&doc.text);
    let m = &doc.meta;
    let document = vec![
        doc.id.as_str().into(),
        doc.path.as_str().into(),
        m.title.clone().into(),
        m.date.clone().into(),
        m.year.map(i64::from).into(),
        doc.kind().as_str().into(),
        m.source.clone().into(),
        m.actor.clone().into(),
        m.url.clone().into(),
        m.author.clone().into(),
        doc.encoding.as_str().into(),
        doc.sha256.as_str().into(),
        doc.text.len().into(),
        out.turns.len().into(),
    ];
    let turns = out
        .turns
        .iter()
        .map(|t| {
            let (s, e, cs, ce, text) = span_columns(&index, &doc.text, t.span);
            vec![
                t.id.as_str().into(),
                doc.id.as_str().into(),
                t.seq.into(),
                t.kind.as_str().into(),
                t.speaker.clone().into(),
                t.speaker_name.clone().into(),
                t.actor.clone().into(),
                t.role.clone().into(),
                t.mode.into(),
                s.into(),
                e.into(),
                cs.into(),
                ce.into(),
                text.into(),
            ]
        })
        .collect();
    let sentences = out
        .sentences
        .iter()
        .map(|x| {
            let (s, e, cs, ce, text) = span_columns(&index, &doc.text, x.span);
            vec![
                x.id.as_str().into(),
                x.turn_id.as_str().into(),
                doc.id.as_str().into(),
                x.seq.into(),
                s.into(),
                e.into(),
                cs.into(),
                ce.into(),
                text.into(),
            ]
        })
        .collect();
    DocRows { document, turns, sentences }
}
