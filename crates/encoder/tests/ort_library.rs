//! A file that is not ONNX Runtime, given as its library. A test binary of its own: ORT
//! allows one library per process, and this one must be the first asked for.

use std::path::PathBuf;

use demarche_encoder::{Precision, Runtime, SentenceEncoder};

#[test]
fn a_library_that_is_not_onnx_runtime_is_an_error_naming_it() {
    let base = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../models/all-minilm-l6-v2");
    if !base.join("encoder.onnx").exists() {
        eprintln!("SKIPPED: {} is absent; run `just models`", base.join("encoder.onnx").display());
        return;
    }
    let t = tempfile::tempdir().unwrap();
    let fake = t.path().join("libonnxruntime.so");
    std::fs::write(&fake, b"not a library").unwrap();
    let runtime = Runtime::Ort { library: fake.clone(), threads: 1, precision: Precision::Fp32 };
    let e = SentenceEncoder::load_with(&base, &runtime).err().unwrap().to_string();
    assert!(e.starts_with(&format!("encoder failed: {}: cannot load ONNX Runtime: ", fake.display())), "{e}");
    // The failure is remembered: a second try gives the same error, not a crash.
    let again = SentenceEncoder::load_with(&base, &runtime).err().unwrap().to_string();
    assert_eq!(again, e);
}
