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

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    Killed,
    Injured,
    /// Hit by gunfire, fate not stated: counted as injured unless killed.
    Shot,
}

/// Victim nouns and the group they belong to. "people" is the generic group:
/// its figures overlap every other group's.
const VICTIMS: &[(&str, &str)] = &[
    ("soldier", "soldiers"),
    ("soldiers", "soldiers"),
    ("troop", "soldiers"),
    ("troops", "soldiers"),
    ("serviceman", "soldiers"),
    ("servicemen", "soldiers"),
    ("servicemember", "soldiers"),
    ("servicemembers", "soldiers"),
    ("personnel", "soldiers"),
    ("marines", "soldiers"),
    ("paratroopers", "soldiers"),
    ("guard", "soldiers"),
    ("guards", "soldiers"),
    ("sailors", "soldiers"),
    ("pilots", "soldiers"),
    ("pilot", "soldiers"),
    ("officers", "police"),
    ("officer", "police"),
    ("policeman", "police"),
    ("policemen", "police"),
    ("policewoman", "police"),
    ("police", "police"),
    ("cop", "police"),
    ("cops", "police"),
    ("constable", "police"),
    ("constables", "police"),
    ("gendarme", "police"),
    ("gendarmes", "police"),
    ("deputy", "police"),
    ("deputies", "police"),
    ("trooper", "police"),
    ("troopers", "police"),
    ("militant", "militants"),
    ("militants", "militants"),
    ("fighter", "militants"),
    ("fighters", "militants"),
    ("insurgent", "militants"),
    ("insurgents", "militants"),
    ("rebel", "militants"),
    ("rebels", "militants"),
    ("jihadist", "militants"),
    ("jihadists", "militants"),
    ("terrorist", "militants"),
    ("terrorists", "militants"),
    ("extremist", "militants"),
    ("extremists", "militants"),
    ("militiaman", "militants"),
    ("militiamen", "militants"),
    ("militia", "militants"),
    ("combatants", "militants"),
    ("separatists", "militants"),
    ("separatist", "militants"),
    ("gunman", "militants"),
    ("gunmen", "militants"),
    ("attacker", "militants"),
    ("attackers", "militants"),
    ("assailant", "militants"),
    ("assailants", "militants"),
    ("bomber", "militants"),
    ("bombers", "militants"),
    ("shooter", "militants"),
    ("suspect", "militants"),
    ("suspects", "militants"),
    ("robber", "militants"),
    ("robbers", "militants"),
    ("civilian", "civilians"),
    ("civilians", "civilians"),
    ("villager", "civilians"),
    ("villagers", "civilians"),
    ("resident", "civilians"),
    ("residents", "civilians"),
    ("farmer", "civilians"),
    ("farmers", "civilians"),
    ("worker", "civilians"),
    ("workers", "civilians"),
    ("passerby", "civilians"),
    ("bystander", "civilians"),
    ("bystanders", "civilians"),
    ("pedestrian", "civilians"),
    ("protester", "protesters"),
    ("protesters", "protesters"),
    ("protestors", "protesters"),
    ("demonstrators", "protesters"),
    ("child", "children"),
    ("children", "children"),
    ("kid", "children"),
    ("kids", "children"),
    ("boy", "children"),
    ("boys", "children"),
    ("girl", "children"),
    ("girls", "children"),
    ("baby", "children"),
    ("infant", "children"),
    ("toddler", "children"),
    ("minors", "children"),
    ("teen", "children"),
    ("teens", "children"),
    ("teenager", "children"),
    ("teenagers", "children"),
    ("student", "students"),
    ("students", "students"),
    ("woman", "women"),
    ("women", "women"),
    ("man", "men"),
    ("men", "men"),
    ("people", "people"),
    ("persons", "people"),
    ("person", "people"),
    ("individuals", "people"),
    ("individual", "people"),
    ("victims", "people"),
    ("victim", "people"),
    ("others", "people"),
    ("other", "people"),
    ("males", "people"),
    ("females", "people"),
    ("adults", "adults"),
    ("adult", "adults"),
    ("juveniles", "children"),
    ("juvenile", "children"),
    ("youths", "children"),
    ("youth", "children"),
    ("youngster", "children"),
    ("youngsters", "children"),
    ("son", "people"),
    ("sons", "people"),
    ("daughters", "people"),
    ("brothers", "people"),
    ("sisters", "people"),
    ("daughter", "people"),
    ("wife", "people"),
    ("husband", "people"),
    ("girlfriend", "people"),
    ("boyfriend", "people"),
    ("mother", "people"),
    ("father", "people"),
    ("brother", "people"),
    ("sister", "people"),
    ("cousin", "people"),
    ("friend", "people"),
    ("cousins", "people"),
    ("neighbors", "people"),
    ("neighbours", "people"),
    ("customers", "people"),
    ("patrons", "people"),
    ("classmates", "people"),
    ("siblings", "people"),
    ("neighbor", "people"),
    ("neighbour", "people"),
    ("uncle", "people"),
    ("aunt", "people"),
    ("grandmother", "people"),
    ("grandfather", "people"),
    ("nephew", "people"),
    ("niece", "people"),
    ("roommate", "people"),
    ("stepfather", "people"),
    ("stepson", "people"),
    ("partner", "people"),
    ("customer", "people"),
    ("clerk", "people"),
    ("driver", "people"),
    ("owner", "people"),
    ("inmate", "people"),
    ("prisoner", "people"),
    ("prisoners", "people"),
    ("commander", "people"),
    ("commanders", "people"),
    ("companion", "people"),
    ("companions", "people"),
    ("elder", "people"),
    ("elders", "people"),
    ("supporter", "people"),
    ("supporters", "people"),
    ("leader", "people"),
    ("leaders", "people"),
    ("cadres", "militants"),
    ("cadre", "militants"),
    ("activist", "civilians"),
    ("activists", "civilians"),
    ("official", "people"),
    ("officials", "people"),
    ("members", "people"),
    ("member", "people"),
    ("relatives", "people"),
    ("passengers", "people"),
    ("pilgrims", "people"),
    ("worshippers", "people"),
    ("refugees", "civilians"),
    ("migrants", "civilians"),
    ("journalist", "civilians"),
    ("journalists", "civilians"),
];

