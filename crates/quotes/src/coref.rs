//! Who a speaker phrase is, by what the article has established so far.
//!
//! The article's people are gathered first from every capitalised name (with the role an
//! appositive or title gives them); then utterances are resolved in document order:
//! - a full name is that person (the registry's canonical name when it knows them);
//! - a surname ("Kim") is the person of that surname the article introduced before, the one
//!   who has already spoken first: Sung Kim, quoted as the envoy, beats Kim Jong Un, only
//!   mentioned; then the one mentioned last;
//! - "he"/"she" is the person last in subject position or speaking in the paragraph, else
//!   the last speaker of the previous paragraphs, agreeing in gender where it is known;
//! - a description ("the U.S. envoy") is the one person of the article whose role is of the
//!   same kind and state, else stays a description with the state its role names;
//! - a state, capital or organisation ("Pyongyang", "the Kremlin") is that actor.

use std::collections::{HashMap, HashSet};

use demarche_actors::{Registry, SpeakerQuery};
use demarche_core::Span;

use crate::attribution::{Analysis, Source};
use crate::lexicon::{self, first_name_gender, is_determiner, is_title, role_class, title_gender, Gender};
use crate::np::Np;
use crate::resolve::{actor_in, role_actor};
use crate::tokens::Token;

/// A resolved speaker.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Speaker {
    pub written: Option<String>,
    pub span: Option<Span>,
    pub name: Option<String>,
    pub role: Option<String>,
    pub actor: Option<String>,
    pub question: bool,
}

#[derive(Debug, Clone)]
struct Entity {
    name: String,
    surname: String,
    gender: Option<Gender>,
    role: Option<String>,
    /// From the registry at the document's date.
    registry_actor: Option<Option<String>>,
    org: Option<String>,
    first: usize,
    classes: Vec<&'static str>,
    /// (paragraph, position) of the last mention, subject mention and utterance.
    mention: Option<(usize, usize)>,
    subject: Option<(usize, usize)>,
    spoke: Option<(usize, usize)>,
    /// Named in a paragraph of prose, not only in headings.
    prose: bool,
    /// A state or organisation the registry knows ("United States"), not a person.
    body: bool,
}

pub(crate) struct Coref<'a> {
    registry: &'a Registry,
    text: &'a str,
    date: Option<&'a str>,
    doc_actor: Option<&'a str>,
    people: Vec<Entity>,
    /// Indexes, so that no lookup scans the article's people: by name key, by surname key,
    /// by the paragraph of first mention; and the people active last, most recent first
    /// (pronouns and descriptions look only at these).
    by_key: HashMap<String, usize>,
    by_surname: HashMap<String, Vec<usize>>,
    by_first_para: HashMap<usize, Vec<usize>>,
    recent: Vec<usize>,
    /// Paragraph start offsets, to place descriptions' antecedents.
    para_of: Vec<usize>,
    /// Words capitalised inside a sentence somewhere in the article: names, not openers.
    proper: HashSet<String>,
    /// The last speaker named by a post or a bare word, not found among the people, with
    /// its paragraph: what "he" stands for when no person does.
    last_unnamed: Option<(usize, Speaker)>,
    /// Per paragraph: a heading (title case, no sentence end), whose capitalised runs are
    /// no evidence of a person.
    headline: Vec<bool>,
}

/// How many recently active people pronouns and descriptions consider.
const RECENT: usize = 48;

fn key(s: &str) -> String {
    let s: String = s
        .chars()
        .map(|c| match c {
            '-' | '.' | ',' | '‑' => ' ',
            '’' | '‘' => '\'',
            c => c,
        })
        .collect();
    s.to_lowercase().split_whitespace().collect::<Vec<_>>().join(" ")
}

fn surname_of(name: &str) -> String {
    let words: Vec<&str> = name
        .split_whitespace()
        .filter(|w| {
            !matches!(w.trim_end_matches(['.', ',']).to_ascii_lowercase().as_str(), "jr" | "sr" | "ii" | "iii" | "iv")
        })
        .collect();
    key(words.last().copied().unwrap_or(""))
}

