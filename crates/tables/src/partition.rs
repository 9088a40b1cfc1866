//! A run's tables as a Hive-partitioned Parquet dataset by year, the layout DuckDB
//! (`hive_partitioning`), Polars, pyarrow and Spark read as one table per folder:
//! `<table>/year=2019/part-0.parquet`. A table's rows go to the year of their document
//! (`positions`: their own year); rows of undated documents to
//! `year=__HIVE_DEFAULT_PARTITION__`, Hive's null. The year is in the folder name only:
//! `documents` and `positions` leave their `year` column out of the files, as Hive does.
//! `errors` (rows about files, with no year) and empty tables are one unpartitioned
//! `<table>/part-0.parquet`. Rows keep their order, and the files their key-value metadata
//! (run id, schema version).

use std::collections::{BTreeMap, HashMap};
use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use arrow::array::{Array, Int64Array, StringArray, UInt32Array};
use arrow::compute::take_record_batch;
use arrow::datatypes::Schema as ArrowSchema;
use arrow::record_batch::RecordBatch;
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::metadata::KeyValue;
use parquet::file::properties::WriterProperties;

use crate::{Error, Kind, Staging, ALL};

/// The file a complete dataset ends with (Spark's marker; readers skip `_` files).
pub const MARKER: &str = "_SUCCESS";
/// Hive's name for the partition of rows whose key is null.
pub const NULL_PARTITION: &str = "__HIVE_DEFAULT_PARTITION__";

/// Rows of each table per partition (`Some(i64::MIN)`: the table is not partitioned).
pub type Counts = BTreeMap<String, BTreeMap<Option<i64>, usize>>;

fn parquet_err(path: &Path) -> impl Fn(parquet::errors::ParquetError) -> Error + '_ {
    move |source| Error::Parquet { path: path.display().to_string(), cause: source }
}

fn arrow_err(path: &Path) -> impl Fn(arrow::error::ArrowError) -> Error + '_ {
    move |source| Error::Arrow { path: path.display().to_string(), cause: source }
}

fn io_err(path: &Path) -> impl Fn(std::io::Error) -> Error + '_ {
    move |source| Error::Io { path: path.display().to_string(), cause: source }
}

/// Writes the Parquet tables of the run folder `run` as a dataset in `out` (replaced whole,
/// like a run folder). Returns the rows written per table and year.
pub fn partition_by_year(run: &Path, out: &Path) -> Result<Counts, Error> {
    let staging = Staging::new(out, &Kind::dataset("a partitioned dataset", MARKER, ALL))?;
    let years = document_years(&run.join("documents.parquet"))?;
    let mut counts = Counts::new();
    for schema in ALL {
        let path = run.join(format!("{}.parquet", schema.name));
        if !path.is_file() {
            continue;
        }
        let per_year = split_table(&path, &staging.path.join(schema.name), &years)?;
        counts.insert(schema.name.to_string(), per_year);
    }
    let marker = staging.path.join(MARKER);
    File::create(&marker).and_then(|mut f| f.write_all(b"").and_then(|_| f.sync_all())).map_err(io_err(&marker))?;
    staging.commit()?;
    Ok(counts)
}

/// doc_id → year, from the run's documents table.
fn document_years(path: &Path) -> Result<HashMap<String, Option<i64>>, Error> {
    let mut years = HashMap::new();
    let file = File::open(path).map_err(io_err(path))?;
    let reader = ParquetRecordBatchReaderBuilder::try_new(file).and_then(|b| b.build()).map_err(parquet_err(path))?;
    for batch in reader {
        let batch = batch.map_err(arrow_err(path))?;
        let ids = string_column(&batch, "doc_id", path)?;
        let year = int_column(&batch, "year", path)?;
        for r in 0..batch.num_rows() {
            years.insert(ids.value(r).to_string(), (!year.is_null(r)).then(|| year.value(r)));
        }
    }
    Ok(years)
}

fn string_column<'a>(batch: &'a RecordBatch, name: &str, path: &Path) -> Result<&'a StringArray, Error> {
    batch.column_by_name(name).and_then(|c| c.as_any().downcast_ref::<StringArray>()).ok_or_else(|| Error::Invalid {
        path: path.display().to_string(),
        message: format!("no string column {name:?}"),
    })
}

fn int_column<'a>(batch: &'a RecordBatch, name: &str, path: &Path) -> Result<&'a Int64Array, Error> {
    batch.column_by_name(name).and_then(|c| c.as_any().downcast_ref::<Int64Array>()).ok_or_else(|| Error::Invalid {
        path: path.display().to_string(),
        message: format!("no integer column {name:?}"),
    })
}

