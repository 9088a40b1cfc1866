//! The command line itself: every argument of every command says what it is, output to a
//! pipe carries no colour codes, and `config --config` prints the configuration in force.

mod common;

use common::*;

const COMMANDS: &[&[&str]] = &[
    &["run"],
    &["merge"],
    &["partition"],
    &["compare"],
    &["eval", "quotes"],
    &["eval", "ner"],
    &["eval", "stance"],
    &["train", "stance"],
    &["candidates"],
    &["models", "list"],
    &["models", "verify"],
    &["config"],
    &["schema"],
];

/// The argument lines of a `--help` page ("  --out <OUT>  The run directory …") with no text
/// after the argument.
fn undocumented(help: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut section = false;
    for line in help.lines() {
        if line.ends_with(':') && !line.starts_with(' ') {
            section = matches!(line, "Arguments:" | "Options:");
            continue;
        }
        let trimmed = line.trim_start();
        // An argument line starts 2 spaces in (6 without a short flag); a wrapped description
        // is indented further.
        if !section || line.len() - trimmed.len() > 6 || !(trimmed.starts_with('-') || trimmed.starts_with('<')) {
            continue;
        }
        let spec_end = trimmed.find("  ").unwrap_or(trimmed.len());
        if trimmed[spec_end..].trim().is_empty() && !trimmed.starts_with("-h, --help") {
            out.push(trimmed.to_string());
        }
    }
    out
}

#[test]
fn every_argument_says_what_it_is() {
    for cmd in COMMANDS {
        let out = demarche().args(*cmd).arg("--help").output().unwrap();
        assert!(out.status.success(), "{cmd:?}");
        let help = String::from_utf8(out.stdout).unwrap();
        let missing = undocumented(&help);
        assert!(missing.is_empty(), "demarche {} --help: no description for {missing:?}", cmd.join(" "));
    }
    // The check itself finds an argument without a description.
    assert_eq!(undocumented("Options:\n      --out <OUT>\n  -h, --help  Print help\n"), vec!["--out <OUT>"]);
}

#[test]
fn no_colour_codes_in_a_pipe() {
    let dir = tempfile::tempdir().unwrap();
    let out = demarche().args(["run", "no/such/input/é", "--out"]).arg(dir.path().join("r")).output().unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(!stderr.is_empty());
    assert!(!stderr.contains('\x1b'), "{stderr:?}");
}

#[test]
fn config_prints_the_configuration_in_force() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("mine.toml");
    std::fs::write(&file, "[run]\nbatch_size = 7\n[stance]\nmodel = \"my-stance\"\n").unwrap();
    std::fs::create_dir(dir.path().join("my-stance")).unwrap();
    let out = demarche().args(["config", "--config"]).arg(&file).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let printed = String::from_utf8(out.stdout).unwrap();
    let table: toml::Table = toml::from_str(&printed).unwrap();
    assert_eq!(table["run"]["batch_size"].as_integer(), Some(7));
    // Keys the file leaves out keep the built-in values; relative paths are shown where they
    // were found: beside the file first, else in the working directory or the checkout.
    assert_eq!(table["ner"]["enabled"].as_bool(), Some(true));
    let model = table["stance"]["model"].as_str().unwrap();
    assert_eq!(std::path::Path::new(model), dir.path().join("my-stance"));
    let ner = table["ner"]["model"].as_str().unwrap();
    assert_eq!(std::path::Path::new(ner), project().canonicalize().unwrap().join("models/ner-conll-minilm"));
    // Without --config: the built-in file, as shipped.
    let builtin = demarche().arg("config").output().unwrap();
    assert_eq!(
        String::from_utf8(builtin.stdout).unwrap(),
        std::fs::read_to_string(project().join("config/default.toml")).unwrap()
    );
}

