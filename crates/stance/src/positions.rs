//! Positions per actor × year × target: how many sentences held a position, how many for
//! and against, the net score `(favor − against) / n` with a 95% interval, and the
//! strongest evidence sentences. Cells are built from stance rows in any order; the output
//! is sorted, so runs and merged shards agree.

use std::collections::BTreeMap;

use crate::Label;

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
}

#[derive(Debug, Default)]
pub struct Positions {
    cells: BTreeMap<Key, Cell>,
}

impl Positions {
    /// Counts one stance row. Rows without a holder or with label `none` hold no position.
    pub fn add(&mut self, holder: Option<&str>, year: Option<i64>, target: &str, label: Label, score: f32, id: &str) {
        let Some(actor) = holder.filter(|h| !h.is_empty()) else { return };
        if label == Label::None {
            return;
        }
        let key = Key { actor: actor.to_string(), year, target: target.to_string() };
        let cell = self.cells.entry(key).or_default();
        let (count, top) = match label {
            Label::Favor => (&mut cell.favor, &mut cell.top_favor),
            _ => (&mut cell.against, &mut cell.top_against),
        };
        *count += 1;
        top.push((score, id.to_string()));
        // Strongest first; equal scores by id, so the result does not depend on row order.
        top.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
        top.truncate(EVIDENCE);
    }

    pub fn finish(self) -> Vec<Position> {
        self.cells
            .into_iter()
            .map(|(key, c)| {
                let n = c.favor + c.against;
                let (low, high) = net_interval(c.favor, n);
                Position {
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
    (2.0 * (centre - half).max(0.0) - 1.0, 2.0 * (centre + half).min(1.0) - 1.0)
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
    fn interval_matches_wilson() {
        // Wilson 95% for 8 of 10: [0.4902, 0.9433] → net [−0.0196, 0.8866].
        let (lo, hi) = net_interval(8, 10);
        assert!((lo - (-0.0196)).abs() < 1e-3 && (hi - 0.8866).abs() < 1e-3, "{lo} {hi}");
        let (lo, hi) = net_interval(0, 5);
        assert!(lo == -1.0 && hi < 0.0);
    }
}
