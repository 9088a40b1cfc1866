//! Positions per actor × year × target: how many sentences held a position, how many for
//! and against, the net score `(favor − against) / n` with a 95% interval, and the
//! strongest evidence sentences. Cells are built from stance rows in any order; the output
//! is sorted, so runs and merged shards agree.
//!
//! A classifier's errors bias the counts: with the model's measured confusion on a labelled
//! set ([`Confusion`]), each cell also gets counts corrected for those errors (adjusted
//! classify-and-count) and an interval that covers both the sampling of the cell's sentences
//! and the uncertainty of the measured error rates (a seeded bootstrap of both).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::{bootstrap, Label};

/// The evidence sentences kept per cell and direction.
pub const EVIDENCE: usize = 3;

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Key {
    pub actor: String,
    pub year: Option<i64>,
    pub target: String,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Cell {
    pub favor: usize,
    pub against: usize,
    /// The holder's sentences of the cell labelled `none` (for the correction).
    pub none: usize,
    /// (score, sentence id) of the strongest favor and against sentences, strongest first.
    pub top_favor: Vec<(f32, String)>,
    pub top_against: Vec<(f32, String)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Position {
    pub key: Key,
    pub n: usize,
    pub favor: usize,
    pub against: usize,
    pub net: f64,
    pub low: f64,
    pub high: f64,
    pub evidence_favor: Vec<String>,
    pub evidence_against: Vec<String>,
    /// All the holder's sentences of the cell, `none` included.
    pub held: usize,
    /// Counts corrected for the model's measured errors, when the target has a confusion.
    pub adjusted: Option<Adjusted>,
}

/// The `positions` table's row of a cell; corrected figures rounded to 4 decimals, null
/// without a correction.
impl From<Position> for demarche_tables::PositionRow {
    fn from(p: Position) -> Self {
        let a = p.adjusted.as_ref();
        let adjusted = |f: &dyn Fn(&Adjusted) -> Option<f64>| a.and_then(f).map(|x| (x * 1e4).round() / 1e4);
        demarche_tables::PositionRow {
            actor: p.key.actor.clone(),
            year: p.key.year,
            target: p.key.target.clone(),
            n: p.n as i64,
            favor: p.favor as i64,
            against: p.against as i64,
            net: p.net,
            net_low: p.low,
            net_high: p.high,
            evidence_favor: p.evidence_favor.join(" "),
            evidence_against: p.evidence_against.join(" "),
            held: p.held as i64,
            favor_adj: adjusted(&|a| Some(a.favor)),
            against_adj: adjusted(&|a| Some(a.against)),
            net_adj: adjusted(&|a| a.net),
            net_adj_low: adjusted(&|a| a.net.map(|_| a.low)),
            net_adj_high: adjusted(&|a| a.net.map(|_| a.high)),
        }
    }
}

/// A cell's counts corrected for the model's errors, with a 95% interval of the net score.
#[derive(Debug, Clone, PartialEq)]
pub struct Adjusted {
    pub favor: f64,
    pub against: f64,
    /// `None` when the corrected counts hold no position.
    pub net: Option<f64>,
    pub low: f64,
    pub high: f64,
}

/// A stance model's measured errors on one target: counts of (gold, predicted) pairs on a
/// labelled set it was not trained on; rows gold, columns predicted, order favor, against, none.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Confusion(pub [[u64; 3]; 3]);

impl Confusion {
    /// From paired gold and predicted labels.
    pub fn from_pairs(gold: &[Label], pred: &[Label]) -> Confusion {
        let mut m = [[0u64; 3]; 3];
        for (g, p) in gold.iter().zip(pred) {
            m[g.index()][p.index()] += 1;
        }
        Confusion(m)
    }

    /// P(predicted j | gold i), or `None` when a gold class has no rows.
    fn rates(&self) -> Option<[[f64; 3]; 3]> {
        let mut r = [[0.0; 3]; 3];
        for (i, row) in self.0.iter().enumerate() {
            let n: u64 = row.iter().sum();
            if n == 0 {
                return None;
            }
            for j in 0..3 {
                r[i][j] = row[j] as f64 / n as f64;
            }
        }
        Some(r)
    }
}

/// Adjusted classify-and-count: the true counts `t` whose expected predictions match the
/// predicted counts `c` (c_j = Σ_i t_i · P(j | i)), negative solutions clipped to zero and
/// the rest scaled to the same total. `None` when the rates cannot be inverted.
pub fn correct(predicted: [f64; 3], rates: &[[f64; 3]; 3]) -> Option<[f64; 3]> {
    // Solve Rᵀ t = c by Cramer's rule (3 × 3).
    let a = |r: usize, c: usize| rates[c][r];
    let det3 = |m: [[f64; 3]; 3]| {
        m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1]) - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
            + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0])
    };
    let m = [[a(0, 0), a(0, 1), a(0, 2)], [a(1, 0), a(1, 1), a(1, 2)], [a(2, 0), a(2, 1), a(2, 2)]];
    let det = det3(m);
    if det.abs() < 1e-9 {
        return None;
    }
    let mut t = [0.0; 3];
    for (k, tk) in t.iter_mut().enumerate() {
        let mut mk = m;
        for r in 0..3 {
            mk[r][k] = predicted[r];
        }
        *tk = (det3(mk) / det).max(0.0);
    }
    let (total, sum) = (predicted.iter().sum::<f64>(), t.iter().sum::<f64>());
    if sum <= 0.0 {
        return None;
    }
    Some(t.map(|x| x * total / sum))
}

