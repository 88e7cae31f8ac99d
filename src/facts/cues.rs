//! Word cues shared by the context modules: violence, casualties, armed actors,
//! and the domains where "attack" is not violence. Matched on lower-cased words.

use std::borrow::Cow;
use std::sync::OnceLock;

use rustc_hash::FxHashMap;

/// Words that report armed violence or its toll.
pub const VIOLENCE: &[&str] = &[
    "killed",
    "kill",
    "kills",
    "killing",
    "killings",
    "wounded",
    "wounding",
    "injured",
    "injuring",
    "dead",
    "died",
    "casualties",
    "clash",
    "clashes",
    "clashed",
    "fighting",
    "fought",
    "shelling",
    "shelled",
    "airstrike",
    "airstrikes",
    "strike",
    "strikes",
    "struck",
    "bombing",
    "bombed",
    "bombs",
    "bomb",
    "explosion",
    "exploded",
    "ied",
    "landmine",
    "mortar",
    "mortars",
    "artillery",
    "rocket",
    "rockets",
    "missile",
    "missiles",
    "drone",
    "drones",
    "ambush",
    "ambushed",
    "attack",
    "attacks",
    "attacked",
    "raid",
    "raided",
    "gunmen",
    "gunfire",
    "shot",
    "shooting",
    "fired",
    "offensive",
    "assault",
    "assaulted",
    "battle",
    "battles",
    "abducted",
    "kidnapped",
    "executed",
    "massacre",
    "beheaded",
    "wounds",
    "hostilities",
    "shells",
    "grenade",
    "suicide",
    "besieged",
    "captured",
    "seized",
    "retaliatory",
    "blast",
    "gunshot",
    "stabbed",
    "hacked",
    "lynched",
    "tortured",
    "burned",
    "looted",
];

/// Words naming armed actors or their targets.
pub const ARMED: &[&str] = &[
    "soldiers",
    "soldier",
    "troops",
    "forces",
    "army",
    "military",
    "militants",
    "militant",
    "rebels",
    "rebel",
    "insurgents",
    "jihadists",
    "gunmen",
    "fighters",
    "militia",
    "militias",
    "police",
    "policemen",
    "servicemen",
    "positions",
    "armed",
    "terrorists",
    "jihadist",
    "separatists",
    "paramilitary",
    "combatants",
    "bandits",
    "assailants",
    "attackers",
    "extremists",
    "army's",
    "military's",
    "guards",
    "commander",
    "peacekeepers",
];

/// Words of domains that borrow the vocabulary of war.
pub const NON_CONFLICT: &[&str] = &[
    "football",
    "soccer",
    "match",
    "league",
    "striker",
    "goal",
    "goals",
    "scored",
    "midfielder",
    "tournament",
    "championship",
    "coach",
    "fans",
    "stadium",
    "basketball",
    "cricket",
    "tennis",
    "stock",
    "stocks",
    "shares",
    "market",
    "markets",
    "investors",
    "earnings",
    "index",
    "nasdaq",
    "election",
    "elections",
    "voters",
    "ballot",
    "polls",
    "campaign",
    "candidate",
    "heart",
    "panic",
    "cyberattack",
    "hackers",
    "ransomware",
    "season",
    "playoff",
    "playoffs",
    "album",
    "film",
    "movie",
    "recipe",
];

/// Protest vocabulary: crowds, not armed parties.
pub const PROTEST: &[&str] = &[
    "protest",
    "protests",
    "protesters",
    "protestors",
    "protested",
    "demonstrators",
    "demonstration",
    "demonstrations",
    "rally",
    "rallies",
    "marched",
    "rioters",
    "riot",
    "strike",
    "striking",
    "sit-in",
    "demanding",
    "demand",
    "petition",
];

/// Lower-case words of a text, with byte offsets; borrowed when the text is
/// already lower-case (most words), so a scan allocates little.
pub fn words<'a>(text: &'a str) -> Vec<(usize, Cow<'a, str>)> {
    split_words(text, None)
}

/// [`words`] of a text whose ASCII lower-case copy the caller holds
/// (`text.to_ascii_lowercase()`, same offsets): its ASCII words are borrowed
/// from the copy instead of each capitalized one being allocated.
pub fn words_lowered<'a>(text: &'a str, lower: &'a str) -> Vec<(usize, Cow<'a, str>)> {
    split_words(text, Some(lower))
}

