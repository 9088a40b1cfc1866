//! Windowing of long inputs. An input longer than the model's positions is cut into
//! overlapping windows; each token's state is taken from the one window that "owns" it
//! (overlaps are split at their middle, so every kept token has context on both sides).

/// A window over a sequence's content tokens (special tokens excluded).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub start: usize,
    pub end: usize,
    /// The tokens whose states are kept from this window.
    pub own_start: usize,
    pub own_end: usize,
}

/// Windows of at most `size` tokens over `n` tokens, neighbours overlapping by `overlap`
/// (clamped to half a window). One window when the input fits.
pub fn plan(n: usize, size: usize, overlap: usize) -> Vec<Window> {
    let size = size.max(1);
    if n <= size {
        return vec![Window { start: 0, end: n, own_start: 0, own_end: n }];
    }
    let overlap = overlap.min(size / 2);
    let step = size - overlap;
    let mut starts: Vec<usize> = (0..).map(|k| k * step).take_while(|&s| s + size < n).collect();
    starts.push(n - size); // the last window ends at the input's end, full size
    let mut out: Vec<Window> =
        starts.iter().map(|&s| Window { start: s, end: s + size, own_start: s, own_end: s + size }).collect();
    for i in 1..out.len() {
        let mid = (out[i].start + out[i - 1].end).div_ceil(2);
        out[i - 1].own_end = mid;
        out[i].own_start = mid;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(n: usize, size: usize, overlap: usize) {
        let ws = plan(n, size, overlap);
        assert_eq!(ws[0].own_start, 0);
        assert_eq!(ws.last().unwrap().own_end, n);
        for w in &ws {
            assert!(w.end - w.start <= size && w.end <= n);
            assert!(w.start <= w.own_start && w.own_start <= w.own_end && w.own_end <= w.end);
        }
        for pair in ws.windows(2) {
            assert_eq!(pair[0].own_end, pair[1].own_start, "owned ranges tile the input");
        }
    }

    #[test]
    fn owned_ranges_tile_every_input() {
        for n in 0..200 {
            for (size, overlap) in [(1, 0), (8, 2), (16, 8), (16, 20), (510, 128)] {
                check(n, size, overlap);
            }
        }
    }

    #[test]
    fn a_long_input_gets_central_ownership() {
        let ws = plan(20, 8, 4);
        assert_eq!(ws.iter().map(|w| (w.start, w.end)).collect::<Vec<_>>(), vec![(0, 8), (4, 12), (8, 16), (12, 20)]);
        assert_eq!(
            ws.iter().map(|w| (w.own_start, w.own_end)).collect::<Vec<_>>(),
            vec![(0, 6), (6, 10), (10, 14), (14, 20)]
        );
    }
}
