//! Two small run folders written table by table, compared, and every number checked by hand.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use demarche_compare::{compare, Summary};
use demarche_stance::positions::{net_interval, Positions};
use demarche_stance::Label;
use demarche_tables::{
    read_parquet_rows, DocumentRow, EntityRow, PositionRow, SentenceRow, StanceRow, TableWriter, Value, DOCUMENTS,
    ENTITIES, POSITIONS, SCHEMA_VERSION, SENTENCES, STANCES,
};

const D1: &str = "a1a1a1a1a1a1a1a1"; // in both runs, 2015
const D2: &str = "b2b2b2b2b2b2b2b2"; // in both runs, 2016
const D3: &str = "c3c3c3c3c3c3c3c3"; // only in B, 2017
const D4: &str = "d4d4d4d4d4d4d4d4"; // only in A, 2014

const S3_TEXT: &str = "이 조치는 — the envoy’s café diplomacy — must continue.";
const S4_TEXT: &str = "Pyongyang’s position is clear: no.";

#[derive(Clone)]
struct Spec {
    run_id: &'static str,
    config_hash: &'static str,
    /// (doc_id, year)
    docs: Vec<(&'static str, Option<i64>)>,
    /// (sentence_id, start, end, text)
    sentences: Vec<(String, i64, i64, &'static str)>,
    /// (sentence_id, start, end, label, text)
    entities: Vec<(String, i64, i64, &'static str, &'static str)>,
    /// (sentence_id, target, label, score, holder)
    stances: Vec<(String, &'static str, &'static str, f64, Option<&'static str>)>,
    /// Rows of the positions table; `None`: computed from the stances, as a run does.
    positions: Option<Vec<PositionRow>>,
}

fn sid(doc: &str, seq: usize) -> String {
    format!("{doc}:0:{seq}")
}

fn doc_of(id: &str) -> &str {
    id.split(':').next().unwrap()
}

fn turn_of(id: &str) -> String {
    id.rsplit_once(':').unwrap().0.to_string()
}

/// Run A: documents D1, D2, D4.
fn spec_a() -> Spec {
    let sentences = vec![
        (sid(D1, 0), 0, 40, "Ambassador Kim’s remarks — on sanctions."),
        (sid(D1, 1), 41, 90, "North Korea must stop its tests."),
        (sid(D1, 2), 91, 150, S3_TEXT),
        (sid(D2, 0), 0, 30, S4_TEXT),
        (sid(D2, 1), 31, 60, "Question — what about the talks?"),
        (sid(D2, 2), 61, 90, "Le régime répond."),
        (sid(D4, 0), 0, 20, "Seoul’s view."),
    ];
    let entities = vec![
        (sid(D1, 0), 11, 14, "PER", "Kim"),
        (sid(D1, 1), 41, 52, "LOC", "North Korea"),
        (sid(D2, 0), 0, 14, "ORG", "Pyongyang’s"),
        (sid(D4, 0), 0, 5, "LOC", "Seoul"),
    ];
    let mut stances = vec![
        (sid(D1, 0), "sanctions", "favor", 0.9, Some("USA")),
        (sid(D1, 1), "sanctions", "against", 0.8, Some("PRK")),
        (sid(D1, 2), "sanctions", "favor", 0.7, Some("USA")),
        (sid(D2, 0), "sanctions", "against", 0.6, Some("PRK")),
        (sid(D2, 1), "sanctions", "none", 0.95, None),
        (sid(D2, 2), "sanctions", "none", 0.9, Some("PRK")),
        (sid(D4, 0), "sanctions", "against", 0.9, Some("USA")),
    ];
    engagement_none(&mut stances);
    Spec {
        run_id: "runa00000001",
        config_hash: "cfg-a",
        docs: vec![(D1, Some(2015)), (D2, Some(2016)), (D4, Some(2014))],
        sentences,
        entities,
        stances,
        positions: None,
    }
}

/// Run B: documents D1, D2, D3; two sanctions labels changed, one entity label changed, one
/// sentence with other offsets.
fn spec_b() -> Spec {
    let sentences = vec![
        (sid(D1, 0), 0, 40, "Ambassador Kim’s remarks — on sanctions."),
        (sid(D1, 1), 41, 90, "North Korea must stop its tests."),
        (sid(D1, 2), 91, 150, "(run B’s text)"),
        (sid(D2, 0), 0, 30, S4_TEXT),
        (sid(D2, 1), 31, 60, "Question — what about the talks?"),
        (sid(D2, 2), 61, 95, "Le régime répond, é."),
        (sid(D3, 0), 0, 25, "Korean officials met."),
    ];
    let entities = vec![
        (sid(D1, 0), 11, 14, "ORG", "Kim"),
        (sid(D1, 1), 41, 52, "LOC", "North Korea"),
        (sid(D2, 0), 0, 14, "ORG", "Pyongyang’s"),
        (sid(D3, 0), 0, 6, "MISC", "Korean"),
    ];
    let mut stances = vec![
        (sid(D1, 0), "sanctions", "favor", 0.91, Some("USA")),
        (sid(D1, 1), "sanctions", "against", 0.82, Some("PRK")),
        (sid(D1, 2), "sanctions", "against", 0.55, Some("USA")),
        (sid(D2, 0), "sanctions", "none", 0.65, Some("PRK")),
        (sid(D2, 1), "sanctions", "none", 0.97, None),
        (sid(D2, 2), "sanctions", "none", 0.9, Some("PRK")),
        (sid(D3, 0), "sanctions", "favor", 0.8, Some("PRK")),
    ];
    engagement_none(&mut stances);
    Spec {
        run_id: "runb00000002",
        config_hash: "cfg-b",
        docs: vec![(D1, Some(2015)), (D2, Some(2016)), (D3, Some(2017))],
        sentences,
        entities,
        stances,
        positions: None,
    }
}

/// Every sentence takes no position on `engagement`.
fn engagement_none(stances: &mut Vec<(String, &'static str, &'static str, f64, Option<&'static str>)>) {
    let more: Vec<_> = stances.iter().map(|s| (s.0.clone(), "engagement", "none", 0.99, s.4)).collect();
    stances.extend(more);
}

fn kv() -> Vec<(String, String)> {
    vec![("demarche.schema_version".to_string(), SCHEMA_VERSION.to_string())]
}

fn write_run(dir: &Path, spec: &Spec) {
    std::fs::create_dir_all(dir).unwrap();
    let manifest = serde_json::json!({ "tool": "demarche", "run_id": spec.run_id, "config_hash": spec.config_hash });
    std::fs::write(dir.join("manifest.json"), serde_json::to_string_pretty(&manifest).unwrap()).unwrap();
    let end = [("demarche.run_id".to_string(), spec.run_id.to_string())];

    let mut w = TableWriter::create(dir, DOCUMENTS, &kv()).unwrap();
    for (doc, year) in &spec.docs {
        w.write(DocumentRow {
            doc_id: doc.to_string(),
            path: format!("inputs/{doc}.txt"),
            title: None,
            date: year.map(|y| y.to_string()),
            year: *year,
            kind: "transcript".into(),
            source: None,
            actor: None,
            url: None,
            author: None,
            encoding: "utf-8".into(),
            sha256: doc.repeat(4),
            bytes: 200,
            turns: 1,
        })
        .unwrap();
    }
    w.finish_with(&end).unwrap();

    let offsets: BTreeMap<&str, (i64, i64)> =
        spec.sentences.iter().map(|(id, s, e, _)| (id.as_str(), (*s, *e))).collect();
    let mut w = TableWriter::create(dir, SENTENCES, &kv()).unwrap();
    for (id, start, end, text) in &spec.sentences {
        let seq: i64 = id.rsplit(':').next().unwrap().parse().unwrap();
        w.write(SentenceRow {
            sentence_id: id.clone(),
            turn_id: turn_of(id),
            doc_id: doc_of(id).into(),
            seq,
            start: *start,
            end: *end,
            char_start: *start,
            char_end: *end,
            text: text.to_string(),
        })
        .unwrap();
    }
    w.finish_with(&end).unwrap();

    let mut w = TableWriter::create(dir, ENTITIES, &kv()).unwrap();
    for (i, (id, start, end, label, text)) in spec.entities.iter().enumerate() {
        w.write(EntityRow {
            entity_id: format!("{id}:{i}"),
            sentence_id: id.clone(),
            turn_id: turn_of(id),
            doc_id: doc_of(id).into(),
            start: *start,
            end: *end,
            char_start: *start,
            char_end: *end,
            text: text.to_string(),
            label: label.to_string(),
            score: 0.9,
            actor: None,
            found_by: "model".into(),
        })
        .unwrap();
    }
    w.finish_with(&end).unwrap();

    let years: BTreeMap<&str, Option<i64>> = spec.docs.iter().map(|(d, y)| (*d, *y)).collect();
    let mut positions = Positions::default();
    let mut w = TableWriter::create(dir, STANCES, &kv()).unwrap();
    for (id, target, label, score, holder) in &spec.stances {
        let (start, end) = offsets[id.as_str()];
        let rest = (1.0 - score) / 2.0;
        let p = |l: &str| if l == *label { *score } else { rest };
        w.write(StanceRow {
            stance_id: format!("{id}:{target}"),
            sentence_id: id.clone(),
            turn_id: turn_of(id),
            doc_id: doc_of(id).into(),
            start,
            end,
            char_start: start,
            char_end: end,
            holder: holder.map(str::to_string),
            holder_source: holder.map(|_| "speaker".to_string()),
            target: target.to_string(),
            label: label.to_string(),
            score: *score,
            p_favor: p("favor"),
            p_against: p("against"),
            p_none: p("none"),
            method: "classifier".into(),
            model: "stance-test".into(),
        })
        .unwrap();
        let year = years[doc_of(id)];
        positions.add(*holder, year, target, Label::parse(label).unwrap(), *score as f32, id);
    }
    w.finish_with(&end).unwrap();

    // A fixture without a confusion: the corrected columns stay null, as in a run.
    let rows =
        spec.positions.clone().unwrap_or_else(|| positions.finish().into_iter().map(PositionRow::from).collect());
    let mut w = TableWriter::create(dir, POSITIONS, &kv()).unwrap();
    for r in rows {
        w.write(r).unwrap();
    }
    w.finish_with(&end).unwrap();
}

struct Fixture {
    _tmp: tempfile::TempDir,
    a: PathBuf,
    b: PathBuf,
    root: PathBuf,
}

fn fixture() -> Fixture {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().to_path_buf();
    let (a, b) = (root.join("run-a"), root.join("run-b"));
    write_run(&a, &spec_a());
    write_run(&b, &spec_b());
    Fixture { _tmp: tmp, a, b, root }
}

fn rows(out: &Path, table: &str) -> (Vec<String>, Vec<Vec<Value>>) {
    let t = read_parquet_rows(&out.join(format!("{table}.parquet"))).unwrap();
    (t.columns, t.rows)
}

fn s(x: &str) -> Value {
    Value::Str(x.to_string())
}
fn i(n: i64) -> Value {
    Value::Int(n)
}
fn f(x: f64) -> Value {
    Value::Float(x)
}
const NULL: Value = Value::Null;

#[test]
fn agreement_and_kappa_by_hand() {
    let fx = fixture();
    let out = fx.root.join("cmp");
    let summary = compare(&fx.a, &fx.b, &out).unwrap();
    let (columns, rows) = rows(&out, "agreement");
    assert_eq!(columns, ["target", "n", "agree", "agreement", "kappa", "favor_a", "against_a", "favor_b", "against_b"]);
    // sanctions, rows A / columns B (favor, against, none): [[1,1,0],[0,1,1],[0,0,1]].
    // p_o = 3/5; p_e = (2·1 + 2·2 + 1·2)/25 = 8/25; kappa = (15 − 8)/(25 − 8) = 7/17.
    // engagement: `none` throughout in both runs: kappa 1 by definition.
    assert_eq!(
        rows,
        [
            vec![s("engagement"), i(5), i(5), f(1.0), f(1.0), i(0), i(0), i(0), i(0)],
            vec![s("sanctions"), i(5), i(3), f(0.6), f(7.0 / 17.0), i(2), i(2), i(1), i(2)],
        ]
    );
    let t = &summary.targets[1];
    assert_eq!((t.target.as_str(), t.n, t.agree, t.changed), ("sanctions", 5, 3, 2));
    assert_eq!((t.agreement, t.kappa), (Some(0.6), Some(7.0 / 17.0)));
    // The sentence whose offsets differ in B is not compared.
    assert_eq!((summary.sentences.common, summary.sentences.only_a, summary.sentences.only_b), (5, 1, 1));
}

#[test]
fn confusion_has_all_nine_cells_per_target() {
    let fx = fixture();
    let out = fx.root.join("cmp");
    compare(&fx.a, &fx.b, &out).unwrap();
    let (columns, rows) = rows(&out, "confusion");
    assert_eq!(columns, ["target", "label_a", "label_b", "n"]);
    let labels = ["favor", "against", "none"];
    let mut expected = Vec::new();
    for (target, cells) in
        [("engagement", [[0, 0, 0], [0, 0, 0], [0, 0, 5]]), ("sanctions", [[1, 1, 0], [0, 1, 1], [0, 0, 1]])]
    {
        for (x, la) in labels.iter().enumerate() {
            for (y, lb) in labels.iter().enumerate() {
                expected.push(vec![s(target), s(la), s(lb), i(cells[x][y])]);
            }
        }
    }
    assert_eq!(rows, expected);
}

#[test]
fn changed_rows_carry_both_labels_and_run_a_text() {
    let fx = fixture();
    let out = fx.root.join("cmp");
    let summary = compare(&fx.a, &fx.b, &out).unwrap();
    assert_eq!(summary.changed, 2);
    let (columns, rows) = rows(&out, "changed");
    assert_eq!(
        columns,
        [
            "stance_id",
            "sentence_id",
            "doc_id",
            "target",
            "label_a",
            "label_b",
            "score_a",
            "score_b",
            "holder_a",
            "holder_b",
            "text"
        ]
    );
    assert_eq!(
        rows,
        [
            vec![
                s(&format!("{}:sanctions", sid(D1, 2))),
                s(&sid(D1, 2)),
                s(D1),
                s("sanctions"),
                s("favor"),
                s("against"),
                f(0.7),
                f(0.55),
                s("USA"),
                s("USA"),
                s(S3_TEXT)
            ],
            vec![
                s(&format!("{}:sanctions", sid(D2, 0))),
                s(&sid(D2, 0)),
                s(D2),
                s("sanctions"),
                s("against"),
                s("none"),
                f(0.6),
                f(0.65),
                s("PRK"),
                s("PRK"),
                s(S4_TEXT)
            ],
        ]
    );
    let csv = std::fs::read_to_string(out.join("changed.csv")).unwrap();
    assert_eq!(
        csv,
        format!(
            "stance_id,sentence_id,doc_id,target,label_a,label_b,score_a,score_b,holder_a,holder_b,text\n\
             {D1}:0:2:sanctions,{D1}:0:2,{D1},sanctions,favor,against,0.7,0.55,USA,USA,{S3_TEXT}\n\
             {D2}:0:0:sanctions,{D2}:0:0,{D2},sanctions,against,none,0.6,0.65,PRK,PRK,{S4_TEXT}\n"
        )
    );
}

#[test]
fn entity_precision_recall_f1_on_common_documents() {
    let fx = fixture();
    let out = fx.root.join("cmp");
    let summary = compare(&fx.a, &fx.b, &out).unwrap();
    let (columns, rows) = rows(&out, "entities");
    assert_eq!(columns, ["label", "n_a", "n_b", "matched", "precision", "recall", "f1"]);
    // `Kim` is PER in A and ORG in B; D4's LOC and D3's MISC are left out with their documents.
    assert_eq!(
        rows,
        [
            vec![s("LOC"), i(1), i(1), i(1), f(1.0), f(1.0), f(1.0)],
            vec![s("ORG"), i(1), i(2), i(1), f(0.5), f(1.0), f(2.0 / 3.0)],
            vec![s("PER"), i(1), i(0), i(0), NULL, f(0.0), f(0.0)],
            vec![s("all"), i(3), i(3), i(2), f(2.0 / 3.0), f(2.0 / 3.0), f(2.0 / 3.0)],
        ]
    );
    let e = &summary.entities;
    assert_eq!((e.n_a, e.n_b, e.matched), (3, 3, 2));
    assert_eq!((e.precision, e.recall, e.f1), (Some(2.0 / 3.0), Some(2.0 / 3.0), Some(2.0 / 3.0)));
}

#[test]
fn positions_recomputed_on_common_documents_and_flagged() {
    let fx = fixture();
    let out = fx.root.join("cmp");
    let summary = compare(&fx.a, &fx.b, &out).unwrap();
    let (columns, rows) = rows(&out, "positions");
    assert_eq!(
        columns,
        [
            "actor",
            "year",
            "target",
            "n_a",
            "net_a",
            "net_low_a",
            "net_high_a",
            "n_b",
            "net_b",
            "net_low_b",
            "net_high_b",
            "change",
            "flagged"
        ]
    );
    let side = |favor: usize, n: usize| {
        let (lo, hi) = net_interval(favor, n);
        vec![i(n as i64), f((favor as f64 * 2.0 - n as f64) / n as f64), f(lo), f(hi)]
    };
    let row = |actor: &str, year: i64, a: Vec<Value>, b: Vec<Value>, change: Value, flagged: &str| {
        let mut r = vec![s(actor), i(year), s("sanctions")];
        r.extend(a);
        r.extend(b);
        r.extend([change, s(flagged)]);
        r
    };
    // USA 2014 (D4, only in A) and PRK 2017 (D3, only in B) are not in the common documents.
    // USA 2015: A 2 of 2 in favour (net 1, interval [−0.32, 1]); B 1 of 2 (net 0, interval
    // [−0.81, 0.81]): A's net lies outside B's interval.
    assert_eq!(
        rows,
        [
            row("PRK", 2015, side(0, 1), side(0, 1), f(0.0), "no"),
            row("PRK", 2016, side(0, 1), vec![NULL; 4], NULL, "no"),
            row("USA", 2015, side(2, 2), side(1, 2), f(-1.0), "yes"),
        ]
    );
    let p = &summary.positions;
    assert!(p.recomputed);
    assert_eq!((p.both, p.only_a, p.only_b, p.changed, p.flagged), (2, 1, 0, 1, 1));
}

#[test]
fn documents_left_out_summary_json_and_printed_summary() {
    let fx = fixture();
    let out = fx.root.join("cmp");
    let summary = compare(&fx.a, &fx.b, &out).unwrap();
    assert_eq!((summary.documents.common, summary.documents.only_a, summary.documents.only_b), (2, 1, 1));
    assert_eq!(summary.out, out);
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap()).unwrap();
    assert_eq!(json["a"]["run_id"], "runa00000001");
    assert_eq!(json["a"]["config_hash"], "cfg-a");
    assert_eq!(json["b"]["run_id"], "runb00000002");
    assert_eq!(json["b"]["config_hash"], "cfg-b");
    assert_eq!(json["documents"], serde_json::json!({ "common": 2, "only_a": 1, "only_b": 1 }));
    let back: Summary = serde_json::from_value(json).unwrap();
    assert_eq!(Summary { out: out.clone(), ..back }, summary);
    assert_eq!(
        summary.to_string(),
        "run A: runa00000001 (config cfg-a), 3 documents\n\
         run B: runb00000002 (config cfg-b), 3 documents\n\
         documents: 2 common, 1 only in A, 1 only in B (left out)\n\
         sentences: 5 common, 1 only in A, 1 only in B\n\
         stance engagement: n 5, agreement 1.000, kappa 1.000, 0 changed\n\
         stance sanctions: n 5, agreement 0.600, kappa 0.412, 2 changed\n\
         entities: 3 in A, 3 in B, 2 matched: precision 0.667, recall 0.667, F1 0.667\n\
         positions (recomputed on common documents): 2 in both, 1 only in A, 0 only in B; 1 changed, 1 flagged"
    );
    // Every table carries the schema version and both run ids.
    let t = read_parquet_rows(&out.join("positions.parquet")).unwrap();
    for kv in [("demarche.schema_version", SCHEMA_VERSION), ("demarche.run_a", "runa00000001")] {
        assert!(t.metadata.contains(&(kv.0.to_string(), kv.1.to_string())), "{:?}", t.metadata);
    }
    assert!(t.metadata.contains(&("demarche.table".to_string(), "positions".to_string())));
}

#[test]
fn same_documents_use_the_positions_tables() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    let position = |actor: &str, year: Option<i64>, n: i64, net: f64, low: f64, high: f64| PositionRow {
        actor: actor.into(),
        year,
        target: "sanctions".into(),
        n,
        favor: 0,
        against: 0,
        net,
        net_low: low,
        net_high: high,
        evidence_favor: String::new(),
        evidence_against: String::new(),
        held: n,
        favor_adj: None,
        against_adj: None,
        net_adj: None,
        net_adj_low: None,
        net_adj_high: None,
    };
    // Numbers no recomputation would give: the tables must be used as they are.
    let mut spec = spec_a();
    spec.positions = Some(vec![position("USA", Some(2015), 40, 0.5, 0.25, 0.75)]);
    write_run(&a, &spec);
    spec.run_id = "runa00000003";
    spec.positions =
        Some(vec![position("PRK", None, 7, -0.5, -0.9, 0.1), position("USA", Some(2015), 40, 0.2, 0.0, 0.45)]);
    write_run(&b, &spec);
    let out = tmp.path().join("cmp");
    let summary = compare(&a, &b, &out).unwrap();
    assert_eq!((summary.documents.common, summary.documents.only_a, summary.documents.only_b), (3, 0, 0));
    let (_, rows) = rows(&out, "positions");
    assert_eq!(
        rows,
        [
            vec![s("PRK"), NULL, s("sanctions"), NULL, NULL, NULL, NULL, i(7), f(-0.5), f(-0.9), f(0.1), NULL, s("no")],
            vec![
                s("USA"),
                i(2015),
                s("sanctions"),
                i(40),
                f(0.5),
                f(0.25),
                f(0.75),
                i(40),
                f(0.2),
                f(0.0),
                f(0.45),
                f(0.2 - 0.5),
                s("yes")
            ],
        ]
    );
    let p = &summary.positions;
    assert!(!p.recomputed);
    assert_eq!((p.both, p.only_a, p.only_b, p.changed, p.flagged), (1, 0, 1, 1, 1));
    // The same labels throughout: full agreement, nothing changed.
    assert!(summary.targets.iter().all(|t| t.n == 7 && t.agree == 7 && t.kappa == Some(1.0)));
    assert_eq!(summary.changed, 0);
    assert_eq!(std::fs::read_to_string(out.join("changed.csv")).unwrap().lines().count(), 1);
}

fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (e.file_name().to_string_lossy().to_string(), std::fs::read(e.path()).unwrap())
        })
        .collect()
}

