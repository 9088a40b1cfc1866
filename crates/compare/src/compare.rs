//! The comparison itself: pairing documents, sentences, stances, entities and positions of
//! two runs, and writing the tables.

use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use demarche_stance::positions::Positions;
use demarche_stance::Label;
use demarche_tables::{Schema, SentenceRow, TableWriter, Value, SCHEMA_VERSION};

use crate::read::{Pos, PosKey, Run, Stance};
use crate::schema::{AGREEMENT, CHANGED, CONFUSION, ENTITIES, POSITIONS};
use demarche_tables::{write_atomic, Kind, Staging};

/// The file that marks a folder as a comparison (written last).
const MARKER: &str = "summary.json";
use crate::{EntityAgreement, Error, Overlap, PositionChanges, RunInfo, Summary, TargetAgreement};

/// Slack when testing whether a net score lies outside an interval, so that rounding in the
/// interval's ends never flags a position whose counts did not change.
const EPS: f64 = 1e-9;

/// Compares run `run_a` with run `run_b` over the documents both hold and writes the
/// comparison into `out` (created, or replaced when it holds an earlier comparison).
pub fn compare(run_a: &Path, run_b: &Path, out: &Path) -> Result<Summary, Error> {
    let a = Run::read(run_a)?;
    let b = Run::read(run_b)?;
    for (side, dir) in [("A", run_a), ("B", run_b)] {
        if same_folder(out, dir) {
            return Err(Error::Output {
                path: out.display().to_string(),
                reason: format!("is run {side}; write the comparison to another folder"),
            });
        }
    }

    let common: BTreeSet<&str> =
        a.documents.keys().filter(|d| b.documents.contains_key(*d)).map(String::as_str).collect();
    let documents = Overlap {
        common: common.len(),
        only_a: a.documents.len() - common.len(),
        only_b: b.documents.len() - common.len(),
    };

    // Sentences: the same id with the same offsets in both runs.
    let sentences_a = sentences(&a, &common);
    let sentences_b = sentences(&b, &common);
    let matched: BTreeSet<&str> = sentences_a
        .iter()
        .filter(|(id, s)| sentences_b.get(*id).is_some_and(|t| (t.start, t.end) == (s.start, s.end)))
        .map(|(id, _)| *id)
        .collect();
    let sentence_overlap = Overlap {
        common: matched.len(),
        only_a: sentences_a.len() - matched.len(),
        only_b: sentences_b.len() - matched.len(),
    };

    // Stances: per target, the confusion cells of the compared sentences and the changes.
    let stances_a = stances(&a, &common);
    let stances_b = stances(&b, &common);
    let mut cells: BTreeMap<&str, [[usize; 3]; 3]> =
        stances_a.keys().chain(stances_b.keys()).map(|(t, ..)| (*t, [[0; 3]; 3])).collect();
    let mut changed_rows: Vec<(&str, &Stance, &Stance)> = Vec::new();
    for (key @ (target, sid, _), sa) in &stances_a {
        let Some(sb) = stances_b.get(key).filter(|_| matched.contains(sid)) else { continue };
        cells.get_mut(target).expect("target collected")[sa.label.index()][sb.label.index()] += 1;
        if sa.label != sb.label {
            changed_rows.push((target, sa, sb));
        }
    }
    changed_rows.sort_by(|x, y| {
        x.0.cmp(y.0).then_with(|| id_cmp(&x.1.sentence_id, &y.1.sentence_id)).then(x.1.start.cmp(&y.1.start))
    });

    let mut targets = Vec::new();
    let mut agreement_rows = Vec::new();
    let mut confusion_rows = Vec::new();
    for (target, c) in &cells {
        let n: usize = c.iter().flatten().sum();
        let agree: usize = (0..3).map(|i| c[i][i]).sum();
        let agreement = (n > 0).then(|| agree as f64 / n as f64);
        let kappa = kappa(c);
        let a_count = |l: Label| c[l.index()].iter().sum::<usize>();
        let b_count = |l: Label| c.iter().map(|row| row[l.index()]).sum::<usize>();
        agreement_rows.push(vec![
            ("target", (*target).into()),
            ("n", n.into()),
            ("agree", agree.into()),
            ("agreement", agreement.into()),
            ("kappa", kappa.into()),
            ("favor_a", a_count(Label::Favor).into()),
            ("against_a", a_count(Label::Against).into()),
            ("favor_b", b_count(Label::Favor).into()),
            ("against_b", b_count(Label::Against).into()),
        ]);
        for la in Label::ALL {
            for lb in Label::ALL {
                confusion_rows.push(vec![
                    ("target", (*target).into()),
                    ("label_a", la.as_str().into()),
                    ("label_b", lb.as_str().into()),
                    ("n", c[la.index()][lb.index()].into()),
                ]);
            }
        }
        targets.push(TargetAgreement { target: target.to_string(), n, agree, agreement, kappa, changed: n - agree });
    }
    let changed = changed_rows.len();
    let changed_rows: Vec<Cells> = changed_rows
        .into_iter()
        .map(|(target, sa, sb)| {
            let text = sentences_a.get(sa.sentence_id.as_str()).map(|s| s.text.as_str()).unwrap_or_default();
            vec![
                ("stance_id", sa.stance_id.as_str().into()),
                ("sentence_id", sa.sentence_id.as_str().into()),
                ("doc_id", sa.doc_id.as_str().into()),
                ("target", target.into()),
                ("label_a", sa.label.as_str().into()),
                ("label_b", sb.label.as_str().into()),
                ("score_a", Value::Float(sa.score)),
                ("score_b", Value::Float(sb.score)),
                ("holder_a", sa.holder.clone().into()),
                ("holder_b", sb.holder.clone().into()),
                ("text", text.into()),
            ]
        })
        .collect();

    let (entity_rows, entities) = entity_agreement(&a, &b, &common);

    // Positions: the runs' own tables when they hold the same documents; otherwise both
    // recomputed from their stances in the common documents.
    let recomputed = documents.only_a > 0 || documents.only_b > 0;
    let (positions_a, positions_b) = if recomputed {
        (recompute_positions(&a, &common), recompute_positions(&b, &common))
    } else {
        (a.positions.clone(), b.positions.clone())
    };
    let (position_rows, positions) = join_positions(&positions_a, &positions_b, recomputed);

    let summary = Summary {
        out: out.to_path_buf(),
        a: RunInfo { run_id: a.run_id.clone(), config_hash: a.config_hash.clone(), documents: a.documents.len() },
        b: RunInfo { run_id: b.run_id.clone(), config_hash: b.config_hash.clone(), documents: b.documents.len() },
        documents,
        sentences: sentence_overlap,
        targets,
        changed,
        entities,
        positions,
    };

    let staging = Staging::new(out, &Kind::tables("a comparison", MARKER, &["a", "b"], crate::schema::ALL))?;
    let kv = [("demarche.schema_version".to_string(), SCHEMA_VERSION.to_string())];
    let end_kv = [("demarche.run_a".to_string(), a.run_id.clone()), ("demarche.run_b".to_string(), b.run_id.clone())];
    let tables: [(Schema, Vec<Cells>); 5] = [
        (AGREEMENT, agreement_rows),
        (CONFUSION, confusion_rows),
        (CHANGED, changed_rows),
        (ENTITIES, entity_rows),
        (POSITIONS, position_rows),
    ];
    for (schema, rows) in tables {
        let mut w = TableWriter::create(&staging.path, schema, &kv)?;
        for r in rows {
            w.write_cells(r)?;
        }
        w.finish_with(&end_kv)?;
    }
    let mut json = serde_json::to_string_pretty(&summary).expect("summary serialises");
    json.push('\n');
    write_atomic(&staging.path.join(MARKER), json.as_bytes())?;
    staging.commit()?;
    Ok(summary)
}

