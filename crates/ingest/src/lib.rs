//! Ingest: find input files, decode them once, and gather their metadata.
//!
//! Nothing here segments or interprets the text; the result is a [`Document`] whose `text`
//! every later stage indexes by byte offsets.

mod decode;
mod error;
mod frontmatter;
mod html;
mod metadata;
mod rules;
mod walk;

use std::path::Path;

use demarche_core::{doc_id, sha256_hex, Document, Meta};

pub use decode::{decode, Decoded};
pub use error::Error;
pub use frontmatter::front_matter;
pub use metadata::{MetadataFiles, MetadataTable};
pub use rules::{Rule, Rules, SpeakersSpec};
pub use walk::{shown, walk, Input};

/// A problem that did not stop a document from being read: it goes to the `errors` table
/// with level `warning`.
#[derive(Debug, Clone, PartialEq)]
pub struct Warning {
    pub path: String,
    pub stage: &'static str,
    pub message: String,
}

/// Everything ingest needs besides the file: metadata files and file-name rules.
pub struct Ingester {
    pub rules: Rules,
    pub metadata: MetadataFiles,
    /// The largest file read; a larger one is an error row, never read into memory.
    pub max_bytes: u64,
}

/// Formats that are not text, known by their first bytes: (magic, format, what to do).
const NOT_TEXT: &[(&[u8], &str, &str)] = &[
    (b"%PDF-", "a PDF file", "extract its text first (e.g. `pdftotext FILE FILE.txt`)"),
    (b"PK\x03\x04", "a ZIP archive (DOCX, ODT, EPUB …)", "save or extract it as plain text first"),
    (b"{\\rtf", "an RTF file", "save it as plain text first"),
    (b"\xD0\xCF\x11\xE0", "an old Microsoft Office file (DOC)", "save it as plain text first"),
];

impl Ingester {
    pub fn new(rules: Rules, metadata_names: Vec<String>, max_bytes: u64) -> Self {
        Ingester { rules, metadata: MetadataFiles::new(metadata_names), max_bytes }
    }

    /// Checks a file before it is read whole: a regular file (a FIFO would block), no larger
    /// than `max_bytes`, and not a known binary format.
    fn check(&self, path: &Path, shown: &str) -> Result<(), Error> {
        let meta = std::fs::metadata(path).map_err(|e| Error::io(shown, &e))?;
        if !meta.is_file() {
            let message = if meta.is_dir() { "is a directory" } else { "not a regular file" };
            return Err(Error::Io { path: shown.to_string(), message: message.into() });
        }
        if meta.len() > self.max_bytes {
            return Err(Error::Io {
                path: shown.to_string(),
                message: format!(
                    "{} bytes, more than input.max_bytes ({}): split it, or raise the limit",
                    meta.len(),
                    self.max_bytes
                ),
            });
        }
        let mut head = [0u8; 8];
        let n = std::fs::File::open(path).and_then(|mut f| std::io::Read::read(&mut f, &mut head)).unwrap_or(0);
        if let Some((_, format, fix)) = NOT_TEXT.iter().find(|(magic, ..)| head[..n].starts_with(magic)) {
            return Err(Error::Undecodable {
                path: shown.to_string(),
                message: format!("{format}, not text: demarche reads plain text and Markdown; {fix}"),
            });
        }
        Ok(())
    }

