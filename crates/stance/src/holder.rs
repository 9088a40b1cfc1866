//! Who holds the position a sentence expresses. By default the speaker's actor; a third
//! party when the sentence reports that party's position: an actor at the start of a clause,
//! as the subject of a reporting or attitude verb ("Russia remains committed", "North Korea
//! has called for", "Beijing does not want"), the agent of a passive ("sanctions were
//! condemned by the Foreign Ministry") or the source of "according to". Subjects that are
//! roles ("the spokesman", "a spokesperson for the ministry", "South Korea’s foreign
//! ministry") or pronouns ("he", "it") are resolved through the names they contain, then
//! what the text before established ([`Discourse`]). Reporters' questions hold none.

use std::sync::LazyLock;

use demarche_actors::{Registry, OTHER};
use regex::Regex;

/// Capitalised names, possibly several words joined by `of`, `the`, `and`, hyphens or
/// apostrophes ("the Democratic People’s Republic of Korea", "Kim Jong-un").
static NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?:[Tt]he\s+)?\p{Lu}[\p{L}.’'-]*(?:\s+(?:(?:of|the|and)\s+)*\p{Lu}[\p{L}.’'-]*)*").unwrap()
});

/// Auxiliaries, adverbs and adverbials between a subject and its verb ("North Korea on
/// Thursday condemned", "Seoul, by contrast, welcomed").
const AUX: &str = r"(?:has|have|had|is|are|was|were|will|would|could|may|might|must|should|shall|does|do|did|has\s+been|have\s+been|also|still|now|again|already|always|long|very|itself|themselves|not|never|n’t|n't|hasn’t|hasn't|haven’t|haven't|doesn’t|doesn't|don’t|don't|didn’t|didn't|won’t|won't|isn’t|isn't|continues?\s+to|continued\s+to|remains?|remained|seems?\s+to|appears?\s+to|be|been|alone|once\s+again|today|yesterday|earlier|later|meanwhile|since|then|however|in\s+turn|by\s+contrast|in\s+response|for\s+(?:its|his|her|their)\s+part|last\s+(?:week|month|year)|on\s+\p{Lu}\p{Ll}+\s+\d{1,2}|in\s+an?\s+(?:statement|commentary|report|press\s+release|speech|letter)|\p{Ll}+ly|(?:on\s+)?\p{Lu}\p{Ll}+day|\(\p{Lu}[\p{Lu}.]{1,11})";

/// Verbs that report a position or take an attitude.
const VERB: &str = r"(?:said|says|say|quoted\s+(?:by\s+[^,.;]{1,40}?\s+)?as\s+saying|stated|states|repeated|repeats|reiterated|reiterates|reaffirmed|reaffirms|stressed|stresses|emphasi[sz]ed|emphasi[sz]es|appealed|appeals|told|tells|announced|announces|declared|declares|insisted|insists|argued|argues|claimed|claims|maintained|maintains|wants?|wanted|called\s+(?:(?:on\s+)?\p{Lu}\p{Ll}+day\s+)?(?:for|on|upon)|calls?\s+(?:for|on|upon)|considers?|considered|urged|urges|demanded|demands|rejected|rejects|refused|refuses|opposed|opposes?|supported|supports?|welcomed|welcomes?|favou?red|favou?rs?|backed|backs?|committed|agreed|agrees?|made\s+(?:it\s+)?clear|makes?\s+(?:it\s+)?clear|expressed|expresses|believes?|believed|vowed|vows|pledged|pledges|promised|promises|threatened|threatens|proposed|proposes|offered|offers|sought|seeks?|hopes?|hoped|intends?|intended|plans?|planned|dismissed|dismisses|condemned|condemns|denounced|denounces|shown|displayed|responded|added|adds|noted|notes|warned|warns|slammed|slams|criti[cs]i[sz]ed|criti[cs]i[sz]es|accused|accuses|ruled\s+out|rules\s+out|hailed|hails|praised|praises|decried|decries|blasted|blasts|branded|brands|vetoed|vetoes|voiced|voices|echoed|echoes|lambasted|blamed|blames|hinted|hints|protested|protests|defended|defends|reacted|reacts|rebuffed|rebuffs|spurned|spurns|signall?ed|signals|indicated|indicates|rule\s+out|reject|refuse|accept|accepted|accepts|demand|seek|condemn|denounce|dismiss|insist|pledge|vow|threaten|propose|urge|recognised|recognized|recognises|recognizes)";

/// Acts that show a position: the subject of one holds it, unless a relative clause
/// describes the object ("the embargo that the United States has imposed").
const ACT: &str = r"(?:imposed|imposes|issued|issues|denied|denies|lifted|lifts|eased|eases|tightened|tightens|adopted|adopts|(?:pressed|presses|pushed|pushes)\s+for|resisted|resists|withdrew|withdraws|(?:pulled|pulls|walked|walks|stayed|stays|will\s+stay)\s+(?:out|away)|quit|quits|boycotted|boycotts|suspended|suspends|restarted|restarts|resumed|resumes|(?:broke|breaks)\s+off|(?:shut|shuts)\s+down|expanded|expands|strengthened|strengthens)";

/// States need a verb before them: "Russia is against", not "backing Ukraine against Russia".
const STATE: &str = r"(?:willing|ready|prepared|determined|interested|open\s+to|opposed\s+to|against|in\s+favou?r)";

/// Auxiliaries and adverbs between the subject and its verb, then the verb.
static REPORTING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"^[\s,]*(?:(?:{AUX}\b[\s,)]*)*{VERB}|(?:{AUX}\b[\s,)]*)+{STATE})\b")).unwrap()
});

/// An act after the subject ("the Security Council imposed sanctions").
static ACTING: LazyLock<Regex> = LazyLock::new(|| Regex::new(&format!(r"^[\s,]*(?:{AUX}\b[\s,)]*)*{ACT}\b")).unwrap());

/// Any verb after the subject in narration: a past form, a verb after "will" or "would", a
/// progressive ("has stepped up", "won't negotiate", "is not considering").
static DOING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^[\s,]*(?:{AUX}\b[\s,)]*)*(?:\p{{Ll}}{{3,}}ed|{IRREGULAR}|(?:will|would|won’t|won't|wouldn’t|wouldn't|cannot|can’t|can't)\s+(?:not\s+|never\s+)?\p{{Ll}}{{3,}}|\p{{Ll}}{{3,}}ing)\b"
    ))
    .unwrap()
});

/// Verbs in the past that do not end in -ed ("The Treasury took steps").
const IRREGULAR: &str = r"(?:took|made|sent|gave|began|kept|brought|sought|struck|won|lost|met|led|built|broke|chose|spoke|wrote|went|came|stood|became|drew|fought|froze|told|thought|knew|found|meant|paid|sold|bought|ran|rose|fell|withdrew|undertook|overtook|forbade|swore|flew|spent|left|saw|got|set|put|cut)";

/// A relative "that" before a subject: its clause describes something, it reports no one.
static RELATIVE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)\b(?:that|which)\s*$").unwrap());

/// Only a verb, no bare state: "it is against the law" says nothing about anyone.
static REPORTING_VERB: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"^[\s,]*(?:{AUX}\b[\s,)]*)*{VERB}\b")).unwrap());

/// An appositive between a subject and its verb: "China, the North’s main ally, called for",
/// "The DPRK, or North Korea, has pledged".
static APPOSITIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*,\s*(?:the|a|an|its|his|her|their|whose|who|which|or)\s[^,;:()“”\x22]{1,80},").unwrap()
});

/// What comes before the agent of a passive: "sanctions were (also) condemned (as illegal) by".
static PASSIVE_BY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:is|are|was|were|be|been|being)\s+(?:[\p{L}]+ly\s+|also\s+|again\s+)*(?:condemned|denounced|rejected|welcomed|supported|backed|opposed|criti[cs]i[sz]ed|slammed|praised|endorsed|demanded|proposed|urged|sought|favou?red|hailed|decried|dismissed|called\s+for|echoed|voiced|expressed|reiterated|reaffirmed|stressed|emphasi[sz]ed|blasted|lambasted|applauded|advocated|resisted|vetoed|blocked|protested)\s+(?:[^\s,;:]+\s+){0,4}?by\s+$").unwrap()
});

/// A subject that undergoes the verb: a form of "be", then a participle that is no attitude
/// ("was accused", "were urged"; not "is committed", "is opposed to").
static PASSIVE_SUBJECT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^[\s,]*(?:{AUX}\b[\s,)]*)*?\b(?:is|are|was|were|be|been|being)\s+(?:\p{{Ll}}+ly\s+)*(?:told|shown|\p{{Ll}}+ed)\b"
    ))
    .unwrap()
});

/// Heads of roles that are persons ("the spokesman"), which "it" does not denote.
const PERSONS: &[&str] = &[
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "minister",
    "secretary",
    "secretary-general",
    "ambassador",
    "envoy",
    "official",
    "delegate",
    "representative",
    "president",
    "premier",
    "leader",
    "diplomat",
    "negotiator",
    "chairman",
    "chairwoman",
    "chief",
    "adviser",
    "advisor",
    "sister",
    "director",
    "source",
];
/// How many of narration's holders a document keeps for "the statement" and "it".
const HISTORY: usize = 8;

/// Heads of roles that are texts or media ("the statement", "the agency"), not people.
const TEXTS: &[&str] =
    &["statement", "commentary", "agency", "media", "newspaper", "article", "editorial", "report", "text"];

/// Participles after "be" that state an attitude, not a passive.
const ATTITUDES: &[&str] = &[
    "quoted",
    "committed",
    "opposed",
    "determined",
    "prepared",
    "interested",
    "concerned",
    "engaged",
    "dedicated",
    "convinced",
    "pleased",
    "disappointed",
    "alarmed",
    "encouraged",
    "satisfied",
];

/// Whether the subject undergoes the verb that follows it.
fn passive(rest: &str) -> bool {
    PASSIVE_SUBJECT.find(rest).is_some_and(|m| {
        let last = m.as_str().rsplit(char::is_whitespace).next().unwrap_or("");
        !ATTITUDES.contains(&last)
    })
}

/// What comes before the source of "according to".
static ACCORDING: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)\baccording\s+to\s+$").unwrap());

