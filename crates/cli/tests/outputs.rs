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
        err.contains("refusing to replace a folder that is neither empty nor a demarche run (no manifest.json)"),
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
    assert!(err.starts_with("error: run into /proc/demarche-run: /proc/.demarche-run.partial:"), "{err}");
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
    let mut left: Vec<String> =
        std::fs::read_dir(base.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().to_string()).collect();
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
    let left: Vec<_> =
        std::fs::read_dir(base.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().to_string()).collect();
    assert_eq!(left, ["run"], "no staging folders left behind");
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
