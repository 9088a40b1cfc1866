//! `run --shard K/N` and `merge`: three shards merge into tables byte-identical to one run.

mod common;

use std::path::Path;

use common::*;

#[test]
fn three_shards_merge_into_the_single_run() {
    let tmp = tempfile::tempdir().unwrap();
    // Seeds, a duplicate of one seed (kept once, reported once), a bad file, a missing path
    // and a corpus sample: every kind of row an input can produce.
    let inputs = seeds_copy(tmp.path(), "inputs");
    std::fs::copy(project().join("seeds/002_5b105049742f6aee.txt"), inputs.join("copy_of_002.txt")).unwrap();
    std::fs::write(inputs.join("empty.txt"), "").unwrap();
    let un = shared().join("corpora/un-general-debate/2019");
    let missing = tmp.path().join("missing");
    let args: Vec<&Path> = vec![&inputs, &un, &missing];

    // Text stages only: the model stages add tables keyed by document, merged the same way.
    let single = tmp.path().join("single");
    run_text_only(&args, &single, &[]);
    let mut shards = Vec::new();
    for k in 1..=3 {
        let dir = tmp.path().join(format!("shard{k}"));
        run_text_only(&args, &dir, &["--shard", &format!("{k}/3")]);
        shards.push(dir);
    }
    let sizes: Vec<usize> = shards.iter().map(|s| table(s, "documents").len()).collect();
    assert_eq!(
        sizes.iter().sum::<usize>(),
        table(&single, "documents").len() + 1,
        "the duplicate sits in one shard only"
    );
    assert!(sizes.iter().all(|&n| n > 40), "shards share the work: {sizes:?}");

    let merged = tmp.path().join("merged");
    let out = demarche().arg("merge").args(&shards).arg("--out").arg(&merged).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    for t in ["documents", "turns", "sentences", "entities", "errors"] {
        for ext in ["csv", "parquet"] {
            let f = format!("{t}.{ext}");
            assert!(std::fs::read(single.join(&f)).unwrap() == std::fs::read(merged.join(&f)).unwrap(), "{f} differs");
        }
    }
    let errors = table(&merged, "errors");
    assert_eq!(errors.iter().filter(|e| e["message"].starts_with("same content as")).count(), 1);
    assert_eq!(errors.iter().filter(|e| e["message"] == "no such file or directory").count(), 1);
    let (a, b): (serde_json::Value, serde_json::Value) = (
        serde_json::from_str(&std::fs::read_to_string(single.join("manifest.json")).unwrap()).unwrap(),
        serde_json::from_str(&std::fs::read_to_string(merged.join("manifest.json")).unwrap()).unwrap(),
    );
    for key in ["run_id", "inputs", "counts", "errors", "warnings", "config_hash"] {
        assert_eq!(a[key], b[key], "manifest {key}");
    }
}

#[test]
fn bad_shard_and_mismatched_runs_are_refused() {
    let out = demarche().args(["run", "seeds", "--shard", "4/3"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("bad shard \"4/3\": expected K/N with 1 <= K <= N, e.g. 2/3"));
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    run_ok(&[&project().join("seeds")], &a, &[]);
    let cfg = tmp.path().join("c.toml");
    std::fs::write(&cfg, "[segment]\nboilerplate = ['^Advertisement$']\n").unwrap();
    run_ok(&[&project().join("seeds")], &b, &["--config", cfg.to_str().unwrap()]);
    let out = demarche().arg("merge").arg(&a).arg(&b).arg("--out").arg(tmp.path().join("m")).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("with config"), "{}", String::from_utf8_lossy(&out.stderr));
    // Same settings, but the codebook edited between the runs (a cue changes labels).
    let book = tmp.path().join("codebook.toml");
    let text = std::fs::read_to_string(project().join("config/codebook.toml")).unwrap();
    std::fs::write(&book, &text).unwrap();
    let cfg = tmp.path().join("book.toml");
    std::fs::write(&cfg, format!("[stance]\ncodebook = {:?}\n", book.to_str().unwrap())).unwrap();
    let (a, c) = (tmp.path().join("a2"), tmp.path().join("c"));
    run_ok(&[&project().join("seeds")], &a, &["--config", cfg.to_str().unwrap()]);
    std::fs::write(&book, text + "\n# edited\n").unwrap();
    run_ok(&[&project().join("seeds")], &c, &["--config", cfg.to_str().unwrap()]);
    let out = demarche().arg("merge").arg(&a).arg(&c).arg("--out").arg(tmp.path().join("m")).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&format!(
            "{} used other models, model errors or configuration files than {}",
            c.display(),
            a.display()
        )),
        "{stderr}"
    );
}

