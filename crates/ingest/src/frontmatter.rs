use std::sync::LazyLock;

use demarche_core::Meta;
use regex::Regex;
use yaml_rust2::{Yaml, YamlLoader};

/// The most front matter read.
const MAX_YAML: usize = 64 * 1024;

/// A YAML alias (`*name`) where a value starts.
static ALIAS: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?m)(?:^|[:\[{,-])\s*\*[^\s,\]}]+").unwrap());

/// Parses YAML front matter (`---` … `---` at the very start) into metadata and returns where
/// the body starts. A document without front matter gives empty metadata and 0.
pub fn front_matter(text: &str) -> Result<(Meta, usize), String> {
    let start = if text.starts_with('\u{feff}') { '\u{feff}'.len_utf8() } else { 0 };
    let rest = &text[start..];
    let Some(after_open) = rest.strip_prefix("---\n").or_else(|| rest.strip_prefix("---\r\n")) else {
        return Ok((Meta::default(), 0));
    };
    let open_len = rest.len() - after_open.len();
    // The closing fence is a line that is exactly `---`.
    let mut pos = 0;
    let mut close = None;
    for line in after_open.split_inclusive('\n') {
        if line.trim_end_matches(['\r', '\n']) == "---" {
            close = Some((pos, pos + line.len()));
            break;
        }
        pos += line.len();
    }
    let Some((yaml_end, body)) = close else {
        return Err("front matter opened with --- but never closed".into());
    };
    let yaml = &after_open[..yaml_end];
    // Aliases are expanded by copying: a few hundred bytes of them can ask for gigabytes.
    if yaml.len() > MAX_YAML || ALIAS.is_match(yaml) {
        return Err(format!(
            "front matter: YAML aliases or more than {} KB are not read (write each value out)",
            MAX_YAML / 1024
        ));
    }
    let docs = YamlLoader::load_from_str(yaml).map_err(|e| format!("front matter: {e}"))?;
    let mut meta = Meta::default();
    // Only a mapping is front matter; a text that opens with a `---` rule keeps its lines.
    let Some(Yaml::Hash(map)) = docs.first() else { return Ok((Meta::default(), 0)) };
    let get = |key: &str| match map.get(&Yaml::String(key.into())) {
        Some(Yaml::String(s)) => Some(s.trim().to_string()),
        Some(Yaml::Integer(i)) => Some(i.to_string()),
        _ => None,
    };
    meta.title = get("title").map(|t| demarche_core::normalize_ws(&t));
    // A timestamp keeps its day ("2021-03-01T10:00:00"); anything else is checked whole.
    meta.date = get("date").map(|d| match d.get(10..11) {
        Some("T" | " ") => d[..10].to_string(),
        _ => d,
    });
    meta.url = get("source_url").or_else(|| get("url"));
    meta.author = get("author").or_else(|| get("byline"));
    meta.source = get("source");
    // The issuing actor of a statement, the delegation of a speech.
    meta.actor = get("actor");
    meta.speaker = get("speaker");
    meta.role = get("role");
    if let Some(kind) = get("kind") {
        meta.kind = kind.parse().ok();
    }
    Ok((meta, start + open_len + body))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn white_house_front_matter() {
        let text = "---\ntags: press-briefings\ndate: '2021-03-01'\nsource_url: https://example.org/x\ntitle: \"Press Briefing by Press Secretary Jen\\_Psaki and Secretary\\\n  \\ Alejandro\\_Mayorkas\"\n---\n \nMS. PSAKI:  Okay.\n";
        let (meta, body) = front_matter(text).unwrap();
        assert_eq!(meta.date.as_deref(), Some("2021-03-01"));
        assert_eq!(
            meta.title.as_deref(),
            Some("Press Briefing by Press Secretary Jen Psaki and Secretary Alejandro Mayorkas")
        );
        assert_eq!(&text[body..], " \nMS. PSAKI:  Okay.\n");
    }

    #[test]
    fn statement_front_matter_gives_kind_and_actor() {
        let text = "---\ntitle: \"Statement of Spokesman for DPRK Foreign Ministry — “Sanctions”\"\nkind: statement\nactor: PRK\n---\nPyongyang, June 26 (KCNA) — …\n";
        let (meta, body) = front_matter(text).unwrap();
        assert_eq!(meta.kind, Some(demarche_core::DocKind::Statement));
        assert_eq!(meta.actor.as_deref(), Some("PRK"));
        assert_eq!(meta.title.as_deref(), Some("Statement of Spokesman for DPRK Foreign Ministry — “Sanctions”"));
        assert_eq!(&text[body..], "Pyongyang, June 26 (KCNA) — …\n");
    }

    #[test]
    fn no_front_matter() {
        assert_eq!(front_matter("Remarks\n---\n").unwrap().1, 0);
    }

    #[test]
    fn unclosed_front_matter_is_reported() {
        assert_eq!(front_matter("---\ntitle: x\n").unwrap_err(), "front matter opened with --- but never closed");
    }

    #[test]
    fn only_a_mapping_without_aliases_is_front_matter() {
        // A mapping is front matter even without our keys; a line of prose between two rules is
        // not, and the text keeps it.
        let text = "---\nÉdition spéciale: la réunion.\n---\nbody\n";
        assert_eq!(front_matter(text).unwrap().0.title, None);
        let text = "---\nJust a line of prose\n---\nbody\n";
        assert_eq!(front_matter(text).unwrap(), (Meta::default(), 0));
        // The 424-byte alias bomb is refused before it is expanded.
        let mut bomb = String::from("---\na: &a [x, x, x, x, x, x, x, x, x]\n");
        for (name, prev) in
            [("b", "a"), ("c", "b"), ("d", "c"), ("e", "d"), ("f", "e"), ("g", "f"), ("h", "g"), ("i", "h")]
        {
            bomb.push_str(&format!(
                "{name}: &{name} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"
            ));
        }
        bomb.push_str("---\nbody\n");
        let err = front_matter(&bomb).unwrap_err();
        assert_eq!(err, "front matter: YAML aliases or more than 64 KB are not read (write each value out)");
        // Prose with an asterisk is no alias.
        let text = "---\ntitle: Prices rose 5% * 2\n---\nbody\n";
        assert_eq!(front_matter(text).unwrap().0.title.as_deref(), Some("Prices rose 5% * 2"));
    }
}
