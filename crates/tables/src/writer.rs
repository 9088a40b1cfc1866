use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use arrow::array::{
    Array, ArrayRef, Float64Array, Float64Builder, Int64Array, Int64Builder, StringArray, StringBuilder,
};
use arrow::datatypes::{DataType, Field, Schema as ArrowSchema, SchemaRef};
use arrow::record_batch::RecordBatch;
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::metadata::KeyValue;
use parquet::file::properties::WriterProperties;

use crate::{Error, Row, Schema, Type};

/// One cell.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Str(String),
    Int(i64),
    Float(f64),
    Null,
}

impl From<&str> for Value {
    fn from(s: &str) -> Self {
        Value::Str(s.to_string())
    }
}
impl From<String> for Value {
    fn from(s: String) -> Self {
        Value::Str(s)
    }
}
impl From<usize> for Value {
    fn from(n: usize) -> Self {
        Value::Int(n as i64)
    }
}
impl From<i64> for Value {
    fn from(n: i64) -> Self {
        Value::Int(n)
    }
}
impl From<f64> for Value {
    fn from(x: f64) -> Self {
        Value::Float(x)
    }
}
impl<T: Into<Value>> From<Option<T>> for Value {
    fn from(v: Option<T>) -> Self {
        v.map(Into::into).unwrap_or(Value::Null)
    }
}

/// Rows buffered per Parquet row group flush; bounds memory whatever the table's size.
const BATCH_ROWS: usize = 8192;

/// Writes one table as `<name>.csv` and `<name>.parquet` with the same columns. Both are
/// written under temporary names and renamed into place by [`TableWriter::finish`], so a
/// reader never sees a half-written table; dropping an unfinished writer removes them.
pub struct TableWriter {
    schema: Schema,
    arrow: SchemaRef,
    csv: Option<csv::Writer<BufWriter<File>>>,
    parquet: Option<ArrowWriter<File>>,
    rows: Vec<Vec<Value>>,
    count: usize,
    tmp: [PathBuf; 2],
    dest: [PathBuf; 2],
}

impl TableWriter {
    pub fn create(dir: &Path, schema: Schema, metadata: &[(String, String)]) -> Result<Self, Error> {
        let dest = [dir.join(format!("{}.csv", schema.name)), dir.join(format!("{}.parquet", schema.name))];
        let tmp =
            [dir.join(format!(".{}.csv.partial", schema.name)), dir.join(format!(".{}.parquet.partial", schema.name))];
        let create =
            |p: &PathBuf| File::create(p).map_err(|source| Error::Io { path: p.display().to_string(), cause: source });
        let mut csv = csv::Writer::from_writer(BufWriter::new(create(&tmp[0])?));
        csv.write_record(schema.names())
            .map_err(|source| Error::Csv { path: tmp[0].display().to_string(), cause: source })?;
        let arrow = arrow_schema(&schema);
        let mut kv = vec![KeyValue::new("demarche.table".to_string(), schema.name.to_string())];
        kv.extend(metadata.iter().map(|(k, v)| KeyValue::new(k.clone(), v.clone())));
        let props = WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .set_max_row_group_row_count(Some(64 * 1024))
            .set_key_value_metadata(Some(kv))
            .build();
        let parquet = ArrowWriter::try_new(create(&tmp[1])?, arrow.clone(), Some(props))
            .map_err(|source| Error::Parquet { path: tmp[1].display().to_string(), cause: source })?;
        Ok(TableWriter { schema, arrow, csv: Some(csv), parquet: Some(parquet), rows: Vec::new(), count: 0, tmp, dest })
    }

    /// Writes a row of this writer's table.
    pub fn write<R: Row>(&mut self, row: R) -> Result<(), Error> {
        self.write_cells(row.cells())
    }

