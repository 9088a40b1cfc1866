//! Web pages: the article's text, found by readability (`dom_smoothie`, a port of Mozilla's
//! readability.js), with the headline kept as its first paragraph and the page's metadata
//! (title, publication date, site, byline) as the document's. The document text is the
//! extracted text, so offsets index it, not the HTML file.

use demarche_core::Meta;
use dom_smoothie::{Config, Readability, TextMode};

/// Whether a path names a web page.
pub fn is_html(path: &std::path::Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("html") || e.eq_ignore_ascii_case("htm"))
}

/// The article of a page: its text (headline, a blank line, the paragraphs one per block) and
/// metadata; `Err` says why there is none.
pub fn article(html: &str) -> Result<(String, Meta), String> {
    let cfg = Config { text_mode: TextMode::Formatted, ..Default::default() };
    let mut page = Readability::new(html, None, Some(cfg)).map_err(|e| format!("HTML: {e}"))?;
    let a = page.parse().map_err(|e| format!("HTML: no article text found ({e})"))?;
    let body = a.text_content.trim();
    // Navigation alone ("Home") is no article.
    let words = body.split_whitespace().count();
    if words < 10 {
        return Err(format!("HTML: no article text found ({words} words)"));
    }
    let title = demarche_core::normalize_ws(&a.title);
    // The headline is content: it stays, as the first paragraph, unless the body opens with it.
    let text =
        if title.is_empty() || body.starts_with(&title) { format!("{body}\n") } else { format!("{title}\n\n{body}\n") };
    let meta = Meta {
        title: (!title.is_empty()).then_some(title),
        // A timestamp keeps its day; ingest checks that it names one.
        date: a.published_time.map(|d| d.chars().take(10).collect()),
        source: a.site_name,
        author: a.byline.map(|b| demarche_core::normalize_ws(&b)).filter(|b| !b.is_empty()),
        ..Meta::default()
    };
    Ok((text, meta))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_news_page_keeps_its_headline_and_paragraphs() {
        let html = r#"<!doctype html><html><head><title>Séoul presse Pyongyang — Wire</title>
<meta property="article:published_time" content="2019-02-28T09:00:00Z">
<meta property="og:site_name" content="Wire">
<meta name="author" content="Kim Min-ji"></head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Séoul presse Pyongyang</h1>
<p>SEOUL, Feb. 28 — South Korea on Thursday urged North Korea to return to talks, a day after the summit in Hanoi ended without a deal.</p>
<p>&quot;We remain ready for dialogue,&quot; the foreign ministry said in a statement, adding that sanctions would stay until the North takes concrete steps.</p>
<p>The North&#8217;s state media did not comment on the collapse of the talks.</p></article>
<div class="share">Share on Facebook</div><footer>© Wire 2019</footer></body></html>"#;
        let (text, meta) = article(html).unwrap();
        assert!(text.starts_with("Séoul presse Pyongyang"), "{text}");
        assert!(text.contains("\"We remain ready for dialogue,\" the foreign ministry said"), "{text}");
        assert!(text.contains("The North’s state media"), "{text}");
        assert!(!text.contains("Share on Facebook") && !text.contains("Home"), "{text}");
        assert!(text.contains("\n\n"), "paragraphs stay apart: {text}");
        assert_eq!(meta.date.as_deref(), Some("2019-02-28"));
        assert_eq!(meta.source.as_deref(), Some("Wire"));
        assert_eq!(meta.author.as_deref(), Some("Kim Min-ji"));
    }
}