/// Things that can be hit or hurt but are not casualties ("injuring one of the dogs").
const NON_PERSON: &[&str] = &[
    "dog",
    "dogs",
    "cat",
    "cats",
    "horse",
    "horses",
    "animal",
    "animals",
    "cattle",
    "cow",
    "cows",
    "goats",
    "sheep",
    "camels",
    "vehicle",
    "vehicles",
    "car",
    "cars",
    "house",
    "houses",
    "home",
    "homes",
    "building",
    "buildings",
    "shop",
    "shops",
    "leg",
    "arm",
    "head",
    "tyre",
    "tire",
    "window",
    "windows",
    "truck",
    "bus",
    "tank",
    "tanks",
    "drone",
    "drones",
    "aircraft",
];

/// Groups that say who the victims were as persons, not which armed or
/// civilian side: repeated mentions of them ("a man", "the victim", "the
/// 17-year-old") are usually the same people, so they overlap like "people".
const PERSON_GROUPS: &[&str] = &["people", "men", "women", "children", "adults", "students"];

/// Nouns that name people without a group of their own ("a 12-year-old").
const GENERIC: &str = "people";

/// Words that end the search from a count to its outcome: another clause.
const CLAUSE_BREAKS: &[&str] = &[
    ".",
    ";",
    ":",
    "?",
    "!",
    "but",
    "while",
    "whereas",
    "after",
    "before",
    "because",
    "since",
    "when",
    "where",
    "although",
    "though",
    "said",
    "says",
    "told",
    "according",
    "saying",
    "telling",
];

/// Outcome words that are nouns: their victim comes after them ("the death
/// of a teen"), never as a headline's subject.
const OUTCOME_NOUNS: &[&str] = &[
    "death",
    "deaths",
    "murder",
    "murders",
    "slaying",
    "slayings",
    "homicide",
    "homicides",
    "killings",
    "body",
    "bodies",
    "injuries",
    "injury",
    "wounds",
    "fatalities",
    "fatality",
    "lives",
];

/// Verbs whose subject is the accused, not a victim ("two teens charged
/// with murder in the death of ...").
const ACCUSED: &[&str] = &[
    "charged",
    "arrested",
    "accused",
    "convicted",
    "sentenced",
    "pleaded",
    "pled",
    "pleads",
    "indicted",
    "arraigned",
    "jailed",
    "booked",
    "faces",
    "facing",
];

/// Of `ACCUSED`, the verbs that end a victim phrase: "two men accused of
/// theft were beaten to death" are victims, "two teens charged with murder
/// in the death of" are not.
const PROSECUTED: &[&str] = &[
    "charged",
    "convicted",
    "sentenced",
    "pleaded",
    "pled",
    "pleads",
    "indicted",
    "arraigned",
    "faces",
    "facing",
];

/// Auxiliaries that mark a passive or a singular subject ("was killed").
const SINGULAR_AUX: &[&str] = &["was", "is", "has", "had", "got", "gets"];

/// Negations that cancel an outcome in their clause ("no one was hurt").
const NEGATIONS: &[&str] = &[
    "no",
    "not",
    "none",
    "nobody",
    "without",
    "never",
    "n't",
    "didn't",
    "wasn't",
    "weren't",
    "unhurt",
    "uninjured",
    "neither",
];

/// Phrases that put a sentence's figures outside the reported event, and why.
const BACKGROUND_CUES: &[(&str, &str)] = &[
    ("last year", "earlier event"),
    ("previous year", "earlier event"),
    ("earlier this year", "earlier event"),
    ("in a separate incident", "separate event"),
    ("in another incident", "separate event"),
    ("in a similar incident", "separate event"),
    ("separate attack", "separate event"),
    ("previous attack", "earlier event"),
    ("since the war", "cumulative toll"),
    ("since the start", "cumulative toll"),
    ("since the beginning", "cumulative toll"),
    ("since the conflict", "cumulative toll"),
    ("since the fighting", "cumulative toll"),
    ("since the outbreak", "cumulative toll"),
    ("since the insurgency", "cumulative toll"),
    ("since the uprising", "cumulative toll"),
    ("so far this year", "cumulative toll"),
    ("this year", "cumulative toll"),
    ("to date", "cumulative toll"),
    ("over the past", "cumulative toll"),
    ("over the last", "cumulative toll"),
    ("in the past", "cumulative toll"),
    ("in recent", "cumulative toll"),
    ("the war has", "cumulative toll"),
    ("the conflict has", "cumulative toll"),
    ("which has killed", "cumulative toll"),
    ("that has killed", "cumulative toll"),
    ("have been killed since", "cumulative toll"),
    ("have died since", "cumulative toll"),
    ("since january", "cumulative toll"),
    ("every year", "cumulative toll"),
    ("each year", "cumulative toll"),
    ("a year", "cumulative toll"),
    ("homicides", "cumulative toll"),
    ("could kill", "hypothetical"),
    ("could have killed", "hypothetical"),
    ("could have been", "hypothetical"),
    ("would kill", "hypothetical"),
    ("would have", "hypothetical"),
    ("threatened to", "hypothetical"),
    ("vowed to", "hypothetical"),
    ("plotted to", "hypothetical"),
    ("plan to kill", "hypothetical"),
    ("planning to kill", "hypothetical"),
    ("tried to kill", "hypothetical"),
    ("attempt to kill", "hypothetical"),
    ("if", "hypothetical"),
    ("across the city", "other events"),
    ("throughout the day", "other events"),
    ("citywide", "other events"),
    ("in separate shootings", "other events"),
    ("separate incidents", "other events"),
    ("retaliation for", "earlier event"),
    ("revenge for", "earlier event"),
    ("earlier in the week", "earlier event"),
    ("other sources", "alternative report"),
    ("another source", "alternative report"),
    ("other reports", "alternative report"),
    ("different reports", "alternative report"),
    ("conflicting reports", "alternative report"),
];

