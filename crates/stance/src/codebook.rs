//! The stance codebook: targets with their definitions, keywords that propose candidate
//! sentences, hypothesis templates for the zero-shot method, and worked examples. Users add
//! a target by adding a `[[target]]` table; no code changes.

use std::collections::BTreeSet;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::bail_input;
use crate::{Error, Label};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Codebook {
    pub version: String,
    #[serde(default)]
    pub holder_rule: String,
    #[serde(rename = "target")]
    pub targets: Vec<Target>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Target {
    /// Lower-case identifier; also the column name in example and gold files.
    pub name: String,
    pub definition: String,
    pub favor: String,
    pub against: String,
    pub none: String,
    /// Case-insensitive regular expressions that make a sentence a candidate for labelling.
    #[serde(default)]
    pub keywords: Vec<String>,
    pub hypotheses: Hypotheses,
    /// Wordings that settle the label whatever the model says.
    #[serde(default, rename = "cue")]
    pub cues: Vec<Cue>,
    #[serde(default, rename = "example")]
    pub examples: Vec<Example>,
}

/// A wording that settles a label: when `pattern` (a case-insensitive regular expression)
/// matches a clause that is not a question, the clause gets `label` (method `cue`). For
/// wordings the training sentences lack ("wants China to relax sanctions enforcement").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cue {
    pub label: String,
    pub pattern: String,
    #[serde(default)]
    pub why: String,
    /// When given, the cue settles the label only for clauses held by one of these actors
    /// ("our nuclear deterrent" is the DPRK's defence of its arsenal in a DPRK statement, and
    /// another state's arsenal elsewhere).
    #[serde(default)]
    pub holders: Vec<String>,
}

/// Zero-shot NLI hypotheses: the sentence is the premise; the label whose hypothesis is
/// most entailed wins. `none` is what is left when neither position is entailed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Hypotheses {
    pub favor: String,
    pub against: String,
}

/// A worked example: a sentence, its holder and label, and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Example {
    pub text: String,
    #[serde(default)]
    pub speaker: String,
    pub holder: String,
    pub label: String,
    #[serde(default)]
    pub why: String,
}

impl Codebook {
    pub fn load(path: &Path) -> Result<Codebook, Error> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        Codebook::parse(&text, path)
    }

    /// Parses and checks a codebook; `path` names it in errors (TOML errors carry the line).
    pub fn parse(text: &str, path: &Path) -> Result<Codebook, Error> {
        let book: Codebook = toml::from_str(text).map_err(|e| Error::input(path, e.to_string().trim_end()))?;
        let mut seen = BTreeSet::new();
        for t in &book.targets {
            if t.name.is_empty() || !t.name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_') {
                bail_input!(path, "target name {:?}: use lower-case letters, digits and `_`", t.name);
            }
            if !seen.insert(t.name.as_str()) {
                bail_input!(path, "target {:?} is defined twice", t.name);
            }
            for k in &t.keywords {
                if let Err(e) = regex::Regex::new(k) {
                    bail_input!(path, "target {}: keyword {k:?} is not a regular expression: {e}", t.name);
                }
            }
            for c in &t.cues {
                if Label::parse(&c.label).is_none() {
                    bail_input!(path, "target {}: cue label {:?} is not favor, against or none", t.name, c.label);
                }
                if let Err(e) = regex::RegexBuilder::new(&c.pattern).case_insensitive(true).build() {
                    bail_input!(path, "target {}: cue {:?} is not a regular expression: {e}", t.name, c.pattern);
                }
            }
            for ex in &t.examples {
                if Label::parse(&ex.label).is_none() {
                    bail_input!(path, "target {}: example label {:?} is not favor, against or none", t.name, ex.label);
                }
            }
        }
        if book.targets.is_empty() {
            bail_input!(path, "no [[target]]");
        }
        Ok(book)
    }

    pub fn target(&self, name: &str) -> Option<&Target> {
        self.targets.iter().find(|t| t.name == name)
    }

    pub fn names(&self) -> Vec<String> {
        self.targets.iter().map(|t| t.name.clone()).collect()
    }
}

/// The cues of some targets, compiled: the first matching cue of a target decides.
#[derive(Debug, Clone, Default)]
pub struct Cues {
    by_target: Vec<(String, Vec<Compiled>)>,
}

/// A cue's pattern, its label and the holders it is limited to (empty: any).
#[derive(Debug, Clone)]
struct Compiled {
    re: regex::Regex,
    label: Label,
    holders: Vec<String>,
}

