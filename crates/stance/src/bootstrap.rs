//! Seeded resampling for 95% intervals (`demarche_core::bootstrap`), and the multinomial
//! draws the positions' corrected intervals take.

use rand::Rng;
use rand_distr::{Binomial, Distribution};

pub use demarche_core::bootstrap::{interval, percentiles, rng, REPLICATES};

/// Counts of `n` draws over categories with the given weights (a multinomial draw).
pub fn multinomial<const K: usize>(rng: &mut impl Rng, n: u64, weights: [f64; K]) -> [u64; K] {
    let mut out = [0u64; K];
    let (mut left, mut mass) = (n, weights.iter().sum::<f64>());
    for (k, w) in weights.iter().enumerate() {
        if left == 0 || mass <= 0.0 {
            break;
        }
        let p = (w / mass).clamp(0.0, 1.0);
        let x = if k == K - 1 { left } else { Binomial::new(left, p).map(|b| b.sample(rng)).unwrap_or(0) };
        out[k] = x;
        left -= x;
        mass -= w;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn multinomial_draws_sum_to_n_and_follow_the_weights() {
        let mut r = rng("t");
        let mut total = [0u64; 3];
        for _ in 0..2000 {
            let x = multinomial(&mut r, 10, [0.7, 0.2, 0.1]);
            assert_eq!(x.iter().sum::<u64>(), 10);
            for k in 0..3 {
                total[k] += x[k];
            }
        }
        let share = total[0] as f64 / 20000.0;
        assert!((share - 0.7).abs() < 0.02, "{share}");
        assert_eq!(multinomial(&mut r, 5, [0.0, 1.0, 0.0]), [0, 5, 0]);
    }
}
