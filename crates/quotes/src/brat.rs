//! BRAT stand-off annotations (`.ann`), as PolNeAR ships them.
//!
//! `T` lines are text-bound annotations: `T12<TAB>Type 10 20;25 40<TAB>covered text`, offsets
//! in Unicode code points, fragments separated by `;`. The covered text may hold line breaks,
//! so the lines after a `T` line that are not records themselves continue it. `E` lines are
//! events: `E3<TAB>Attribution:T4 Content:T3 Cue:T2 Source:T1`. Attributes, notes and
//! relations (`A`, `M`, `N`, `R`, `#`, `*`) are read past. Anything else is an error that
//! names the file and line.

use std::path::Path;

use crate::Error;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextBound {
    pub id: String,
    pub kind: String,
    /// Code-point offsets, end-exclusive.
    pub spans: Vec<(usize, usize)>,
    /// Line number in the file (1-based), for error messages.
    pub line: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    pub id: String,
    pub kind: String,
    /// The trigger's id.
    pub trigger: String,
    /// (role, id) pairs: `("Content", "T3")`.
    pub args: Vec<(String, String)>,
    pub line: usize,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AnnFile {
    pub bounds: Vec<TextBound>,
    pub events: Vec<Event>,
}

impl AnnFile {
    pub fn bound(&self, id: &str) -> Option<&TextBound> {
        self.bounds.iter().find(|b| b.id == id)
    }
}

fn record_prefix(line: &str) -> Option<char> {
    let c = line.chars().next()?;
    let rest = &line[c.len_utf8()..];
    let digits = rest.chars().take_while(char::is_ascii_digit).count();
    let tab = rest[digits..].starts_with('\t');
    (matches!(c, 'T' | 'E' | 'R' | 'A' | 'M' | 'N' | '#' | '*') && tab && (digits > 0 || matches!(c, '#' | '*')))
        .then_some(c)
}

/// `E1 …`, `T12 …`: a record whose id is not followed by a tab.
fn looks_like_id(line: &str) -> bool {
    let mut chars = line.chars();
    let first = chars.next().is_some_and(|c| matches!(c, 'T' | 'E' | 'R' | 'A' | 'M' | 'N'));
    let rest = &line[1.min(line.len())..];
    let digits = rest.chars().take_while(char::is_ascii_digit).count();
    first && digits > 0 && rest[digits..].starts_with(' ')
}

/// Parses the text of one `.ann` file; `path` names it in errors.
pub fn parse(text: &str, path: &Path) -> Result<AnnFile, Error> {
    let mut out = AnnFile::default();
    let mut after_bound = false;
    for (n, line) in text.lines().enumerate() {
        let line_no = n + 1;
        let bad = |message: String| Error::Malformed { path: path.to_path_buf(), line: line_no, message };
        let Some(kind) = record_prefix(line) else {
            if looks_like_id(line) {
                return Err(bad(format!("record id without a tab: {:?}", truncate(line))));
            }
            if line.trim().is_empty() || after_bound {
                continue;
            }
            return Err(bad(format!("not a BRAT record: {:?}", truncate(line))));
        };
        after_bound = false;
        let mut fields = line.splitn(3, '\t');
        let id = fields.next().unwrap_or_default().to_string();
        let body = fields.next().unwrap_or_default();
        match kind {
            'T' => {
                let (ty, offsets) = body.split_once(' ').ok_or_else(|| bad(format!("no offsets in {body:?}")))?;
                let mut spans = Vec::new();
                for frag in offsets.split(';') {
                    let mut nums = frag.split_whitespace().map(str::parse::<usize>);
                    match (nums.next(), nums.next(), nums.next()) {
                        (Some(Ok(a)), Some(Ok(b)), None) if a <= b => spans.push((a, b)),
                        _ => return Err(bad(format!("bad offsets {frag:?}"))),
                    }
                }
                if fields.next().is_none() {
                    return Err(bad("no covered text".into()));
                }
                out.bounds.push(TextBound { id, kind: ty.to_string(), spans, line: line_no });
                after_bound = true;
            }
            'E' => {
                let mut parts = body.split_whitespace();
                let trigger = parts.next().ok_or_else(|| bad("empty event".into()))?;
                let (ty, tid) = trigger.split_once(':').ok_or_else(|| bad(format!("bad trigger {trigger:?}")))?;
                let mut args = Vec::new();
                for p in parts {
                    let (role, target) = p.split_once(':').ok_or_else(|| bad(format!("bad argument {p:?}")))?;
                    args.push((role.to_string(), target.to_string()));
                }
                out.events.push(Event { id, kind: ty.to_string(), trigger: tid.to_string(), args, line: line_no });
            }
            _ => {}
        }
    }
    Ok(out)
}

fn truncate(s: &str) -> String {
    s.chars().take(60).collect()
}

/// Reads and parses an `.ann` file.
pub fn read(path: &Path) -> Result<AnnFile, Error> {
    let text = std::fs::read_to_string(path).map_err(|cause| Error::Io { path: path.to_path_buf(), cause })?;
    parse(&text, path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_bounds_events_and_continuations() {
        let ann = "T1\tSource 0 3\tKim\nT2\tContent 10 14;20 25\ta b\n\nsecond line\nE1\tAttribution:T4 Content:T2 Source:T1\n#1\tAnnotatorNotes T1\tx\n";
        let f = parse(ann, Path::new("x.ann")).unwrap();
        assert_eq!(f.bounds.len(), 2);
        assert_eq!(f.bounds[1].spans, [(10, 14), (20, 25)]);
        assert_eq!(f.events[0].args, [("Content".to_string(), "T2".to_string()), ("Source".into(), "T1".into())]);
        assert_eq!(f.events[0].trigger, "T4");
    }

    #[test]
    fn errors_name_file_and_line() {
        let e =
            parse("T1\tSource 0 3\tKim\nE1\tAttribution:T4 Content:T2\nbogus line\n", Path::new("a.ann")).unwrap_err();
        assert_eq!(e.to_string(), "a.ann:3: malformed annotation: not a BRAT record: \"bogus line\"");
        let e = parse("T1\tSource 5 3\tKim\n", Path::new("b.ann")).unwrap_err();
        assert!(e.to_string().starts_with("b.ann:1: malformed annotation: bad offsets"), "{e}");
        let e = parse("T1\tSource x\tKim\n", Path::new("c.ann")).unwrap_err();
        assert!(e.to_string().starts_with("c.ann:1:"), "{e}");
    }
}
