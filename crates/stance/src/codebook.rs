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
    #[serde(default, rename = "example")]
    pub examples: Vec<Example>,
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
