//! The count-first shape: the count comes before its outcome word ("four of
//! its soldiers were killed", "3 dead"). For each count not yet used, in
//! three steps a reader can follow:
//! 1. `skip_count`: counts that name no victims ("no one", "two dogs").
//! 2. `CountFirst::read`: the words after the count, up to the outcome word
//!    or the end of the victims' phrase, one step per word
//!    (`CountFirst::step`); each step says whether the phrase ends, reads on
//!    past words it used, or leaves the word to the next step.
//! 3. `figure`: the figure the phrase tells, its outcome settled by the words
//!    after the verb ("were shot but survived").

use super::*;

/// Passive or intransitive shape: the count comes first ("four of its
/// soldiers were killed", "3 dead").
pub(in crate::facts::casualties) fn count_first_shape(
    toks: &[Token],
    outcomes: &Outcomes,
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
        if let Some(end) = skip_count(toks, i, &q) {
            i = end;
            continue;
        }
        let mut reader = CountFirst {
            toks,
            outcomes,
            q: &q,
            used_verb: &mut *used_verb,
            used_count: &mut *used_count,
            out: &mut *out,
            phrase: VictimPhrase::default(),
        };
        reader.read();
        let phrase = reader.phrase;
        if let Some(mut m) = figure(toks, &q, &phrase) {
            // "four of its soldiers were killed and another was injured"
            if m.group.is_none() && q.additive {
                m.group = last_group;
            }
            last_group = m.group.or(last_group);
            out.push(m);
        }
        i = q.end.max(i + 1);
    }
}

/// Step 1: where to read on when the count at `i` counts no victims.
fn skip_count(toks: &[Token], i: usize, q: &Quantity) -> Option<usize> {
    // "no one was hurt", "not a single soldier", "beaten by two men"
    if i > 0 && (toks[i - 1].is_any(negations()) || toks[i - 1].is_any(&["single", "by", "both"])) {
        return Some(q.end);
    }
    if let Some(end) = age_aside_end(toks, i, q) {
        return Some(end);
    }
    (counts_things(toks, q) || another_thing(toks, q)).then_some(q.end)
}

/// "Two dogs were also wounded", "three cars were hit": not people.
fn counts_things(toks: &[Token], q: &Quantity) -> bool {
    !q.article
        && toks.get(q.end).is_some_and(is_non_person)
        && toks.get(q.end + 1).is_none_or(|t| {
            t.is_any(&["were", "was", "are", "also", ",", ".", "and", "had", "have"])
        })
}

