//! Any bytes as a file to decode, as front matter and as a metadata CSV: errors, never panics.
#![no_main]

use demarche_ingest::{decode, front_matter, MetadataTable};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(d) = decode(data) {
        if let Ok((_, body)) = front_matter(&d.text) {
            assert!(body <= d.text.len() && d.text.is_char_boundary(body));
        }
    }
    let text = String::from_utf8_lossy(data);
    let _ = MetadataTable::parse(std::path::Path::new("metadata.csv"), &text);
});
