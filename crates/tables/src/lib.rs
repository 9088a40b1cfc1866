//! The tables a run writes, their documented schemas, and a writer that produces the CSV and
//! the Parquet file of a table side by side from the same rows.

pub mod partition;
mod rows;
mod run_dir;
mod schema;
mod staging;
mod writer;

pub use rows::{Cell, CellError, DocumentRow, EntityRow, ErrorRow, PositionRow, Row, SentenceRow, StanceRow, TurnRow};
pub use run_dir::{RunDir, MANIFEST};
pub use schema::{
    opt, req, schema_markdown, tables_markdown, Column, Schema, Type, ALL, DOCUMENTS, ENTITIES, ERRORS, POSITIONS,
    SCHEMA_VERSION, SENTENCES, STANCES, TURNS,
};
pub use staging::{write_atomic, Kind, Staging};
pub use writer::{parquet_footer, read_parquet_rows, ParquetTable, TableWriter, Value};

/// Errors reading and writing tables: each puts its cause in its message and has no `source()`,
/// so the cause is said once.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{path}: {cause}")]
    Io { path: String, cause: std::io::Error },
    #[error("{path}: {cause}")]
    Csv { path: String, cause: csv::Error },
    #[error("{path}: {cause}")]
    Parquet { path: String, cause: parquet::errors::ParquetError },
    #[error("{path}: {cause}")]
    Arrow { path: String, cause: arrow::error::ArrowError },
    #[error("{path}: {message}")]
    Invalid { path: String, message: String },
    #[error("{path}: refusing to replace a folder that is neither empty nor {what}: {reason}")]
    Occupied { path: String, what: String, reason: String },
    #[error("{path}: another demarche process (pid {pid}) is writing it; wait for it to finish")]
    Locked { path: String, pid: String },
    #[error("table {table}: row has {found} values, the schema has {expected} columns")]
    Width { table: String, expected: usize, found: usize },
    /// A folder read as a run that is not one: missing, or without its manifest or a table.
    #[error("{path}: not a run folder ({reason})")]
    NotARun { path: String, reason: String },
    #[error("{path}: columns ({found}) are not those of the {table} table ({expected})")]
    Columns { path: String, table: String, found: String, expected: String },
    /// A cell of a table read back that is missing or of the wrong type.
    #[error("{path}: row {row}: {cell}")]
    Cell { path: String, row: usize, cell: CellError },
    #[error("table {table}: column {position} is {found:?} in the row but {expected:?} in the schema")]
    Name { table: String, position: usize, expected: String, found: String },
    #[error("table {table}: column {column}: expected {expected}, got {found}")]
    Type { table: String, column: String, expected: &'static str, found: String },
}
