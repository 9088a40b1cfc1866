//! Partial ISO 8601 dates (`2015`, `2015-01`, `2015-01-30`) as closed day intervals.

/// A day as (year, month, day); comparing tuples orders days. Day 31 closes every month,
/// which is enough for ordering.
pub type Day = (i32, u8, u8);

/// The first and last day a partial date covers, or `None` when it is not one.
pub fn interval(s: &str) -> Option<(Day, Day)> {
    let s = s.trim();
    let mut parts = s.split('-');
    let y = parts.next()?;
    if y.len() != 4 || !y.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let y: i32 = y.parse().ok()?;
    let num = |p: &str, max: u8| -> Option<u8> {
        if p.len() != 2 || !p.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let n: u8 = p.parse().ok()?;
        (1..=max).contains(&n).then_some(n)
    };
    let out = match (parts.next(), parts.next()) {
        (None, _) => ((y, 1, 1), (y, 12, 31)),
        (Some(m), None) => {
            let m = num(m, 12)?;
            ((y, m, 1), (y, m, 31))
        }
        (Some(m), Some(d)) => {
            let (m, d) = (num(m, 12)?, num(d, 31)?);
            ((y, m, d), (y, m, d))
        }
    };
    parts.next().is_none().then_some(out)
}

/// A period with open ends, from a role's `from` and `to`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub start: Option<Day>,
    pub end: Option<Day>,
}

impl Period {
    /// Whether the period shares at least one day with `[a, b]`.
    pub fn overlaps(&self, (a, b): (Day, Day)) -> bool {
        self.start.is_none_or(|s| s <= b) && self.end.is_none_or(|e| e >= a)
    }
    /// Whether the period holds every day of `[a, b]`.
    pub fn contains(&self, (a, b): (Day, Day)) -> bool {
        self.start.is_none_or(|s| s <= a) && self.end.is_none_or(|e| e >= b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partial_dates() {
        assert_eq!(interval("2015"), Some(((2015, 1, 1), (2015, 12, 31))));
        assert_eq!(interval("2015-01"), Some(((2015, 1, 1), (2015, 1, 31))));
        assert_eq!(interval("2015-01-30"), Some(((2015, 1, 30), (2015, 1, 30))));
        for bad in ["15", "2015-1", "2015-13", "2015-01-32", "2015-01-01-01", "soon", ""] {
            assert_eq!(interval(bad), None, "{bad}");
        }
    }

    #[test]
    fn periods() {
        let p = Period { start: Some((2014, 1, 1)), end: Some((2016, 12, 31)) };
        assert!(p.overlaps(interval("2016").unwrap()));
        assert!(p.contains(interval("2015-01-30").unwrap()));
        assert!(!p.overlaps(interval("2017-01").unwrap()));
        let open = Period { start: Some((2011, 12, 1)), end: None };
        assert!(open.contains(interval("2024").unwrap()));
    }
}
