//! World knowledge and the context facts (parties, places, regions, dates,
//! claims, clash classification), on sentences written for these tests and on
//! the project's founding example.

use chrono::NaiveDate;
use clashwatch::facts::context::{analyze, Context};
use clashwatch::facts::knowledge::{Knowledge, PartyKind};
use clashwatch::facts::{sentences, FactsInput};
use clashwatch::regions::Regions;

fn run(title: Option<&str>, text: &str, published: Option<NaiveDate>) -> Context {
    let input = FactsInput {
        title,
        text,
        published,
        ..Default::default()
    };
    analyze(&input, &sentences::split(text))
}

fn date(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

fn names(parties: &[clashwatch::facts::Party]) -> Vec<&str> {
    parties.iter().map(|p| p.name.as_str()).collect()
}

#[test]
fn seed_article_context() {
    let raw = include_str!("fixtures/seed-armenia-azerbaijan.txt");
    let (title, body) = raw.split_once('\n').unwrap();
    let c = run(Some(title), body, None);
    assert!(c.is_clash_report);
    assert_eq!(c.event_date, date(2023, 9, 1));
    assert_eq!(c.countries, vec!["Armenia", "Azerbaijan"]);
    let belligerents = names(&c.parties.belligerents);
    assert!(belligerents.contains(&"Armenia") && belligerents.contains(&"Azerbaijan"));
    assert!(!belligerents.contains(&"Russia"));
    assert!(names(&c.parties.mentioned).contains(&"Russia"));
    let places: Vec<&str> = c.locations.iter().map(|l| l.name.as_str()).collect();
    for p in ["Sotk", "Norabak", "Kalbajar", "Nagorno-Karabakh"] {
        assert!(places.contains(&p), "{p} missing from {places:?}");
    }
    // Most specific first: villages before the district before the territory.
    let pos = |n: &str| places.iter().position(|p| *p == n).unwrap();
    assert!(pos("Sotk") < pos("Kalbajar") && pos("Kalbajar") < pos("Nagorno-Karabakh"));
    assert!(c.regions.contains(&"South Caucasus".to_string()));
    let claims: Vec<(&str, &str, Option<&str>)> = c
        .claims
        .iter()
        .map(|c| (c.speaker.as_str(), c.verb.as_str(), c.target.as_deref()))
        .collect();
    for want in [
        ("Azerbaijan", "said", Some("Armenia")),
        ("Armenia", "alleged", Some("Azerbaijan")),
        ("Azerbaijan", "denied", Some("Armenia")),
        ("Armenia", "accused", Some("Russia")),
        ("Russia", "accused", Some("Armenia")),
    ] {
        assert!(claims.contains(&want), "{want:?} missing from {claims:?}");
    }
    assert_eq!(claims.len(), 5, "{claims:?}");
    let accusation = c
        .claims
        .iter()
        .find(|c| c.speaker == "Armenia" && c.verb == "accused")
        .unwrap();
    assert!(accusation
        .evidence
        .sentence
        .starts_with("Armenia's Foreign Ministry said"));
    for claim in &c.claims {
        assert_eq!(
            &body[claim.evidence.start..claim.evidence.end],
            claim.evidence.sentence
        );
    }
}

#[test]
fn demonyms_forces_and_ministries_name_their_state() {
    let k = Knowledge::global();
    let text = "Israeli forces and the IDF said Ukrainians and the Kremlin disagree, while \
                Azerbaijan's Defense Ministry and the Pentagon blamed al-Shabaab and ISWAP.";
    let found: Vec<(String, bool, bool)> = k
        .parties_in(text)
        .into_iter()
        .map(|m| (m.party, m.demonym, m.force))
        .collect();
    let has =
        |p: &str, demonym: bool, force: bool| found.contains(&(p.to_string(), demonym, force));
    assert!(has("Israel", true, false), "{found:?}");
    assert!(has("Israel", false, true));
    assert!(has("Ukraine", true, false));
    assert!(has("Russia", false, true));
    assert!(has("Azerbaijan", false, false));
    assert!(has("United States", false, true));
    assert!(has("Al-Shabaab", false, false));
    assert!(has("ISWAP", false, false));
    assert_eq!(k.party_kind("Al-Shabaab"), Some(PartyKind::Group));
    assert_eq!(k.party_country("Hezbollah"), Some("Lebanon"));
}

#[test]
fn acronyms_match_only_in_their_case() {
    let k = Knowledge::global();
    let parties = k.parties_in("This is what it is.");
    assert!(parties.is_empty(), "{parties:?}");
    let parties = k.parties_in("IS fighters attacked the town.");
    assert_eq!(parties[0].party, "Islamic State");
}

#[test]
fn gazetteer_places_carry_their_country() {
    let k = Knowledge::global();
    let places = k.places_in("Shelling hit Kharkiv and Bakhmut; later a drone struck near Goma.");
    let got: Vec<(&str, Option<&str>)> = places
        .iter()
        .map(|p| (p.name.as_str(), p.country.as_deref()))
        .collect();
    assert!(got.contains(&("Bakhmut", Some("Ukraine"))), "{got:?}");
    assert!(got.contains(&("Goma", Some("Democratic Republic of Congo"))));
    assert!(got
        .iter()
        .any(|(n, c)| *n == "Kharkiv" && *c == Some("Ukraine")));
}

#[test]
fn relative_dates_resolve_against_publication() {
    let published = date(2024, 3, 14); // a Thursday
    let c = run(
        None,
        "Gunmen killed five villagers yesterday in Borno.",
        published,
    );
    assert_eq!(c.event_date, date(2024, 3, 13));
    let c = run(
        None,
        "Troops clashed with rebels on Monday near Goma.",
        published,
    );
    assert_eq!(c.event_date, date(2024, 3, 11));
    let c = run(
        None,
        "A drone strike killed two fighters last night.",
        published,
    );
    assert_eq!(c.event_date, date(2024, 3, 13));
    let c = run(
        None,
        "Militants attacked a checkpoint on 2 March, killing a soldier.",
        published,
    );
    assert_eq!(c.event_date, date(2024, 3, 2));
    // Where a count starts is not the event's day.
    let c = run(
        None,
        "The number killed since October 7 has passed 400, the ministry said on Wednesday.",
        published,
    );
    assert_eq!(c.event_date, date(2024, 3, 13));
    let c = run(
        None,
        "Militants attacked a checkpoint on 2 March, killing a soldier.",
        None,
    );
    assert_eq!(c.event_date, None);
}

#[test]
fn relative_dates_fall_back_to_a_date_in_the_text() {
    let text = "Rebels shelled the town on Tuesday, killing three.\n\
                Posted by a witness on May 7, 2024";
    // May 7, 2024 was a Tuesday: the post's date is the anchor.
    assert_eq!(run(None, text, None).event_date, date(2024, 5, 7));
}

#[test]
fn earlier_events_do_not_set_the_date() {
    let text =
        "Last year, on 3 May, a bombing killed ten.\nOn Friday, soldiers were ambushed near Djibo.";
    let c = run(None, text, date(2024, 6, 9));
    assert_eq!(c.event_date, date(2024, 6, 7));
}

#[test]
fn denial_answers_the_accusation() {
    let text = "Sudan accused the RSF of shelling a market in Omdurman. \
                The RSF denied the allegation. Egypt said it was worried.";
    let c = run(None, text, None);
    let claims: Vec<(&str, &str, Option<&str>)> = c
        .claims
        .iter()
        .map(|c| (c.speaker.as_str(), c.verb.as_str(), c.target.as_deref()))
        .collect();
    assert!(
        claims.contains(&("Sudan", "accused", Some("RSF"))),
        "{claims:?}"
    );
    assert!(
        claims.contains(&("RSF", "denied", Some("Sudan"))),
        "{claims:?}"
    );
}

#[test]
fn denial_with_explicit_target() {
    let text = "Pakistan's military denied India's claim that its jets were downed.";
    let c = run(None, text, None);
    assert_eq!(c.claims.len(), 1);
    assert_eq!(c.claims[0].speaker, "Pakistan");
    assert_eq!(c.claims[0].verb, "denied");
    assert_eq!(c.claims[0].target.as_deref(), Some("India"));
}

#[test]
fn a_match_report_with_attack_is_not_a_clash() {
    let text = "Brazil's attack dominated the match as the striker scored twice. \
                The coach praised the fans after the league game, saying the attack was sharp.";
    assert!(!run(Some("Brazil beat Argentina"), text, None).is_clash_report);
    let markets = "Investors shrugged off the attack on the currency as stocks rallied and the market index rose.";
    assert!(!run(None, markets, None).is_clash_report);
    let protest = "Hundreds of protesters marched in the capital demanding the minister resign.";
    assert!(!run(None, protest, None).is_clash_report);
}

#[test]
fn a_strike_that_kills_is_an_attack_and_a_general_strike_a_protest() {
    let c = run(
        Some("Israeli strike kills 7 in Lebanon"),
        "An Israeli strike on a village in southern Lebanon killed seven people on Wednesday.",
        None,
    );
    assert!(c.is_clash_report);
    let text = "Workers went on strike across the country, and a general strike shut the ports.";
    assert!(!run(Some("General strike shuts ports"), text, None).is_clash_report);
}

#[test]
fn shelling_with_no_one_named_is_a_clash() {
    let text = "Twenty civilians sustained injuries in the shelling of the market.";
    assert!(run(None, text, None).is_clash_report);
    let text = "The town came under artillery fire overnight; no casualties were reported.";
    assert!(run(None, text, None).is_clash_report);
}

#[test]
fn an_armed_attack_is_a_clash() {
    let text =
        "Al-Shabaab fighters attacked an army base in Lower Shabelle, killing four soldiers.";
    let c = run(None, text, None);
    assert!(c.is_clash_report);
    assert!(names(&c.parties.belligerents).contains(&"Al-Shabaab"));
    assert_eq!(c.countries, vec!["Somalia"]);
}

#[test]
fn belligerents_and_bystanders() {
    let text = "Israeli forces struck a house in Rafah, killing three. \
                The United Nations and France called for calm.";
    let c = run(None, text, None);
    assert_eq!(names(&c.parties.belligerents), vec!["Israel"]);
    let mentioned = names(&c.parties.mentioned);
    assert!(mentioned.contains(&"United Nations") && mentioned.contains(&"France"));
    assert_eq!(c.countries, vec!["Palestine"]);
    assert!(c.regions.contains(&"Levant".to_string()));
}

#[test]
fn regions_nest() {
    let r = Regions::global();
    assert!(r.contains("South Caucasus", "Armenia"));
    assert!(r.contains("South Caucasus", "Azerbaijan"));
    assert!(r.contains("South Caucasus", "Georgia"));
    assert!(r.contains("South Caucasus", "Nagorno-Karabakh"));
    assert!(r.contains("South Caucasus", "Artsakh"));
    assert!(r.contains("Caucasus", "Armenia"));
    assert!(r.contains("Western Asia", "Armenia"));
    assert!(r.contains("Asia", "Armenia"));
    assert!(r.contains("Azerbaijan", "Karabakh"));
    assert!(!r.contains("South Caucasus", "Russia"));
    assert!(!r.contains("Sahel", "Armenia"));
    assert!(r.contains("Sahel", "Mali"));
    assert!(r.contains("Africa", "Liptako-Gourma"));
    assert!(r.contains("Levant", "Gaza Strip"));
    assert!(r.contains("Donbas", "Donetsk Oblast"));
    let above = r.regions_of_country("Armenia");
    for want in ["South Caucasus", "Caucasus", "Western Asia", "Asia"] {
        assert!(above.contains(&want), "{above:?}");
    }
    assert_eq!(r.resolve("Artsakh"), Some("Nagorno-Karabakh"));
    assert_eq!(r.resolve("karabakh"), Some("Nagorno-Karabakh"));
    assert_eq!(r.resolve("Syrian Arab Republic"), Some("Syria"));
    let all = r.all_names();
    assert!(
        all.contains(&"Horn of Africa") && all.contains(&"Kashmir") && all.contains(&"Armenia")
    );
    let place = r.regions_of_place("Sotk", Some("Armenia"));
    assert!(place.contains(&"South Caucasus"));
}

#[test]
fn town_names_inside_other_names_are_no_places() {
    let k = Knowledge::global();
    let names =
        |text: &str| -> Vec<String> { k.places_in(text).into_iter().map(|p| p.name).collect() };
    // A surname, a hyphenated neighbourhood, an agency's acronym.
    let got = names("General Jorge Luis Vargas spoke after the attack in Dasht-e-Barchi (UPI).");
    assert!(got.is_empty(), "{got:?}");
    // A town of a country the text gives no other sign of.
    let got = names("The envoy Nikita said talks would go on.");
    assert!(got.is_empty(), "{got:?}");
    // Places of the story stay, after a preposition or a possessive.
    let got = names("In Wamena, Indonesia's police said the riots spread to Jayapura.");
    assert!(got.contains(&"Wamena".to_string()), "{got:?}");
    assert!(got.contains(&"Jayapura".to_string()), "{got:?}");
}
