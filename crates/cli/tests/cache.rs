//! `run --cache DIR`: a run killed with SIGKILL resumes without recomputing the documents it
//! finished, and new files in a corpus cost only themselves; the tables equal a run without
//! the cache, byte for byte.

mod common;

use std::path::Path;
use std::time::{Duration, Instant};

use common::*;

const TABLES: [&str; 7] = ["documents", "turns", "sentences", "entities", "stances", "positions", "errors"];

fn assert_same_tables(a: &Path, b: &Path) {
    for t in TABLES {
        for ext in ["csv", "parquet"] {
            let f = format!("{t}.{ext}");
            assert!(std::fs::read(a.join(&f)).unwrap() == std::fs::read(b.join(&f)).unwrap(), "{f} differs");
        }
    }
}

fn cached(run: &Path) -> u64 {
    let m: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(run.join("manifest.json")).unwrap()).unwrap();
    m["cached_documents"].as_u64().unwrap()
}

#[test]
fn a_killed_run_resumes_and_new_files_cost_only_themselves() {
    let tmp = tempfile::tempdir().unwrap();
    let inputs = seeds_copy(tmp.path(), "inputs");
    let un = shared().join("corpora/un-general-debate/2019");
    for f in ["RWA_74_2019.txt", "EU_74_2019.txt"] {
        std::fs::copy(un.join(f), inputs.join(f)).unwrap();
    }
    // One document per chunk, so that a run killed part-way has finished some.
    let cfg = tmp.path().join("chunk1.toml");
    std::fs::write(&cfg, "[run]\nchunk = 1\n").unwrap();
    let cfg = cfg.to_str().unwrap();
    let cache = tmp.path().join("cache");
    // Finished entries: a kill can leave an entry's `.partial` file, which is not one.
    let entries = || {
        std::fs::read_dir(cache.join("documents"))
            .map(|d| {
                d.filter(|e| e.as_ref().is_ok_and(|e| e.path().extension().is_none_or(|x| x != "partial"))).count()
            })
            .unwrap_or(0)
    };

    let reference = tmp.path().join("reference");
    run_ok(&[&inputs], &reference, &["--config", cfg]);

    // Killed once two documents are in the cache: no run folder is left behind.
    let killed = tmp.path().join("killed");
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("demarche"))
        .arg("run")
        .arg(&inputs)
        .arg("--out")
        .arg(&killed)
        .args(["--config", cfg, "--cache"])
        .arg(&cache)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while entries() < 2 && start.elapsed() < Duration::from_secs(120) && child.try_wait().unwrap().is_none() {
        std::thread::sleep(Duration::from_millis(20));
    }
    let finished_first = child.try_wait().unwrap().is_some();
    child.kill().ok();
    child.wait().unwrap();
    let done = entries();
    assert!(done >= 2, "{done} cache entries");
    if !finished_first {
        assert!(!killed.join("manifest.json").exists(), "a killed run left a run folder");
    }

    // The rerun computes only what the killed run had not finished.
    let resumed = tmp.path().join("resumed");
    run_ok(&[&inputs], &resumed, &["--config", cfg, "--cache", cache.to_str().unwrap()]);
    assert_eq!(cached(&resumed), done as u64);
    assert_same_tables(&reference, &resumed);
    assert_eq!(entries(), 6);

    // A new file: the six others come from the cache.
    std::fs::copy(un.join("ERI_74_2019.txt"), inputs.join("ERI_74_2019.txt")).unwrap();
    let grown = tmp.path().join("grown");
    run_ok(&[&inputs], &grown, &["--config", cfg, "--cache", cache.to_str().unwrap()]);
    assert_eq!(cached(&grown), 6);
    let fresh = tmp.path().join("fresh");
    run_ok(&[&inputs], &fresh, &["--config", cfg]);
    assert_eq!(cached(&fresh), 0);
    assert_same_tables(&fresh, &grown);

    // A damaged entry is recomputed, not trusted.
    let first = std::fs::read_dir(cache.join("documents")).unwrap().next().unwrap().unwrap().path();
    std::fs::write(&first, "{\"entities\": [").unwrap();
    let repaired = tmp.path().join("repaired");
    run_ok(&[&inputs], &repaired, &["--config", cfg, "--cache", cache.to_str().unwrap()]);
    assert_eq!(cached(&repaired), 6);
    assert_same_tables(&fresh, &repaired);
}

#[test]
fn another_build_does_not_reuse_the_cache() {
    // The same version, another build: the binary with one byte more (rules, registry and
    // models code all live in it) must recompute every document.
    let tmp = tempfile::tempdir().unwrap();
    let inputs = tmp.path().join("inputs");
    std::fs::create_dir(&inputs).unwrap();
    std::fs::write(inputs.join("a.txt"), "Séoul a demandé la levée des sanctions. Seoul wants talks.\n").unwrap();
    let cache = tmp.path().join("cache");
    let cache_arg = ["--cache", cache.to_str().unwrap()];
    let first = tmp.path().join("first");
    run_ok(&[&inputs], &first, &cache_arg);
    let again = tmp.path().join("again");
    run_ok(&[&inputs], &again, &cache_arg);
    assert_eq!(cached(&again), 1);

    let other = tmp.path().join("demarche-other");
    let mut bytes = std::fs::read(env!("CARGO_BIN_EXE_demarche")).unwrap();
    bytes.push(0);
    std::fs::write(&other, bytes).unwrap();
    std::fs::set_permissions(&other, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    let rebuilt = tmp.path().join("rebuilt");
    let status = std::process::Command::new(&other)
        .current_dir(project())
        .arg("run")
        .arg(&inputs)
        .arg("--out")
        .arg(&rebuilt)
        .args(cache_arg)
        .status()
        .unwrap();
    assert!(status.success());
    assert_eq!(cached(&rebuilt), 0);
    assert_same_tables(&first, &rebuilt);
}

#[test]
fn swapped_edited_and_odd_cache_entries_are_recomputed() {
    let tmp = tempfile::tempdir().unwrap();
    let inputs = seeds_copy(tmp.path(), "inputs");
    let cache = tmp.path().join("cache");
    let cache_arg = ["--cache", cache.to_str().unwrap()];
    let reference = tmp.path().join("reference");
    run_ok(&[&inputs], &reference, &cache_arg);
    let mut entries: Vec<_> = std::fs::read_dir(cache.join("documents")).unwrap().map(|e| e.unwrap().path()).collect();
    entries.sort();
    assert!(entries.len() >= 4, "{entries:?}");
    // Two entries swapped, a third with its labels edited, a fourth a FIFO (which would hang a
    // plain read).
    let (a, b) = (std::fs::read(&entries[0]).unwrap(), std::fs::read(&entries[1]).unwrap());
    std::fs::write(&entries[0], &b).unwrap();
    std::fs::write(&entries[1], &a).unwrap();
    let edited = std::fs::read_to_string(&entries[2]).unwrap().replace("\"none\"", "\"favor\"");
    std::fs::write(&entries[2], edited).unwrap();
    std::fs::remove_file(&entries[3]).unwrap();
    let status = std::process::Command::new("mkfifo").arg(&entries[3]).status().unwrap();
    assert!(status.success());
    let again = tmp.path().join("again");
    demarche()
        .current_dir(project())
        .arg("run")
        .arg(&inputs)
        .arg("--out")
        .arg(&again)
        .args(cache_arg)
        .timeout(Duration::from_secs(300))
        .assert()
        .success();
    assert_eq!(cached(&again), entries.len() as u64 - 4);
    assert_same_tables(&reference, &again);
}