/// Words saying a sentence is about a reaction to killings, not the killings
/// ("protested against the killing of two students").
const REACTION_CUES: &[&str] = &[
    "riot",
    "enraged",
    "angered",
    "solidarity",
    "protest",
    "rally",
    "rallied",
    "demonstrat",
    "condemn",
    "demand",
    "mourn",
    "vigil",
    "marched",
    "sit-in",
    "outrage",
    "anniversary",
    "commemorat",
    "memorial",
    "funeral",
];

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

const NOT_NAMES: &[&str] = &[
    "office",
    "department",
    "county",
    "sheriff",
    "university",
    "hospital",
    "center",
    "centre",
    "school",
    "church",
    "city",
    "state",
    "news",
    "street",
    "road",
    "avenue",
    "park",
    "authorities",
    "officials",
    "investigators",
    "deputies",
    "update",
    "video",
    "photo",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "police",
    "i",
    "in",
    "on",
    "at",
    "the",
    "a",
    "an",
    "and",
    "but",
    "he",
    "she",
    "they",
    "it",
    "officers",
    // Headlines capitalise every word: "Shot Near West Charlotte Home",
    // "Shot To Death Inside Car", "Injured After Shooting".
    "near",
    "inside",
    "outside",
    "after",
    "before",
    "during",
    "while",
    "for",
    "to",
    "with",
    "by",
    "from",
    "into",
    "over",
    "as",
    "of",
    "shooting",
    "shootings",
];

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

/// Nouns that name a known number of people ("Boy, Parents Hit In Shooting").
const IMPLIED_PAIRS: &[&str] = &["parents", "grandparents", "twins", "couple"];

/// Headlines drop articles: "Man, 11-Year-Old Daughter Found Dead" is two
/// victims, "Teen Shot In Park" one. Each outcome has its own subject:
/// "Girl Killed, Grandmother Injured" is one of each.
fn headline_mentions(toks: &[Token]) -> Vec<Mention> {
    let mut out = Vec::new();
    // Tokens before `from` belong to an earlier outcome.
    let mut from = 0;
    let mut k = 0;
    while k < toks.len() {
        let Some((outcome, len, _)) = outcome_at(toks, k) else {
            k += 1;
            continue;
        };
        // A noun outcome ("in son's shooting death") has its victim after
        // it, not as the headline's subject.
        let usable = !toks[k].lower.ends_with("ing")
            && !toks[k].is_any(OUTCOME_NOUNS)
            && !ambiguous(toks, k, len);
        if !usable {
            k += len;
            continue;
        }
        // "Man Charged After ... Woman Dead": the subject is the accused.
        match headline_subject(toks, from, k) {
            Err(()) => break,
            Ok(Some((start, count, group))) => out.push(Mention {
                outcome,
                value: count,
                approximate: false,
                additive: false,
                explicit: false,
                part_of: false,
                one_more: false,
                group,
                side: None,
                name: None,
                verb: k,
                sentence: 0,
                background: None,
                first: start,
                last: k,
            }),
            Ok(None) => {}
        }
        from = k + len;
        k += len;
    }
    out
}

