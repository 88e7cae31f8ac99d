//! Killed and injured figures in a language with tables: each count is tied
//! to the outcome word nearest to it in its clause (before it in verb-first
//! clauses: "قُتل 60 شخصا", "murieron 10 militares"; after it otherwise: "36
//! человек погибли", "deux morts"), to the victim noun beside it and to the
//! side named with the victims. A singular outcome with a singular victim and
//! no count is one victim ("Погиб сотрудник"); an Arabic dual is two.

use crate::facts::knowledge::{PartyKind, PartyMention};
use crate::facts::numbers::SaturatingSum;

use super::numbers::{count_at, Count};
use super::tables::{Outcome, Tables};
use super::words::Word;

/// One figure of a sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Figure {
    pub outcome: Outcome,
    pub value: u32,
    pub approximate: bool,
    pub group: String,
    /// The side named with the victims, if any.
    pub side: Option<String>,
    /// Word range of the clause the figure is told in (between the commas,
    /// semicolons or colons around its count and outcome word).
    pub clause: (usize, usize),
    /// Word range of the figure itself: its count (or victim) and outcome.
    pub span: (usize, usize),
}

/// The clause around words `lo..hi`: out to the nearest comma, semicolon or
/// colon on each side.
fn clause(words: &[Word], lo: usize, hi: usize) -> (usize, usize) {
    let cut = |w: &Word| w.punct && matches!(w.key.as_str(), "," | ";" | ":" | "—" | "–");
    let start = (0..lo).rev().find(|&k| cut(&words[k])).map_or(0, |k| k + 1);
    let end = (hi..words.len())
        .find(|&k| cut(&words[k]))
        .unwrap_or(words.len());
    (start, end)
}

/// The end (a word index) of a sentence's first clause, when a comma,
/// semicolon, colon or dash closes one before the sentence ends.
pub fn opening_clause(words: &[Word]) -> Option<usize> {
    let cut = |w: &Word| w.punct && matches!(w.key.as_str(), "," | ";" | ":" | "—" | "–");
    words.iter().position(cut).filter(|&k| k > 0)
}

struct OutcomeWord {
    at: usize,
    len: usize,
    outcome: Outcome,
    singular: bool,
}

/// Words that join two clauses or two victim phrases.
fn is_conj(w: &Word) -> bool {
    matches!(
        w.key.as_str(),
        "и" | "а" | "та" | "і" | "й" | "et" | "y" | "e" | "و" | "ou" | "o" | "або" | "или"
    )
}

/// Auxiliary verbs that open a predicate of their own ("fueron
/// capturados", "были задержаны", "ont été arrêtés").
fn is_auxiliary(w: &Word) -> bool {
    matches!(
        w.key.as_str(),
        "fueron"
            | "fue"
            | "han"
            | "quedaron"
            | "ont"
            | "sont"
            | "furent"
            | "были"
            | "был"
            | "была"
            | "було"
            | "були"
            | "був"
            | "була"
    )
}

fn is_boundary(w: &Word) -> bool {
    // A full stop inside a sentence ends an abbreviation ("3 тыс. ранены"),
    // not a clause; the splitter has cut at the others.
    w.punct
        && matches!(
            w.key.as_str(),
            ";" | ":" | "!" | "?" | "؟" | "«" | "»" | "\"" | ","
        )
}

