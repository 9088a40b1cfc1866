//! News and blog prose: paragraphs become narration turns once page furniture is gone.
//!
//! Furniture is decided line by line (navigation, widgets, e-mail bylines, captions,
//! repeated lines) and dropped; then paragraph by paragraph, short subheads and the headline
//! become `headline` turns (content, kept), the rest narration.
//! A block of lines is one paragraph when it is hard-wrapped (every line but the last of
//! similar, moderate length); otherwise, as in scraped pages, every line is a paragraph.

use std::collections::HashMap;
use std::sync::LazyLock;

use demarche_core::{trim_span, Document, Span, TurnKind};
use regex::{Regex, RegexSet};

use crate::header::parse_date;
use crate::lines::{is_blank, lines, Line};
use crate::{body_start, clean_text, Error, Header, RawTurn, Segmented, Segmenter};

/// Line-level boilerplate, matched against the line with white space collapsed.
const DEFAULT_BOILERPLATE: &[&str] = &[
    // Navigation and widgets.
    r"(?i)^(?:go to (?:contents|navigation)\s*)+$",
    r"(?i)^(?:accessibility links|skip to (?:main )?content|breaking news|home(?: top)?|top|send feedback|how can we improve\??|thanks for your feedback!?|related (?:content|articles|stories|news|coverage|links)|share(?: this(?: article)?)?|print|e-?mail|advertisement|comments?|read more|see also|sign in|log in|menu|search|close|latest news|most (?:read|viewed|popular)|top stories|more stories|recommended|trending|listen|watch|\(end\)|\[end\])$",
    r"(?i)^(?:follow us|subscribe|sign up for|download (?:the|our) app)\b.{0,60}$",
    // Font-size pickers.
    r"^(?:(?:XXS|XS|SM|S|M|MD|L|LG|XL|XXL|A\+|A-|A)\s*)+$",
    // Section and time stamp: `All News 18:19 January 30, 2015`.
    r"(?i)^[\p{L}][\p{L} &/-]{0,30}\s+\d{1,2}:\d{2}\s+\p{L}+\.?\s+\d{1,2},?\s+\d{4}$",
    r"(?i)^(?:updated|posted|published|last updated|edited)\b.{0,40}\d{4}.{0,20}$",
    // Time-stamp labels left without their times (`Published: Updated:`).
    r"(?i)^(?:(?:published|updated|posted|last updated|modified)\s*:?\s*)+$",
    // Promotions of other articles (`ALSO READ: …`, `Read more: …`).
    r"(?i)^(?:also read|read also|read more|see also|related|more on this|recommended|must read|don['’]t miss|also see)\s*[:|»›>-].{0,200}$",
    // Editor's notes and bylines.
    r"^\(ATTN:",
    r"^[\w.+-]+@[\w-]+(?:\.[\w-]+)+(?:[\s,;/]+[\w.+-]+@[\w-]+(?:\.[\w-]+)+)*$",
    r"(?i)^(?:©|copyright\b|\(c\) \d{4}).{0,200}$",
    // Photo captions and credits.
    r"^FILE(?: PHOTO)?\s*[-–—:]\s",
    r"(?i)^\((?:AP|Reuters|AFP|Yonhap|EPA|Getty Images|Xinhua|KCNA)(?: Photo)?(?:/[^)]{0,60})?\)$",
];

/// Splits news and blog pages into narration paragraphs.
#[derive(Debug, Clone)]
pub struct NewsSegmenter {
    boilerplate: RegexSet,
}

impl NewsSegmenter {
    /// The default boilerplate plus `extra_boilerplate`: regexes matched against each line
    /// (white space collapsed, trimmed); a line any of them matches is furniture.
    pub fn new(extra_boilerplate: &[String]) -> Result<Self, Error> {
        let mut patterns: Vec<&str> = DEFAULT_BOILERPLATE.to_vec();
        for p in extra_boilerplate {
            // Compiled one by one first so an error names the bad pattern.
            Regex::new(p).map_err(|source| Error::BadPattern { pattern: p.clone(), cause: source })?;
            patterns.push(p);
        }
        let boilerplate = RegexSet::new(&patterns)
            .map_err(|source| Error::BadPattern { pattern: patterns.join(" | "), cause: source })?;
        Ok(NewsSegmenter { boilerplate })
    }