/// Where a headline's victims start, how many they are, and their group.
type HeadlineSubject = (usize, u32, Option<&'static str>);

/// The victims a headline names before its outcome word at `k` (after
/// `from`): where they start, how many, their group. `Err` when the subject
/// is the accused.
fn headline_subject(toks: &[Token], from: usize, k: usize) -> Result<Option<HeadlineSubject>, ()> {
    // "... Leaves 24-Year-Old Woman Dead": the victims follow the verb;
    // "Parents Say Boy Grazed": they follow who speaks.
    let start = toks[from..k]
        .iter()
        .rposition(|t| {
            t.is_any(&[
                ":", ";", "|", "—", "–", "leaves", "leave", "left", "say", "says", "said",
            ])
        })
        .map_or(from, |p| from + p + 1);
    if toks[start..k].iter().any(|t| t.is_any(ACCUSED)) {
        return Err(());
    }
    // One victim per coordinated phrase: "16-Year-Old Denver Boy" is one,
    // "Man, 11-Year-Old Daughter" two.
    let mut count = 0u32;
    let mut separated = true;
    let mut group = None;
    for t in &toks[start..k] {
        if t.is_any(IMPLIED_PAIRS) {
            if separated {
                count += 2;
                group = Some(GENERIC);
            }
            separated = false;
            continue;
        }
        match victim_group(t) {
            Some(_) if is_plural_victim(t) => return Ok(None),
            Some(g) => {
                if separated {
                    count += 1;
                    group = Some(g);
                }
                separated = false;
            }
            None => {
                if t.kind == TokenKind::Number || t.is_any(NEGATIONS) {
                    return Ok(None);
                }
                if t.is_any(&[",", "and", "&"]) {
                    separated = true;
                }
            }
        }
    }
    if count == 0 {
        return Ok(None);
    }
    Ok(Some((
        start,
        count,
        if count == 1 { group } else { Some(GENERIC) },
    )))
}

/// The shooter's own death ("then shot himself", "before killing himself");
/// "accidentally shot himself in the leg" is an injury.
fn suicide_mention(lower: &str) -> Option<Mention> {
    if !lower.contains("himself")
        && !lower.contains("herself")
        && !lower.contains("own life")
        && !lower.contains(" self")
    {
        return None;
    }
    const FATAL: &[&str] = &[
        "killed himself",
        "killed herself",
        "killing himself",
        "killing herself",
        "turned the gun on himself",
        "turned the gun on herself",
        "turning the gun on himself",
        "turning the gun on herself",
        "took his own life",
        "took her own life",
        "taking his own life",
        "fatally shot himself",
        "fatally shot herself",
    ];
    let outcome = if FATAL.iter().any(|p| lower.contains(p)) {
        Outcome::Killed
    } else if let Some((p, len)) = [
        "shot himself",
        "shot herself",
        "shooting himself",
        "shooting herself",
        "shoots himself",
        "shoots herself",
        // Headlines: "Boy, 4, shoots self in hand".
        "shot self",
        "shoots self",
        "shooting self",
    ]
    .iter()
    .find_map(|w| lower.find(w).map(|p| (p, w.len())))
    .filter(|&(p, len)| {
        // "before shooting himself" is as often told of a shooter who died
        // as of one who lived: only an accident's "shooting himself" counts.
        lower[p..p + len].starts_with("shot ")
            || lower[p..p + len].ends_with(" self")
            || accidental_self_shot(lower)
    }) {
        let after = &lower[p + len..];
        // "shoots self": a headline's accident, told as a wound.
        let non_fatal = lower[..p].ends_with("accidentally ")
            || lower[p..p + len].ends_with(" self")
            || after.trim_start().starts_with("in the")
            || after.trim_start().starts_with("while")
            || lower.contains("accident")
            || lower.contains("hospital")
            || lower.contains("condition");
        if non_fatal {
            Outcome::Shot
        } else {
            Outcome::Killed
        }
    } else {
        return None;
    };
    // "A 4-year-old boy found a gun and shot himself", "a man accidentally
    // shot himself while cleaning a rifle": the one who shot himself is the
    // victim, the same one other sentences count, not a shooter on top.
    let young = young_self_shooter(lower);
    // "shoots self" is a headline's accident: the one hurt is the victim.
    let self_form = ["shot self", "shoots self", "shooting self"]
        .iter()
        .any(|w| lower.contains(w));
    let child = young || self_form || accidental_self_shot(lower);
    // Such a shot is a wound unless the sentence tells of a death: "Boy, 12,
    // shot himself at home" alone does not say he died.
    let death_told = ["die", "dead", "death", "kill", "fatal", "suicide"]
        .iter()
        .any(|w| lower.contains(w));
    let outcome = if child && outcome == Outcome::Killed && !death_told {
        Outcome::Shot
    } else {
        outcome
    };
    Some(Mention {
        outcome,
        value: 1,
        approximate: false,
        additive: false,
        explicit: false,
        part_of: false,
        one_more: false,
        group: Some(match (young, child) {
            (true, _) => "children",
            (false, true) => GENERIC,
            _ => "militants",
        }),
        side: None,
        name: Some(if child { CHILD_SELF } else { SHOOTER }.to_string()),
        verb: 0,
        sentence: 0,
        background: None,
        first: 0,
        last: 0,
    })
}

/// An accident, not a suicide after shooting others.
fn accidental_self_shot(lower: &str) -> bool {
    [
        "accident",
        "handling",
        "playing with",
        "cleaning",
        "unloading",
        "holster",
    ]
    .iter()
    .any(|w| lower.contains(w))
}

/// Whether the one who shot themself is a young child: the last person
/// named before "himself" is a child (a noun or an age under 13).
fn young_self_shooter(lower: &str) -> bool {
    const CHILD: &[&str] = &[
        "boy",
        "girl",
        "child",
        "toddler",
        "kid",
        "infant",
        "baby",
        "preschooler",
    ];
    const ADULT: &[&str] = &[
        "man",
        "woman",
        "father",
        "mother",
        "husband",
        "wife",
        "gunman",
        "shooter",
        "suspect",
        "dad",
        "mom",
        "boyfriend",
        "girlfriend",
        "stepfather",
        "teen",
        "teenager",
        "officer",
        "deputy",
    ];
    // Victims the shooter may have hit first ("shot his 5-year-old daughter
    // and then himself"): skipped with their age, they say nothing of who
    // shot himself.
    const RELATIVE: &[&str] = &[
        "son",
        "daughter",
        "brother",
        "sister",
        "sons",
        "daughters",
        "children",
        "kids",
        "boys",
        "girls",
        "family",
        "cousin",
        "nephew",
        "niece",
    ];
    let young_age = |w: &str| {
        if w.contains("-month-old") {
            return true;
        }
        w.strip_suffix("-year-old")
            .and_then(|n| n.parse::<u32>().ok())
            .is_some_and(|n| n < 13)
    };
    let Some(at) = ["himself", "herself", "own life"]
        .iter()
        .filter_map(|p| lower.find(p))
        .min()
    else {
        return false;
    };
    // The person named last before "himself" is who shot himself; a
    // possessive ("mother's purse") names an owner, not a person acting.
    let mut words = lower[..at]
        .split(|c: char| !c.is_alphanumeric() && !matches!(c, '-' | '\'' | '\u{2019}'))
        .rev();
    // With no one else named, a young relative is the child ("his 6-year-old
    // brother found the pistol and shot himself").
    let mut young_relative = false;
    while let Some(w) = words.next() {
        if RELATIVE.contains(&w) {
            let mut ahead = words.clone();
            if ahead.next().is_some_and(young_age) {
                words = ahead;
                young_relative = true;
            }
            continue;
        }
        if CHILD.contains(&w) || young_age(w) {
            // "killed a 4-month-old baby before turning the gun on himself":
            // a child hit by someone is a victim, not who shot himself.
            let hit = words.clone().take(4).any(|v| {
                matches!(
                    v,
                    "killed" | "killing" | "shot" | "shooting" | "wounded" | "murdered" | "and"
                )
            });
            if hit {
                continue;
            }
            return true;
        }
        if ADULT.contains(&w) {
            return false;
        }
    }
    young_relative
}

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

const MONTH_NAMES: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// "in October", "in late December": a month at least two before the
/// article's is another event.
fn earlier_month(lower: &str, published_month: Option<u32>) -> bool {
    let Some(pm) = published_month else {
        return false;
    };
    MONTH_NAMES.iter().enumerate().any(|(i, m)| {
        let back = (pm + 12 - (i as u32 + 1)) % 12;
        (2..=10).contains(&back)
            && ["in ", "in late ", "in early ", "in mid-", "since "]
                .iter()
                .any(|p| contains_words(lower, &format!("{p}{m}")))
    })
}

fn background_cue(
    lower: &str,
    published_year: Option<i32>,
    published_month: Option<u32>,
) -> Option<&'static str> {
    if earlier_month(lower, published_month) {
        return Some("earlier event");
    }
    // "RELATED: 2 killed in ...", "Read more: ..." lines are other stories.
    // "► Related:2-year-old boy finds rifle": past any bullet or symbol.
    let opening = lower.trim_start_matches(|c: char| !c.is_alphanumeric());
    if ["related", "read more", "see also", "more:"]
        .iter()
        .any(|p| opening.starts_with(p))
        || starts_with_video_length(lower)
    {
        return Some("other story");
    }
    if let Some((_, why)) = BACKGROUND_CUES
        .iter()
        .find(|(c, _)| contains_words(lower, c))
    {
        return Some(why);
    }
    if round_up(lower) {
        return Some("other events");
    }
    // "in 2019", "since 2011": an earlier year than the article's.
    for prefix in ["in ", "since ", "during "] {
        let mut rest = lower;
        while let Some(p) = rest.find(prefix) {
            let after = &rest[p + prefix.len()..];
            let digits: String = after.chars().take_while(|c| c.is_ascii_digit()).collect();
            if digits.len() == 4 {
                if let Ok(y) = digits.parse::<i32>() {
                    let earlier = published_year.is_some_and(|py| y < py);
                    if earlier || (prefix == "since " && (1900..2100).contains(&y)) {
                        return Some("earlier event");
                    }
                }
            }
            rest = &rest[p + prefix.len()..];
        }
    }
    None
}