/// "another gang", "another incident": not a person. "another was hurt",
/// "another person", "another died" are.
fn another_thing(toks: &[Token], q: &Quantity) -> bool {
    if !(q.additive && q.end == q.start + 1) {
        return false;
    }
    let person_or_verb = toks.get(q.end).is_none_or(|t| {
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
    !person_or_verb
}

/// What the words after a count told.
#[derive(Debug, Default)]
struct VictimPhrase {
    /// The victims' noun (its head, "officer" in "police officer") and group.
    noun: Option<(usize, &'static str)>,
    /// The outcome and its word's token: the phrase tells a figure.
    found: Option<(Outcome, usize)>,
    /// An auxiliary ("were", "has") was read: the count is the subject of a
    /// passive or a state, not the agent of an active verb.
    saw_aux: bool,
    /// The auxiliary was singular ("was"): one victim, even after an article.
    singular_aux: bool,
    /// Victims listed beside the counted ones ("2 teens, man wounded").
    extra: u32,
    /// A word naming a thing was read ("cars", "dogs").
    thing: bool,
}

/// What to do after a step read a word.
enum Flow {
    /// The phrase ends here.
    Stop,
    /// Read on from this token: the step used the words before it.
    Skip(usize),
    /// The step does not apply here: the next one reads the word.
    Pass,
}

impl Flow {
    /// This flow, or when it is `Pass`, the next step's.
    fn or_else(self, next: impl FnOnce() -> Flow) -> Flow {
        match self {
            Flow::Pass => next(),
            flow => flow,
        }
    }
}

/// Step 2: reading the words after the count `q`.
struct CountFirst<'a> {
    toks: &'a [Token],
    outcomes: &'a Outcomes,
    q: &'a Quantity,
    used_verb: &'a mut [bool],
    used_count: &'a mut [bool],
    /// Figures read on the way ("one of eight shot": the eight).
    out: &'a mut Vec<Mention>,
    phrase: VictimPhrase,
}

impl CountFirst<'_> {
    /// Reads up to 18 words after the count, bracketed asides skipped
    /// ("Two NSCN (Khaplang) cadres were killed").
    fn read(&mut self) {
        let toks = self.toks;
        let mut words = 0;
        let mut depth = 0usize;
        let mut j = self.q.end;
        while j < toks.len() && words < 18 {
            let t = &toks[j];
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
            match self.step(j) {
                Flow::Stop => break,
                Flow::Skip(n) => j = n,
                Flow::Pass => j += 1,
            }
        }
    }

    /// The word at `j`, read by each step in turn until one applies.
    fn step(&mut self, j: usize) -> Flow {
        self.at_outcome(j)
            .or_else(|| self.clause_ends(j))
            .or_else(|| self.one_of_whole(j))
            .or_else(|| self.ages(j))
            .or_else(|| {
                self.note(j);
                self.bare_item(j)
            })
            .or_else(|| self.article_item(j))
            .or_else(|| self.article_and(j))
            .or_else(|| self.count_ends(j))
            .or_else(|| self.apposition(j))
            .or_else(|| self.modifier_article(j))
            .or_else(|| self.whole_or_age(j))
            .or_else(|| self.another_count(j))
    }

    /// The outcome word ends the phrase: the figure's own ("four soldiers
    /// were killed"), or a verb showing the count is not its victims
    /// ("militants killed two soldiers"). A gerund that tells no state
    /// ("killing") is read past.
    fn at_outcome(&mut self, j: usize) -> Flow {
        let (toks, q) = (self.toks, self.q);
        let Some(OutcomePhrase {
            outcome,
            len,
            transitive,
        }) = self.outcomes.at(j)
        else {
            return Flow::Pass;
        };
        let t = &toks[j];
        // "militants killed two soldiers": the count is the killers.
        let active = transitive && !self.phrase.saw_aux && object_after(toks, j, len).is_some();
        // "two militants of a group that beheaded hostages": the relative
        // clause's verb has the counted noun as its subject.
        let relative_agent = transitive
            && j > q.end
            && toks[j - 1].is_any(&["that", "which", "who"])
            && !toks
                .get(j + len)
                .is_some_and(|n| n.is_any(&["by", ".", ",", ";"]));
        let gerund = t.lower.ends_with("ing");
        if self.used_verb[j] || active || relative_agent || ambiguous(toks, j, len) {
            return Flow::Stop;
        }
        // "Two arrested in shooting death of boy": one death cannot be two
        // victims; the count is someone else.
        let one_death = t.is_any(&["death", "murder", "slaying", "homicide"])
            && !toks.get(j + 1).is_some_and(|n| n.is("toll"));
        if one_death && q.value > 1 {
            return Flow::Stop;
        }
        // "reports of 43 people dying in the fire": an intransitive
        // gerund's subject is its victim; "children are dying of hunger" is
        // going on, no toll.
        let died = t.is("dying") && !toks[j - 1].is_any(&["are", "is", "be", "keep", "still"]);
        if !gerund || told_state(t) || died {
            self.phrase.found = Some((outcome, j));
            return Flow::Stop;
        }
        Flow::Pass
    }

    /// Words that end the victims' phrase before any outcome.
    fn clause_ends(&self, j: usize) -> Flow {
        if self.own_act(j) || self.next_clause(j) || self.and_a_verb(j) || self.no_victims_after(j)
        {
            Flow::Stop
        } else {
            Flow::Pass
        }
    }

    /// "1 detained, 1 wounded": a count with an act of its own is not the
    /// start of a list of victims.
    fn own_act(&self, j: usize) -> bool {
        let (toks, t) = (self.toks, &self.toks[j]);
        j == self.q.end
            && t.lower.ends_with("ed")
            && toks.get(j + 1).is_none_or(|n| n.is_any(&[",", "and", ";"]))
            && self.outcomes.at(j).is_none()
    }

    /// "550 students were evacuated and 79 were injured": a clause with a
    /// verb of its own ends where the next count starts.
    fn next_clause(&self, j: usize) -> bool {
        let (toks, t) = (self.toks, &self.toks[j]);
        self.phrase.saw_aux
            && j > self.q.end
            && t.lower.ends_with("ed")
            && self.outcomes.at(j).is_none()
            && victim_group(t).is_none()
            && toks.get(j + 1).is_some_and(|n| n.is_any(&["and", ","]))
            && numbers::parse_at(toks, j + 2).is_some_and(|n| !n.article)
    }

    /// "skating with two friends and felt the injury to his hand": "and"
    /// with a verb of its own starts another clause.
    fn and_a_verb(&self, j: usize) -> bool {
        let toks = self.toks;
        toks[j].is("and")
            && j > self.q.end
            && toks.get(j + 1).is_some_and(|v| {
                self.outcomes.at(j + 1).is_none()
                    && (v.is_any(&[
                        "felt", "ran", "went", "saw", "told", "got", "took", "came", "fled",
                        "left", "heard", "began", "drove", "sought",
                    ]) || (v.lower.ends_with("ed") && victim_group(v).is_none()))
            })
    }

    /// "four counts of assault", "charged in", "arrested in": the numbers
    /// there count no victims.
    fn no_victims_after(&self, j: usize) -> bool {
        let t = &self.toks[j];
        is_clause_break(t)
            || t.is_any(negations())
            || t.is_any(prosecuted())
            || t.is_any(&["counts", "count", "charges", "suspicion"])
            || (t.is("arrested")
                && self
                    .toks
                    .get(j + 1)
                    .is_some_and(|n| n.is_any(&["in", "on"])))
    }

    /// "one of the four was pronounced dead": the later count is the whole
    /// the victims are part of, not victims on top. "was one of eight shot
    /// at the party": the outcome right after the whole is the whole's, and
    /// the figure is the whole's.
    fn one_of_whole(&mut self, j: usize) -> Flow {
        let toks = self.toks;
        if !(j == self.q.end && toks[j].is("of")) {
            return Flow::Pass;
        }
        let n = if toks.get(j + 1).is_some_and(|t| t.is("the")) {
            j + 2
        } else {
            j + 1
        };
        let Some(whole) = numbers::parse_at(toks, n).filter(|w| !w.article) else {
            return Flow::Pass;
        };
        mark(self.used_count, j, whole.end);
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
        let direct = self
            .outcomes
            .at(at)
            .filter(|_| !ambiguous(toks, at, 1) && !told_state(&toks[at]))
            .filter(|p| !p.transitive || object_after(toks, at, 1).is_none());
        let Some(OutcomePhrase { outcome, .. }) = direct else {
            return Flow::Skip(whole.end);
        };
        // "one of four women wounded ... has died": the whole were hit, the
        // dead among them.
        let part_died = || {
            toks.iter()
                .any(|t| t.is_any(&["died", "dies", "dead", "succumbed", "killed"]))
        };
        let outcome = if outcome == Outcome::Injured && part_died() {
            Outcome::Shot
        } else {
            outcome
        };
        let noun = (at > whole.end)
            .then(|| (whole.end, victim_group(&toks[whole.end]).unwrap_or(GENERIC)));
        let mut m = mention(&whole, outcome, noun);
        m.verb = at;
        self.out.push(m);
        self.used_verb[at] = true;
        Flow::Stop
    }

    /// "two men, ages 21 and 22, were treated": the ages count no one.
    fn ages(&mut self, j: usize) -> Flow {
        let toks = self.toks;
        if !toks[j].is_any(&["ages", "aged"]) {
            return Flow::Pass;
        }
        let mut n = j + 1;
        while toks
            .get(n)
            .is_some_and(|t| t.kind == TokenKind::Number || t.is_any(&["and", "of", "to"]))
        {
            self.used_count[n] = true;
            n += 1;
        }
        Flow::Skip(n)
    }

    /// Notes what the word tells of the victims: a thing, an auxiliary, the
    /// victims' noun ("police officer": the head is the last noun).
    fn note(&mut self, j: usize) {
        let (toks, t) = (self.toks, &self.toks[j]);
        if is_non_person(t) {
            self.phrase.thing = true;
        }
        if t.is_any(&[
            "was", "were", "been", "being", "are", "is", "got", "have", "has",
        ]) {
            self.phrase.saw_aux = true;
            self.phrase.singular_aux |= t.is_any(vocabulary::singular_aux());
        }
        if self.phrase.noun.is_none() {
            if let Some(g) = victim_group(t) {
                let mut h = j;
                while toks.get(h + 1).and_then(victim_group).is_some() {
                    h += 1;
                }
                self.phrase.noun = Some((h, victim_group(&toks[h]).unwrap_or(g)));
            }
        }
    }

    /// "2 teens, man wounded", "2 women, young girl shot": a bare singular
    /// victim right after the counted ones is one more.
    fn bare_item(&mut self, j: usize) -> Flow {
        let toks = self.toks;
        let after_noun = self.phrase.noun.is_some_and(|(n, _)| n + 1 == j);
        if !(!self.q.article && toks[j].is(",") && after_noun) {
            return Flow::Pass;
        }
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
            .is_some_and(|v| self.outcomes.at(n + 1).is_some() || v.is_any(&[",", "and"]));
        if !(single && then) {
            return Flow::Pass;
        }
        self.phrase.extra += 1;
        mark(self.used_count, j, n + 1);
        Flow::Skip(n + 1)
    }

    /// "A 59-year-old man, 49-year-old woman and 53-year-old man were shot":
    /// an item of a list of victims, not an apposition (which has its own
    /// article: "a man, a 24-year-old, was shot").
    fn article_item(&mut self, j: usize) -> Flow {
        let toks = self.toks;
        if !(self.q.article && toks[j].is(",") && self.phrase.noun.is_some()) {
            return Flow::Pass;
        }
        let mut n = j + 1;
        if toks
            .get(n)
            .is_some_and(|v| v.lower.ends_with("-year-old") && !v.lower.starts_with("a-"))
        {
            n += 1;
        }
        let item = toks
            .get(n)
            .is_some_and(|v| victim_group(v).is_some() && !is_plural_victim(v) && !v.capital)
            || (n > j + 1 && toks.get(n).is_some_and(|v| v.is_any(&[",", "and"])));
        let item_end = if toks.get(n).is_some_and(|v| victim_group(v).is_some()) {
            n + 1
        } else {
            n
        };
        let continues = toks.get(item_end).is_some_and(|v| v.is_any(&[",", "and"]));
        if !(item && continues && n > j + 1) {
            return Flow::Pass;
        }
        self.phrase.extra += 1;
        mark(self.used_count, j, item_end);
        Flow::Skip(item_end)
    }

    /// "A man and his daughter were found dead": one victim more after
    /// "and".
    fn article_and(&mut self, j: usize) -> Flow {
        let toks = self.toks;
        if !(self.q.article && toks[j].is("and") && (self.phrase.noun.is_some() || j > self.q.end))
        {
            return Flow::Pass;
        }
        let mut n = j + 1;
        while toks
            .get(n)
            .is_some_and(|t| t.is_any(&["his", "her", "their", "a", "an", "the"]))
        {
            n += 1;
        }
        let determined = n > j + 1 && !toks[n - 1].is("the");
        let one_more = toks.get(n).is_some_and(|v| {
            (victim_group(v).is_some() && !is_plural_victim(v))
                || (determined && v.kind == TokenKind::Word && !is_non_person(v))
        });
        if !one_more {
            return Flow::Pass;
        }
        self.phrase.extra += 1;
        mark(self.used_count, j, n + 1);
        Flow::Skip(n + 1)
    }

    /// "A commander was among four militants killed": the subject is one
    /// of the later count. "two victims, one of whom died": the later count
    /// is a part.
    fn count_ends(&self, j: usize) -> Flow {
        let toks = self.toks;
        let part = j > self.q.end
            && toks.get(j + 1).is_some_and(|n| n.is("of"))
            && numbers::parse_at(toks, j).is_some();
        if toks[j].is("among") || part {
            Flow::Stop
        } else {
            Flow::Pass
        }
    }

    /// "One person, a 19-year-old man, was pronounced dead": the apposition
    /// is the same victim, not another. "three others, an 18-year-old woman
    /// and two men, were treated": the counts inside the aside are the same
    /// people.
    fn apposition(&mut self, j: usize) -> Flow {
        let toks = self.toks;
        if !(self.phrase.noun.is_some() && toks[j - 1].is(",")) {
            return Flow::Pass;
        }
        let Some(a) = numbers::parse_at(toks, j).filter(|a| a.article) else {
            return Flow::Pass;
        };
        let aside_end = (a.end..toks.len())
            .find(|&n| {
                toks[n].is_any(&[",", "—", "–", "was", "were"]) || self.outcomes.at(n).is_some()
            })
            .unwrap_or(toks.len());
        mark(self.used_count, j, aside_end);
        Flow::Skip(aside_end)
    }

    /// "Two officers from an anti-narcotics unit were killed": an article
    /// after a preposition starts a modifier, not a count. Only after the
    /// victims were named, and only when the modifier names no victim
    /// itself ("the family of a victim killed").
    fn modifier_article(&mut self, j: usize) -> Flow {
        let toks = self.toks;
        if self.phrase.noun.is_some()
            && toks[j - 1].is_any(&["from", "of", "in", "at", "with", "near", "on"])
            && numbers::parse_at(toks, j).is_some_and(|a| a.article)
            && victim_after(toks, j + 1, 4).is_none()
        {
            self.used_count[j] = true;
            return Flow::Skip(j + 1);
        }
        Flow::Pass
    }

    /// "four people out of the 75 inside", "two women — both 19 —": the
    /// whole and an age are read past, not counted. "Three boys, all 16 or
    /// younger, were wounded": an age inside an aside after the victims.
    fn whole_or_age(&self, j: usize) -> Flow {
        let (toks, q) = (self.toks, self.q);
        if toks[j].kind != TokenKind::Number {
            return Flow::Pass;
        }
        let aside_age = self.phrase.noun.is_some_and(|(n, _)| {
            toks.get(n..j)
                .is_some_and(|between| between.iter().any(|t| t.is_any(&[",", "—", "–", "("])))
        }) && numbers::parse_at(toks, j).is_none()
            || (j == q.end && q.article && numbers::parse_at(toks, j).is_none());
        let whole_or_age = aside_age
            || toks[j - 1].is_any(&["both", "each"])
            || (toks[j - 1].is("of") && toks[j - 2].is("out"))
            || (j >= 3 && toks[j - 1].is("the") && toks[j - 2].is("of") && toks[j - 3].is("out"));
        if whole_or_age {
            Flow::Skip(j + 1)
        } else {
            Flow::Pass
        }
    }

    /// Another count in the phrase ends it, unless it is coordinated with
    /// the first ("two soldiers and three civilians were killed", "a
    /// commander and his three accomplices were killed") or counts things
    /// ("accused of stealing 11 goats was beaten to death").
    fn another_count(&self, j: usize) -> Flow {
        let (toks, q) = (self.toks, self.q);
        let including = toks[j - 1].is("including");
        let a_count = toks[j].kind == TokenKind::Number
            || (j > q.end && numbers::parse_at(toks, j).is_some());
        if including || !a_count {
            return Flow::Pass;
        }
        let possessive_and =
            j >= 2 && toks[j - 1].is_any(&["his", "her", "their"]) && toks[j - 2].is("and");
        let coordinated = (toks[j - 1].is_any(&["and", ","]) || possessive_and)
            && j - 1 > q.end
            && (self.phrase.noun.is_some() || !q.article);
        let things = toks[j + 1..toks.len().min(j + 3)].iter().any(is_non_person);
        if !coordinated && !things {
            Flow::Stop
        } else {
            Flow::Pass
        }
    }
}

/// Step 3: the figure the phrase after the count `q` tells, if any.
fn figure(toks: &[Token], q: &Quantity, phrase: &VictimPhrase) -> Option<Mention> {
    let (outcome, verb) = phrase.found?;
    let outcome = settle_outcome(toks, q, phrase, outcome, verb);
    if !counts_victims(toks, q, phrase, verb) {
        return None;
    }
    let mut m = mention(q, outcome, phrase.noun);
    m.value = m.value.saturating_add(phrase.extra);
    others(toks, q, phrase.noun, &mut m);
    m.verb = verb;
    Some(m)
}

/// The outcome as the words after the verb settle it: "were shot but
/// survived" is hurt, not killed; "A man was also shot" one hit besides the
/// dead, alive unless told otherwise; "was injured and later died", "was
/// shot in the head and died" killed.
fn settle_outcome(
    toks: &[Token],
    q: &Quantity,
    phrase: &VictimPhrase,
    outcome: Outcome,
    verb: usize,
) -> Outcome {
    let also = toks[q.end..verb].iter().any(|t| t.is("also"))
        && q.value == 1
        && phrase.extra == 0
        && !q.additive
        && !told_state(&toks[verb])
        && !phrase.thing
        && !death_told_after(toks, verb);
    let mut outcome = outcome;
    if outcome == Outcome::Shot && (survived_after(toks, verb) || also) {
        outcome = Outcome::Injured;
    }
    if outcome != Outcome::Killed && and_died(toks, verb) {
        outcome = Outcome::Killed;
    }
    outcome
}

/// "and died", "and later succumbed" within the clause of the verb.
fn and_died(toks: &[Token], verb: usize) -> bool {
    let tail = &toks[verb + 1..toks.len().min(verb + 9)];
    let stop = tail
        .iter()
        .position(|t| t.is_punct() || is_clause_break(t))
        .unwrap_or(tail.len());
    tail[..stop]
        .iter()
        .position(|t| t.is("and"))
        .is_some_and(|a| {
            tail[a + 1..stop.min(a + 3).max(a + 1)]
                .iter()
                .any(|t| t.is_any(&["died", "succumbed", "perished"]))
        })
}

/// Whether the count counts victims: a state needs them right after the
/// count, an article needs a singular victim (or a list, or a singular verb).
fn counts_victims(toks: &[Token], q: &Quantity, phrase: &VictimPhrase, verb: usize) -> bool {
    let singular_noun = phrase
        .noun
        .is_some_and(|(n, _)| !is_plural_victim(&toks[n]));
    let intransitive = toks[verb].is_any(&["died", "succumbed", "perished"]);
    // "Three others sustained minor injuries": a state told of victims
    // needs them right after the count ("6 News the boy is expected to
    // survive", "the other 21, suffered" count none).
    let state_ok = !told_state(&toks[verb])
        || victim_after(toks, q.end, 2).is_some()
        || (toks[q.end].is("of") && victim_after(toks, q.end + 1, 2).is_some())
        || (toks[q.start].kind == TokenKind::Word
            && !q.article
            && proper_name_at(toks, q.end).is_some());
    state_ok
        && (!q.article
            || singular_noun
            // "a 16 and 17-year-old were shot"; not "an attempted robbery
            // and an employee".
            || (phrase.extra > 0 && !phrase.thing && !events_before_and(toks, q.end))
            || (!phrase.thing && phrase.singular_aux)
            || (phrase.noun.is_none() && !phrase.thing && intransitive))
}

/// "Webb and four others were shot", "he and three others": one more than
/// the count. "Five others had been shot": beside someone already told, so
/// not among the dead; hurt and alive.
fn others(toks: &[Token], q: &Quantity, noun: Option<(usize, &'static str)>, m: &mut Mention) {
    let others = noun.is_some_and(|(n, _)| toks[n].is_any(&["others", "other"]));
    let one_before = q.start >= 2
        && toks[q.start - 1].is("and")
        && (toks[q.start - 2].is_any(&["he", "she"])
            || (toks[q.start - 2].capital && toks[q.start - 2].kind == TokenKind::Word)
            || victim_group(&toks[q.start - 2])
                .is_some_and(|_| !is_plural_victim(&toks[q.start - 2])));
    if others && one_before && !q.article {
        m.value = m.value.saturating_add(1);
    } else if (others || toks.get(q.end).is_some_and(|t| t.is("other")))
        && m.outcome == Outcome::Shot
    {
        m.outcome = Outcome::Injured;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The figures the count-first shape reads in `text`: (count, outcome).
    fn figures(text: &str) -> Vec<(u32, Outcome)> {
        let toks = tokenize(text);
        let mut used_verb = vec![false; toks.len()];
        let mut used_count = vec![false; toks.len()];
        let mut out = Vec::new();
        let outcomes = Outcomes::of(&toks);
        count_first_shape(&toks, &outcomes, &mut used_verb, &mut used_count, &mut out);
        out.iter().map(|m| (m.value, m.outcome)).collect()
    }

    #[test]
    fn the_count_before_its_outcome() {
        assert_eq!(
            figures("four of its soldiers were killed"),
            [(4, Outcome::Killed)]
        );
        assert_eq!(figures("3 dead after the blast"), [(3, Outcome::Killed)]);
    }

    #[test]
    fn counts_of_no_victims_are_skipped() {
        assert_eq!(figures("no one was hurt"), []);
        assert_eq!(figures("two dogs were also wounded"), []);
    }

    #[test]
    fn a_count_that_acts_is_no_victims() {
        assert_eq!(figures("three militants killed two soldiers"), []);
    }

    #[test]
    fn one_of_a_whole_is_the_whole() {
        assert_eq!(
            figures("he was one of eight shot at the party"),
            [(8, Outcome::Shot)]
        );
    }

    #[test]
    fn ages_count_no_one() {
        assert_eq!(
            figures("two men, ages 21 and 22, were wounded"),
            [(2, Outcome::Injured)]
        );
    }

    #[test]
    fn victims_listed_beside_the_count() {
        assert_eq!(figures("2 teens, man wounded"), [(3, Outcome::Injured)]);
        assert_eq!(
            figures("a man and his daughter were found dead"),
            [(2, Outcome::Killed)]
        );
        assert_eq!(
            figures("Webb and four others were shot"),
            [(5, Outcome::Shot)]
        );
    }

    #[test]
    fn words_after_the_verb_settle_the_outcome() {
        assert_eq!(
            figures("two men were shot and later died"),
            [(2, Outcome::Killed)]
        );
        assert_eq!(
            figures("two men were shot but survived"),
            [(2, Outcome::Injured)]
        );
    }
}
