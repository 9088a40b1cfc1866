//! Stance end to end: the shipped classifier over the seeds, the positions table, training
//! from labelled examples and evaluation against gold sentences.

mod common;

use common::*;

#[test]
fn seeds_have_stances_with_holders_and_positions() {
    let out = tempfile::tempdir().unwrap();
    run_ok(&[&project().join("seeds")], out.path(), &[]);
    let sentences = table(out.path(), "sentences");
    let stances = table(out.path(), "stances");
    // One row per sentence and target, or per clause and target where a sentence's clauses
    // have holders of their own (`sentence_id.k:target`, in order, inside the sentence).
    let mut clauses = 0;
    for s in &sentences {
        let mine: Vec<_> = stances.iter().filter(|r| r["sentence_id"] == s["sentence_id"]).collect();
        assert_eq!(mine.len() % 3, 0);
        let n = mine.len() / 3;
        let mut end = 0;
        for (i, r) in mine.iter().enumerate() {
            let id = if n == 1 { s["sentence_id"].clone() } else { format!("{}.{}", s["sentence_id"], i / 3 + 1) };
            assert_eq!(r["stance_id"], format!("{id}:{}", r["target"]));
            let (a, b): (usize, usize) = (r["start"].parse().unwrap(), r["end"].parse().unwrap());
            assert!(a >= end.max(s["start"].parse().unwrap()) && b <= s["end"].parse().unwrap() && a < b, "{r:?}");
            if i % 3 == 2 {
                end = b;
            }
        }
        clauses += if n > 1 { n } else { 0 };
    }
    assert!(clauses >= 2);
    for r in &stances {
        let p: f64 = ["p_favor", "p_against", "p_none"].iter().map(|c| r[*c].parse::<f64>().unwrap()).sum();
        assert!((p - 1.0).abs() < 1e-4, "{r:?}");
        // The codebook's cues settle a label whatever the model says.
        assert!(r["method"] == "classifier" || (r["method"] == "cue" && r["score"] == "1"), "{r:?}");
        assert_eq!(r["model"], "stance-minilm-ft");
    }
    let text = |id: &str| sentences.iter().find(|s| s["sentence_id"] == id).unwrap()["text"].clone();
    let row = |needle: &str, target: &str| {
        stances.iter().find(|r| r["target"] == target && text(&r["sentence_id"]).starts_with(needle)).unwrap().clone()
    };
    let open = row("We have made it very clear publicly that we are open to engagement", "engagement");
    assert_eq!((open["holder"].as_str(), open["label"].as_str()), ("USA", "favor"));
    let sanctions = row("I think we have very effective cooperation with China on sanctions enforcement.", "sanctions");
    assert_eq!((sanctions["holder"].as_str(), sanctions["label"].as_str()), ("USA", "favor"));
    // VOA: "The U.S. wants China to enforce sanctions …, while North Korea wants China to
    // relax sanctions enforcement." The second clause is North Korea's, against sanctions.
    let voa = row("The U.S. wants China to enforce sanctions", "sanctions");
    let relax: Vec<_> =
        stances.iter().filter(|r| r["sentence_id"] == voa["sentence_id"] && r["target"] == "sanctions").collect();
    assert_eq!(relax.len(), 2);
    assert_eq!(
        (
            relax[1]["holder"].as_str(),
            relax[1]["holder_source"].as_str(),
            relax[1]["label"].as_str(),
            relax[1]["method"].as_str()
        ),
        ("PRK", "reported", "against", "cue")
    );
    assert_eq!((relax[0]["holder"].as_str(), relax[0]["holder_source"].as_str()), ("USA", "reported"));
    let china = row("China is very committed to the denuclearization of North Korea.", "denuclearization");
    assert_eq!(
        (china["holder"].as_str(), china["holder_source"].as_str(), china["label"].as_str()),
        ("CHN", "reported", "favor")
    );
    // Reporters' questions hold no position.
    let turns = table(out.path(), "turns");
    let question_turns: Vec<&str> =
        turns.iter().filter(|t| t["kind"] == "question").map(|t| t["turn_id"].as_str()).collect();
    let asked: Vec<_> = stances.iter().filter(|r| question_turns.contains(&r["turn_id"].as_str())).collect();
    assert!(!asked.is_empty());
    assert!(asked.iter().all(|r| r["label"] == "none" && r["holder"].is_empty()));

    // Positions recount the stances: per actor × year × target, favor and against.
    let docs = table(out.path(), "documents");
    let year = |doc: &str| docs.iter().find(|d| d["doc_id"] == doc).unwrap()["year"].clone();
    let positions = table(out.path(), "positions");
    assert!(!positions.is_empty());
    for p in &positions {
        let cell: Vec<_> = stances
            .iter()
            .filter(|r| r["holder"] == p["actor"] && r["target"] == p["target"] && year(&r["doc_id"]) == p["year"])
            .collect();
        let count = |l: &str| cell.iter().filter(|r| r["label"] == l).count().to_string();
        assert_eq!((p["favor"].clone(), p["against"].clone()), (count("favor"), count("against")), "{p:?}");
        let (net, lo, hi): (f64, f64, f64) =
            (p["net"].parse().unwrap(), p["net_low"].parse().unwrap(), p["net_high"].parse().unwrap());
        assert!(-1.0 <= lo && lo <= net && net <= hi && hi <= 1.0, "{p:?}");
        for id in p["evidence_favor"].split_whitespace() {
            assert!(cell.iter().any(|r| r["sentence_id"] == id && r["label"] == "favor"), "{id}");
        }
    }
    let usa = positions.iter().find(|p| p["actor"] == "USA" && p["year"] == "2015" && p["target"] == "engagement");
    assert!(usa.unwrap()["net"].parse::<f64>().unwrap() > 0.5);
}