/// "2:40 Raw video: neighbor heard shots ...": a playlist entry of other
/// videos, its length first.
/// A toll summed over several shootings ("4 killed, 16 wounded in Wednesday
/// shootings across Chicago", "six people wounded in three shootings", "a
/// spate of shootings"): a round-up, not one event's toll.
fn round_up(lower: &str) -> bool {
    use regex::Regex;
    use std::sync::OnceLock;
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r"\b(?:in|from|during|after)\s+(?:(?:two|three|four|five|six|several|multiple|separate|\d+|weekend|overnight|[a-z]+day(?:'s)?|holiday|recent|other)\s+){0,3}(?:shootings|shooting incidents)\b|\b(?:spate|string|rash|wave|series) of (?:\w+ )?shootings\b|\bshootings (?:across|around|throughout|since)\b",
        )
        .ok()
    })
    .as_ref()
    .is_some_and(|re| re.is_match(lower))
}

fn starts_with_video_length(lower: &str) -> bool {
    let b = lower.trim_start().as_bytes();
    let digits = b.iter().take_while(|c| c.is_ascii_digit()).count();
    (1..=2).contains(&digits)
        && b.get(digits) == Some(&b':')
        && b.get(digits + 1..digits + 3)
            .is_some_and(|s| s.iter().all(u8::is_ascii_digit))
        && b.get(digits + 3).is_some_and(|c| *c == b' ')
}

/// Whether `phrase` occurs in `lower` as whole words.
fn contains_words(lower: &str, phrase: &str) -> bool {
    lower.match_indices(phrase).any(|(p, _)| {
        let before = lower[..p].chars().next_back();
        let after = lower[p + phrase.len()..].chars().next();
        before.is_none_or(|c| !c.is_alphanumeric()) && after.is_none_or(|c| !c.is_alphanumeric())
    })
}