/// After a possessive ("Russia’s plans", "China’s support") a plural or a noun that is also a
/// verb is a noun, unless an auxiliary makes the ’s a contraction ("Russia’s always said").
static POSSESSED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?:\p{L}+s|plan|call|offer|demand|claim|support|hope|want|back|favou?r|pledge|promise|vow)\b")
        .unwrap()
});
/// An auxiliary first: the ’s before it is "has" or "is".
static AUX_FIRST: LazyLock<Regex> = LazyLock::new(|| Regex::new(&format!(r"^[\s,]*{AUX}\b")).unwrap());

/// What may come just before a clause's subject: a sentence's start (after the full stop a
/// quotation left at the head of the narration that follows it), a comma, a conjunction, a
/// dateline's agency in brackets ("SEOUL (Yonhap) North Korea …").
static CLAUSE_START: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:^[\s.!?…-]*|[,;:—–(“”\x22]|--|\s-|\(\s*\p{Lu}[\p{L}\s]*\)|\b(?:and|but|that|because|while|since|as|although|though|when|so|whereas|now|also|yet))\s*$").unwrap()
});

/// Words, with the dots, hyphens and apostrophes inside them ("U.S.", "Secretary-General",
/// "Korea’s").
static WORD: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"[\p{L}\p{N}][\p{L}\p{N}.’'-]*").unwrap());

/// Nouns that name a government's voice: a subject with one of these heads speaks for the
/// actor its words name ("a spokesman for the DPRK Foreign Ministry"), else for the actor the
/// text established.
const HEADS: &[&str] = &[
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "spokespeople",
    "spokesmen",
    "spokespersons",
    "ministry",
    "ministries",
    "department",
    "government",
    "governments",
    "minister",
    "ministers",
    "secretary",
    "secretary-general",
    "ambassador",
    "envoy",
    "envoys",
    "official",
    "officials",
    "embassy",
    "mission",
    "delegation",
    "delegate",
    "representative",
    "president",
    "premier",
    "leader",
    "leadership",
    "regime",
    "administration",
    "administrations",
    "statement",
    "commentary",
    "agency",
    "office",
    "committee",
    "military",
    "army",
    "authorities",
    "authority",
    "diplomat",
    "diplomats",
    "negotiator",
    "negotiators",
    "chairman",
    "chairwoman",
    "cabinet",
    "side",
    "media",
    "newspaper",
    "article",
    "editorial",
    "report",
    "chief",
    "adviser",
    "advisor",
    "sister",
    "director",
    "source",
    "sources",
    "service",
    "text",
    "country",
];

/// Roles whose actor is fixed whoever's text names them.
const OWN_ACTOR: &[(&str, &str)] = &[("secretary-general", "UN")];

/// Offices only one government has: Seoul's unification ministry (Pyongyang's counterpart is
/// a committee "for the peaceful reunification").
const OWN_MODIFIER: &[(&str, &str)] = &[("unification", "KOR")];

/// Lower-case words that may stand between a determiner and a head ("the foreign ministry",
/// "a senior official", "the puppet regime").
const MODIFIERS: &[&str] = &[
    "foreign",
    "defence",
    "defense",
    "unification",
    "state",
    "press",
    "senior",
    "top",
    "chief",
    "deputy",
    "principal",
    "vice",
    "prime",
    "first",
    "former",
    "acting",
    "news",
    "puppet",
    "permanent",
    "external",
    "affairs",
    "security",
    "national",
    "central",
    "high-ranking",
    "unnamed",
    "anonymous",
    "two",
    "three",
    "several",
    "other",
    "joint",
    "official",
    "government",
    "ministry",
    "department",
    "military",
    "north",
    "south",
    "general",
    "nuclear",
    "powerful",
    "influential",
];

const DETERMINERS: &[&str] = &["the", "a", "an", "its", "his", "her", "their", "our", "my", "this", "that"];

/// Prepositions that attach an actor to a head ("the representative of China", "a spokesman
/// for the ministry", "the foreign ministry in Pyongyang").
const ATTACH: &[&str] = &["of", "for", "at", "in", "from", "to"];

/// News agencies whose words are their state's.
const STATE_MEDIA: &[(&str, &str)] = &[
    ("KCNA", "PRK"),
    ("Korean Central News Agency", "PRK"),
    ("Rodong Sinmun", "PRK"),
    ("Minju Joson", "PRK"),
    ("Xinhua", "CHN"),
    ("Xinhua News Agency", "CHN"),
    ("People’s Daily", "CHN"),
    ("People's Daily", "CHN"),
    ("Global Times", "CHN"),
    ("China Daily", "CHN"),
    ("CCTV", "CHN"),
    ("TASS", "RUS"),
    ("RIA Novosti", "RUS"),
    ("Sputnik", "RUS"),
    ("IRNA", "IRN"),
    ("Press TV", "IRN"),
    ("Prensa Latina", "CUB"),
];

/// News outlets that speak for no state: a quotation they are said to report ("…, Kyodo
/// reported") is the writer reporting someone, whom its words name.
const OUTLETS: &[&str] = &[
    "Yonhap",
    "Kyodo",
    "Reuters",
    "AP",
    "Associated Press",
    "AFP",
    "Agence France-Presse",
    "NHK",
    "Jiji",
    "KBS",
    "MBC",
    "SBS",
    "CNN",
    "CNBC",
    "BBC",
    "Bloomberg",
    "NK News",
    "Dong-A Ilbo",
    "JoongAng Ilbo",
    "Chosun Ilbo",
    "Asahi",
    "Yomiuri",
    "Nikkei",
    "New York Times",
    "Washington Post",
    "Wall Street Journal",
    "Axios",
    "Politico",
];

/// Whether a quotation's speaker as written is a news outlet that speaks for no state
/// ("Seoul’s Yonhap news agency", "Kyodo").
pub fn is_outlet(label: &str) -> bool {
    let words: Vec<&str> =
        WORD.find_iter(label).map(|m| m.as_str().trim_end_matches("’s").trim_end_matches("'s")).collect();
    OUTLETS.iter().any(|o| {
        let name: Vec<&str> = o.split_whitespace().collect();
        words.windows(name.len()).any(|w| w == name.as_slice())
    })
}

/// The holder of a sentence's position and whether it is a third party the sentence reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holder {
    pub actor: Option<String>,
    pub reported: bool,
}

/// Joins after which a clause with a subject of its own may start: a semicolon or dash, a
/// comma or dash followed by `and`, `but`, `while` or `whereas`, or `while` / `whereas`. Not
/// a bare comma: "Since its third nuclear test, North Korea has called for …" is one clause.
static JOIN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:;\s*|[,;—–]\s*(?:and|but|while|whereas)\s+|[—–]\s*|\b(?:while|whereas)\s+)(?:[Tt]he\s+)?$")
        .unwrap()
});

/// An actor the text established, with the head of the role that named it ("ministry"),
/// if a role did.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Established {
    actor: String,
    head: Option<String>,
    /// Named by a person's name or a person's role: "it" does not denote it.
    person: bool,
}

/// What a document's text has established so far, for subjects that name no actor of their
/// own: "the spokesman" (the document's actor, or the last holder with that role), "he" and
/// "it" (the actor last named or reported). Fed every sentence in document order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Discourse {
    /// The document's own actor: a statement's issuer, the government of an official text.
    pub doc_actor: Option<String>,
    /// The actor of the dateline's place (`SEOUL, March 5 —` → KOR).
    pub place: Option<String>,
    /// A news article: its `doc_actor` is the outlet's, which "the statement" or "the agency"
    /// it reports is not.
    article: bool,
    /// The last actor reported as holding a position, in the document.
    last_holder: Option<Established>,
    /// The holders narration reported, oldest first (a few): "the statement" is the last
    /// one named so, even after a holder with another role.
    history: Vec<Established>,
    /// The same within the current turn.
    turn_holder: Option<Established>,
    /// The actor last named or reported as a clause's subject.
    recent: Option<String>,
    /// Whether North or South Korea has come up: "the North", "the South" name them.
    korea: bool,
    /// Sentences seen, and the last one that reported a holder.
    sentences: usize,
    last_holder_at: usize,
    turn_holder_at: usize,
    /// The holders the last sentence reported, with their words ("The delegate of the
    /// Republic of Korea"): a quotation that sentence introduces is theirs.
    introduced: Vec<(String, String)>,
    /// People the text introduced, the latest last: their surname alone names them next.
    people: Vec<Person>,
    /// The current turn is a quotation: what a speaker reports (`X said [that] …`).
    reporting: bool,
}

/// How many people a document keeps in mind.
const PEOPLE: usize = 32;

/// Who is speaking where a sentence is found.
#[derive(Debug, Clone, Copy)]
struct Situation<'a> {
    speaker: Option<&'a str>,
    /// Narration (news, a statement's text), where subjects resolve through the document.
    narration: bool,
    date: Option<&'a str>,
}

/// A subject, agent or source that holds a position, at byte `at` of the sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Found {
    actor: String,
    at: usize,
    end: usize,
    head: Option<String>,
}

/// What a sentence names, before roles and pronouns are resolved.
#[derive(Debug, Clone)]
enum Who {
    Actor(String),
    /// A role: its head, the actor its words name, whether the speaker's own ("our
    /// government").
    Role {
        head: String,
        named: Option<String>,
        own: bool,
    },
    /// "it" (true), which denotes no person, or "he", "she", "they".
    Pronoun(bool),
}

/// A mention in a sentence: who, where, and whether it holds a position there (the subject
/// of a reporting verb, an agent or a source) or only names a clause's subject.
#[derive(Debug, Clone)]
struct Mention {
    who: Who,
    start: usize,
    end: usize,
    holds: bool,
}

/// Finds the holder of `sentence`, spoken by `speaker_actor` (none for narration) on
/// `date`. `question`: a reporter's question, which holds no position.
pub fn find(
    registry: &Registry,
    sentence: &str,
    speaker_actor: Option<&str>,
    date: Option<&str>,
    question: bool,
) -> Holder {
    if question {
        return Holder { actor: None, reported: false };
    }
    let sit = Situation { speaker: speaker_actor, narration: speaker_actor.is_none(), date };
    first_holder(Discourse::default().reported(registry, sentence, &sit).0, speaker_actor)
}

/// The first reported actor of a sentence, else the speaker's.
fn first_holder(reported: Vec<Found>, speaker_actor: Option<&str>) -> Holder {
    match reported.into_iter().next() {
        Some(f) => holder_of(f.actor, speaker_actor),
        None => Holder { actor: speaker_actor.map(str::to_string), reported: false },
    }
}

/// A clause with a holder of its own: bytes `start..end` of the sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clause {
    pub start: usize,
    pub end: usize,
    pub holder: Holder,
}