const EXAMPLES: &str = "text,engagement,sanctions,denuclearization,prev
We are open to dialogue with North Korea without preconditions.,favor,none,none,
The door to diplomacy remains open — 이 is a test é.,favor,none,none,Earlier sentence.
We will never negotiate with them; talks are pointless.,against,none,none,
There is no point in talking to Pyongyang.,against,none,none,
We will keep enforcing sanctions on North Korea.,none,favor,none,
The new designations tighten the pressure on the regime.,none,favor,none,
The embargo is illegal and must be lifted.,none,against,none,
Sanctions hurt ordinary people and should be eased.,none,against,none,
North Korea must abandon its nuclear weapons.,none,none,favor,
Our nuclear deterrent is not negotiable.,none,none,against,
The weather in Beijing was cold.,none,none,none,
We discussed the agenda of the meeting.,none,none,none,
";

#[test]
fn train_stance_writes_a_model_that_verifies_and_scores() {
    let dir = tempfile::tempdir().unwrap();
    let examples = dir.path().join("examples.csv");
    std::fs::write(&examples, EXAMPLES).unwrap();
    let model = dir.path().join("models/tiny-stance");
    let out = demarche()
        .current_dir(project())
        .args(["train", "stance", "--examples"])
        .arg(&examples)
        .args(["--cv", "2", "--context", "--out"])
        .arg(&model)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(
        stdout.contains("12 examples") && stdout.contains("2-fold cross-validation") && stdout.contains("mean F_avg")
    );
    let card = std::fs::read_to_string(model.join("demarche-model.toml")).unwrap();
    assert!(card.contains("task = \"stance\"") && card.contains("features = \"sentence+prev\""), "{card}");
    let verify = demarche().arg("models").arg("verify").arg(dir.path().join("models")).output().unwrap();
    assert!(verify.status.success(), "{}", String::from_utf8_lossy(&verify.stdout));

    // The trained model runs in a pipeline run.
    let cfg = dir.path().join("cfg.toml");
    std::fs::write(&cfg, format!("[ner]\nenabled = false\n[stance]\nmodel = {:?}\n", model.display().to_string()))
        .unwrap();
    let run_dir = dir.path().join("run");
    run_ok(&[&project().join("seeds")], &run_dir, &["--config", cfg.to_str().unwrap()]);
    let stances = table(&run_dir, "stances");
    assert!(stances.iter().all(|r| r["model"] == "tiny-stance"));
    let manifest = std::fs::read_to_string(run_dir.join("manifest.json")).unwrap();
    assert!(manifest.contains("\"stance\"") && manifest.contains("heads.safetensors"), "{manifest}");
}

#[test]
fn bad_examples_and_gold_are_errors_naming_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let examples = dir.path().join("bad.csv");
    std::fs::write(
        &examples,
        "text,engagement,sanctions,denuclearization\nfine,favor,none,none\nbad,favour?,none,none\n",
    )
    .unwrap();
    let out =
        demarche().current_dir(project()).args(["train", "stance", "--examples"]).arg(&examples).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        stderr.trim(),
        format!(
            "error: {}: line 3: column `engagement`: \"favour?\" is not favor, against or none",
            examples.display()
        )
    );
    let missing = dir.path().join("nocol.csv");
    std::fs::write(&missing, "text,engagement\nx,none\n").unwrap();
    let out = demarche()
        .current_dir(project())
        .args(["eval", "stance", "--run", "runs/none", "--gold"])
        .arg(&missing)
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&out.stderr).trim(),
        format!("error: {}: no column for target `sanctions`", missing.display())
    );
}

