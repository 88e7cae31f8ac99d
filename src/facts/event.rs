//! Whether the article reports a new violent event, or war news without one:
//! an anniversary, a trial, a rights report, a review of a period, a
//! diplomatic step. The headline says which kind of story it is; the lede's
//! own figures can still make it an event ("Police arrest two after a bomb
//! kills 5").

use super::casualties::background_cue;
use super::lang;
use super::sentences::Span;
use super::{BackgroundFigure, Casualty};

/// Body sentences that, with the headline, make the lede.
pub const LEDE_SENTENCES: usize = 2;

/// The byte offset where the lede of `text` ends.
pub fn lede_end(spans: &[Span]) -> usize {
    spans
        .get(LEDE_SENTENCES.min(spans.len()).saturating_sub(1))
        .map_or(0, |s| s.end)
}

/// Why the headline is no event's, when it says so: a table cue
/// (`config/lang/<code>/cues.toml`, `[[not_event]]`), or a figure it gives
/// that belongs to another time ("Almost 1,000 dead since east Ukraine
/// truce").
pub fn headline_not_event(
    title: Option<&str>,
    published: Option<chrono::NaiveDate>,
) -> Option<&'static str> {
    let title = title?;
    let lower = title.to_lowercase();
    let lang = lang::current();
    if let Some((_, why)) = lang
        .not_event
        .iter()
        .find(|(cue, _)| super::casualties::contains_cue(&lower, cue))
    {
        return Some(why);
    }
    background_cue(&lower, published.map(|d| chrono::Datelike::year(&d)), None)
}

/// A clash report the headline calls something else (an anniversary, a
/// trial, a period's toll) is none unless the lede gives a figure of an
/// event of its own.
pub fn reports_event(
    title: Option<&str>,
    published: Option<chrono::NaiveDate>,
    lede_end: usize,
    casualties: &[Casualty],
    _background: &[BackgroundFigure],
) -> bool {
    let Some(why) = headline_not_event(title, published) else {
        return true;
    };
    // "Police arrest two after a bomb kills 5": a trial or a talk can come
    // with a new attack in the same headline; an anniversary or a review
    // only retells the old one.
    let looks_back = matches!(why, "retrospective" | "analysis");
    // The headline's own figure is the story's subject ("mark 10 years
    // since ..., killing 298"), and a lede sentence of the same kind ("to
    // mark the 10th anniversary of the tragedy that claimed 298 lives")
    // retells it: neither is a new event.
    let lang = lang::current();
    casualties.iter().any(|c| {
        let lower = c.evidence.sentence.to_lowercase();
        let retold = lang
            .not_event
            .iter()
            .any(|(cue, _)| super::casualties::contains_cue(&lower, cue));
        let new_in_title = c.evidence.in_title && !looks_back;
        let new_in_lede = !c.evidence.in_title && c.evidence.start < lede_end && !retold;
        (c.killed > 0 || c.injured > 0) && (new_in_title || new_in_lede)
    })
}