fn same_folder(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    }
}

/// A row of a comparison table: its cells named by their columns, which the writer checks.
type Cells = Vec<(&'static str, Value)>;

/// The run's sentences in the common documents, by id.
fn sentences<'r>(run: &'r Run, common: &BTreeSet<&str>) -> BTreeMap<&'r str, &'r SentenceRow> {
    run.sentences.iter().filter(|s| common.contains(s.doc_id.as_str())).map(|s| (s.sentence_id.as_str(), s)).collect()
}

/// The run's stances in the common documents, by (target, sentence id).
/// (target, sentence_id, start) → the run's stance row: a sentence's clauses are compared
/// one by one.
fn stances<'r>(run: &'r Run, common: &BTreeSet<&str>) -> BTreeMap<(&'r str, &'r str, i64), &'r Stance> {
    run.stances
        .iter()
        .filter(|s| common.contains(s.doc_id.as_str()))
        .map(|s| ((s.target.as_str(), s.sentence_id.as_str(), s.start), s))
        .collect()
}

/// Cohen's kappa of a confusion matrix (rows: run A, columns: run B); 1 when both runs give
/// one and the same label throughout (no disagreement is possible by chance either), `None`
/// when there is nothing to compare.
pub(crate) fn kappa(c: &[[usize; 3]; 3]) -> Option<f64> {
    let n: usize = c.iter().flatten().sum();
    if n == 0 {
        return None;
    }
    let agree: usize = (0..3).map(|i| c[i][i]).sum();
    let chance: usize = (0..3).map(|k| c[k].iter().sum::<usize>() * c.iter().map(|r| r[k]).sum::<usize>()).sum();
    if chance == n * n {
        return Some(1.0);
    }
    // (p_o − p_e) / (1 − p_e) with p_o = agree / n and p_e = chance / n², multiplied by n².
    Some((n as f64 * agree as f64 - chance as f64) / (n as f64 * n as f64 - chance as f64))
}

