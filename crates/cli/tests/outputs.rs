//! The run directory: replaced whole, never left half-written, even by SIGKILL.

mod common;

use std::path::Path;
use std::time::Duration;

use common::*;

fn assert_complete_run(dir: &Path) {
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("manifest.json")).unwrap()).unwrap();
    for t in ["documents", "turns", "sentences", "entities", "errors"] {
        let rows = table(dir, t);
        assert_eq!(manifest["counts"][t], rows.len(), "{t} count");
    }
}

#[test]
fn refuses_to_replace_a_folder_that_is_not_a_run() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("thesis.docx"), "precious").unwrap();
    let out = demarche().arg("run").arg(project().join("seeds")).arg("--out").arg(dir.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("refusing to replace a folder that is neither empty nor a demarche run: no manifest.json"),
        "{err}"
    );
    assert_eq!(std::fs::read_to_string(dir.path().join("thesis.docx")).unwrap(), "precious");
}

#[test]
fn unwritable_output_is_a_clear_error_and_inputs_are_untouched() {
    let out =
        demarche().arg("run").arg(project().join("seeds")).arg("--out").arg("/proc/demarche-run").output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.starts_with("error: run into /proc/demarche-run: /proc/.demarche-run.lock:"), "{err}");
    let full = demarche().arg("run").arg(project().join("seeds")).arg("--out").arg("/dev/full/run").output().unwrap();
    assert_eq!(full.status.code(), Some(1));
}

/// A disk that fills up while the tables are written (simulated with a file-size limit:
/// `ulimit -f`, SIGXFSZ ignored, so writes fail with EFBIG as they would with ENOSPC): a clear
/// error naming the file, exit code 1, the previous run intact, no staging folder left, the
/// inputs untouched.
#[cfg(unix)]
#[test]
fn a_full_disk_while_writing_keeps_the_previous_run_and_the_inputs() {
    let base = tempfile::tempdir().unwrap();
    let input = seeds_copy(base.path(), "inputs");
    let before: Vec<(String, Vec<u8>)> = std::fs::read_dir(&input)
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| (p.display().to_string(), std::fs::read(&p).unwrap()))
        .collect();
    let out = base.path().join("run");
    let cfg = text_only();
    run_ok(&[&input], &out, &["--config", cfg.to_str().unwrap()]);
    let manifest = std::fs::read(out.join("manifest.json")).unwrap();
    let res = std::process::Command::new("bash")
        .arg("-c")
        .arg(r#"ulimit -f 8; trap "" XFSZ; exec "$0" "$@""#)
        .arg(assert_cmd::cargo::cargo_bin("demarche"))
        .arg("run")
        .arg(&input)
        .arg("--out")
        .arg(&out)
        .arg("--config")
        .arg(&cfg)
        .output()
        .unwrap();
    assert_eq!(res.status.code(), Some(1));
    let err = String::from_utf8_lossy(&res.stderr);
    let staging = base.path().join(".run.partial");
    assert!(err.contains(&format!("error: run into {}: {}/", out.display(), staging.display())), "{err}");
    assert!(err.trim_end().ends_with("File too large (os error 27)"), "{err}");
    assert_eq!(std::fs::read(out.join("manifest.json")).unwrap(), manifest, "the previous run is kept");
    assert_complete_run(&out);
    let mut left = left_beside(base.path());
    left.sort();
    assert_eq!(left, [input.file_name().unwrap().to_string_lossy().to_string(), "run".to_string()]);
    for (path, bytes) in before {
        assert_eq!(std::fs::read(&path).unwrap(), bytes, "{path} changed");
    }
}

#[test]
fn rerun_replaces_the_previous_run_whole() {
    let base = tempfile::tempdir().unwrap();
    let out = base.path().join("run");
    run_text_only(&[&project().join("seeds/000_d5d96ff8811c493f.txt")], &out, &[]);
    assert_eq!(table(&out, "documents").len(), 1);
    run_text_only(&[&project().join("seeds")], &out, &[]);
    assert_eq!(table(&out, "documents").len(), 4);
    assert_eq!(left_beside(base.path()), ["run"], "no staging folders left behind");
}

/// What a folder holds besides the writers' lock files (`.NAME.lock`, kept: removing a lock
/// file while another process may open it would let two writers in).
fn left_beside(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| !(n.starts_with('.') && n.ends_with(".lock")))
        .collect()
}

