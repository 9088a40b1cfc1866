//! Reading a run folder back (compare, merge, stance evaluation, candidates): one reader, so
//! every command refuses the same things with the same words.

use std::path::{Path, PathBuf};

use crate::{read_parquet_rows, Error, ParquetTable, Row, Schema};

/// The file that marks a folder as a run.
pub const MANIFEST: &str = "manifest.json";

/// A run folder: `manifest.json` and the tables' Parquet files.
#[derive(Debug, Clone)]
pub struct RunDir {
    path: PathBuf,
}

impl RunDir {
    /// Opens a run folder that holds `manifest.json` and the Parquet files of `tables`.
    pub fn open(path: &Path, tables: &[Schema]) -> Result<RunDir, Error> {
        let not_a_run = |reason: String| Error::NotARun { path: path.display().to_string(), reason };
        if !path.is_dir() {
            return Err(not_a_run("no such folder".into()));
        }
        if !path.join(MANIFEST).is_file() {
            return Err(not_a_run(format!("no {MANIFEST}")));
        }
        if let Some(s) = tables.iter().find(|s| !path.join(format!("{}.parquet", s.name)).is_file()) {
            return Err(not_a_run(format!("no {}.parquet", s.name)));
        }
        Ok(RunDir { path: path.to_path_buf() })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The Parquet file of a table.
    pub fn table_path(&self, schema: &Schema) -> PathBuf {
        self.path.join(format!("{}.parquet", schema.name))
    }

    /// `manifest.json` parsed as JSON, for the caller to read as its manifest type.
    pub fn manifest(&self) -> Result<serde_json::Value, Error> {
        let path = self.path.join(MANIFEST);
        let shown = path.display().to_string();
        let text = std::fs::read_to_string(&path).map_err(|source| Error::Io { path: shown.clone(), cause: source })?;
        serde_json::from_str(&text)
            .map_err(|e| Error::Invalid { path: shown, message: format!("not a run manifest: {e}") })
    }

    /// A table read whole; its columns must be the schema's, in order (a run of another schema
    /// version is refused, not misread).
    pub fn table(&self, schema: &Schema) -> Result<ParquetTable, Error> {
        let path = self.table_path(schema);
        let t = read_parquet_rows(&path)?;
        if t.columns != schema.names() {
            return Err(Error::Columns {
                path: path.display().to_string(),
                table: schema.name.to_string(),
                found: t.columns.join(", "),
                expected: schema.names().join(", "),
            });
        }
        Ok(t)
    }

    /// A table's rows as its row struct, each cell found by column name.
    pub fn rows<R: Row>(&self) -> Result<Vec<R>, Error> {
        let t = self.table(&R::SCHEMA)?;
        let path = self.table_path(&R::SCHEMA);
        t.rows
            .iter()
            .enumerate()
            .map(|(i, row)| {
                R::from_cells(&|name| t.column(name).map(|c| row[c].clone())).map_err(|cell| Error::Cell {
                    path: path.display().to_string(),
                    row: i + 1,
                    cell,
                })
            })
            .collect()
    }
}

impl ParquetTable {
    /// The index of a column, by name.
    pub fn column(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|c| c == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{ErrorRow, TableWriter, DOCUMENTS, ERRORS, SENTENCES};

    fn error(i: usize) -> ErrorRow {
        ErrorRow { path: format!("f{i}"), stage: "ingest".into(), level: "error".into(), message: "m".into() }
    }

    #[test]
    fn reads_rows_by_name_and_names_what_is_wrong() {
        let dir = tempfile::tempdir().unwrap();
        let shown = dir.path().display();
        let err = RunDir::open(dir.path(), &[ERRORS]).unwrap_err();
        assert_eq!(err.to_string(), format!("{shown}: not a run folder (no manifest.json)"));
        std::fs::write(dir.path().join(MANIFEST), "{\"run_id\": \"x\"}").unwrap();
        let err = RunDir::open(dir.path(), &[ERRORS]).unwrap_err();
        assert_eq!(err.to_string(), format!("{shown}: not a run folder (no errors.parquet)"));
        let mut w = TableWriter::create(dir.path(), ERRORS, &[]).unwrap();
        for i in 0..3 {
            w.write(error(i)).unwrap();
        }
        w.finish().unwrap();
        let run = RunDir::open(dir.path(), &[ERRORS]).unwrap();
        assert_eq!(run.manifest().unwrap()["run_id"], "x");
        assert_eq!(run.rows::<ErrorRow>().unwrap(), (0..3).map(error).collect::<Vec<_>>());
        // A table with other columns under the name is refused, naming both column lists.
        std::fs::rename(dir.path().join("errors.parquet"), dir.path().join("documents.parquet")).unwrap();
        let err = run.table(&DOCUMENTS).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!(
                "{}: columns (path, stage, level, message) are not those of the documents table ({})",
                dir.path().join("documents.parquet").display(),
                DOCUMENTS.names().join(", ")
            )
        );
        let err = RunDir::open(&dir.path().join("nowhere"), &[SENTENCES]).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!("{}: not a run folder (no such folder)", dir.path().join("nowhere").display())
        );
    }
}