#[test]
fn eval_stance_scores_a_run_against_gold_rows() {
    let out = tempfile::tempdir().unwrap();
    run_ok(&[&project().join("seeds")], out.path(), &[]);
    let sentences = table(out.path(), "sentences");
    let docs = table(out.path(), "documents");
    let transcript = docs.iter().find(|d| d["path"].contains("000_")).unwrap();
    let s = sentences
        .iter()
        .find(|s| s["doc_id"] == transcript["doc_id"] && s["text"].starts_with("We have made it very clear publicly"))
        .unwrap();
    let gold = out.path().join("gold.csv");
    std::fs::write(
        &gold,
        format!(
            "doc,byte_start,byte_end,holder,engagement,sanctions,denuclearization,text\n\
             seeds/000_d5d96ff8811c493f.txt,{a},{b},USA,favor,none,favor,x\n\
             seeds/000_d5d96ff8811c493f.txt,{a},{b},CHN,favor,favor,favor,“é”\n",
            a = s["start"],
            b = s["end"]
        ),
    )
    .unwrap();
    let errors = out.path().join("errors.csv");
    let o = demarche()
        .current_dir(project())
        .args(["eval", "stance", "--gold"])
        .arg(&gold)
        .arg("--run")
        .arg(out.path())
        .arg("--errors")
        .arg(&errors)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(stdout.contains("holder accuracy 0.500 [0.000, 1.000] (1 of 2 gold rows)"), "{stdout}");
    // The confusion per target (rows gold favor/against/none, columns predicted).
    assert!(
        stdout.contains("confusion sanctions (gold favor/against/none → predicted): [0, 0, 1] [0, 0, 0] [0, 0, 1]"),
        "{stdout}"
    );
    let engagement = stdout.lines().find(|l| l.starts_with("engagement")).unwrap();
    assert!(engagement.split_whitespace().nth(4) == Some("1.000"), "{stdout}");
    // The second gold row's sanctions label and holder are misses, listed with the gold line.
    assert_eq!(
        std::fs::read_to_string(&errors).unwrap(),
        format!(
            "line,doc,byte_start,byte_end,field,gold,predicted,text\n\
             3,seeds/000_d5d96ff8811c493f.txt,{a},{b},sanctions,favor,none,“é”\n\
             3,seeds/000_d5d96ff8811c493f.txt,{a},{b},holder,CHN,USA,“é”\n",
            a = s["start"],
            b = s["end"]
        )
    );
}

#[test]
fn candidates_propose_unlabelled_sentences_for_a_target() {
    let dir = tempfile::tempdir().unwrap();
    let run = dir.path().join("run");
    run_text_only(&[&project().join("seeds")], &run, &[]);
    let out = dir.path().join("cand.csv");
    let candidates = |extra: &[&str]| {
        let o = demarche()
            .current_dir(project())
            .args(["candidates", "--target", "sanctions", "--n", "4", "--run"])
            .arg(&run)
            .arg("--out")
            .arg(&out)
            .args(extra)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let mut r = csv::Reader::from_path(&out).unwrap();
        let header: Vec<String> = r.headers().unwrap().iter().map(str::to_string).collect();
        let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
        (header, rows)
    };
    let (header, rows) = candidates(&[]);
    assert_eq!(
        header[..10],
        [
            "doc",
            "byte_start",
            "byte_end",
            "year",
            "speaker",
            "speaker_actor",
            "holder",
            "engagement",
            "sanctions",
            "denuclearization"
        ]
    );
    assert_eq!(rows.len(), 4);
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    // Keyword matches only, no questions, labels left empty; half by similarity, half by uncertainty.
    assert!(rows.iter().all(|r| {
        let t = r[col("text")].to_lowercase();
        (t.contains("sanction") || t.contains("embargo") || t.contains("designat")) && r[col("sanctions")].is_empty()
    }));
    assert!(rows.iter().all(|r| &r[col("speaker")] != "QUESTION"));
    let reasons: Vec<&str> = rows.iter().map(|r| r.get(col("reason")).unwrap()).collect();
    assert_eq!(reasons, ["similar", "similar", "uncertain", "uncertain"]);
    // The byte span slices the document to the text (white space collapsed).
    for r in &rows {
        let bytes = std::fs::read(project().join(&r[col("doc")])).unwrap();
        let (a, b): (usize, usize) = (r[col("byte_start")].parse().unwrap(), r[col("byte_end")].parse().unwrap());
        let got = String::from_utf8_lossy(&bytes[a..b]).split_whitespace().collect::<Vec<_>>().join(" ");
        assert_eq!(got, r[col("text")]);
    }
    // Sentences already labelled are not proposed again.
    let labelled = dir.path().join("labelled.csv");
    let mut w = csv::Writer::from_path(&labelled).unwrap();
    w.write_record(["text"]).unwrap();
    for r in &rows {
        w.write_record([&r[col("text")]]).unwrap();
    }
    w.flush().unwrap();
    let (_, again) = candidates(&["--exclude", labelled.to_str().unwrap()]);
    assert!(again.iter().all(|r| rows.iter().all(|o| o[col("text")] != r[col("text")])));
}