#[test]
fn comparing_twice_gives_byte_identical_files() {
    let fx = fixture();
    let (one, two) = (fx.root.join("one"), fx.root.join("out").join("two"));
    compare(&fx.a, &fx.b, &one).unwrap();
    compare(&fx.a, &fx.b, &two).unwrap();
    let first = files(&one);
    let names: Vec<&str> = first.keys().map(String::as_str).collect();
    assert_eq!(
        names,
        [
            "agreement.csv",
            "agreement.parquet",
            "changed.csv",
            "changed.parquet",
            "confusion.csv",
            "confusion.parquet",
            "entities.csv",
            "entities.parquet",
            "positions.csv",
            "positions.parquet",
            "summary.json"
        ]
    );
    assert!(first == files(&two));
    // Comparing again into the same folder replaces it whole, with the same bytes.
    compare(&fx.a, &fx.b, &one).unwrap();
    assert!(first == files(&one));
    // No staging folder is left; the writers' lock files stay (`.NAME.lock`).
    let mut siblings: Vec<String> = std::fs::read_dir(&fx.root)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| !n.ends_with(".lock"))
        .collect();
    siblings.sort();
    assert_eq!(siblings, ["one", "out", "run-a", "run-b"]);
}

#[test]
fn folder_without_manifest_is_an_error() {
    let fx = fixture();
    std::fs::remove_file(fx.a.join("manifest.json")).unwrap();
    let out = fx.root.join("cmp");
    let err = compare(&fx.a, &fx.b, &out).unwrap_err();
    assert_eq!(err.to_string(), format!("{}: not a run folder (no manifest.json)", fx.a.display()));
    assert!(!out.exists());
    let missing = fx.root.join("nowhere");
    let err = compare(&fx.b, &missing, &out).unwrap_err();
    assert_eq!(err.to_string(), format!("{}: not a run folder (no such folder)", missing.display()));
}

