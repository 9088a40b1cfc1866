//! The tables a run writes, their documented schemas, and a writer that produces the CSV and
//! the Parquet file of a table side by side from the same rows.

pub mod partition;
mod schema;
mod staging;
mod writer;

pub use schema::{
    opt, req, schema_markdown, tables_markdown, Column, Schema, Type, ALL, DOCUMENTS, ENTITIES, ERRORS, POSITIONS,
    SCHEMA_VERSION, SENTENCES, STANCES, TURNS,
};
pub use staging::{write_atomic, Kind, Staging};
pub use writer::{parquet_footer, read_parquet_rows, ParquetTable, TableWriter, Value};

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{path}: {source}")]
    Io { path: String, source: std::io::Error },
    #[error("{path}: {source}")]
    Csv { path: String, source: csv::Error },
    #[error("{path}: {source}")]
    Parquet { path: String, source: parquet::errors::ParquetError },
    #[error("{path}: {source}")]
    Arrow { path: String, source: arrow::error::ArrowError },
    #[error("{path}: {message}")]
    Invalid { path: String, message: String },
    #[error("{path}: refusing to replace a folder that is neither empty nor {what}: {reason}")]
    Occupied { path: String, what: String, reason: String },
    #[error("{path}: another demarche process (pid {pid}) is writing it; wait for it to finish")]
    Locked { path: String, pid: String },
    #[error("table {table}: row has {found} values, the schema has {expected} columns")]
    Width { table: String, expected: usize, found: usize },
    #[error("table {table}: column {column}: expected {expected}, got {found}")]
    Type { table: String, column: String, expected: &'static str, found: String },
}