/// The net score of corrected counts, `None` when they hold no position.
fn net_of(t: [f64; 3]) -> Option<f64> {
    let n = t[0] + t[1];
    (n > 1e-12).then(|| (t[0] - t[1]) / n)
}

/// Corrected counts of a cell and their interval: the cell's predicted counts resampled
/// (multinomial) and the confusion's rows resampled (multinomial per gold class), corrected
/// each time; `key` seeds the generator, so the interval is the same on every run.
fn adjust(cell: [u64; 3], confusion: &Confusion, key: &str) -> Option<Adjusted> {
    let rates = confusion.rates()?;
    let t = correct(cell.map(|x| x as f64), &rates)?;
    let mut rng = bootstrap::rng(key);
    let total: u64 = cell.iter().sum();
    let mut nets = Vec::with_capacity(bootstrap::REPLICATES);
    for _ in 0..bootstrap::REPLICATES {
        let c = bootstrap::multinomial(&mut rng, total, cell.map(|x| x as f64));
        let mut m = Confusion([[0; 3]; 3]);
        for (i, row) in confusion.0.iter().enumerate() {
            m.0[i] = bootstrap::multinomial(&mut rng, row.iter().sum(), row.map(|x| x as f64));
        }
        let corrected = m.rates().and_then(|r| correct(c.map(|x| x as f64), &r));
        nets.extend(corrected.and_then(net_of));
    }
    let (low, high) = bootstrap::percentiles(&mut nets).unwrap_or((-1.0, 1.0));
    Some(Adjusted { favor: t[0], against: t[1], net: net_of(t), low, high })
}

#[derive(Debug, Default)]
pub struct Positions {
    cells: BTreeMap<Key, Cell>,
    /// Measured errors per target, for the corrected counts.
    errors: BTreeMap<String, Confusion>,
}

impl Positions {
    /// Positions whose cells are also corrected with the measured `errors` of each target.
    pub fn with_errors(errors: BTreeMap<String, Confusion>) -> Positions {
        Positions { cells: BTreeMap::new(), errors }
    }

    /// Counts one stance row. Rows without a holder hold no position; rows labelled `none`
    /// count only towards the correction.
    pub fn add(&mut self, holder: Option<&str>, year: Option<i64>, target: &str, label: Label, score: f32, id: &str) {
        let Some(actor) = holder.filter(|h| !h.is_empty()) else { return };
        let key = Key { actor: actor.to_string(), year, target: target.to_string() };
        let cell = self.cells.entry(key).or_default();
        let (count, top) = match label {
            Label::None => {
                cell.none += 1;
                return;
            }
            Label::Favor => (&mut cell.favor, &mut cell.top_favor),
            Label::Against => (&mut cell.against, &mut cell.top_against),
        };
        *count += 1;
        top.push((score, id.to_string()));
        // Strongest first; equal scores by id, so the result does not depend on row order.
        top.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
        top.truncate(EVIDENCE);
    }

    /// One position per cell with at least one sentence in favour or against.
    pub fn finish(self) -> Vec<Position> {
        let errors = self.errors;
        self.cells
            .into_iter()
            .filter(|(_, c)| c.favor + c.against > 0)
            .map(|(key, c)| {
                let n = c.favor + c.against;
                let (low, high) = net_interval(c.favor, n);
                let seed = format!("{}\t{:?}\t{}", key.actor, key.year, key.target);
                let adjusted = errors
                    .get(&key.target)
                    .and_then(|m| adjust([c.favor as u64, c.against as u64, c.none as u64], m, &seed));
                Position {
                    held: n + c.none,
                    adjusted,
                    key,
                    n,
                    favor: c.favor,
                    against: c.against,
                    net: (c.favor as f64 - c.against as f64) / n as f64,
                    low,
                    high,
                    evidence_favor: c.top_favor.into_iter().map(|(_, id)| id).collect(),
                    evidence_against: c.top_against.into_iter().map(|(_, id)| id).collect(),
                }
            })
            .collect()
    }
}