/// The sentence cut where a join starts a clause whose subject is a reported party other
/// than the holder of the text before it ("The U.S. wants China to enforce sanctions, while
/// North Korea wants China to relax them" → `USA`, `PRK`). Usually one clause: the sentence.
/// Without context: see [`Discourse::clauses`].
pub fn clauses(
    registry: &Registry,
    sentence: &str,
    speaker_actor: Option<&str>,
    date: Option<&str>,
    question: bool,
) -> Vec<Clause> {
    Discourse::default().clauses(registry, sentence, speaker_actor, date, question, speaker_actor.is_none())
}

impl Discourse {
    pub fn new(doc_actor: Option<String>, place: Option<String>) -> Self {
        Discourse { doc_actor, place, ..Default::default() }
    }

    /// The same for a news article, whose text roles ("the statement", "the agency") are the
    /// parties it reports before its own actor.
    pub fn article(doc_actor: Option<String>, place: Option<String>) -> Self {
        Discourse { article: true, ..Discourse::new(doc_actor, place) }
    }

    /// A new turn begins; a quotation's known speaker is the actor "he" or "it" may denote next.
    pub fn enter_turn(&mut self, speaker_actor: Option<&str>, quote: bool) {
        self.turn_holder = None;
        self.reporting = quote;
        if let (true, Some(actor)) = (quote, speaker_actor) {
            self.last_holder = Some(Established { actor: actor.to_string(), head: None, person: false });
            self.last_holder_at = self.sentences;
            self.recent = Some(actor.to_string());
        }
    }

    /// The actor of a quotation's speaker as written ("the spokesman", "a spokesperson for
    /// the Foreign Ministry", "he"), resolved as the subject of "said" would be here.
    pub fn speaker_actor(&self, registry: &Registry, label: &str, date: Option<&str>) -> Option<String> {
        let sit = Situation { speaker: None, narration: true, date };
        let label = label.trim();
        let said = format!("{label} said.");
        let found = self.reported(registry, &said, &sit).0.into_iter().next().map(|f| f.actor);
        // The quotes stage may keep a piece of the phrase ("Korea" of "The delegate of the
        // Republic of Korea stressed that …"): the holder the sentence before reported.
        found.or_else(|| {
            let words = |s: &str| s.split_whitespace().map(str::to_lowercase).collect::<Vec<_>>();
            let mine = words(label);
            self.introduced
                .iter()
                .rev()
                .find(|(_, text)| !mine.is_empty() && words(text).windows(mine.len()).any(|w| w == mine.as_slice()))
                .map(|(actor, _)| actor.clone())
        })
    }

    /// The holder the last sentence reported last: a quotation with no speaker of its own
    /// inside or after it ("condemned by the ministry as “a hostile act”") is theirs.
    pub fn introducer(&self) -> Option<String> {
        self.introduced.last().map(|(actor, _)| actor.clone())
    }

    /// [`clauses`] of the next sentence of the document, its subjects resolved with what the
    /// sentences before established; the sentence then adds to that. `narration`: the
    /// sentence is not a speaker's (news narration, a statement's own text).
    pub fn clauses(
        &mut self,
        registry: &Registry,
        sentence: &str,
        speaker_actor: Option<&str>,
        date: Option<&str>,
        question: bool,
        narration: bool,
    ) -> Vec<Clause> {
        let sit = Situation { speaker: speaker_actor, narration, date };
        for p in introduced_people(registry, sentence, date, self.korea) {
            self.people.retain(|q| q.full != p.full);
            if self.people.len() == PEOPLE {
                self.people.remove(0);
            }
            self.people.push(p);
        }
        let (found, seen) = self.reported(registry, sentence, &sit);
        let cut = if question {
            vec![Clause { start: 0, end: sentence.len(), holder: Holder { actor: None, reported: false } }]
        } else {
            self.cut(registry, sentence, &sit, &found)
        };
        self.sentences += 1;
        self.introduced.clear();
        for f in &found {
            let person = match &f.head {
                Some(head) => PERSONS.contains(&head.as_str()),
                None => {
                    let words = sentence[f.at..f.end].trim_end_matches("’s").trim_end_matches("'s");
                    registry.resolve_mention(words).is_none()
                        && (registry.resolve_person(words, date).is_some() || self.person_named(words).is_some())
                }
            };
            let e = Established { actor: f.actor.clone(), head: f.head.clone(), person };
            self.turn_holder = Some(e.clone());
            self.turn_holder_at = self.sentences;
            // Whom a quotation's words report is not who "it" or "the statement" is after it.
            if narration {
                if self.history.len() == HISTORY {
                    self.history.remove(0);
                }
                self.history.push(e.clone());
                self.last_holder = Some(e);
                self.last_holder_at = self.sentences;
                self.introduced.push((f.actor.clone(), sentence[f.at..f.end].to_string()));
            }
        }
        self.korea |= seen.korea;
        if let Some(r) = seen.recent.filter(|_| narration) {
            self.recent = Some(r);
        }
        cut
    }

    fn cut(&self, registry: &Registry, sentence: &str, sit: &Situation, found: &[Found]) -> Vec<Clause> {
        let speaker_actor = sit.speaker;
        let holder_in = |part: &str| first_holder(self.reported(registry, part, sit).0, speaker_actor);
        let mut out = Vec::new();
        let mut start = 0;
        for f in found {
            let at = f.at;
            if at < start {
                continue;
            }
            let Some(join) = JOIN.find(&sentence[start..at]) else { continue };
            let before = &sentence[start..start + join.start()];
            // A clause needs a few words of its own ("Russia, China said" is one list).
            if before.split_whitespace().count() < 3 {
                continue;
            }
            let first = holder_in(before);
            let next = holder_of(f.actor.clone(), speaker_actor);
            if first.actor == next.actor {
                continue;
            }
            out.push(Clause { start, end: start + before.trim_end().len(), holder: first });
            // The next clause starts at its subject (with its article), after the join.
            let joined = join.as_str().trim_end();
            let article = joined.get(joined.len().saturating_sub(3)..).is_some_and(|w| w.eq_ignore_ascii_case("the"));
            start = if article { start + join.start() + joined.len() - 3 } else { at };
        }
        if out.is_empty() {
            // One clause, the sentence: its holder from the mentions already found.
            return vec![Clause { start: 0, end: sentence.len(), holder: first_holder(found.to_vec(), speaker_actor) }];
        }
        let holder = holder_in(&sentence[start..]);
        out.push(Clause { start, end: sentence.len(), holder });
        out
    }

    /// Every actor the sentence reports (the subject of a reporting or attitude verb at the
    /// start of a clause, a passive's agent, the source of "according to"), with the byte
    /// offset of its mention, in order; and what the sentence establishes for the next.
    fn reported(&self, registry: &Registry, sentence: &str, sit: &Situation) -> (Vec<Found>, Seen) {
        let doers = self.doers(sit);
        let mut mentions = names(registry, sentence, sit.date, self.korea, doers);
        mentions.extend(roles(registry, sentence, sit.date, self.korea, doers));
        mentions.extend(pronouns(sentence));
        mentions.extend(self.known_people(registry, sentence, sit));
        mentions.extend(groups(sentence, doers));
        mentions.sort_by_key(|m| (m.start, std::cmp::Reverse(m.end)));
        let mentions = joined(sentence, doers, mentions);
        let mut seen = Seen { korea: self.korea, recent: None };
        let mut found: Vec<Found> = Vec::new();
        let mut taken_to = 0;
        for m in mentions {
            // A mention inside one already taken ("China" in "the representative of China").
            if m.start < taken_to {
                continue;
            }
            let (actor, head) = match &m.who {
                Who::Actor(a) => (Some(a.clone()), None),
                Who::Role { head, named, own } => {
                    let actor = match (named, own) {
                        (Some(a), _) => Some(a.clone()),
                        (None, true) => sit.speaker.map(str::to_string),
                        (None, false) => self.role_actor(head, sit, &found),
                    };
                    (actor, Some(head.clone()))
                }
                Who::Pronoun(it) => (self.pronoun_actor(sit, &found, &seen, *it), None),
            };
            let Some(actor) = actor else { continue };
            // In a speaker's turn a role that names nobody is the speaker ("the President
            // said"): it does not hide a third party the sentence goes on to report.
            let unnamed_own = matches!(&m.who, Who::Role { named: None, .. }) && !sit.narration;
            if matches!(actor.as_str(), "PRK" | "KOR") {
                seen.korea = true;
            }
            if m.holds || !matches!(m.who, Who::Pronoun(_)) {
                seen.recent = Some(actor.clone());
            }
            if m.holds && !unnamed_own {
                taken_to = m.end;
                found.push(Found { actor, at: m.start, end: m.end, head });
            }
        }
        (found, seen)
    }

    fn doers(&self, sit: &Situation) -> Doers {
        match (sit.narration, self.reporting) {
            (true, _) => Doers::InClauses,
            (false, true) => Doers::First,
            (false, false) => Doers::None,
        }
    }

    /// A person the text introduced, by full name or one word of it ("Choe").
    fn person_named(&self, text: &str) -> Option<&Person> {
        let words = person_words(text)?;
        let full = words.join(" ").to_lowercase();
        self.people.iter().rev().find(|p| p.full == full || (words.len() == 1 && p.short.contains(&full)))
    }

    /// Names of people the text introduced before ("Choe reaffirmed …" after "Vice Foreign
    /// Minister Choe Son-hui"), where they name no actor of the registry.
    fn known_people(&self, registry: &Registry, sentence: &str, sit: &Situation) -> Vec<Mention> {
        let mut out = Vec::new();
        if self.people.is_empty() {
            return out;
        }
        for m in NAME.find_iter(sentence) {
            if name_in(registry, &words_of(&m), sit.date, false, self.korea).is_some() {
                continue;
            }
            let Some(p) = self.person_named(m.as_str()) else { continue };
            let (start, end) = (m.start(), m.end());
            let holds = holds(sentence, start, end, false, self.doers(sit));
            if holds || CLAUSE_START.is_match(&sentence[..start]) {
                out.push(Mention { who: Who::Actor(p.actor.clone()), start, end, holds });
            }
        }
        out
    }