/// The figures of one sentence. `parties` are the party mentions of the
/// sentence (byte spans in the same text as `words`).
pub fn figures(t: &Tables, words: &[Word], parties: &[PartyMention]) -> Vec<Figure> {
    let mut outcomes = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let found = t
            .killed
            .at(words, i)
            .map(|(s, n)| (Outcome::Killed, s, n))
            .or_else(|| {
                t.injured
                    .at(words, i)
                    .map(|(s, n)| (Outcome::Injured, s, n))
            });
        if let Some((outcome, singular, n)) = found {
            outcomes.push(OutcomeWord {
                at: i,
                len: n,
                outcome,
                singular,
            });
            i += n;
        } else {
            i += 1;
        }
    }
    if outcomes.is_empty() {
        return Vec::new();
    }
    let mut counts: Vec<Count> = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let inside_outcome = outcomes.iter().any(|o| o.at <= i && i < o.at + o.len);
        match count_at(t, words, i).filter(|_| !inside_outcome) {
            Some(c) => {
                counts.push(c);
                i = c.end;
            }
            None => i += 1,
        }
    }
    let verb_first = t.code == "ar";
    // Each count: the nearest outcome in its clause.
    let mut links: Vec<Option<usize>> = counts
        .iter()
        .enumerate()
        .map(|(ci, c)| nearest_outcome(t, words, &counts, ci, c, &outcomes, verb_first))
        .collect();
    // "6 guerrilleros y 4 militares murieron", "двое пограничников, трое
    // десантников и пятеро защитников погибли": counts listed before one that
    // shares its verb share it too; "ранены двое ..., трое ..." after one.
    let listed = |a: &Count, b: &Count| {
        let between = &words[a.end..b.start];
        let joined =
            between.last().is_some_and(|w| is_conj(w) || w.key == ",") || words[b.start].conj;
        let clean = between.len() <= 6
            && !between.iter().any(|w| w.key != "," && is_boundary(w))
            && !outcomes.iter().any(|o| a.end <= o.at && o.at < b.start);
        joined && clean
    };
    for ci in (0..counts.len().saturating_sub(1)).rev() {
        if links[ci].is_some() {
            continue;
        }
        let Some(o) = links[ci + 1] else { continue };
        if outcomes[o].at >= counts[ci + 1].end && listed(&counts[ci], &counts[ci + 1]) {
            links[ci] = Some(o);
        }
    }
    for ci in 1..counts.len() {
        if links[ci].is_some() {
            continue;
        }
        let Some(o) = links[ci - 1] else { continue };
        // "resultaron heridos tres soldados y dos guerrilleros fueron
        // capturados": a count with a verb of its own after it does not
        // share the one before.
        let c = &counts[ci];
        let own_verb = (c.end..(c.end + 3).min(words.len())).any(|k| is_auxiliary(&words[k]));
        if !own_verb
            && outcomes[o].at < counts[ci - 1].start
            && listed(&counts[ci - 1], &counts[ci])
        {
            links[ci] = Some(o);
        }
    }
    // A toll: "число погибших ... выросло до 25", "le bilan s'élève à 12".
    let toll = t.toll.any(words);
    if toll {
        for (ci, c) in counts.iter().enumerate() {
            if links[ci].is_some() || c.start == 0 {
                continue;
            }
            if !t.toll_to.contains_at(words, c.start - 1) {
                continue;
            }
            links[ci] = outcomes.iter().rposition(|o| o.at < c.start);
        }
    }
    let mut out = Vec::new();
    let mut used = vec![false; outcomes.len()];
    for (ci, c) in counts.iter().enumerate() {
        let Some(o) = links[ci] else { continue };
        used[o] = true;
        let ow = &outcomes[o];
        let (lo, hi) = victim_range(words, c, ow);
        let victim = (lo..hi)
            .find_map(|k| t.victims.at(words, k).map(|(v, _)| (k, v)))
            .or_else(|| shared_victim(t, words, &counts, ci, ow, &outcomes));
        let group = victim
            .as_ref()
            .map_or_else(|| "people".to_string(), |(_, v)| v.group.clone());
        let approx_after =
            (c.end..(c.end + 4).min(words.len())).any(|k| t.approx_after.contains_at(words, k));
        let side_lo = c.start.saturating_sub(1);
        // The side is named with the victims, not with the strike after
        // them ("пять человек ... в результате израильской атаки").
        let side_hi = victim.as_ref().map_or(hi, |(k, _)| {
            (k + 1..(k + 5).min(words.len()))
                .find(|&j| {
                    t.violence.contains_at(words, j)
                        || t.killed.contains_at(words, j)
                        || t.injured.contains_at(words, j)
                })
                .unwrap_or((k + 5).min(words.len()))
        });
        let side = side_in(t, words, parties, side_lo, side_hi, ow, &group);
        out.push(Figure {
            outcome: ow.outcome,
            value: c.value,
            approximate: c.approximate || approx_after,
            group,
            side,
            clause: clause(words, c.start.min(ow.at), c.end.max(ow.at + ow.len)),
            span: (c.start.min(ow.at), c.end.max(ow.at + ow.len)),
        });
    }
    // Victims told without a count: "Погиб сотрудник", "استشهد عسكري", an
    // Arabic dual "استشهد فلسطينيان", singular victims listed together
    // "погибли мальчик и подросток".
    for (o, ow) in outcomes.iter().enumerate() {
        if used[o] {
            continue;
        }
        let blocked = |k: usize| {
            words[k].key != "," && is_boundary(&words[k])
                || counts.iter().any(|c| c.start <= k && k < c.end)
                || outcomes.iter().any(|x| x.at <= k && k < x.at + x.len)
        };
        let mut lone: Vec<(usize, super::tables::Victim)> = Vec::new();
        let after =
            (ow.at + ow.len..words.len().min(ow.at + ow.len + 6)).take_while(|&k| !blocked(k));
        let before = (ow.at.saturating_sub(6)..ow.at)
            .rev()
            .take_while(|&k| !blocked(k));
        for k in after.chain(before) {
            if let Some((v, _)) = t.victims.at(words, k).filter(|(v, _)| v.alone.is_some()) {
                lone.push((k, v));
            }
        }
        // Only the side the victims sit on, the nearer first.
        if let Some(first) = lone.first().map(|(k, _)| *k > ow.at) {
            lone.retain(|(k, _)| (*k > ow.at) == first);
        }
        let n: u32 = lone.iter().filter_map(|(_, v)| v.alone).saturating_sum();
        let ok = match lone.as_slice() {
            [] => false,
            [(_, v)] => v.alone == Some(2) || ow.singular,
            _ => true,
        };
        if !ok {
            continue;
        }
        let k = lone[0].0;
        let same_group = lone.iter().all(|(_, v)| v.group == lone[0].1.group);
        let group = if same_group {
            lone[0].1.group.clone()
        } else {
            "people".to_string()
        };
        let side = side_in(
            t,
            words,
            parties,
            k.saturating_sub(1),
            (k + 4).min(words.len()),
            ow,
            &group,
        );
        out.push(Figure {
            outcome: ow.outcome,
            value: n,
            approximate: false,
            group,
            side,
            clause: clause(words, k.min(ow.at), (k + 1).max(ow.at + ow.len)),
            span: (k.min(ow.at), (k + 1).max(ow.at + ow.len)),
        });
    }
    out
}