    fn is_furniture(&self, clean: &str) -> bool {
        self.boilerplate.is_match(clean)
    }
}

impl Default for NewsSegmenter {
    fn default() -> Self {
        // The defaults are fixed patterns covered by tests; should one ever fail to compile,
        // fall back to the valid ones rather than panic.
        NewsSegmenter::new(&[]).unwrap_or_else(|_| NewsSegmenter {
            boilerplate: RegexSet::new(DEFAULT_BOILERPLATE.iter().filter(|p| Regex::new(p).is_ok()))
                .unwrap_or_else(|_| RegexSet::empty()),
        })
    }
}

/// Most words in a subhead or section label (`Something from China`, `USA`).
/// Longest line that counts as a repeated widget wherever its copies are.
const REPEATED_WIDGET_MAX_WORDS: usize = 12;
const SUBHEAD_MAX_WORDS: usize = 6;
/// Most words in a section label above the headline ("USA", "World"); two-word lines are
/// kept, as some headlines are that short ("SHEARER NAMED").
const SECTION_MAX_WORDS: usize = 1;
/// Most words in a headline without final punctuation.
const HEADLINE_MAX_WORDS: usize = 20;

fn ends_sentence(s: &str) -> bool {
    s.trim_end_matches(['"', '”', '’', '\'', ')', ']', '»']).ends_with(['.', '?', '!', '…', ':', ';'])
}

fn has_quote_marks(s: &str) -> bool {
    s.contains(['"', '“', '”', '«', '»', '‘'])
}

/// A short line that labels a section rather than saying something.
fn is_subhead(clean: &str) -> bool {
    clean.split(' ').count() <= SUBHEAD_MAX_WORDS && !ends_sentence(clean) && !has_quote_marks(clean)
}

fn is_headline_shaped(clean: &str) -> bool {
    clean.split(' ').count() <= HEADLINE_MAX_WORDS && !ends_sentence(clean)
}

/// A byline: `By Kim Min-ji`, `By JOHN SMITH and Jane Roe, Staff Reporters`, `By Jane Doe |
/// Reuters`: the names, without what follows a comma, bar or dash.
static BYLINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:By|BY|by)\s+(?P<name>\p{Lu}[\p{L}.’'-]*(?:\s+(?:\p{Lu}[\p{L}.’'-]*|and|de|van|von|bin|al-\p{L}+)){0,6})\s*(?:[,|–—-].{0,60})?$")
        .expect("static regex")
});

/// The date of a dateline: a place, then a date with its year, alone on its line or before
/// the dash that opens the story.
fn dateline_date(clean: &str) -> Option<String> {
    static PLACE_DATE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^\p{Lu}[\p{L}.’'-]*(?:\s+[\p{L}.’'-]+){0,4}\s*(?:,\s*(?:[\p{L}.’' -]{0,40}\s)?|\s)(?P<date>\d{4}-\d{2}-\d{2}|\p{L}+\.?\s+\d{1,2},?\s+\d{4}|\d{1,2}\s+\p{L}+\s+\d{4})\s*(?:\([^)]{1,40}\))?\s*(?:$|--|—|–|-)")
            .expect("static regex")
    });
    PLACE_DATE.captures(clean).and_then(|c| parse_date(&c["date"]))
}

/// `(LEAD) N. Korea unready …` matches the title `N. Korea unready …`.
fn same_title(clean: &str, title: &str) -> bool {
    fn strip(s: &str) -> String {
        let s = s.trim();
        let s = match s.strip_prefix('(').and_then(|r| r.split_once(')')) {
            Some((tag, rest)) if tag.len() <= 12 => rest.trim(),
            _ => s,
        };
        s.to_lowercase()
    }
    !title.is_empty() && strip(clean) == strip(title)
}