    /// The actor of a role that names none ("the spokesman said"): in a speaker's turn the
    /// speaker's, unless the turn reported a holder with that role; in narration the last
    /// holder with that role, the issuer of a statement, the document's actor, the last
    /// holder, the last subject named, the dateline's place (in an article the last holder
    /// before its outlet).
    fn role_actor(&self, head: &str, sit: &Situation, found: &[Found]) -> Option<String> {
        let same = |e: &Established| e.head.as_deref() == Some(head);
        let in_sentence = found.iter().rev().find(|f| f.head.as_deref() == Some(head)).map(|f| f.actor.clone());
        if let Some(a) = in_sentence {
            return Some(a);
        }
        let earlier =
            if sit.narration { self.history.iter().rev().find(|e| same(e)) } else { self.turn_holder.as_ref() };
        if let Some(e) = earlier.filter(|e| same(e)) {
            return Some(e.actor.clone());
        }
        if !sit.narration {
            return sit.speaker.map(str::to_string);
        }
        // An article's own actor is its outlet's or its government's: "the statement" or "the
        // agency" it cites is the party it last reported; so is "the official" it never
        // introduced ("…, citing an official" of the DPRK in a Chinese paper datelined Seoul),
        // unless the article is written at home ("WASHINGTON —" in a U.S. note: its spokesman).
        let home = self.place.is_some() && self.place == self.doc_actor;
        if self.article && (TEXTS.contains(&head) || !home) {
            if let Some(e) = &self.last_holder {
                return Some(e.actor.clone());
            }
        }
        sit.speaker
            .map(str::to_string)
            .or_else(|| self.doc_actor.clone())
            .or_else(|| self.last_holder.as_ref().map(|e| e.actor.clone()))
            .or_else(|| self.recent.clone())
            .or_else(|| self.place.clone())
    }

    /// The actor "he", "she", "it" or "they" denotes as a reporting verb's subject: the last
    /// holder of the sentence, else in narration the actor last named or reported, in a
    /// speaker's turn a holder the turn's sentence before reported (else the speaker holds).
    fn pronoun_actor(&self, sit: &Situation, found: &[Found], seen: &Seen, it: bool) -> Option<String> {
        if let Some(f) = found.last() {
            return Some(f.actor.clone());
        }
        if sit.narration {
            // A holder the sentence just before reported outranks a name since ("The ministry
            // said the U.S. must … It added"); otherwise the last name. "It" is no person: the
            // last holder that is not one ("…,” it said" after a minister was named).
            let just = self.last_holder.as_ref().filter(|_| self.sentences.saturating_sub(self.last_holder_at) <= 1);
            let thing = || self.history.iter().rev().find(|e| !e.person).map(|e| e.actor.clone());
            seen.recent
                .clone()
                .or_else(|| just.filter(|e| !(it && e.person)).map(|e| e.actor.clone()))
                .or_else(|| if it { thing() } else { None })
                .or_else(|| self.recent.clone())
                .or_else(|| self.last_holder.as_ref().map(|e| e.actor.clone()))
        } else {
            // A speech is one long turn: only a holder of the sentence just before.
            let recent = self.sentences == self.turn_holder_at;
            self.turn_holder.as_ref().filter(|_| recent).map(|e| e.actor.clone())
        }
    }
}

/// What a sentence establishes for the sentences after it.
#[derive(Debug, Clone)]
struct Seen {
    korea: bool,
    recent: Option<String>,
}

fn holder_of(actor: String, speaker_actor: Option<&str>) -> Holder {
    // A self-mention is the speaker.
    let reported = speaker_actor != Some(actor.as_str());
    Holder { actor: Some(actor), reported }
}

/// A sentence of an article as the turns cut it: quotation marks end a turn, so "North Korea
/// hailed its “miniaturized thermonuclear bomb”, allegedly tested this week, as …" is three
/// pieces, and the last names no holder of its own. The pieces of one sentence share the
/// holder one of them reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    /// The holder the piece's own words give: reported, or a quotation's speaker.
    own: Option<Holder>,
    /// Whether `own` is only a quotation's speaker found through a role or pronoun ("the
    /// official", "News Agency" cut from "the Korean Central News Agency"): a holder the
    /// narration of the same sentence reports outranks it.
    weak: bool,
    /// Whether it takes the holder of the sentence's other pieces: a piece of one clause
    /// whose holder is the writer's (or nobody's), not a question.
    open: bool,
    /// Whether it continues the piece before it (same sentence).
    continues: bool,
    shared: Option<Holder>,
}

impl Piece {
    /// `cut`: the piece's clauses; `quoted`: a quotation whose speaker has an actor, `named`
    /// by a name the registry knows (else through a role or a pronoun).
    pub fn new(cut: &[Clause], quoted: bool, named: bool, question: bool, continues: bool) -> Self {
        let one = match cut {
            [only] if !question => Some(&only.holder),
            _ => None,
        };
        let own = one.filter(|h| h.actor.is_some() && (h.reported || quoted)).cloned();
        let weak = own.as_ref().is_some_and(|h| !h.reported) && quoted && !named;
        let open = one.is_some() && own.is_none();
        Piece { own, weak, open, continues, shared: None }
    }

    /// The holder this piece takes from the other pieces of its sentence, if it takes one.
    pub fn shared(&self) -> Option<&Holder> {
        self.shared.as_ref()
    }
}

/// Whether a piece that ends with `before` and is followed by `gap` goes on in the next piece:
/// the sentence has not ended (no full stop, question or exclamation mark, past closing marks)
/// and no line break comes between.
pub fn continues(before: &str, gap: &str) -> bool {
    let end = before.trim_end_matches(|c: char| c.is_whitespace() || "\"'”’)]".contains(c));
    !gap.contains('\n') && !end.is_empty() && !end.ends_with(['.', '!', '?', '…', ':'])
}

/// The sentences the pieces make: ranges of consecutive pieces, each piece after the first
/// continuing the one before.
pub fn sentences_of(pieces: &[Piece]) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    while start < pieces.len() {
        let mut end = start + 1;
        while end < pieces.len() && pieces[end].continues {
            end += 1;
        }
        out.push(start..end);
        start = end;
    }
    out
}

/// Gives each open piece the holder of the nearest piece before it in the same sentence that
/// has one, else of the first after it.
pub fn share_across_pieces(pieces: &mut [Piece]) {
    for range in sentences_of(pieces) {
        let sentence = &mut pieces[range];
        for i in 0..sentence.len() {
            if !(sentence[i].open || sentence[i].weak) {
                continue;
            }
            let nearest = |strong: bool| {
                let holds = |p: &Piece| p.own.clone().filter(|_| !(strong && p.weak));
                sentence[..i].iter().rev().find_map(holds).or_else(|| sentence[i + 1..].iter().find_map(holds))
            };
            let found = if sentence[i].open { nearest(true).or_else(|| nearest(false)) } else { nearest(true) };
            if let Some(h) = found {
                sentence[i].shared = Some(Holder { actor: h.actor, reported: true });
            }
        }
    }
}

/// Whether the text after a subject is its reporting verb, past an appositive ("China, the
/// North’s main ally, called for"); a passive subject reports nothing ("Iran was accused").
fn reports(rest: &str, verb_only: bool) -> bool {
    let re: &Regex = if verb_only { &REPORTING_VERB } else { &REPORTING };
    let active = |t: &str| re.is_match(t) && !passive(t);
    active(rest) || APPOSITIVE.find(rest).is_some_and(|m| active(&rest[m.end()..]))
}

/// Whether a mention at `start..end` holds a position: the subject of a reporting verb or an
/// act at a clause's start, a passive's agent, or the source of "according to". In narration
/// also the subject of any verb in the past, after "will" or in the progressive ("Washington
/// initiated a campaign", "Iran won't negotiate", "North Korea is not considering talks"):
/// news reports what parties do, and the doer holds it.
fn holds(sentence: &str, start: usize, end: usize, verb_only: bool, doers: Doers) -> bool {
    let (before, rest) = (&sentence[..start], &sentence[end..]);
    // Past an appositive ("The administration, which refused …, had imposed sanctions").
    let active = |re: &Regex| {
        let act = |t: &str| re.is_match(t) && !passive(t);
        act(rest) || APPOSITIVE.find(rest).is_some_and(|m| act(&rest[m.end()..]))
    };
    let doer = match doers {
        Doers::None => false,
        Doers::InClauses => CLAUSE_START.is_match(before) && !RELATIVE.is_match(before),
        Doers::First => FIRST.is_match(before),
    };
    (CLAUSE_START.is_match(before) && reports(rest, verb_only))
        || (CLAUSE_START.is_match(before) && !RELATIVE.is_match(before) && active(&ACTING))
        || (doer && active(&DOING))
        || PASSIVE_BY.is_match(before)
        || ACCORDING.is_match(before)
}

/// Whose doing holds what a sentence says of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Doers {
    /// Only subjects of reporting and attitude verbs and of acts.
    None,
    /// Narration: the subject of any verb at a clause's start.
    InClauses,
    /// What a speaker reports (`X said [that] …`): the subject it starts with.
    First,
}