    /// Writes a row given as cells named by their columns: a row whose names are not the
    /// schema's, in its order, is refused (as arrow's `RecordBatch::try_new` refuses them).
    pub fn write_cells<S: AsRef<str>>(&mut self, cells: Vec<(S, Value)>) -> Result<(), Error> {
        self.check_names(&cells)?;
        let row: Vec<Value> = cells.into_iter().map(|(_, v)| v).collect();
        self.check(&row)?;
        let csv = self.csv.as_mut().expect("writer used after finish");
        let cells = row.iter().map(|v| match v {
            Value::Str(s) => s.clone(),
            Value::Int(n) => n.to_string(),
            Value::Float(x) => x.to_string(),
            Value::Null => String::new(),
        });
        csv.write_record(cells)
            .map_err(|source| Error::Csv { path: self.tmp[0].display().to_string(), cause: source })?;
        self.rows.push(row);
        self.count += 1;
        if self.rows.len() >= BATCH_ROWS {
            self.flush_batch()?;
        }
        Ok(())
    }

    fn check_names<S: AsRef<str>>(&self, cells: &[(S, Value)]) -> Result<(), Error> {
        let table = self.schema.name.to_string();
        if cells.len() != self.schema.columns.len() {
            return Err(Error::Width { table, expected: self.schema.columns.len(), found: cells.len() });
        }
        match self.schema.columns.iter().zip(cells).position(|(c, (n, _))| c.name != n.as_ref()) {
            Some(i) => Err(Error::Name {
                table,
                position: i + 1,
                expected: self.schema.columns[i].name.to_string(),
                found: cells[i].0.as_ref().to_string(),
            }),
            None => Ok(()),
        }
    }

    fn check(&self, row: &[Value]) -> Result<(), Error> {
        let table = self.schema.name.to_string();
        if row.len() != self.schema.columns.len() {
            return Err(Error::Width { table, expected: self.schema.columns.len(), found: row.len() });
        }
        for (c, v) in self.schema.columns.iter().zip(row) {
            let ok = matches!(
                (c.ty, v),
                (Type::Str, Value::Str(_)) | (Type::Int, Value::Int(_)) | (Type::Float, Value::Float(_))
            ) || (c.nullable && *v == Value::Null);
            if !ok {
                let expected = if c.nullable { "a nullable value" } else { c.ty.name() };
                let expected = if matches!(v, Value::Null) { "a value (column is not nullable)" } else { expected };
                return Err(Error::Type { table, column: c.name.to_string(), expected, found: format!("{v:?}") });
            }
        }
        Ok(())
    }

    fn flush_batch(&mut self) -> Result<(), Error> {
        if self.rows.is_empty() {
            return Ok(());
        }
        let rows = std::mem::take(&mut self.rows);
        let columns: Vec<ArrayRef> = self
            .schema
            .columns
            .iter()
            .enumerate()
            .map(|(i, c)| column_array(c.ty, rows.iter().map(|r| &r[i])))
            .collect();
        let path = self.tmp[1].display().to_string();
        let batch = RecordBatch::try_new(self.arrow.clone(), columns)
            .map_err(|source| Error::Arrow { path: path.clone(), cause: source })?;
        self.parquet
            .as_mut()
            .expect("writer used after finish")
            .write(&batch)
            .map_err(|source| Error::Parquet { path, cause: source })
    }

    /// Flushes, syncs and renames both files into place; returns the number of rows.
    pub fn finish(self) -> Result<usize, Error> {
        self.finish_with(&[])
    }

    /// Like [`TableWriter::finish`], adding key-value metadata known only at the end (the run id).
    pub fn finish_with(mut self, metadata: &[(String, String)]) -> Result<usize, Error> {
        self.flush_batch()?;
        if let Some(w) = self.parquet.as_mut() {
            for (k, v) in metadata {
                w.append_key_value_metadata(KeyValue::new(k.clone(), v.clone()));
            }
        }
        let csv = self.csv.take().expect("finish called twice");
        let buf = csv
            .into_inner()
            .map_err(|e| Error::Io { path: self.tmp[0].display().to_string(), cause: e.into_error() })?;
        let file = buf
            .into_inner()
            .map_err(|e| Error::Io { path: self.tmp[0].display().to_string(), cause: e.into_error() })?;
        let parquet = self.parquet.take().expect("finish called twice");
        let pq = parquet
            .into_inner()
            .map_err(|source| Error::Parquet { path: self.tmp[1].display().to_string(), cause: source })?;
        for (f, p) in [(file, &self.tmp[0]), (pq, &self.tmp[1])] {
            let mut f = f;
            f.flush()
                .and_then(|_| f.sync_all())
                .map_err(|source| Error::Io { path: p.display().to_string(), cause: source })?;
        }
        for (t, d) in self.tmp.iter().zip(&self.dest) {
            std::fs::rename(t, d).map_err(|source| Error::Io { path: d.display().to_string(), cause: source })?;
        }
        Ok(self.count)
    }
}