impl Cues {
    /// The cues of `targets` in `book` (targets it lacks have none).
    pub fn new(book: &Codebook, targets: &[String]) -> Cues {
        let by_target = targets
            .iter()
            .map(|name| {
                let cues = book.target(name).map_or(&[][..], |t| &t.cues[..]);
                let compiled = cues
                    .iter()
                    .filter_map(|c| {
                        // Checked when the codebook was parsed.
                        let re = regex::RegexBuilder::new(&c.pattern).case_insensitive(true).build().ok()?;
                        Some(Compiled { re, label: Label::parse(&c.label)?, holders: c.holders.clone() })
                    })
                    .collect();
                (name.clone(), compiled)
            })
            .collect();
        Cues { by_target }
    }

    /// The label the first cue of `target` matching `text` held by `holder` settles, if any.
    pub fn label(&self, target: &str, text: &str, holder: Option<&str>) -> Option<Label> {
        let (_, cues) = self.by_target.iter().find(|(t, _)| t == target)?;
        let allowed = |c: &Compiled| c.holders.is_empty() || holder.is_some_and(|h| c.holders.iter().any(|x| x == h));
        cues.iter().find(|c| allowed(c) && c.re.is_match(text)).map(|c| c.label)
    }

    pub fn is_empty(&self) -> bool {
        self.by_target.iter().all(|(_, c)| c.is_empty())
    }
}

impl Target {
    /// One case-insensitive regex matching any keyword; `None` without keywords.
    pub fn keyword_regex(&self) -> Option<regex::Regex> {
        if self.keywords.is_empty() {
            return None;
        }
        let alt = self.keywords.iter().map(|k| format!("(?:{k})")).collect::<Vec<_>>().join("|");
        regex::RegexBuilder::new(&alt).case_insensitive(true).build().ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shipped() -> Codebook {
        Codebook::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../../config/codebook.toml")).unwrap()
    }

    #[test]
    fn the_shipped_cues_catch_calls_to_ease_sanctions_only() {
        let book = shipped();
        let cues = Cues::new(&book, &book.names());
        let against = Some(Label::Against);
        assert_eq!(cues.label("sanctions", "North Korea wants China to relax sanctions enforcement.", None), against);
        assert_eq!(
            cues.label("sanctions", "We call for the immediate lifting of the economic sanctions on Cuba.", None),
            against
        );
        assert_eq!(cues.label("sanctions", "Kim wants the sanctions lifted — 이 é.", None), against);
        // Facts and refusals are the model's to read.
        assert_eq!(cues.label("sanctions", "We removed sanctions on Burma over the past decade.", None), None);
        assert_eq!(cues.label("sanctions", "The U.S. wants China to enforce sanctions.", None), None);
        assert_eq!(cues.label("engagement", "North Korea wants China to relax sanctions enforcement.", None), None);
        assert_eq!(cues.label("human_rights", "anything", None), None);
        // Demands and condemnations without a wish verb; a refusal to lift is not one.
        assert_eq!(cues.label("sanctions", "The embargo against Cuba must be lifted — é.", None), against);
        assert_eq!(cues.label("sanctions", "The United States must immediately lift its sanctions.", None), against);
        assert_eq!(cues.label("sanctions", "These illegal sanctions violate our sovereignty.", None), against);
        assert_eq!(cues.label("sanctions", "Sanctions must not be lifted until the DPRK acts.", None), None);
    }

    #[test]
    fn a_cue_limited_to_holders_settles_only_their_clauses() {
        let book = shipped();
        let cues = Cues::new(&book, &book.names());
        let text = "As a responsible nuclear-weapon State, we will bolster our self-defensive nuclear deterrent — 이.";
        assert_eq!(cues.label("denuclearization", text, Some("PRK")), Some(Label::Against));
        // The same words from another holder, or with none, are the model's to read.
        assert_eq!(cues.label("denuclearization", text, Some("USA")), None);
        assert_eq!(cues.label("denuclearization", text, None), None);
        let never = "We will never give up our nuclear weapons, which are not a bargaining chip.";
        assert_eq!(cues.label("denuclearization", never, Some("PRK")), Some(Label::Against));
        assert_eq!(cues.label("denuclearization", "The DPRK must abandon its nuclear weapons.", Some("PRK")), None);
    }

    #[test]
    fn bad_cues_are_errors_naming_the_target() {
        let text =
            std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../config/codebook.toml")).unwrap();
        let path = Path::new("book.toml");
        let cue = |label: &str, pattern: &str| {
            let extra = format!("\n[[target.cue]]\nlabel = {label:?}\npattern = {pattern:?}\n");
            Codebook::parse(&format!("{text}{extra}"), path).unwrap_err().to_string()
        };
        assert_eq!(
            cue("maybe", "x"),
            "book.toml: target denuclearization: cue label \"maybe\" is not favor, against or none"
        );
        assert!(cue("against", "(unclosed")
            .starts_with("book.toml: target denuclearization: cue \"(unclosed\" is not a regular expression: "));
    }
}