/// Before the subject a reported text starts with: nothing, a quotation mark, "that".
static FIRST: LazyLock<Regex> = LazyLock::new(|| Regex::new(r#"^[\s"“‘]*(?:that\s+)?$"#).unwrap());

/// The actor a run of capitalised words names: a state, organisation or metonym, a person
/// at `date`, a state news agency, or "the North" / "the South" once Korea has come up.
/// `demonyms`: whether "South Korean" counts (before a role: "the South Korean minister").
fn name_actor(registry: &Registry, text: &str, date: Option<&str>, demonyms: bool, korea: bool) -> Option<String> {
    let bare = text.trim_end_matches("’s").trim_end_matches("'s");
    // A name that ends the sentence keeps its full stop ("by Russia."), an initial its own
    // ("the U.S."): try both.
    if let Some(short) = bare.strip_suffix('.') {
        if let Some(a) = name_actor(registry, short, date, demonyms, korea) {
            return Some(a);
        }
    }
    if let Some((_, actor)) = STATE_MEDIA.iter().find(|(n, _)| bare.eq_ignore_ascii_case(n)) {
        return Some(actor.to_string());
    }
    if korea && (bare.starts_with("the ") || bare.starts_with("The ")) {
        if let Some(actor) = demarche_actors::context::korean_side(bare) {
            return Some(actor.into());
        }
    }
    let actor = registry
        .resolve_mention(bare)
        .map(str::to_string)
        .or_else(|| registry.resolve_person(bare, date).and_then(|r| r.actor))?;
    let actor = registry.position_holder(&actor).to_string();
    (demonyms || !registry.is_demonym(bare)).then_some(actor)
}

/// The first actor a text names: a dateline's place ("Pyongyang", "SEOUL"), a news agency
/// ("KCNA"), a source or title ("Ministry of Foreign Affairs of Japan").
pub fn actor_named(registry: &Registry, text: &str, date: Option<&str>) -> Option<String> {
    NAME.find_iter(text).find_map(|m| name_in(registry, &words_of(&m), date, true, false).map(|(a, ..)| a))
}

/// Words of a match with their byte offsets in the sentence.
fn words_of<'a>(m: &regex::Match<'a>) -> Vec<(usize, &'a str)> {
    m.as_str()
        .split_whitespace()
        .map(|w| (m.start() + (w.as_ptr() as usize - m.as_str().as_ptr() as usize), w))
        .collect()
}

/// The leftmost, then longest, run of words of a name match that names an actor ("And
/// China" → "China"): its actor, start, end and whether it ends in a possessive.
fn name_in(
    registry: &Registry,
    words: &[(usize, &str)],
    date: Option<&str>,
    demonyms: bool,
    korea: bool,
) -> Option<(String, usize, usize, bool)> {
    (0..words.len()).find_map(|i| {
        (i + 1..=words.len()).rev().find_map(|k| {
            // "the North" only as a whole name, not in "the North Atlantic".
            let korea = korea && k - i == 2 && i == 0 && words.len() == 2;
            let text = words[i..k].iter().map(|(_, w)| *w).collect::<Vec<_>>().join(" ");
            let actor = name_actor(registry, &text, date, demonyms, korea)?;
            let (start, last) = (words[i].0, words[k - 1]);
            let possessive = last.1.ends_with("’s") || last.1.ends_with("'s");
            Some((actor, start, last.0 + last.1.len(), possessive))
        })
    })
}

/// Names of actors: every one that names a clause's subject, holding a position when it is
/// the subject of a reporting verb, an agent or a source.
fn names(registry: &Registry, sentence: &str, date: Option<&str>, korea: bool, doers: Doers) -> Vec<Mention> {
    let mut out = Vec::new();
    for m in NAME.find_iter(sentence) {
        let words = words_of(&m);
        let Some((mut actor, start, mut end, possessive)) = name_in(registry, &words, date, false, korea) else {
            continue;
        };
        // "The United States and North Korea have agreed": two parties, one subject (`OTHER`).
        let tail: Vec<(usize, &str)> = words.iter().copied().filter(|(at, _)| *at >= end).collect();
        if let Some(((_, "and"), tail)) = tail.split_first() {
            let first = tail.iter().position(|(_, w)| !w.eq_ignore_ascii_case("the")).unwrap_or(0);
            if let Some((other, at, e, _)) = name_in(registry, tail, date, false, korea) {
                if other != actor && tail.get(first).is_some_and(|(s, _)| *s == at) {
                    (actor, end) = (OTHER.to_string(), e);
                }
            }
        }
        let rest = &sentence[end..];
        if possessive && !AUX_FIRST.is_match(rest) && POSSESSED.is_match(rest) {
            continue;
        }
        // "Mr. Trump took": the subject starts at its title.
        let start = match words.iter().position(|(at, _)| *at == start) {
            Some(i) if i > 0 && words[..i].iter().all(|(_, w)| is_honorific(w)) => words[0].0,
            _ => start,
        };
        let holds = holds(sentence, start, end, false, doers);
        if holds || CLAUSE_START.is_match(&sentence[..start]) {
            out.push(Mention { who: Who::Actor(actor), start, end, holds });
        }
    }
    out
}

/// Titles before a person's name ("Mr.", "President", "Foreign Minister").
fn is_honorific(word: &str) -> bool {
    const TITLES: &[&str] = &[
        "mr",
        "mrs",
        "ms",
        "dr",
        "president",
        "premier",
        "chairman",
        "leader",
        "secretary",
        "minister",
        "foreign",
        "prime",
        "vice",
        "deputy",
        "ambassador",
        "envoy",
        "senator",
        "sen",
        "gen",
        "general",
        "state",
        "treasury",
        "defense",
        "defence",
        "special",
        "representative",
        "spokesman",
        "spokeswoman",
    ];
    TITLES.contains(&word.trim_end_matches('.').to_lowercase().as_str())
}

/// Whether a word may stand between a determiner and a role's head.
fn is_modifier(word: &str) -> bool {
    let lower = word.to_lowercase();
    let bare = lower.trim_end_matches("’s").trim_end_matches("'s");
    word.chars().next().is_some_and(char::is_uppercase)
        || word.ends_with("’s")
        || word.ends_with("'s")
        || MODIFIERS.contains(&bare)
        || HEADS.contains(&bare)
}

/// A role phrase: its head, span, the actor its words name, whether the speaker's own, and
/// where the name after a title starts ("Foreign Minister Wang Yi").
struct RolePhrase {
    head: String,
    start: usize,
    end: usize,
    named: Option<String>,
    own: bool,
    name_at: Option<usize>,
}

/// Role phrases ("the spokesman", "a spokesperson for the DPRK Foreign Ministry", "South
/// Korea’s foreign ministry", "our government") that hold a position.
fn roles(registry: &Registry, sentence: &str, date: Option<&str>, korea: bool, doers: Doers) -> Vec<Mention> {
    let holding = |start, end| holds(sentence, start, end, false, doers);
    // A role that names its actor at a clause's start is kept even where it holds nothing
    // alone: "US President Donald Trump and North Korean leader Kim Jong Un pledged" is a
    // joint subject (see [`joined`]).
    role_phrases(registry, sentence, date, korea, |start, end| {
        holding(start, end) || CLAUSE_START.is_match(&sentence[..start])
    })
    .into_iter()
    .filter(|r| r.named.is_some() || holding(r.start, r.end))
    .map(|r| Mention {
        holds: holding(r.start, r.end),
        who: Who::Role { head: r.head, named: r.named, own: r.own },
        start: r.start,
        end: r.end,
    })
    .collect()
}

/// Every role phrase of a sentence that `keep` accepts (by its span).
fn role_phrases(
    registry: &Registry,
    sentence: &str,
    date: Option<&str>,
    korea: bool,
    keep: impl Fn(usize, usize) -> bool,
) -> Vec<RolePhrase> {
    let words: Vec<(usize, usize, &str)> = WORD.find_iter(sentence).map(|m| (m.start(), m.end(), m.as_str())).collect();
    // Only white space between two words: a phrase does not cross punctuation.
    let joined = |a: usize, b: usize| sentence[words[a].1..words[b].0].chars().all(char::is_whitespace);
    let lower = |i: usize| words[i].2.to_lowercase();
    let mut out = Vec::new();
    for i in 0..words.len() {
        // A head that ends the sentence keeps its full stop ("according to the agency.").
        let head = lower(i).trim_end_matches('.').to_string();
        if !HEADS.contains(&head.as_str()) {
            continue;
        }
        // Leftward over modifiers, then a determiner.
        let mut first = i;
        while first > 0 && i - first < 6 && joined(first - 1, first) {
            let w = lower(first - 1);
            if DETERMINERS.contains(&w.as_str()) || !is_modifier(words[first - 1].2) {
                break;
            }
            first -= 1;
        }
        let mut own = false;
        if first > 0 && joined(first - 1, first) {
            let det = lower(first - 1);
            if DETERMINERS.contains(&det.as_str()) {
                own = matches!(det.as_str(), "our" | "my");
                first -= 1;
            }
        }
        // Rightward: a preposition and the actor or role it attaches.
        let mut last = i;
        let mut name_at = None;
        if i + 1 < words.len() && joined(i, i + 1) && ATTACH.contains(&lower(i + 1).as_str()) {
            let mut j = i + 2;
            if j < words.len() && joined(j - 1, j) && lower(j) == "the" {
                j += 1;
            }
            let mut k = j;
            // Up to a dozen words: "the director of the Department of Treaty and Law of the DPRK Foreign Ministry".
            while k < words.len() && k - j < 12 && joined(k - 1, k) {
                let w = lower(k);
                let connector = matches!(w.as_str(), "of" | "and" | "the") && k > j;
                if !(connector || is_modifier(words[k].2)) {
                    break;
                }
                k += 1;
            }
            while k > j && matches!(lower(k - 1).as_str(), "of" | "and" | "the") {
                k -= 1;
            }
            if k > j {
                last = k - 1;
            }
        } else {
            // A title before a name: "Foreign Minister Wang Yi said".
            let mut k = i + 1;
            while k < words.len()
                && k - i <= 3
                && joined(k - 1, k)
                && words[k].2.chars().next().is_some_and(char::is_uppercase)
            {
                k += 1;
            }
            last = k - 1;
            name_at = (k > i + 1).then(|| words[i + 1].0);
        }
        let (start, end) = (words[first].0, words[last].1);
        // A possessive head modifies what follows ("the ministry’s spokesman").
        if words[i].2.ends_with("’s") || words[i].2.ends_with("'s") {
            continue;
        }
        if !keep(start, end) {
            continue;
        }
        let phrase = sentence[start..end].to_lowercase();
        let named = OWN_ACTOR
            .iter()
            .find(|(h, _)| *h == head)
            .or_else(|| OWN_MODIFIER.iter().find(|(m, _)| phrase.split_whitespace().any(|w| w == *m)))
            .map(|(_, a)| a.to_string())
            .or_else(|| {
                NAME.find_iter(&sentence[start..end])
                    .find_map(|m| name_in(registry, &words_of(&m), date, true, korea).map(|(a, ..)| a))
            });
        out.push(RolePhrase { head, start, end, named, own, name_at });
    }
    out
}

/// A person's name: capitalised words without "of" or "the" ("Choe Son-hui", "Wang Yi").
fn person_words(text: &str) -> Option<Vec<&str>> {
    // A name that ends the sentence keeps its full stop ("Lee Chol.").
    let text = text.strip_suffix('.').unwrap_or(text);
    let words: Vec<&str> = text.split_whitespace().map(|w| w.trim_end_matches("’s").trim_end_matches("'s")).collect();
    let ok =
        !words.is_empty() && words.len() <= 4 && words.iter().all(|w| w.chars().next().is_some_and(char::is_uppercase));
    ok.then_some(words)
}

/// People a sentence introduces with the actor they speak for: registry people by full name,
/// a name after a title ("North Korean Vice Foreign Minister Choe Son Hui"), or before an
/// appositive role ("Choe Son-hui, deputy director at North Korea’s foreign ministry, …").
fn introduced_people(registry: &Registry, sentence: &str, date: Option<&str>, korea: bool) -> Vec<Person> {
    let mut out = Vec::new();
    let roles = role_phrases(registry, sentence, date, korea, |_, _| true);
    for r in &roles {
        let (Some(at), Some(actor)) = (r.name_at, &r.named) else { continue };
        if let Some(words) = person_words(&sentence[at..r.end]) {
            out.push(Person::new(&words, actor));
        }
    }
    for m in NAME.find_iter(sentence) {
        let Some(words) = person_words(m.as_str()).filter(|w| w.len() >= 2) else { continue };
        let full = words.join(" ");
        if let Some(p) = registry.person(&full) {
            if let Some(actor) = p.actor_at(date) {
                let actor = registry.position_holder(&actor).to_string();
                out.push(Person { full: full.to_lowercase(), short: vec![p.surname.to_lowercase()], actor });
            }
            continue;
        }
        if name_in(registry, &words_of(&m), date, true, korea).is_some() {
            continue;
        }
        // An appositive role right after the name, up to its closing comma.
        let Some(rest) = sentence[m.end()..].strip_prefix(", ") else { continue };
        let from = m.end() + 2;
        let until = from + rest.find([',', ';', '(', '“', '"']).unwrap_or(rest.len()).min(160);
        if let Some(actor) = roles.iter().find(|r| r.start >= from && r.end <= until).and_then(|r| r.named.clone()) {
            out.push(Person::new(&words, &actor));
        }
    }
    out
}

/// A person the text introduced: the full name and the words that name them alone (a
/// surname in either order: "Choe", "Son-hui", "Wang"), and the actor they speak for.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Person {
    full: String,
    short: Vec<String>,
    actor: String,
}