/// A block's lines form one wrapped paragraph when all but the last are at most 100
/// chars and average at least 40 (a stack of short widget lines is not prose).
fn is_wrapped(lens: &[usize]) -> bool {
    let Some((_, body)) = lens.split_last() else {
        return false;
    };
    !body.is_empty() && body.iter().all(|&n| n <= 100) && body.iter().sum::<usize>() >= 40 * body.len()
}

impl Segmenter for NewsSegmenter {
    fn segment(&self, doc: &Document) -> Segmented {
        let text = doc.text.as_str();
        let start = body_start(doc);
        let all: Vec<Line> = lines(text, start, text.len()).collect();
        let cleaned: Vec<String> = all.iter().map(|l| clean_text(l.text(text))).collect();

        // A line printed twice is a caption (a photo caption repeats on the next line) or a
        // widget (a short line repeated anywhere), never narration. A long paragraph that
        // recurs elsewhere is prose and stays.
        let mut seen: HashMap<&str, u32> = HashMap::new();
        for c in cleaned.iter().filter(|c| !c.is_empty()) {
            *seen.entry(c.as_str()).or_default() += 1;
        }
        let repeated = |i: usize| {
            let c = &cleaned[i];
            let twice = seen.get(c.as_str()).copied().unwrap_or(0) > 1;
            let beside = (i > 0 && cleaned[i - 1] == *c) || cleaned.get(i + 1) == Some(c);
            twice && (beside || c.split(' ').count() <= REPEATED_WIDGET_MAX_WORDS)
        };
        let furniture: Vec<bool> = (0..cleaned.len())
            .map(|i| !cleaned[i].is_empty() && (repeated(i) || self.is_furniture(&cleaned[i])))
            .collect();

        // Paragraph candidates, in order.
        let mut paras: Vec<Span> = Vec::new();
        let mut i = 0;
        while i < all.len() {
            if is_blank(all[i].text(text)) {
                i += 1;
                continue;
            }
            let mut j = i;
            while j < all.len() && !is_blank(all[j].text(text)) {
                j += 1;
            }
            let lens: Vec<usize> = cleaned[i..j].iter().map(|c| c.chars().count()).collect();
            let wrapped = is_wrapped(&lens);
            let mut run: Option<(usize, usize)> = None;
            for k in i..j {
                if furniture[k] {
                    if let Some((a, b)) = run.take() {
                        paras.push(Span::new(a, b));
                    }
                } else if wrapped {
                    run = Some((run.map_or(all[k].start, |(a, _)| a), all[k].end));
                } else {
                    paras.push(Span::new(all[k].start, all[k].end));
                }
            }
            if let Some((a, b)) = run {
                paras.push(Span::new(a, b));
            }
            i = j;
        }

        let meta_title = doc.meta.title.as_deref().map(clean_text).unwrap_or_default();
        let mut header = Header { title: None, date: doc.meta.date.clone(), people: Vec::new(), author: None };
        let mut turns = Vec::new();
        let mut seeking_headline = true;
        for p in paras {
            let span = trim_span(text, p);
            if span.is_empty() {
                continue;
            }
            let clean = clean_text(span.slice(text));
            // A byline is metadata, not a turn.
            if let Some(c) = BYLINE.captures(&clean) {
                header.author.get_or_insert_with(|| c["name"].to_string());
                continue;
            }
            // Headlines and subheads are content: their own turns, never dropped.
            let headline = RawTurn { kind: TurnKind::Headline, label: None, span };
            if same_title(&clean, &meta_title) {
                if header.title.is_none() {
                    header.title = Some(clean);
                }
                seeking_headline = false;
                turns.push(headline);
                continue;
            }
            // Above the headline a one-word label is the site's section ("USA", "World");
            // below it a short line is a subhead of the article.
            let section =
                clean.split(' ').count() <= SECTION_MAX_WORDS && !clean.contains(|c: char| c.is_ascii_digit());
            if seeking_headline && is_subhead(&clean) && section {
                continue;
            }
            if seeking_headline {
                seeking_headline = false;
                if is_headline_shaped(&clean) {
                    header.title = Some(clean);
                    turns.push(headline);
                    continue;
                }
            }
            if is_subhead(&clean) {
                turns.push(headline);
                continue;
            }
            turns.push(RawTurn { kind: TurnKind::Narration, label: None, span });
        }
        if header.title.is_none() && !meta_title.is_empty() {
            header.title = Some(meta_title);
        }
        if header.date.is_none() {
            // Page furniture often carries the date (`All News 18:19 January 30, 2015`).
            header.date = cleaned.iter().zip(&furniture).take(40).filter(|(_, f)| **f).find_map(|(c, _)| parse_date(c));
        }
        if header.date.is_none() {
            // So does a dateline, on a line of its own or opening the first paragraph, when
            // it has a year (`AL-AIN , United Arab Emirates 1996-12-06`, `SEOUL, March 5,
            // 2019 (Reuters) —`).
            header.date = turns.iter().take(4).find_map(|t| dateline_date(&clean_text(t.span.slice(text))));
        }
        Segmented { header, turns }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use demarche_core::Meta;

    fn doc(text: &str) -> Document {
        Document {
            id: "t".into(),
            path: "t.txt".into(),
            sha256: String::new(),
            encoding: "utf-8".into(),
            text: text.into(),
            body_start: 0,
            meta: Meta::default(),
        }
    }

    fn turns_of(seg: &NewsSegmenter, text: &str, kind: TurnKind) -> Vec<String> {
        seg.segment(&doc(text))
            .turns
            .iter()
            .filter(|t| t.kind == kind)
            .map(|t| t.span.slice(text).to_string())
            .collect()
    }

    fn paras(seg: &NewsSegmenter, text: &str) -> Vec<String> {
        turns_of(seg, text, TurnKind::Narration)
    }

    #[test]
    fn a_byline_is_the_author_not_a_turn() {
        let seg = NewsSegmenter::default();
        let text = "Pyongyang rejects the offer\n\nBy Kim Min-ji and José Ortega, Staff Reporters\n\nThe North’s foreign ministry said on Friday that it saw no reason to talk.\n\nBy then the talks had failed.";
        let s = seg.segment(&doc(text));
        assert_eq!(s.header.author.as_deref(), Some("Kim Min-ji and José Ortega"));
        let turns: Vec<&str> = s.turns.iter().map(|t| t.span.slice(text)).collect();
        assert_eq!(
            turns,
            [
                "Pyongyang rejects the offer",
                "The North’s foreign ministry said on Friday that it saw no reason to talk.",
                "By then the talks had failed."
            ]
        );
    }

    #[test]
    fn a_dateline_with_a_year_dates_the_article() {
        let seg = NewsSegmenter::default();
        for (text, date) in [
            ("JAPAN WIN\nAL-AIN , United Arab Emirates 1996-12-06\nJapan began the defence of their title on Friday .\n", Some("1996-12-06")),
            ("SHEARER NAMED\nLONDON 1996-08-30\nThe world 's costliest footballer was named captain .\n", Some("1996-08-30")),
            ("Talks resume\n\nSEOUL, March 5, 2019 (Reuters) — North Korea on Thursday condemned the drills.", Some("2019-03-05")),
            ("Talks resume\n\nGENÈVE, 5 March 2019 — Iran said talks would resume.", Some("2019-03-05")),
            // No year, no date; prose with a comma and a year is no dateline.
            ("Talks resume\n\nSEOUL, March 5 (Reuters) — North Korea condemned the drills.", None),
            ("Talks resume\n\nIn Seoul, officials said March 5, 2019 was the deadline.", None),
        ] {
            assert_eq!(seg.segment(&doc(text)).header.date.as_deref(), date, "{text}");
        }
    }

    #[test]
    fn time_stamp_labels_and_promotions_are_furniture() {
        let text = "Seoul rejects the offer\n\nPublished: Updated:\n\nALSO READ: Ten things to know about Pyongyang’s parade\n\nRead more: Kim’s sister speaks\n\nThe minister said talks would resume in Genève next week.";
        let seg = NewsSegmenter::default();
        let all = seg.segment(&doc(text)).turns.iter().map(|t| t.span.slice(text)).collect::<Vec<_>>().join("\n");
        assert_eq!(all, "Seoul rejects the offer\nThe minister said talks would resume in Genève next week.");
    }

    #[test]
    fn wire_copy_one_sentence_a_line_keeps_headline_and_dateline() {
        // CoNLL-2003 articles written as text: nothing of it is furniture.
        let text = "SOCCER - JAPAN GET LUCKY WIN , CHINA IN SURPRISE DEFEAT .\nNadim Ladki\nAL-AIN , United Arab Emirates 1996-12-06\nJapan began the defence of their Asian Cup title with a lucky 2-1 win against Syria on Friday .\nBut China saw their luck desert them in the second match of the group , crashing to a surprise 2-0 defeat to newcomers Uzbekistan — ü .\n";
        let seg = NewsSegmenter::default();
        let kept: Vec<String> = seg.segment(&doc(text)).turns.iter().map(|t| t.span.slice(text).to_string()).collect();
        let all = kept.join("\n");
        for line in text.lines() {
            assert!(all.contains(line), "{line:?} lost: {kept:#?}");
        }
    }

    #[test]
    fn headlines_and_subheads_are_kept_as_their_own_turns() {
        let text = "World\n\nPyongyang rejects Seoul’s offer of talks\n\nThe North’s foreign ministry said on Friday that it saw no reason to talk.\n\nWhat comes next\n\nAnalysts in Séoul expect more tests.";
        let seg = NewsSegmenter::default();
        let s = seg.segment(&doc(text));
        assert_eq!(s.header.title.as_deref(), Some("Pyongyang rejects Seoul’s offer of talks"));
        assert_eq!(
            turns_of(&seg, text, TurnKind::Headline),
            ["Pyongyang rejects Seoul’s offer of talks", "What comes next"]
        );
        assert_eq!(
            paras(&seg, text),
            [
                "The North’s foreign ministry said on Friday that it saw no reason to talk.",
                "Analysts in Séoul expect more tests."
            ]
        );
        // In document order.
        let kinds: Vec<TurnKind> = s.turns.iter().map(|t| t.kind).collect();
        use TurnKind::{Headline, Narration};
        assert_eq!(kinds, [Headline, Narration, Headline, Narration]);
    }

    #[test]
    fn defaults_compile() {
        for p in DEFAULT_BOILERPLATE {
            assert!(Regex::new(p).is_ok(), "{p}");
        }
        assert_eq!(NewsSegmenter::default().boilerplate.len(), DEFAULT_BOILERPLATE.len());
    }

    #[test]
    fn bad_extra_pattern_is_named() {
        let err = NewsSegmenter::new(&["ok".into(), "(unclosed".into()]).unwrap_err();
        assert!(err.to_string().contains("\"(unclosed\""), "{err}");
    }

    #[test]
    fn extra_patterns_remove_lines() {
        let seg = NewsSegmenter::new(&["^Sponsored by".into()]).unwrap();
        let text = "Headline here\n\nSponsored by Acme Corp and friends of ours.\n\nA real paragraph is here.";
        assert_eq!(paras(&seg, text), ["A real paragraph is here."]);
    }

    #[test]
    fn wrapped_blocks_are_one_paragraph() {
        let text = "Envoy says talks have stalled\n\nThe envoy said on Friday that the talks with the North had\nstalled, and that no meeting\nwas planned.\n\nSecond para.\r\nThird para on its own line, with a very long tail that runs well past one hundred characters in length.";
        let seg = NewsSegmenter::default();
        assert_eq!(
            paras(&seg, text),
            [
                "The envoy said on Friday that the talks with the North had\nstalled, and that no meeting\nwas planned.",
                "Second para.",
                "Third para on its own line, with a very long tail that runs well past one hundred characters in length."
            ]
        );
    }

    #[test]
    fn odd_inputs_do_not_panic() {
        let seg = NewsSegmenter::default();
        for t in ["", "\u{feff}", "\r\r\r", "“unbalanced", "x".repeat(100_000).as_str()] {
            let s = seg.segment(&doc(t));
            for turn in s.turns {
                assert!(!turn.span.is_empty());
            }
        }
    }
}