/// Gatherings whose cause may be a death told in the same sentence.
const PROTEST_CUES: &[&str] = &[
    "protest",
    "demonstrat",
    "riot",
    "rally",
    "rallied",
    "sit-in",
    "vigil",
    "mourn",
    "funeral",
    "solidarity",
    "marched",
];

fn is_reaction_cue(t: &Token) -> bool {
    REACTION_CUES.iter().any(|c| t.lower.starts_with(c)) && victim_group(t).is_none()
}

/// Token index from which figures are a reaction's cause, not the event:
/// "staged a protest ... after two students died", "honour a man who died".
fn reaction_from(toks: &[Token]) -> Option<usize> {
    let r = toks.iter().position(is_reaction_cue)?;
    let link = toks[r..].iter().position(|t| {
        t.is_any(&[
            "after",
            "against",
            "over",
            "demanding",
            "honour",
            "honor",
            "condemning",
            "following",
            "for",
            "wake",
        ])
    })?;
    Some(r + link)
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

fn assemble(mut figures: Vec<SentenceFigures>) -> Extracted {
    let mut out = Extracted::default();
    resolve_self_shooters(&mut figures);
    for (n, f) in figures.iter_mut().enumerate() {
        for m in f.mentions.iter_mut() {
            m.sentence = n;
        }
    }
    for f in &figures {
        // One entry per side, group and status in a sentence: "four of its soldiers
        // were killed and another was injured" is one entry, 4 killed 1 injured.
        type Entry = (
            Option<String>,
            Option<&'static str>,
            Option<&'static str>,
            u32,
            u32,
            bool,
        );
        let mut entries: Vec<Entry> = Vec::new();
        for m in &f.mentions {
            let (k, i) = match m.outcome {
                Outcome::Killed => (m.value, 0),
                Outcome::Injured | Outcome::Shot => (0, m.value),
            };
            match entries
                .iter_mut()
                .find(|e| e.0 == m.side && e.1 == m.group && e.2 == m.background)
            {
                Some(e) => {
                    e.3 = e.3.saturating_add(k);
                    e.4 = e.4.saturating_add(i);
                    e.5 |= m.approximate;
                }
                None => entries.push((m.side.clone(), m.group, m.background, k, i, m.approximate)),
            }
        }
        for (side, group, background, killed, injured, approximate) in entries {
            match background {
                Some(why) => out.background.push(BackgroundFigure {
                    killed,
                    injured,
                    approximate,
                    why: why.to_string(),
                    evidence: f.evidence.clone(),
                }),
                None => out.casualties.push(super::Casualty {
                    side,
                    group: group.map(str::to_string),
                    killed,
                    injured,
                    approximate,
                    evidence: f.evidence.clone(),
                }),
            }
        }
    }
    enumerations(&mut figures);
    named_dead_not_hurt(&mut figures);
    let counted: Vec<&Mention> = figures
        .iter()
        .flat_map(|f| f.mentions.iter())
        .filter(|m| !m.part_of && m.background.is_none())
        .collect();
    let killed = toll(&counted, |o| o == Outcome::Killed);
    let injured = toll(&counted, |o| o == Outcome::Injured);
    let shot = toll(&counted, |o| o == Outcome::Shot);
    // People shot and not killed are injured; the shooter's own death is
    // not one of the people shot.
    let shot_and_killed: Vec<&Mention> = counted
        .iter()
        .copied()
        .filter(|m| m.name.as_deref() != Some(SHOOTER))
        .collect();
    let victims_killed = toll(&shot_and_killed, |o| o == Outcome::Killed);
    let injured = injured.max(shot.saturating_sub(victims_killed));
    let (killed, injured) = headline_bounds(&figures, &counted, killed, injured);
    out.totals = Totals { killed, injured };
    out
}

/// "5 shot, 1 killed at bus stop" over a body that also tells of other
/// shootings, of victims counted twice or of figures from elsewhere: the
/// headline gives the toll of the event the article is about, and the event's
/// wounded are at most the headline's. Only a headline figure told with a
/// number, and told again in the body, bounds ("Man shot" says nothing of
/// how many).
fn headline_bounds(
    figures: &[SentenceFigures],
    counted: &[&Mention],
    killed: u32,
    injured: u32,
) -> (u32, u32) {
    let headline: Vec<&Mention> = counted
        .iter()
        .copied()
        .filter(|m| figures.get(m.sentence).is_some_and(|f| f.evidence.in_title))
        .collect();
    // The headline's figure must be told again in the body ("Four people
    // were shot"): a headline read wrong ("2 teens, man wounded" read as 2)
    // bounds nothing.
    let bound = |want: &dyn Fn(Outcome) -> bool, total: u32| {
        let counted_figure =
            |m: &&Mention| want(m.outcome) && !m.additive && (m.explicit || m.value > 1);
        if !headline.iter().any(counted_figure) {
            return total;
        }
        let figure = toll(&headline, want);
        let told_again = counted.iter().any(|m| {
            counted_figure(m)
                && m.value == figure
                && figures
                    .get(m.sentence)
                    .is_some_and(|f| !f.evidence.in_title)
        });
        if told_again {
            total.min(figure)
        } else {
            total
        }
    };
    // Deaths are not bounded: a headline counts the victims, and the
    // shooter who then died comes on top ("Man kills daughter, himself").
    (killed, bound(&|o| o != Outcome::Killed, injured))
}

/// "Acen was hurt ... Acen died": a person named among the dead is not also
/// among the wounded.
fn named_dead_not_hurt(figures: &mut [SentenceFigures]) {
    let dead: Vec<String> = figures
        .iter()
        .flat_map(|f| f.mentions.iter())
        .filter(|m| m.outcome == Outcome::Killed && m.background.is_none())
        .filter_map(|m| m.name.clone())
        .filter(|n| n != SHOOTER && n != CHILD_SELF)
        .collect();
    if dead.is_empty() {
        return;
    }
    for m in figures.iter_mut().flat_map(|f| f.mentions.iter_mut()) {
        if m.outcome != Outcome::Killed
            && m.value == 1
            && m.name.as_ref().is_some_and(|n| dead.contains(n))
        {
            m.part_of = true;
        }
    }
}

/// "Five people were shot. A 32-year-old was shot in the head ... Another
/// 20-year-old was shot in the arm": once a figure for an outcome is given,
/// "another" goes through the victims it counts, one by one, and adds no one.
/// It adds one only right after a figure of its own outcome ("Two men were
/// shot. Another man was shot in the leg"), or after a lone victim of its own
/// outcome when no figure was given ("A man was shot in the arm. Another man
/// was shot in the leg"). After victims of the other outcome ("killed four
/// people. Another person was wounded") it means one beyond those: the first
/// of its own outcome, or one of those its figure counts. The victims it
/// names are then at least the ones listed so far.
fn enumerations(figures: &mut [SentenceFigures]) {
    let class = |o: Outcome| usize::from(o != Outcome::Killed);
    let mut figure_seen = [false; 2];
    let mut listed = [0u32; 2];
    // Class of the previous victim phrase, and whether it was a figure.
    let mut previous: Option<(usize, bool)> = None;
    for f in figures.iter_mut() {
        let mut single_here = [false; 2];
        for m in f.mentions.iter_mut() {
            if m.part_of || m.background.is_some() {
                continue;
            }
            let c = class(m.outcome);
            let figure = !m.additive && (m.value > 1 || m.explicit);
            // "one woman was shot in the head and another in the abdomen":
            // after "one", "another" is the second.
            let plural = !m.additive && m.value > 1;
            if m.additive && m.one_more && figure_seen[c] {
                // One of the victims the figure counts, listed with another.
                m.additive = false;
            } else if m.additive {
                let adds = match previous {
                    Some((p, was_figure)) if p == c => was_figure || !figure_seen[c],
                    _ => false,
                };
                if !adds {
                    listed[c] = listed[c].saturating_add(m.value);
                    m.additive = false;
                    m.value = listed[c];
                }
            } else if figure {
                figure_seen[c] = true;
                listed[c] = 0;
            } else if !single_here[c] {
                single_here[c] = true;
                listed[c] = listed[c].saturating_add(1);
            }
            previous = Some((c, plural));
        }
    }
}

/// The event's toll for one outcome: per side and group the largest figure
/// (plus figures given as "another"), summed over groups; generic figures
/// ("people") overlap the groups, so the larger of the two counts.
fn toll(mentions: &[&Mention], want: impl Fn(Outcome) -> bool) -> u32 {
    // The shooter's own death comes on top of the victims, once.
    let shooter = mentions
        .iter()
        .any(|m| want(m.outcome) && m.name.as_deref() == Some(SHOOTER));
    let others: Vec<&Mention> = mentions
        .iter()
        .copied()
        .filter(|m| m.name.as_deref() != Some(SHOOTER))
        .collect();
    victims_toll(&others, &want).saturating_add(u32::from(shooter))
}

/// Name given to the shooter's own death, kept apart from the victims.
const SHOOTER: &str = "(shooter)";

/// Name given to a young child's or an accidental self-inflicted shot: the
/// one who shot himself is the victim, so every "shot himself" of the article
/// is that victim, not a shooter on top of one.
const CHILD_SELF: &str = "(child self)";

/// When any sentence shows the one who shot themself is a young child, the
/// article's other "shot himself" mentions are that child too.
fn resolve_self_shooters(figures: &mut [SentenceFigures]) {
    let child = figures
        .iter()
        .flat_map(|f| f.mentions.iter())
        .any(|m| m.name.as_deref() == Some(CHILD_SELF));
    for m in figures.iter_mut().flat_map(|f| f.mentions.iter_mut()) {
        let own = matches!(m.name.as_deref(), Some(SHOOTER) | Some(CHILD_SELF));
        if own && child {
            m.name = None;
            if m.group == Some("militants") {
                m.group = Some(GENERIC);
            }
        } else if own {
            m.name = Some(SHOOTER.to_string());
        }
    }
}

fn victims_toll(mentions: &[&Mention], want: &impl Fn(Outcome) -> bool) -> u32 {
    struct Bucket<'a> {
        side: Option<&'a str>,
        group: Option<&'static str>,
        max: u32,
        extra: u32,
    }
    let mut buckets: Vec<Bucket> = Vec::new();
    let mut generic_max = 0u32;
    let mut generic_extra = 0u32;
    for m in mentions.iter().filter(|m| want(m.outcome)) {
        let generic = m.side.is_none() && m.group.is_none_or(|g| PERSON_GROUPS.contains(&g));
        if generic {
            if m.additive {
                generic_extra = generic_extra.saturating_add(m.value);
            } else {
                generic_max = generic_max.max(m.value);
            }
            continue;
        }
        let side = m.side.as_deref();
        let pos = buckets
            .iter()
            .position(|b| b.side == side && b.group == m.group);
        let b = match pos {
            Some(p) => &mut buckets[p],
            None => {
                buckets.push(Bucket {
                    side,
                    group: m.group,
                    max: 0,
                    extra: 0,
                });
                let last = buckets.len() - 1;
                &mut buckets[last]
            }
        };
        if m.additive {
            b.extra = b.extra.saturating_add(m.value);
        } else {
            b.max = b.max.max(m.value);
        }
    }
    // A group without a side is the same victims as that group with a side
    // when only one side has it ("three Azerbaijani soldiers ... the soldiers").
    buckets.sort_by_key(|b| b.side.is_none());
    let mut merged: Vec<(Option<&str>, Option<&'static str>, u32)> = Vec::new();
    for b in &buckets {
        let v = b.max.saturating_add(b.extra);
        if b.side.is_none() {
            let sided: Vec<usize> = merged
                .iter()
                .enumerate()
                .filter(|(_, e)| e.0.is_some() && e.1 == b.group)
                .map(|(i, _)| i)
                .collect();
            if sided.len() == 1 {
                merged[sided[0]].2 = merged[sided[0]].2.max(v);
                continue;
            }
        }
        merged.push((b.side, b.group, v));
    }
    let specific: u32 = merged.iter().map(|e| e.2).fold(0, u32::saturating_add);
    // Figures sharing one outcome word add up to one clause total.
    let mut clauses: Vec<((usize, usize), u32)> = Vec::new();
    for m in mentions.iter().filter(|m| want(m.outcome) && !m.additive) {
        match clauses.iter_mut().find(|c| c.0 == (m.sentence, m.verb)) {
            Some(c) => c.1 = c.1.saturating_add(m.value),
            None => clauses.push(((m.sentence, m.verb), m.value)),
        }
    }
    let clause_max = clauses.iter().map(|c| c.1).max().unwrap_or(0);
    // Victims named differently are different people.
    let mut names: Vec<&str> = mentions
        .iter()
        .filter(|m| want(m.outcome))
        .filter_map(|m| m.name.as_deref())
        .collect();
    names.sort_unstable();
    names.dedup();
    let clause_max = clause_max.max(names.len().try_into().unwrap_or(u32::MAX));
    specific.max(generic_max.max(clause_max).saturating_add(generic_extra))
}

/// A coder's note stating the figure outright ("Fatalities coded as 4",
/// "Fatalities are split across 2 events (3)"): it overrides what the prose says.
pub fn coded_fatalities(text: &str) -> Option<u32> {
    use regex::Regex;
    use std::sync::OnceLock;
    if !text.contains("coded as") && !text.contains("split") {
        return None;
    }
    static SPLIT: OnceLock<Option<Regex>> = OnceLock::new();
    if let Some(re) = SPLIT
        .get_or_init(|| {
            Regex::new(
                r"(?i)(\d+) fatalit(?:y|ies) (?:are |were )?split (?:among|across|between) (\d+) events",
            )
            .ok()
        })
        .as_ref()
    {
        if let Some(c) = re.captures(text) {
            let n: u32 = c.get(1)?.as_str().parse().ok()?;
            let events: u32 = c.get(2)?.as_str().parse().ok()?;
            return n.checked_div(events);
        }
    }
    // "fatalities coded as 10 and spread across two locations": this event's share.
    static SHARE: OnceLock<Option<Regex>> = OnceLock::new();
    if let Some(re) = SHARE
        .get_or_init(|| {
            Regex::new(
                r"(?i)coded as (\d+)[^.]{0,40}?(?:split|spread)(?: up)? (?:across|between|among) (?:the )?(\w+) (?:locations|events)",
            )
            .ok()
        })
        .as_ref()
    {
        if let Some(c) = re.captures(text) {
            let n: u32 = c.get(1)?.as_str().parse().ok()?;
            return n.checked_div(small_number(c.get(2)?.as_str())?);
        }
    }
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    let re = RE
        .get_or_init(|| {
            Regex::new(
                r"(?i)fatalities(?: and injuries)? (?:are |were )?(?:coded as (\d+)|split across \d+ events \((\d+)\))|coded as (\d+) fatalit",
            )
            .ok()
        })
        .as_ref()?;
    let caps = re.captures_iter(text).last()?;
    let m = caps
        .get(1)
        .or_else(|| caps.get(2))
        .or_else(|| caps.get(3))?;
    m.as_str().parse().ok()
}

/// "Fatalities split between 2 events" with no coded figure: the prose toll
/// covers all of them, this event is one share. Returns the number of events.
pub fn split_events(text: &str) -> Option<u32> {
    use regex::Regex;
    use std::sync::OnceLock;
    if !text.contains("split") && !text.contains("spread") {
        return None;
    }
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    let re = RE
        .get_or_init(|| {
            Regex::new(
                r"(?i)fatalit(?:y|ies) (?:are |were )?(?:split|spread)(?: up)? (?:across|between|among) (?:the )?(\w+) (?:locations|events)(?:\s*\(\d)?",
            )
            .ok()
        })
        .as_ref()?;
    let c = re.captures(text)?;
    // "split across 2 events (8)" states this event's figure: not a share.
    if c.get(0)?.as_str().ends_with(|ch: char| ch.is_ascii_digit()) {
        return None;
    }
    small_number(c.get(1)?.as_str()).filter(|&n| n > 1)
}

/// "2" or "two" up to twelve.
fn small_number(w: &str) -> Option<u32> {
    const WORDS: &[&str] = &[
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
        "eleven", "twelve",
    ];
    let lower = w.to_ascii_lowercase();
    lower.parse().ok().or_else(|| {
        WORDS
            .iter()
            .position(|x| *x == lower)
            .and_then(|p| u32::try_from(p).ok())
    })
}