impl Person {
    fn new(words: &[&str], actor: &str) -> Self {
        let lower: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
        let mut short = vec![lower[0].clone()];
        if lower.len() > 1 {
            short.push(lower[lower.len() - 1].clone());
        }
        Person { full: lower.join(" "), short, actor: actor.to_string() }
    }
}

/// Two parties named as one subject ("The United States and North Korea have agreed")
/// hold it together: `OTHER`, as the guide labels joint positions.
fn joined(sentence: &str, doers: Doers, mentions: Vec<Mention>) -> Vec<Mention> {
    let actor_of = |m: &Mention| match &m.who {
        Who::Actor(a) => Some(a.clone()),
        Who::Role { named: Some(a), .. } => Some(a.clone()),
        _ => None,
    };
    let mut out: Vec<Mention> = Vec::with_capacity(mentions.len());
    for m in mentions {
        if let Some(prev) = out.last() {
            let gap = sentence.get(prev.end..m.start).unwrap_or("");
            let pair = matches!(gap.trim(), "and" | ", and" | "and the" | ", and the");
            let (a, b) = (actor_of(prev), actor_of(&m));
            if pair
                && a.is_some()
                && b.is_some()
                && a != b
                && CLAUSE_START.is_match(&sentence[..prev.start])
                && holds(sentence, prev.start, m.end, false, doers)
            {
                let start = prev.start;
                out.pop();
                out.push(Mention { who: Who::Actor(OTHER.to_string()), start, end: m.end, holds: true });
                continue;
            }
        }
        out.push(m);
    }
    out
}

/// Subjects that are several parties together ("the two sides", "all parties", "both
/// leaders"): `OTHER` holds what they agree or say.
static GROUP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:all|both|the)\s+(?:(?:two|three|four|five|six|seven|\d+|six-party|other)\s+)?(?:sides|parties|countries|nations|leaders|participants|negotiators|delegations)\b|\bboth\s+(?:sides|parties|countries|leaders|governments)\b|\ball\s+(?:participants|members)\b").unwrap()
});

fn groups(sentence: &str, doers: Doers) -> Vec<Mention> {
    GROUP
        .find_iter(sentence)
        .filter(|m| CLAUSE_START.is_match(&sentence[..m.start()]))
        .filter(|m| holds(sentence, m.start(), m.end(), false, doers))
        .map(|m| Mention { who: Who::Actor(OTHER.to_string()), start: m.start(), end: m.end(), holds: true })
        .collect()
}

