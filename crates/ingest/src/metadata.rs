use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use demarche_core::Meta;

use crate::{check_date, Error, Warning};

/// A metadata file: one row per document in its folder, keyed by file name relative to it.
/// Columns (any order, all but `file` optional): file, title, date, source, kind, actor,
/// speaker, role, url.
#[derive(Debug, Default)]
pub struct MetadataTable {
    rows: HashMap<String, Meta>,
    /// Rows that could not be read; reported once per run.
    pub problems: Vec<Error>,
}

impl MetadataTable {
    pub fn parse(path: &Path, text: &str) -> MetadataTable {
        let shown = path.display().to_string();
        let mut table = MetadataTable::default();
        let mut reader = csv::ReaderBuilder::new().flexible(false).from_reader(text.as_bytes());
        let headers = match reader.headers() {
            Ok(h) => h.iter().map(|s| s.trim().to_ascii_lowercase()).collect::<Vec<_>>(),
            Err(e) => {
                table.problems.push(Error::Metadata { path: shown, line: 1, message: e.to_string() });
                return table;
            }
        };
        let Some(file_col) = headers.iter().position(|h| h == "file") else {
            table.problems.push(Error::Metadata { path: shown, line: 1, message: "no `file` column".into() });
            return table;
        };
        for record in reader.records() {
            let record = match record {
                Ok(r) => r,
                Err(e) => {
                    let line = e.position().map(|p| p.line()).unwrap_or(0);
                    let message = match e.kind() {
                        csv::ErrorKind::UnequalLengths { expected_len, len, .. } => {
                            format!("expected {expected_len} fields, found {len}")
                        }
                        _ => e.to_string(),
                    };
                    table.problems.push(Error::Metadata { path: shown.clone(), line, message });
                    continue;
                }
            };
            let line = record.position().map(|p| p.line()).unwrap_or(0);
            match row_meta(&headers, &record) {
                Ok(meta) => {
                    table.rows.insert(record[file_col].trim().to_string(), meta);
                }
                Err(message) => table.problems.push(Error::Metadata { path: shown.clone(), line, message }),
            }
        }
        table
    }

    pub fn get(&self, file: &str) -> Option<&Meta> {
        self.rows.get(file)
    }
}

fn row_meta(headers: &[String], record: &csv::StringRecord) -> Result<Meta, String> {
    let mut meta = Meta::default();
    for (h, v) in headers.iter().zip(record.iter()) {
        let v = v.trim();
        if v.is_empty() {
            continue;
        }
        let some = || Some(v.to_string());
        match h.as_str() {
            "title" => meta.title = some(),
            "date" => {
                let year = check_date(v)?;
                meta.year = Some(year);
                meta.date = some();
            }
            "source" => meta.source = some(),
            "kind" => meta.kind = Some(v.parse().map_err(|e: demarche_core::Error| e.to_string())?),
            "actor" => meta.actor = some(),
            "speaker" => meta.speaker = some(),
            "role" => meta.role = some(),
            "url" => meta.url = some(),
            "author" | "byline" => meta.author = some(),
            _ => {}
        }
    }
    Ok(meta)
}

/// Finds and caches the metadata files that lie beside inputs or in a folder above them.
pub struct MetadataFiles {
    names: Vec<String>,
    cache: Mutex<HashMap<PathBuf, Arc<MetadataTable>>>,
}

impl MetadataFiles {
    pub fn new(names: Vec<String>) -> Self {
        MetadataFiles { names, cache: Mutex::new(HashMap::new()) }
    }

    /// The metadata row for `path`, searching its folder and those above it up to `root`.
    pub fn lookup(&self, path: &Path, root: &Path) -> Result<Option<Meta>, Warning> {
        let mut dir = path.parent();
        while let Some(d) = dir {
            for name in &self.names {
                let candidate = d.join(name);
                if let Some(table) = self.table(&candidate)? {
                    let rel = path.strip_prefix(d).unwrap_or(path);
                    let key = rel.to_string_lossy().replace('\\', "/");
                    if let Some(meta) = table.get(&key) {
                        return Ok(Some(meta.clone()));
                    }
                }
            }
            if d == root || !d.starts_with(root) {
                break;
            }
            dir = d.parent();
        }
        Ok(None)
    }

    fn table(&self, candidate: &Path) -> Result<Option<Arc<MetadataTable>>, Warning> {
        let mut cache = self.cache.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(t) = cache.get(candidate) {
            return Ok(Some(t.clone()));
        }
        if !candidate.is_file() {
            return Ok(None);
        }
        let table = match std::fs::read_to_string(candidate) {
            Ok(text) => MetadataTable::parse(candidate, &text),
            Err(e) => {
                let err = Error::io(&candidate.display().to_string(), &e);
                MetadataTable { rows: HashMap::new(), problems: vec![err] }
            }
        };
        let table = Arc::new(table);
        cache.insert(candidate.to_path_buf(), table.clone());
        Ok(Some(table))
    }

    /// Every problem found in the metadata files read so far, in path order.
    pub fn problems(&self) -> Vec<Error> {
        let cache = self.cache.lock().unwrap_or_else(|p| p.into_inner());
        let mut paths: Vec<_> = cache.keys().collect();
        paths.sort();
        paths.into_iter().flat_map(|p| cache[p].problems.clone()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_and_malformed_rows() {
        let text = "file,title,date,kind\na.txt,Remarks — Kim’s,2015-01-30,transcript\nb.txt,x\nc.txt,y,2015,podcast\nd.txt,z,Jan 2015,article\n";
        let t = MetadataTable::parse(Path::new("meta.csv"), text);
        let a = t.get("a.txt").unwrap();
        assert_eq!(a.title.as_deref(), Some("Remarks — Kim’s"));
        assert_eq!(a.year, Some(2015));
        let msgs: Vec<_> = t.problems.iter().map(|e| e.to_string()).collect();
        assert_eq!(
            msgs,
            [
                "meta.csv: line 3: expected 4 fields, found 2",
                "meta.csv: line 4: unknown document kind \"podcast\" (expected transcript, speech, article or statement)",
                "meta.csv: line 5: bad date \"Jan 2015\" (expected YYYY, YYYY-MM or YYYY-MM-DD)",
            ]
        );
    }
}
