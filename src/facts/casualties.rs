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

use super::knowledge::{Knowledge, PartyMention};
use super::numbers::{self, Quantity};
use super::sentences::Span;
use super::tokens::{tokenize, Token, TokenKind};
use super::{BackgroundFigure, Casualty, Evidence, Totals};

mod background;
mod coded;
mod headline;
mod self_inflicted;
mod tally;
mod vocabulary;

use background::*;
pub use coded::{coded_fatalities, split_events};
use headline::*;
use self_inflicted::*;
use tally::*;
use vocabulary::*;

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
    /// A named victim ("summerfield"): different names are different people.
    name: Option<String>,
    /// Token range of the victim phrase (count .. noun).
    first: usize,
    last: usize,
}

/// All figures of one sentence.
#[derive(Debug, Clone)]
struct SentenceFigures {
    evidence: Evidence,
    mentions: Vec<Mention>,
}

/// Casualty figures of an article.
#[derive(Debug, Clone, Default)]
pub struct Extracted {
    pub casualties: Vec<Casualty>,
    pub totals: Totals,
    pub background: Vec<BackgroundFigure>,
}

fn victim_group(t: &Token) -> Option<&'static str> {
    use std::collections::HashMap;
    use std::sync::OnceLock;
    static TABLE: OnceLock<HashMap<&'static str, &'static str>> = OnceLock::new();
    let table = TABLE.get_or_init(|| VICTIMS.iter().copied().collect());
    if t.kind != TokenKind::Word {
        return None;
    }
    let w = t.base();
    if let Some(g) = table.get(w) {
        return Some(g);
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

/// The outcome phrase starting at token `k`: (outcome, tokens used, whether
/// the verb form can take the victims as object: "killing", "killed").
fn outcome_at(toks: &[Token], k: usize) -> Option<(Outcome, usize, bool)> {
    let t = toks.get(k)?;
    let next = |n: usize| toks.get(k + n).map(|t| t.lower.as_str()).unwrap_or("");
    let w = t.lower.as_str();
    let fatal_follow = |n: usize| -> Option<usize> {
        match (next(n), next(n + 1), next(n + 2)) {
            ("dead", _, _) => Some(1),
            ("to", "death", _) => Some(2),
            ("and", "killed", _) | ("and", "died", _) => Some(2),
            ("and", "fatally", _) => Some(2),
            // "17-year-old shot, killed inside house"
            (",", "killed", _) => Some(2),
            _ => None,
        }
    };
    match w {
        "killed" | "killing" | "kills" | "kill" | "murdered" | "murdering" | "slain" | "slew"
        | "executed" | "executing" | "beheaded" | "massacred" | "lynched" | "assassinated"
        | "strangled" | "slaughtered" => Some((Outcome::Killed, 1, true)),
        "bodies" | "body" if next(1) == "of" => Some((Outcome::Killed, 1, true)),
        "martyred" | "bodies" | "body" => Some((Outcome::Killed, 1, false)),
        "deaths" | "murders" | "murder" | "slaying" | "slayings" | "homicide" | "homicides"
            if next(1) == "of" =>
        {
            Some((Outcome::Killed, 1, true))
        }
        "dead" | "died" | "dies" | "die" | "deaths" | "fatalities" | "fatality" | "perished"
        | "succumbed" | "deceased" | "corpses" => Some((Outcome::Killed, 1, false)),
        "death" if next(1) == "toll" => Some((Outcome::Killed, 2, true)),
        "death"
            if matches!(
                next(1),
                "penalty" | "sentence" | "sentences" | "row" | "threat" | "threats"
            ) || (k >= 2
                && toks[k - 1].is("to")
                && toks[k - 2].is_any(&["sentenced", "condemned"])) =>
        {
            None
        }
        "death" => Some((Outcome::Killed, 1, true)),
        "lives" if matches!(next(1), "of") => Some((Outcome::Killed, 1, true)),
        "lost"
            if matches!(next(1), "their" | "his" | "her")
                && matches!(next(2), "lives" | "life") =>
        {
            Some((Outcome::Killed, 3, false))
        }
        "lost" if next(1) == "lives" => Some((Outcome::Killed, 2, false)),
        "passed" if next(1) == "away" => Some((Outcome::Killed, 2, false)),
        "fatally" | "mortally" => match next(1) {
            "shot" | "wounded" | "injured" | "stabbed" | "struck" | "hit" | "shooting"
            | "stabbing" | "wounding" | "shoots" | "wounds" | "stabs" => {
                Some((Outcome::Killed, 2, true))
            }
            _ => Some((Outcome::Killed, 1, false)),
        },
        "gunned" | "cut" if next(1) == "down" => Some((Outcome::Killed, 2, true)),
        // "Gunfire struck Milner and three others", "a bullet hit the boy".
        "hit" | "struck" | "strikes" | "hits"
            if fatal_follow(1).is_none()
                && (1..=2).any(|n| {
                    k.checked_sub(n).and_then(|p| toks.get(p)).is_some_and(|t| {
                        t.is_any(&[
                            "gunfire", "bullet", "bullets", "shots", "rounds", "round", "pellets",
                            "shrapnel", "gunshot", "gunshots",
                        ])
                    })
                }) =>
        {
            Some((Outcome::Shot, 1, true))
        }
        // "was struck by a stray bullet", "grazed": hit by gunfire.
        "hit" | "struck"
            if fatal_follow(1).is_none()
                && (1..=4).any(|n| {
                    matches!(
                        next(n),
                        "bullet"
                            | "bullets"
                            | "shooting"
                            | "crossfire"
                            | "gunfire"
                            | "round"
                            | "rounds"
                            | "pellets"
                            | "shrapnel"
                    )
                }) =>
        {
            Some((Outcome::Shot, 1, false))
        }
        // "He was shot at but the bullets missed him": fired at, not hit.
        "shot" | "shooting" | "shoots"
            if next(1) == "at"
                && matches!(
                    next(2),
                    "him"
                        | "her"
                        | "them"
                        | "me"
                        | "us"
                        | "police"
                        | "officers"
                        | "deputies"
                        | "troopers"
                        | "agents"
                        | "someone"
                        | "but"
                        | ","
                        | "."
                        | "by"
                        | "repeatedly"
                        | "several"
                        | "multiple"
                ) =>
        {
            None
        }
        // "was taken to a hospital but did not survive"
        "did" if next(1) == "not" && matches!(next(2), "survive" | "make") => {
            Some((Outcome::Killed, 3, false))
        }
        "shot" | "shooting" | "shoots" | "stabbed" | "beaten" | "burnt" | "burned" | "hacked"
        | "bludgeoned" | "stoned" | "crushed" | "struck" | "chopped" => {
            if matches!(w, "burnt" | "burned") && next(1) == "alive" {
                return Some((Outcome::Killed, 2, true));
            }
            if let Some(n) = fatal_follow(1) {
                return Some((Outcome::Killed, 1 + n, true));
            }
            if matches!(w, "shot" | "shooting" | "shoots") {
                if matches!((next(1), next(2)), ("and", "wounded") | ("and", "injured")) {
                    return Some((Outcome::Injured, 3, true));
                }
                // "shot himself" is the shooter's death, handled elsewhere.
                if matches!(next(1), "himself" | "herself") {
                    return None;
                }
                return Some((Outcome::Shot, 1, true));
            }
            None
        }
        "pronounced" | "found" | "confirmed" | "declared" | "lay" | "lying" | "left"
            if next(1) == "dead" =>
        {
            Some((Outcome::Killed, 2, false))
        }
        // "two men were rushed to a nearby hospital": hurt, fate not stated.
        // "were taken to New Hanover Regional Medical Center with injuries"
        "taken" | "rushed" | "transported" | "airlifted" | "flown" | "transferred"
            if next(1) == "to"
                && (2..=6).any(|n| {
                    next(n).starts_with("hospital")
                        || (matches!(next(n), "center" | "centre")
                            && matches!(next(n - 1), "medical" | "trauma" | "health"))
                }) =>
        {
            Some((Outcome::Shot, 1, false))
        }
        // "were treated for gunshot wounds", "treated and released": hurt.
        "treated" if matches!(next(1), "for" | "at" | "and") => Some((Outcome::Shot, 1, false)),
        "grazed" => Some((Outcome::Shot, 1, false)),
        // "a bullet grazed a teen", "grazing two passersby", "stray bullet
        // hits girl": hit by gunfire, the victims as object.
        "grazes" | "grazing" => Some((Outcome::Shot, 1, true)),
        "hits" | "hit" | "strikes"
            if k > 0
                && toks[k - 1].is_any(&["bullet", "bullets", "gunfire", "round", "pellets"]) =>
        {
            Some((Outcome::Shot, 1, true))
        }
        "gunshot" | "bullet" if matches!(next(1), "wound" | "wounds") => {
            Some((Outcome::Shot, 2, false))
        }
        // "suffered a non-life-threatening wound", "sustained minor injuries":
        // hurt, and alive when the wound is told as minor; otherwise hit,
        // fate not stated ("suffered multiple gunshot wounds").
        "suffered" | "sustained" | "suffers" | "sustains" | "suffering" | "sustaining"
        | "received" => {
            let stop = |n: usize| matches!(next(n), "" | "." | ";" | "and" | "when" | "after");
            let noun = (1..=6)
                .take_while(|&n| !stop(n))
                .find(|&n| matches!(next(n), "injuries" | "injury" | "wound" | "wounds"))?;
            let told: Vec<&str> = (1..noun + 6).take_while(|&n| !stop(n)).map(next).collect();
            // A stab wound is no gunshot; a self-inflicted one is no victim's.
            if told.iter().any(|w| {
                matches!(
                    *w,
                    "fatal" | "mortal" | "deadly" | "fatally" | "mortally" | "stab" | "knife"
                ) || w.starts_with("self-inflicted")
            }) {
                return None;
            }
            // "suffered injuries": people hurt; a wound may have killed.
            let injuries = matches!(next(noun), "injuries" | "injury");
            let minor = told.iter().enumerate().any(|(i, w)| {
                matches!(*w, "minor" | "superficial" | "slight" | "graze")
                    || (w.starts_with("non")
                        && ["life", "fatal", "critical", "serious"]
                            .iter()
                            .any(|x| w.contains(x)))
                    || (*w == "life-threatening"
                        && i > 0
                        && told[..i].iter().rev().take(3).any(|v| {
                            matches!(
                                *v,
                                "not" | "n't" | "weren't" | "wasn't" | "aren't" | "isn't"
                            )
                        }))
            });
            Some((
                if minor || injuries {
                    Outcome::Injured
                } else {
                    Outcome::Shot
                },
                1,
                false,
            ))
        }
        // "showed up at a hospital with a gunshot wound", "drove herself to
        // the hospital": hurt, and alive on arrival unless the sentence says
        // otherwise ("went to the hospital, where he died").
        "went" | "go" | "goes" | "showed" | "arrived" | "walked" | "checked" | "drove" | "came"
        | "sought"
            if (w != "drove" || matches!(next(1), "himself" | "herself" | "themselves"))
                && (1..=6)
                    .take_while(|&n| !matches!(next(n), "" | "." | ";" | "," | "and" | "where"))
                    .any(|n| next(n).starts_with("hospital")) =>
        {
            let died = toks[k..].iter().any(|t| {
                t.is_any(&[
                    "died",
                    "dead",
                    "dies",
                    "succumbed",
                    "death",
                    "fatally",
                    "killed",
                ])
            });
            Some((
                if died {
                    Outcome::Shot
                } else {
                    Outcome::Injured
                },
                1,
                false,
            ))
        }
        // "both girls were released from the hospital": hurt and alive.
        "released" | "discharged"
            if next(1) == "from" && (2..=4).any(|n| next(n).starts_with("hospital")) =>
        {
            Some((Outcome::Injured, 1, false))
        }
        // "is fighting for his life", "is expected to survive": alive and hurt.
        "fighting"
            if next(1) == "for"
                && matches!(next(2), "his" | "her" | "their")
                && matches!(next(3), "life" | "lives") =>
        {
            Some((Outcome::Injured, 4, false))
        }
        // "the third man survived", "both victims survived the shooting": hit
        // and alive. Not "is survived by" (an obituary), "survived three
        // tours", or a survival cut short ("survived ... before he died").
        "survived" | "survives" => {
            let about_attack = (1..=4).any(|n| {
                matches!(
                    next(n),
                    "shooting"
                        | "gunshot"
                        | "wound"
                        | "wounds"
                        | "injuries"
                        | "injury"
                        | "shot"
                        | "shots"
                        | "gunfire"
                        | "attack"
                        | "being"
                )
            });
            let ok = match next(1) {
                "by" => false,
                "a" | "an" | "the" | "his" | "her" | "their" | "being" | "two" | "three"
                | "multiple" | "several" => about_attack,
                n => {
                    n.is_empty()
                        || !n.chars().next().is_some_and(char::is_alphanumeric)
                        || matches!(n, "and" | "but" | "after" | "with" | "when" | "despite")
                }
            };
            let died_later = toks[k + 1..]
                .iter()
                .any(|t| t.is_any(&["died", "dead", "dies", "succumbed", "death"]));
            (ok && !died_later).then_some((Outcome::Injured, 1, false))
        }
        // "is recovering at a hospital", "are recovering from wounds".
        "recovering"
            if matches!(
                next(1),
                "" | "." | "," | ";" | "from" | "at" | "in" | "after" | "and"
            ) =>
        {
            Some((Outcome::Injured, 1, false))
        }
        // "a shooting that sent four people to the hospital": hit, the dead
        // among them or not.
        "sent" | "sends" | "sending" | "send"
            if (2..=8).any(|n| next(n).starts_with("hospital")) =>
        {
            Some((Outcome::Shot, 1, true))
        }
        "expected"
            if next(1) == "to" && matches!(next(2), "survive" | "recover" | "live" | "pull") =>
        {
            Some((Outcome::Injured, 3, false))
        }
        // "is expected to be OK", "are expected to be fine"
        "expected"
            if next(1) == "to"
                && next(2) == "be"
                && matches!(next(3), "ok" | "okay" | "fine" | "alright" | "released") =>
        {
            Some((Outcome::Injured, 4, false))
        }
        "injured" | "injuring" | "wounded" | "wounding" | "injures" | "wounds" | "hurt"
        | "injuries" | "injury" => Some((Outcome::Injured, 1, true)),
        "hospitalized" | "hospitalised" => Some((Outcome::Injured, 1, false)),
        // "is in critical condition", "remains in serious but stable condition":
        // alive and hurt.
        "in" if matches!(next(1), "critical" | "stable" | "serious" | "grave") => (2..=4)
            .find(|&n| next(n) == "condition")
            .map(|n| (Outcome::Injured, n + 1, false)),
        _ => None,
    }
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
        t.capital && t.kind == TokenKind::Word && !t.is_any(NOT_NAMES) && victim_group(t).is_none()
    }) {
        e += 1;
    }
    (e > j && e - j <= 4).then_some(e)
}

