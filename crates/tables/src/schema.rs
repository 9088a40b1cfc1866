/// Bumped whenever a column is added, removed or changes meaning.
pub const SCHEMA_VERSION: &str = "6";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Type {
    Str,
    Int,
    Float,
}

impl Type {
    pub fn name(&self) -> &'static str {
        match self {
            Type::Str => "string",
            Type::Int => "int64",
            Type::Float => "float64",
        }
    }
}

#[derive(Debug, Clone, Copy)]
pub struct Column {
    pub name: &'static str,
    pub ty: Type,
    pub nullable: bool,
    pub doc: &'static str,
}

#[derive(Debug, Clone, Copy)]
pub struct Schema {
    pub name: &'static str,
    pub doc: &'static str,
    pub columns: &'static [Column],
}

impl Schema {
    pub fn names(&self) -> Vec<&'static str> {
        self.columns.iter().map(|c| c.name).collect()
    }
}

/// A column that always has a value.
pub const fn req(name: &'static str, ty: Type, doc: &'static str) -> Column {
    Column { name, ty, nullable: false, doc }
}
/// A column that may be empty.
pub const fn opt(name: &'static str, ty: Type, doc: &'static str) -> Column {
    Column { name, ty, nullable: true, doc }
}

use Type::{Int, Str};

const START: Column = req("start", Int, "UTF-8 byte offset of the first byte in the document text (see Offsets)");
const END: Column = req("end", Int, "UTF-8 byte offset just past the last byte (end-exclusive)");
const CHAR_START: Column = req("char_start", Int, "Unicode code-point offset of the first character");
const CHAR_END: Column = req("char_end", Int, "Unicode code-point offset just past the last character (end-exclusive)");
const TEXT: Column = req(
    "text",
    Str,
    "`document_text[start:end]` with every run of white space (line breaks, no-break spaces) collapsed to one space",
);

pub const DOCUMENTS: Schema = Schema {
    name: "documents",
    doc: "One row per input document that could be read.",
    columns: &[
        req("doc_id", Str, "First 16 hex digits of the file's sha256: stable across runs and machines"),
        req("path", Str, "The path as found from the inputs given on the command line"),
        opt("title", Str, "From the metadata file, front matter, or the document's own header or headline"),
        opt("date", Str, "ISO 8601, possibly partial (`2015`, `2015-01`, `2015-01-30`)"),
        opt("year", Int, "The year of `date`"),
        req("kind", Str, "`transcript`, `speech`, `article` or `statement` (a government, ministry, KCNA or joint statement: from metadata `kind`, else a state news agency's dateline or a `Statement of …` title)"),
        opt("source", Str, "Publisher or corpus (`U.S. Department of State`, `White House`, `UN General Debate`, `Yonhap`)"),
        opt("actor", Str, "The home actor of the document's officials: the delegation of a speech, the government of an official transcript, the issuer of a statement (metadata or front matter `actor`, else the actor of its dateline's place or news agency, its source or its title)"),
        opt("url", Str, "Where the document was published, when known"),
        opt("author", Str, "Who wrote it: metadata or front matter `author`, a web page's byline, or a news article's `By …` line"),
        req("encoding", Str, "`utf-8` when the file is clean UTF-8; otherwise what it was transcoded from (`windows-1252`, `utf-16le`, `utf-8 (repaired)`)"),
        req("sha256", Str, "sha256 of the file's bytes"),
        req("bytes", Int, "Length of the document text in UTF-8 bytes"),
        req("turns", Int, "Number of turns found"),
    ],
};

