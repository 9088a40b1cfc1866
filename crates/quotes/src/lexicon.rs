//! Word lists the rules consult. Every list is lower case and matched against a lower-cased
//! token, so a lookup is one hash probe or a `matches!`, never a scan of the text.

use std::collections::HashSet;
use std::sync::OnceLock;

/// A set of lower-case words written as one space-separated literal (short to read, one
/// hash lookup to test), built on first use.
pub(crate) struct Words {
    text: &'static str,
    set: OnceLock<HashSet<&'static str>>,
}

impl Words {
    pub(crate) const fn new(text: &'static str) -> Self {
        Words { text, set: OnceLock::new() }
    }
    pub(crate) fn contains(&self, w: &str) -> bool {
        self.set.get_or_init(|| self.text.split_whitespace().collect()).contains(w)
    }
}

/// Verbs (and verb forms) that report speech or thought: the cue of an attribution.
static REPORTING: Words = Words::new(
    "acknowledge acknowledged acknowledges acknowledging add added adding adds admit admits admitted \
     admitting advised agree agreed agrees alleged alleges announce announced announces announcing \
     answered argue argued argues arguing asked asks assert asserted asserting asserts assured believe \
     believed believes boasted boasts bragged cautioned cautions chanted charged charges claim claimed \
     claiming claims commented complain complained complains conceded concedes concluded concludes \
     confirmed confirms contend contended contends continued countered counters declare declared \
     declares declaring denied denies emphasized emphasizes estimated estimates explain explained \
     explaining explains expressed fear feared fears feel feels grumbled hinted hope hoped hopes \
     indicate indicated indicates insist insisted insisting insists joked lamented maintain maintained \
     maintains mentioned mused noted notes noting observed pledged posted predict predicted predicts \
     proclaimed promised promises quipped recalled recalls recounted recounts reiterated reiterates \
     remarked replied replies reported reports responded responds retorted revealed reveals said say \
     saying says scoffed screamed shouted shouting signaled signalled snapped speculated state stated \
     states stressed stresses suggest suggested suggesting suggests tell telling tells testified think \
     thinks thought told tweeted tweeting tweets urged urges vowed vows warn warned warning warns wonder \
     wondered wonders write writes writing wrote yelled",
);

/// Reporting verbs that take the hearer as object before the reported clause
/// ("told reporters that …").
static TAKES_HEARER_WORDS: Words = Words::new("advised assured tell telling tells told urged warn warned warns");

pub fn takes_hearer(w: &str) -> bool {
    TAKES_HEARER_WORDS.contains(w)
}

pub fn is_reporting(w: &str) -> bool {
    REPORTING.contains(w)
}

/// Reporting verbs whose ambiguity as nouns or in other senses ("reports", "states", "fears",
/// "state") makes them cues only right after a clear subject.
static WEAK_REPORTING_WORDS: Words = Words::new(
    "believe charges claims confirmed confirms continued denied denies expressed fear fears feel feels \
     hope hopes indicated indicates posted reported reports say signaled signalled state states tell \
     think warn wonder write",
);

pub fn is_weak_reporting(w: &str) -> bool {
    WEAK_REPORTING_WORDS.contains(w)
}

/// Verbs that report speech only with a clause or quotation after them ("denied that …",
/// not "denied the request").
static NEEDS_CLAUSE_WORDS: Words = Words::new(
    "acknowledged acknowledges admits admitted advised announced announces asked asks assured cautioned \
     charged charges commented complained complains confirmed confirms continued denied denies estimated \
     estimates expressed fear feared fears feel feels hope hoped hopes indicate indicated indicates \
     mentioned observed pledged posted predicted predicts promised promises recalled recalls remarked \
     reported reports revealed reveals signaled signalled testified urged urges vowed vows",
);

pub fn needs_clause(w: &str) -> bool {
    NEEDS_CLAUSE_WORDS.contains(w)
}

/// Verbs of speaking that take an object and a quoted description of it ("called it
/// “shameful”", "described the protests as “very peaceful”").
static SPEECH_ACT_WORDS: Words = Words::new(
    "accused accuses accusing added argued attacked blamed blames blaming blasted branded call called \
     calling calls cast casting chanted chanting characterized characterizes cited citing compared \
     condemned criticised criticized criticizes criticizing declared declaring decried denounced derided \
     described describes describing dismissed dubbed dubs echoed framed hailed insisted insisting \
     invoked labeled labelled labels lambasted likened mocked noted painted pledged pledging portrayed \
     praised praises praising predicted predicting promise promised promising quoted quoting referred \
     referring refers rejected repeated ridiculed said says screamed seeking shouted shouting slammed \
     stressed termed told touted touts tweeted urged urging vow vowed vowing warned writing wrote yelled \
     yelling",
);