/// The `entities` rows (one per label, then `all`) and the `all` figures.
fn entity_agreement(a: &Run, b: &Run, common: &BTreeSet<&str>) -> (Vec<Cells>, EntityAgreement) {
    /// (doc_id, start, end, label) → entities.
    fn count<'r>(run: &'r Run, common: &BTreeSet<&str>) -> BTreeMap<(&'r str, i64, i64, &'r str), usize> {
        let mut m = BTreeMap::new();
        for e in run.entities.iter().filter(|e| common.contains(e.doc_id.as_str())) {
            *m.entry((e.doc_id.as_str(), e.start, e.end, e.label.as_str())).or_default() += 1;
        }
        m
    }
    let (ea, eb) = (count(a, common), count(b, common));
    // label → [n_a, n_b, matched]
    let mut labels: BTreeMap<&str, [usize; 3]> = BTreeMap::new();
    for (key, na) in &ea {
        let l = labels.entry(key.3).or_default();
        l[0] += na;
        l[2] += (*na).min(eb.get(key).copied().unwrap_or(0));
    }
    for (key, nb) in &eb {
        labels.entry(key.3).or_default()[1] += nb;
    }
    let all = labels.values().fold([0; 3], |acc, l| [acc[0] + l[0], acc[1] + l[1], acc[2] + l[2]]);
    let figures = |[n_a, n_b, matched]: [usize; 3]| EntityAgreement {
        n_a,
        n_b,
        matched,
        precision: (n_b > 0).then(|| matched as f64 / n_b as f64),
        recall: (n_a > 0).then(|| matched as f64 / n_a as f64),
        f1: (n_a + n_b > 0).then(|| 2.0 * matched as f64 / (n_a + n_b) as f64),
    };
    let rows = labels
        .iter()
        .map(|(l, c)| (*l, figures(*c)))
        .chain([("all", figures(all))])
        .map(|(label, e)| {
            vec![
                ("label", label.into()),
                ("n_a", e.n_a.into()),
                ("n_b", e.n_b.into()),
                ("matched", e.matched.into()),
                ("precision", e.precision.into()),
                ("recall", e.recall.into()),
                ("f1", e.f1.into()),
            ]
        })
        .collect();
    (rows, figures(all))
}

/// Positions from the run's stances in the common documents, as a run computes them.
fn recompute_positions(run: &Run, common: &BTreeSet<&str>) -> BTreeMap<PosKey, Pos> {
    let mut positions = Positions::default();
    for s in run.stances.iter().filter(|s| common.contains(s.doc_id.as_str())) {
        let year = run.documents.get(&s.doc_id).copied().flatten();
        positions.add(s.holder.as_deref(), year, &s.target, s.label, s.score as f32, &s.sentence_id);
    }
    positions
        .finish()
        .into_iter()
        .map(|p| {
            let pos = Pos { n: p.n as i64, net: p.net, low: p.low, high: p.high };
            ((p.key.actor, p.key.year, p.key.target), pos)
        })
        .collect()
}