pub const TURNS: Schema = Schema {
    name: "turns",
    doc: "One row per speaker turn: a labelled transcript turn, a question, a speech, a quotation, a narration paragraph or a news page's headline or subhead.",
    columns: &[
        req("turn_id", Str, "`doc_id:seq`"),
        req("doc_id", Str, "The document"),
        req("seq", Int, "0-based position of the turn in the document"),
        req("kind", Str, "`turn`, `question`, `speech`, `quote`, `narration` or `headline` (a news page's headline or subhead, the author's voice like narration)"),
        opt("speaker", Str, "The speaker as written (`AMBASSADOR KIM`, `Q`, `MS. PSAKI`); for a speech, the speaker named by the metadata"),
        opt("speaker_name", Str, "Canonical full name where known (`Sung Kim`)"),
        opt("actor", Str, "Registry id of the actor the speaker speaks for (`USA`, `PRK`, `UN`, `OTHER`); for a statement's narration and headlines, its issuer; empty when unknown, a reporter or news narration"),
        opt("role", Str, "The speaker's role as the document writes it (news appositives and titles: `director of the International Affairs Group at the Center for Naval Analyses`)"),
        opt("mode", Str, "For quotes: `direct` (between quotation marks), `indirect` (reported speech: `X said that …`) or `block` (a block quotation introduced by a colon or label)"),
        START, END, CHAR_START, CHAR_END,
        TEXT,
    ],
};

pub const SENTENCES: Schema = Schema {
    name: "sentences",
    doc: "One row per sentence of every turn.",
    columns: &[
        req("sentence_id", Str, "`turn_id:seq`"),
        req("turn_id", Str, "The turn"),
        req("doc_id", Str, "The document"),
        req("seq", Int, "0-based position of the sentence in its turn"),
        START,
        END,
        CHAR_START,
        CHAR_END,
        TEXT,
    ],
};

pub const ENTITIES: Schema = Schema {
    name: "entities",
    doc: "One row per named entity found in a sentence by the NER model or named by the actor registry (`[[entity]]`).",
    columns: &[
        req("entity_id", Str, "`sentence_id:seq`"),
        req("sentence_id", Str, "The sentence"),
        req("turn_id", Str, "The turn"),
        req("doc_id", Str, "The document"),
        START, END, CHAR_START, CHAR_END,
        req("text", Str, "The entity as written, white space collapsed"),
        req("label", Str, "`PER`, `ORG`, `LOC` or `MISC` (CoNLL-2003)"),
        req("score", Type::Float, "Mean probability of the chosen labels over the entity's words"),
        opt("actor", Str, "Registry id when the mention names an actor (`North Korea`, `DPRK`, `Pyongyang`, `Democratic People’s Republic of Korea` → `PRK`; `Republic of Korea` → `KOR`; `the U.S.` → `USA`; `Chinese` → `CHN`; `the North` → `PRK` only with `Korea`, `Pyongyang` or `DPRK` within 1,000 bytes) or, for a person, the actor the registry gives them at the document's date (`Sung Kim` → `USA` in 2015)"),
        req("found_by", Str, "`model` (the NER model), `merged` (the model's entities that split a name of the actor registry, or lie inside it, joined into one entity spanning the name, the longest name first: `Democratic` + `People` + `Republic of Korea` → `Democratic People’s Republic of Korea`; label from the name's actor: `LOC` for a state, `ORG` for an organisation, `PER` for a person, `MISC` for a demonym; score the mean of theirs) or `registry` (a name listed under `[[entity]]` in the actor registry, tagged whatever the model says, score 1; it replaces the entities it overlaps)"),
    ],
};

pub const STANCES: Schema = Schema {
    name: "stances",
    doc: "One row per sentence and codebook target: the stance the sentence takes and who holds it. A sentence whose clauses have holders of their own (`The U.S. wants …, while North Korea wants …`) has one row per clause and target instead, spanning the clause. Reporters' questions hold no position (label `none`, no holder).",
    columns: &[
        req("stance_id", Str, "`sentence_id:target`, or `sentence_id.k:target` for the k-th clause (from 1)"),
        req("sentence_id", Str, "The sentence"),
        req("turn_id", Str, "The turn"),
        req("doc_id", Str, "The document"),
        START, END, CHAR_START, CHAR_END,
        opt("holder", Str, "Registry id of the actor whose position the sentence expresses: the speaker's actor (a statement's issuer for its own text), or a party the sentence reports (`North Korea has called for …` → `PRK`; `sanctions were condemned by the Foreign Ministry`, `according to the spokesman, …`, `the spokesman said`, `he added` → the actor the document established; `the Security Council imposed sanctions` → `UN`, the subject of an act (an organ's position is its body's, the registry's `part_of`), not inside a relative clause); in an article's narration that reports nobody, the article's metadata `actor`, else the writer, `OTHER` (who speaks for no state, as the codebook has it); for a quotation by a named person the registry does not place, `OTHER`; empty for questions"),
        opt("holder_source", Str, "`speaker` (the speaker, a statement's issuer, an article's writer or metadata actor) or `reported` (a party other than the speaker: the subject of a reporting or attitude verb or of an act — a name, a role, a pronoun —, a passive's agent or the source of `according to`)"),
        req("target", Str, "Codebook target (`engagement`, `sanctions`, `denuclearization`, …)"),
        req("label", Str, "`favor`, `against` or `none`"),
        req("score", Type::Float, "Probability of the label; 1 when a cue settled it"),
        req("p_favor", Type::Float, "Probability of `favor`"),
        req("p_against", Type::Float, "Probability of `against`"),
        req("p_none", Type::Float, "Probability of `none`"),
        req("method", Str, "`classifier` or `nli`, or `cue` when a cue of the codebook settled the label (the `p_*` columns stay the model's)"),
        req("model", Str, "The model's name (its card and sha256 are in the manifest)"),
    ],
};

