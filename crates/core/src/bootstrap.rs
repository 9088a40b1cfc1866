//! Seeded resampling for 95% intervals: the same seed gives the same interval on every
//! machine (ChaCha8 is portable), so tables and reported figures stay the same. Shared by the
//! stance figures and NER's evaluation.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use sha2::{Digest, Sha256};

/// Replicates per interval.
pub const REPLICATES: usize = 1000;

/// A generator seeded from `key` (any string: a table cell's key, a file name).
pub fn rng(key: &str) -> ChaCha8Rng {
    let digest = Sha256::digest(key.as_bytes());
    let mut seed = [0u8; 32];
    seed.copy_from_slice(&digest);
    ChaCha8Rng::from_seed(seed)
}

/// A generator seeded from a number.
pub fn rng_from(seed: u64) -> ChaCha8Rng {
    ChaCha8Rng::seed_from_u64(seed)
}

/// The 2.5% and 97.5% points of `values` (sorted in place); `None` when empty.
pub fn percentiles(values: &mut [f64]) -> Option<(f64, f64)> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let at = |q: f64| values[((q * (values.len() - 1) as f64).round() as usize).min(values.len() - 1)];
    Some((at(0.025), at(0.975)))
}

/// 95% interval of `stat` over resamples of `n` items drawn with replacement (indices given
/// to `stat`); replicates where `stat` is undefined are skipped.
pub fn interval(key: &str, n: usize, stat: impl Fn(&[usize]) -> Option<f64>) -> Option<(f64, f64)> {
    interval_with(rng(key), n, stat)
}

/// [`interval`] with a generator of the caller's.
pub fn interval_with(mut rng: ChaCha8Rng, n: usize, stat: impl Fn(&[usize]) -> Option<f64>) -> Option<(f64, f64)> {
    if n == 0 {
        return None;
    }
    let mut idx = vec![0usize; n];
    let mut values = Vec::with_capacity(REPLICATES);
    for _ in 0..REPLICATES {
        for i in idx.iter_mut() {
            *i = rng.random_range(0..n);
        }
        values.extend(stat(&idx));
    }
    percentiles(&mut values)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interval_of_a_mean_covers_it_and_repeats() {
        let data: Vec<f64> = (0..50).map(|i| (i % 5) as f64).collect();
        let mean = |idx: &[usize]| Some(idx.iter().map(|&i| data[i]).sum::<f64>() / idx.len() as f64);
        let (lo, hi) = interval("x", data.len(), mean).unwrap();
        assert!(lo < 2.0 && 2.0 < hi && hi - lo < 1.5, "{lo} {hi}");
        assert_eq!(interval("x", data.len(), mean), Some((lo, hi)));
        assert_ne!(interval("y", data.len(), mean), Some((lo, hi)));
    }
}
