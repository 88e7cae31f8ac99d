//! The example sentences of the tables in `config/lang/<code>/` (each row's
//! `example` and `also`): each is read and checked against what it must
//! give, and every entry of the tables must occur in one of them.

use super::tables::{languages, Tables};
use super::words::{words, Lexicon};
use crate::facts::lang::{self, Example};
use crate::facts::FactsInput;

/// Every example sentence of a language's tables (each row's, and the
/// `also` sentences).
fn examples(code: &str) -> Vec<&'static Example> {
    lang::get(code)
        .unwrap_or_else(|| panic!("no tables for {code}"))
        .examples
        .iter()
        .map(|(_, e)| e)
        .collect()
}

#[test]
fn examples_read_as_written() {
    let mut failures = Vec::new();
    for code in languages() {
        for ex in examples(code) {
            let input = FactsInput {
                title: ex.title.as_deref(),
                text: &ex.text,
                published: ex.published,
                page_dates: &[],
            };
            let Some(f) = super::extract(&input, &crate::facts::sentences::split(input.text), code)
            else {
                failures.push(format!("{code}: no tables"));
                continue;
            };
            let mut wrong = Vec::new();
            if let Some(k) = ex.killed {
                if f.totals.killed != k {
                    wrong.push(format!("killed {} not {k}", f.totals.killed));
                }
            }
            if let Some(i) = ex.injured {
                if f.totals.injured != i {
                    wrong.push(format!("injured {} not {i}", f.totals.injured));
                }
            }
            for (side, [k, i]) in &ex.sides {
                let got: (u32, u32) = f
                    .casualties
                    .iter()
                    .filter(|c| c.side.as_deref() == Some(side))
                    .fold((0, 0), |a, c| (a.0 + c.killed, a.1 + c.injured));
                if got != (*k, *i) {
                    wrong.push(format!("{side} {got:?} not ({k}, {i})"));
                }
            }
            for p in &ex.parties {
                let all = f.parties.belligerents.iter().chain(&f.parties.mentioned);
                if !all.clone().any(|x| &x.name == p) {
                    wrong.push(format!("party {p} missing"));
                }
            }
            for p in &ex.places {
                if !f.locations.iter().any(|l| &l.name == p) {
                    wrong.push(format!("place {p} missing"));
                }
            }
            if ex.date.is_some() && f.event_date != ex.date {
                wrong.push(format!("date {:?} not {:?}", f.event_date, ex.date));
            }
            if let Some(c) = ex.clash {
                if f.is_clash_report != c {
                    wrong.push(format!("clash {}", f.is_clash_report));
                }
            }
            if let Some(b) = ex.background {
                if f.background.is_empty() == b {
                    wrong.push(format!("background {:?}", f.background));
                }
            }
            if let Some(v) = &ex.claim {
                if !f.claims.iter().any(|c| &c.verb == v) {
                    wrong.push(format!("claim {v} missing: {:?}", f.claims));
                }
            }
            // Every figure points at the sentence it came from.
            for c in &f.casualties {
                let e = &c.evidence;
                let source = if e.in_title {
                    ex.title.as_deref().unwrap_or_default()
                } else {
                    ex.text.as_str()
                };
                if source.get(e.start..e.end) != Some(e.sentence.as_str()) {
                    wrong.push(format!("evidence span {}..{} off", e.start, e.end));
                }
            }
            if !wrong.is_empty() {
                failures.push(format!("{code}: {:?}: {}", ex.text, wrong.join("; ")));
            }
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

/// Entries of a table that no example sentence contains.
fn uncovered<T: Clone>(table: &Lexicon<T>, sentences: &[Vec<super::words::Word>]) -> Vec<String> {
    table
        .entries()
        .filter(|entry| {
            let mut one: Lexicon<()> = Lexicon::default();
            one.add(entry, ());
            !sentences.iter().any(|w| one.any(w))
        })
        .map(str::to_string)
        .collect()
}

#[test]
fn every_table_entry_has_an_example() {
    let mut missing = Vec::new();
    for code in languages() {
        let t = Tables::get(code).unwrap();
        let sentences: Vec<_> = examples(code)
            .iter()
            .flat_map(|e| {
                let mut v = vec![words(&e.text)];
                if let Some(t) = &e.title {
                    v.push(words(t));
                }
                v
            })
            .collect();
        let tables: Vec<(&str, Vec<String>)> = vec![
            ("numbers", uncovered(&t.numbers, &sentences)),
            ("scales", uncovered(&t.scales, &sentences)),
            ("vague", uncovered(&t.vague, &sentences)),
            ("approx_before", uncovered(&t.approx_before, &sentences)),
            ("approx_after", uncovered(&t.approx_after, &sentences)),
            (
                "not_counted_after",
                uncovered(&t.not_counted_after, &sentences),
            ),
            ("digit_suffixes", uncovered(&t.digit_suffixes, &sentences)),
            ("killed", uncovered(&t.killed, &sentences)),
            ("injured", uncovered(&t.injured, &sentences)),
            ("victims", uncovered(&t.victims, &sentences)),
            ("toll", uncovered(&t.toll, &sentences)),
            ("toll_to", uncovered(&t.toll_to, &sentences)),
            ("cumulative", uncovered(&t.cumulative, &sentences)),
            ("earlier", uncovered(&t.earlier, &sentences)),
            ("hypothetical", uncovered(&t.hypothetical, &sentences)),
            ("other", uncovered(&t.other, &sentences)),
            ("not_event", uncovered(&t.not_event, &sentences)),
            ("violence", uncovered(&t.violence, &sentences)),
            ("claims", uncovered(&t.claims, &sentences)),
            ("dates", uncovered(&t.dates, &sentences)),
            ("parties", uncovered(&t.parties, &sentences)),
            ("places", uncovered(&t.places, &sentences)),
        ];
        for (name, entries) in tables {
            if !entries.is_empty() {
                missing.push(format!("{code} {name}: {}", entries.join(", ")));
            }
        }
    }
    assert!(missing.is_empty(), "\n{}", missing.join("\n"));
}

#[test]
fn every_place_is_in_the_gazetteer() {
    let mut missing = Vec::new();
    for code in languages() {
        let names = &lang::get(code).expect("tables").names;
        let mut places: Vec<&str> = names.places.iter().map(|(_, n)| *n).collect();
        places.dedup();
        for name in places {
            // The table names a place as the gazetteer does, so an English
            // article and this one name it alike.
            match super::names::place_info(name) {
                Some(p) if p.name == name => {}
                Some(p) => missing.push(format!("{code}: {name} is {:?}", p.name)),
                None => missing.push(format!("{code}: {name}")),
            }
        }
        let k = crate::facts::knowledge::Knowledge::global();
        for (_, name) in names.parties.iter().chain(&names.demonyms) {
            if k.party_kind(name).is_none() {
                missing.push(format!("{code}: party {name}"));
            }
        }
    }
    assert!(missing.is_empty(), "{missing:?}");
}

/// The facts of one article in language `code`.
fn facts(
    code: &str,
    title: Option<&str>,
    text: &str,
    published: Option<&str>,
) -> crate::facts::Facts {
    let published = published.map(|d| d.parse().expect("a date"));
    let input = FactsInput {
        title,
        text,
        published,
        page_dates: &[],
    };
    super::extract(&input, &crate::facts::sentences::split(input.text), code).expect("tables")
}

fn side_killed(f: &crate::facts::Facts, side: Option<&str>) -> u32 {
    f.casualties
        .iter()
        .filter(|c| c.side.as_deref() == side)
        .map(|c| c.killed)
        .sum()
}

#[test]
fn a_story_of_a_trial_retells_its_toll_but_a_fresh_figure_makes_an_event() {
    let trial = facts(
        "uk",
        Some("Суд у справі про обстріл Харкова"),
        "Суд розглядає справу. Свідки розповіли про удар. Тоді у Харкові загинули 12 людей.",
        None,
    );
    assert!(!trial.is_clash_report);
    let fresh = facts(
        "uk",
        Some("Суд у Харкові перервала атака"),
        "У Харкові від удару загинули троє людей.",
        None,
    );
    assert!(fresh.is_clash_report);
    assert_eq!(fresh.totals.killed, 3);
}

#[test]
fn tens_of_thousands_dead_is_a_wars_toll() {
    let f = facts(
        "ru",
        Some("На войне погибло меньше 80 тысяч украинских военных"),
        "Об этом заявил президент.",
        None,
    );
    assert_eq!(f.totals.killed, 0);
    assert!(!f.background.is_empty());
}

#[test]
fn an_opening_clause_dates_the_whole_sentence() {
    let f = facts(
        "fr",
        None,
        "La veille, deux manifestants ont été tués à Bujumbura.",
        None,
    );
    assert_eq!(f.totals.killed, 0);
    assert_eq!(f.background.len(), 1);
}

#[test]
fn a_headline_total_holds_the_bodys_parts() {
    let f = facts(
        "es",
        Some("Mueren 20 militares en dos ataques en Yemen"),
        "Un coche bomba mató a 12 militares en Ataq. En Maifaa murieron 8 policías.",
        None,
    );
    assert_eq!(f.totals.killed, 20);
    // Parts that do not add up to it are more victims.
    let more = facts(
        "es",
        Some("Mueren 20 militares en dos ataques en Yemen"),
        "Un coche bomba mató a 12 militares en Ataq. En Maifaa murieron 3 policías.",
        None,
    );
    assert_eq!(more.totals.killed, 23);
}

#[test]
fn victims_of_a_named_attacker_are_the_places_side() {
    let f = facts(
        "fr",
        Some("Guerre en Ukraine"),
        "À Soumy, des frappes russes ont fait deux morts et dix blessés.",
        None,
    );
    assert_eq!(side_killed(&f, Some("Ukraine")), 2);
    assert_eq!(side_killed(&f, Some("Russia")), 0);
}

#[test]
fn a_count_and_outcome_noun_share_the_next_ones_victims() {
    let f = facts(
        "uk",
        None,
        "За минулу добу в бою під Авдіївкою: 6 загиблих та 11 поранених окупантів.",
        None,
    );
    let russia: Vec<_> = f
        .casualties
        .iter()
        .filter(|c| c.side.as_deref() == Some("Russia"))
        .collect();
    assert_eq!(
        russia.iter().map(|c| c.killed).sum::<u32>(),
        6,
        "{:?}",
        f.casualties
    );
    assert_eq!(russia.iter().map(|c| c.injured).sum::<u32>(), 11);
}

#[test]
fn a_dual_after_its_outcome_keeps_a_later_count_away() {
    let f = facts(
        "ar",
        None,
        "أعلن الوزير عن مقتل شخصين وتحرير نحو 20 رهينة في هجوم قرب باماكو.",
        None,
    );
    assert_eq!(f.totals.killed, 2);
}

#[test]
fn a_count_with_a_verb_of_its_own_is_not_listed_with_the_one_before() {
    let f = facts(
        "es",
        None,
        "En los combates resultaron heridos tres soldados y dos guerrilleros fueron capturados.",
        None,
    );
    assert_eq!(f.totals.injured, 3);
}

#[test]
fn a_toll_retold_with_its_day_is_this_events() {
    let f = facts(
        "es",
        None,
        "El gobierno condenó hoy el ataque en el que murieron 10 militares. Los rebeldes atacaron el miércoles una patrulla y causaron la muerte a 10 uniformados y heridas a otros seis.",
        Some("2013-05-24"),
    );
    assert_eq!(f.totals.killed, 10);
    assert_eq!(f.totals.injured, 6, "{:?}", f.background);
}

#[test]
fn a_figure_of_the_enemys_losses_keeps_who_claims_it() {
    let f = facts(
        "ru",
        None,
        "Минобороны России заявило, что под Авдеевкой убиты 50 украинских военных.",
        None,
    );
    let ukraine = f
        .casualties
        .iter()
        .find(|c| c.side.as_deref() == Some("Ukraine"))
        .expect("a Ukrainian figure");
    assert_eq!(
        ukraine.claimed_by.as_deref(),
        Some("Russia"),
        "{:?}",
        f.claims
    );
    // A side telling its own losses claims nothing about an enemy.
    let own = facts(
        "ru",
        None,
        "Минобороны России заявило, что под Авдеевкой погибли 5 российских военных.",
        None,
    );
    assert!(own.casualties.iter().all(|c| c.claimed_by.is_none()));
}

#[test]
fn people_are_narrowed_by_a_sides_groups_once() {
    let f = facts(
        "ar",
        Some("استشهاد فلسطينيين اثنين في غارة إسرائيلية على رفح"),
        "وأفادت الوكالة باستشهاد المواطن حسام من مدينة رفح.",
        None,
    );
    assert_eq!(f.totals.killed, 2, "{:?}", f.casualties);
}

#[test]
fn a_dash_between_outcome_and_count_is_no_number() {
    let f = facts(
        "ru",
        None,
        "В Донецке после обстрела пострадали - 51 человек, погибли - 3.",
        None,
    );
    assert_eq!((f.totals.killed, f.totals.injured), (3, 51));
}

#[test]
fn investigators_giving_a_fresh_toll_make_an_event() {
    let f = facts(
        "uk",
        None,
        "Слідчі поліції повідомили, що внаслідок удару по Харкову загинули троє людей.",
        None,
    );
    assert!(f.is_clash_report);
    assert_eq!(f.totals.killed, 3);
}

#[test]
fn the_target_of_a_strike_is_no_attacker() {
    let f = facts(
        "ru",
        None,
        "В результате удара по Украине погибли пять украинских военных.",
        None,
    );
    assert_eq!(side_killed(&f, Some("Ukraine")), 5, "{:?}", f.casualties);
}

#[test]
fn an_article_before_an_attack_is_no_count() {
    let f = facts(
        "fr",
        None,
        "Dix soldats ont été tués lors d'une attaque jihadiste contre un poste au Mali.",
        None,
    );
    assert_eq!(f.totals.killed, 10, "{:?}", f.casualties);
}

#[test]
fn an_earlier_year_by_the_figure_dates_it() {
    let f = facts(
        "fr",
        None,
        "Le procès des attentats qui avaient fait 32 morts en 2016 s'est ouvert lundi à Bruxelles.",
        Some("2024-05-10"),
    );
    assert_eq!(f.totals.killed, 0);
    assert_eq!(f.background.len(), 1);
}

#[test]
fn the_speaker_is_the_party_nearest_the_reporting_verb() {
    let f = facts(
        "fr",
        None,
        "Des frappes russes sur Kharkiv ont fait trois morts, selon les autorités ukrainiennes.",
        None,
    );
    assert_eq!(
        f.claims.first().map(|c| c.speaker.as_str()),
        Some("Ukraine")
    );
    assert!(
        f.casualties.iter().all(|c| c.claimed_by.is_none()),
        "{:?}",
        f.casualties
    );
}

/// Figures that add up past `u32::MAX` (a hostile text: five sentences of
/// "убиты" and a billion) saturate instead of overflowing.
#[test]
fn huge_figures_saturate_when_added() {
    let text = "Около 1,000,000,000 человек убиты, 1,000,000,000 солдат убиты, \
                1,000,000,000 мирных жителей убиты, 1,000,000,000 полицейских убиты \
                и 1,000,000,000 детей убиты. убиты. 1,000,000,000. убиты. 1,000,000,000. \
                убиты. 1,000,000,000. убиты. 1,000,000,000. убиты. 1,000,000,000";
    let facts = crate::facts::extract(&FactsInput {
        title: Some(text),
        text,
        published: None,
        page_dates: &[],
    });
    assert!(facts.totals.killed >= 1_000_000_000 || facts.totals.killed == 0);
}

#[test]
fn a_long_text_is_stopped_by_the_budget_between_sentences() {
    // Sentences split outside the budget, so that the splitter's ticks do
    // not stop it: the reader's check between sentences does (else only
    // the gazetteer's ticks would, ten times later in a debug build).
    let text = "В Донецке погибли пять человек, ранены трое. ".repeat(4_000);
    let spans = crate::facts::sentences::split(&text);
    let input = FactsInput {
        title: None,
        text: &text,
        published: None,
        page_dates: &[],
    };
    let budget = crate::budget::ReadBudget::new(std::time::Duration::from_millis(1));
    let read = budget.run(|| super::extract(&input, &spans, "ru"));
    assert!(read.is_err(), "read in full within 1 ms of CPU");
}
