//! The two shapes a figure takes in a sentence: the count first ("four of
//! its soldiers were killed", "3 dead") or the verb first with the count as
//! its object ("wounding three soldiers", "the killing of 3"). Each marks the
//! tokens it used so the other does not read them again.

use super::*;

mod count_first;

pub(super) use count_first::count_first_shape;

/// Active shape: the verb takes the count as its object ("wounding three
/// soldiers", "the killing of 3").
pub(super) fn active_shape(
    toks: &[Token],
    outcomes: &Outcomes,
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
        }) = outcomes.at(k)
        else {
            k += 1;
            continue;
        };
        if transitive {
            if let Some(q) = object_after(toks, k, len).filter(|_| !ambiguous(toks, k, len)) {
                let verb = ActiveVerb { k, outcome };
                verb.objects(toks, &q, used_verb, used_count, out);
            }
        }
        k += len;
    }
}

/// Marks tokens `from..to` used (none when the range is empty).
fn mark(used: &mut [bool], from: usize, to: usize) {
    for u in used.iter_mut().take(to).skip(from) {
        *u = true;
    }
}

/// An outcome verb at token `k` that takes its victims as object.
struct ActiveVerb {
    k: usize,
    outcome: Outcome,
}

impl ActiveVerb {
    /// The figures of the object count `q` and the victims listed after it.
    fn objects(
        &self,
        toks: &[Token],
        q: &Quantity,
        used_verb: &mut [bool],
        used_count: &mut [bool],
        out: &mut Vec<Mention>,
    ) {
        let noun = victim_after(toks, q.end, 5);
        let thing = toks[q.end..toks.len().min(q.end + 4)]
            .iter()
            .any(is_non_person);
        // An article needs a person after it; "killing a man", not "injuring a leg".
        let plural = noun.is_some_and(|(n, _)| is_plural_victim(&toks[n]));
        if thing || q.article && plural {
            return;
        }
        used_verb[self.k] = true;
        mark(used_count, q.start, q.end);
        let mut m = mention(q, self.outcome, noun);
        m.verb = self.k;
        if q.end > q.start && toks[q.end - 1].capital && noun.is_none() {
            m.name = Some(toks[q.end - 1].lower.clone());
        }
        out.push(m);
        if q.value == 1 {
            one_and_another(toks, q, noun, used_count, out);
        }
        self.more_counts(toks, q, noun, used_count, out);
    }

    /// "killing 3 soldiers and 2 civilians", "killed seven militants of the
    /// NSCN-K and two civilians": more counts joined to the first, each a
    /// figure of the same verb.
    fn more_counts(
        &self,
        toks: &[Token],
        q: &Quantity,
        noun: Option<(usize, &'static str)>,
        used_count: &mut [bool],
        out: &mut Vec<Mention>,
    ) {
        let mut after = noun.map(|(n, _)| n + 1).unwrap_or(q.end);
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
            if q2.article && opens_a_clause(toks, n2.0 + 1) {
                break;
            }
            mark(used_count, q2.start, q2.end);
            let mut m2 = mention(&q2, self.outcome, Some(n2));
            m2.verb = self.k;
            out.push(m2);
            after = n2.0 + 1;
        }
    }
}

/// "killing 40 people, a police spokesman said": a lone person after the
/// list's comma whose words run on into a clause word ("said", "told",
/// "when") is the subject of another clause, not one more victim. Looks at
/// the next three words, stopping at punctuation or "and".
fn opens_a_clause(toks: &[Token], from: usize) -> bool {
    toks[from.min(toks.len())..]
        .iter()
        .take(3)
        .take_while(|t| !t.is_punct() && !t.is("and"))
        .any(is_clause_break)
}

/// "the murders of a woman and her daughter", "injured another and a
/// teacher": each singular victim joined by "and" to a lone object is one
/// more in the last figure; "a woman and her two children", that many more.
fn one_and_another(
    toks: &[Token],
    q: &Quantity,
    noun: Option<(usize, &'static str)>,
    used_count: &mut [bool],
    out: &mut [Mention],
) {
    let mut n = noun.map(|(n, _)| n + 1).unwrap_or(q.end);
    while toks.get(n).is_some_and(|t| t.is("and")) {
        // "killing a boy and leaving his sister wounded": a verb of its
        // own after "and" starts another clause about other victims.
        if toks.get(n + 1).is_some_and(|t| t.lower.ends_with("ing")) {
            break;
        }
        let mut d = n + 1;
        while toks
            .get(d)
            .is_some_and(|t| t.is_any(&["his", "her", "their", "a", "an", "the"]))
        {
            d += 1;
        }
        // "a woman and her two children": a count after the possessive,
        // of plural victims; else one more singular victim.
        let counted = (d > n + 1)
            .then(|| numbers::parse_at(toks, d))
            .flatten()
            .filter(|q2| !q2.article && q2.value > 1);
        let (more, from, plural) = match counted {
            Some(q2) => (q2.value, q2.end, true),
            None => (1, d, false),
        };
        match victim_after(toks, from, 3) {
            Some((h, _)) if is_plural_victim(&toks[h]) == plural => {
                if let Some(m) = out.last_mut() {
                    m.value = m.value.saturating_add(more);
                }
                mark(used_count, n, h + 1);
                n = h + 1;
            }
            _ => break,
        }
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
        // "Two soldiers were killed along with 15 militants": a subject
        // with a count of its own is read by the count-first shape, so the
        // verb stays free for it; "Ellis was shot along with three others":
        // the lone subject is one more of the others.
        let counted_subject = !singular_subject
            && (verb.saturating_sub(6)..verb)
                .any(|c| !used_count[c] && numbers::parse_at(toks, c).is_some_and(|q| !q.article));
        let mut m = mention(&q, outcome, Some(noun));
        m.value = m.value.saturating_add(u32::from(singular_subject));
        m.verb = verb;
        if !counted_subject {
            used_verb[verb] = true;
        }
        out.push(m);
    }
}
