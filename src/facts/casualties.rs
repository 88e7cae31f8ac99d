//! Killed and injured figures: which count goes with which outcome, whose
//! victims they were, and which figures belong to the reported event rather
//! than to earlier events, cumulative tolls or hypotheticals.
//!
//! A figure is a count ("four", "at least 12", "a") linked to an outcome word
//! ("were killed", "wounding", "shot dead") in one of two shapes:
//! - passive or intransitive: "four of its soldiers were killed", "3 dead";
//! - active, count as object: "wounding three soldiers", "the killing of 3".
//!
//! Singular victims without a count ("the victim was pronounced dead") count
//! as one. Repeated mentions of the same victims are merged by taking the
//! largest figure per side and group, not the sum.

use super::knowledge::{Knowledge, PartyKind, PartyMention, PlaceMention};
use super::lang::{self, OutcomeKind};
use super::numbers::{self, Quantity};
use super::sentences::Span;
use super::tokens::{tokenize, Token, TokenKind};
use super::{BackgroundFigure, Casualty, Evidence, Totals};

mod background;
mod coded;
mod headline;
mod scenes;
mod self_inflicted;
mod shapes;
mod singular;
mod tally;
mod vocabulary;

use background::*;
pub use background::{background_cue, contains_words as contains_cue};
pub use coded::{coded_fatalities, split_events};
use headline::*;
use self_inflicted::*;
use shapes::*;
use singular::*;
use tally::*;
use vocabulary::*;

// The outcome phrase at a word, one rule per phrase shape after the table's.
mod outcome;
use outcome::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    Killed,
    Injured,
    /// Hit by gunfire, fate not stated: counted as injured unless killed.
    Shot,
}

/// One figure found in a sentence.
#[derive(Debug, Clone)]
struct Mention {
    outcome: Outcome,
    value: u32,
    approximate: bool,
    additive: bool,
    /// Told with a number ("1 wounded", "one man"), not an article ("a man").
    explicit: bool,
    /// Part of a figure already counted ("including three children").
    part_of: bool,
    /// "One of them was a girl who ...": one of the victims counted just
    /// before, told again — no entry of its own.
    among_counted: bool,
    /// A lone victim told right after another in the same sentence ("a girl
    /// was grazed, and a man was shot"): one more, unless a figure counts both.
    one_more: bool,
    group: Option<&'static str>,
    side: Option<String>,
    /// Token of the outcome word: figures sharing it add up ("two soldiers and
    /// three civilians were killed").
    verb: usize,
    /// Sentence number, set when the article is assembled.
    sentence: usize,
    /// Why the figure is outside the event, when it is.
    background: Option<&'static str>,
    /// `background` says only that the figure was told of an earlier day.
    day_before: bool,
    /// A named victim ("summerfield"): different names are different people.
    name: Option<String>,
    /// The lede's toll of several attacks told at once: the event's toll,
    /// not a part of it.
    stated_total: bool,
    /// Token range of the victim phrase (count .. noun).
    first: usize,
    last: usize,
}

impl Mention {
    /// A figure of `value` victims of `outcome`, with every flag off: the
    /// readers set what their phrase tells.
    fn new(
        outcome: Outcome,
        value: u32,
        group: Option<&'static str>,
        first: usize,
        last: usize,
    ) -> Self {
        Mention {
            outcome,
            value,
            approximate: false,
            additive: false,
            explicit: false,
            part_of: false,
            among_counted: false,
            one_more: false,
            group,
            side: None,
            verb: first,
            sentence: 0,
            background: None,
            day_before: false,
            name: None,
            stated_total: false,
            first,
            last,
        }
    }
}

/// All figures of one sentence.
#[derive(Debug, Clone)]
struct SentenceFigures {
    evidence: Evidence,
    /// The headline or one of the first body sentences: the reported event.
    in_lede: bool,
    /// The part of the event the sentence tells, when the story tells it
    /// place by place (`scenes::parts`).
    part: Option<usize>,
    mentions: Vec<Mention>,
}

/// Casualty figures of an article.
#[derive(Debug, Clone, Default)]
pub struct Extracted {
    pub casualties: Vec<Casualty>,
    /// For each of `casualties`, the part of the event it belongs to when
    /// the story tells the event place by place: entries of different parts
    /// are different victims, never merged ([`per_part`]).
    pub parts: Vec<Option<usize>>,
    pub totals: Totals,
    pub background: Vec<BackgroundFigure>,
}

/// `merge` (one entry per side and group, victims counted once) applied to
/// the entries of each part of the event on their own: the parts of a story
/// told place by place are different victims.
pub fn per_part(
    casualties: Vec<Casualty>,
    parts: &[Option<usize>],
    merge: impl Fn(Vec<Casualty>) -> Vec<Casualty>,
) -> Vec<Casualty> {
    let mut keys: Vec<Option<usize>> = parts.to_vec();
    keys.sort_unstable();
    keys.dedup();
    if keys.len() <= 1 || parts.len() != casualties.len() {
        return merge(casualties);
    }
    let mut out = Vec::new();
    for key in keys {
        let of_part: Vec<Casualty> = casualties
            .iter()
            .zip(parts)
            .filter(|(_, p)| **p == key)
            .map(|(c, _)| c.clone())
            .collect();
        out.extend(merge(of_part));
    }
    out
}

fn victim_group(t: &Token) -> Option<&'static str> {
    if t.kind != TokenKind::Word {
        return None;
    }
    let w = t.base();
    if let Some(g) = lang::current().victim_group(w) {
        return Some(g);
    }
    // "32 Palestinians", "two Israelis": a people named by its demonym.
    if t.capital && Knowledge::global().people_of(w).is_some() {
        return Some(GENERIC);
    }
    // "12-year-old", "15-year-olds"
    if w.ends_with("-year-old") || w.ends_with("-year-olds") || w.ends_with("-month-old") {
        return Some(GENERIC);
    }
    None
}

fn is_plural_victim(t: &Token) -> bool {
    let w = t.base();
    w.ends_with('s')
        || matches!(
            w,
            "people" | "men" | "women" | "children" | "police" | "personnel"
        )
}

/// "killed or wounded", "killed, injured or captured": no figure belongs to
/// either outcome alone.
fn ambiguous(toks: &[Token], k: usize, len: usize) -> bool {
    let at = |n: usize| toks.get(n).map(|t| t.lower.as_str()).unwrap_or("");
    let after = k + len;
    at(after) == "or" || (at(after) == "," && at(after + 2) == "or") || (k > 0 && at(k - 1) == "or")
}

/// End of a personal name starting at `j` ("Eric Summerfield"): capitalized
/// words that are not weekdays, months or function words.
fn proper_name_at(toks: &[Token], j: usize) -> Option<usize> {
    // "Wounds Four", "Kills Three": a headline's count, not a name.
    if numbers::parse_at(toks, j).is_some_and(|q| !q.article) {
        return None;
    }
    let mut e = j;
    while toks.get(e).is_some_and(|t| {
        t.capital
            && t.kind == TokenKind::Word
            && !t.is_any(not_names())
            && victim_group(t).is_none()
    }) {
        e += 1;
    }
    (e > j && e - j <= 4).then_some(e)
}

fn is_clause_break(t: &Token) -> bool {
    t.is_any(clause_breaks())
}