pub const POSITIONS: Schema = Schema {
    name: "positions",
    doc: "One row per actor × year × target with at least one sentence taking a position (`favor` or `against`) held by that actor.",
    columns: &[
        req("actor", Str, "The holder"),
        opt("year", Int, "The document's year"),
        req("target", Str, "Codebook target"),
        req("n", Int, "Sentences (or clauses) with a position (favor + against)"),
        req("favor", Int, "Sentences in favour"),
        req("against", Int, "Sentences against"),
        req("net", Type::Float, "(favor − against) / n, from −1 (all against) to 1 (all in favour)"),
        req("net_low", Type::Float, "Lower end of the 95% interval of `net` (Wilson score interval of the favour share, mapped to −1…1)"),
        req("net_high", Type::Float, "Upper end of the 95% interval of `net`"),
        req("evidence_favor", Str, "Up to 3 sentence ids of the most confident `favor` sentences, space-separated"),
        req("evidence_against", Str, "Up to 3 sentence ids of the most confident `against` sentences, space-separated"),
        req("held", Int, "All sentences (or clauses) of the cell held by the actor, `none` included: the base of the correction"),
        opt("favor_adj", Type::Float, "`favor` corrected for the stance model's measured errors (adjusted classify-and-count with the confusion on its card; null when the card has none for the target)"),
        opt("against_adj", Type::Float, "`against` corrected the same way"),
        opt("net_adj", Type::Float, "(favor_adj − against_adj) / (favor_adj + against_adj); null when the corrected counts hold no position"),
        opt("net_adj_low", Type::Float, "Lower end of the 95% interval of `net_adj` (null with it): a seeded bootstrap of both the cell's sentences and the confusion counts"),
        opt("net_adj_high", Type::Float, "Upper end of the 95% interval of `net_adj`"),
    ],
};

pub const ERRORS: Schema = Schema {
    name: "errors",
    doc: "One row per input, metadata file or document that could not be read or was read with a problem. The run goes on.",
    columns: &[
        req("path", Str, "The file concerned"),
        req("stage", Str, "`ingest` (finding, reading, decoding), `metadata` (metadata files, rules, front matter) or a later stage"),
        req("level", Str, "`error`: the file produced no rows; `warning`: it was processed, with the problem described"),
        req("message", Str, "What went wrong, in words"),
    ],
};

pub const ALL: &[Schema] = &[DOCUMENTS, TURNS, SENTENCES, ENTITIES, STANCES, POSITIONS, ERRORS];

/// The column reference of every table, as `docs/schema.md` carries it (a test keeps them equal).
pub fn schema_markdown() -> String {
    tables_markdown(ALL)
}

/// The column reference of some tables, in the format of `docs/schema.md`.
pub fn tables_markdown(schemas: &[Schema]) -> String {
    let mut out = String::new();
    for s in schemas {
        out.push_str(&format!(
            "## `{}`\n\n{}\n\n| column | type | null | meaning |\n|---|---|---|---|\n",
            s.name, s.doc
        ));
        for c in s.columns {
            let null = if c.nullable { "yes" } else { "no" };
            out.push_str(&format!("| `{}` | {} | {} | {} |\n", c.name, c.ty.name(), null, c.doc));
        }
        out.push('\n');
    }
    out
}