#[test]
fn missing_stances_table_is_an_error() {
    let fx = fixture();
    std::fs::remove_file(fx.b.join("stances.parquet")).unwrap();
    let out = fx.root.join("cmp");
    let err = compare(&fx.a, &fx.b, &out).unwrap_err();
    assert_eq!(err.to_string(), format!("{}: not a run folder (no stances.parquet)", fx.b.display()));
    assert!(!out.exists());
}

#[test]
fn a_table_with_other_columns_is_an_error() {
    let fx = fixture();
    let elsewhere = fx.root.join("elsewhere");
    std::fs::create_dir(&elsewhere).unwrap();
    let mut w = TableWriter::create(&elsewhere, SENTENCES, &kv()).unwrap();
    w.write(SentenceRow {
        sentence_id: "x".into(),
        turn_id: "x".into(),
        doc_id: "x".into(),
        seq: 0,
        start: 0,
        end: 1,
        char_start: 0,
        char_end: 1,
        text: "x".into(),
    })
    .unwrap();
    w.finish().unwrap();
    std::fs::rename(elsewhere.join("sentences.parquet"), fx.a.join("documents.parquet")).unwrap();
    let err = compare(&fx.a, &fx.b, &fx.root.join("cmp")).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "{}: columns (sentence_id, turn_id, doc_id, seq, start, end, char_start, char_end, text) are not those \
             of the documents table (doc_id, path, title, date, year, kind, source, actor, url, author, encoding, \
             sha256, bytes, turns)",
            fx.a.join("documents.parquet").display()
        )
    );
}

#[test]
fn refuses_to_replace_a_folder_that_is_not_a_comparison() {
    let fx = fixture();
    let out = fx.root.join("notes");
    std::fs::create_dir(&out).unwrap();
    std::fs::write(out.join("notes.txt"), "keep me").unwrap();
    let err = compare(&fx.a, &fx.b, &out).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "{}: refusing to replace a folder that is neither empty nor a comparison: no summary.json",
            out.display()
        )
    );
    assert_eq!(std::fs::read_to_string(out.join("notes.txt")).unwrap(), "keep me");
    let err = compare(&fx.a, &fx.b, &fx.b).unwrap_err();
    assert_eq!(err.to_string(), format!("{}: is run B; write the comparison to another folder", fx.b.display()));
    assert!(fx.b.join("manifest.json").exists());
}
