//! The tables a comparison writes, documented like the run tables.

use demarche_tables::{opt, req, Schema, Type};

use Type::{Float, Int, Str};

pub const AGREEMENT: Schema = Schema {
    name: "agreement",
    doc: "One row per stance target: how often the two runs give a sentence the same label. Sentences are compared when both runs have them with the same `sentence_id`, `start` and `end`, in documents both runs hold.",
    columns: &[
        req("target", Str, "Codebook target"),
        req("n", Int, "Sentences compared: present in both runs (same `sentence_id`, `start` and `end`) with a stance for this target in both"),
        req("agree", Int, "Sentences with the same label in both runs"),
        opt("agreement", Float, "`agree / n`; empty when `n` is 0"),
        opt("kappa", Float, "Cohen's kappa over `favor`, `against`, `none`; 1 when both runs give one and the same label throughout; empty when `n` is 0"),
        req("favor_a", Int, "Compared sentences run A labels `favor`"),
        req("against_a", Int, "Compared sentences run A labels `against`"),
        req("favor_b", Int, "Compared sentences run B labels `favor`"),
        req("against_b", Int, "Compared sentences run B labels `against`"),
    ],
};

pub const CONFUSION: Schema = Schema {
    name: "confusion",
    doc: "One row per target and pair of labels (all nine, zeros included): how many compared sentences run A labels `label_a` and run B labels `label_b`.",
    columns: &[
        req("target", Str, "Codebook target"),
        req("label_a", Str, "`favor`, `against` or `none` in run A"),
        req("label_b", Str, "`favor`, `against` or `none` in run B"),
        req("n", Int, "Compared sentences with these labels"),
    ],
};

pub const CHANGED: Schema = Schema {
    name: "changed",
    doc: "One row per compared sentence (or clause) and target whose label differs between the runs.",
    columns: &[
        req("stance_id", Str, "The `stances` row: `sentence_id:target`, or `sentence_id.k:target` for a clause"),
        req("sentence_id", Str, "The sentence"),
        req("doc_id", Str, "The document"),
        req("target", Str, "Codebook target"),
        req("label_a", Str, "The label in run A"),
        req("label_b", Str, "The label in run B"),
        req("score_a", Float, "Probability of `label_a` in run A"),
        req("score_b", Float, "Probability of `label_b` in run B"),
        opt("holder_a", Str, "The holder in run A"),
        opt("holder_b", Str, "The holder in run B"),
        req("text", Str, "The sentence's text, from run A"),
    ],
};

pub const ENTITIES: Schema = Schema {
    name: "entities",
    doc: "One row per entity label, and an `all` row, over the documents both runs hold: run B's entities scored against run A's. An entity matches when both runs have the same `doc_id`, `start`, `end` and `label`.",
    columns: &[
        req("label", Str, "`LOC`, `MISC`, `ORG`, `PER`, …, or `all`"),
        req("n_a", Int, "Entities in run A"),
        req("n_b", Int, "Entities in run B"),
        req("matched", Int, "Entities in both runs"),
        opt("precision", Float, "`matched / n_b`; empty when `n_b` is 0"),
        opt("recall", Float, "`matched / n_a`; empty when `n_a` is 0"),
        opt("f1", Float, "`2 · matched / (n_a + n_b)`, the harmonic mean of precision and recall; empty when both are 0"),
    ],
};

pub const POSITIONS: Schema = Schema {
    name: "positions",
    doc: "The two runs' positions joined on actor × year × target (a full outer join). When the runs hold different documents, both sides are recomputed from their stances in the documents both hold.",
    columns: &[
        req("actor", Str, "The holder"),
        opt("year", Int, "The document's year"),
        req("target", Str, "Codebook target"),
        opt("n_a", Int, "Sentences with a position in run A; empty when run A has no such position"),
        opt("net_a", Float, "Net score in run A"),
        opt("net_low_a", Float, "Lower end of the 95% interval of `net_a`"),
        opt("net_high_a", Float, "Upper end of the 95% interval of `net_a`"),
        opt("n_b", Int, "Sentences with a position in run B; empty when run B has no such position"),
        opt("net_b", Float, "Net score in run B"),
        opt("net_low_b", Float, "Lower end of the 95% interval of `net_b`"),
        opt("net_high_b", Float, "Upper end of the 95% interval of `net_b`"),
        opt("change", Float, "`net_b − net_a`; empty unless both runs have the position"),
        req("flagged", Str, "`yes` when both runs have the position and either net score lies outside the other's 95% interval; otherwise `no`"),
    ],
};

/// Every table of a comparison, in the order they are written.
pub const ALL: &[Schema] = &[AGREEMENT, CONFUSION, CHANGED, ENTITIES, POSITIONS];

/// The column reference of the comparison tables, in the format of `docs/schema.md`.
pub fn schema_markdown() -> String {
    demarche_tables::tables_markdown(ALL)
}