/// The key of rows that are not partitioned (`errors`; empty tables): no `year=` folder.
const UNPARTITIONED: Option<i64> = Some(i64::MIN);

fn partition_dir(table_dir: &Path, year: Option<i64>) -> PathBuf {
    match year {
        UNPARTITIONED => table_dir.to_path_buf(),
        Some(y) => table_dir.join(format!("year={y}")),
        None => table_dir.join(format!("year={NULL_PARTITION}")),
    }
}

/// Streams one table into its partitions, a writer per year held open, row groups bounded.
fn split_table(
    path: &Path,
    table_dir: &Path,
    years: &HashMap<String, Option<i64>>,
) -> Result<BTreeMap<Option<i64>, usize>, Error> {
    let file = File::open(path).map_err(io_err(path))?;
    let builder = ParquetRecordBatchReaderBuilder::try_new(file).map_err(parquet_err(path))?;
    // The run's keys; the writer adds its own Arrow schema.
    let metadata: Vec<KeyValue> = (builder.metadata().file_metadata().key_value_metadata().into_iter().flatten())
        .filter(|kv| !kv.key.starts_with("ARROW:"))
        .cloned()
        .collect();
    let source = builder.schema().clone();
    let own_year = source.index_of("year").ok();
    // The files leave the partition column out.
    let kept: Vec<usize> = (0..source.fields().len()).filter(|&i| Some(i) != own_year).collect();
    let schema = Arc::new(source.project(&kept).map_err(arrow_err(path))?);
    let reader = builder.build().map_err(parquet_err(path))?;
    let props = WriterProperties::builder()
        .set_compression(Compression::SNAPPY)
        .set_max_row_group_row_count(Some(64 * 1024))
        .set_key_value_metadata(Some(metadata))
        .build();
    let mut writers: BTreeMap<Option<i64>, (PathBuf, ArrowWriter<File>)> = BTreeMap::new();
    let mut counts = BTreeMap::new();
    let open = |year: Option<i64>, schema: &Arc<ArrowSchema>| -> Result<(PathBuf, ArrowWriter<File>), Error> {
        let dir = partition_dir(table_dir, year);
        std::fs::create_dir_all(&dir).map_err(io_err(&dir))?;
        let p = dir.join("part-0.parquet");
        let f = File::create(&p).map_err(io_err(&p))?;
        let w = ArrowWriter::try_new(f, schema.clone(), Some(props.clone())).map_err(parquet_err(&p))?;
        Ok((p, w))
    };
    for batch in reader {
        let batch = batch.map_err(arrow_err(path))?;
        let row_years: Vec<Option<i64>> = match own_year {
            Some(_) => {
                let y = int_column(&batch, "year", path)?;
                (0..batch.num_rows()).map(|r| (!y.is_null(r)).then(|| y.value(r))).collect()
            }
            None if batch.schema().index_of("doc_id").is_ok() => {
                let ids = string_column(&batch, "doc_id", path)?;
                (0..batch.num_rows()).map(|r| years.get(ids.value(r)).copied().flatten()).collect()
            }
            None => vec![UNPARTITIONED; batch.num_rows()],
        };
        let mut rows: BTreeMap<Option<i64>, Vec<u32>> = BTreeMap::new();
        for (r, y) in row_years.into_iter().enumerate() {
            rows.entry(y).or_default().push(r as u32);
        }
        let batch = batch.project(&kept).map_err(arrow_err(path))?;
        for (year, indices) in rows {
            let part = take_record_batch(&batch, &UInt32Array::from(indices)).map_err(arrow_err(path))?;
            let (p, w) = match writers.entry(year) {
                std::collections::btree_map::Entry::Occupied(e) => e.into_mut(),
                std::collections::btree_map::Entry::Vacant(e) => e.insert(open(year, &schema)?),
            };
            w.write(&part).map_err(parquet_err(p))?;
            *counts.entry(year).or_insert(0) += part.num_rows();
        }
    }
    // An empty table still gets a file, so readers find its columns.
    if writers.is_empty() {
        writers.insert(UNPARTITIONED, open(UNPARTITIONED, &schema)?);
        counts.insert(UNPARTITIONED, 0);
    }
    for (_, (p, w)) in writers {
        let f = w.into_inner().map_err(parquet_err(&p))?;
        f.sync_all().map_err(io_err(&p))?;
    }
    Ok(counts)
}
