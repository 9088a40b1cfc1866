//! The seed run's tables carry exactly the schema's columns, read back into the row structs
//! by column name, and written again from them byte for byte; a rerun whose model rows all
//! come from the cache (rows stored and read by column name) writes the same bytes (#23).

mod common;

use std::path::Path;

use common::*;
use demarche_tables::{
    parquet_footer, DocumentRow, EntityRow, ErrorRow, PositionRow, Row, RunDir, SentenceRow, StanceRow, TableWriter,
    TurnRow, ALL,
};

/// Reads table `R` of `run` into its row struct and writes it again into `out` with the
/// original's metadata.
fn rewrite<R: Row>(run: &RunDir, out: &Path) {
    let (_, kv) = parquet_footer(&run.table_path(&R::SCHEMA)).unwrap();
    let get = |k: &str| kv.iter().find(|(key, _)| key == k).map(|(_, v)| v.clone()).unwrap();
    let start = [("demarche.schema_version".to_string(), get("demarche.schema_version"))];
    let end = [("demarche.run_id".to_string(), get("demarche.run_id"))];
    let mut w = TableWriter::create(out, R::SCHEMA, &start).unwrap();
    for row in run.rows::<R>().unwrap() {
        w.write(row).unwrap();
    }
    w.finish_with(&end).unwrap();
}

fn assert_same_tables(a: &Path, b: &Path) {
    for schema in ALL {
        for ext in ["csv", "parquet"] {
            let f = format!("{}.{ext}", schema.name);
            assert!(std::fs::read(a.join(&f)).unwrap() == std::fs::read(b.join(&f)).unwrap(), "{f} differs");
        }
    }
}

#[test]
fn seed_tables_have_the_schemas_columns_and_round_trip_through_the_row_structs() {
    let tmp = tempfile::tempdir().unwrap();
    let (first, again, copy) = (tmp.path().join("first"), tmp.path().join("again"), tmp.path().join("copy"));
    let cache = tmp.path().join("cache");
    let cache_arg = cache.to_str().unwrap();
    run_ok(&[&project().join("seeds")], &first, &["--cache", cache_arg]);

    let run = RunDir::open(&first, ALL).unwrap();
    for schema in ALL {
        // Parquet by the shared reader, CSV by its header line.
        assert_eq!(run.table(schema).unwrap().columns, schema.names(), "{}.parquet", schema.name);
        let csv = std::fs::read_to_string(first.join(format!("{}.csv", schema.name))).unwrap();
        assert_eq!(csv.lines().next().unwrap(), schema.names().join(","), "{}.csv", schema.name);
    }
    assert!(!run.rows::<StanceRow>().unwrap().is_empty(), "the seeds give stances");
    assert!(!run.rows::<EntityRow>().unwrap().is_empty(), "the seeds give entities");

    std::fs::create_dir(&copy).unwrap();
    rewrite::<DocumentRow>(&run, &copy);
    rewrite::<TurnRow>(&run, &copy);
    rewrite::<SentenceRow>(&run, &copy);
    rewrite::<EntityRow>(&run, &copy);
    rewrite::<StanceRow>(&run, &copy);
    rewrite::<PositionRow>(&run, &copy);
    rewrite::<ErrorRow>(&run, &copy);
    assert_same_tables(&first, &copy);

    // Every document's entities and stances from the cache this time.
    run_ok(&[&project().join("seeds")], &again, &["--cache", cache_arg]);
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(again.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["cached_documents"], 4);
    assert_same_tables(&first, &again);
}
