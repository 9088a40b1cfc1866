//! BIO tags to entity chunks, with conlleval's rules (an `I-` after `O` or after another
//! type starts a chunk), used both for predictions and for scoring.

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Bio {
    O,
    B(String),
    I(String),
}

impl Bio {
    pub fn parse(tag: &str) -> Option<Bio> {
        match tag.split_once('-') {
            _ if tag == "O" => Some(Bio::O),
            Some(("B", t)) if !t.is_empty() => Some(Bio::B(t.to_string())),
            Some(("I", t)) if !t.is_empty() => Some(Bio::I(t.to_string())),
            _ => None,
        }
    }
}

/// Chunks as (type, first index, end index exclusive).
pub fn decode<'a>(seq: &[&'a Bio]) -> Vec<(&'a str, usize, usize)> {
    let mut out = Vec::new();
    let mut open: Option<(&str, usize)> = None;
    for (i, tag) in seq.iter().enumerate() {
        let (starts, typ) = match tag {
            Bio::O => (false, None),
            Bio::B(t) => (true, Some(t.as_str())),
            Bio::I(t) => (open.is_none_or(|(o, _)| o != t), Some(t.as_str())),
        };
        if let Some((t, s)) = open {
            if starts || typ.is_none() {
                out.push((t, s, i));
                open = None;
            }
        }
        if let (true, Some(t)) = (starts, typ) {
            open = Some((t, i));
        }
    }
    if let Some((t, s)) = open {
        out.push((t, s, seq.len()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chunks(tags: &[&str]) -> Vec<(String, usize, usize)> {
        let bio: Vec<Bio> = tags.iter().map(|t| Bio::parse(t).unwrap()).collect();
        let refs: Vec<&Bio> = bio.iter().collect();
        decode(&refs).into_iter().map(|(t, a, b)| (t.to_string(), a, b)).collect()
    }

    #[test]
    fn conlleval_rules() {
        let c = |t: &str, a, b| (t.to_string(), a, b);
        assert_eq!(chunks(&["B-PER", "I-PER", "O", "B-LOC"]), vec![c("PER", 0, 2), c("LOC", 3, 4)]);
        assert_eq!(chunks(&["I-ORG", "I-ORG", "B-ORG"]), vec![c("ORG", 0, 2), c("ORG", 2, 3)]);
        assert_eq!(chunks(&["B-PER", "I-LOC", "O", "I-MISC"]), vec![c("PER", 0, 1), c("LOC", 1, 2), c("MISC", 3, 4)]);
        assert!(chunks(&["O", "O"]).is_empty());
        assert!(Bio::parse("X-PER").is_none() && Bio::parse("B-").is_none());
    }
}
