use demarche_core::CharIndex;
use demarche_tables::{DocumentRow, SentenceRow, TurnRow};

use crate::pipeline::{span_columns, DocOutput};

/// A document's rows for every table, built on the worker thread.
pub struct DocRows {
    pub document: DocumentRow,
    pub turns: Vec<TurnRow>,
    pub sentences: Vec<SentenceRow>,
}

pub fn doc_rows(out: &DocOutput) -> DocRows {
    let doc = &out.doc;
    let index = CharIndex::new(&doc.text);
    let m = &doc.meta;
    let document = DocumentRow {
        doc_id: doc.id.clone(),
        path: doc.path.clone(),
        title: m.title.clone(),
        date: m.date.clone(),
        year: m.year.map(i64::from),
        kind: doc.kind().as_str().into(),
        source: m.source.clone(),
        actor: m.actor.clone(),
        url: m.url.clone(),
        author: m.author.clone(),
        encoding: doc.encoding.as_str().into(),
        sha256: doc.sha256.clone(),
        bytes: doc.text.len() as i64,
        turns: out.turns.len() as i64,
    };
    let turns = out
        .turns
        .iter()
        .map(|t| {
            let s = span_columns(&index, &doc.text, t.span);
            TurnRow {
                turn_id: t.id.clone(),
                doc_id: doc.id.clone(),
                seq: t.seq as i64,
                kind: t.kind.as_str().into(),
                speaker: t.speaker.clone(),
                speaker_name: t.speaker_name.clone(),
                actor: t.actor.clone(),
                role: t.role.clone(),
                mode: t.mode.map(str::to_string),
                start: s.start,
                end: s.end,
                char_start: s.char_start,
                char_end: s.char_end,
                text: s.text,
            }
        })
        .collect();
    let sentences = out
        .sentences
        .iter()
        .map(|x| {
            let s = span_columns(&index, &doc.text, x.span);
            SentenceRow {
                sentence_id: x.id.clone(),
                turn_id: x.turn_id.clone(),
                doc_id: doc.id.clone(),
                seq: x.seq as i64,
                start: s.start,
                end: s.end,
                char_start: s.char_start,
                char_end: s.char_end,
                text: s.text,
            }
        })
        .collect();
    DocRows { document, turns, sentences }
}