impl Drop for TableWriter {
    fn drop(&mut self) {
        if self.csv.is_some() {
            for t in &self.tmp {
                let _ = std::fs::remove_file(t);
            }
        }
    }
}

fn arrow_schema(schema: &Schema) -> SchemaRef {
    let fields: Vec<Field> = schema
        .columns
        .iter()
        .map(|c| {
            let dt = match c.ty {
                Type::Str => DataType::Utf8,
                Type::Int => DataType::Int64,
                Type::Float => DataType::Float64,
            };
            Field::new(c.name, dt, c.nullable)
        })
        .collect();
    Arc::new(ArrowSchema::new(fields))
}

fn column_array<'a>(ty: Type, values: impl Iterator<Item = &'a Value>) -> ArrayRef {
    match ty {
        Type::Str => {
            let mut b = StringBuilder::new();
            for v in values {
                match v {
                    Value::Str(s) => b.append_value(s),
                    _ => b.append_null(),
                }
            }
            Arc::new(b.finish())
        }
        Type::Int => {
            let mut b = Int64Builder::new();
            for v in values {
                match v {
                    Value::Int(n) => b.append_value(*n),
                    _ => b.append_null(),
                }
            }
            Arc::new(b.finish())
        }
        Type::Float => {
            let mut b = Float64Builder::new();
            for v in values {
                match v {
                    Value::Float(x) => b.append_value(*x),
                    _ => b.append_null(),
                }
            }
            Arc::new(b.finish())
        }
    }
}

/// A Parquet table read back whole.
#[derive(Debug, Clone, PartialEq)]
pub struct ParquetTable {
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Value>>,
    /// The file's key-value metadata.
    pub metadata: Vec<(String, String)>,
}

/// Reads a Parquet table back as rows of [`Value`]s, with its key-value metadata; for tests
/// and for commands that read runs (compare, merge).
/// A Parquet file's row count and key-value metadata, read from its footer alone.
pub fn parquet_footer(path: &Path) -> Result<(i64, Vec<(String, String)>), Error> {
    let shown = path.display().to_string();
    let file = File::open(path).map_err(|source| Error::Io { path: shown.clone(), cause: source })?;
    let builder = ParquetRecordBatchReaderBuilder::try_new(file)
        .map_err(|source| Error::Parquet { path: shown, cause: source })?;
    let meta = builder.metadata().file_metadata();
    let kv = meta
        .key_value_metadata()
        .map(|kv| kv.iter().map(|k| (k.key.clone(), k.value.clone().unwrap_or_default())).collect())
        .unwrap_or_default();
    Ok((meta.num_rows(), kv))
}

