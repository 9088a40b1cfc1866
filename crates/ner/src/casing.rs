//! The casing feature the NER head is given (the encoder is uncased). Must match
//! `casing()` in recipes/ner_common.py exactly: the classes are the model's inputs.

pub const LOWER: usize = 0;
pub const TITLE: usize = 1;
pub const UPPER: usize = 2;
pub const MIXED: usize = 3;
pub const DIGIT: usize = 4;
pub const OTHER: usize = 5;
/// `[CLS]`, `[SEP]`, padding.
pub const SPECIAL: usize = 6;

/// Class of a pre-token's surface text (a word or punctuation mark as the tokenizer splits).
pub fn casing(surface: &str) -> usize {
    let upper = surface.chars().filter(|c| c.is_uppercase()).count();
    let lower = surface.chars().filter(|c| c.is_lowercase()).count();
    if upper == 0 && lower == 0 {
        return if surface.bytes().any(|b| b.is_ascii_digit()) { DIGIT } else { OTHER };
    }
    if lower == 0 {
        return UPPER;
    }
    if upper == 0 {
        return LOWER;
    }
    if upper == 1 && surface.chars().next().is_some_and(char::is_uppercase) {
        return TITLE;
    }
    MIXED
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes() {
        let cases = [
            ("beijing", LOWER),
            ("Beijing", TITLE),
            ("USA", UPPER),
            ("U", UPPER),
            ("McDonald", MIXED),
            ("iPhone", MIXED),
            ("1996", DIGIT),
            ("1996-08", DIGIT),
            (",", OTHER),
            ("’", OTHER),
            ("이", OTHER),
            ("Émile", TITLE),
            ("é", LOWER),
            ("G7", UPPER),
        ];
        for (s, c) in cases {
            assert_eq!(casing(s), c, "{s}");
        }
    }
}