/// SIGKILL at spread-out moments of a run over the whole UN 2019 folder: afterwards the run
/// folder holds the previous complete run (or none before the first completes), every table
/// parses, and the next run recovers.
#[cfg(unix)]
#[test]
fn sigkill_never_leaves_a_half_written_run() {
    let input = shared().join("corpora/un-general-debate/2019");
    let base = tempfile::tempdir().unwrap();
    let out = base.path().join("run");
    let cfg = text_only();
    run_ok(&[&input], &out, &["--config", cfg.to_str().unwrap()]);
    assert_complete_run(&out);
    for i in 0..12u64 {
        let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("demarche"))
            .arg("run")
            .arg(&input)
            .arg("--out")
            .arg(&out)
            .arg("--config")
            .arg(&cfg)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        // Spread kill moments over a run (~0.2-0.5 s here) without randomness in the test.
        std::thread::sleep(Duration::from_millis(15 + i * 37 % 400));
        let _ = child.kill();
        let _ = child.wait();
        // Whatever the moment, a complete run is in place, or sits under `.run.old` during
        // the swap and is restored by the next run.
        if out.exists() {
            assert_complete_run(&out);
        } else {
            assert!(base.path().join(".run.old").join("manifest.json").is_file(), "kill {i}: run folder lost");
        }
    }
    run_ok(&[&input], &out, &["--config", cfg.to_str().unwrap()]);
    assert_complete_run(&out);
}

#[test]
fn a_folder_is_replaced_only_when_it_is_verifiably_a_run() {
    let dir = tempfile::tempdir().unwrap();
    // A corpus with a fake marker: `manifest.json` alone says nothing.
    let corpus = seeds_copy(dir.path(), "corpus");
    std::fs::write(corpus.join("manifest.json"), "{}").unwrap();
    let files = std::fs::read_dir(&corpus).unwrap().count();
    let out = demarche().arg("run").arg(project().join("seeds")).arg("--out").arg(&corpus).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("neither empty nor a demarche run: manifest.json has no \"tool\""), "{err}");
    assert_eq!(std::fs::read_dir(&corpus).unwrap().count(), files);

    // A real run with a file of the user's added to it is refused too, naming the file.
    let run = dir.path().join("run");
    run_ok(&[&project().join("seeds/000_d5d96ff8811c493f.txt")], &run, &[]);
    std::fs::write(run.join("notes-é.md"), "mine").unwrap();
    let out = demarche().arg("run").arg(project().join("seeds")).arg("--out").arg(&run).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("it holds \"notes-é.md\", which a demarche run does not"), "{err}");
    assert_eq!(std::fs::read_to_string(run.join("notes-é.md")).unwrap(), "mine");

    // A symbolic link is refused, not replaced by a folder.
    let target = dir.path().join("real");
    std::fs::create_dir(&target).unwrap();
    let link = dir.path().join("link");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    let out = demarche().arg("run").arg(project().join("seeds")).arg("--out").arg(&link).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("it is a symbolic link"));
    assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
}

#[test]
fn a_second_writer_fails_at_once_naming_the_first() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("run");
    // Hold the lock as a running demarche would, from another process.
    let lock = dir.path().join(".run.lock");
    let mut holder = std::process::Command::new("flock")
        .arg(&lock)
        .args(["sh", "-c", "echo 4242 > \"$1\"; sleep 30", "sh"])
        .arg(&lock)
        .spawn()
        .unwrap();
    let start = std::time::Instant::now();
    while std::fs::read_to_string(&lock).map(|s| s.trim() != "4242").unwrap_or(true) {
        assert!(start.elapsed().as_secs() < 10, "flock did not start");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let res = demarche().arg("run").arg(project().join("seeds")).arg("--out").arg(&out).output().unwrap();
    holder.kill().ok();
    holder.wait().ok();
    assert_eq!(res.status.code(), Some(1));
    let err = String::from_utf8_lossy(&res.stderr);
    assert!(err.contains(&format!("{}: another demarche process (pid 4242) is writing it", out.display())), "{err}");
    assert!(!out.exists());
}

#[test]
fn inputs_and_the_cache_inside_the_output_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("run");
    run_text_only(&[&project().join("seeds/000_d5d96ff8811c493f.txt")], &out, &[]);
    // The cache inside the run folder would go with the next run.
    let cache = out.join("cache");
    let err = run_fails(&[&project().join("seeds")], &out, &["--cache", cache.to_str().unwrap()]);
    assert!(
        err.contains(&format!(
            "{}: is inside the output folder {}, which a run replaces whole; keep the cache elsewhere (--cache)",
            cache.display(),
            out.display()
        )),
        "{err}"
    );
    assert!(!cache.exists());
    // So would an input.
    let input = out.join("documents.csv");
    assert!(run_fails(&[&input], &out, &[]).contains("write the run elsewhere (--out)"));
    assert_complete_run(&out);
}

