//! The two shapes a figure takes in a sentence: the count first ("four of
//! its soldiers were killed", "3 dead") or the verb first with the count as
//! its object ("wounding three soldiers", "the killing of 3"). Each marks the
//! tokens it used so the other does not read them again.

use super::*;

/// Active shape: the verb takes the count as its object ("wounding three
/// soldiers", "the killing of 3").
pub(super) fn active_shape(
    toks: &[Token],
    used_verb: &mut [bool],
    used_count: &mut [bool],
    out: &mut Vec<Mention>,
) {
    let mut k = 0;
    while k < toks.len() {
        let Some(OutcomePhrase {
            outcome,
            len,
            transitive,
        }) = outcome_at(toks, k)
        else {
            k += 1;
            continue;
        };
        if transitive {
            if let Some(q) = object_after(toks, k, len).filter(|_| !ambiguous(toks, k, len)) {
                let noun = victim_after(toks, q.end, 5);
                let thing = toks[q.end..toks.len().min(q.end + 4)]
                    .iter()
                    .any(|t| t.is_any(non_person()));
                // An article needs a person after it; "killing a man", not "injuring a leg".
                let plural = noun.is_some_and(|(n, _)| is_plural_victim(&toks[n]));
                if !(thing || q.article && plural) {
                    used_verb[k] = true;
                    for u in used_count.iter_mut().take(q.end).skip(q.start) {
                        *u = true;
                    }
                    let mut m = mention(&q, outcome, noun);
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
                        let mut m2 = mention(&q2, outcome, Some(n2));
                        m2.verb = k;
                        out.push(m2);
                        after = n2.0 + 1;
                    }
                }
            }
        }
        k += len;
    }
}

/// "Ellis was shot along with three others": the others and the subject.
pub(super) fn along_with(
    toks: &[Token],
    used_verb: &mut [bool],
    used_count: &mut [bool],
    out: &mut Vec<Mention>,
) {
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
        let Some(OutcomePhrase { outcome, .. }) = outcome_at(toks, verb) else {
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
            .any(|t| t.is_any(singular_aux()));
        for u in used_count.iter_mut().take(noun.0 + 1).skip(q.start) {
            *u = true;
        }
        let mut m = mention(&q, outcome, Some(noun));
        m.value = m.value.saturating_add(u32::from(singular_subject));
        m.verb = verb;
        used_verb[verb] = true;
        out.push(m);
    }
}

/// Passive or intransitive shape: the count comes first ("four of its
/// soldiers were killed", "3 dead").
pub(super) fn count_first_shape(
    toks: &[Token],
    used_verb: &mut [bool],
    used_count: &mut [bool],
    out: &mut Vec<Mention>,
) {
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
        if i > 0
            && (toks[i - 1].is_any(negations()) || toks[i - 1].is_any(&["single", "by", "both"]))
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
            && toks.get(q.end).is_some_and(|t| t.is_any(non_person()))
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
            if let Some(OutcomePhrase {
                outcome,
                len,
                transitive,
            }) = outcome_at(toks, j)
            {
                // "militants killed two soldiers": the count is the killers.
                let active = transitive && !saw_aux && object_after(toks, j, len).is_some();
                // "two militants of a group that beheaded hostages": the
                // relative clause's verb has the counted noun as its subject.
                let relative_agent = transitive
                    && j > q.end
                    && toks[j - 1].is_any(&["that", "which", "who"])
                    && !toks
                        .get(j + len)
                        .is_some_and(|n| n.is_any(&["by", ".", ",", ";"]));
                let gerund = t.lower.ends_with("ing");
                if used_verb[j] || active || relative_agent || ambiguous(toks, j, len) {
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
            // "550 students were evacuated and 79 were injured": a clause
            // with a verb of its own ends where the next count starts.
            if saw_aux
                && j > q.end
                && t.lower.ends_with("ed")
                && outcome_at(toks, j).is_none()
                && victim_group(t).is_none()
                && toks.get(j + 1).is_some_and(|n| n.is_any(&["and", ","]))
                && numbers::parse_at(toks, j + 2).is_some_and(|n| !n.article)
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
                || t.is_any(negations())
                || t.is_any(prosecuted())
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
                        .filter(|p| !p.transitive || object_after(toks, at, 1).is_none());
                    if let Some(OutcomePhrase { outcome, .. }) = direct {
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
                        let mut m = mention(&whole, outcome, noun);
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
            if t.is_any(non_person()) {
                thing = true;
            }
            if t.is_any(&[
                "was", "were", "been", "being", "are", "is", "got", "have", "has",
            ]) {
                saw_aux = true;
                singular_aux |= t.is_any(vocabulary::singular_aux());
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
                        || (determined && v.kind == TokenKind::Word && !v.is_any(non_person()))
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
                    .any(|t| t.is_any(non_person()));
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
                && !death_told_after(toks, verb);
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
                let mut m = mention(&q, outcome, noun);
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
}