/// The victims a count with its outcome noun shares with the next one it is
/// joined to ("6 загиблих та 11 поранених окупантів", "3 morts et 5 blessés
/// civils"): that one's victim word right after its own outcome noun.
fn shared_victim(
    t: &Tables,
    words: &[Word],
    counts: &[Count],
    ci: usize,
    o: &OutcomeWord,
    outcomes: &[OutcomeWord],
) -> Option<(usize, super::tables::Victim)> {
    let c = &counts[ci];
    let next = counts.get(ci + 1)?;
    let joint = o.at + o.len;
    let joined = o.at == c.end && next.start == joint + 1 && is_conj(words.get(joint)?);
    if !joined {
        return None;
    }
    let o2 = outcomes.iter().find(|x| x.at == next.end)?;
    let k = o2.at + o2.len;
    t.victims.at(words, k).map(|(v, _)| (k, v))
}

/// Words where the victims of count `c` tied to outcome `o` are named.
fn victim_range(words: &[Word], c: &Count, o: &OutcomeWord) -> (usize, usize) {
    let end = (c.end + 4).min(words.len());
    if o.at >= c.end {
        // Count first: the victims lie between it and the outcome word,
        // or right after a noun outcome ("6 загиблих ... окупантів").
        let hi = if o.at > c.end {
            o.at
        } else {
            (o.at + o.len + 2).min(words.len())
        };
        (c.end, hi.max(c.end))
    } else {
        (c.end, end)
    }
}