#[test]
fn a_printed_configuration_runs_from_any_folder() {
    // `demarche config > my.toml`, then a run from another folder with --config my.toml: the
    // model paths it names are not beside the file, so the working directory and then the
    // checkout are searched.
    let dir = tempfile::tempdir().unwrap();
    let builtin = demarche().arg("config").output().unwrap();
    let file = dir.path().join("my.toml");
    std::fs::write(&file, builtin.stdout).unwrap();
    let input = dir.path().join("note.txt");
    std::fs::write(&input, "Pyongyang rejected the talks. Séoul a demandé le dialogue.\n").unwrap();
    let out = demarche()
        .current_dir(dir.path())
        .args(["run", "note.txt", "--out", "run", "--config", "my.toml"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(dir.path().join("run/stances.csv").is_file());

    // A model found nowhere: the error names every folder it looked in, and a fix.
    std::fs::write(&file, "[stance]\nmodel = \"no-such-model\"\n").unwrap();
    let out = demarche()
        .current_dir(dir.path())
        .args(["run", "note.txt", "--out", "run2", "--config", "my.toml"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8(out.stderr).unwrap();
    let folder = dir.path().display().to_string();
    assert!(stderr.contains("stance model: no-such-model: not found in"), "{stderr}");
    assert!(stderr.contains(&folder), "{stderr}");
    assert!(stderr.contains(&project().canonicalize().unwrap().display().to_string()), "{stderr}");
    assert!(stderr.contains("run `just models` in the checkout"), "{stderr}");
}

#[test]
fn a_date_in_the_file_name_dates_the_document() {
    let dir = tempfile::tempdir().unwrap();
    let news = dir.path().join("news");
    std::fs::create_dir(&news).unwrap();
    std::fs::write(news.join("wire_2016-09-12_séoul.txt"), "Donald Trump said he is open to talks.\n").unwrap();
    // Not a date: month 13; a date inside a longer number is no date either.
    std::fs::write(news.join("wire_2019-13-45_x.txt"), "One text.\n").unwrap();
    std::fs::write(news.join("id_12016-09-123.txt"), "Another text.\n").unwrap();
    run_ok(&[&news], &dir.path().join("run"), &[]);
    let docs = table(&dir.path().join("run"), "documents");
    let date = |name: &str| docs.iter().find(|d| d["path"].ends_with(name)).unwrap()["date"].clone();
    assert_eq!(date("wire_2016-09-12_séoul.txt"), "2016-09-12");
    assert_eq!(date("wire_2019-13-45_x.txt"), "");
    assert_eq!(date("id_12016-09-123.txt"), "");
    // Dated, the candidate of 2016 speaks for no state.
    let stances = table(&dir.path().join("run"), "stances");
    assert!(stances.iter().any(|s| s["holder"] == "OTHER"), "{stances:?}");
    assert!(!stances.iter().any(|s| s["holder"] == "USA"), "{stances:?}");
}

#[test]
fn standard_output_errors_are_errors_not_panics() {
    // A full disk: exit 1 and a message. A reader that went away: a quiet exit 0.
    let full = std::fs::File::options().write(true).open("/dev/full").unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_demarche")).arg("schema").stdout(full).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8(out.stderr).unwrap().trim_end(),
        "error: writing to standard output: No space left on device (os error 28)"
    );
    let bin = env!("CARGO_BIN_EXE_demarche");
    let piped =
        std::process::Command::new("bash").args(["-c", "set -o pipefail; \"$0\" schema | true", bin]).output().unwrap();
    assert!(piped.status.success(), "{piped:?}");
    assert!(!String::from_utf8_lossy(&piped.stderr).contains("panicked"));
}

/// `eval ner` scores CoNLL files with the configured runtime and, with `--json`, adds one line
/// of figures per file (what the NER model cards are written from).
#[test]
fn eval_ner_scores_conll_files_and_prints_json_lines() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("mini.conll");
    std::fs::write(
        &file,
        "-DOCSTART- -X- -X- O\n\nAngela NNP B-NP B-PER\nMerkel NNP I-NP I-PER\nvisited VBD B-VP O\nMünchen NNP B-NP B-LOC\n. . O O\n\n\
         The DT B-NP O\nUnited NNP I-NP B-ORG\nNations NNP I-NP I-ORG\nmet VBD B-VP O\nin IN B-PP O\nGeneva NNP B-NP B-LOC\n. . O O\n\n",
    )
    .unwrap();
    let model = project().join("models/ner-conll-minilm");
    let out = demarche()
        .current_dir(dir.path())
        .args(["eval", "ner"])
        .arg(&file)
        .arg(&file)
        .arg("--model")
        .arg(&model)
        .arg("--json")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stdout = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<serde_json::Value> =
        stdout.lines().filter(|l| l.starts_with('{')).map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 2, "{stdout}");
    assert_eq!(lines[0]["file"], file.display().to_string());
    let f1 = lines[0]["f1"].as_f64().unwrap();
    assert!(f1 > 50.0 && f1 <= 100.0, "{stdout}");
    assert!(lines[0]["per_type"]["LOC"].as_f64().is_some(), "{stdout}");
    assert!(stdout.contains("2 sentences"), "{stdout}");
}

/// Progress reaches a log too: without a terminal, plain lines (the last when all is done),
/// sentences counted within a chunk.
#[test]
fn progress_is_plain_lines_without_a_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let out =
        demarche().args(["run", "seeds", "--out"]).arg(dir.path().join("run")).current_dir(project()).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let err = String::from_utf8(out.stderr).unwrap();
    let lines: Vec<&str> = err.lines().filter(|l| l.starts_with("progress: ")).collect();
    assert!(lines.first().is_some_and(|l| l.starts_with("progress: documents 0/4")), "{err}");
    assert!(lines.last().is_some_and(|l| l.starts_with("progress: documents 4/4 · ner, stance: sentences ")), "{err}");
    assert!(!err.contains('\u{1b}'), "{err}");
}

#[test]
fn eval_quotes_lists_its_findings_per_article() {
    let split = shared().join("data/polnear/dev");
    let out = demarche().args(["eval", "quotes"]).arg(&split).args(["--max-docs", "2", "--findings"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(stdout.lines().filter(|l| l.starts_with("## ")).count(), 2, "{stdout}");
    assert!(stdout.contains("PolNeAR dev: 2 documents"), "{stdout}");
    // Without --findings, only the report.
    let out = demarche().args(["eval", "quotes"]).arg(&split).args(["--max-docs", "2"]).output().unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.starts_with("PolNeAR dev: 2 documents"), "{stdout}");
}