pub fn is_speech_act(w: &str) -> bool {
    SPEECH_ACT_WORDS.contains(w)
}

/// Nouns naming a message: "a statement that …", "a tweet saying …".
static MESSAGE_NOUN_WORDS: Words = Words::new(
    "allegation allegations announcement article assertion cable claim claims column commentary comments \
     e-mail editorial email interview letter memo message note op-ed post release remarks report reports \
     speech statement statements suggestion tweet tweets video warning",
);

pub fn is_message_noun(w: &str) -> bool {
    MESSAGE_NOUN_WORDS.contains(w)
}

/// Subject pronouns that can be speakers.
static PRONOUN_WORDS: Words = Words::new("he i it she they we you");

pub fn is_pronoun(w: &str) -> bool {
    PRONOUN_WORDS.contains(w)
}

static DETERMINER_WORDS: Words = Words::new(
    "a all an another both each few four her his its many most one other our several some the their \
     these this those three two",
);

pub fn is_determiner(w: &str) -> bool {
    DETERMINER_WORDS.contains(w)
}

/// Adverbs and auxiliaries allowed between a subject and its reporting verb.
static VERB_FILLER_WORDS: Words = Words::new(
    "again also angrily bluntly clearly could earlier even explicitly finally firmly first flatly \
     frequently further had has have initially just later long may might now often once openly \
     previously privately publicly quickly recently repeatedly reportedly simply specifically still \
     strongly subsequently then will would",
);

pub fn is_verb_filler(w: &str) -> bool {
    VERB_FILLER_WORDS.contains(w)
}

/// Words that open an adjunct after a reporting verb ("said in a statement on Friday that").
static ADJUNCT_PREPOSITION_WORDS: Words = Words::new("after at before by during from in on over through to via with");

pub fn is_adjunct_preposition(w: &str) -> bool {
    ADJUNCT_PREPOSITION_WORDS.contains(w)
}

static TEMPORAL_WORDS: Words = Words::new(
    "afternoon again also bluntly earlier evening flatly friday however last later monday month morning \
     next night once previously privately publicly recently repeatedly saturday separately simply sunday \
     then this thursday today tonight too tuesday wednesday week weekend year yesterday",
);

pub fn is_temporal(w: &str) -> bool {
    TEMPORAL_WORDS.contains(w)
}

/// Lower-case words that end a subject noun phrase scanned backwards: clause openers,
/// conjunctions and prepositions that cannot sit inside a speaker's name or title.
static CLAUSE_WORD_WORDS: Words = Words::new(
    "after although and are as be because been before but how if is nor not once or since so than that \
     though to unless until was were what when where whether which while who whom why yet",
);

pub fn is_clause_word(w: &str) -> bool {
    CLAUSE_WORD_WORDS.contains(w)
}

/// Prepositions allowed inside a speaker's noun phrase: "a spokesman for the ministry",
/// "director of the institute".
static NP_PREPOSITION_WORDS: Words = Words::new("at for from in of on with");

pub fn is_np_preposition(w: &str) -> bool {
    NP_PREPOSITION_WORDS.contains(w)
}

/// Capitalised words that open a sentence without starting a name.
static CAPITALISED_OPENER_WORDS: Words = Words::new(
    "a according additionally after all also although amid among an and another any april as asked at \
     august because before besides both but by december despite during each earlier even every february \
     finally first following for friday from further furthermore he hence her here his how however i if \
     in indeed instead it its january july june just last later like many march may maybe meanwhile \
     monday moreover my no nor not november now october of on once one only or other otherwise our over \
     overall perhaps rather said saturday says second separately september she since so some speaking \
     still sunday that the their then there these they third this those though three thursday thus to \
     today tuesday two under unlike until update we wednesday what when where while why with without \
     writing yesterday yet you",
);

pub fn is_capitalised_opener(w: &str) -> bool {
    CAPITALISED_OPENER_WORDS.contains(w)
}

/// Days and months, capitalised but never a speaker.
static CALENDAR_WORDS: Words = Words::new(
    "apr. april aug. august dec. december feb. february friday jan. january july june mar. march monday \
     nov. november oct. october saturday sep. sept. september sunday thursday tuesday wednesday",
);

pub fn is_calendar(w: &str) -> bool {
    CALENDAR_WORDS.contains(w)
}