fn strip_possessive(s: &str) -> &str {
    s.strip_suffix("’s").or_else(|| s.strip_suffix("'s")).unwrap_or(s)
}

/// Drops a leading article: a role "as written" reads "U.S. special representative …".
fn role_text(s: &str) -> Option<String> {
    let s = demarche_core::normalize_ws(s);
    let s = s.trim_matches(|c: char| c == ',' || c == ' ');
    let mut words = s.splitn(2, ' ');
    let first = words.next().unwrap_or("");
    let rest = if matches!(first.to_lowercase().as_str(), "the" | "a" | "an") { words.next().unwrap_or("") } else { s };
    let rest = rest.trim();
    (!rest.is_empty()).then(|| rest.to_string())
}

impl Entity {
    /// Whether the article shows this is a person, so that "he" or "she" can stand for it:
    /// the registry knows them, a given name or title marks a gender, a role or title goes
    /// with the name, or they spoke. A capitalised run with none of these ("Peril Real" from
    /// a subtitle) is no antecedent.
    fn is_personal(&self) -> bool {
        self.registry_actor.is_some()
            || self.gender.is_some()
            || self.role.is_some()
            || !self.classes.is_empty()
            || self.spoke.is_some()
            || self.prose && !self.body
    }
}

impl<'a> Coref<'a> {
    pub fn new(registry: &'a Registry, text: &'a str, date: Option<&'a str>, doc_actor: Option<&'a str>) -> Self {
        Coref {
            registry,
            text,
            date,
            doc_actor,
            people: Vec::new(),
            by_key: HashMap::new(),
            by_surname: HashMap::new(),
            by_first_para: HashMap::new(),
            recent: Vec::new(),
            para_of: Vec::new(),
            proper: proper_words(text),
            last_unnamed: None,
            headline: Vec::new(),
        }
    }

    fn slice(&self, words: &[Token]) -> String {
        match (words.first(), words.last()) {
            (Some(a), Some(b)) => demarche_core::normalize_ws(&self.text[a.span.start..b.span.end]),
            _ => String::new(),
        }
    }

