//! Whether an article reports violence between armed parties at all. Football,
//! markets and elections borrow "attack" and "strike"; protests are crowds.

use crate::facts::cues;
use crate::facts::knowledge::{PartyKind, PartyMention};

/// Lethal or armed-violence words strong enough on their own with an armed actor.
const STRONG: &[&str] = &[
    "killed",
    "wounded",
    "injured",
    "dead",
    "casualties",
    "clashes",
    "clashed",
    "shelling",
    "shelled",
    "airstrike",
    "airstrikes",
    "ambush",
    "ambushed",
    "bombing",
    "mortar",
    "artillery",
    "gunmen",
    "fighting",
    "explosion",
    "ied",
    "landmine",
    "massacre",
    "abducted",
    "kidnapped",
    "drone",
    "drones",
    "rocket",
    "rockets",
    "missile",
    "missiles",
    "raid",
    "raided",
    "shot",
    "attacked",
    "attack",
    "attacks",
    "battle",
    "beheaded",
    "executed",
    "fired",
    "grenade",
    "blast",
    "gunshot",
    "killing",
    "stabbed",
    "hacked",
    "lynched",
    "tortured",
    "assaulted",
    "bomb",
    "exploded",
    "shooting",
    "clash",
    "died",
    "wounds",
    "burned",
    "looted",
];

/// A toll makes violence a clash even when no armed noun names the attackers;
/// so do the weapons of war, which only armed forces fire ("civilians were
/// wounded in the shelling").
const LETHAL: &[&str] = &[
    "shelling",
    "shelled",
    "airstrike",
    "airstrikes",
    "mortar",
    "artillery",
    "landmine",
    "ied",
    "killed",
    "killing",
    "dead",
    "died",
    "wounded",
    "injured",
    "injuring",
    "wounding",
    "shot",
    "gunshot",
    "blast",
    "exploded",
    "bomb",
    "kidnapped",
    "abducted",
    "tortured",
    "stabbed",
    "beheaded",
    "executed",
];

/// Words before "strike" that make it a stoppage of work, not an attack.
const LABOUR_STRIKE: &[&str] = &[
    "general",
    "hunger",
    "labour",
    "labor",
    "national",
    "workers",
    "on",
    "nationwide",
    "teachers",
    "doctors",
    "union",
    "transport",
    "rail",
];

/// Whether `title` + `text` report a clash: violence words together with an
/// armed actor (a group, a force, or armed nouns), not outweighed by the
/// vocabulary of sport, markets, elections or protest.
pub fn is_clash_report(title: Option<&str>, text: &str, mentions: &[PartyMention]) -> bool {
    let mut violence = 0usize;
    let mut strong = 0usize;
    let mut armed = 0usize;
    let mut other = 0usize;
    let mut protest = 0usize;
    let mut lethal = 0usize;
    for part in title.into_iter().chain(std::iter::once(text)) {
        let lower = part.to_ascii_lowercase();
        // "Israeli strike kills 7" is an attack; "a general strike", "went on
        // strike", "a hunger strike" are workers' and prisoners'.
        let mut previous: std::borrow::Cow<str> = std::borrow::Cow::Borrowed("");
        cues::for_each_word(part, &lower, |_, w| {
            let mut f = cues::flags(&w);
            if f & cues::F_PROTEST != 0
                && matches!(w.as_ref(), "strike" | "striking")
                && !LABOUR_STRIKE.contains(&previous.as_ref())
            {
                f &= !cues::F_PROTEST;
            }
            if f == 0 {
                previous = w;
                return;
            }
            if f & cues::F_VIOLENCE != 0 {
                violence += 1;
                if cues::is_in(&w, STRONG) {
                    strong += 1;
                }
                if cues::is_in(&w, LETHAL) {
                    lethal += 1;
                }
            }
            if f & cues::F_ARMED != 0 {
                armed += 1;
            }
            if f & cues::F_NON_CONFLICT != 0 {
                other += 1;
            }
            if f & cues::F_PROTEST != 0 {
                protest += 1;
            }
            previous = w;
        });
    }
    let armed_party = mentions
        .iter()
        .any(|m| m.kind == PartyKind::Group || m.force);
    if strong == 0 || !(armed > 0 || armed_party || lethal > 0) {
        return false;
    }
    // "attack" in a match report: the other domain outweighs the violence.
    if other >= 2 && other >= violence {
        return false;
    }
    // Protests turn into clashes only with a lethal toll or armed violence.
    if protest > 0 {
        let lethal = cues::words(text).iter().any(|(_, w)| {
            cues::is_in(
                w,
                &[
                    "killed",
                    "dead",
                    "died",
                    "shot",
                    "gunmen",
                    "airstrike",
                    "bomb",
                    "explosion",
                ],
            )
        });
        return lethal && protest < strong + armed;
    }
    true
}