/// Where a clause about something named before starts (", which", ",
/// where"), if the sentence has one.
fn relative_tail(sentence: &str) -> Option<usize> {
    RELATIVE_OPENERS
        .iter()
        .filter_map(|opener| sentence.find(opener))
        .min()
}

/// Victims read so far in a sentence: where their phrase ends, what
/// happened to them, their side and group.
struct Told {
    end: usize,
    outcome: Outcome,
    side: Option<String>,
    group: Option<&'static str>,
}

/// "Two Israeli soldiers were killed and five others wounded": victims
/// counted as "others" with no side of their own, hit otherwise than those
/// told just before them in the sentence, are more of them: of their side,
/// and of their group when the phrase names none. With the same outcome
/// they are the rest ("4 extremists, 23 others dead"), no more of them.
fn more_of_the_others(
    toks: &[Token],
    m: &Mention,
    told: &[Told],
) -> Option<(Option<String>, Option<&'static str>)> {
    let others = toks
        .get(m.first..=m.last)?
        .iter()
        .any(|t| t.is_any(&["others", "other"]));
    if !others || m.side.is_some() {
        return None;
    }
    let before = told
        .iter()
        .filter(|t| t.end < m.first)
        .max_by_key(|t| t.end)
        .filter(|t| t.outcome != m.outcome)?;
    let group = match m.group {
        None | Some(GENERIC) => before.group.or(m.group),
        own => own,
    };
    Some((before.side.clone(), group))
}

/// Whether the outcome verb at `k` (of length `len`) takes an object right
/// after it ("killed 3 people", "wounding three soldiers", "killing a man").
fn object_after(toks: &[Token], k: usize, len: usize) -> Option<Quantity> {
    let mut j = k + len;
    // "injuries to five other people"
    if toks[k].is_any(&["injuries", "wounds"]) && toks.get(j).is_some_and(|t| t.is("to")) {
        return numbers::parse_at(toks, j + 1).filter(|q| !q.article);
    }
    // "the death toll rose to 12", "raising the death toll from the attack to
    // two", "the toll climbed to 20", "the number of dead reached 31", "the
    // number of people killed in the strike on the suburb has risen to 45"
    let toll =
        (toks[k].is_any(&["death", "the"]) && len == 2) || (toks[k].is("number") && len >= 3);
    if toll {
        let reach = if len > 3 { 16 } else { 8 };
        return (j..toks.len().min(j + reach))
            .take_while(|&n| !toks[n].is_punct())
            .find_map(|n| {
                let prev_ok = n > 0 && toks[n - 1].is_any(&["to", "at", "of", "reached", "hit"]);
                numbers::parse_at(toks, n).filter(|q| prev_ok && !q.article)
            });
    }
    let one = |start: usize, end: usize| Quantity {
        value: 1,
        approximate: false,
        additive: false,
        article: false,
        start,
        end,
    };
    // "killing her", "shot him"
    if toks.get(j).is_some_and(|t| t.is_any(&["him", "her"]))
        && !toks
            .get(j + 1)
            .is_some_and(|t| t.kind == TokenKind::Word && victim_group(t).is_some())
    {
        return Some(one(j, j + 1));
    }
    // "kills friend", "shot 19-year-old Ana Ruiz"; not "shooting victim"
    let gerund = toks.get(k).is_some_and(|t| t.lower.ends_with("ing"));
    if !gerund
        && toks
            .get(j)
            .is_some_and(|t| victim_group(t).is_some() && !is_plural_victim(t))
    {
        return Some(one(j, j + 1));
    }
    // "Death Of 8-Year-Old Camden Girl", "the death of teen": one victim.
    if toks.get(j).is_some_and(|t| t.is("of"))
        && toks
            .get(j + 1)
            .is_some_and(|t| victim_group(t).is_some() && !is_plural_victim(t))
    {
        return Some(one(j + 1, j + 2));
    }
    // "shot Summerfield", "the death of Eric Summerfield"
    if let Some(name_end) = proper_name_at(toks, j).filter(|_| !gerund || toks[j - 1].is("of")) {
        return Some(one(j, name_end));
    }
    // "killed the head of a programme", "shot dead the leader of the gang"
    if toks.get(j).is_some_and(|t| t.is("the"))
        && toks
            .get(j + 1)
            .is_some_and(|t| t.kind == TokenKind::Word && !is_non_person(t))
        && toks.get(j + 2).is_some_and(|t| t.is("of"))
        && !toks.get(j + 1).is_some_and(|t| t.lower.ends_with('s'))
    {
        return Some(one(j, j + 1));
    }
    // "fatally shooting his 5-year-old daughter", "killing the youngster"
    if toks
        .get(j)
        .is_some_and(|t| t.is_any(&["his", "her", "the", "their", "its"]))
    {
        if let Some((n, _)) = victim_after(toks, j + 1, 3) {
            if !is_plural_victim(&toks[n]) && !toks[j].is("their") && !toks[j].is("its") {
                // Only the determiner is the count: "the man" is someone
                // already named, counted in the generic group.
                return Some(one(j, j + 1));
            }
        }
    }
    // "killed at least", "the killing of 3", "claimed the lives of 4", "killed one and"
    while toks.get(j).is_some_and(|t| {
        t.is_any(&[
            "of",
            "also",
            "reportedly",
            "allegedly",
            "another",
            "the",
            "all",
        ])
    }) {
        if toks[j].is("another") {
            break;
        }
        if toks[j].is("the") && !toks.get(j + 1).is_some_and(|n| n.kind == TokenKind::Number) {
            // "the 3 soldiers" is a count, "the victim" is not.
            return None;
        }
        j += 1;
    }
    numbers::parse_at(toks, j)
}

/// "her sons, 7 and 8, were hurt", "Smith, 24, and Jones were shot": ages
/// set off by commas after a person are not counts. Returns where they end.
fn age_aside_end(toks: &[Token], i: usize, q: &Quantity) -> Option<usize> {
    if toks[i].kind != TokenKind::Number || q.value >= 120 || i < 2 {
        return None;
    }
    let at = |n: usize| toks.get(n);
    // The second of a pair ("7 and 9,") when the first was no count itself.
    let second = toks[i - 1].is("and")
        && i >= 4
        && toks[i - 2].kind == TokenKind::Number
        && toks[i - 3].is(",");
    let first = if second { i - 2 } else { i };
    if !toks[first - 1].is(",") {
        return None;
    }
    let person = &toks[first - 2];
    if person.kind != TokenKind::Word || !(person.capital || victim_group(person).is_some()) {
        return None;
    }
    if at(q.end).is_none_or(|t| t.is(",")) {
        return Some(q.end);
    }
    let pair = !second
        && at(q.end).is_some_and(|t| t.is("and"))
        && at(q.end + 1).is_some_and(|t| t.kind == TokenKind::Number)
        && at(q.end + 2).is_none_or(|t| t.is(","));
    pair.then_some(q.end + 2)
}

/// The victim noun after a count, skipping adjectives and "of its"
/// ("four of its soldiers", "three Azerbaijani soldiers", "a 17-year-old boy").
fn victim_after(toks: &[Token], from: usize, limit: usize) -> Option<(usize, &'static str)> {
    let mut j = from;
    while j < toks.len() && j < from + limit {
        let t = &toks[j];
        if let Some(g) = victim_group(t) {
            // "police officer": the head is the last noun.
            let mut h = j;
            while toks.get(h + 1).and_then(victim_group).is_some() {
                h += 1;
            }
            return Some((h, victim_group(&toks[h]).unwrap_or(g)));
        }
        if t.is_punct() && !t.is("-") || is_clause_break(t) || outcome_at(toks, j).is_some() {
            return None;
        }
        if t.kind == TokenKind::Number || t.is_any(&["and", "or", "were", "was", "are", "is"]) {
            return None;
        }
        j += 1;
    }
    None
}