    /// Reads and decodes one file and gathers its metadata. Earlier sources win: a metadata
    /// file row, then front matter, then a file-name rule.
    pub fn read(&self, input: &Input) -> Result<(Document, Vec<Warning>), Error> {
        let path = input.path.as_path();
        let shown = input.display();
        self.check(path, &shown)?;
        let bytes = std::fs::read(path).map_err(|e| Error::io(&shown, &e))?;
        let Decoded { mut text, mut encoding, warning } = decode(&bytes).map_err(|e| e.at(&shown))?;
        // A web page becomes its article's text; offsets index that text.
        let mut from_page = Meta::default();
        if html::is_html(path) {
            (text, from_page) =
                html::article(&text).map_err(|message| Error::Undecodable { path: shown.clone(), message })?;
            encoding = format!("{encoding}, HTML article text");
        }
        let mut warnings = Vec::new();
        if input.odd_name() {
            let message = "the file name is not UTF-8: its other bytes are shown as \\xNN".to_string();
            warnings.push(Warning { path: shown.clone(), stage: "ingest", message });
        }
        if let Some(message) = warning {
            warnings.push(Warning { path: shown.clone(), stage: "ingest", message });
        }
        let sha256 = sha256_hex(&bytes);

        let mut meta = Meta::default();
        match self.metadata.lookup(path, &input.root) {
            Ok(Some(m)) => meta.fill_from(&m),
            Ok(None) => {}
            Err(w) => warnings.push(w),
        }
        let (fm, body_start) = match front_matter(&text) {
            Ok(found) => found,
            Err(message) => {
                warnings.push(Warning { path: shown.clone(), stage: "metadata", message });
                (Meta::default(), 0)
            }
        };
        meta.fill_from(&fm);
        meta.fill_from(&from_page);
        match self.rules.apply(&input.relative(), path) {
            Ok(m) => meta.fill_from(&m),
            Err(message) => warnings.push(Warning { path: shown.clone(), stage: "metadata", message }),
        }
        // A date that names no real day is a warning row and no date, never a guess.
        if let Some(Err(message)) = meta.date.as_deref().map(check_date) {
            warnings.push(Warning { path: shown.clone(), stage: "metadata", message });
            meta.date = None;
        }
        if meta.year.is_none() {
            meta.year = meta.date.as_deref().and_then(year_of);
        }
        let doc = Document { id: doc_id(&sha256), path: shown, sha256, encoding, text, body_start, meta };
        Ok((doc, warnings))
    }
}

/// The year of a partial ISO date (`2015`, `2015-01`, `2015-01-30`) that passes [`check_date`].
pub fn year_of(date: &str) -> Option<i32> {
    check_date(date).ok()
}

/// A partial ISO 8601 date (`YYYY`, `YYYY-MM`, `YYYY-MM-DD`) of a day that exists, in the
/// years 1900–2100: its year, or why not (`2019-02-30`: "February 2019 has 28 days").
pub fn check_date(date: &str) -> Result<i32, String> {
    let expected = || format!("bad date {date:?} (expected YYYY, YYYY-MM or YYYY-MM-DD)");
    let num = |s: &str, len: usize| -> Option<u32> {
        (s.len() == len && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse().ok()).flatten()
    };
    let mut parts = date.split('-');
    let year = parts.next().and_then(|y| num(y, 4)).ok_or_else(expected)?;
    let month = parts.next().map(|m| num(m, 2).ok_or_else(expected)).transpose()?;
    let day = parts.next().map(|d| num(d, 2).ok_or_else(expected)).transpose()?;
    if parts.next().is_some() {
        return Err(expected());
    }
    if !(1900..=2100).contains(&year) {
        return Err(format!("bad date {date:?}: the year is outside 1900–2100"));
    }
    if let Some(m) = month {
        if !(1..=12).contains(&m) {
            return Err(format!("bad date {date:?}: there is no month {m}"));
        }
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
        let days = match m {
            2 if leap => 29,
            2 => 28,
            4 | 6 | 9 | 11 => 30,
            _ => 31,
        };
        if let Some(d) = day.filter(|d| !(1..=days).contains(d)) {
            return Err(format!("bad date {date:?}: month {m} of {year} has {days} days, not {d}"));
        }
    }
    Ok(year as i32)
}

/// True when `path` names an existing file or folder; used for clearer errors up front.
pub fn exists(path: &Path) -> bool {
    path.symlink_metadata().is_ok()
}

#[cfg(test)]
mod tests {
    use super::check_date;

    #[test]
    fn dates_name_real_days_of_1900_to_2100() {
        for ok in ["2019", "2019-02", "2019-02-28", "2020-02-29", "1900-01-01", "2100-12-31"] {
            assert!(check_date(ok).is_ok(), "{ok}");
        }
        for (bad, why) in [
            ("2019-13-45", "bad date \"2019-13-45\": there is no month 13"),
            ("2019-02-30", "bad date \"2019-02-30\": month 2 of 2019 has 28 days, not 30"),
            ("99999-01-01", "bad date \"99999-01-01\" (expected YYYY, YYYY-MM or YYYY-MM-DD)"),
            ("1815-06-18", "bad date \"1815-06-18\": the year is outside 1900–2100"),
            ("Jan 30 2015", "bad date \"Jan 30 2015\" (expected YYYY, YYYY-MM or YYYY-MM-DD)"),
            ("Jan 30 201", "bad date \"Jan 30 201\" (expected YYYY, YYYY-MM or YYYY-MM-DD)"),
        ] {
            assert_eq!(check_date(bad).unwrap_err(), why);
        }
    }
}
