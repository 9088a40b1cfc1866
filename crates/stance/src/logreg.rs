//! Multinomial logistic regression trained by full-batch Nesterov gradient descent: small
//! (a few thousand rows of a few hundred features), convex, and deterministic whatever the
//! thread count, because rows are summed in fixed chunks and the chunks in order.

use rayon::prelude::*;

/// `softmax(W x + b)` with `classes` outputs over `dim` inputs; `weight` is row-major.
#[derive(Debug, Clone, PartialEq)]
pub struct Softmax {
    pub classes: usize,
    pub dim: usize,
    pub weight: Vec<f32>,
    pub bias: Vec<f32>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TrainOptions {
    /// L2 penalty on the weights (not the bias), per row of data.
    pub l2: f64,
    /// Weigh each class by `n / (classes · n_class)`, as scikit-learn's `balanced`.
    pub balanced: bool,
    pub max_iter: usize,
    /// Stop when the gradient's largest entry falls below this.
    pub tol: f64,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions { l2: 1e-3, balanced: true, max_iter: 2000, tol: 1e-5 }
    }
}

impl Softmax {
    pub fn probabilities(&self, x: &[f32]) -> Vec<f32> {
        let mut z: Vec<f64> = (0..self.classes)
            .map(|c| {
                let w = &self.weight[c * self.dim..(c + 1) * self.dim];
                f64::from(self.bias[c]) + w.iter().zip(x).map(|(a, b)| f64::from(*a) * f64::from(*b)).sum::<f64>()
            })
            .collect();
        softmax(&mut z);
        z.into_iter().map(|p| p as f32).collect()
    }
}

fn softmax(z: &mut [f64]) {
    let max = z.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    z.iter_mut().for_each(|v| *v = (*v - max).exp());
    let sum: f64 = z.iter().sum();
    z.iter_mut().for_each(|v| *v /= sum);
}

/// Fits the model to rows `x` (all of one width) with classes `y` (< `classes`).
pub fn train(x: &[Vec<f32>], y: &[usize], classes: usize, opts: &TrainOptions) -> Softmax {
    let n = x.len();
    let dim = x.first().map_or(0, Vec::len);
    let mut counts = vec![0usize; classes];
    y.iter().for_each(|&c| counts[c] += 1);
    let class_weight: Vec<f64> = counts
        .iter()
        .map(|&k| {
            if !opts.balanced {
                1.0
            } else if k == 0 {
                0.0
            } else {
                n as f64 / (classes as f64 * k as f64)
            }
        })
        .collect();
    let total_weight: f64 = y.iter().map(|&c| class_weight[c]).sum::<f64>().max(1e-12);
    // Step 1/L for the weighted mean loss: the softmax Hessian is bounded by ½‖x‖² per row.
    let max_sq = x.iter().map(|r| r.iter().map(|v| f64::from(*v).powi(2)).sum::<f64>()).fold(0.0, f64::max);
    let max_w = class_weight.iter().copied().fold(0.0, f64::max);
    let lipschitz = 0.5 * (max_sq + 1.0) * max_w * n as f64 / total_weight + opts.l2;
    let step = 1.0 / lipschitz.max(1e-12);

    let size = classes * (dim + 1); // weights, then biases
    let mut theta = vec![0f64; size];
    let mut prev = theta.clone();
    for it in 0..opts.max_iter {
        // Nesterov look-ahead point.
        let beta = it as f64 / (it as f64 + 3.0);
        let look: Vec<f64> = theta.iter().zip(&prev).map(|(t, p)| t + beta * (t - p)).collect();
        let grad = gradient(&look, x, y, &class_weight, total_weight, classes, dim, opts.l2);
        prev = std::mem::replace(&mut theta, look.iter().zip(&grad).map(|(l, g)| l - step * g).collect());
        if grad.iter().fold(0f64, |m, g| m.max(g.abs())) < opts.tol {
            break;
        }
    }
    Softmax {
        classes,
        dim,
        weight: theta[..classes * dim].iter().map(|&v| v as f32).collect(),
        bias: theta[classes * dim..].iter().map(|&v| v as f32).collect(),
    }
}

#[allow(clippy::too_many_arguments)]
fn gradient(
    theta: &[f64],
    x: &[Vec<f32>],
    y: &[usize],
    class_weight: &[f64],
    total_weight: f64,
    classes: usize,
    dim: usize,
    l2: f64,
) -> Vec<f64> {
    const CHUNK: usize = 128;
    let (w, b) = theta.split_at(classes * dim);
    let partial: Vec<Vec<f64>> = x
        .par_chunks(CHUNK)
        .zip(y.par_chunks(CHUNK))
        .map(|(xs, ys)| {
            let mut g = vec![0f64; theta.len()];
            let mut z = vec![0f64; classes];
            for (row, &label) in xs.iter().zip(ys) {
                for (c, zc) in z.iter_mut().enumerate() {
                    let wc = &w[c * dim..(c + 1) * dim];
                    *zc = b[c] + wc.iter().zip(row).map(|(a, v)| a * f64::from(*v)).sum::<f64>();
                }
                softmax(&mut z);
                let weight = class_weight[label] / total_weight;
                for c in 0..classes {
                    let d = weight * (z[c] - if c == label { 1.0 } else { 0.0 });
                    let gc = &mut g[c * dim..(c + 1) * dim];
                    gc.iter_mut().zip(row).for_each(|(gi, v)| *gi += d * f64::from(*v));
                    g[classes * dim + c] += d;
                }
            }
            g
        })
        .collect();
    let mut grad = vec![0f64; theta.len()];
    for g in partial {
        grad.iter_mut().zip(g).for_each(|(a, b)| *a += b);
    }
    grad[..classes * dim].iter_mut().zip(w).for_each(|(g, wi)| *g += l2 * wi);
    grad
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn separates_three_clusters_and_is_deterministic() {
        let mut x = Vec::new();
        let mut y = Vec::new();
        for i in 0..60 {
            let c = i % 3;
            let mut row = vec![0.1f32 * ((i * 7 % 5) as f32 - 2.0); 4];
            row[c] += 2.0;
            x.push(row);
            y.push(c);
        }
        let opts = TrainOptions { l2: 1e-4, ..Default::default() };
        let m = train(&x, &y, 3, &opts);
        for (row, &c) in x.iter().zip(&y) {
            let p = m.probabilities(row);
            let best = (0..3).max_by(|a, b| p[*a].total_cmp(&p[*b])).unwrap();
            assert_eq!(best, c);
        }
        let again = rayon::ThreadPoolBuilder::new().num_threads(1).build().unwrap().install(|| train(&x, &y, 3, &opts));
        assert_eq!(m, again);
    }

    #[test]
    fn balanced_weights_lift_a_rare_class() {
        // 2 of 40 rows are class 1, at the same point as class 0's rows plus a small shift.
        let mut x = vec![vec![1.0f32, 0.0]; 38];
        let mut y = vec![0usize; 38];
        x.extend([vec![1.0, 0.3], vec![1.0, 0.3]]);
        y.extend([1, 1]);
        let plain = train(&x, &y, 2, &TrainOptions { balanced: false, l2: 1e-2, ..Default::default() });
        let balanced = train(&x, &y, 2, &TrainOptions { balanced: true, l2: 1e-2, ..Default::default() });
        assert!(balanced.probabilities(&[1.0, 0.3])[1] > plain.probabilities(&[1.0, 0.3])[1]);
    }
}