fn nearest_outcome(
    t: &Tables,
    words: &[Word],
    counts: &[Count],
    ci: usize,
    c: &Count,
    outcomes: &[OutcomeWord],
    verb_first: bool,
) -> Option<usize> {
    let mut best: Option<(usize, usize)> = None;
    for (oi, o) in outcomes.iter().enumerate() {
        let forward = o.at >= c.end;
        let (lo, hi) = if forward {
            (c.end, o.at)
        } else {
            (o.at + o.len, c.start)
        };
        if o.at < c.end && o.at + o.len > c.start {
            continue;
        }
        // Far outcomes first: the tests below read other counts and words.
        let gap = hi - lo;
        if gap > if forward { 6 } else { 4 } {
            continue;
        }
        // An outcome noun right after another count is that count's ("60
        // قتيلا وعشرات الجرحى"): no count before it takes it backward.
        if !forward
            && counts
                .iter()
                .enumerate()
                .any(|(k, x)| k != ci && x.end == o.at)
        {
            continue;
        }
        // An outcome whose own victims follow it, told alone ("مقتل
        // شخصين وتحرير نحو 20 رهينة"), is theirs, not a later count's;
        // a number word after its noun ("فلسطينيين اثنين") is that noun's.
        if !forward
            && (lo..hi.saturating_sub(1)).any(|k| {
                t.victims
                    .at(words, k)
                    .is_some_and(|(v, _)| v.alone.is_some())
            })
        {
            continue;
        }
        let between = &words[lo..hi];
        let crosses_count = counts
            .iter()
            .enumerate()
            .any(|(k, other)| k != ci && other.start >= lo && other.end <= hi);
        if crosses_count || between.iter().any(is_boundary) {
            continue;
        }
        let mut cost = gap * 2;
        cost += 6 * between.iter().filter(|w| is_conj(w)).count();
        if forward && words[o.at].conj {
            cost += 6;
        }
        // Ties go to the order the language puts verbs in.
        cost += usize::from(forward == verb_first);
        if best.is_none_or(|(b, _)| cost < b) {
            best = Some((cost, oi));
        }
    }
    best.map(|(_, oi)| oi)
}

/// Whether a party names who struck, not who was hit: it qualifies a word
/// of violence ("frappes russes", "российского удара", "غارة للاحتلال
/// الإسرائيلي", "ataque del ELN"). Their victims are the other side's.
pub fn attacker(t: &Tables, words: &[Word], p: &PartyMention) -> bool {
    let Some(first) = words.iter().position(|w| w.start == p.start) else {
        return false;
    };
    let last = words.iter().rposition(|w| w.end == p.end).unwrap_or(first);
    let violent = |k: usize| {
        t.violence.contains_at(words, k)
            && !t.killed.contains_at(words, k)
            && !t.injured.contains_at(words, k)
    };
    // "frappes russes", "ataque del ELN"; not the target: "удар по
    // Украине", "attaque contre Israël".
    let target = |k: usize| {
        matches!(
            words[k].key.as_str(),
            "по" | "на" | "против" | "проти" | "contre" | "sur" | "contra" | "على" | "ضد"
        )
    };
    violent(last + 1)
        || (first >= 1 && violent(first - 1))
        || (first >= 2
            && violent(first - 2)
            && !target(first - 1)
            && !is_conj(&words[first - 1])
            && !words[first - 1].punct)
}

/// The side named with the victims in `[lo, hi)`: a demonym or a party, not
/// one that is the subject of an active outcome elsewhere in the sentence.
fn side_in(
    t: &Tables,
    words: &[Word],
    parties: &[PartyMention],
    lo: usize,
    hi: usize,
    o: &OutcomeWord,
    group: &str,
) -> Option<String> {
    let (start, end) = (words.get(lo)?.start, words.get(hi.saturating_sub(1))?.end);
    let outcome_span = (words[o.at].start, words[o.at + o.len - 1].end);
    parties
        .iter()
        .filter(|p| p.start >= start && p.end <= end)
        .filter(|p| !(p.start >= outcome_span.0 && p.end <= outcome_span.1))
        .filter(|p| !attacker(t, words, p))
        // An armed group names militants' side; a state names the others'.
        .filter(|p| group == "militants" || p.kind != PartyKind::Group || p.demonym)
        .map(|p| p.party.clone())
        .next()
}
