use std::path::PathBuf;

/// Errors from loading a registry file. Every message names the file it comes from.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("cannot read registry file {path}: {cause}")]
    Io { path: PathBuf, cause: std::io::Error },
    /// Malformed TOML, or a value of the wrong type or an unknown key.
    #[error("{origin}:{line}:{column}: {}{message}", key_part(.key))]
    Toml { origin: String, line: usize, column: usize, key: Option<String>, message: String },
    #[error("{origin}: {entry}: unknown actor id {actor:?}")]
    UnknownActor { origin: String, entry: String, actor: String },
    #[error("{origin}: {entry}: invalid date {value:?} (expected YYYY, YYYY-MM or YYYY-MM-DD)")]
    BadDate { origin: String, entry: String, value: String },
    #[error("{origin}: {entry}: {message}")]
    Invalid { origin: String, entry: String, message: String },
}

fn key_part(key: &Option<String>) -> String {
    key.as_ref().map(|k| format!("key `{k}`: ")).unwrap_or_default()
}

impl Error {
    /// Turns toml's error into file:line:column, with the key the error is about.
    pub(crate) fn from_toml(err: &toml::de::Error, text: &str, origin: &str) -> Error {
        let message = err.message().trim().to_string();
        let (line, column, key) = match err.span() {
            Some(span) => {
                let at = span.start.min(text.len());
                let (line, column) = line_col(text, at);
                (line, column, key_at(text, span.start, span.end))
            }
            None => (0, 0, None),
        };
        Error::Toml { origin: origin.to_string(), line, column, key, message }
    }
}

/// 1-based line and column (in characters) of a byte offset.
fn line_col(text: &str, at: usize) -> (usize, usize) {
    let mut at = at;
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
    (line, before[line_start..].chars().count() + 1)
}

/// The key an error span points at: the span itself when it is a bare key (an unknown
/// field), else the nearest `key =` before it on the same line.
fn key_at(text: &str, start: usize, end: usize) -> Option<String> {
    let is_key_char = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '-';
    let spanned = text.get(start..end.min(text.len()))?.trim();
    let after = text.get(end.min(text.len())..).unwrap_or("").trim_start();
    if !spanned.is_empty() && spanned.chars().all(is_key_char) && after.starts_with('=') {
        return Some(spanned.to_string());
    }
    let line_start = text.get(..start)?.rfind('\n').map(|i| i + 1).unwrap_or(0);
    let before = &text[line_start..start];
    // The last `name =` (not `==`) before the span.
    let mut found = None;
    for (i, _) in before.match_indices('=') {
        let head = before[..i].trim_end();
        let name: String =
            head.chars().rev().take_while(|&c| is_key_char(c)).collect::<Vec<_>>().into_iter().rev().collect();
        if !name.is_empty() {
            found = Some(name);
        }
    }
    found
}
