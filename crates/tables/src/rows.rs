//! One struct per run table, beside its schema: code builds and reads rows by field, and the
//! conversion to the writer's cells (named, so the writer checks them against the schema) and
//! back from cells found by column name lives here alone.

use crate::{Schema, Value, DOCUMENTS, ENTITIES, ERRORS, POSITIONS, SENTENCES, STANCES, TURNS};

/// A table's row as a struct whose fields are the table's columns, in order.
pub trait Row: Sized {
    const SCHEMA: Schema;
    /// The cells, named by their columns, in the struct's field order.
    fn cells(self) -> Vec<(&'static str, Value)>;
    /// The row from cells looked up by column name; an error names the column that is missing
    /// or holds the wrong type.
    fn from_cells(get: &dyn Fn(&str) -> Option<Value>) -> Result<Self, CellError>;
}

/// A cell that is missing or cannot be read as its field's type.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("column {column}: {reason}")]
pub struct CellError {
    pub column: &'static str,
    pub reason: String,
}

/// A field type of a row struct: how it becomes a cell and is read back from one.
pub trait Cell: Sized {
    fn into_value(self) -> Value;
    /// The field from a cell, or why not.
    fn from_value(v: Value) -> Result<Self, String>;
}

fn expected(what: &str, v: &Value) -> String {
    format!("expected {what}, found {v:?}")
}

/// A field type held by one kind of cell: `String` in `Value::Str`, and so on.
macro_rules! scalar_cell {
    ($($ty:ty => $variant:ident, $what:literal;)+) => {$(
        impl Cell for $ty {
            fn into_value(self) -> Value {
                Value::$variant(self)
            }
            fn from_value(v: Value) -> Result<Self, String> {
                match v {
                    Value::$variant(x) => Ok(x),
                    v => Err(expected($what, &v)),
                }
            }
        }
    )+};
}

scalar_cell! {
    String => Str, "a string";
    i64 => Int, "an integer";
    f64 => Float, "a number";
}

impl<T: Cell> Cell for Option<T> {
    fn into_value(self) -> Value {
        self.map_or(Value::Null, Cell::into_value)
    }
    fn from_value(v: Value) -> Result<Self, String> {
        match v {
            Value::Null => Ok(None),
            v => T::from_value(v).map(Some),
        }
    }
}

/// Declares a row struct for a schema: its fields carry the columns' names, so the field
/// list and the schema are compared by name at every write (and by a test).
macro_rules! row {
    ($(#[$m:meta])* $name:ident for $schema:ident { $($(#[$fm:meta])* $field:ident: $ty:ty),+ $(,)? }) => {
        $(#[$m])*
        pub struct $name {
            $($(#[$fm])* pub $field: $ty),+
        }

        impl Row for $name {
            const SCHEMA: Schema = $schema;
            fn cells(self) -> Vec<(&'static str, Value)> {
                vec![$((stringify!($field), Cell::into_value(self.$field))),+]
            }
            fn from_cells(get: &dyn Fn(&str) -> Option<Value>) -> Result<Self, CellError> {
                Ok($name {
                    $($field: {
                        let column = stringify!($field);
                        let v = get(column).ok_or_else(|| CellError { column, reason: "no such column".into() })?;
                        Cell::from_value(v).map_err(|reason| CellError { column, reason })?
                    }),+
                })
            }
        }
    };
}

row! {
    /// One `documents` row.
    #[derive(Debug, Clone, PartialEq)]
    DocumentRow for DOCUMENTS {
        doc_id: String,
        path: String,
        title: Option<String>,
        date: Option<String>,
        year: Option<i64>,
        kind: String,
        source: Option<String>,
        actor: Option<String>,
        url: Option<String>,
        author: Option<String>,
        encoding: String,
        sha256: String,
        bytes: i64,
        turns: i64,
    }
}

row! {
    /// One `turns` row.
    #[derive(Debug, Clone, PartialEq)]
    TurnRow for TURNS {
        turn_id: String,
        doc_id: String,
        seq: i64,
        kind: String,
        speaker: Option<String>,
        speaker_name: Option<String>,
        actor: Option<String>,
        role: Option<String>,
        mode: Option<String>,
        start: i64,
        end: i64,
        char_start: i64,
        char_end: i64,
        text: String,
    }
}

row! {
    /// One `sentences` row.
    #[derive(Debug, Clone, PartialEq)]
    SentenceRow for SENTENCES {
        sentence_id: String,
        turn_id: String,
        doc_id: String,
        seq: i64,
        start: i64,
        end: i64,
        char_start: i64,
        char_end: i64,
        text: String,
    }
}

row! {
    /// One `entities` row.
    #[derive(Debug, Clone, PartialEq)]
    EntityRow for ENTITIES {
        entity_id: String,
        sentence_id: String,
        turn_id: String,
        doc_id: String,
        start: i64,
        end: i64,
        char_start: i64,
        char_end: i64,
        text: String,
        label: String,
        score: f64,
        actor: Option<String>,
        found_by: String,
    }
}

row! {
    /// One `stances` row.
    #[derive(Debug, Clone, PartialEq)]
    StanceRow for STANCES {
        stance_id: String,
        sentence_id: String,
        turn_id: String,
        doc_id: String,
        start: i64,
        end: i64,
        char_start: i64,
        char_end: i64,
        holder: Option<String>,
        holder_source: Option<String>,
        target: String,
        label: String,
        score: f64,
        p_favor: f64,
        p_against: f64,
        p_none: f64,
        method: String,
        model: String,
    }
}

row! {
    /// One `positions` row.
    #[derive(Debug, Clone, PartialEq)]
    PositionRow for POSITIONS {
        actor: String,
        year: Option<i64>,
        target: String,
        n: i64,
        favor: i64,
        against: i64,
        net: f64,
        net_low: f64,
        net_high: f64,
        evidence_favor: String,
        evidence_against: String,
        held: i64,
        favor_adj: Option<f64>,
        against_adj: Option<f64>,
        net_adj: Option<f64>,
        net_adj_low: Option<f64>,
        net_adj_high: Option<f64>,
    }
}

row! {
    /// One `errors` row; ordered by path, stage, level and message (the table's order).
    #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
    ErrorRow for ERRORS {
        path: String,
        stage: String,
        level: String,
        message: String,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names<R: Row>(row: R) -> Vec<&'static str> {
        row.cells().into_iter().map(|(n, _)| n).collect()
    }

    fn from<R: Row>(cells: Vec<(&'static str, Value)>) -> Result<R, CellError> {
        R::from_cells(&|name| cells.iter().find(|(n, _)| *n == name).map(|(_, v)| v.clone()))
    }

    #[test]
    fn every_row_struct_has_its_schemas_columns_in_order() {
        let err = ErrorRow { path: "p".into(), stage: "s".into(), level: "l".into(), message: "m".into() };
        assert_eq!(names(err.clone()), ERRORS.names());
        assert_eq!(from::<ErrorRow>(err.clone().cells()).unwrap(), err);
        // The others read back from their own cells, which a missing column would break.
        macro_rules! check {
            ($($t:ty),+) => {$(
                let schema = <$t as Row>::SCHEMA;
                let cells: Vec<(&'static str, Value)> = schema
                    .columns
                    .iter()
                    .map(|c| (c.name, match c.ty {
                        crate::Type::Str => Value::Str(c.name.into()),
                        crate::Type::Int => Value::Int(7),
                        crate::Type::Float => Value::Float(0.5),
                    }))
                    .collect();
                let row = from::<$t>(cells.clone()).unwrap();
                assert_eq!(row.cells(), cells, "{}", schema.name);
            )+};
        }
        check!(DocumentRow, TurnRow, SentenceRow, EntityRow, StanceRow, PositionRow, ErrorRow);
    }

    #[test]
    fn a_missing_or_mistyped_column_is_named() {
        let mut cells =
            ErrorRow { path: "p".into(), stage: "s".into(), level: "l".into(), message: "m".into() }.cells();
        cells[2].1 = Value::Int(3);
        assert_eq!(
            from::<ErrorRow>(cells.clone()).unwrap_err().to_string(),
            "column level: expected a string, found Int(3)"
        );
        cells.remove(3);
        cells.remove(2);
        assert_eq!(from::<ErrorRow>(cells).unwrap_err().to_string(), "column level: no such column");
    }
}