/// Outcome words telling a victim's state rather than what was done to them
/// ("suffered", "is expected to survive").
fn told_state(t: &Token) -> bool {
    t.is_any(state_verbs())
        || t.is_any(&[
            "suffering",
            "sustaining",
            "fighting",
            "expected",
            "recovering",
            "released",
            "discharged",
            "go",
            "goes",
        ])
}

/// How far after a hit a death of the same victim is looked for ("was taken
/// to a hospital in critical condition with wounds to the chest and the
/// legs, where he later died"). A bound keeps the readers that look ahead
/// from each trigger word linear in the sentence, however many triggers a
/// garbled page repeats.
pub(super) const DEATH_AFTER_WINDOW: usize = 48;

/// Whether a death is told from token `from` on, within
/// [`DEATH_AFTER_WINDOW`] tokens ("... and later died").
pub(super) fn death_told_after(toks: &[Token], from: usize) -> bool {
    toks.iter().skip(from).take(DEATH_AFTER_WINDOW).any(|t| {
        t.is_any(&[
            "died",
            "dead",
            "dies",
            "succumbed",
            "death",
            "killed",
            "fatally",
        ])
    })
}

/// "was shot in the chest but survived": the hit told at `verb` left its
/// victim alive.
fn survived_after(toks: &[Token], verb: usize) -> bool {
    let tail = &toks[verb + 1..toks.len().min(verb + 10)];
    let end = tail
        .iter()
        .position(|t| t.is_any(&[".", ";", "while", "whereas", "who", "when"]))
        .unwrap_or(tail.len());
    tail[..end].iter().enumerate().any(|(i, t)| {
        t.is_any(&["survived", "survives"])
            && i > 0
            && tail[i.saturating_sub(3)..i]
                .iter()
                .any(|a| a.is_any(&["but", "and"]))
    })
}

/// Figures of one sentence (tokens already read).
fn sentence_mentions(toks: &[Token], lower: &str, sentence: &str) -> Vec<Mention> {
    let mut out = Vec::new();
    let mut used_verb = vec![false; toks.len()];
    let mut used_count = vec![false; toks.len()];

    let outcomes = Outcomes::of(toks);
    active_shape(toks, &outcomes, &mut used_verb, &mut used_count, &mut out);
    along_with(toks, &mut used_verb, &mut used_count, &mut out);
    count_first_shape(toks, &outcomes, &mut used_verb, &mut used_count, &mut out);

    // "A girl was grazed, and a man was shot in the leg": lone victims told
    // one after the other, each with its own article, add up.
    let mut previous_hurt: Option<(usize, Outcome)> = None;
    for m in out.iter_mut() {
        let lone = m.value == 1 && !m.explicit && !m.additive && m.outcome != Outcome::Killed;
        if !lone {
            if m.outcome != Outcome::Killed {
                previous_hurt = None;
            }
            continue;
        }
        if let Some((prev, prev_outcome)) = previous_hurt {
            let own_subject = toks[m.first].is_any(&["a", "an"])
                && prev < m.first
                && toks[m.first - 1].is_any(&["and", ",", "while", "whereas"])
                && m.group.is_some();
            if own_subject {
                m.additive = true;
                m.one_more = true;
                m.outcome = prev_outcome;
            }
        }
        previous_hurt = Some((m.verb, m.outcome));
    }

    // A figure introduced by "including" or "among them" is part of another.
    for m in out.iter_mut() {
        let s = m.first;
        let before = |n: usize| s.checked_sub(n).and_then(|p| toks.get(p));
        // "including a 12- and a 16-year-old": every item of the list.
        let listed_after_including = (1..=6)
            .take_while(|&n| {
                before(n).is_some_and(|t| {
                    let next_item = before(n - 1)
                        .is_some_and(|a| a.is_any(&["a", "an", "the", "his", "her", "their"]));
                    (next_item || !t.is("and"))
                        && !t.is_any(&[".", ";", ":", "were", "was"])
                        && outcome_at(std::slice::from_ref(t), 0).is_none()
                })
            })
            .any(|n| before(n).is_some_and(|t| t.is("including")));
        if before(1).is_some_and(|t| t.is_any(&["including", "includes", "include"]))
            || before(2).is_some_and(|t| t.is("including"))
            || listed_after_including
            || (before(1).is_some_and(|t| t.is("them")) && before(2).is_some_and(|t| t.is("among")))
        {
            m.part_of = true;
        }
    }

    // "three were injured, including a woman who died": the injured figure
    // counts people hit, the dead among them; hit and not killed is injured.
    if let Some(dead) = out
        .iter()
        .filter(|m| m.part_of && m.outcome == Outcome::Killed)
        .map(|m| m.first)
        .min()
    {
        for m in out.iter_mut() {
            if m.outcome == Outcome::Injured && m.first < dead {
                m.outcome = Outcome::Shot;
            }
        }
    }
    let mut have = [false; 3];
    for m in out.iter().filter(|m| !m.part_of) {
        have[m.outcome as usize] = true;
    }
    out.extend(singular_mentions(toks, &outcomes, sentence, have));
    if !have.iter().any(|&h| h) {
        if let Some(named) = named_pair_mention(toks, &outcomes) {
            // "Ann Lee and Bo Diaz died": the pair, not Diaz alone.
            out.retain(|m| m.verb != named.verb);
            out.push(named);
        }
    }
    if !out.iter().any(|m| m.outcome == Outcome::Killed) {
        out.extend(fatal_event_mention(toks));
    }
    out.extend(multiple_shooting_mention(toks));
    out.extend(suicide_mention(lower));
    out.sort_by_key(|m| m.first);
    out
}

/// Whether the first item of "a ... and ..." is an event, not a person:
/// "an attempted robbery and an employee", "a dispute between a local and".
fn events_before_and(toks: &[Token], from: usize) -> bool {
    const EVENTS: &[&str] = &[
        "robbery",
        "attack",
        "shooting",
        "incident",
        "fight",
        "dispute",
        "argument",
        "crash",
        "accident",
        "explosion",
        "raid",
        "ambush",
        "clash",
        "operation",
        "standoff",
        "chase",
    ];
    toks[from.min(toks.len())..]
        .iter()
        .take_while(|t| !t.is("and"))
        .any(|t| t.is_any(EVENTS) || is_non_person(t))
}

