use encoding_rs::{Encoding, UTF_16BE, UTF_16LE};

use crate::Error;

/// A file's text as UTF-8, the encoding it was read as, and a warning when it was not clean
/// UTF-8.
#[derive(Debug)]
pub struct Decoded {
    pub text: String,
    pub encoding: String,
    pub warning: Option<String>,
}

/// Decodes a file. Clean UTF-8 is kept byte for byte (a byte-order mark included) so that
/// byte offsets slice the file on disk; anything else is transcoded and says so.
/// Errors carry an empty path; the caller sets it.
pub fn decode(bytes: &[u8]) -> Result<Decoded, Error> {
    let nowhere = String::new;
    if bytes.is_empty() {
        return Err(Error::Empty { path: nowhere() });
    }
    // UTF-16 has NUL bytes in plain English text, so it is recognised by its mark first.
    for (bom, enc) in [(&b"\xFF\xFE"[..], UTF_16LE), (&b"\xFE\xFF"[..], UTF_16BE)] {
        if bytes.starts_with(bom) {
            return transcode(&bytes[2..], enc, format!("{} with byte-order mark", enc.name()));
        }
    }
    if let Some(offset) = memchr_nul(bytes) {
        return Err(Error::Binary { path: nowhere(), offset });
    }
    let decoded = match std::str::from_utf8(bytes) {
        Ok(text) => Decoded { text: text.to_string(), encoding: "utf-8".into(), warning: None },
        Err(e) => recover(bytes, e.valid_up_to())?,
    };
    if decoded.text.chars().all(demarche_core::is_space) {
        return Err(Error::Blank { path: nowhere() });
    }
    let controls = decoded
        .text
        .chars()
        .take(65_536)
        .filter(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\x0c'))
        .count();
    if controls * 10 > decoded.text.chars().take(65_536).count() {
        return Err(Error::Undecodable {
            path: nowhere(),
            message: "binary file (more than 10% control characters)".into(),
        });
    }
    Ok(decoded)
}

fn memchr_nul(bytes: &[u8]) -> Option<usize> {
    bytes.iter().position(|&b| b == 0)
}

/// Mostly-UTF-8 text with a few broken bytes is repaired in place; text with no valid
/// multi-byte sequence at all is a legacy single-byte encoding and is transcoded.
fn recover(bytes: &[u8], first_bad: usize) -> Result<Decoded, Error> {
    let (mut invalid, mut multibyte) = (0usize, 0usize);
    for chunk in bytes.utf8_chunks() {
        multibyte += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        if !chunk.invalid().is_empty() {
            invalid += 1;
        }
    }
    if multibyte > invalid {
        let text = String::from_utf8_lossy(bytes).into_owned();
        return Ok(Decoded {
            text,
            encoding: "utf-8 (repaired)".into(),
            warning: Some(format!(
                "invalid UTF-8 at byte {first_bad} ({invalid} place{}): replaced with U+FFFD; byte offsets after it refer to the repaired text",
                if invalid == 1 { "" } else { "s" }
            )),
        });
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let enc = detector.guess(None, chardetng::Utf8Detection::Deny);
    transcode(bytes, enc, format!("not UTF-8 (invalid byte at offset {first_bad}); read as {}", enc.name()))
}

fn transcode(bytes: &[u8], enc: &'static Encoding, why: String) -> Result<Decoded, Error> {
    let (text, had_errors) = enc.decode_without_bom_handling(bytes);
    if had_errors {
        return Err(Error::Undecodable {
            path: String::new(),
            message: format!("cannot decode as {}: malformed bytes", enc.name()),
        });
    }
    Ok(Decoded {
        text: text.into_owned(),
        encoding: enc.name().to_ascii_lowercase(),
        warning: Some(format!("{why}: transcoded to UTF-8; byte offsets refer to the UTF-8 text")),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_is_kept_byte_for_byte_with_bom() {
        let bytes = "\u{feff}Kim’s — 이 é".as_bytes();
        let d = decode(bytes).unwrap();
        assert_eq!(d.text.as_bytes(), bytes);
        assert_eq!(d.encoding, "utf-8");
        assert!(d.warning.is_none());
    }

    #[test]
    fn latin1_is_transcoded_with_a_warning() {
        let d = decode(b"Caf\xe9 in Pyongyang, the minister said.").unwrap();
        assert_eq!(d.text, "Café in Pyongyang, the minister said.");
        assert_eq!(d.encoding, "windows-1252");
        assert_eq!(
            d.warning.unwrap(),
            "not UTF-8 (invalid byte at offset 3); read as windows-1252: transcoded to UTF-8; byte offsets refer to the UTF-8 text"
        );
    }

    #[test]
    fn utf16_with_bom() {
        let mut bytes = vec![0xFF, 0xFE];
        for u in "Kim said.".encode_utf16() {
            bytes.extend(u.to_le_bytes());
        }
        let d = decode(&bytes).unwrap();
        assert_eq!(d.text, "Kim said.");
        assert_eq!(d.encoding, "utf-16le");
    }

    #[test]
    fn broken_utf8_in_the_middle_is_repaired() {
        let mut bytes = "Kim’s view — ".as_bytes().to_vec();
        bytes.push(0xFF);
        bytes.extend("é.".as_bytes());
        let d = decode(&bytes).unwrap();
        assert_eq!(d.text, "Kim’s view — \u{fffd}é.");
        assert_eq!(d.encoding, "utf-8 (repaired)");
    }

    #[test]
    fn empty_blank_and_binary_are_errors() {
        assert_eq!(decode(b"").unwrap_err().to_string(), ": empty file");
        assert_eq!(decode(b" \n\t\xc2\xa0").unwrap_err().reason(), "no text (only white space)");
        assert_eq!(decode(b"\x89PNG\r\n\x1a\n\0\0").unwrap_err().reason(), "binary file (NUL byte at offset 8)");
    }
}