    /// Splits a phrase into role words before the name and the name: the longest tail the
    /// registry knows as a person, else the capitalised tail after titles and state names.
    fn split_name<'w>(&self, words: &'w [Token]) -> (&'w [Token], &'w [Token]) {
        let mut s = 0;
        while s < words.len() && is_determiner(words[s].bare()) {
            s += 1;
        }
        let mut tail = words.len();
        while tail > s && words[tail - 1].cap {
            tail -= 1;
        }
        if tail < words.len() && words[words.len() - 1].cap {
            let run = &words[tail..];
            for start in 0..run.len() {
                let cand = self.slice(&run[start..]);
                let cand = strip_possessive(&cand);
                if (run.len() - start >= 2 || start == run.len() - 1) && self.registry.person(cand).is_some() {
                    return (&words[s..tail + start], &run[start..]);
                }
            }
            // Strip titles and state or organisation names from the front of the run, up to
            // the last title ("Former Arizona State Senator Dr. Kelli Ward").
            let mut k =
                run.iter().rposition(|w| is_title(w.bare()) && !lexicon::is_first_name(w.bare())).map_or(0, |x| x + 1);
            if k >= run.len() {
                k = 0;
            }
            'outer: while k < run.len() {
                for n in (1..=3.min(run.len() - k)).rev() {
                    let phrase = self.slice(&run[k..k + n]);
                    if self.registry.resolve_mention(strip_possessive(&phrase)).is_some() && k + n < run.len() {
                        k += n;
                        continue 'outer;
                    }
                }
                if is_title(run[k].bare()) && k + 1 < run.len() {
                    k += 1;
                    continue;
                }
                break;
            }
            let mut name = &run[k..];
            if name.len() >= 3 {
                // A long run is a name after some unknown words ("McCain Challenger Kelli
                // Ward"): from its first given name, else its last two words.
                let first = name.iter().position(|w| lexicon::is_first_name(w.bare()));
                match first {
                    Some(f) => name = &name[f..],
                    None if name.len() > 3 => name = &name[name.len() - 2..],
                    None => {}
                }
            }
            // A title word ends a name after a given name or an honorific ("Charlie King",
            // "Mr. King").
            let honorific =
                k > 0 && matches!(run[k - 1].bare().trim_end_matches('.'), "mr" | "mrs" | "ms" | "dr" | "miss");
            let surname_title = |i: usize| {
                i + 1 == name.len() && (i > 0 && lexicon::is_first_name(name[i - 1].bare()) || i == 0 && honorific)
            };
            let valid = !name.is_empty()
                && name.iter().enumerate().all(|(i, w)| {
                    !lexicon::is_capitalised_opener(w.bare()) || lexicon::is_first_name(w.bare()) || surname_title(i)
                })
                && name.iter().enumerate().all(|(i, w)| {
                    !is_title(w.bare()) || name.len() > 1 && lexicon::is_first_name(w.bare()) || surname_title(i)
                });
            if valid {
                return (&words[s..words.len() - name.len()], name);
            }
        }
        (&words[s..], &[])
    }

    /// Whether `at` opens a sentence (start of text, after . ! ? : a line break or a mark).
    fn sentence_initial(&self, at: usize) -> bool {
        let before = self.text.get(..at).unwrap_or("").trim_end();
        before.chars().next_back().is_none_or(|c| matches!(c, '.' | '!' | '?' | ':' | '\n') || crate::marks::is_mark(c))
    }

    fn find_key(&self, k: &str) -> Option<usize> {
        self.by_key.get(k).copied()
    }

    /// Moves a person to the front of the recently active ones.
    fn touch(&mut self, i: usize) {
        if let Some(at) = self.recent.iter().position(|&x| x == i) {
            self.recent.remove(at);
        }
        self.recent.insert(0, i);
        self.recent.truncate(RECENT);
    }

    /// Records a person named in full (or known to the registry); returns the entity.
    fn person(&mut self, name_words: &[Token], prefix: &[Token], appositive: Option<Span>, at: usize) -> Option<usize> {
        self.person_or_given(name_words, prefix, appositive, at, false)
    }

    /// [`person`](Self::person); with `given`, a speaker named by a given name alone
    /// ("Melanie said") is a person too.
    fn person_or_given(
        &mut self,
        name_words: &[Token],
        prefix: &[Token],
        appositive: Option<Span>,
        at: usize,
        given: bool,
    ) -> Option<usize> {
        let written = strip_possessive(&self.slice(name_words)).to_string();
        let reg = self.registry.person(&written);
        let given = given && name_words.len() == 1 && lexicon::is_first_name(&written.to_lowercase());
        if name_words.len() < 2 && reg.is_none() && !given {
            return None;
        }
        let name = reg.map(|p| p.name.clone()).unwrap_or_else(|| written.clone());
        let k = key(&name);
        let i = match self.find_key(&k) {
            Some(i) => i,
            None => {
                let first = name.split_whitespace().next().unwrap_or("").to_lowercase();
                let surname = reg.map(|p| key(&p.surname)).unwrap_or_else(|| surname_of(&name));
                let n = self.people.len();
                self.by_key.insert(k.clone(), n);
                self.by_surname.entry(surname.clone()).or_default().push(n);
                self.by_first_para.entry(self.para_at(at)).or_default().push(n);
                self.people.push(Entity {
                    name: name.clone(),
                    surname,
                    gender: if reg.is_some_and(|p| p.surname != default_last(&p.name)) {
                        None
                    } else {
                        first_name_gender(&first)
                    },
                    role: None,
                    registry_actor: reg.map(|p| p.actor_at(self.date)),
                    org: None,
                    first: at,
                    classes: Vec::new(),
                    mention: None,
                    subject: None,
                    spoke: None,
                    prose: false,
                    body: reg.is_none() && self.registry.resolve_mention(&name).is_some(),
                });
                self.people.len() - 1
            }
        };
        if !self.headline.get(self.para_at(at)).copied().unwrap_or(false) {
            self.people[i].prose = true;
        }
        self.learn(
            i,
            prefix,
            appositive,
            reg.and_then(|p| self.date.and_then(|d| p.role_at(d)).map(|r| r.title.clone())),
        );
        Some(i)
    }

    /// What a mention adds: gender from a title, a role, role classes.
    fn learn(&mut self, i: usize, prefix: &[Token], appositive: Option<Span>, registry_role: Option<String>) {
        let prefix_role = if prefix.iter().any(|w| !w.cap || is_title(w.bare())) && !prefix.is_empty() {
            role_text(&self.slice(prefix))
        } else {
            None
        };
        let appos = appositive.and_then(|s| role_text(s.slice(self.text)));
        let e = &mut self.people[i];
        for w in prefix {
            if let Some(g) = title_gender(w.bare()) {
                e.gender = Some(g);
            }
        }
        for r in [&appos, &prefix_role, &registry_role].into_iter().flatten() {
            for w in r.split_whitespace() {
                if let Some(c) = role_class(&w.to_lowercase()) {
                    if !e.classes.contains(&c) {
                        e.classes.push(c);
                    }
                }
            }
        }
        if e.role.is_none() {
            e.role = appos.or(prefix_role);
        }
    }

    /// Pass one: every person the article names, with roles, before any speaker is resolved.
    pub fn gather(&mut self, analysis: &Analysis, paras: &[Span]) {
        self.para_of = paras.iter().map(|p| p.start).collect();
        self.headline = paras.iter().map(|p| is_heading(p.slice(self.text))).collect();
        for m in &analysis.mentions {
            let (prefix, name) = self.split_name(&m.np.words);
            if !name.is_empty() {
                let _ = self.person(name, prefix, m.np.appositive, m.at);
            }
        }
        for u in &analysis.utterances {
            if let Source::Np(np) = &u.source {
                let (prefix, name) = self.split_name(&np.words);
                if !name.is_empty() {
                    let at = np.words.first().map_or(u.at, |w| w.span.start);
                    let _ = self.person(name, prefix, np.appositive, at);
                }
            }
        }
    }

    fn para_at(&self, pos: usize) -> usize {
        self.para_of.partition_point(|&s| s <= pos).saturating_sub(1)
    }

    /// Pass two, in document order: a mention that is not a speaker moves the focus.
    pub fn observe(&mut self, np: &Np, at: usize, subject: bool) {
        let (_, name) = self.split_name(&np.words);
        if name.is_empty() {
            return;
        }
        let para = self.para_at(at);
        let written = strip_possessive(&self.slice(name)).to_string();
        let i = if name.len() >= 2 || self.registry.person(&written).is_some() {
            let reg = self.registry.person(&written).map(|p| key(&p.name));
            reg.and_then(|r| self.find_key(&r)).or_else(|| self.find_key(&key(&written)))
        } else {
            // A surname alone: the person of that name mentioned last.
            let s = key(&written);
            self.by_surname
                .get(&s)
                .into_iter()
                .flatten()
                .copied()
                .filter(|&i| self.people[i].first <= at)
                .max_by_key(|&i| self.people[i].mention.map(|m| m.1))
        };
        if let Some(i) = i {
            self.people[i].mention = Some((para, at));
            if subject {
                self.people[i].subject = Some((para, at));
            }
            self.touch(i);
        }
    }

    fn mark_spoke(&mut self, i: usize, at: usize) {
        let para = self.para_at(at);
        let e = &mut self.people[i];
        e.spoke = Some((para, at));
        e.mention = Some((para, at));
        e.subject = Some((para, at));
        self.touch(i);
    }

    fn speaker_of(&self, i: usize, written: String, span: Span, role: Option<String>) -> Speaker {
        let e = &self.people[i];
        let role = role.or_else(|| e.role.clone());
        let actor = match &e.registry_actor {
            Some(a) => a.clone(),
            None => role.as_deref().and_then(|r| role_actor(self.registry, r)),
        };
        Speaker { written: Some(written), span: Some(span), name: Some(e.name.clone()), role, actor, question: false }
    }

    /// Resolves the speaker phrase of an utterance at `at`.
    pub fn resolve_np(&mut self, np: &Np, at: usize) -> Speaker {
        let span = np.span();
        let whole = self.slice(&np.words);
        if let Some(p) = np.pronoun() {
            return self.pronoun(p, whole, span, at);
        }
        // "Donald Trump’s claim", "a New York Times report": the name behind the message.
        if let [before @ .., last] = np.words.as_slice() {
            let message = !last.cap && (lexicon::is_message_noun(last.bare()) || last.is("reports"));
            if message && before.iter().any(|w| w.cap && !is_determiner(w.bare())) {
                let inner = Np { words: before.to_vec(), appositive: None };
                if inner.has_name() {
                    return self.resolve_np(&inner, at);
                }
            }
        }
        let appos_role = np.appositive.and_then(|s| role_text(s.slice(self.text)));
        // A state, capital or organisation as a whole ("Pyongyang", "the Kremlin"), unless
        // it is the surname of someone in the article ("Cuban" after "Mark Cuban").
        let surname_here = np.words.len() == 1 && self.surname(strip_possessive(&whole), None, at).is_some();
        if let Some(id) = self.registry.resolve_mention(&whole).filter(|_| !surname_here) {
            let name = self.registry.get(id).map(|a| a.name.clone());
            let written = whole.clone();
            return Speaker {
                written: Some(written),
                span: Some(span),
                name,
                role: appos_role,
                actor: Some(id.to_string()),
                question: false,
            };
        }
        if np.words.iter().any(|w| w.is("and")) {
            // A coordination ("South Korea and the U.S."): several speakers, no one actor.
            return Speaker { written: Some(whole), span: Some(span), ..Speaker::default() };
        }
        let (prefix, name) = self.split_name(&np.words);
        let prefix_role = (!prefix.is_empty()).then(|| role_text(&self.slice(prefix))).flatten();
        let role = appos_role.clone().or(prefix_role);
        if !name.is_empty() {
            let written = strip_possessive(&self.slice(name)).to_string();
            let nspan = Span::new(name[0].span.start, name[name.len() - 1].span.end);
            let gender = prefix.iter().find_map(|w| title_gender(w.bare()));
            let found = if name.len() == 1 {
                self.surname(&written, gender, at)
                    .or_else(|| self.person_or_given(name, prefix, np.appositive, at, true))
            } else {
                self.person(name, prefix, np.appositive, at)
            };
            if let Some(i) = found {
                let sp = self.speaker_of(i, written, nspan, role);
                self.mark_spoke(i, at);
                return sp;
            }
            // Unknown single name: keep it as written; its actor only from its role. A
            // capitalised word that opens a sentence and is never capitalised inside one is
            // no name ("Hours later, …").
            let actor = role.as_deref().and_then(|r| role_actor(self.registry, r));
            let name = (!self.sentence_initial(nspan.start) || self.proper.contains(&written.to_lowercase()))
                .then(|| written.clone());
            let sp = Speaker { written: Some(written), span: Some(nspan), name, role, actor, question: false };
            self.last_unnamed = Some((self.para_at(at), sp.clone()));
            return sp;
        }
        // A description: the one person of the article it can denote, else itself.
        let desc_role = role_text(&whole);
        if let Some(i) = self.description(&np.words, &whole, at) {
            let sp = self.speaker_of(i, whole, span, None);
            self.mark_spoke(i, at);
            return sp;
        }
        let role = appos_role.or(desc_role);
        let actor =
            role.as_deref().and_then(|r| role_actor(self.registry, r)).or_else(|| role_actor(self.registry, &whole));
        let sp = Speaker { written: Some(whole), span: Some(span), name: None, role, actor, question: false };
        if np.words.last().is_some_and(|w| role_class(w.bare()).is_some()) {
            self.last_unnamed = Some((self.para_at(at), sp.clone()));
        }
        sp
    }

    /// A surname: the article's person of that name introduced before `at`, speakers first.
    fn surname(&self, written: &str, gender: Option<Gender>, at: usize) -> Option<usize> {
        let s = key(written);
        let cands: Vec<usize> = self
            .by_surname
            .get(&s)
            .into_iter()
            .flatten()
            .copied()
            .filter(|&i| {
                let e = &self.people[i];
                e.surname == s && e.first <= at && (gender.is_none() || e.gender.is_none() || e.gender == gender)
            })
            .collect();
        let spoke =
            cands.iter().copied().filter(|&i| self.people[i].spoke.is_some()).max_by_key(|&i| self.people[i].spoke);
        spoke.or_else(|| {
            cands.iter().copied().max_by_key(|&i| (self.people[i].mention, std::cmp::Reverse(self.people[i].first)))
        })
    }

    /// Whom "he" or "she" at `at` denotes, without moving the focus (for evaluation).
    pub fn peek_pronoun(&self, p: &str, at: usize) -> Option<String> {
        self.pronoun_entity(p, at).map(|i| self.people[i].name.clone())
    }

    fn pronoun_entity(&self, p: &str, at: usize) -> Option<usize> {
        let gender = match p {
            "he" | "him" | "his" => Some(Gender::Male),
            "she" | "her" | "hers" => Some(Gender::Female),
            _ => return None,
        };
        let para = self.para_at(at);
        let ok = |e: &Entity| {
            e.first <= at && (e.gender.is_none() || e.gender == gender) && e.org.is_none() && e.is_personal()
        };
        let latest = |f: &dyn Fn(&Entity) -> Option<(usize, usize)>, lo: usize| {
            self.recent
                .iter()
                .copied()
                .filter(|&i| ok(&self.people[i]))
                .filter_map(|i| {
                    f(&self.people[i]).filter(|&(pp, pos)| pp >= lo && pp <= para && pos < at).map(|x| (x.1, i))
                })
                .max()
                .map(|(_, i)| i)
        };
        latest(&|e| e.subject.max(e.spoke), para)
            .or_else(|| latest(&|e| e.spoke, para.saturating_sub(3)))
            .or_else(|| latest(&|e| e.subject, para.saturating_sub(2)))
            .or_else(|| latest(&|e| e.mention, para.saturating_sub(2)))
    }

    fn pronoun(&mut self, p: &str, written: String, span: Span, at: usize) -> Speaker {
        match self.pronoun_entity(p, at) {
            Some(i) => {
                let sp = self.speaker_of(i, written, span, None);
                self.mark_spoke(i, at);
                sp
            }
            // No person: "he" goes on from a speaker named by post alone ("The
            // Secretary-General said …") in this paragraph or the one before.
            None => {
                let here = self.para_at(at);
                match self.last_unnamed.take() {
                    Some((para, sp))
                        if matches!(p, "he" | "she")
                            && para + 1 >= here
                            && (sp.name.is_some() || sp.role.is_some()) =>
                    {
                        self.last_unnamed = Some((here, sp.clone()));
                        Speaker { written: Some(written), span: Some(span), question: false, ..sp }
                    }
                    last => {
                        self.last_unnamed = last;
                        Speaker { written: Some(written), span: Some(span), ..Speaker::default() }
                    }
                }
            }
        }
    }

    /// "the U.S. envoy": the article's one person whose role is of that kind (and state).
    fn description(&self, words: &[Token], whole: &str, at: usize) -> Option<usize> {
        let head = words.last()?.bare().to_string();
        let class = role_class(&head)?;
        let state = actor_in(self.registry, whole);
        let para = self.para_at(at);
        let ahead = (para..=para + 2).flat_map(|p| self.by_first_para.get(&p).into_iter().flatten().copied());
        let mut pool: Vec<usize> = self.recent.iter().copied().chain(ahead).collect();
        pool.sort_unstable();
        pool.dedup();
        let cands: Vec<usize> = pool
            .into_iter()
            .filter(|&i| {
                let e = &self.people[i];
                let near = e.first <= at || self.para_at(e.first) <= para + 2;
                let actor = e
                    .registry_actor
                    .clone()
                    .flatten()
                    .or_else(|| e.role.as_deref().and_then(|r| actor_in(self.registry, r)));
                near && e.classes.contains(&class) && (state.is_none() || actor.is_none() || actor == state)
            })
            .collect();
        match cands.as_slice() {
            [one] => Some(*one),
            _ => None,
        }
    }

    /// A transcript label quoted in an article.
    pub fn resolve_label(&mut self, label: &str, span: Span, at: usize) -> Speaker {
        let upper = label.trim().to_uppercase();
        if matches!(upper.as_str(), "Q" | "QUESTION" | "REPORTER" | "PARTICIPANT" | "AUDIENCE MEMBER") {
            return Speaker {
                written: Some(label.to_string()),
                span: Some(span),
                question: true,
                ..Speaker::default()
            };
        }
        // Drop titles, then a surname or full name as in the article.
        let words: Vec<&str> = label.split_whitespace().collect();
        let k = words.iter().take_while(|w| is_title(&w.to_lowercase()) && words.len() > 1).count();
        let rest = words[k..].join(" ");
        let found = self.find_key(&key(&rest)).or_else(|| self.surname(words.last().copied().unwrap_or(""), None, at));
        if let Some(i) = found {
            let sp = self.speaker_of(i, label.to_string(), span, None);
            self.mark_spoke(i, at);
            return sp;
        }
        let people: Vec<(String, Option<String>)> =
            self.recent.iter().map(|&i| (self.people[i].name.clone(), self.people[i].role.clone())).collect();
        let r = self.registry.resolve_speaker(&SpeakerQuery {
            label,
            people: &people,
            date: self.date,
            doc_actor: self.doc_actor,
        });
        Speaker {
            written: Some(label.to_string()),
            span: Some(span),
            name: r.name,
            role: None,
            actor: r.actor,
            question: false,
        }
    }
}