/// The figure a count gives: "at least 12 soldiers" from the count to its
/// noun, or to the count itself when no noun follows.
fn mention(q: &Quantity, outcome: Outcome, noun: Option<(usize, &'static str)>) -> Mention {
    let last = noun.map(|(n, _)| n).unwrap_or(q.end.saturating_sub(1));
    Mention {
        approximate: q.approximate,
        additive: q.additive,
        explicit: !q.article,
        ..Mention::new(outcome, q.value, noun.map(|(_, g)| g), q.start, last)
    }
}

/// "Stewart and Hampton were struck by gunfire", "Ann Lee, 20, and Bo Diaz,
/// 31, were wounded": named victims joined by "and" before "were".
fn named_pair_mention(toks: &[Token], outcomes: &Outcomes) -> Option<Mention> {
    let (k, outcome) = (1..toks.len()).find_map(|k| {
        let o = outcomes.at(k)?.outcome;
        let mut a = k - 1;
        while a > 0 && toks[a].is_any(&["also", "both", "critically", "seriously", "fatally"]) {
            a -= 1;
        }
        if toks[a].is("were") {
            return Some((a, o));
        }
        // "Ann Lee, 35, Bo Diaz, 27, and Cy Park, 25, died": the list ends
        // right before an intransitive death.
        let died = toks[k].is_any(&["died", "perished"]);
        let list_end = toks[a].is(",") || (toks[a].capital && toks[a].kind == TokenKind::Word);
        (died && a + 1 == k && list_end).then_some((k, o))
    })?;
    // Walk back over "Name [, age ,] and Name [, age ,]".
    let mut j = k;
    let mut names = 0u32;
    loop {
        // Optional age aside: ", 31 ,"
        if j >= 3
            && toks[j - 1].is(",")
            && toks[j - 2].kind == TokenKind::Number
            && toks[j - 3].is(",")
        {
            j -= 3;
        } else if names > 0 && j > 0 && toks[j - 1].is(",") {
            // "Ann, Bo, and Cy": the serial comma.
            j -= 1;
        }
        let end = j;
        while j > 0
            && toks[j - 1].capital
            && toks[j - 1].kind == TokenKind::Word
            && !toks[j - 1].is_any(not_names())
            && victim_group(&toks[j - 1]).is_none()
        {
            j -= 1;
        }
        if end == j || end - j > 3 {
            return None;
        }
        names += 1;
        if j > 0 && toks[j - 1].is("and") {
            j -= 1;
            continue;
        }
        if j > 0 && toks[j - 1].is(",") && names == 1 {
            return None;
        }
        // "Jo Lee, 35, Bo Diaz, 27, and Cy Park": more names before.
        if j >= 2 && toks[j - 1].is(",") && toks[j - 2].kind == TokenKind::Number {
            continue;
        }
        break;
    }
    // The names must open their clause: "police said Smith and Jones were shot".
    // "Officers Dana Price and Luis Ortega were hit": a title before them.
    let opens = j == 0
        || toks[j - 1].is_any(&[",", "said", "says", "that", ":"])
        || victim_group(&toks[j - 1]).is_some();
    (names >= 2 && opens).then_some(Mention {
        verb: k,
        ..Mention::new(outcome, names, Some(GENERIC), j, k)
    })
}

/// "a fatal shooting", "the shooting death": someone died, one at least,
/// when the sentence gives no count ("arrested in the fatal shooting of a teen").
fn fatal_event_mention(toks: &[Token]) -> Option<Mention> {
    let k = (0..toks.len().saturating_sub(1)).find(|&k| {
        let (a, b) = (&toks[k], &toks[k + 1]);
        (a.is_any(&["fatal", "deadly"]) && b.is_any(&["shooting", "stabbing"]))
            || (a.is("shooting") && b.is("death"))
    })?;
    Some(Mention::new(Outcome::Killed, 1, Some(GENERIC), k, k + 1))
}

/// "a double shooting", "the triple stabbing": that many people hit, as a
/// figure whose fate the rest of the article settles.
fn multiple_shooting_mention(toks: &[Token]) -> Option<Mention> {
    const TIMES: &[(&str, u32)] = &[
        ("double", 2),
        ("triple", 3),
        ("quadruple", 4),
        ("quintuple", 5),
    ];
    let (k, value) = (0..toks.len().saturating_sub(1)).find_map(|k| {
        if !toks[k + 1].is_any(&["shooting", "stabbing"]) {
            return None;
        }
        TIMES
            .iter()
            .find(|(w, _)| toks[k].is(w))
            .map(|&(_, v)| (k, v))
    })?;
    Some(Mention {
        verb: k + 1,
        ..Mention::new(Outcome::Shot, value, Some(GENERIC), k, k + 1)
    })
}

/// Where a headline's victims start, how many they are, and their group.
type HeadlineSubject = (usize, u32, Option<&'static str>);

/// Side of a figure: a demonym or party in the victim phrase ("three
/// Azerbaijani soldiers"), else, when the victims are "its"/"their" own,
/// the party speaking ("Armenia's Defense Ministry reported that four of its
/// soldiers were killed").
fn side_of(m: &Mention, toks: &[Token], parties: &[PartyMention], offset: usize) -> Option<String> {
    let (Some(first), Some(last)) = (toks.get(m.first), toks.get(m.last)) else {
        return None;
    };
    let (lo, hi) = (first.start - offset, last.end - offset);
    if let Some(p) = parties.iter().find(|p| p.start < hi && lo < p.end) {
        return Some(p.party.clone());
    }
    if let Some(p) = member_of(toks, m.last, parties, offset) {
        return Some(p);
    }
    let own = toks[..=m.last.min(toks.len() - 1)]
        .iter()
        .rposition(|t| t.is_any(&["its", "their", "our"]))?;
    let own_at = toks[own].start - offset;
    parties
        .iter()
        .find(|p| p.end <= own_at)
        .map(|p| p.party.clone())
}

/// Nouns of those who attack, as in "members of the hit squad".
const ATTACKER_NOUNS: &[&str] = &[
    "squad",
    "gang",
    "cell",
    "commando",
    "attackers",
    "assailants",
    "gunmen",
    "kidnappers",
    "bandits",
    "militia",
];

/// "members of the hit squad", "a member of the gang": a victim noun
/// ending at `last` followed by "of" and, within four words, an attacker.
fn members_of_attackers(toks: &[Token], last: usize) -> bool {
    toks.get(last)
        .is_some_and(|t| t.is_any(&["members", "member"]))
        && toks.get(last + 1).is_some_and(|t| t.is("of"))
        && toks
            .iter()
            .skip(last + 2)
            .take(4)
            .any(|t| t.is_any(ATTACKER_NOUNS))
}

/// "three members of the Kurdish-led force known as the Syrian Democratic
/// Forces were killed": the party named in an "of" phrase right after the
/// victim noun, an armed group before any other party, up to the verb.
fn member_of(
    toks: &[Token],
    last: usize,
    parties: &[PartyMention],
    offset: usize,
) -> Option<String> {
    if !toks.get(last + 1).is_some_and(|t| t.is("of")) {
        return None;
    }
    let from = toks[last + 1].end - offset;
    let window = &toks[last + 2..toks.len().min(last + 16)];
    let stop = window
        .iter()
        .find(|t| {
            t.is_any(&[
                ".", ";", "were", "was", "had", "have", "has", "are", "is", "killed", "died",
                "said", "who", "that", "in", "during",
            ])
        })
        .or(window.last())
        .map_or(from, |t| t.start - offset);
    let within: Vec<&PartyMention> = parties
        .iter()
        .filter(|p| p.start >= from && p.end <= stop)
        .collect();
    within
        .iter()
        .find(|p| p.kind == PartyKind::Group)
        .or_else(|| within.iter().find(|p| !p.demonym))
        .map(|p| p.party.clone())
}

/// Reads the figures of every sentence. `sentences` are spans of `text`;
/// the title, when given, is read first.
pub fn extract(
    text: &str,
    sentences: &[Span],
    title: Option<&str>,
    published: Option<chrono::NaiveDate>,
    event_date: Option<chrono::NaiveDate>,
    places: &[PlaceMention],
) -> Extracted {
    use chrono::Datelike;
    let title_places = title
        .map(|t| Knowledge::global().places_in(t))
        .unwrap_or_default();
    let (elsewhere, parts) = scenes::elsewhere_and_parts(
        text,
        title,
        sentences,
        places,
        &title_places,
        super::event::LEDE_SENTENCES,
    );
    let mut body_sentence = 0usize;
    let mut last_body: Option<(usize, usize)> = None;
    // The body sentence of the last figures read, and why they were outside
    // the event when they were.
    let mut last_role: Option<(usize, Option<&'static str>)> = None;
    let published_year = published.map(|d| d.year());
    let published_month = published.map(|d| d.month());
    let mut figures: Vec<SentenceFigures> = Vec::new();
    let mut read = |s: &str, start: usize, in_title: bool| {
        let in_lede = in_title || body_sentence < super::event::LEDE_SENTENCES;
        let at_another_place = !in_title && elsewhere.get(body_sentence).copied().unwrap_or(false);
        let part = if in_title {
            None
        } else {
            parts.of.get(body_sentence).copied().flatten()
        };
        let previous_body = if in_title {
            None
        } else {
            body_sentence += 1;
            last_body.replace((start, start + s.len()))
        };
        if !has_outcome_hint(s) {
            return;
        }
        let toks = tokenize(s);
        let lower = s.to_lowercase();
        let mut mentions = sentence_mentions(&toks, &lower, s);
        if in_title {
            // "State Trooper Wounded, one suspect dead": each outcome the
            // counted part of the headline lacks.
            let extra: Vec<Mention> = headline_mentions(&toks)
                .into_iter()
                .filter(|h| !mentions.iter().any(|m| m.outcome == h.outcome))
                .collect();
            mentions.extend(extra);
        }
        if mentions.is_empty() {
            return;
        }
        // "another victim is in critical condition" tells the state of a
        // victim already counted, never one more; "ranged in age from 20 to
        // 22 ... in stable condition" gives no count.
        mentions.retain(|m| {
            !(toks.get(m.verb).is_some_and(|t| t.is("in"))
                && m.first > 0
                && m.first < m.verb
                && toks[m.first - 1].is_any(&["from", "to", "between", "aged", "age", "ages"]))
        });
        for m in mentions.iter_mut() {
            if toks.get(m.verb).is_some_and(|t| t.is("in")) {
                m.additive = false;
            }
        }
        // "one of its F-16 planes was shot down", "an F-16 fighter jet":
        // a thing named in or right after the victim phrase was hit, not a
        // person.
        mentions.retain(|m| !names_a_thing(&toks, m));
        // "In addition, two suicide bombers blew themselves up": victims on
        // top of those told before, not the same ones told again.
        if !in_title && adds_to_the_before(&lower) {
            for m in mentions.iter_mut() {
                m.additive = true;
            }
        }
        later_died(&toks, &mut mentions);
        hurt_beside_the_dead(&toks, &lower, &mut mentions);
        let parties = Knowledge::global().parties_in(s);
        // The victims told so far in the sentence.
        let mut told: Vec<Told> = Vec::new();
        for m in mentions.iter_mut() {
            m.side = side_of(m, &toks, &parties, 0);
            super::sides::amend(
                s,
                &toks,
                m.first,
                m.last,
                &parties,
                &mut m.side,
                &mut m.group,
            );
            // "27 members of the PMF", "three members of the SDF": people of
            // an armed group are its fighters.
            let group_side = m
                .side
                .as_deref()
                .is_some_and(|s| Knowledge::global().party_kind(s) == Some(PartyKind::Group));
            if group_side && m.group.is_none_or(|g| g == GENERIC) {
                m.group = Some("militants");
            }
            // "three members of the hit squad": the attackers' own.
            if m.group == Some(GENERIC) && members_of_attackers(&toks, m.last) {
                m.group = Some("militants");
            }
            // '17 "critically injured" Indian troops succumbed to their
            // wounds': the hurt the phrase names are the ones who died.
            if m.group == Some("police") && army_officer(&toks, m) {
                m.group = Some("soldiers");
            }
            if m.outcome != Outcome::Killed && hurt_then_died(&toks, m) {
                m.outcome = Outcome::Killed;
            }
            if one_of_them(&toks, m) {
                m.part_of = true;
                m.among_counted = true;
            }
            if m.side.is_none() && m.additive {
                m.side = told.iter().rev().find_map(|t| t.side.clone());
            }
            if let Some((side, group)) = more_of_the_others(&toks, m, &told) {
                m.side = side;
                m.group = group;
            }
            told.push(Told {
                end: m.last,
                outcome: m.outcome,
                side: m.side.clone(),
                group: m.group,
            });
        }
        attackers_too(&toks, &mut mentions);
        let cue = background_cue(&lower, published_year, published_month).or_else(|| {
            // Without the event's own day, a month named more than ten days
            // into the next one is past.
            let anchor = event_date.or(published.filter(|p| p.day() > 10));
            (!in_lede && other_month(&lower, anchor)).then_some("earlier event")
        });
        // "The raid on Yakla ... killed 16" right after a sentence dated a
        // year before: the attack it names is that earlier one.
        let cue = cue.or_else(|| {
            let previous = previous_body.and_then(|(a, b)| text.get(a..b))?;
            (!in_lede && names_the_attack_before(&toks))
                .then(|| another_day(previous, published, event_date))
                .flatten()
                .filter(|why| *why == "earlier event")
        });
        let day = if cue.is_none() && !in_lede {
            another_day(s, published, event_date)
        } else {
            None
        };
        // The lede's "23 killed in separate attacks" is the round-up's own
        // toll, whatever cue words it shares with other events' figures.
        let stated_total = in_lede && round_up_of_attacks(&lower);
        // In a round-up of attacks, "in a separate attack in Kabul" is one
        // of its parts.
        let cue = cue.filter(|why| {
            let part_of_round_up = parts.round_up
                && part.is_some()
                && matches!(*why, "other event" | "separate event");
            !(part_of_round_up
                || (stated_total
                    && matches!(*why, "other event" | "other events" | "separate event")))
        });
        let background = cue
            .or(day)
            .or(at_another_place.then_some(scenes::OTHER_PLACE));
        // "... killed more than 100 detainees, in one of the deadliest
        // attacks of the war, which has killed more than 100,000 people": a
        // cue told only in a ", which" clause is for the figures inside it.
        let cue_only_after = relative_tail(s).filter(|&at| {
            cue.is_some()
                && background_cue(&s[..at].to_lowercase(), published_year, published_month)
                    .is_none()
        });
        let before_the_cue = day.or(at_another_place.then_some(scenes::OTHER_PLACE));
        // "18 journalists have been killed since the invasion began. ...
        // another 13 had been wounded": "another" goes on with the figure
        // told just before, and with its role.
        let continued = background.is_none()
            && !in_lede
            && mentions.iter().all(|m| m.additive)
            && last_role.is_some_and(|(at, why)| at + 2 >= body_sentence && why.is_some());
        let background = if continued {
            last_role.and_then(|(_, why)| why)
        } else {
            background
        };
        // "On January 27, a bomb killed 103. A day later, 11 soldiers were
        // killed": a day counted from the earlier event told just before is
        // no nearer to the reported one.
        let background = background.or_else(|| {
            (!in_lede
                && counted_from_the_day_before(&lower)
                && last_role.is_some_and(|(at, why)| {
                    at + 1 == body_sentence && why == Some("earlier event")
                }))
            .then_some("earlier event")
        });
        if !in_title {
            last_role = Some((body_sentence, background));
        }
        let reaction = reaction_from(&toks);
        let first_protest_cue = toks.iter().position(|t| {
            lang::current()
                .lists
                .protest_cues
                .iter()
                .any(|c| t.lower.starts_with(c))
                && victim_group(t).is_none()
        });
        let cue_anywhere = first_protest_cue.is_some();
        // "16 militants were killed ... after one soldier was killed": the
        // figure in the "after" clause is an earlier event.
        let after = toks.iter().position(|t| t.is_any(&["after", "following"]));
        let main_before_after = after.is_some_and(|a| mentions.iter().any(|m| m.first < a));
        for m in mentions.iter_mut() {
            m.background = background;
            if background == cue
                && cue_only_after.is_some_and(|at| toks.get(m.last).is_some_and(|t| t.end <= at))
            {
                m.background = before_the_cue;
            }
            m.day_before = day.is_some();
            m.stated_total = stated_total;
            let noun_outcome = toks.get(m.verb).is_some_and(|t| {
                t.is_any(&["death", "deaths", "killings", "murder"])
                    || (t.is("killing") && m.verb > 0 && toks[m.verb - 1].is("the"))
            });
            // In a sentence about a protest, a death told without "was/were"
            // ("a murdered girl", "after a truck killed a boy", "who died")
            // is its cause; "opened fire on the march, killing two" is not.
            let verb_tok = toks.get(m.verb);
            let participle = verb_tok.is_some_and(|t| t.lower.ends_with("ing") && !t.is("killing"))
                || verb_tok.is_some_and(|t| {
                    t.is("killing") && !(m.verb > 0 && toks[m.verb - 1].is("the"))
                });
            let finite_passive = m.verb > 0
                && toks[..m.verb]
                    .iter()
                    .rev()
                    .take(3)
                    .any(|t| t.is_any(&["was", "were", "been", "are", "is"]));
            // "3 killed and 2 injured during a protest": a count right
            // before its outcome is the event's own toll, headline style.
            let direct = m.verb == m.last + 1
                && verb_tok.is_some_and(|t| t.is_any(&["killed", "dead", "injured", "wounded"]))
                && numbers::parse_at(&toks, m.first).is_some_and(|q| !q.article);
            // "Yemenis protest after US drone attack kills 7": a headline's
            // protest over an armed attack reports that attack.
            let armed_cause = in_title
                && reaction.is_some_and(|r| {
                    toks[r..m.first.max(r)]
                        .iter()
                        .any(|t| t.is_any(ATTACK_WORDS))
                });
            // "Suicide bomber kills 9 at Pakistan rally": an attacker or an
            // attack doing the killing, told before any gathering, makes the
            // gathering the place it hit.
            let attackers = &super::sides::words::get().attackers.words;
            // "Police killed a 16-year-old boy during a protest": a state's
            // force as the subject, before the victims, is who killed.
            // Only a verb with its victims as object: "police said four more
            // bodies were found" names no killer.
            let force_subject = m.verb < m.first
                && toks[..m.verb.min(toks.len())]
                    .iter()
                    .any(|t| victim_group(t).is_some_and(|g| matches!(g, "police" | "soldiers")));
            let armed_killing = first_protest_cue.is_some_and(|c| m.verb < c)
                && (force_subject
                    || toks[..m.verb.min(toks.len())]
                        .iter()
                        .any(|t| t.is_any(ATTACK_WORDS) || attackers.iter().any(|a| t.is(a))));
            let reacting = !armed_cause
                && !armed_killing
                && (reaction.is_some_and(|r| m.first > r)
                    || (noun_outcome && cue_anywhere)
                    || (cue_anywhere && !participle && !finite_passive && !direct));
            // "increased the death toll to 22 following the riots": a toll
            // counts an event's dead, not a death people reacted to.
            let toll = noun_outcome && toks.get(m.verb + 1).is_some_and(|t| t.is("toll"));
            if m.background.is_none() && reacting && !toll {
                m.background = Some("reaction to earlier killings");
            }
            // The "after" clause ends at a semicolon: "Boy dies after
            // shooting; 2 injured".
            let in_after_clause = after.is_some_and(|a| {
                m.first > a && !toks[a..m.first].iter().any(|t| t.is_any(&[";", "."]))
            });
            if main_before_after && in_after_clause {
                m.part_of = true;
            }
        }
        figures.push(SentenceFigures {
            in_lede,
            part,
            evidence: Evidence {
                sentence: s.to_string(),
                start,
                end: start + s.len(),
                in_title,
            },
            mentions,
        });
    };
    if let Some(t) = title {
        let t = t.trim();
        if !t.is_empty() {
            let start = title.map_or(0, |full| full.len() - full.trim_start().len());
            read(t, start, true);
        }
    }
    for s in sentences {
        if let Some(piece) = text.get(s.start..s.end) {
            read(piece, s.start, false);
        }
    }
    much_larger_than_the_event(&mut figures);
    much_larger_than_the_first_report(&mut figures);
    day_before_without_a_lede(&mut figures);
    assemble(figures)
}

/// Whether `m`'s victim phrase ends on a thing ("an F-16 fighter jet",
/// "one of its planes") rather than people.
fn names_a_thing(toks: &[Token], m: &Mention) -> bool {
    // A thing before another noun is a modifier ("two cattle thieves"):
    // the thing must end the phrase, before a verb or a stop.
    let ends_phrase = |i: usize| {
        toks.get(i + 1).is_none_or(|t| {
            t.kind != TokenKind::Word
                || t.is_any(&[
                    "was", "were", "is", "are", "has", "have", "had", "been", "and", "in",
                ])
        })
    };
    let thing = |i: usize| ends_phrase(i) && toks.get(i).is_some_and(is_non_person);
    // "one of its F-16 planes was shot down": a part of a whole, up to the
    // verb. Otherwise only the noun and the word after it ("fighter jet"):
    // "the driver of a truck was shot" is the driver.
    let partitive = toks.get(m.first + 1).is_some_and(|t| t.is("of"));
    if partitive {
        let end = m.verb.max(m.last + 1).min(toks.len());
        return (m.first..=end)
            .take_while(|&i| {
                !toks
                    .get(i)
                    .is_some_and(|t| t.is_any(&["in", "on", "at", "by"]))
            })
            .any(thing);
    }
    [m.last, m.last + 1]
        .into_iter()
        .any(|i| i >= m.first && thing(i))
}

/// A sentence opening on "In addition," or "Additionally,": its figures
/// come on top of the ones before ("In addition to the 12 deaths, 29 were
/// hurt" names what it adds to, and is read as it stands).
pub(crate) fn adds_to_the_before(lower: &str) -> bool {
    let start = lower.trim_start();
    start.starts_with("in addition,") || start.starts_with("additionally,")
}

/// "a bomber killed three people and himself": the attacker among the
/// dead is one more figure, of the attackers' own (`sides` reads whose).
fn attackers_too(toks: &[Token], mentions: &mut Vec<Mention>) {
    let found = mentions
        .iter()
        .filter(|m| m.outcome == Outcome::Killed && m.verb < m.first)
        .find_map(|m| {
            super::sides::attackers_among_the_dead(toks, m.verb, m.last)
                .map(|(value, at)| (value, at, m.verb))
        });
    if let Some((value, at, verb)) = found {
        mentions.push(Mention {
            verb,
            explicit: true,
            ..Mention::new(Outcome::Killed, value, Some("militants"), at, at)
        });
    }
}

/// "One of them was an infant girl that arrived at a hospital": a count
/// "of them" or "of those" names some of the victims already counted. Hurt
/// or hit, they are among those (a death "of them" is told as an update
/// and stays).
fn one_of_them(toks: &[Token], m: &Mention) -> bool {
    let Some(of) = toks.iter().position(|t| t.is("of")) else {
        return false;
    };
    m.outcome != Outcome::Killed
        && (1..=2).contains(&of)
        && numbers::parse_at(toks, of - 1).is_some()
        && toks
            .get(of + 1)
            .is_some_and(|t| t.is_any(&["them", "those"]))
        && !toks[..m.first.max(of)]
            .iter()
            .any(|t| t.is_any(&[";", "and", "but", "while"]))
}

/// Nouns of an armed attack.
const ATTACK_WORDS: &[&str] = &[
    "attack",
    "attacks",
    "strike",
    "strikes",
    "airstrike",
    "airstrikes",
    "raid",
    "raids",
    "bombing",
    "bomb",
    "shelling",
    "ambush",
    "drone",
    "rocket",
    "missile",
    "blast",
    "explosion",
];

/// "The raid on Yakla ...", "However, that attack ...": a sentence opening
/// on the attack last told of, by a definite word and an attack noun.
fn names_the_attack_before(toks: &[Token]) -> bool {
    let words: Vec<&Token> = toks
        .iter()
        .filter(|t| t.kind == TokenKind::Word)
        .skip_while(|t| t.is_any(&["but", "however", "yet"]))
        .take(3)
        .collect();
    matches!(words.first(), Some(t) if t.is_any(&["the", "that", "this"]))
        && words[1..].iter().any(|t| t.is_any(ATTACK_WORDS))
}

/// A story told the day after (vigils, reactions) whose lede gives no toll
/// of its own tells the event further down, of the day before: "A gunman
/// shot nine people late Wednesday" is the event then, not another one.
fn day_before_without_a_lede(figures: &mut [SentenceFigures]) {
    let lede_toll = figures
        .iter()
        .filter(|f| f.in_lede)
        .flat_map(|f| f.mentions.iter())
        .any(|m| m.background.is_none() && m.value > 0);
    if lede_toll {
        return;
    }
    for m in figures.iter_mut().flat_map(|f| f.mentions.iter_mut()) {
        if m.day_before && m.background == Some(OTHER_DAY) {
            m.background = None;
        }
    }
}

/// Why a figure told of a day or two before the event's is left out.
const OTHER_DAY: &str = "other event";

/// "On Thursday, Taliban fighters killed six policemen", "On January 27, a
/// bomber killed 103": a figure outside the lede told of a day before the
/// event's is another event's. A day a statement was made ("said on
/// Thursday") dates the statement, and a toll that rose is the event's.
fn another_day(
    sentence: &str,
    published: Option<chrono::NaiveDate>,
    event_date: Option<chrono::NaiveDate>,
) -> Option<&'static str> {
    // Without a date of its own, the event is at the latest the day the
    // story came out: only a figure told of days before that is another's.
    let (event, slack) = match (event_date, published) {
        (Some(e), _) => (e, 0),
        (None, Some(p)) => (p, 3),
        (None, None) => return None,
    };
    let lower = sentence.to_lowercase();
    // A toll that rose, not any rise ("the increased bombing comes despite
    // a raid on January 29, 2017").
    if [
        "rose to",
        "risen",
        "climbed to",
        "increased to",
        "later died",
        "toll",
    ]
    .iter()
    .any(|w| lower.contains(w))
    {
        return None;
    }
    let anchor = published.or(Some(event));
    super::dates::find(sentence)
        .into_iter()
        .find_map(|(at, d)| {
            let said = sentence[..at].split_whitespace().rev().take(3).any(|w| {
                matches!(
                    w.to_lowercase().as_str(),
                    "said" | "told" | "reported" | "announced" | "says" | "confirmed" | "added"
                )
            });
            let day = super::dates::resolve(d, anchor)?;
            let before = (event - day).num_days();
            (!said && before > slack).then_some(if before > 2 {
                "earlier event"
            } else {
                OTHER_DAY
            })
        })
}

/// Present perfect and running-count words: "have been killed", "has since
/// killed", "according to the ministry", "in total".
const RUNNING_COUNT: &[&str] = &[
    "have been killed",
    "has been killed",
    "have died",
    "have been wounded",
    "have been injured",
    "has killed",
    "have killed",
    "has left",
    "have left",
    "has claimed",
    "in total",
    "total of",
    "toll",
    "according to the ministry",
    "health ministry",
    "the war",
    "the conflict",
];

/// A figure outside the lede five times the lede's toll, told as a running
/// count ("At least 217 people have been killed", "more than 10,000 people
/// have been killed in fighting"), is the war's or the period's, not the
/// event's.
fn much_larger_than_the_event(figures: &mut [SentenceFigures]) {
    let (anchor, killed_anchor) = largest_told(figures, |f| f.in_lede);
    if anchor == 0 {
        return;
    }
    for f in figures.iter_mut().filter(|f| !f.in_lede) {
        mark_much_larger(f, anchor, killed_anchor);
    }
}

/// "A strike killed seven people in the village. Israeli strikes have killed
/// more than 3,000 people over the past year": the lede's later sentences
/// measured against its headline and first sentence — the same tests as
/// [`much_larger_than_the_event`], for the war's count told high up, as wire
/// stories do. An update of the toll ("rose to 45") is the event's.
fn much_larger_than_the_first_report(figures: &mut [SentenceFigures]) {
    let Some(first) = figures
        .iter()
        .filter(|f| f.in_lede && !f.evidence.in_title)
        .map(|f| f.evidence.start)
        .min()
    else {
        return;
    };
    let head = |f: &SentenceFigures| f.evidence.in_title || f.evidence.start == first;
    let (anchor, killed_anchor) = largest_told(figures, head);
    if anchor == 0 {
        return;
    }
    for f in figures.iter_mut().filter(|f| f.in_lede && !head(f)) {
        let lower = f.evidence.sentence.to_lowercase();
        if !(toll_update(&lower) || UPDATED.iter().any(|u| lower.contains(u))) {
            mark_much_larger(f, anchor, killed_anchor);
        }
    }
}

/// A toll told as risen: the event's, however far above the first report.
const UPDATED: &[&str] = &[
    "rose to",
    "risen to",
    "climbed to",
    "increased to",
    "jumped to",
];

/// The largest figure of the event among the sentences `from` picks, and
/// its largest death toll (very large when it tells none).
fn largest_told(
    figures: &[SentenceFigures],
    from: impl Fn(&SentenceFigures) -> bool,
) -> (u32, u32) {
    let told = || {
        figures
            .iter()
            .filter(|f| from(f))
            .flat_map(|f| f.mentions.iter())
            .filter(|m| m.background.is_none() && !m.part_of)
    };
    let anchor = told().map(|m| m.value).max().unwrap_or(0);
    let killed = told()
        .filter(|m| m.outcome == Outcome::Killed)
        .map(|m| m.value)
        .max()
        .unwrap_or(u32::MAX / 10);
    (anchor, killed)
}

/// Puts the figures of `f` far above the event's toll (`anchor`, its deaths
/// `killed_anchor`) in the background: five times it as a running count,
/// ten times its deaths (and 100 or more) as any death count.
fn mark_much_larger(f: &mut SentenceFigures, anchor: u32, killed_anchor: u32) {
    let lower = f.evidence.sentence.to_lowercase();
    let running = RUNNING_COUNT.iter().any(|c| lower.contains(c));
    for m in f.mentions.iter_mut() {
        if m.background.is_some() {
            continue;
        }
        if running && m.value >= 50 && m.value >= anchor.saturating_mul(5) {
            m.background = Some("cumulative toll");
        } else if m.outcome == Outcome::Killed
            && m.value >= 100
            && m.value >= killed_anchor.saturating_mul(10)
        {
            // An order of magnitude above the event's toll: the war's or
            // another attack's ("At least 1,200 people were killed" on
            // October 7, in a story of a strike that killed 30).
            m.background = Some("other event");
        }
    }
}

/// "The boy who was shot Tuesday has died": one victim, hit and then dead, is
/// the death alone. A lone hit told before a lone death in the same clause
/// (no "and", "another" between them) is that victim's.
/// "an officer and two soldiers who had died earlier": an officer told
/// beside soldiers, troops or the army is an army officer, not a policeman
/// (a "police officer" stays police).
fn army_officer(toks: &[Token], m: &Mention) -> bool {
    let Some(noun) = toks.get(m.last) else {
        return false;
    };
    let police_word = m.last > 0 && toks[m.last - 1].is_any(&["police", "traffic", "prison"]);
    noun.is_any(&["officer", "officers"])
        && !police_word
        && !toks
            .iter()
            .any(|t| t.is_any(&["police", "policeman", "policemen"]))
        && toks.iter().any(|t| {
            t.is_any(&["army", "military", "armed"])
                || lang::current().victim_group(t.base()) == Some("soldiers")
        })
}

/// '17 "critically injured" Indian troops succumbed to their wounds': a
/// count whose outcome word is an adjective of the victims (no "were" between
/// the count and the word) and whose own verb, a few words on, is a death
/// tells the dead, not the hurt. A comma, "and", a subordinate word or another
/// count ends the phrase first ("17 were injured when ... the driver died").
fn hurt_then_died(toks: &[Token], m: &Mention) -> bool {
    // "One of three men wounded in the shooting has died": the one died.
    let one_of = m.first > 0 && toks[m.first - 1].is("of");
    if m.verb <= m.first || one_of {
        return false;
    }
    let told_as_verb = toks[m.first..m.verb].iter().any(|t| {
        t.is_any(&[
            "was", "were", "are", "is", "been", "be", "have", "has", "had",
        ])
    });
    if told_as_verb {
        return false;
    }
    // "A woman injured during the raid later died": a place or a time
    // after the participle ("in the blast", "during the raid") is read past
    // when "later" tells the death that follows is the victims' own.
    let mut prepositional = false;
    let mut later = false;
    for t in toks.iter().skip(m.verb + 1).take(6) {
        if t.is_any(&["succumbed", "died", "perished"]) {
            return !prepositional || later;
        }
        if later {
            return false;
        }
        if t.is("later") && prepositional {
            later = true;
            continue;
        }
        if t.is_any(&["in", "at", "on", "by", "during", "from"]) {
            prepositional = true;
            continue;
        }
        let ends = t.kind == TokenKind::Number
            || t.is_any(&[
                ",", ";", ".", "and", "but", "when", "while", "as", "after", "who",
            ]);
        if ends {
            return false;
        }
    }
    false
}

fn later_died(toks: &[Token], mentions: &mut [Mention]) {
    let died: Vec<usize> = mentions
        .iter()
        .filter(|m| m.outcome == Outcome::Killed && !m.part_of)
        .map(|m| m.verb)
        .collect();
    let [death] = died[..] else {
        return;
    };
    let intransitive = toks.get(death).is_some_and(|t| {
        t.is_any(&[
            "died",
            "dies",
            "succumbed",
            "passed",
            "pronounced",
            "declared",
        ]) || (t.is("dead") && death > 0 && toks[death - 1].is_any(&["is", "now"]))
    });
    if !intransitive
        || mentions
            .iter()
            .any(|m| m.outcome == Outcome::Killed && m.value != 1)
    {
        return;
    }
    let hits: Vec<usize> = mentions
        .iter()
        .enumerate()
        .filter(|(_, m)| m.outcome != Outcome::Killed && !m.part_of)
        .map(|(i, _)| i)
        .collect();
    // "was taken to a hospital in critical condition, where she died": every
    // lone hit of that clause is the same victim.
    if hits.is_empty()
        || hits.iter().any(|&h| {
            let m = &mentions[h];
            m.value != 1 || m.additive || m.verb >= death
        })
    {
        return;
    }
    // Words that set a hit apart from the death, counted once up to the
    // death: each hit then asks in one step (linear however many hits).
    let apart_before: Vec<u32> = std::iter::once(0)
        .chain(toks[..death].iter().scan(0u32, |n, t| {
            *n += u32::from(t.is_any(&[
                "and", "but", "while", "whereas", ";", "another", "other", "second", "others",
            ]));
            Some(*n)
        }))
        .collect();
    for h in hits {
        if apart_before[death] > apart_before[mentions[h].verb] {
            return;
        }
    }
    for m in mentions.iter_mut() {
        if m.outcome != Outcome::Killed {
            m.part_of = true;
        }
    }
}

/// "The girl was also shot", "two men were shot but are expected to
/// survive": people hit who lived, on top of the dead, not among them. "Also"
/// sets them beside victims already told; a sentence telling they survive,
/// and of no death, says they lived. (A wound's place says less: "shot in the
/// leg" was as often told of a victim who died as of one who lived.)
fn hurt_beside_the_dead(toks: &[Token], lower: &str, mentions: &mut [Mention]) {
    const LIVED: &[&str] = &[
        "expected to survive",
        "expected to recover",
        "survived",
        "non-life-threatening",
        "non-life threatening",
        "not life-threatening",
        "not life threatening",
        "treated and released",
    ];
    let death_told = mentions.iter().any(|m| m.outcome == Outcome::Killed);
    let lived = !death_told && LIVED.iter().any(|p| lower.contains(p));
    // "A woman was also shot and later died": a death told after the hit.
    let deaths_at: Vec<usize> = mentions
        .iter()
        .filter(|m| m.outcome == Outcome::Killed)
        .map(|m| m.verb)
        .collect();
    for m in mentions.iter_mut().filter(|m| m.outcome == Outcome::Shot) {
        let v = m.verb;
        if deaths_at.iter().any(|&d| d >= v) {
            continue;
        }
        // "Their car was also struck by bullets": a thing, not a person.
        let also = toks.get(v.saturating_sub(3)..v).is_some_and(|before| {
            before.iter().any(|t| t.is("also")) && !before.iter().any(is_non_person)
        });
        if also || lived {
            m.outcome = Outcome::Injured;
        }
    }
}

/// Cheap pre-check so sentences without any outcome word are never tokenized.
fn has_outcome_hint(s: &str) -> bool {
    let lower = s.to_ascii_lowercase();
    lang::current().has_hint(&lower)
}