/// 95% interval of the net score. With `n` positions, `net = 2·p − 1` where `p` is the
/// share in favour; the Wilson score interval for `p`, mapped the same way, stays inside
/// [−1, 1] and is honest for the small counts of single actor-years.
pub fn net_interval(favor: usize, n: usize) -> (f64, f64) {
    if n == 0 {
        return (-1.0, 1.0);
    }
    let z = 1.959_963_984_540_054_f64;
    let (n, p) = (n as f64, favor as f64 / n as f64);
    let centre = (p + z * z / (2.0 * n)) / (1.0 + z * z / n);
    let half = z / (1.0 + z * z / n) * (p * (1.0 - p) / n + z * z / (4.0 * n * n)).sqrt();
    // The interval holds the net score itself, also where rounding would put it a hair
    // outside (all in favour: the upper end computed as 0.9999999999999998).
    let net = 2.0 * p - 1.0;
    ((2.0 * (centre - half).max(0.0) - 1.0).min(net), (2.0 * (centre + half).min(1.0) - 1.0).max(net))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_net_and_evidence() {
        let mut p = Positions::default();
        p.add(Some("PRK"), Some(2009), "sanctions", Label::Against, 0.9, "a");
        p.add(Some("PRK"), Some(2009), "sanctions", Label::Against, 0.95, "b");
        p.add(Some("PRK"), Some(2009), "sanctions", Label::Favor, 0.6, "c");
        p.add(Some("PRK"), Some(2009), "sanctions", Label::None, 0.99, "d");
        p.add(None, Some(2009), "sanctions", Label::Favor, 0.99, "e");
        let out = p.finish();
        assert_eq!(out.len(), 1);
        let c = &out[0];
        assert_eq!((c.n, c.favor, c.against), (3, 1, 2));
        assert!((c.net + 1.0 / 3.0).abs() < 1e-12);
        assert!(c.low < c.net && c.net < c.high && c.low >= -1.0 && c.high <= 1.0);
        assert_eq!(c.evidence_against, ["b", "a"]);
        assert_eq!(c.evidence_favor, ["c"]);
    }

    #[test]
    fn correction_inverts_the_measured_errors() {
        // A model that misses 40% of `against` (read as none) and calls 5% of `none` favor.
        let rates = [[0.9, 0.0, 0.1], [0.0, 0.6, 0.4], [0.05, 0.0, 0.95]];
        let truth = [10.0, 20.0, 70.0];
        let predicted: Vec<f64> = (0..3).map(|j| (0..3).map(|i| truth[i] * rates[i][j]).sum()).collect();
        let t = correct([predicted[0], predicted[1], predicted[2]], &rates).unwrap();
        for k in 0..3 {
            assert!((t[k] - truth[k]).abs() < 1e-9, "{t:?}");
        }
        // A perfect model changes nothing; one that cannot be inverted gives nothing.
        let id = [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]];
        assert_eq!(correct([3.0, 1.0, 6.0], &id), Some([3.0, 1.0, 6.0]));
        assert_eq!(correct([3.0, 1.0, 6.0], &[[0.5, 0.5, 0.0], [0.5, 0.5, 0.0], [0.0, 0.0, 1.0]]), None);
    }

    #[test]
    fn cells_get_corrected_counts_with_a_wider_repeatable_interval() {
        let confusion = Confusion([[45, 0, 5], [0, 30, 20], [10, 0, 190]]);
        let run = || {
            let mut p = Positions::with_errors(BTreeMap::from([("sanctions".to_string(), confusion)]));
            for i in 0..12 {
                p.add(Some("PRK"), Some(2017), "sanctions", Label::Against, 0.9, &format!("a{i}"));
            }
            for i in 0..3 {
                p.add(Some("PRK"), Some(2017), "sanctions", Label::Favor, 0.9, &format!("f{i}"));
            }
            for i in 0..40 {
                p.add(Some("PRK"), Some(2017), "sanctions", Label::None, 0.9, &format!("n{i}"));
            }
            // Only `none`: no position row.
            p.add(Some("KOR"), Some(2017), "sanctions", Label::None, 0.9, "k");
            // No confusion for this target: raw counts only.
            p.add(Some("PRK"), Some(2017), "engagement", Label::Favor, 0.9, "e");
            p.finish()
        };
        let out = run();
        assert_eq!(out.len(), 2);
        let (eng, sanc) = (&out[0], &out[1]);
        assert_eq!((eng.key.target.as_str(), eng.adjusted.is_none(), eng.held), ("engagement", true, 1));
        assert_eq!((sanc.n, sanc.held), (15, 55));
        let a = sanc.adjusted.clone().unwrap();
        // Misses of `against` are added back; false `favor` from `none` taken away.
        assert!(a.against > 12.0 && a.favor < 3.0, "{a:?}");
        let net = a.net.unwrap();
        assert!(net < sanc.net && a.low <= net && net <= a.high, "{a:?}");
        assert!(a.high - a.low > 0.0);
        assert_eq!(run()[1].adjusted, Some(a));
    }

    #[test]
    fn interval_matches_wilson() {
        // Wilson 95% for 8 of 10: [0.4902, 0.9433] → net [−0.0196, 0.8866].
        let (lo, hi) = net_interval(8, 10);
        assert!((lo - (-0.0196)).abs() < 1e-3 && (hi - 0.8866).abs() < 1e-3, "{lo} {hi}");
        let (lo, hi) = net_interval(0, 5);
        assert!(lo == -1.0 && hi < 0.0);
        // All in favour or all against: the interval ends exactly at ±1, never a hair inside.
        for n in 1..200 {
            assert_eq!(net_interval(n, n).1, 1.0);
            assert_eq!(net_interval(0, n).0, -1.0);
        }
    }
}
