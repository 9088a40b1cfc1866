//! The model stage through the binary: entities on the seeds, and a tampered model stops the
//! run with a message naming the file and its expected sha256, leaving no run folder.

mod common;

use std::path::PathBuf;

use common::*;

fn ner_model() -> PathBuf {
    project().join("models/ner-conll-minilm")
}

#[test]
fn tampered_or_truncated_model_fails_run_and_verify() {
    let tmp = tempfile::tempdir().unwrap();
    let models = tmp.path().join("models");
    let copy = models.join("ner-conll-minilm");
    std::fs::create_dir_all(&copy).unwrap();
    for e in std::fs::read_dir(ner_model()).unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, copy.join(p.file_name().unwrap())).unwrap();
    }
    let card = std::fs::read_to_string(copy.join("demarche-model.toml")).unwrap();
    let weights = copy.join("model.safetensors");
    let bytes = std::fs::read(&weights).unwrap();
    std::fs::write(&weights, &bytes[..bytes.len() / 2]).unwrap();
    let expected = demarche_core::sha256_hex(&bytes);
    assert!(card.contains(&expected), "the card lists the weights' sha256");

    let cfg = tmp.path().join("c.toml");
    std::fs::write(&cfg, "[ner]\nmodel = \"models/ner-conll-minilm\"\n").unwrap();
    let out = tmp.path().join("run");
    let err = run_fails(&[&project().join("seeds")], &out, &["--config", cfg.to_str().unwrap()]);
    assert!(err.contains("model.safetensors") && err.contains(&expected), "{err}");
    assert!(!out.exists(), "no run folder after a model error");
    assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 2, "nothing but models/ and c.toml: no staging folder");

    let verify = demarche().args(["models", "verify"]).arg(&models).output().unwrap();
    assert_eq!(verify.status.code(), Some(1));
    let text = String::from_utf8_lossy(&verify.stdout);
    assert!(text.contains("FAILED") && text.contains(&expected), "{text}");

    std::fs::remove_file(&weights).unwrap();
    let res = demarche()
        .arg("run")
        .arg(project().join("seeds"))
        .arg("--out")
        .arg(&out)
        .arg("--config")
        .arg(&cfg)
        .output()
        .unwrap();
    assert_eq!(res.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&res.stderr).contains("model.safetensors"));

    // Intact weights, a damaged ONNX export (what the default runtime runs: int8): refused by
    // run and by verify, naming the export and the sha256 recorded when it was made.
    let export = copy.join("encoder-int8.onnx");
    if !export.exists() {
        eprintln!("SKIPPED the export part: {} is absent; run `just models`", export.display());
        return;
    }
    std::fs::write(&weights, &bytes).unwrap();
    let mut onnx = std::fs::read(&export).unwrap();
    let middle = onnx.len() / 2;
    onnx[middle] ^= 0x10;
    std::fs::write(&export, &onnx).unwrap();
    let recorded = std::fs::read_to_string(copy.join("encoder-int8.onnx.sha256")).unwrap();
    let recorded = recorded.split_whitespace().next().unwrap().to_string();
    let res = demarche()
        .arg("run")
        .arg(project().join("seeds"))
        .arg("--out")
        .arg(&out)
        .arg("--config")
        .arg(&cfg)
        .output()
        .unwrap();
    assert_eq!(res.status.code(), Some(1));
    let err = String::from_utf8_lossy(&res.stderr);
    assert!(err.contains(&format!("{}: bad weights: sha256 ", export.display())) && err.contains(&recorded), "{err}");
    assert!(!out.exists(), "no run folder after a model error");
    let verify = demarche().args(["models", "verify"]).arg(&models).output().unwrap();
    assert_eq!(verify.status.code(), Some(1));
    let text = String::from_utf8_lossy(&verify.stdout);
    assert!(text.contains("FAILED") && text.contains("encoder-int8.onnx") && text.contains(&recorded), "{text}");
}