fn split_words<'a>(text: &'a str, lower: Option<&'a str>) -> Vec<(usize, Cow<'a, str>)> {
    let mut out = Vec::with_capacity(text.len() / 5);
    each_word(text, lower, |at, w| out.push((at, w)));
    out
}

/// Calls `f(offset, word)` for every word of `text` as [`words_lowered`]
/// gives them, in order, without collecting them.
pub fn for_each_word<'a>(text: &'a str, lower: &'a str, f: impl FnMut(usize, Cow<'a, str>)) {
    each_word(text, Some(lower), f)
}

#[inline]
fn each_word<'a>(text: &'a str, lower: Option<&'a str>, mut f: impl FnMut(usize, Cow<'a, str>)) {
    // Apostrophes and hyphens join a word's parts; those at its ends are
    // trimmed off (they are ASCII and no capitals, so the run's flags hold).
    let joins = super::tokens::Joins::APOSTROPHE_HYPHEN;
    super::tokens::word_runs(text, joins, |s, e, ascii, upper| {
        // By bytes: both are ASCII, so the trimmed ends are char boundaries.
        let bytes = text.as_bytes();
        let (mut a, mut b) = (s, e);
        while a < b && joins.has(bytes[a]) {
            a += 1;
        }
        while b > a && joins.has(bytes[b - 1]) {
            b -= 1;
        }
        if a < b {
            let w = match lower {
                Some(lower) if ascii => Cow::Borrowed(&lower[a..b]),
                _ => super::tokens::lowered(&text[a..b], ascii, upper),
            };
            f(a, w);
        }
    });
}

pub fn is_in(word: &str, list: &[&str]) -> bool {
    list.contains(&word)
}

pub const F_VIOLENCE: u8 = 1;
pub const F_ARMED: u8 = 2;
pub const F_NON_CONFLICT: u8 = 4;
pub const F_PROTEST: u8 = 8;

/// Which of the lists above hold `word`, as `F_*` bits, by one hash lookup.
pub fn flags(word: &str) -> u8 {
    static TABLE: OnceLock<FxHashMap<&'static str, u8>> = OnceLock::new();
    let table = TABLE.get_or_init(|| {
        let mut t = FxHashMap::default();
        for (list, bit) in [
            (VIOLENCE, F_VIOLENCE),
            (ARMED, F_ARMED),
            (NON_CONFLICT, F_NON_CONFLICT),
            (PROTEST, F_PROTEST),
        ] {
            for w in list {
                *t.entry(*w).or_insert(0) |= bit;
            }
        }
        t
    });
    // No word of the lists is shorter: a shorter one is not looked up.
    if word.len() < SHORTEST {
        return 0;
    }
    table.get(word).copied().unwrap_or(0)
}

/// Bytes of the shortest word of the lists (checked by a test).
const SHORTEST: usize = 3;

/// Whether `text` holds any word of the lists above whose `F_*` bit is
/// `bit`: [`any`] of that list, by one hash lookup a word.
pub fn any_flagged(text: &str, bit: u8) -> bool {
    let lower = text.to_ascii_lowercase();
    let mut found = false;
    for_each_word(text, &lower, |_, w| found = found || flags(&w) & bit != 0);
    found
}

/// Whether `text` holds any word of `list`.
pub fn any(text: &str, list: &[&str]) -> bool {
    let lower = text.to_ascii_lowercase();
    words_lowered(text, &lower)
        .iter()
        .any(|(_, w)| is_in(w, list))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_word_of_the_lists_is_shorter_than_the_shortest() {
        for list in [VIOLENCE, ARMED, NON_CONFLICT, PROTEST] {
            assert!(list.iter().all(|w| w.len() >= SHORTEST));
        }
    }

    #[test]
    fn a_flag_finds_what_its_list_finds() {
        for text in [
            "",
            "Two soldiers were KILLED in an Ambush",
            "The striker scored two goals",
            "Protesters marched; police fired tear gas",
            "no cue at all",
            "sit-in at the 'stadium' -- drone-strike",
        ] {
            for (list, bit) in [
                (VIOLENCE, F_VIOLENCE),
                (ARMED, F_ARMED),
                (NON_CONFLICT, F_NON_CONFLICT),
                (PROTEST, F_PROTEST),
            ] {
                assert_eq!(any_flagged(text, bit), any(text, list), "{text:?} {bit}");
            }
        }
    }
}