fn is_clause_break(t: &Token) -> bool {
    t.is_any(CLAUSE_BREAKS)
}

/// Whether the outcome verb at `k` (of length `len`) takes an object right
/// after it ("killed 3 people", "wounding three soldiers", "killing a man").
fn object_after(toks: &[Token], k: usize, len: usize) -> Option<Quantity> {
    let mut j = k + len;
    // "injuries to five other people"
    if toks[k].is_any(&["injuries", "wounds"]) && toks.get(j).is_some_and(|t| t.is("to")) {
        return numbers::parse_at(toks, j + 1).filter(|q| !q.article);
    }
    // "the death toll rose to 12", "raising the death toll from the attack to two"
    if toks[k].is("death") && len == 2 {
        return (j..toks.len().min(j + 8))
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
            .is_some_and(|t| t.kind == TokenKind::Word && !t.is_any(NON_PERSON))
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
    t.is_any(&[
        "suffered",
        "sustained",
        "suffers",
        "sustains",
        "suffering",
        "sustaining",
        "received",
        "fighting",
        "expected",
        "survived",
        "survives",
        "recovering",
        "released",
        "discharged",
        "went",
        "go",
        "goes",
        "showed",
        "arrived",
        "walked",
        "checked",
        "drove",
        "came",
        "sought",
    ])
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

    // Active shape: the verb takes the count as its object.
    let mut k = 0;
    while k < toks.len() {
        let Some((outcome, len, transitive)) = outcome_at(toks, k) else {
            k += 1;
            continue;
        };
        if transitive {
            if let Some(q) = object_after(toks, k, len).filter(|_| !ambiguous(toks, k, len)) {
                let noun = victim_after(toks, q.end, 5);
                let thing = toks[q.end..toks.len().min(q.end + 4)]
                    .iter()
                    .any(|t| t.is_any(NON_PERSON));
                // An article needs a person after it; "killing a man", not "injuring a leg".
                let plural = noun.is_some_and(|(n, _)| is_plural_victim(&toks[n]));
                if !(thing || q.article && plural) {
                    used_verb[k] = true;
                    for u in used_count.iter_mut().take(q.end).skip(q.start) {
                        *u = true;
                    }
                    let mut m = mention(toks, &q, outcome, noun, q.start);
                    m.verb = k;
                    if q.end > q.start && toks[q.end - 1].capital && noun.is_none() {
                        m.name = Some(toks[q.end - 1].lower.clone());
                    }
                    out.push(m);
                    // "the murders of a woman and her daughter", "injured
                    // another and a teacher"
                    if q.value == 1 {
                        let mut n = noun.map(|(n, _)| n + 1).unwrap_or(q.end);
                        while toks.get(n).is_some_and(|t| t.is("and")) {
                            let mut d = n + 1;
                            while toks.get(d).is_some_and(|t| {
                                t.is_any(&["his", "her", "their", "a", "an", "the"])
                            }) {
                                d += 1;
                            }
                            match victim_after(toks, d, 3) {
                                Some((h, _)) if !is_plural_victim(&toks[h]) => {
                                    if let Some(m) = out.last_mut() {
                                        m.value += 1;
                                    }
                                    for u in used_count.iter_mut().take(h + 1).skip(n) {
                                        *u = true;
                                    }
                                    n = h + 1;
                                }
                                _ => break,
                            }
                        }
                    }
                    // "killing 3 soldiers and 2 civilians"
                    let mut after = noun.map(|(n, _)| n + 1).unwrap_or(q.end);
                    // "killed seven militants of the NSCN-K and two civilians"
                    if let Some(a) = (after..toks.len().min(after + 10))
                        .take_while(|&n| {
                            !toks[n].is_any(&[",", ".", ";", ":"]) && outcome_at(toks, n).is_none()
                        })
                        .find(|&n| toks[n].is("and"))
                    {
                        if numbers::parse_at(toks, a + 1).is_some() {
                            after = a;
                        }
                    }
                    while toks.get(after).is_some_and(|t| t.is_any(&["and", ","])) {
                        let Some(q2) = numbers::parse_at(toks, after + 1) else {
                            break;
                        };
                        let Some(n2) = victim_after(toks, q2.end, 4) else {
                            break;
                        };
                        for u in used_count.iter_mut().take(q2.end).skip(q2.start) {
                            *u = true;
                        }
                        let mut m2 = mention(toks, &q2, outcome, Some(n2), q2.start);
                        m2.verb = k;
                        out.push(m2);
                        after = n2.0 + 1;
                    }
                }
            }
        }
        k += len;
    }

    // "Ellis was shot along with three others": the others and the subject.
    for a in 1..toks.len().saturating_sub(2) {
        if !(toks[a].is("along") && toks[a + 1].is("with")) || used_count[a + 2] {
            continue;
        }
        let Some(verb) = (a.saturating_sub(4)..a)
            .rev()
            .find(|&v| outcome_at(toks, v).is_some())
        else {
            continue;
        };
        let Some((outcome, _, _)) = outcome_at(toks, verb) else {
            continue;
        };
        let Some(q) = numbers::parse_at(toks, a + 2).filter(|q| !q.article) else {
            continue;
        };
        let Some(noun) = victim_after(toks, q.end, 3) else {
            continue;
        };
        let singular_subject = toks[verb.saturating_sub(3)..verb]
            .iter()
            .any(|t| t.is_any(SINGULAR_AUX));
        for u in used_count.iter_mut().take(noun.0 + 1).skip(q.start) {
            *u = true;
        }
        let mut m = mention(toks, &q, outcome, Some(noun), q.start);
        m.value = m.value.saturating_add(u32::from(singular_subject));
        m.verb = verb;
        used_verb[verb] = true;
        out.push(m);
    }

    // Passive/intransitive shape: the count comes first.
    let mut i = 0;
    let mut last_group: Option<&'static str> = None;
    while i < toks.len() {
        if used_count[i] {
            i += 1;
            continue;
        }
        let Some(q) = numbers::parse_at(toks, i) else {
            i += 1;
            continue;
        };
        // "no one was hurt", "not a single soldier", "beaten by two men"
        if i > 0 && (toks[i - 1].is_any(NEGATIONS) || toks[i - 1].is_any(&["single", "by", "both"]))
        {
            i = q.end;
            continue;
        }
        if let Some(end) = age_aside_end(toks, i, &q) {
            i = end;
            continue;
        }
        // "Two dogs were also wounded", "three cars were hit": not people.
        if !q.article
            && toks.get(q.end).is_some_and(|t| t.is_any(NON_PERSON))
            && toks.get(q.end + 1).is_none_or(|t| {
                t.is_any(&["were", "was", "are", "also", ",", ".", "and", "had", "have"])
            })
        {
            i = q.end;
            continue;
        }
        // "another gang", "another incident": not a person.
        if q.additive && q.end == q.start + 1 {
            let next = toks.get(q.end);
            let person_or_verb = next.is_none_or(|t| {
                t.is_punct()
                    || victim_group(t).is_some()
                    || outcome_at(toks, q.end).is_some()
                    || t.is_any(&[
                        "was",
                        "is",
                        "had",
                        "has",
                        "one",
                        "person",
                        "later",
                        "also",
                        "died",
                        "critically",
                        "seriously",
                        "severely",
                        "badly",
                        "gravely",
                        "slightly",
                    ])
            });
            if !person_or_verb {
                i = q.end;
                continue;
            }
        }
        let mut noun: Option<(usize, &'static str)> = None;
        let mut found: Option<(Outcome, usize)> = None;
        let mut saw_aux = false;
        let mut singular_aux = false;
        let mut extra = 0u32;
        let mut words = 0;
        let mut thing = false;
        let mut depth = 0usize;
        let mut j = q.end;
        while j < toks.len() && words < 18 {
            let t = &toks[j];
            // Bracketed asides don't count: "Two NSCN (Khaplang) cadres were killed".
            if t.is_any(&["(", "["]) {
                depth += 1;
                j += 1;
                continue;
            }
            if t.is_any(&[")", "]"]) {
                depth = depth.saturating_sub(1);
                j += 1;
                continue;
            }
            if depth > 0 {
                j += 1;
                continue;
            }
            words += 1;
            if let Some((outcome, len, transitive)) = outcome_at(toks, j) {
                // "militants killed two soldiers": the count is the killers.
                let active = transitive && !saw_aux && object_after(toks, j, len).is_some();
                let gerund = t.lower.ends_with("ing");
                if used_verb[j] || active || ambiguous(toks, j, len) {
                    break;
                }
                // "Two arrested in shooting death of boy": one death
                // cannot be two victims; the count is someone else.
                let one_death = t.is_any(&["death", "murder", "slaying", "homicide"])
                    && !toks.get(j + 1).is_some_and(|n| n.is("toll"));
                if one_death && q.value > 1 {
                    break;
                }
                if !gerund || told_state(t) {
                    found = Some((outcome, j));
                    break;
                }
            }
            // "1 detained, 1 wounded": a count with an act of its own is
            // not the start of a list of victims.
            if j == q.end
                && t.lower.ends_with("ed")
                && toks.get(j + 1).is_none_or(|n| n.is_any(&[",", "and", ";"]))
                && outcome_at(toks, j).is_none()
            {
                break;
            }
            // "skating with two friends and felt the injury to his hand":
            // "and" with a verb of its own starts another clause.
            if t.is("and")
                && j > q.end
                && toks.get(j + 1).is_some_and(|v| {
                    outcome_at(toks, j + 1).is_none()
                        && (v.is_any(&[
                            "felt", "ran", "went", "saw", "told", "got", "took", "came", "fled",
                            "left", "heard", "began", "drove", "sought",
                        ]) || (v.lower.ends_with("ed") && victim_group(v).is_none()))
                })
            {
                break;
            }
            // "four counts of assault", "between the ages of 18 and 22":
            // the numbers there count no victims.
            if is_clause_break(t)
                || t.is_any(NEGATIONS)
                || t.is_any(PROSECUTED)
                || t.is_any(&["counts", "count", "charges", "suspicion"])
                || (t.is("arrested") && toks.get(j + 1).is_some_and(|n| n.is_any(&["in", "on"])))
            {
                break;
            }
            // "one of the four was pronounced dead": the later count is the
            // whole the victims are part of, not victims on top.
            if j == q.end && t.is("of") {
                let n = if toks.get(j + 1).is_some_and(|t| t.is("the")) {
                    j + 2
                } else {
                    j + 1
                };
                if let Some(whole) = numbers::parse_at(toks, n).filter(|w| !w.article) {
                    for u in used_count.iter_mut().take(whole.end).skip(j) {
                        *u = true;
                    }
                    // "was one of eight shot at the party": the outcome right
                    // after the whole is the whole's; the one is among them.
                    // "one of five people shot": a plural noun may come between.
                    let at = if toks
                        .get(whole.end)
                        .is_some_and(|t| victim_group(t).is_some() && is_plural_victim(t))
                    {
                        whole.end + 1
                    } else {
                        whole.end
                    };
                    // A state ("one of the five survived") is the one's own.
                    let direct = outcome_at(toks, at)
                        .filter(|_| !ambiguous(toks, at, 1) && !told_state(&toks[at]))
                        .filter(|&(_, _, transitive)| {
                            !transitive || object_after(toks, at, 1).is_none()
                        });
                    if let Some((outcome, _, _)) = direct {
                        // "one of four women wounded ... has died": the
                        // whole were hit, the dead among them.
                        let part_died = toks
                            .iter()
                            .any(|t| t.is_any(&["died", "dies", "dead", "succumbed", "killed"]));
                        let outcome = if outcome == Outcome::Injured && part_died {
                            Outcome::Shot
                        } else {
                            outcome
                        };
                        let noun = (at > whole.end).then(|| {
                            (whole.end, victim_group(&toks[whole.end]).unwrap_or(GENERIC))
                        });
                        let mut m = mention(toks, &whole, outcome, noun, whole.start);
                        m.verb = at;
                        out.push(m);
                        used_verb[at] = true;
                        break;
                    }
                    j = whole.end;
                    continue;
                }
            }
            // "two men, ages 21 and 22, were treated": the ages count no one.
            if t.is_any(&["ages", "aged"]) {
                let mut n = j + 1;
                while toks
                    .get(n)
                    .is_some_and(|t| t.kind == TokenKind::Number || t.is_any(&["and", "of", "to"]))
                {
                    used_count[n] = true;
                    n += 1;
                }
                j = n;
                continue;
            }
            if t.is_any(NON_PERSON) {
                thing = true;
            }
            if t.is_any(&[
                "was", "were", "been", "being", "are", "is", "got", "have", "has",
            ]) {
                saw_aux = true;
                singular_aux |= t.is_any(SINGULAR_AUX);
            }
            if noun.is_none() {
                if let Some(g) = victim_group(t) {
                    // "police officer": the head is the last noun.
                    let mut h = j;
                    while toks.get(h + 1).and_then(victim_group).is_some() {
                        h += 1;
                    }
                    noun = Some((h, victim_group(&toks[h]).unwrap_or(g)));
                }
            }
            // "A 59-year-old man, 49-year-old woman and 53-year-old man were
            // shot": an item of a list of victims, not an apposition (which
            // has its own article: "a man, a 24-year-old, was shot").
            // "2 teens, man wounded", "2 women, young girl shot": a bare
            // singular victim after the counted ones is one more.
            if !q.article && t.is(",") && noun.is_some_and(|(n, _)| n + 1 == j) {
                let mut n = j + 1;
                if toks
                    .get(n)
                    .is_some_and(|v| v.is_any(&["young", "teen", "teenage", "little"]))
                {
                    n += 1;
                }
                let single = toks.get(n).is_some_and(|v| {
                    victim_group(v).is_some() && !is_plural_victim(v) && !v.is_any(&["other"])
                });
                let then = toks
                    .get(n + 1)
                    .is_some_and(|v| outcome_at(toks, n + 1).is_some() || v.is_any(&[",", "and"]));
                if single && then {
                    extra += 1;
                    for u in used_count.iter_mut().take(n + 1).skip(j) {
                        *u = true;
                    }
                    j = n + 1;
                    continue;
                }
            }
            if q.article && t.is(",") && noun.is_some() {
                let mut n = j + 1;
                if toks
                    .get(n)
                    .is_some_and(|v| v.lower.ends_with("-year-old") && !v.lower.starts_with("a-"))
                {
                    n += 1;
                }
                let item = toks.get(n).is_some_and(|v| {
                    victim_group(v).is_some() && !is_plural_victim(v) && !v.capital
                }) || (n > j + 1
                    && toks.get(n).is_some_and(|v| v.is_any(&[",", "and"])));
                let item_end = if toks.get(n).is_some_and(|v| victim_group(v).is_some()) {
                    n + 1
                } else {
                    n
                };
                let continues = toks.get(item_end).is_some_and(|v| v.is_any(&[",", "and"]));
                if item && continues && n > j + 1 {
                    extra += 1;
                    for u in used_count.iter_mut().take(item_end).skip(j) {
                        *u = true;
                    }
                    j = item_end;
                    continue;
                }
            }
            if q.article && t.is("and") && (noun.is_some() || j > q.end) {
                // "A man and his daughter were found dead"
                let mut n = j + 1;
                while toks
                    .get(n)
                    .is_some_and(|t| t.is_any(&["his", "her", "their", "a", "an", "the"]))
                {
                    n += 1;
                }
                let determined = n > j + 1 && !toks[n - 1].is("the");
                if let Some(v) = toks.get(n).filter(|v| {
                    (victim_group(v).is_some() && !is_plural_victim(v))
                        || (determined && v.kind == TokenKind::Word && !v.is_any(NON_PERSON))
                }) {
                    let _ = v;
                    extra += 1;
                    for u in used_count.iter_mut().take(n + 1).skip(j) {
                        *u = true;
                    }
                    j = n + 1;
                    continue;
                }
            }
            // "A commander was among four militants killed": the subject is
            // one of the later count.
            if t.is("among") {
                break;
            }
            // "two victims, one of whom died": the later count is a part.
            if j > q.end
                && toks.get(j + 1).is_some_and(|n| n.is("of"))
                && numbers::parse_at(toks, j).is_some()
            {
                break;
            }
            // "One person, a 19-year-old man, was pronounced dead": the
            // apposition is the same victim, not another.
            if noun.is_some() && toks[j - 1].is(",") {
                if let Some(a) = numbers::parse_at(toks, j).filter(|a| a.article) {
                    // "three others, an 18-year-old woman and two men, were
                    // treated": the counts inside the aside are the same people.
                    let aside_end = (a.end..toks.len())
                        .find(|&n| {
                            toks[n].is_any(&[",", "—", "–", "was", "were"])
                                || outcome_at(toks, n).is_some()
                        })
                        .unwrap_or(toks.len());
                    for u in used_count.iter_mut().take(aside_end).skip(j) {
                        *u = true;
                    }
                    j = aside_end;
                    continue;
                }
            }
            // "Two officers from an anti-narcotics unit were killed": an
            // article after a preposition starts a modifier, not a count.
            // Only after the victims were named, and only when the modifier
            // names no victim itself ("the family of a victim killed").
            if noun.is_some()
                && toks[j - 1].is_any(&["from", "of", "in", "at", "with", "near", "on"])
                && numbers::parse_at(toks, j).is_some_and(|a| a.article)
                && victim_after(toks, j + 1, 4).is_none()
            {
                used_count[j] = true;
                j += 1;
                continue;
            }
            // "four people out of the 75 inside", "two women — both 19 —":
            // the whole and an age are read past, not counted.
            // "Three boys, all 16 or younger, were wounded": an age inside
            // an aside after the victims.
            let aside_age = noun.is_some_and(|(n, _)| {
                toks.get(n..j)
                    .is_some_and(|between| between.iter().any(|t| t.is_any(&[",", "—", "–", "("])))
            }) && numbers::parse_at(toks, j).is_none()
                || (j == q.end && q.article && numbers::parse_at(toks, j).is_none());
            let whole_or_age = t.kind == TokenKind::Number
                && (aside_age
                    || toks[j - 1].is_any(&["both", "each"])
                    || (toks[j - 1].is("of") && toks[j - 2].is("out"))
                    || (j >= 3
                        && toks[j - 1].is("the")
                        && toks[j - 2].is("of")
                        && toks[j - 3].is("out")));
            if whole_or_age {
                j += 1;
                continue;
            }
            let including = toks[j - 1].is("including");
            if !including
                && (t.kind == TokenKind::Number
                    || (j > q.end && numbers::parse_at(toks, j).is_some()))
            {
                // "two soldiers and three civilians were killed"
                // "a commander and his three accomplices were killed"
                let possessive_and =
                    j >= 2 && toks[j - 1].is_any(&["his", "her", "their"]) && toks[j - 2].is("and");
                let coordinated = (toks[j - 1].is_any(&["and", ","]) || possessive_and)
                    && j - 1 > q.end
                    && (noun.is_some() || !q.article);
                // "accused of stealing 11 goats was beaten to death"
                let things = toks[j + 1..toks.len().min(j + 3)]
                    .iter()
                    .any(|t| t.is_any(NON_PERSON));
                if !coordinated && !things {
                    break;
                }
            }
            j += 1;
        }
        if let Some((mut outcome, verb)) = found {
            // "were shot but survived": hurt, not killed. "A man was also
            // shot": one hit besides the dead, alive unless told otherwise.
            let also = toks[q.end..verb].iter().any(|t| t.is("also"))
                && q.value == 1
                && extra == 0
                && !q.additive
                && !told_state(&toks[verb])
                && !thing
                && !toks[verb..].iter().any(|t| {
                    t.is_any(&[
                        "died",
                        "dead",
                        "dies",
                        "succumbed",
                        "death",
                        "killed",
                        "fatally",
                    ])
                });
            if outcome == Outcome::Shot && (survived_after(toks, verb) || also) {
                outcome = Outcome::Injured;
            }
            // "was injured and later died", "was shot in the head and died"
            if outcome != Outcome::Killed {
                let tail = &toks[verb + 1..toks.len().min(verb + 9)];
                let stop = tail
                    .iter()
                    .position(|t| t.is_punct() || is_clause_break(t))
                    .unwrap_or(tail.len());
                if let Some(a) = tail[..stop].iter().position(|t| t.is("and")) {
                    if tail[a + 1..stop.min(a + 3).max(a + 1)]
                        .iter()
                        .any(|t| t.is_any(&["died", "succumbed", "perished"]))
                    {
                        outcome = Outcome::Killed;
                    }
                }
            }
            let singular_noun = noun.is_some_and(|(n, _)| !is_plural_victim(&toks[n]));
            let intransitive = toks[verb].is_any(&["died", "succumbed", "perished"]);
            // "Three others sustained minor injuries": a state told of
            // victims needs them right after the count ("6 News the boy
            // is expected to survive", "the other 21, suffered" count none).
            let state_ok = !told_state(&toks[verb])
                || victim_after(toks, q.end, 2).is_some()
                || (toks[q.end].is("of") && victim_after(toks, q.end + 1, 2).is_some())
                || (toks[q.start].kind == TokenKind::Word
                    && !q.article
                    && proper_name_at(toks, q.end).is_some());
            let ok_article = state_ok
                && (!q.article
                    || singular_noun
                    // "a 16 and 17-year-old were shot"; not "an attempted
                    // robbery and an employee".
                    || (extra > 0 && !thing && !events_before_and(toks, q.end))
                    || (!thing && singular_aux)
                    || (noun.is_none() && !thing && intransitive));
            if ok_article {
                let mut m = mention(toks, &q, outcome, noun, q.start);
                m.value = m.value.saturating_add(extra);
                // "Webb and four others were shot", "he and three others"
                let others = noun.is_some_and(|(n, _)| toks[n].is_any(&["others", "other"]));
                let one_before = q.start >= 2
                    && toks[q.start - 1].is("and")
                    && (toks[q.start - 2].is_any(&["he", "she"])
                        || (toks[q.start - 2].capital
                            && toks[q.start - 2].kind == TokenKind::Word)
                        || victim_group(&toks[q.start - 2])
                            .is_some_and(|_| !is_plural_victim(&toks[q.start - 2])));
                if others && one_before && !q.article {
                    m.value = m.value.saturating_add(1);
                } else if (others || toks.get(q.end).is_some_and(|t| t.is("other")))
                    && m.outcome == Outcome::Shot
                {
                    // "Five others had been shot": beside someone already
                    // told, so not among the dead; hurt and alive.
                    m.outcome = Outcome::Injured;
                }
                m.verb = verb;
                // "four of its soldiers were killed and another was injured"
                if m.group.is_none() && q.additive {
                    m.group = last_group;
                }
                last_group = m.group.or(last_group);
                out.push(m);
            }
        }
        i = q.end.max(i + 1);
    }

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
    out.extend(singular_mentions(toks, sentence, have));
    if !have.iter().any(|&h| h) {
        if let Some(named) = named_pair_mention(toks) {
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
        .any(|t| t.is_any(EVENTS) || t.is_any(NON_PERSON))
}

fn mention(
    toks: &[Token],
    q: &Quantity,
    outcome: Outcome,
    noun: Option<(usize, &'static str)>,
    first: usize,
) -> Mention {
    let _ = toks;
    Mention {
        outcome,
        value: q.value,
        approximate: q.approximate,
        additive: q.additive,
        explicit: !q.article,
        part_of: false,
        one_more: false,
        group: noun.map(|(_, g)| g),
        side: None,
        name: None,
        verb: first,
        sentence: 0,
        background: None,
        first,
        last: noun.map(|(n, _)| n).unwrap_or(q.end.saturating_sub(1)),
    }
}

/// "Stewart and Hampton were struck by gunfire", "Ann Lee, 20, and Bo Diaz,
/// 31, were wounded": named victims joined by "and" before "were".
fn named_pair_mention(toks: &[Token]) -> Option<Mention> {
    let (k, outcome) = (1..toks.len()).find_map(|k| {
        let (o, _, _) = outcome_at(toks, k)?;
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
            && !toks[j - 1].is_any(NOT_NAMES)
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
        outcome,
        value: names,
        approximate: false,
        additive: false,
        explicit: false,
        part_of: false,
        one_more: false,
        group: Some(GENERIC),
        side: None,
        name: None,
        verb: k,
        sentence: 0,
        background: None,
        first: j,
        last: k,
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
    Some(Mention {
        outcome: Outcome::Killed,
        value: 1,
        approximate: false,
        additive: false,
        explicit: false,
        part_of: false,
        one_more: false,
        group: Some(GENERIC),
        side: None,
        name: None,
        verb: k,
        sentence: 0,
        background: None,
        first: k,
        last: k + 1,
    })
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
        outcome: Outcome::Shot,
        value,
        approximate: false,
        additive: false,
        explicit: false,
        part_of: false,
        one_more: false,
        group: Some(GENERIC),
        side: None,
        name: None,
        verb: k + 1,
        sentence: 0,
        background: None,
        first: k,
        last: k + 1,
    })
}

/// Where a headline's victims start, how many they are, and their group.
type HeadlineSubject = (usize, u32, Option<&'static str>);

/// One victim without a written count: "the victim was pronounced dead",
/// "Smith died at the hospital", "the gunman shot himself".
fn singular_mentions(toks: &[Token], sentence: &str, have: [bool; 3]) -> Vec<Mention> {
    let mut out = Vec::new();
    let one = |outcome: Outcome, at: usize, group: &'static str| Mention {
        outcome,
        value: 1,
        approximate: false,
        additive: false,
        explicit: false,
        part_of: false,
        one_more: false,
        group: Some(group),
        side: None,
        name: None,
        verb: at,
        sentence: 0,
        background: None,
        first: at,
        last: at,
    };
    // "Smith was taken to the hospital with non-life-threatening injuries"
    if !have[Outcome::Injured as usize]
        && !have[Outcome::Shot as usize]
        && !have[Outcome::Killed as usize]
    {
        let lower = sentence.to_lowercase();
        let hospital = [
            "was taken to",
            "was transported to",
            "was rushed to",
            "was airlifted to",
        ]
        .iter()
        .any(|p| lower.contains(p))
            && lower.contains("hospital")
            && lower.contains("injur")
            && !lower.contains("dead")
            && !lower.contains("died");
        if hospital {
            out.push(one(Outcome::Injured, 0, GENERIC));
            return out;
        }
    }
    // Outcomes already given a count in the sentence need no singular reading.
    let mut seen = have;
    // "was fatally shot" is one outcome: "shot" inside it is not another.
    let mut inside_until = 0;
    // The last lone victim hit and not killed that this reading found.
    let mut previous_hurt: Option<(usize, Outcome)> = None;
    for k in 0..toks.len() {
        if k < inside_until {
            continue;
        }
        let Some((outcome, len, _)) = outcome_at(toks, k) else {
            continue;
        };
        inside_until = k + len;
        let slot = outcome as usize;
        let may_be_second = previous_hurt.is_some() && outcome != Outcome::Killed;
        if seen[slot] && !may_be_second {
            continue;
        }
        // Look back over adverbs to the auxiliary or the subject.
        let mut j = k;
        let mut singular = false;
        let mut steps = 0;
        while j > 0 && steps < 4 {
            j -= 1;
            steps += 1;
            // Skip an age after a name: "Jordan Reyes, 24, died".
            if j >= 3
                && toks[j].is(",")
                && toks[j - 1].kind == TokenKind::Number
                && toks[j - 2].is(",")
            {
                j -= 3;
            }
            let t = &toks[j];
            let proper = sentence
                .get(t.start..t.end)
                .and_then(|w| w.chars().next())
                .is_some_and(char::is_uppercase)
                && j > 0
                && t.kind == TokenKind::Word;
            if t.is_any(NEGATIONS) || t.is_any(&["were", "are", "have", "they", "both", "all"]) {
                singular = false;
                break;
            }
            if t.is_any(SINGULAR_AUX)
                || t.is("been")
                || (toks[k].is_any(&["in", "hospitalized", "hospitalised"])
                    && t.is_any(&["remains", "remained"]))
                || (j + 1 == k
                    && toks[k].is_any(&["gunshot", "bullet"])
                    && t.is_any(&["a", "one", "single"]))
            {
                singular = true;
                continue;
            }
            let intransitive = toks[k].is_any(&[
                "died",
                "dies",
                "succumbed",
                "perished",
                "passed",
                "suffered",
                "sustained",
                "suffers",
                "sustains",
                "received",
                "survived",
                "survives",
                "went",
                "showed",
                "arrived",
                "walked",
                "checked",
                "drove",
                "came",
                "sought",
                "did",
            ]);
            // "The driver was taken to a hospital but died": the subject of
            // the clause before, when it is one person.
            if intransitive
                && t.is_any(&["but", "and"])
                && toks[..j].iter().any(|t| t.is_any(SINGULAR_AUX))
                && !toks[..j].iter().any(|t| t.is_any(&["were", "are", "they"]))
            {
                singular = true;
                break;
            }
            if intransitive
                && (t.is_any(&["he", "she", "who"])
                    || proper
                    || victim_group(t).is_some_and(|_| !is_plural_victim(t)))
            {
                singular = true;
                break;
            }
            if t.is_any(&[
                "later",
                "then",
                "also",
                "reportedly",
                "allegedly",
                "critically",
                "seriously",
                "fatally",
                "and",
                "listed",
                "still",
                "currently",
                "now",
            ]) {
                continue;
            }
            break;
        }
        if !singular {
            continue;
        }
        // The subject must be a person, not "the car was hit" or "it was hurt".
        let window = j.saturating_sub(12);
        let clause_start = toks[window..j]
            .iter()
            .rposition(|t| t.is_any(&[".", ";", ",", "and", "but", "said", "says", "that", "say"]))
            .map_or(window, |p| window + p + 1);
        let subject = &toks[clause_start..j];
        if subject.iter().any(|t| {
            t.is_any(NEGATIONS)
                || t.is_any(&["it", "this", "that", "vehicle", "car", "house", "building"])
        }) {
            continue;
        }
        // Only the noun right before the verb decides: "SHO Khwaja of Preedy
        // Police Station was gunned down" is one man.
        if toks
            .get(j)
            .is_some_and(|t| victim_group(t).is_some_and(|_| is_plural_victim(t)))
        {
            continue;
        }
        // "A girl was grazed, and a man was shot in the leg": a second lone
        // victim, with a subject of its own, is one more of the first's kind.
        if let Some((prev, prev_outcome)) = previous_hurt.filter(|_| may_be_second) {
            let mut a = clause_start;
            while toks
                .get(a)
                .is_some_and(|t| t.is_any(&["while", "whereas", "and", "but"]))
            {
                a += 1;
            }
            let described = toks
                .get(a)
                .is_some_and(|t| t.is_any(&["a", "an", "another"]))
                && toks
                    .get(j)
                    .is_some_and(|t| victim_group(t).is_some() && !is_plural_victim(t));
            // "Smith was shot in the arm and Jones in the leg"
            let named = a == j && toks[j].capital && proper_name_at(toks, j).is_some();
            let new_subject = clause_start > prev
                && (described || named)
                && toks[prev..clause_start]
                    .iter()
                    .any(|t| t.is_any(&["and", ",", "while", "but", "whereas"]));
            if new_subject {
                let mut m = one(prev_outcome, k, GENERIC);
                m.additive = true;
                m.one_more = true;
                out.push(m);
                previous_hurt = Some((k, prev_outcome));
                continue;
            }
            if seen[slot] {
                continue;
            }
        }
        seen[slot] = true;
        // "A woman was also shot": a victim besides the dead, and alive
        // unless the sentence says otherwise.
        let also = toks[j..k].iter().any(|t| t.is("also"))
            && !told_state(&toks[k])
            && !toks[j].is_any(NON_PERSON)
            && !toks[k..].iter().any(|t| {
                t.is_any(&[
                    "died",
                    "dead",
                    "dies",
                    "succumbed",
                    "death",
                    "killed",
                    "fatally",
                ])
            });
        // "was shot but survived"
        let outcome = if outcome == Outcome::Shot && (survived_after(toks, k) || also) {
            if seen[Outcome::Injured as usize] {
                continue;
            }
            seen[Outcome::Injured as usize] = true;
            Outcome::Injured
        } else {
            outcome
        };
        let mut m = one(outcome, k, GENERIC);
        if toks
            .get(j)
            .is_some_and(|t| t.capital && proper_name_at(toks, j).is_some())
        {
            m.name = Some(toks[j].lower.clone());
        }
        if outcome != Outcome::Killed {
            previous_hurt = Some((k, outcome));
        }
        out.push(m);
    }
    out
}

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
    let own = toks[..=m.last.min(toks.len() - 1)]
        .iter()
        .rposition(|t| t.is_any(&["its", "their", "our"]))?;
    let own_at = toks[own].start - offset;
    parties
        .iter()
        .find(|p| p.end <= own_at)
        .map(|p| p.party.clone())
}

/// Reads the figures of every sentence. `sentences` are spans of `text`;
/// the title, when given, is read first.
pub fn extract(
    text: &str,
    sentences: &[Span],
    title: Option<&str>,
    published: Option<chrono::NaiveDate>,
) -> Extracted {
    use chrono::Datelike;
    let published_year = published.map(|d| d.year());
    let published_month = published.map(|d| d.month());
    let mut figures: Vec<SentenceFigures> = Vec::new();
    let mut read = |s: &str, start: usize, in_title: bool| {
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
        later_died(&toks, &mut mentions);
        survived(&toks, &lower, &mut mentions);
        let parties = Knowledge::global().parties_in(s);
        let mut last_side: Option<String> = None;
        for m in mentions.iter_mut() {
            m.side = side_of(m, &toks, &parties, 0);
            if m.side.is_none() && m.additive {
                m.side = last_side.clone();
            }
            last_side = m.side.clone().or(last_side);
        }
        let background = background_cue(&lower, published_year, published_month);
        let reaction = reaction_from(&toks);
        let cue_anywhere = toks.iter().any(|t| {
            PROTEST_CUES.iter().any(|c| t.lower.starts_with(c)) && victim_group(t).is_none()
        });
        // "16 militants were killed ... after one soldier was killed": the
        // figure in the "after" clause is an earlier event.
        let after = toks.iter().position(|t| t.is_any(&["after", "following"]));
        let main_before_after = after.is_some_and(|a| mentions.iter().any(|m| m.first < a));
        for m in mentions.iter_mut() {
            m.background = background;
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
            let reacting = reaction.is_some_and(|r| m.first > r)
                || (noun_outcome && cue_anywhere)
                || (cue_anywhere && !participle && !finite_passive && !direct);
            if m.background.is_none() && reacting {
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
    assemble(figures)
}

/// "The boy who was shot Tuesday has died": one victim, hit and then dead, is
/// the death alone. A lone hit told before a lone death in the same clause
/// (no "and", "another" between them) is that victim's.
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
    for h in hits {
        let apart = toks[mentions[h].verb..death].iter().any(|t| {
            t.is_any(&[
                "and", "but", "while", "whereas", ";", "another", "other", "second", "others",
            ])
        });
        if apart {
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
fn survived(toks: &[Token], lower: &str, mentions: &mut [Mention]) {
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
            before.iter().any(|t| t.is("also")) && !before.iter().any(|t| t.is_any(NON_PERSON))
        });
        if also || lived {
            m.outcome = Outcome::Injured;
        }
    }
}

/// Cheap pre-check so sentences without any outcome word are never tokenized.
fn has_outcome_hint(s: &str) -> bool {
    const STEMS: &[&str] = &[
        "kill",
        "dead",
        "die",
        "death",
        "fatal",
        "slain",
        "slew",
        "murder",
        "execut",
        "behead",
        "massacr",
        "lynch",
        "assassin",
        "perish",
        "succumb",
        "lives",
        "gunned",
        "shot",
        "shoot",
        "injur",
        "wound",
        "hurt",
        "hospital",
        "stabbed",
        "beaten",
        "burn",
        "hacked",
        "strangled",
        "slaughter",
        "corpse",
        "himself",
        "herself",
        "cut down",
        "struck",
        "bullet",
        "gunfire",
        "graze",
        "treated",
        "deceased",
        "passed away",
        "condition",
        "fighting for",
        "expected to",
        "surviv",
        "recovering",
        "released from",
        "discharged from",
        "sent",
        "sends",
    ];
    let lower = s.to_ascii_lowercase();
    STEMS.iter().any(|w| lower.contains(w))
}
