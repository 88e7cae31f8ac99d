//! One victim without a written count: "the victim was pronounced dead",
//! "Smith died at the hospital", "A girl was grazed, and a man was shot". For
//! each outcome word not yet given a count in the sentence: look back from
//! it to a singular subject (`lone_subject`), check the subject is a person
//! (`person_clause`), then make the figure, one more when a second lone
//! victim has a subject of its own (`second_lone_victim`).

use super::*;

/// One victim without a written count: "the victim was pronounced dead",
/// "Smith died at the hospital", "the gunman shot himself".
pub(super) fn singular_mentions(
    toks: &[Token],
    outcomes: &Outcomes,
    sentence: &str,
    have: [bool; 3],
) -> Vec<Mention> {
    let mut out = Vec::new();
    // "Smith was taken to the hospital with non-life-threatening injuries"
    if !have.iter().any(|&h| h) && taken_to_hospital_hurt(sentence) {
        out.push(one(Outcome::Injured, 0));
        return out;
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
        let Some(OutcomePhrase { outcome, len, .. }) = outcomes.at(k) else {
            continue;
        };
        inside_until = k + len;
        let slot = outcome as usize;
        let may_be_second = previous_hurt.is_some() && outcome != Outcome::Killed;
        if seen[slot] && !may_be_second {
            continue;
        }
        let Some(j) = lone_subject(toks, sentence, k) else {
            continue;
        };
        let Some(clause_start) = person_clause(toks, j) else {
            continue;
        };
        if let Some((prev, prev_outcome)) = previous_hurt.filter(|_| may_be_second) {
            if second_lone_victim(toks, prev, clause_start, j) {
                let mut m = one(prev_outcome, k);
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
        // "was shot but survived"
        let outcome =
            if outcome == Outcome::Shot && (survived_after(toks, k) || also_hit(toks, j, k)) {
                if seen[Outcome::Injured as usize] {
                    continue;
                }
                seen[Outcome::Injured as usize] = true;
                Outcome::Injured
            } else {
                outcome
            };
        let mut m = one(outcome, k);
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

/// One victim of `outcome`, told at token `at`.
fn one(outcome: Outcome, at: usize) -> Mention {
    Mention::new(outcome, 1, Some(GENERIC), at, at)
}

/// "Smith was taken to the hospital with non-life-threatening injuries": one
/// hurt, when the sentence tells no death.
fn taken_to_hospital_hurt(sentence: &str) -> bool {
    let lower = sentence.to_lowercase();
    [
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
        && !lower.contains("died")
}

/// Looking back from the outcome word at `k` over adverbs (at most four
/// words) to a singular auxiliary or subject: "was (later) killed", "Smith
/// died", "he succumbed". The token the look stopped at, when the subject
/// is one person.
fn lone_subject(toks: &[Token], sentence: &str, k: usize) -> Option<usize> {
    let mut j = k;
    let mut singular = false;
    let mut steps = 0;
    while j > 0 && steps < 4 {
        j -= 1;
        steps += 1;
        // Skip an age after a name: "Jordan Reyes, 24, died".
        if j >= 3 && toks[j].is(",") && toks[j - 1].kind == TokenKind::Number && toks[j - 2].is(",")
        {
            j -= 3;
        }
        let t = &toks[j];
        if t.is_any(negations()) || t.is_any(&["were", "are", "have", "they", "both", "all"]) {
            singular = false;
            break;
        }
        if singular_aux_of(toks, j, k) {
            singular = true;
            continue;
        }
        if intransitive_of_one(toks, sentence, j, k) {
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
    singular.then_some(j)
}

/// A singular auxiliary at `j` for the outcome at `k`: "was", "has been",
/// "remains (in critical condition)", "a (gunshot wound)".
fn singular_aux_of(toks: &[Token], j: usize, k: usize) -> bool {
    let t = &toks[j];
    t.is_any(singular_aux())
        || t.is("been")
        || (toks[k].is_any(&["in", "hospitalized", "hospitalised"])
            && t.is_any(&["remains", "remained"]))
        || (j + 1 == k
            && toks[k].is_any(&["gunshot", "bullet"])
            && t.is_any(&["a", "one", "single"]))
}

/// An intransitive outcome ("died", a state) whose subject at `j` is one
/// person: "he died", "Smith succumbed", "the driver died"; or "The driver
/// was taken to a hospital but died": the subject of the clause before,
/// when it is one person.
fn intransitive_of_one(toks: &[Token], sentence: &str, j: usize, k: usize) -> bool {
    let t = &toks[j];
    let intransitive = toks[k].is_any(&["died", "dies", "succumbed", "perished", "passed", "did"])
        || toks[k].is_any(state_verbs());
    if !intransitive {
        return false;
    }
    if t.is_any(&["but", "and"])
        && toks[..j].iter().any(|t| t.is_any(singular_aux()))
        && !toks[..j].iter().any(|t| t.is_any(&["were", "are", "they"]))
    {
        return true;
    }
    let proper = sentence
        .get(t.start..t.end)
        .and_then(|w| w.chars().next())
        .is_some_and(char::is_uppercase)
        && j > 0
        && t.kind == TokenKind::Word;
    t.is_any(&["he", "she", "who"])
        || proper
        || victim_group(t).is_some_and(|_| !is_plural_victim(t))
}

/// Where the clause of the subject ending at `j` starts, when the subject
/// is a person: not "the car was hit" or "it was hurt", and not a plural
/// noun right before the verb. Only that noun decides: "SHO Khwaja of
/// Preedy Police Station was gunned down" is one man.
fn person_clause(toks: &[Token], j: usize) -> Option<usize> {
    let window = j.saturating_sub(12);
    let clause_start = toks[window..j]
        .iter()
        .rposition(|t| t.is_any(&[".", ";", ",", "and", "but", "said", "says", "that", "say"]))
        .map_or(window, |p| window + p + 1);
    let subject = &toks[clause_start..j];
    if subject.iter().any(|t| {
        t.is_any(negations())
            || t.is_any(&["it", "this", "that", "vehicle", "car", "house", "building"])
    }) {
        return None;
    }
    if toks
        .get(j)
        .is_some_and(|t| victim_group(t).is_some_and(|_| is_plural_victim(t)))
    {
        return None;
    }
    Some(clause_start)
}

/// "A girl was grazed, and a man was shot in the leg", "Smith was shot in
/// the arm and Jones in the leg": a second lone victim with a subject of its
/// own, after the one hurt at `prev`, is one more of the first's kind.
fn second_lone_victim(toks: &[Token], prev: usize, clause_start: usize, j: usize) -> bool {
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
    let named = a == j && toks[j].capital && proper_name_at(toks, j).is_some();
    clause_start > prev
        && (described || named)
        && toks[prev..clause_start]
            .iter()
            .any(|t| t.is_any(&["and", ",", "while", "but", "whereas"]))
}

/// "A woman was also shot": a victim besides the dead, and alive unless the
/// sentence says otherwise.
fn also_hit(toks: &[Token], j: usize, k: usize) -> bool {
    toks[j..k].iter().any(|t| t.is("also"))
        && !told_state(&toks[k])
        && !is_non_person(&toks[j])
        && !death_told_after(toks, k)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The lone victims read in `text`: (count, outcome).
    fn lone(text: &str) -> Vec<(u32, Outcome)> {
        let toks = tokenize(text);
        singular_mentions(&toks, &Outcomes::of(&toks), text, [false; 3])
            .iter()
            .map(|m| (m.value, m.outcome))
            .collect()
    }

    #[test]
    fn a_lone_subject_is_one_victim() {
        assert_eq!(
            lone("The victim was pronounced dead at the scene."),
            [(1, Outcome::Killed)]
        );
        assert_eq!(
            lone("The victim died at the hospital."),
            [(1, Outcome::Killed)]
        );
    }

    #[test]
    fn plural_or_denied_subjects_are_not_lone_victims() {
        assert_eq!(lone("They were killed in the raid."), []);
        assert_eq!(lone("No one was killed."), []);
    }

    #[test]
    fn taken_to_hospital_with_injuries_is_one_hurt() {
        assert_eq!(
            lone("Smith was taken to the hospital with minor injuries."),
            [(1, Outcome::Injured)]
        );
    }

    #[test]
    fn a_second_lone_victim_is_one_more() {
        let toks = tokenize("A girl was grazed, and a man was shot in the leg.");
        let found = singular_mentions(
            &toks,
            &Outcomes::of(&toks),
            "A girl was grazed, and a man was shot in the leg.",
            [false; 3],
        );
        assert_eq!(found.len(), 2);
        assert!(found[1].one_more && found[1].additive);
    }
}