/// The `positions` rows (a full outer join, by target, actor and year) and their counts.
fn join_positions(
    a: &BTreeMap<PosKey, Pos>,
    b: &BTreeMap<PosKey, Pos>,
    recomputed: bool,
) -> (Vec<Cells>, PositionChanges) {
    let mut keys: Vec<&PosKey> = a.keys().chain(b.keys()).collect();
    keys.sort_by(|x, y| (&x.2, &x.0, x.1).cmp(&(&y.2, &y.0, y.1)));
    keys.dedup();
    let mut counts = PositionChanges { recomputed, both: 0, only_a: 0, only_b: 0, changed: 0, flagged: 0 };
    let mut rows = Vec::new();
    for key in keys {
        let (pa, pb) = (a.get(key), b.get(key));
        let (change, flagged) = match (pa, pb) {
            (Some(pa), Some(pb)) => {
                let outside = |net: f64, p: &Pos| net < p.low - EPS || net > p.high + EPS;
                let flagged = outside(pb.net, pa) || outside(pa.net, pb);
                counts.both += 1;
                counts.changed += usize::from(pb.net != pa.net);
                counts.flagged += usize::from(flagged);
                (Some(pb.net - pa.net), flagged)
            }
            (Some(_), None) => {
                counts.only_a += 1;
                (None, false)
            }
            _ => {
                counts.only_b += 1;
                (None, false)
            }
        };
        let side = |p: Option<&Pos>, names: [&'static str; 4]| -> [(&'static str, Value); 4] {
            let [n, net, low, high] = names;
            [
                (n, p.map(|p| p.n).into()),
                (net, p.map(|p| p.net).into()),
                (low, p.map(|p| p.low).into()),
                (high, p.map(|p| p.high).into()),
            ]
        };
        let mut row: Cells =
            vec![("actor", key.0.as_str().into()), ("year", key.1.into()), ("target", key.2.as_str().into())];
        row.extend(side(pa, ["n_a", "net_a", "net_low_a", "net_high_a"]));
        row.extend(side(pb, ["n_b", "net_b", "net_low_b", "net_high_b"]));
        row.push(("change", change.into()));
        row.push(("flagged", if flagged { "yes" } else { "no" }.into()));
        rows.push(row);
    }
    (rows, counts)
}

/// Orders ids like `doc_id:turn:sentence` part by part, numeric parts by value, so that
/// sentence 10 of a turn comes after sentence 9.
pub(crate) fn id_cmp(x: &str, y: &str) -> Ordering {
    let mut xs = x.split(':');
    let mut ys = y.split(':');
    let mut first = true;
    loop {
        let ord = match (xs.next(), ys.next()) {
            (None, None) => return Ordering::Equal,
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(p), Some(q)) if first => p.cmp(q),
            (Some(p), Some(q)) => match (p.parse::<u64>(), q.parse::<u64>()) {
                (Ok(m), Ok(n)) => m.cmp(&n).then_with(|| p.cmp(q)),
                (Ok(_), Err(_)) => Ordering::Less,
                (Err(_), Ok(_)) => Ordering::Greater,
                (Err(_), Err(_)) => p.cmp(q),
            },
        };
        first = false;
        if ord != Ordering::Equal {
            return ord;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_order_numerically_after_the_document() {
        let mut ids = vec!["b:0:10", "a:1:0", "b:0:9", "b:0:2", "a:0:11", "b:10:0", "b:2:0"];
        ids.sort_by(|x, y| id_cmp(x, y));
        assert_eq!(ids, ["a:0:11", "a:1:0", "b:0:2", "b:0:9", "b:0:10", "b:2:0", "b:10:0"]);
    }

    #[test]
    fn kappa_by_hand() {
        // Rows run A, columns run B, in the order favor, against, none.
        assert_eq!(kappa(&[[1, 1, 0], [0, 1, 1], [0, 0, 1]]), Some(7.0 / 17.0));
        assert_eq!(kappa(&[[0, 0, 0], [0, 0, 0], [0, 0, 4]]), Some(1.0));
        assert_eq!(kappa(&[[0, 0, 0], [0, 0, 0], [0, 0, 0]]), None);
        // Complete disagreement between two balanced raters.
        assert_eq!(kappa(&[[0, 2, 0], [2, 0, 0], [0, 0, 0]]), Some(-1.0));
        // One run constant, the other not: no agreement beyond chance.
        assert_eq!(kappa(&[[0, 0, 0], [0, 0, 0], [1, 1, 2]]), Some(0.0));
    }
}