pub fn read_parquet_rows(path: &Path) -> Result<ParquetTable, Error> {
    let shown = path.display().to_string();
    let file = File::open(path).map_err(|source| Error::Io { path: shown.clone(), cause: source })?;
    let builder = ParquetRecordBatchReaderBuilder::try_new(file)
        .map_err(|source| Error::Parquet { path: shown.clone(), cause: source })?;
    let kv = builder
        .metadata()
        .file_metadata()
        .key_value_metadata()
        .map(|kv| kv.iter().map(|k| (k.key.clone(), k.value.clone().unwrap_or_default())).collect())
        .unwrap_or_default();
    let columns = builder.schema().fields().iter().map(|f| f.name().clone()).collect();
    let reader = builder.build().map_err(|source| Error::Parquet { path: shown.clone(), cause: source })?;
    let mut rows = Vec::new();
    for batch in reader {
        let batch = batch.map_err(|source| Error::Arrow { path: shown.clone(), cause: source })?;
        for r in 0..batch.num_rows() {
            let row = batch
                .columns()
                .iter()
                .map(|col| {
                    if col.is_null(r) {
                        Value::Null
                    } else if let Some(a) = col.as_any().downcast_ref::<StringArray>() {
                        Value::Str(a.value(r).to_string())
                    } else if let Some(a) = col.as_any().downcast_ref::<Int64Array>() {
                        Value::Int(a.value(r))
                    } else if let Some(a) = col.as_any().downcast_ref::<Float64Array>() {
                        Value::Float(a.value(r))
                    } else {
                        Value::Null
                    }
                })
                .collect();
            rows.push(row);
        }
    }
    Ok(ParquetTable { columns, rows, metadata: kv })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{ErrorRow, ERRORS};

    #[test]
    fn csv_and_parquet_hold_the_same_rows() {
        let dir = tempfile::tempdir().unwrap();
        let mut w = TableWriter::create(dir.path(), ERRORS, &[("demarche.run_id".into(), "abc".into())]).unwrap();
        for i in 0..10_000usize {
            w.write(ErrorRow {
                path: "Kim’s — 이.txt".into(),
                stage: "ingest".into(),
                level: "error".into(),
                message: format!("line {i}: é"),
            })
            .unwrap();
        }
        assert!(dir.path().join(".errors.csv.partial").exists());
        assert!(!dir.path().join("errors.csv").exists());
        assert_eq!(w.finish().unwrap(), 10_000);
        assert!(!dir.path().join(".errors.csv.partial").exists());
        let ParquetTable { columns: names, rows, metadata: kv } =
            read_parquet_rows(&dir.path().join("errors.parquet")).unwrap();
        assert_eq!(names, ["path", "stage", "level", "message"]);
        assert_eq!(rows.len(), 10_000);
        assert_eq!(rows[9_999][3], Value::Str("line 9999: é".into()));
        assert!(kv.contains(&("demarche.run_id".into(), "abc".into())));
        let csv = std::fs::read_to_string(dir.path().join("errors.csv")).unwrap();
        assert_eq!(csv.lines().nth(1).unwrap(), "Kim’s — 이.txt,ingest,error,line 0: é");
    }

    #[test]
    fn wrong_rows_are_errors_and_unfinished_tables_vanish() {
        let dir = tempfile::tempdir().unwrap();
        let mut w = TableWriter::create(dir.path(), ERRORS, &[]).unwrap();
        assert_eq!(
            w.write_cells(vec![("path", "a".into())]).unwrap_err().to_string(),
            "table errors: row has 1 values, the schema has 4 columns"
        );
        let cells = |names: [&'static str; 4]| names.into_iter().map(|n| (n, Value::from(n))).collect::<Vec<_>>();
        let err = w.write_cells(cells(["path", "level", "stage", "message"])).unwrap_err();
        assert_eq!(err.to_string(), "table errors: column 2 is \"level\" in the row but \"stage\" in the schema");
        // Another table's row is refused by its names.
        let doc = crate::SentenceRow {
            sentence_id: "s".into(),
            turn_id: "t".into(),
            doc_id: "d".into(),
            seq: 0,
            start: 0,
            end: 1,
            char_start: 0,
            char_end: 1,
            text: "x".into(),
        };
        let err = w.write(doc).unwrap_err();
        assert_eq!(err.to_string(), "table errors: row has 9 values, the schema has 4 columns");
        let mut row = cells(["path", "stage", "level", "message"]);
        row[1].1 = Value::Null;
        let err = w.write_cells(row).unwrap_err();
        assert_eq!(err.to_string(), "table errors: column stage: expected a value (column is not nullable), got Null");
        drop(w);
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }
}
