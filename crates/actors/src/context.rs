//! Mentions whose actor depends on what is being talked about: "the North" is North Korea
//! where Korea is (the South Korean and American usage), and no one elsewhere: the global
//! North of development debates, northern Israel or Gaza in the White House briefings.

use demarche_core::Span;

/// How far (bytes, either side) a Korea cue may be from "the North". Korean uses of the
/// corpora have a cue within 400 bytes; the other uses have none within 1,800.
const WINDOW: usize = 1000;

/// What makes "the North" North Korea when near it.
const KOREA_CUES: &[&str] = &["Korea", "Pyongyang", "DPRK", "D.P.R.K."];

/// The Korea "the North" or "the South" names ("the North" → `PRK`), once the context is
/// Korea's: the one list of these words, for entity links here and for holders in `stance`.
pub fn korean_side(mention: &str) -> Option<&'static str> {
    let word = mention.strip_prefix("the ").or_else(|| mention.strip_prefix("The ")).unwrap_or(mention);
    match word {
        "North" => Some("PRK"),
        "South" => Some("KOR"),
        _ => None,
    }
}

/// The actor of a mention that only its context settles: `PRK` for "North" in "the North"
/// (not "the North Pacific", "the North-East", "the North Korean …") with a Korea cue
/// within [`WINDOW`] bytes; `None` otherwise. `span` covers "North" (or "the North").
pub fn contextual_actor(text: &str, span: Span) -> Option<&'static str> {
    // Only "the North": "the South" alone is too often the global South here.
    let mention = span.slice(text);
    let mention = mention.strip_prefix("the ").or_else(|| mention.strip_prefix("The ")).unwrap_or(mention);
    if mention != "North" {
        return None;
    }
    let before = text[..span.end - "North".len()].trim_end();
    let rest = before.len().checked_sub(3).filter(|&i| before.is_char_boundary(i))?;
    let word_before = before[..rest].chars().next_back();
    if !before[rest..].eq_ignore_ascii_case("the") || word_before.is_some_and(char::is_alphanumeric) {
        return None;
    }
    // "the North Pacific", "the North-East", "the North\nKorean people".
    let after = text[span.end..].trim_start_matches(|c: char| c.is_whitespace() || c == '-' || c == '\u{2011}');
    if after.chars().next().is_some_and(char::is_uppercase) {
        return None;
    }
    let from = floor(text, span.start.saturating_sub(WINDOW));
    let to = floor(text, (span.end + WINDOW).min(text.len()));
    KOREA_CUES.iter().any(|cue| text[from..to].contains(cue)).then(|| korean_side(mention)).flatten()
}

/// The nearest char boundary at or before `i`.
fn floor(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str, nth: usize) -> Option<&'static str> {
        let start = text.match_indices("North").nth(nth).unwrap().0;
        contextual_actor(text, Span::new(start, start + 5))
    }

    #[test]
    fn the_north_is_prk_only_near_korea() {
        let text = "Séoul’s envoy — 이 — said the North’s launch worried Korea’s neighbours. \
                    Then the\nNorth fired again; the North Pacific, the North-East, the North Korean \
                    people and North alone are something else.";
        assert_eq!(at(text, 0), Some("PRK"));
        assert_eq!(at(text, 1), Some("PRK"));
        for nth in 2..6 {
            assert_eq!(at(text, nth), None, "{nth}");
        }
        // The whole mention "the North" works too.
        let start = text.find("the North’s").unwrap();
        assert_eq!(contextual_actor(text, Span::new(start, start + 9)), Some("PRK"));
        // Without a Korea cue near it: the global North.
        let far = format!("Pyongyang. {} Disparities between the North and the South — é.", "x ".repeat(600));
        assert_eq!(at(&far, 0), None);
        let near = format!("Disparities between the North and the DPRK. {}", "é".repeat(600));
        assert_eq!(at(&near, 0), Some("PRK"));
    }
}