/// Titles and honorifics written before a name (lower case, without trailing dot).
static TITLE_WORDS: Words = Words::new(
    "acting adm admiral adviser advisor amb ambassador assistant attorney bishop candidate capt captain \
     cardinal chair chairman chairwoman chancellor chief col colonel commander commissioner congressman \
     congresswoman coordinator counselor dame defence defense delegate democratic deputy director dr \
     economic envoy ex executive father finance first foreign former gen general gop gov governor health \
     homeland house imam interior jr judge justice king lady leader lieutenant lord lt maj major \
     majority mayor minister minority miss mr mrs ms national nominee officer pope premier president \
     presidential press prime prince princess prof professor queen rabbi rep representative republican \
     rev reverend sec secretary security sen senate senator senior sgt sheikh sir speaker special \
     spokesman spokesperson spokeswoman state supreme top trade treasury u.s under undersecretary us \
     vice whip",
);

pub fn is_title(w: &str) -> bool {
    let w = w.trim_end_matches('.');
    TITLE_WORDS.contains(w)
}

/// Honorifics that mark gender.
pub fn title_gender(w: &str) -> Option<Gender> {
    match w.trim_end_matches('.') {
        "mr" | "sir" | "lord" | "king" | "prince" | "congressman" | "spokesman" | "chairman" | "father" => {
            Some(Gender::Male)
        }
        "ms" | "mrs" | "miss" | "dame" | "lady" | "queen" | "princess" | "congresswoman" | "spokeswoman"
        | "chairwoman" => Some(Gender::Female),
        _ => None,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gender {
    Male,
    Female,
}

static MALE: Words = Words::new(
    "aaron abdullah abe adam al alan albert alex alexander alexei ali allen andrew andy angus anthony \
     antonio antony ari arnold art barack barney ben benjamin bernie bill billy bob bobby brad bradley \
     brendan brent brett brian bruce bryan buck carl carlos chad charles charlie chris christian \
     christopher chuck clarence cliff clint colin cory craig dan daniel danny darrell dave david dean \
     denis dennis devin dick dmitry don donald doug douglas duncan dwight ed eddie edward elijah elliott \
     emmanuel eric erik ernest evan frank franklin fred frederick gabriel gary gavin gene geoff george \
     gerald glenn gordon greg gregory guy hakeem hank harold harry hassan henry herman howard hugh \
     hunter ian isaac ivan jack jacob jake james jared jason jay jeb jeff jeffrey jeremy jerry jesse jim \
     jimmy joe joel john johnny jon jonathan jordan jorge jose joseph josh joshua juan julian justin \
     karl keith ken kenneth kevin kirk kurt kyle lamar larry lawrence lee leon lindsey lloyd louis luis \
     luke lyndon marco mark martin matt matthew max michael mick mickey miguel mike mitch mitt mohammed \
     muhammad nathan neil newt nicholas nick nigel norman oliver omar orrin oscar pat patrick paul pete \
     peter phil philip phillip preet ralph rand randy ray raymond reince rex rich richard rick rob robby \
     robert roger ron ronald ronny roy rudy russ russell ryan sam samuel scott sean sergei sergey seth \
     shaun sherrod stan stanley stephen steve steven stuart ted terry thad thomas tim timothy todd tom \
     tommy tony travis trey troy tyler vic victor vincent vladimir wade walter warren wayne will william \
     willie xi yuri zach zachary",
);

static FEMALE: Words = Words::new(
    "abby abigail alexandra alice alicia alison amanda amber amy ana andrea angela angie ann anna anne \
     annie barbara betsy betty beverly brenda bridget brittany candace carly carol caroline carolyn \
     catherine cathy charlotte chelsea cheryl christina christine cindy claire claudia condoleezza \
     cynthia dana daniela debbie deborah debra denise diana diane donna doris dorothy elaine eleanor \
     elena elizabeth ellen emily emma erin eva evelyn fiona frances gina gloria grace hannah heather \
     heidi helen hillary holly huma ivanka jackie jacqueline jane janet janice jean jeanne jen jennifer \
     jessica jill joan joanne jodi jody joni josephine joy joyce judith judy julia julie karen kate \
     katherine kathleen kathryn kathy katie katrina kay kayleigh kelly kellyanne kim kimberly kirsten \
     kristen laura lauren leslie linda lisa loretta lori louise lucy lynn madeleine maggie marcia \
     margaret maria marie marilyn marsha martha mary maxine megan meghan melania melissa michele \
     michelle mitzi molly monica nancy natalie nicole nikki nina olivia pamela patricia patty paula \
     peggy penny rachel rebecca robin rosa rose ruth sally samantha sandra sara sarah sharon sheila \
     shirley stephanie sue susan susana suzanne sylvia tammy tara teresa theresa tina tulsi valerie \
     victoria virginia wendy yvonne",
);

/// The gender a first name usually marks, for pronoun agreement only. "Kim" is left out of
/// the male list on purpose: as a Korean surname it marks nothing.
pub fn first_name_gender(w: &str) -> Option<Gender> {
    if w == "kim" {
        return None;
    }
    if MALE.contains(w) {
        Some(Gender::Male)
    } else if FEMALE.contains(w) {
        Some(Gender::Female)
    } else {
        None
    }
}

pub fn is_first_name(w: &str) -> bool {
    MALE.contains(w) || FEMALE.contains(w)
}

/// Words in a role that mark a government post.
static GOVERNMENT_WORD_WORDS: Words = Words::new(
    "administration adviser advisor agency ambassador army attache authorities cabinet chairman \
     chancellor commander congressman congresswoman consul councillor delegate delegation department \
     deputy diplomat diplomats embassy envoy envoys general government governor lawmaker lawmakers \
     leader leadership legislator mayor military minister ministers ministry navy negotiator negotiators \
     office officer officers official officials premier president regime representative secretariat \
     secretary senator spokesman spokespeople spokesperson spokeswoman state vice",
);

pub fn is_government_word(w: &str) -> bool {
    GOVERNMENT_WORD_WORDS.contains(w)
}

/// Words in a role that mark someone outside government: analysts, academics, think tanks.
static NONGOVERNMENT_WORD_WORDS: Words = Words::new(
    "academic academy activist activists analyst analysts author brookings carnegie center centre \
     college commentator company consultant council csis economist expert experts fellow firm focus \
     foundation group heritage historian institute institution journalist lecturer ngo non-profit \
     nonprofit observer observers pollster professor rand researcher researchers scholar scholars school \
     strategist tank think-tank university watchdog",
);

pub fn is_nongovernment_word(w: &str) -> bool {
    NONGOVERNMENT_WORD_WORDS.contains(w)
}

/// Words that make a post a past one ("former", "ex-").
static PAST_WORD_WORDS: Words = Words::new("erstwhile ex former late one-time onetime retired then");

pub fn is_past_word(w: &str) -> bool {
    PAST_WORD_WORDS.contains(w)
}

/// Role heads grouped by what they denote, so "the U.S. envoy" can be matched with a person
/// introduced as "special representative" or "ambassador".
pub fn role_class(w: &str) -> Option<&'static str> {
    Some(match w {
        "envoy" | "ambassador" | "representative" | "negotiator" | "diplomat" => "envoy",
        "spokesman" | "spokeswoman" | "spokesperson" => "spokesperson",
        "minister" => "minister",
        "president" => "president",
        "secretary" => "secretary",
        "senator" => "senator",
        "nominee" | "candidate" => "candidate",
        "governor" => "governor",
        "premier" | "chancellor" => "premier",
        "leader" => "leader",
        _ => return None,
    })
}

/// Words before a sentence's subject that are no part of it ("However, …", "But …").
static SUBJECT_OPENER_WORDS: Words =
    Words::new("however but and meanwhile still yet also separately instead now so indeed moreover");

pub fn is_subject_opener(w: &str) -> bool {
    SUBJECT_OPENER_WORDS.contains(w)
}

/// Capitalised words that open an introductory phrase, not a clause ("Despite …,", "Asked
/// about …,").
static INTRO_WORDS: Words = Words::new(
    "despite following during amid since until unlike like among under asked speaking weighing \
     responding writing appearing addressing pressed later earlier",
);

pub fn is_intro_word(w: &str) -> bool {
    INTRO_WORDS.contains(w)
}

/// Subordinators that end the search, backwards, for the subject shared by coordinated
/// reporting verbs.
static CLAUSE_BOUNDARY_WORDS: Words = Words::new("when while after because since although as if that before though");

pub fn is_clause_boundary(w: &str) -> bool {
    CLAUSE_BOUNDARY_WORDS.contains(w)
}

/// Message nouns whose "that" clause holds the subject's own words ("stirred controversy
/// with an assertion that …").
static OWN_MESSAGE_WORDS: Words =
    Words::new("assertion claim claims suggestion warning promise pledge allegation allegations");

pub fn is_own_message(w: &str) -> bool {
    OWN_MESSAGE_WORDS.contains(w)
}

/// Last words of a capitalised run before a colon that make it a page heading, not a
/// speaker ("Editor’s note:", "Related:").
static NOT_LABEL_HEAD_WORDS: Words = Words::new(
    "note update correction watch related source sources photo video editor about opinion \
     analysis exclusive breaking live read more",
);

pub fn is_not_label_head(w: &str) -> bool {
    NOT_LABEL_HEAD_WORDS.contains(w)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookups() {
        assert!(is_reporting("said") && !is_reporting("according"));
        assert_eq!(first_name_gender("hillary"), Some(Gender::Female));
        assert_eq!(first_name_gender("kim"), None);
    }
}