#[test]
fn two_runs_of_the_seeds_with_different_models_compare_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let examples = dir.path().join("examples.csv");
    std::fs::write(&examples, EXAMPLES).unwrap();
    let model = dir.path().join("tiny");
    let o = demarche()
        .current_dir(project())
        .args(["train", "stance", "--examples"])
        .arg(&examples)
        .arg("--out")
        .arg(&model)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let cfg = dir.path().join("b.toml");
    std::fs::write(&cfg, format!("[stance]\nmodel = {:?}\n", model.display().to_string())).unwrap();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    run_ok(&[&project().join("seeds")], &a, &[]);
    run_ok(&[&project().join("seeds")], &b, &["--config", cfg.to_str().unwrap()]);
    let compare = |x: &std::path::Path, y: &std::path::Path, out: &std::path::Path| {
        let o = demarche().arg("compare").arg(x).arg(y).arg("--out").arg(out).output().unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        String::from_utf8(o.stdout).unwrap()
    };
    let out = dir.path().join("cmp");
    let printed = compare(&a, &b, &out);
    assert!(printed.contains("documents: 4 common, 0 only in A, 0 only in B"), "{printed}");
    // Every sentence, or each of its clauses, is compared once per target.
    let rows = (table(&a, "stances").len() / 3).to_string();
    let agreement = csv_table(&out, "agreement");
    assert_eq!(
        agreement.iter().map(|r| r["target"].as_str()).collect::<Vec<_>>(),
        ["denuclearization", "engagement", "sanctions"]
    );
    assert!(agreement.iter().all(|r| r["n"] == rows));
    // Every changed row is a real difference between the two stances tables.
    let (sa, sb) = (table(&a, "stances"), table(&b, "stances"));
    let label = |t: &[std::collections::HashMap<String, String>], id: &str| {
        t.iter().find(|r| r["stance_id"] == id).unwrap()["label"].clone()
    };
    let changed = csv_table(&out, "changed");
    for c in &changed {
        let id = &c["stance_id"];
        assert!(id.starts_with(&c["sentence_id"]) && id.ends_with(&format!(":{}", c["target"])));
        assert_eq!((label(&sa, id), label(&sb, id)), (c["label_a"].clone(), c["label_b"].clone()));
    }
    let differing = sa.iter().filter(|r| label(&sb, &r["stance_id"]) != r["label"]).count();
    assert_eq!(changed.len(), differing);
    // Entities come from the same NER model: full agreement.
    let entities = csv_table(&out, "entities");
    assert_eq!(entities.last().unwrap()["label"], "all");
    assert_eq!(entities.last().unwrap()["f1"], "1");
    // A run compared with itself agrees everywhere.
    let same = dir.path().join("same");
    compare(&a, &a, &same);
    assert!(csv_table(&same, "agreement").iter().all(|r| r["agreement"] == "1" && r["kappa"] == "1"));
    assert!(csv_table(&same, "changed").is_empty());
}

