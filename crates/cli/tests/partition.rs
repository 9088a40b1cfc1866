//! `demarche partition`: a run's tables as a Hive-partitioned Parquet dataset by year.

mod common;

use std::collections::HashMap;
use std::path::Path;

use common::*;
use demarche_tables::{read_parquet_rows, Value};

/// Every `part-0.parquet` under `dir`, with the year its folder names (`None`: the null
/// partition; the outer `None`: not partitioned).
fn parts(dir: &Path) -> Vec<(Option<Option<i64>>, demarche_tables::ParquetTable)> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        let name = p.file_name().unwrap().to_string_lossy().to_string();
        if name == "part-0.parquet" {
            out.push((None, read_parquet_rows(&p).unwrap()));
        } else if let Some(y) = name.strip_prefix("year=") {
            let year = if y == "__HIVE_DEFAULT_PARTITION__" { None } else { Some(y.parse().unwrap()) };
            out.push((Some(year), read_parquet_rows(&p.join("part-0.parquet")).unwrap()));
        } else {
            panic!("unexpected {name} in {}", dir.display());
        }
    }
    out
}

#[test]
fn tables_split_by_the_year_of_their_document() {
    let base = tempfile::tempdir().unwrap();
    let input = seeds_copy(base.path(), "inputs");
    // No date anywhere: its rows go to the null partition.
    std::fs::write(input.join("undated.txt"), "North Korea wants China to relax sanctions enforcement — 이 é.\n")
        .unwrap();
    let run = base.path().join("run");
    run_ok(&[&input], &run, &[]);
    let out = base.path().join("dataset");
    let res = demarche().arg("partition").arg(&run).arg("--out").arg(&out).output().unwrap();
    assert!(res.status.success(), "{}", String::from_utf8_lossy(&res.stderr));
    assert!(out.join("_SUCCESS").is_file());

    let docs = table(&run, "documents");
    let year_of: HashMap<&str, Option<i64>> =
        docs.iter().map(|d| (d["doc_id"].as_str(), d["year"].parse().ok())).collect();
    assert_eq!(year_of.values().filter(|y| y.is_none()).count(), 1, "one undated document");
    for name in ["documents", "turns", "sentences", "entities", "stances", "positions", "errors"] {
        let original = read_parquet_rows(&run.join(format!("{name}.parquet"))).unwrap();
        let mut rows = 0;
        for (year, part) in parts(&out.join(name)) {
            rows += part.rows.len();
            let ours = |m: &[(String, String)]| {
                let mut m: Vec<(String, String)> =
                    m.iter().filter(|(k, _)| k.starts_with("demarche.")).cloned().collect();
                m.sort();
                m
            };
            assert_eq!(ours(&part.metadata), ours(&original.metadata), "{name}: key-value metadata kept");
            assert_eq!(ours(&part.metadata).len(), 3, "{name}: table, schema version, run id");
            let Some(year) = year else {
                assert_eq!(name, "errors", "only errors are unpartitioned here");
                assert_eq!(part.columns, original.columns);
                continue;
            };
            // The partition column is in the folder name only.
            assert!(!part.columns.contains(&"year".to_string()), "{name}");
            let without_year: Vec<&String> = original.columns.iter().filter(|c| *c != "year").collect();
            assert_eq!(part.columns.iter().collect::<Vec<_>>(), without_year, "{name}");
            let col = |c: &str| part.columns.iter().position(|x| x == c);
            for row in &part.rows {
                let row_year = match (name, col("doc_id")) {
                    ("positions", _) => {
                        // Find the row in the original: same values apart from the year.
                        let y = original.columns.iter().position(|c| c == "year").unwrap();
                        let found = original.rows.iter().find(|r| {
                            let mut r = (*r).clone();
                            let year = r.remove(y);
                            r == *row && matches!(year, Value::Int(_) | Value::Null)
                        });
                        match &found.unwrap()[y] {
                            Value::Int(y) => Some(*y),
                            _ => None,
                        }
                    }
                    (_, Some(i)) => match &row[i] {
                        Value::Str(id) => year_of[id.as_str()],
                        other => panic!("{other:?}"),
                    },
                    _ => panic!("{name} has no doc_id"),
                };
                assert_eq!(row_year, year, "{name} row in the wrong partition");
            }
        }
        assert_eq!(rows, original.rows.len(), "{name}: every row once");
    }
    assert!(out.join("sentences/year=__HIVE_DEFAULT_PARTITION__/part-0.parquet").is_file());
    assert!(out.join("documents/year=2015/part-0.parquet").is_file());

    // Same run, same bytes; the folder is replaced whole; a folder of something else is refused.
    let again = base.path().join("again");
    demarche().arg("partition").arg(&run).arg("--out").arg(&again).assert().success();
    let bytes = |d: &Path| std::fs::read(d.join("entities/year=2019/part-0.parquet")).unwrap();
    assert_eq!(bytes(&out), bytes(&again));
    demarche().arg("partition").arg(&run).arg("--out").arg(&out).assert().success();
    let other = base.path().join("thesis");
    std::fs::create_dir(&other).unwrap();
    std::fs::write(other.join("chapter.md"), "precious").unwrap();
    let res = demarche().arg("partition").arg(&run).arg("--out").arg(&other).output().unwrap();
    assert_eq!(res.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&res.stderr).trim_end(),
        format!(
            "error: partition {} into {}: {}: refusing to replace a folder that is neither empty nor a partitioned dataset: no _SUCCESS",
            run.display(),
            other.display(),
            other.display()
        )
    );
    let res = demarche().arg("partition").arg(&input).arg("--out").arg(base.path().join("x")).output().unwrap();
    assert_eq!(res.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&res.stderr).trim_end(),
        format!("error: {}: not a run folder (no manifest.json)", input.display())
    );
}
