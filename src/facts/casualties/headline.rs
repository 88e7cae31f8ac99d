//! Headlines: each outcome with its own subject ("Girl killed, grandmother
//! injured"), and a headline whose subject is the accused.

use super::*;

/// Headlines drop articles: "Man, 11-Year-Old Daughter Found Dead" is two
/// victims, "Teen Shot In Park" one. Each outcome has its own subject:
/// "Girl Killed, Grandmother Injured" is one of each.
pub(super) fn headline_mentions(toks: &[Token]) -> Vec<Mention> {
    let mut out = Vec::new();
    // Tokens before `from` belong to an earlier outcome.
    let mut from = 0;
    let mut k = 0;
    while k < toks.len() {
        let Some(OutcomePhrase { outcome, len, .. }) = outcome_at(toks, k) else {
            k += 1;
            continue;
        };
        // A noun outcome ("in son's shooting death") has its victim after
        // it, not as the headline's subject.
        let usable = !toks[k].lower.ends_with("ing")
            && !toks[k].is_any(outcome_nouns())
            && !ambiguous(toks, k, len);
        if !usable {
            k += len;
            continue;
        }
        // "Man Charged After ... Woman Dead": the subject is the accused.
        match headline_subject(toks, from, k) {
            Err(()) => break,
            Ok(Some((start, count, group))) => out.push(Mention {
                verb: k,
                ..Mention::new(outcome, count, group, start, k)
            }),
            Ok(None) => {}
        }
        from = k + len;
        k += len;
    }
    out
}

/// The victims a headline names before its outcome word at `k` (after
/// `from`): where they start, how many, their group. `Err` when the subject
/// is the accused.
pub(super) fn headline_subject(
    toks: &[Token],
    from: usize,
    k: usize,
) -> Result<Option<HeadlineSubject>, ()> {
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
    if toks[start..k].iter().any(|t| t.is_any(accused())) {
        return Err(());
    }
    // One victim per coordinated phrase: "16-Year-Old Denver Boy" is one,
    // "Man, 11-Year-Old Daughter" two.
    let mut count = 0u32;
    let mut separated = true;
    let mut group = None;
    for t in &toks[start..k] {
        if t.is_any(implied_pairs()) {
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
                if t.kind == TokenKind::Number || t.is_any(negations()) {
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