#[test]
fn stance_heads_on_the_ner_encoder_share_its_encoder_pass_with_the_same_results() {
    // Heads trained over the NER model's encoder read the NER pass's sentence embeddings (no
    // second encoder pass). Scored without NER, the stance stage runs the encoder itself; the
    // results must agree. (The shipped stance model has its own fine-tuned encoder: no sharing.)
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("stance-on-ner");
    let out = demarche()
        .current_dir(project())
        .args(["train", "stance", "--examples", "data/stance/train.csv", "--limit", "200", "--encoder"])
        .arg(project().join("models/ner-conll-minilm"))
        .arg("--out")
        .arg(&model)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let (shared, alone, default) = (dir.path().join("shared"), dir.path().join("alone"), dir.path().join("default"));
    let config = |name: &str, extra: &str| {
        let p = dir.path().join(name);
        std::fs::write(&p, format!("[stance]\nmodel = {:?}\n{extra}", model.display().to_string())).unwrap();
        p
    };
    let seeds = project().join("seeds");
    run_ok(&[&seeds], &shared, &["--config", config("shared.toml", "").to_str().unwrap()]);
    run_ok(&[&seeds], &alone, &["--config", config("alone.toml", "[ner]\nenabled = false\n").to_str().unwrap()]);
    run_ok(&[&seeds], &default, &[]);
    let manifest = |d: &std::path::Path| -> serde_json::Value {
        serde_json::from_str(&std::fs::read_to_string(d.join("manifest.json")).unwrap()).unwrap()
    };
    assert_eq!(manifest(&shared)["shared_encoder"], true);
    assert_eq!(manifest(&alone)["shared_encoder"], false);
    assert_eq!(manifest(&default)["shared_encoder"], false);
    let (a, b) = (table(&shared, "stances"), table(&alone, "stances"));
    assert_eq!(a.len(), b.len());
    for (x, y) in a.iter().zip(&b) {
        assert_eq!((&x["stance_id"], &x["label"], &x["holder"]), (&y["stance_id"], &y["label"], &y["holder"]));
        for c in ["p_favor", "p_against", "p_none"] {
            let d = x[c].parse::<f64>().unwrap() - y[c].parse::<f64>().unwrap();
            assert!(d.abs() < 1e-5, "{c} of {}: {} vs {}", x["stance_id"], x[c], y[c]);
        }
    }
}

/// A comparison table, from its CSV.
fn csv_table(dir: &std::path::Path, name: &str) -> Vec<std::collections::HashMap<String, String>> {
    let mut r = csv::Reader::from_path(dir.join(format!("{name}.csv"))).unwrap();
    let h: Vec<String> = r.headers().unwrap().iter().map(str::to_string).collect();
    r.records().map(|rec| h.iter().cloned().zip(rec.unwrap().iter().map(str::to_string)).collect()).collect()
}

/// The shipped codebook with one more target, `human_rights`.
fn codebook_with_human_rights(dir: &std::path::Path) -> std::path::PathBuf {
    let mut book = std::fs::read_to_string(project().join("config/codebook.toml")).unwrap();
    book.push_str(
        r#"
[[target]]
name = "human_rights"
definition = "The holder's stance on pressing a government over human rights."
favor = "Condemns abuses, demands accountability, backs a human-rights resolution."
against = "Rejects criticism of a human-rights record as interference."
none = "Otherwise."
keywords = ['human rights', 'abuses?', 'accountab']
[target.hypotheses]
favor = "The speaker presses for human rights."
against = "The speaker rejects human-rights criticism."
"#,
    );
    let path = dir.join("codebook.toml");
    std::fs::write(&path, book).unwrap();
    path
}

