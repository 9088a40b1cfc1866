use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use demarche_core::Meta;
use regex::Regex;
use serde::{Deserialize, Serialize};

use crate::{year_of, Error};

/// A file-name rule from the configuration: when `pattern` matches a file's path (relative to
/// the input folder, `/`-separated), its fields fill the document's metadata. Values may use
/// the pattern's named groups: `actor = "${iso}"`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    pub pattern: String,
    pub kind: Option<String>,
    pub source: Option<String>,
    pub title: Option<String>,
    pub date: Option<String>,
    pub actor: Option<String>,
    pub speaker: Option<String>,
    pub role: Option<String>,
    /// A table of speakers to look the speaker up in, found in the file's folder or above.
    pub speakers: Option<SpeakersSpec>,
}

/// Where a rule finds speakers: a CSV file and the columns that hold the year, the actor, the
/// speaker's name and post.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SpeakersSpec {
    pub file: String,
    pub year_column: String,
    pub actor_column: String,
    pub name_column: String,
    pub role_column: Option<String>,
}

type SpeakerTable = HashMap<(String, String), (String, Option<String>)>;

pub struct Rules {
    rules: Vec<(Rule, Regex)>,
    speakers: Mutex<HashMap<PathBuf, Arc<Result<SpeakerTable, String>>>>,
}

impl Rules {
    pub fn new(rules: Vec<Rule>) -> Result<Rules, Error> {
        let compiled = rules
            .into_iter()
            .enumerate()
            .map(|(index, rule)| match Regex::new(&rule.pattern) {
                Ok(re) => Ok((rule, re)),
                Err(e) => Err(Error::Rule { index: index + 1, pattern: rule.pattern.clone(), message: e.to_string() }),
            })
            .collect::<Result<_, _>>()?;
        Ok(Rules { rules: compiled, speakers: Mutex::new(HashMap::new()) })
    }

    /// Metadata from every rule that matches, earlier rules first.
    pub fn apply(&self, relative: &str, path: &Path) -> Result<Meta, String> {
        let mut meta = Meta::default();
        for (rule, re) in &self.rules {
            let Some(caps) = re.captures(relative) else { continue };
            let fill = |v: &Option<String>| {
                v.as_ref().map(|t| {
                    let mut out = String::new();
                    caps.expand(t, &mut out);
                    out
                })
            };
            let mut m = Meta {
                title: fill(&rule.title),
                date: fill(&rule.date),
                source: fill(&rule.source),
                actor: fill(&rule.actor),
                speaker: fill(&rule.speaker),
                role: fill(&rule.role),
                ..Meta::default()
            };
            if let Some(k) = fill(&rule.kind) {
                m.kind = Some(k.parse().map_err(|e: demarche_core::Error| format!("rule {:?}: {e}", rule.pattern))?);
            }
            m.year = m.date.as_deref().and_then(year_of);
            if let (Some(spec), Some(year), Some(actor)) = (&rule.speakers, m.year, m.actor.as_deref()) {
                if let Some((name, role)) = self.speaker(spec, path, year, actor)? {
                    m.speaker = m.speaker.or(Some(name));
                    m.role = m.role.or(role);
                }
            }
            meta.fill_from(&m);
        }
        Ok(meta)
    }

    fn speaker(
        &self,
        spec: &SpeakersSpec,
        path: &Path,
        year: i32,
        actor: &str,
    ) -> Result<Option<(String, Option<String>)>, String> {
        let Some(file) = path.ancestors().skip(1).map(|d| d.join(&spec.file)).find(|f| f.is_file()) else {
            return Ok(None);
        };
        let table = {
            let mut cache = self.speakers.lock().unwrap_or_else(|p| p.into_inner());
            cache.entry(file.clone()).or_insert_with(|| Arc::new(load_speakers(&file, spec))).clone()
        };
        match table.as_ref() {
            Ok(t) => Ok(t.get(&(year.to_string(), actor.to_string())).cloned()),
            Err(e) => Err(e.clone()),
        }
    }
}

fn load_speakers(file: &Path, spec: &SpeakersSpec) -> Result<SpeakerTable, String> {
    let shown = file.display();
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_path(file).map_err(|e| format!("{shown}: {e}"))?;
    let headers = reader.headers().map_err(|e| format!("{shown}: {e}"))?.clone();
    let col = |name: &str| {
        headers.iter().position(|h| h.trim() == name).ok_or_else(|| format!("{shown}: no column {name:?}"))
    };
    let (y, a, n) = (col(&spec.year_column)?, col(&spec.actor_column)?, col(&spec.name_column)?);
    let r = spec.role_column.as_deref().map(col).transpose()?;
    let mut table = SpeakerTable::new();
    for record in reader.records().flatten() {
        let get = |i: usize| record.get(i).map(str::trim).filter(|s| !s.is_empty());
        if let (Some(year), Some(actor), Some(name)) = (get(y), get(a), get(n)) {
            let role = r.and_then(get).map(str::to_string);
            table.entry((year.to_string(), actor.to_string())).or_insert((name.to_string(), role));
        }
    }
    Ok(table)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn un_rule_fills_actor_year_and_speaker() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("2019")).unwrap();
        std::fs::write(
            dir.path().join("speakers.csv"),
            "Year,Session,ISO Code,Country,Name of Person Speaking,Post\n2019,74,PRK,DPRK,Kim Song,Ambassador\n",
        )
        .unwrap();
        let file = dir.path().join("2019/PRK_74_2019.txt");
        let rules = Rules::new(vec![Rule {
            pattern: r"(?:^|/)(?P<iso>[A-Z]{2,3})_(?P<session>\d+)_(?P<year>\d{4})\.txt$".into(),
            kind: Some("speech".into()),
            source: Some("UN General Debate".into()),
            date: Some("${year}".into()),
            actor: Some("${iso}".into()),
            speakers: Some(SpeakersSpec {
                file: "speakers.csv".into(),
                year_column: "Year".into(),
                actor_column: "ISO Code".into(),
                name_column: "Name of Person Speaking".into(),
                role_column: Some("Post".into()),
            }),
            ..Rule::default()
        }])
        .unwrap();
        let m = rules.apply("2019/PRK_74_2019.txt", &file).unwrap();
        assert_eq!(m.actor.as_deref(), Some("PRK"));
        assert_eq!(m.year, Some(2019));
        assert_eq!(m.kind, Some(demarche_core::DocKind::Speech));
        assert_eq!(m.speaker.as_deref(), Some("Kim Song"));
        assert_eq!(m.role.as_deref(), Some("Ambassador"));
    }

    #[test]
    fn bad_pattern_names_the_rule() {
        let err = Rules::new(vec![Rule { pattern: "(".into(), ..Rule::default() }]).err().unwrap();
        assert!(err.to_string().starts_with("rule 1: bad pattern \"(\": regex parse error"), "{err}");
    }
}
