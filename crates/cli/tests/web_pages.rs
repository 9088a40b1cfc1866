//! A web page gives the turns its text version gives (issue #20): a news page, a government
//! press release and a transcript page, each written here twice — as HTML with the page's
//! furniture around the article, and as the article's plain text.

mod common;

use std::collections::HashMap;

use common::*;

/// (kind, speaker, text) of every turn of the one document of a run over `file`.
fn turns_of(dir: &std::path::Path, file: &str, body: &str) -> Vec<(String, String, String)> {
    let input = dir.join("in").join(file);
    std::fs::create_dir_all(input.parent().unwrap()).unwrap();
    std::fs::write(&input, body).unwrap();
    let out = dir.join(format!("out-{file}"));
    run_ok(&[&input], &out, &["--config", text_only().to_str().unwrap()]);
    let rows: Vec<HashMap<String, String>> = table(&out, "turns");
    rows.into_iter().map(|t| (t["kind"].clone(), t["speaker"].clone(), t["text"].clone())).collect()
}

fn page(title: &str, paragraphs: &[&str]) -> String {
    let body: String = paragraphs.iter().map(|p| format!("<p>{}</p>\n", p.replace('&', "&amp;"))).collect();
    format!(
        "<!doctype html><html><head><title>{title}</title></head><body>\n\
         <nav><a href=\"/\">Home</a> <a href=\"/news\">News</a> <a href=\"/about\">About us</a></nav>\n\
         <article><h1>{title}</h1>\n{body}</article>\n\
         <div class=\"share\">Share on Facebook · Share on X</div><footer>© The Site 2019 · Privacy · Terms</footer>\n\
         </body></html>\n"
    )
}

fn text(title: &str, paragraphs: &[&str]) -> String {
    format!("{title}\n\n{}\n", paragraphs.join("\n\n"))
}

#[test]
fn web_pages_give_the_turns_of_their_text() {
    let dir = tempfile::tempdir().unwrap();
    let cases: [(&str, &str, &[&str]); 3] = [
        (
            "news",
            "Séoul urges Pyongyang to return to talks",
            &[
                "SEOUL, Feb. 28 — South Korea on Thursday urged North Korea to return to talks, a day after the summit in Hanoi ended without a deal.",
                "“We remain ready for dialogue,” the foreign ministry said in a statement, adding that sanctions would stay until the North takes concrete steps toward denuclearization.",
                "North Korea’s state media did not comment on the collapse of the talks, which had raised hopes of an end to the standoff over its nuclear programme.",
            ],
        ),
        (
            "release",
            "Statement by the Press Secretary on the Launch by North Korea",
            &[
                "The United States condemns today’s launch by North Korea of a ballistic missile, a violation of multiple United Nations Security Council resolutions.",
                "We call on the DPRK to refrain from further provocations and to engage in sustained and substantive negotiations toward the complete denuclearization of the Korean Peninsula.",
                "Our commitment to the defence of the Republic of Korea and Japan — our allies — remains ironclad.",
            ],
        ),
        (
            "briefing",
            "Press Briefing by Press Secretary Jen Psaki, March 4, 2021",
            &[
                "MS. PSAKI: Good afternoon. Our approach to North Korea will be one of close coordination with our allies in Séoul and Tokyo.",
                "Q: Is the President willing to meet Kim Jong Un?",
                "MS. PSAKI: That is not his intention, but the door to diplomacy remains open, and sanctions remain in place.",
                "Q: Thank you, Jen.",
            ],
        ),
    ];
    for (name, title, paragraphs) in cases {
        let from_html = turns_of(dir.path(), &format!("{name}.html"), &page(title, paragraphs));
        let from_text = turns_of(dir.path(), &format!("{name}.txt"), &text(title, paragraphs));
        assert!(from_text.len() >= paragraphs.len(), "{name}: {from_text:#?}");
        assert_eq!(from_html, from_text, "{name}");
        let all: String = from_html.iter().map(|t| t.2.as_str()).collect::<Vec<_>>().join(" ");
        assert!(!all.contains("Share on") && !all.contains("Privacy") && !all.contains("About us"), "{name}: {all}");
    }
    // The release is the (unnamed) Press Secretary's, not North Korea's, which its title is about.
    let docs = table(&dir.path().join("out-release.txt"), "documents");
    assert_eq!((docs[0]["kind"].as_str(), docs[0]["actor"].as_str()), ("statement", ""), "{docs:?}");
}