#[test]
fn shards_with_the_models_merge_into_the_single_run() {
    // Entities, stances and positions too: an encoder batch holds sentences of one length, so
    // a sentence's scores do not depend on which shard (or chunk) it was batched in.
    let tmp = tempfile::tempdir().unwrap();
    let seeds = project().join("seeds");
    let single = tmp.path().join("single");
    run_ok(&[&seeds], &single, &[]);
    let shards: Vec<_> = (1..=3).map(|k| tmp.path().join(format!("shard{k}"))).collect();
    for (k, dir) in shards.iter().enumerate() {
        run_ok(&[&seeds], dir, &["--shard", &format!("{}/3", k + 1)]);
    }
    let merged = tmp.path().join("merged");
    let out = demarche().arg("merge").args(&shards).arg("--out").arg(&merged).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    for t in ["documents", "turns", "sentences", "entities", "stances", "positions", "errors"] {
        for ext in ["csv", "parquet"] {
            let f = format!("{t}.{ext}");
            assert!(std::fs::read(single.join(&f)).unwrap() == std::fs::read(merged.join(&f)).unwrap(), "{f} differs");
        }
    }
    assert!(!table(&merged, "stances").is_empty() && !table(&merged, "entities").is_empty());

    // Only a complete set of shards merges: each of 1/N … N/N once.
    let merge_err = |runs: &[&Path]| {
        let out = demarche().arg("merge").args(runs).arg("--out").arg(tmp.path().join("bad")).output().unwrap();
        assert_eq!(out.status.code(), Some(1));
        assert!(!tmp.path().join("bad").exists(), "no partial output");
        String::from_utf8_lossy(&out.stderr).to_string()
    };
    let [s1, s2, s3] = [&shards[0], &shards[1], &shards[2]].map(|p| p.as_path());
    assert!(merge_err(&[s1, s2]).contains("shards missing: 3/3"));
    let twice = merge_err(&[s1, s2, s3, s2]);
    assert!(twice.contains(&format!("shard 2/3 given twice: {} and {}", s2.display(), s2.display())), "{twice}");
    let not_shard = merge_err(&[s1, &single]);
    assert!(not_shard.contains(&format!("{} is not a shard: it was made without `run --shard K/N`", single.display())));
    let other_n = tmp.path().join("half");
    run_ok(&[&seeds], &other_n, &["--shard", "2/2"]);
    let mixed = merge_err(&[s1, &other_n]);
    assert!(
        mixed.contains(&format!("{} is shard 2/2, but {} is one of 3 shards", other_n.display(), s1.display())),
        "{mixed}"
    );
}

#[test]
fn shards_of_other_inputs_and_swapped_files_are_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let seeds = seeds_copy(tmp.path(), "seeds");
    let other = tmp.path().join("other");
    std::fs::create_dir(&other).unwrap();
    for i in 0..4 {
        std::fs::write(other.join(format!("n{i}.txt")), format!("Séoul, note {i}: talks resumed.\n")).unwrap();
    }
    let shard = |input: &Path, k: usize, name: &str| {
        let dir = tmp.path().join(name);
        run_text_only(&[input], &dir, &["--shard", &format!("{k}/2")]);
        dir
    };
    let (a1, a2, b2) = (shard(&seeds, 1, "a1"), shard(&seeds, 2, "a2"), shard(&other, 2, "b2"));
    let merge = |runs: &[&Path]| {
        let out = demarche().arg("merge").args(runs).arg("--out").arg(tmp.path().join("m")).output().unwrap();
        assert_eq!(out.status.code(), Some(1));
        String::from_utf8(out.stderr).unwrap()
    };
    let err = merge(&[&a1, &b2]);
    assert!(err.contains(&format!("{} is a shard of other inputs than {}", b2.display(), a1.display())), "{err}");
    // Shard 2's turns replaced by shard 1's: refused, naming the file.
    std::fs::copy(a1.join("turns.parquet"), a2.join("turns.parquet")).unwrap();
    let err = merge(&[&a1, &a2]);
    assert!(err.contains(&format!("{}: not the file its manifest wrote", a2.join("turns.parquet").display())), "{err}");
    assert!(!tmp.path().join("m").exists());
}