#[test]
fn seeds_have_entities_linked_to_actors() {
    let out = tempfile::tempdir().unwrap();
    run_ok(&[&project().join("seeds")], out.path(), &[]);
    let docs = table(out.path(), "documents");
    let entities = table(out.path(), "entities");
    assert_spans_slice_files(&docs, &entities);
    let has = |text: &str, label: &str| entities.iter().any(|e| e["text"] == text && e["label"] == label);
    for (text, label) in [
        ("Sung Kim", "PER"),
        ("Beijing", "LOC"),
        ("China", "LOC"),
        ("Russia", "LOC"),
        ("Wu Dawei", "PER"),
        ("Ri Su Yong", "PER"),
        ("Stephen Biegun", "PER"),
        ("Six-Party", "MISC"),
    ] {
        assert!(
            has(text, label),
            "no {label} {text:?} in {:?}",
            entities.iter().map(|e| (&e["text"], &e["label"])).collect::<Vec<_>>()
        );
    }
    let actor_of = |text: &str| entities.iter().find(|e| e["text"] == text).map(|e| e["actor"].clone());
    assert_eq!(actor_of("North Korea").as_deref(), Some("PRK"));
    assert_eq!(actor_of("Pyongyang").as_deref(), Some("PRK"));
    assert_eq!(actor_of("China").as_deref(), Some("CHN"));
    // People link through their dated roles in the registry.
    assert_eq!(actor_of("Sung Kim").as_deref(), Some("USA"));
    assert_eq!(actor_of("Wu Dawei").as_deref(), Some("CHN"));
    assert_eq!(actor_of("Ri Su Yong").as_deref(), Some("PRK"));
    assert_eq!(actor_of("Stephen Biegun").as_deref(), Some("USA"));
    assert!(entities.iter().all(|e| e["entity_id"].starts_with(&format!("{}:", e["sentence_id"]))));
    // "Six-Party" comes from the registry's [[entity]] names (the model splits or misses it);
    // "George W. Bush", which the model splits, is merged into the registry's name; everything
    // else from the model.
    for e in &entities {
        let ruled = e["text"] == "Six-Party";
        let merged = ["George W. Bush", "North Korean regime"].contains(&e["text"].as_str());
        let expected = if ruled {
            "registry"
        } else if merged {
            "merged"
        } else {
            "model"
        };
        assert_eq!(e["found_by"], expected, "{e:?}");
        if ruled {
            assert_eq!(e["score"], "1");
        }
    }
    assert_eq!(actor_of("George W. Bush").as_deref(), Some("USA"));
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.path().join("manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["models"][0]["task"], "ner");
    assert!(manifest["models"][0]["files"].as_array().unwrap().len() >= 3);
}

/// The DPRK's names, whole, link to `PRK` with the real model, however the model splits them;
/// "Republic of Korea" alone is `KOR`. Offsets slice the file; non-ASCII text around.
#[test]
fn names_of_the_dprk_link_whole() {
    let tmp = tempfile::tempdir().unwrap();
    let text = "Séoul — 이 — 15 March. The Democratic People’s Republic of Korea rejected the offer, and \
                the Democratic People's\nRepublic of Korea said so again at the United Nations. Officials \
                of DPR Korea met envoys of the Republic of Korea in Geneva on Monday. The State Affairs \
                Commission of the Democratic People’s Republic of Korea, chaired by Kim Jong Un, met.\n";
    // A speech (the UN file-name rule): a line break inside a paragraph stays in its sentence.
    let file = tmp.path().join("KOR_74_2019.txt");
    std::fs::write(&file, text).unwrap();
    let out = tmp.path().join("run");
    run_ok(&[&file], &out, &[]);
    let docs = table(&out, "documents");
    let entities = table(&out, "entities");
    assert_spans_slice_files(&docs, &entities);
    let shown: Vec<(&str, &str, &str, &str)> = entities
        .iter()
        .map(|e| (e["text"].as_str(), e["label"].as_str(), e["actor"].as_str(), e["found_by"].as_str()))
        .collect();
    let span = |e: &std::collections::HashMap<String, String>| {
        (e["start"].parse::<usize>().unwrap(), e["end"].parse::<usize>().unwrap())
    };
    // Every mention of the DPRK's full name the model tags: one entity over it (or over
    // more), never `KOR`.
    let names: Vec<(usize, usize)> =
        ["Democratic People’s Republic of Korea", "Democratic People's\nRepublic of Korea"]
            .iter()
            .flat_map(|n| text.match_indices(n).map(|(i, m)| (i, i + m.len())))
            .collect();
    assert_eq!(names.len(), 3);
    for (s, e) in names {
        let inside: Vec<_> = entities.iter().filter(|x| span(x).0 < e && s < span(x).1).collect();
        assert!(inside.len() <= 1, "{:?} in {shown:?}", &text[s..e]);
        let Some(inside) = inside.first() else { continue };
        let (es, ee) = span(inside);
        assert!(es <= s && ee >= e, "{shown:?}");
        assert_ne!(inside["actor"], "KOR", "{shown:?}");
        if (es, ee) == (s, e) {
            assert_eq!(inside["actor"], "PRK", "{shown:?}");
        }
    }
    let actor_of = |t: &str| entities.iter().find(|e| e["text"] == t).map(|e| e["actor"].as_str());
    assert_eq!(actor_of("Democratic People’s Republic of Korea"), Some("PRK"), "{shown:?}");
    assert_eq!(actor_of("Democratic People's Republic of Korea"), Some("PRK"), "{shown:?}");
    assert_eq!(actor_of("Republic of Korea"), Some("KOR"), "{shown:?}");
    if let Some(a) = actor_of("DPR Korea") {
        assert_eq!(a, "PRK");
    }
}

/// `[encoder] precision` picks each model's export (NER's and stance's), the manifest lists the
/// one that ran, and the config hash tells the two apart; candle with int8 is refused naming
/// the keys.
#[test]
fn precision_picks_the_export_and_enters_the_config_hash() {
    let int8 = ner_model().join("encoder-int8.onnx");
    if !int8.exists() {
        eprintln!("SKIPPED: {} is absent; run `just models`", int8.display());
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let mut hashes = Vec::new();
    for (precision, file, other) in
        [("fp32", "encoder.onnx", "encoder-int8.onnx"), ("int8", "encoder-int8.onnx", "encoder.onnx")]
    {
        let cfg = tmp.path().join(format!("{precision}.toml"));
        std::fs::write(&cfg, format!("[encoder]\nprecision = \"{precision}\"\n")).unwrap();
        let out = tmp.path().join(precision);
        run_ok(&[&project().join("seeds")], &out, &["--config", cfg.to_str().unwrap()]);
        let manifest: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(out.join("manifest.json")).unwrap()).unwrap();
        assert_eq!(manifest["config"]["encoder"]["precision"], precision);
        let runtime = manifest["models"].as_array().unwrap().iter().find(|m| m["task"] == "runtime").unwrap();
        let files: Vec<&str> = runtime["files"].as_array().unwrap().iter().map(|f| f[0].as_str().unwrap()).collect();
        for model in ["ner-conll-minilm", "stance-minilm-ft"] {
            assert!(files.contains(&format!("{model}/{file}").as_str()), "{files:?}");
            assert!(!files.contains(&format!("{model}/{other}").as_str()), "{files:?}");
        }
        hashes.push(manifest["config_hash"].as_str().unwrap().to_string());
    }
    assert_ne!(hashes[0], hashes[1]);

    let cfg = tmp.path().join("candle.toml");
    std::fs::write(&cfg, "[encoder]\nruntime = \"candle\"\nprecision = \"int8\"\n").unwrap();
    let err = run_fails(&[&project().join("seeds")], &tmp.path().join("candle"), &["--config", cfg.to_str().unwrap()]);
    assert!(
        err.contains("encoder.precision = \"int8\" needs encoder.runtime = \"ort\" (candle computes in fp32 only)"),
        "{err}"
    );
}