/// A heading: no sentence end, and every word of four letters or more capitalised
/// ("Secretary-General Warns Nuclear Peril Real").
fn is_heading(p: &str) -> bool {
    let end = p.trim_end().trim_end_matches(|c: char| crate::marks::is_mark(c) || c == ')');
    if end.ends_with(['.', '!', '?', ':', ';']) {
        return false;
    }
    let long: Vec<&str> =
        p.split_whitespace().filter(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 4).collect();
    !long.is_empty()
        && long.len() <= 20
        && long.iter().all(|w| w.chars().find(|c| c.is_alphabetic()).is_some_and(char::is_uppercase))
}

/// Lower-cased words written with a capital right after a lower-case word or a comma.
/// Also words written capitalised three times or more and never in lower case ("Melanie"
/// opening every sentence it is in).
fn proper_words(text: &str) -> HashSet<String> {
    let mut out = HashSet::new();
    let mut counts: HashMap<String, (usize, bool)> = HashMap::new();
    let mut prev_lower = false;
    for w in text.split(|c: char| c.is_whitespace()) {
        let core = w.trim_matches(|c: char| !c.is_alphanumeric());
        let core = strip_possessive(core);
        let cap = core.chars().next().is_some_and(char::is_uppercase);
        if prev_lower && cap {
            out.insert(core.to_lowercase());
        }
        if !core.is_empty() {
            let e = counts.entry(core.to_lowercase()).or_insert((0, false));
            if cap {
                e.0 += 1;
            } else {
                e.1 = true;
            }
        }
        prev_lower = w.chars().last().is_some_and(|c| c.is_lowercase() || c == ',') && !w.is_empty();
    }
    out.extend(
        counts
            .into_iter()
            .filter(|(w, (caps, lower))| *caps >= 3 && !*lower && !lexicon::is_capitalised_opener(w) && !is_title(w))
            .map(|(w, _)| w),
    );
    out
}

/// The last word of a name: a registry surname that differs marks a family-first name,
/// whose first word is no given name ("Kim Jong Un").
fn default_last(name: &str) -> String {
    name.split_whitespace().last().unwrap_or("").to_string()
}