#[test]
fn a_target_without_a_head_is_a_warning_and_a_removed_one_is_not_scored() {
    let dir = tempfile::tempdir().unwrap();
    let seeds = project().join("seeds");
    // A target the model has no head for: a warning row naming the codebook, no rows for it.
    let book = codebook_with_human_rights(dir.path());
    let cfg = dir.path().join("added.toml");
    std::fs::write(&cfg, format!("[ner]\nenabled = false\n[stance]\ncodebook = {:?}\n", book.display().to_string()))
        .unwrap();
    let run = dir.path().join("added");
    run_ok(&[&seeds], &run, &["--config", cfg.to_str().unwrap()]);
    let targets: std::collections::BTreeSet<String> =
        table(&run, "stances").iter().map(|r| r["target"].clone()).collect();
    assert_eq!(targets.into_iter().collect::<Vec<_>>(), ["denuclearization", "engagement", "sanctions"]);
    let errors = table(&run, "errors");
    let warned: Vec<_> = errors.iter().filter(|r| r["stage"] == "stance").collect();
    assert_eq!(warned.len(), 1, "{errors:?}");
    assert_eq!(warned[0]["level"], "warning");
    assert_eq!(warned[0]["path"], book.display().to_string());
    assert_eq!(
        warned[0]["message"],
        "target \"human_rights\" has no trained head in stance model \"stance-minilm-ft\": not scored (label \
         examples, then `demarche train stance`: README \"Adding a stance target\")"
    );

    // A codebook with only `engagement`: the model's other heads are not scored under their names.
    let only = std::fs::read_to_string(project().join("config/codebook.toml")).unwrap();
    let only = &only[..only.find("name = \"sanctions\"").unwrap()];
    let only = &only[..only.rfind("[[target]]").unwrap()];
    let only_path = dir.path().join("only.toml");
    std::fs::write(&only_path, only).unwrap();
    let cfg = dir.path().join("only-cfg.toml");
    std::fs::write(
        &cfg,
        format!("[ner]\nenabled = false\n[stance]\ncodebook = {:?}\n", only_path.display().to_string()),
    )
    .unwrap();
    let run = dir.path().join("only");
    run_ok(&[&seeds], &run, &["--config", cfg.to_str().unwrap()]);
    assert!(table(&run, "stances").iter().all(|r| r["target"] == "engagement"));
    assert!(table(&run, "positions").iter().all(|r| r["target"] == "engagement"));
    let messages: Vec<String> =
        table(&run, "errors").iter().filter(|r| r["stage"] == "stance").map(|r| r["message"].clone()).collect();
    assert_eq!(
        messages,
        [
            "stance model \"stance-minilm-ft\" has a head for \"denuclearization\", which this codebook does not define: not scored",
            "stance model \"stance-minilm-ft\" has a head for \"sanctions\", which this codebook does not define: not scored",
        ]
    );
}

#[test]
fn a_new_target_goes_from_candidates_to_labels_to_a_trained_head_in_a_run() {
    let dir = tempfile::tempdir().unwrap();
    let book = codebook_with_human_rights(dir.path());
    let seeds = seeds_copy(dir.path(), "corpus");
    std::fs::write(
        seeds.join("statement.txt"),
        "The ministry condemned the abuses in the camps — é — and demanded accountability for them.\n\n\
         The delegation rejected the human rights resolution as interference in its internal affairs.\n",
    )
    .unwrap();
    // Candidates for the new target from a text-only run.
    let run = dir.path().join("text");
    run_text_only(&[&seeds], &run, &[]);
    let todo = dir.path().join("todo.csv");
    let o = demarche()
        .current_dir(project())
        .args(["candidates", "--target", "human_rights", "--n", "2", "--run"])
        .arg(&run)
        .arg("--codebook")
        .arg(&book)
        .arg("--out")
        .arg(&todo)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let proposed = std::fs::read_to_string(&todo).unwrap();
    assert!(proposed.contains("human_rights") && proposed.contains("abuses"), "{proposed}");
    // Labelled examples with the new column; a head trained for every codebook target.
    let examples = dir.path().join("examples.csv");
    let mut rows = String::from("text,engagement,sanctions,denuclearization,human_rights,prev\n");
    for line in EXAMPLES.lines().skip(1) {
        let (labels, prev) = line.rsplit_once(',').unwrap();
        rows.push_str(&format!("{labels},none,{prev}\n"));
    }
    rows.push_str("The ministry condemned the abuses and demanded accountability.,none,none,none,favor,\n");
    rows.push_str("We call for accountability for the human rights abuses in the camps.,none,none,none,favor,\n");
    rows.push_str("They rejected the human rights resolution as interference.,none,none,none,against,\n");
    rows.push_str("Criticism of our human rights record is a pretext for interference.,none,none,none,against,\n");
    std::fs::write(&examples, rows).unwrap();
    let model = dir.path().join("models/hr-stance");
    let o = demarche()
        .current_dir(project())
        .args(["train", "stance", "--examples"])
        .arg(&examples)
        .arg("--codebook")
        .arg(&book)
        .arg("--out")
        .arg(&model)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let cfg = dir.path().join("cfg.toml");
    std::fs::write(
        &cfg,
        format!(
            "[ner]\nenabled = false\n[stance]\nmodel = {:?}\ncodebook = {:?}\n",
            model.display().to_string(),
            book.display().to_string()
        ),
    )
    .unwrap();
    let out = dir.path().join("run");
    run_ok(&[&seeds], &out, &["--config", cfg.to_str().unwrap()]);
    let stances = table(&out, "stances");
    let hr: Vec<_> = stances.iter().filter(|r| r["target"] == "human_rights").collect();
    let sentences = table(&out, "sentences");
    assert!(hr.len() >= sentences.len(), "{} rows for {} sentences", hr.len(), sentences.len());
    assert!(table(&out, "errors").iter().all(|r| r["stage"] != "stance"));
}