/// "he", "she", "it", "they" as the subject of a reporting verb ("it" of a verb only: "it is
/// against the law" reports nobody).
fn pronouns(sentence: &str) -> Vec<Mention> {
    let mut out = Vec::new();
    for m in WORD.find_iter(sentence) {
        let w = m.as_str().to_lowercase();
        let verb_only = match w.as_str() {
            "it" => true,
            "he" | "she" | "they" => false,
            _ => continue,
        };
        let (before, rest) = (&sentence[..m.start()], &sentence[m.end()..]);
        if CLAUSE_START.is_match(before) && reports(rest, verb_only) {
            out.push(Mention { who: Who::Pronoun(verb_only), start: m.start(), end: m.end(), holds: true });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn holder(sentence: &str, speaker: Option<&str>) -> Option<String> {
        find(&Registry::builtin().unwrap(), sentence, speaker, Some("2015-01-30"), false).actor
    }

    #[test]
    fn third_parties_as_subjects_of_reporting_verbs() {
        assert_eq!(
            holder("Russia remains committed to the goal of denuclearization.", Some("USA")).as_deref(),
            Some("RUS")
        );
        assert_eq!(
            holder("North Korea has called for a resumption of the talks.", Some("USA")).as_deref(),
            Some("PRK")
        );
        assert_eq!(
            holder("North Korea wants China to relax sanctions enforcement, he said.", None).as_deref(),
            Some("PRK")
        );
        assert_eq!(holder("And China is very committed to denuclearization.", Some("USA")).as_deref(), Some("CHN"));
        assert_eq!(
            holder("The European Union calls on both parties to return to the talks.", Some("FRA")).as_deref(),
            Some("EU")
        );
        assert_eq!(
            holder("However, the United States alone repeated its call for our disarmament.", Some("PRK")).as_deref(),
            Some("USA")
        );
        assert_eq!(holder("But Pyongyang has not shown any willingness to talk.", Some("USA")).as_deref(), Some("PRK"));
    }

    #[test]
    fn the_speaker_holds_otherwise() {
        assert_eq!(holder("We call on North Korea to return to the talks.", Some("USA")).as_deref(), Some("USA"));
        assert_eq!(holder("We discussed sanctions with China and Japan.", Some("USA")).as_deref(), Some("USA"));
        // A condition is not a reported position.
        assert_eq!(
            holder("We are willing to engage if North Korea is prepared to come to the table.", Some("USA")).as_deref(),
            Some("USA")
        );
        // A self-mention is the speaker.
        assert_eq!(holder("The United States remains open to dialogue.", Some("USA")).as_deref(), Some("USA"));
        // Non-ASCII text around the mention: offsets stay on char boundaries.
        assert_eq!(
            holder("Séoul — and the Democratic People’s Republic of Korea rejected the talks.", Some("KOR")).as_deref(),
            Some("PRK")
        );
        assert_eq!(holder("이 문장은 아무것도 보고하지 않는다.", Some("KOR")).as_deref(), Some("KOR"));
    }

    #[test]
    fn adjectives_and_bare_states_are_not_reported_positions() {
        // Demonyms before a noun are adjectives; the people ("the Israelis", "the Chinese") hold.
        for s in [
            "Israeli support and facilitation of humanitarian assistance is needed.",
            "And the Israeli offer stands.",
            "Chinese support matters — é 이.",
        ] {
            assert_eq!(holder(s, Some("USA")).as_deref(), Some("USA"), "{s}");
        }
        assert_eq!(holder("The Israelis also want a diplomatic arrangement.", Some("USA")).as_deref(), Some("ISR"));
        assert_eq!(holder("And the Chinese have said so.", Some("USA")).as_deref(), Some("CHN"));
        // A state ("against", "willing", "in favour") needs a verb before it.
        assert_eq!(holder("Russia is against new sanctions.", Some("USA")).as_deref(), Some("RUS"));
        assert_eq!(holder("The Russians were willing to reach an agreement.", Some("USA")).as_deref(), Some("RUS"));
        assert_eq!(holder("We stand with Ukraine — Ukraine against Russia.", Some("USA")).as_deref(), Some("USA"));
        // A possessive before a noun is not a subject; before an auxiliary it is "has" or "is".
        assert_eq!(holder("And Russia’s plans to import these systems.", Some("USA")).as_deref(), Some("USA"));
        assert_eq!(holder("But China's support matters.", Some("USA")).as_deref(), Some("USA"));
        assert_eq!(holder("And Russia’s always said no to talks.", Some("USA")).as_deref(), Some("RUS"));
    }

    fn clauses_of<'a>(sentence: &'a str, speaker: Option<&str>) -> Vec<(&'a str, Option<String>)> {
        clauses(&Registry::builtin().unwrap(), sentence, speaker, Some("2019-03-30"), false)
            .into_iter()
            .map(|c| (&sentence[c.start..c.end], c.holder.actor))
            .collect()
    }

    #[test]
    fn clauses_with_other_holders_are_cut() {
        let voa = "The U.S. wants China to enforce sanctions and to nudge Pyongyang into resuming talks with \
                   Washington, while North Korea wants China to relax sanctions enforcement.";
        assert_eq!(
            clauses_of(voa, None),
            [
                ("The U.S. wants China to enforce sanctions and to nudge Pyongyang into resuming talks with Washington", Some("USA".into())),
                ("North Korea wants China to relax sanctions enforcement.", Some("PRK".into())),
            ]
        );
        // The speaker's own clause, then a reported one.
        assert_eq!(
            clauses_of("We want talks, but North Korea refuses to talk.", Some("USA")),
            [("We want talks", Some("USA".into())), ("North Korea refuses to talk.", Some("PRK".into()))]
        );
        // Non-ASCII text; the article stays with its name.
        assert_eq!(
            clauses_of(
                "Séoul’s envoy — Kim — said “yes”, whereas the Democratic People’s Republic of Korea rejects talks.",
                Some("KOR")
            ),
            [
                ("Séoul’s envoy — Kim — said “yes”", Some("KOR".into())),
                ("the Democratic People’s Republic of Korea rejects talks.", Some("PRK".into()))
            ]
        );
    }

    #[test]
    fn any_cut_of_a_sentence_gives_clauses_inside_it() {
        let registry = Registry::builtin().unwrap();
        let text = "We want talks; the U.S. — and China — said “no”, whereas Pyongyang rejects them – Seoul’s é 이 wants more, while the DPRK wants less; and Russia says so.";
        let whole: Vec<_> = clauses(&registry, text, Some("USA"), None, false)
            .into_iter()
            .map(|c| (&text[c.start..c.end], c.holder.actor.unwrap_or_default()))
            .collect();
        let holders: Vec<&str> = whole.iter().map(|(_, h)| h.as_str()).collect();
        assert_eq!(holders, ["USA", "PRK", "RUS"], "{whole:?}");
        for (i, _) in text.char_indices() {
            for s in [&text[..i], &text[i..]] {
                let mut end = 0;
                for c in clauses(&registry, s, Some("USA"), None, false) {
                    assert!(end <= c.start && c.start < c.end.max(1) && c.end <= s.len(), "{s:?}");
                    end = c.end;
                }
            }
        }
    }

    #[test]
    fn one_holder_is_one_clause() {
        for s in [
            "North Korea wants talks, but North Korea rejects sanctions.",
            "China and Russia said they oppose sanctions.",
            "Russia, China said no.",
            "We call on North Korea to return to the talks, and we remain ready.",
            "Since its third nuclear test, North Korea has called for a resumption of the talks.",
            "I mean, it’s not — Iranian support of the Houthis is nothing new.",
            "These attacks were launched from Iran, Iraq, Syria — Yemen against Israeli territory.",
        ] {
            assert_eq!(clauses_of(s, Some("USA")).len(), 1, "{s}");
        }
        let q = clauses(&Registry::builtin().unwrap(), "We want talks, but does North Korea?", Some("USA"), None, true);
        assert_eq!(q, [Clause { start: 0, end: 36, holder: Holder { actor: None, reported: false } }]);
    }

    /// Holders of a document's sentences in order: (sentence, speaker's actor, narration).
    fn in_order(doc_actor: Option<&str>, sentences: &[(&str, Option<&str>, bool)]) -> Vec<Option<String>> {
        let registry = Registry::builtin().unwrap();
        let mut d = Discourse::new(doc_actor.map(str::to_string), None);
        sentences
            .iter()
            .map(|(s, speaker, narration)| {
                let cut = d.clauses(&registry, s, *speaker, Some("2026-03-05"), false, *narration);
                cut[0].holder.actor.clone()
            })
            .collect()
    }

    #[test]
    fn articles_resolve_roles_to_the_parties_they_report_before_their_outlet() {
        let registry = Registry::builtin().unwrap();
        let mut d = Discourse::article(Some("CHN".into()), None);
        let mut next = |s: &str, narration: bool, speaker: Option<&str>| {
            d.clauses(&registry, s, speaker, Some("2005-02-10"), false, narration)[0].holder.actor.clone()
        };
        // The outlet's state (a Chinese paper) is not "the statement" it reports.
        assert_eq!(
            next("The DPRK said on Thursday it was suspending its participation — é.", true, None).as_deref(),
            Some("PRK")
        );
        assert_eq!(next("the statement said.", true, None).as_deref(), Some("PRK"));
        // So is an official it never introduced.
        assert_eq!(next("The official said — 관리.", true, None).as_deref(), Some("PRK"));
        // A person named since is not what "it" or "the statement" denote …
        assert_eq!(
            next("US Secretary of State Condoleezza Rice branded the DPRK an outpost of tyranny.", true, None)
                .as_deref(),
            Some("USA")
        );
        assert_eq!(next("it said.", true, None).as_deref(), Some("PRK"));
        // … and the words of a quotation report nobody for the narration after it.
        assert_eq!(next("The United States rejected it.", false, Some("PRK")).as_deref(), Some("USA"));
        assert_eq!(next("the statement added.", true, None).as_deref(), Some("PRK"));
    }

    #[test]
    fn parties_acting_together_hold_jointly() {
        for s in [
            "The United States and North Korea have agreed to resume talks.",
            "Pakistan and India have reportedly agreed to suspend their dialogue.",
            "The two sides agreed to meet again in Geneva.",
            "On Friday, all three countries agreed to keep channels open.",
            "Both leaders pledged to work toward denuclearization — “complete” and soon.",
        ] {
            assert_eq!(holder(s, None).as_deref(), Some("OTHER"), "{s}");
        }
        // Named together but not as the subject, or one party twice.
        assert_eq!(holder("Talks between the United States and North Korea resumed.", None), None);
        assert_eq!(holder("Seoul and South Korea’s president rejected the plan.", None).as_deref(), Some("KOR"));
        assert_eq!(holder("The two sides agreed on a date.", Some("USA")).as_deref(), Some("OTHER"));
    }

    #[test]
    fn a_surname_alone_is_the_person_the_text_introduced() {
        let narr = |s: &'static str| (s, None, true);
        // A title before the name, an appositive role after it, and a registry person.
        let got = in_order(
            None,
            &[
                narr("North Korea’s vice foreign minister Choe Son-hui was in Beijing."),
                narr("During the forum, Choe reaffirmed that the North will keep its weapons."),
                narr("Ryoo Kihl-jae, South Korea’s unification minister, was there too."),
                narr("Ryoo said Seoul wants talks."),
                narr("Sergei Lavrov was in Beijing with Wang Yi."),
                narr("Lavrov said Moscow opposes sanctions."),
                narr("Gallach said the talks were useful."),
            ],
        );
        let want = [None, Some("PRK"), None, Some("KOR"), None, Some("RUS"), None];
        assert_eq!(got, want.map(|a| a.map(str::to_string)));
        // The latest person with that name wins; a full name the text never gave names nobody.
        let got = in_order(
            None,
            &[
                narr("South Korea’s foreign minister Lee Min-ho met North Korean envoy Lee Chol."),
                narr("Lee added that talks must resume."),
                narr("Kim Gunn, South Korea’s deputy chief nuclear envoy, attended."),
                narr("Kim Yo Jong said the North rejects talks."),
                narr("Kim Anna said so."),
            ],
        );
        // (The envoy's own sentence is South Korea's: its role is the subject of "attended".)
        assert_eq!(got[1..], [Some("PRK"), Some("KOR"), Some("PRK"), None].map(|a| a.map(str::to_string)));
    }

    #[test]
    fn in_narration_the_subject_of_any_act_holds_it() {
        for (s, actor) in [
            ("Washington initiated a “maximum pressure campaign” against Iran — é.", "USA"),
            ("Iran won’t negotiate with the U.S. on any level, the supreme leader said.", "IRN"),
            ("North Korea is not considering talking with the U.S., said its foreign minister.", "PRK"),
            ("The United States then suspended oil shipments to the North.", "USA"),
            ("The U.S. Treasury Department took steps to bar U.S. banks from dealing with Macau.", "USA"),
            ("North Korea has since refused to set a date — für immer.", "PRK"),
            ("“Such a dialogue would be meaningless,” Pyongyang was quoted as saying.", "PRK"),
        ] {
            assert_eq!(holder(s, None).as_deref(), Some(actor), "{s}");
        }
        // Not in a speaker's turn, not a passive, not inside a relative clause.
        assert_eq!(holder("Washington initiated a campaign against us.", Some("PRK")).as_deref(), Some("PRK"));
        assert_eq!(holder("Iran was accused of enriching uranium.", None), None);
        assert_eq!(holder("The embargo that the United States extended hurts everyone.", None), None);
    }

    #[test]
    fn a_title_opens_its_subject_and_an_appositive_stands_before_an_act() {
        for (s, actor) in [
            ("In an interview on Monday, Mr. Trump took credit for the pause — é.", "USA"),
            (
                "The Donald Trump administration, which refused to recognise the vote, had also imposed sanctions.",
                "USA",
            ),
            ("The Democratic People’s Republic of Korea, or North Korea, has pledged to abandon them.", "PRK"),
            ("SEOUL, July 28 (NationPress) North Korea has expressed no interest in talks — 대화.", "PRK"),
            ("The powerful sister of North Korean leader Kim Jong Un ruled out talks.", "PRK"),
            // Two leaders named by their roles, one subject.
            ("Israeli Prime Minister Benjamin Netanyahu and Palestinian President Mahmoud Abbas have agreed to talks.", "OTHER"),
            ("Moscow, Jun 5 ( Prensa Latina ) Russian Foreign Ministry has expressed its condemnation.", "RUS"),
            ("With blunt language, Iran’s top authority rejected the premise of talks — é.", "IRN"),
            // An armed group speaks for no state.
            ("The Taliban have again rejected the offer of talks — é.", "OTHER"),
        ] {
            let registry = Registry::builtin().unwrap();
            let got = Discourse::default().clauses(&registry, s, None, Some("2019-01-05"), false, true);
            assert_eq!(got[0].holder.actor.as_deref(), Some(actor), "{s}");
        }
    }

    #[test]
    fn what_a_quoted_speaker_reports_of_a_party_is_that_party_s() {
        let registry = Registry::builtin().unwrap();
        let mut d = Discourse::article(None, None);
        // "…, the U.N. envoy said": the words say what North Korea does, so it holds them …
        d.enter_turn(Some("UN"), true);
        let said =
            |d: &mut Discourse, s: &str| d.clauses(&registry, s, Some("UN"), None, false, false)[0].holder.clone();
        let h = said(&mut d, "North Korea is not considering talks with the South — für immer.");
        assert_eq!((h.actor.as_deref(), h.reported), (Some("PRK"), true));
        // … only as the subject they start with, not a doer further on …
        let h = said(&mut d, "There is no point in talks since the United States turned away from them.");
        assert_eq!(h.actor.as_deref(), Some("UN"));
        // … and a demand stays the speaker's.
        assert_eq!(said(&mut d, "North Korea must return to the talks.").actor.as_deref(), Some("UN"));
        // Outside a quotation, a speaker's words keep their speaker.
        d.enter_turn(Some("UN"), false);
        assert_eq!(said(&mut d, "North Korea is not considering talks.").actor.as_deref(), Some("UN"));
    }

    #[test]
    fn agencies_in_brackets_and_datelines_with_a_hyphen() {
        for (s, actor) in [
            ("the official Korean Central News Agency (KCNA) said Thursday.", "PRK"),
            ("according to the Korean Central News Agency.", "PRK"),
            ("TOKYO (Reuters) - Japan strongly protests North Korea’s latest nuclear test — é.", "JPN"),
            ("Xinhua said in a commentary that dialogue was the only way.", "CHN"),
        ] {
            assert_eq!(holder(s, None).as_deref(), Some(actor), "{s}");
        }
        assert!(is_outlet("Seoul’s Yonhap news agency") && is_outlet("Kyodo") && !is_outlet("the foreign ministry"));
        assert!(!is_outlet("Xinhua"), "state media speak for their state");
    }

    fn piece(actor: Option<&str>, reported: bool, quoted: bool, named: bool, continues: bool) -> Piece {
        let holder = Holder { actor: actor.map(str::to_string), reported };
        Piece::new(&[Clause { start: 0, end: 1, holder }], quoted, named, false, continues)
    }

    #[test]
    fn pieces_of_one_sentence_share_its_holder() {
        // "North Korea has hailed its “bomb”, allegedly tested this week, as a deterrent." The
        // writer's fallback (RUS) gives way to the holder the first piece reports.
        let mut pieces = vec![
            piece(Some("PRK"), true, false, false, false),
            piece(Some("PRK"), false, true, true, true),
            piece(Some("RUS"), false, false, false, true),
            // A new sentence keeps its own.
            piece(Some("RUS"), false, false, false, false),
        ];
        share_across_pieces(&mut pieces);
        let shared: Vec<_> = pieces.iter().map(|p| p.shared().and_then(|h| h.actor.clone())).collect();
        assert_eq!(shared, [None, None, Some("PRK".into()), None]);
        // A quotation whose speaker only a role gave ("News Agency", cut from "the Korean Central
        // News Agency") takes the holder its narration reports.
        let mut pieces =
            vec![piece(Some("CHN"), false, true, false, false), piece(Some("PRK"), true, false, false, true)];
        share_across_pieces(&mut pieces);
        assert_eq!(pieces[0].shared().and_then(|h| h.actor.as_deref()), Some("PRK"));
        assert!(continues("North Korea has hailed its newly-developed", " “"));
        assert!(!continues("The talks failed.”", " "));
        assert!(!continues("North Korea rejects talks", "\n\n"));
    }

    #[test]
    fn passives_and_according_to_report_their_agent() {
        for (s, actor) in [
            ("Sanctions were condemned by the Foreign Ministry of the DPRK as “illegal” — é.", "PRK"),
            ("The sanctions were also roundly denounced as a crime by Russia.", "RUS"),
            ("According to the spokesman for China’s foreign ministry, Beijing opposes unilateral measures.", "CHN"),
            ("Washington wants talks, according to KCNA.", "USA"),
            ("The talks failed, according to KCNA.", "PRK"),
            ("The Council’s decision was welcomed by the United States, whose delegate called for more.", "USA"),
        ] {
            assert_eq!(holder(s, None).as_deref(), Some(actor), "{s}");
        }
        // The subject of an act holds it; a subject inside a relative clause describes.
        assert_eq!(holder("The Security Council imposed new sanctions on Eritrea.", None).as_deref(), Some("UN"));
        assert_eq!(
            holder("At the summit, the U.S. denied Kim’s demand to lift sanctions.", None).as_deref(),
            Some("USA")
        );
        assert_eq!(
            holder("The embargo that the United States has imposed on Cuba must end.", Some("ZMB")).as_deref(),
            Some("ZMB")
        );
        // A passive without an agent, or an agent that is no position's holder.
        assert_eq!(holder("Sanctions were imposed by the Council in 2006.", None), None);
        // Wire copy: a subject after a dateline's dashes, an adverb or a weekday before the
        // verb, and acts of withdrawal and defiance.
        for (s, actor) in [
            ("SEOUL (Yonhap) -- North Korea has adopted a new line on nuclear forces — é.", "PRK"),
            ("Iran reacted angrily, vowing to expand its programme.", "IRN"),
            ("China on Sunday defended its position on the talks.", "CHN"),
            ("Russia Monday called for an early resumption of the talks.", "RUS"),
            ("Pyongyang withdrew from the treaty in 2003.", "PRK"),
            ("Japan broke off the negotiations.", "JPN"),
            (". China also pledged to strengthen what it called its", "CHN"),
            ("- Iran said on Thursday that it had suspended the talks.", "IRN"),
            ("Despite this, Kim Yo Jong did not entirely rule out bilateral talks.", "PRK"),
        ] {
            assert_eq!(holder(s, None).as_deref(), Some(actor), "{s}");
        }
        // A passive subject holds nothing.
        assert_eq!(holder("Iran was angrily accused of stalling the talks.", None), None);
    }

    #[test]
    fn roles_resolve_through_their_words_then_the_document() {
        for (s, actor) in [
            ("South Korea’s foreign ministry, by contrast, welcomed the sanctions.", "KOR"),
            ("The South Korean foreign minister welcomed the offer.", "KOR"),
            ("A spokesperson for the DPRK Foreign Ministry denounced the drills.", "PRK"),
            ("The representative of the Russian Federation said that sanctions had failed.", "RUS"),
            ("Successive United States Administrations have repeatedly expressed no hostile intent.", "USA"),
            ("The Secretary-General called on all parties to resume talks.", "UN"),
            ("China, the North’s main ally, called for restraint — 이.", "CHN"),
            ("North Korea on Thursday condemned the sanctions.", "PRK"),
            ("The unification ministry called Monday for an early resumption of talks.", "KOR"),
        ] {
            assert_eq!(holder(s, None).as_deref(), Some(actor), "{s}");
        }
        // "The spokesman" in a State Department text is the department's.
        assert_eq!(
            in_order(Some("USA"), &[("The spokesman said talks remain possible.", None, true)]),
            [Some("USA".into())]
        );
        // The last holder with the same role, across sentences.
        let wire = [
            ("SEOUL — South Korea’s foreign ministry welcomed the sanctions.", None, true),
            ("The ministry also urged the North to return to talks.", None, true),
        ];
        assert_eq!(in_order(Some("USA"), &wire), [Some("KOR".into()), Some("KOR".into())]);
        // In a speaker's turn an unnamed role is the speaker and does not hide a third party.
        assert_eq!(holder("The President has said so.", Some("USA")).as_deref(), Some("USA"));
        assert_eq!(holder("The President said that China supports sanctions.", Some("USA")).as_deref(), Some("CHN"));
        assert_eq!(holder("Our government welcomes the talks.", Some("JPN")).as_deref(), Some("JPN"));
        // Not a role: analysts and people hold nothing.
        assert_eq!(holder("Analysts in Seoul doubt the sanctions will work.", None), None);
    }

    #[test]
    fn pronouns_denote_the_actor_the_text_established() {
        let news = [
            // In narration the doer of an act holds what the sentence says of it.
            ("North Korea fired a missile on Tuesday.", None, true),
            ("It said the launch was a “legitimate” exercise — é.", None, true),
            ("A spokesman for the foreign ministry demanded an end to sanctions.", None, true),
            ("He also ruled out talks.", None, true),
            // "It is against" reports nobody.
            ("It is against international law.", None, true),
        ];
        let prk = Some("PRK".to_string());
        assert_eq!(in_order(None, &news), [prk.clone(), prk.clone(), prk.clone(), prk, None]);
        // In a speaker's turn a pronoun with no holder before it in the turn is left to the speaker.
        assert_eq!(holder("They said they want talks.", Some("USA")).as_deref(), Some("USA"));
        let speech = [
            ("The Security Council has condemned our tests.", Some("PRK"), false),
            ("We reject that.", Some("PRK"), false),
            ("The United States is resorting to intrigue when it condemns our deterrent.", Some("PRK"), false),
        ];
        assert_eq!(in_order(None, &speech)[2].as_deref(), Some("PRK"));
        // "the North" once Korea has come up; never inside another name.
        let korea = [
            ("South Korea said talks were possible.", None, true),
            ("The North has rejected the offer.", None, true),
            ("The North Atlantic Council said nothing.", None, true),
        ];
        assert_eq!(in_order(None, &korea), [Some("KOR".into()), Some("PRK".into()), None]);
        // State media speak for their state (the held-out set's one miss).
        let media = [
            ("North Korea launched a satellite.", None, true),
            ("The North’s state media said the programme would continue — é.", None, true),
        ];
        assert_eq!(in_order(None, &media)[1].as_deref(), Some("PRK"));
        // A holder reported just before outranks a name since.
        let kcna = [
            ("According to the ministry, the U.S. must abandon its sanctions — é.", None, true),
            ("It added that talks are off.", None, true),
        ];
        assert_eq!(in_order(Some("PRK"), &kcna), [Some("PRK".into()), Some("PRK".into())]);
        // A quotation's speaker kept as a piece of the phrase that introduced it.
        let registry = Registry::builtin().unwrap();
        let mut d = Discourse::default();
        d.clauses(&registry, "The delegate of the Republic of Korea stressed that", None, None, false, true);
        assert_eq!(d.speaker_actor(&registry, "Korea", None).as_deref(), Some("KOR"));
        assert_eq!(d.speaker_actor(&registry, "Japan’s envoy", None).as_deref(), Some("JPN"));
        assert_eq!(d.speaker_actor(&registry, "Lee", None), None);
        assert_eq!(d.introducer().as_deref(), Some("KOR"));
    }

    #[test]
    fn a_statement_s_issuer_holds_its_narration() {
        let kcna = [
            ("The U.S.-led sanctions are nothing but a crime — 조선중앙통신.", Some("PRK"), true),
            ("The spokesman said no sanctions will ever work.", Some("PRK"), true),
            ("He stressed that the DPRK will never give up its deterrent.", Some("PRK"), true),
            ("The United States claims that sanctions work.", Some("PRK"), true),
        ];
        assert_eq!(
            in_order(Some("PRK"), &kcna),
            [Some("PRK".into()), Some("PRK".into()), Some("PRK".into()), Some("USA".into())]
        );
        let registry = Registry::builtin().unwrap();
        assert_eq!(actor_named(&registry, "Pyongyang", None).as_deref(), Some("PRK"));
        assert_eq!(actor_named(&registry, "KCNA", None).as_deref(), Some("PRK"));
        assert_eq!(actor_named(&registry, "Ministry of Foreign Affairs of Japan", None).as_deref(), Some("JPN"));
        let d = Discourse::default();
        assert_eq!(d.speaker_actor(&registry, "a State Department spokesperson", None).as_deref(), Some("USA"));
        assert_eq!(d.speaker_actor(&registry, "Lee Ji-hoon of Ewha’s graduate school", None), None);
    }

    #[test]
    fn questions_hold_nothing() {
        let h = find(&Registry::builtin().unwrap(), "Does China support sanctions?", Some("USA"), None, true);
        assert_eq!(h, Holder { actor: None, reported: false });
    }
}