#[test]
fn thread_counts_and_run_names_are_bounded() {
    let dir = tempfile::tempdir().unwrap();
    let seed = project().join("seeds/000_d5d96ff8811c493f.txt");
    let res = demarche()
        .arg("run")
        .arg(&seed)
        .arg("--out")
        .arg(dir.path().join("r"))
        .args(["--threads", "10000"])
        .output()
        .unwrap();
    assert_eq!(res.status.code(), Some(1));
    let err = String::from_utf8_lossy(&res.stderr);
    assert!(
        err.contains("thread pool: 10000 threads: at most ") && err.contains(" on this machine (4 per core)"),
        "{err}"
    );
    for name in ["../../x", "/tmp/x", "a/b", ".."] {
        let res = demarche().current_dir(dir.path()).arg("run").arg(&seed).args(["--name", name]).output().unwrap();
        assert_eq!(res.status.code(), Some(1), "{name}");
        let err = String::from_utf8_lossy(&res.stderr);
        assert!(err.contains(&format!("--name {name:?}: a run name is one folder name, without / or ..")), "{err}");
    }
    assert!(left_beside(dir.path()).is_empty(), "no run folder anywhere");
}

#[test]
fn a_finished_run_with_a_full_stdout_exits_0() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("run");
    let full = std::fs::File::options().write(true).open("/dev/full").unwrap();
    let res = std::process::Command::new(env!("CARGO_BIN_EXE_demarche"))
        .current_dir(project())
        .args(["run", "seeds/000_d5d96ff8811c493f.txt", "--config"])
        .arg(text_only())
        .arg("--out")
        .arg(&out)
        .stdout(full)
        .output()
        .unwrap();
    assert_eq!(res.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&res.stderr).contains("the summary line was not written"));
    assert_complete_run(&out);
}

#[test]
fn two_runs_into_one_folder_give_one_run_or_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("run");
    let start = |input: &str| {
        std::process::Command::new(env!("CARGO_BIN_EXE_demarche"))
            .current_dir(project())
            .args(["run", input, "--config"])
            .arg(text_only())
            .arg("--out")
            .arg(&out)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap()
    };
    for round in 0..6 {
        // Started together: one writes, or both in turn; the other fails at once, clearly.
        let (a, b) = (start("seeds"), start("seeds/000_d5d96ff8811c493f.txt"));
        let outcomes: Vec<_> = [a, b].map(|c| c.wait_with_output().unwrap()).into_iter().collect();
        assert!(outcomes.iter().any(|o| o.status.success()), "round {round}: {outcomes:?}");
        for o in outcomes.iter().filter(|o| !o.status.success()) {
            let err = String::from_utf8_lossy(&o.stderr);
            assert!(err.contains("another demarche process (pid "), "round {round}: {err}");
        }
        // The folder holds one whole run, its tables those its manifest counts.
        assert_complete_run(&out);
        let docs = table(&out, "documents").len();
        assert!(docs == 1 || docs == 4, "round {round}: {docs} documents");
    }
}

#[test]
fn a_spark_folder_and_a_run_hidden_by_a_killed_swap() {
    let dir = tempfile::tempdir().unwrap();
    let run = dir.path().join("run");
    run_text_only(&[&project().join("seeds/000_d5d96ff8811c493f.txt")], &run, &[]);
    // A Spark output folder has a _SUCCESS too: partition must not wipe it.
    let spark = dir.path().join("spark");
    std::fs::create_dir(&spark).unwrap();
    for f in ["_SUCCESS", "part-00000.parquet", "README"] {
        std::fs::write(spark.join(f), "spark's").unwrap();
    }
    let res = demarche().arg("partition").arg(&run).arg("--out").arg(&spark).output().unwrap();
    assert_eq!(res.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&res.stderr).contains("which a partitioned dataset does not"));
    assert_eq!(std::fs::read_dir(&spark).unwrap().count(), 3);
    // Killed between the two renames of the fallback swap: the previous run sits under
    // `.run.old`. The next run puts it back first, then replaces it whole.
    std::fs::rename(&run, dir.path().join(".run.old")).unwrap();
    run_text_only(&[&project().join("seeds")], &run, &[]);
    assert_complete_run(&run);
    assert_eq!(table(&run, "documents").len(), 4);
    assert!(!dir.path().join(".run.old").exists());
}
