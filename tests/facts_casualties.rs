//! Casualty figures: counts, qualifiers, sides, background figures, totals.
//! Every sentence here is written for these tests.

use clashwatch::facts::{self, Facts, FactsInput};
use proptest::prelude::*;

fn read(text: &str) -> Facts {
    facts::extract(&FactsInput {
        title: None,
        text,
        published: None,
        ..Default::default()
    })
}

fn totals(text: &str) -> (u32, u32) {
    let f = read(text);
    (f.totals.killed, f.totals.injured)
}

fn check_evidence(text: &str, f: &Facts) {
    for c in &f.casualties {
        assert_eq!(&text[c.evidence.start..c.evidence.end], c.evidence.sentence);
    }
    for b in &f.background {
        assert_eq!(&text[b.evidence.start..b.evidence.end], b.evidence.sentence);
    }
}

#[test]
fn seed_article_per_side_and_background() {
    let raw = include_str!("fixtures/seed-armenia-azerbaijan.txt");
    let (title, text) = raw.split_once('\n').expect("title line");
    let f = facts::extract(&FactsInput {
        title: Some(title),
        text,
        published: None,
        ..Default::default()
    });
    check_evidence(text, &f);
    let side = |s: &str| {
        f.casualties
            .iter()
            .find(|c| c.side.as_deref() == Some(s))
            .unwrap_or_else(|| panic!("no casualties for {s}: {:?}", f.casualties))
    };
    let am = side("Armenia");
    assert_eq!(
        (am.killed, am.injured, am.group.as_deref()),
        (4, 1, Some("soldiers"))
    );
    assert!(am.evidence.sentence.contains("four of its soldiers"));
    let az = side("Azerbaijan");
    assert_eq!(
        (az.killed, az.injured, az.group.as_deref()),
        (0, 3, Some("soldiers"))
    );
    assert!(az.evidence.sentence.contains("wounding three soldiers"));
    assert_eq!((f.totals.killed, f.totals.injured), (4, 4));
    assert_eq!(f.background.len(), 1);
    assert_eq!(f.background[0].killed, 300);
    assert!(f.background[0].approximate);
    assert!(f.background[0].evidence.sentence.contains("last year"));
}

#[test]
fn number_words_and_digits() {
    assert_eq!(totals("Four villagers were killed in the raid."), (4, 0));
    assert_eq!(totals("Twenty-five people died in the blast."), (25, 0));
    assert_eq!(totals("A dozen guards were wounded."), (0, 12));
    assert_eq!(totals("The shelling killed 1,200 people."), (1200, 0));
    assert_eq!(
        totals("One hundred and twenty fighters were killed overnight."),
        (120, 0)
    );
    assert_eq!(
        totals("Two rebels were killed and another was injured."),
        (2, 1)
    );
    assert_eq!(
        totals("Nine miners were killed and another 14 were injured."),
        (9, 14)
    );
}

#[test]
fn vague_amounts_follow_coder_conventions() {
    assert_eq!(
        totals("Dozens of people were killed in the storming."),
        (12, 0)
    );
    assert_eq!(totals("Tens of protesters were killed."), (10, 0));
    assert_eq!(totals("Hundreds of civilians were killed."), (100, 0));
    // A fraction is not a head count.
    assert_eq!(totals("Two-thirds of the houses were burned."), (0, 0));
}

#[test]
fn qualifiers_make_figures_approximate() {
    for q in [
        "at least",
        "more than",
        "over",
        "around",
        "about",
        "nearly",
        "up to",
        "some",
    ] {
        let text = format!("The mayor said {q} 40 residents were killed.");
        let f = read(&text);
        assert_eq!(f.totals.killed, 40, "{q}");
        assert!(f.casualties.iter().all(|c| c.approximate), "{q}");
    }
    let f = read("Three soldiers were killed.");
    assert!(!f.casualties[0].approximate);
}

#[test]
fn repeated_victims_are_not_double_counted() {
    let text = "Five police officers were killed in an ambush on Monday. \
                The five officers were killed when their convoy was hit. \
                Officials confirmed that 5 policemen died.";
    assert_eq!(totals(text), (5, 0));
    let text = "Two people were shot on Elm Street. One of them died at the hospital. \
                The victim was pronounced dead shortly after midnight.";
    assert_eq!(totals(text), (1, 1));
}

#[test]
fn groups_in_one_clause_add_up() {
    assert_eq!(
        totals("Three soldiers and two civilians were killed in the crossfire."),
        (5, 0)
    );
    assert_eq!(
        totals("Twelve people were killed, including three children."),
        (12, 0)
    );
}

#[test]
fn background_figures_stay_out_of_totals() {
    let cases = [
        (
            "Two guards were wounded at the gate. Last year, 80 soldiers were killed in the same valley.",
            (0, 2),
        ),
        (
            "One fighter was killed on Sunday. Since the war began, 40,000 people have died.",
            (1, 0),
        ),
        (
            "A drone strike killed three militants. The group warned its bombs could kill hundreds of people.",
            (3, 0),
        ),
        (
            "Students protested against the killing of two classmates by unknown men.",
            (0, 0),
        ),
        (
            "Four people were injured. The conflict has killed more than 9,000 people to date.",
            (0, 4),
        ),
    ];
    for (text, want) in cases {
        let f = read(text);
        assert_eq!((f.totals.killed, f.totals.injured), want, "{text}");
        assert!(!f.background.is_empty(), "no background in {text}");
        check_evidence(text, &f);
    }
}

#[test]
fn side_from_possessive_and_demonym() {
    let f = read("Azerbaijan's Defense Ministry said three Armenian soldiers were killed.");
    assert_eq!(f.casualties[0].side.as_deref(), Some("Armenia"));
    let f = read("Armenia's Defense Ministry said two of its servicemen were wounded.");
    assert_eq!(f.casualties[0].side.as_deref(), Some("Armenia"));
    assert_eq!(f.casualties[0].group.as_deref(), Some("soldiers"));
    let f = read(
        "Azerbaijan's Defense Ministry said Armenia shelled its positions overnight, killing two soldiers.",
    );
    assert_eq!(f.casualties[0].side.as_deref(), Some("Azerbaijan"));
    let f = read("Six civilians were killed in the market.");
    assert_eq!(f.casualties[0].side, None);
    assert_eq!(f.casualties[0].group.as_deref(), Some("civilians"));
}

#[test]
fn killed_or_wounded_without_numbers_gives_no_figure() {
    let f = read("Several soldiers were killed or wounded in the clashes.");
    assert_eq!((f.totals.killed, f.totals.injured), (0, 0));
    assert!(f.casualties.is_empty());
    let f = read("Clashes left soldiers killed or wounded on both sides.");
    assert!(f.casualties.is_empty());
}

#[test]
fn no_one_hurt_is_no_figure() {
    assert_eq!(totals("No one was injured in the explosion."), (0, 0));
}

#[test]
fn singular_victims_count_as_one() {
    assert_eq!(
        totals("A man was shot and killed outside a bar on Friday."),
        (1, 0)
    );
    assert_eq!(
        totals("Police said Jordan Reyes, 24, died at the hospital."),
        (1, 0)
    );
    assert_eq!(totals("A woman was shot in the leg."), (0, 1));
    assert_eq!(
        totals("A man and his daughter were found dead in the house."),
        (2, 0)
    );
}

#[test]
fn ages_dates_and_times_are_not_counts() {
    assert_eq!(
        totals("Lena Ortiz, 19, was killed in the March 13 shooting at 6:30 p.m."),
        (1, 0)
    );
    assert_eq!(
        totals("Fighting over four consecutive days killed 7 villagers."),
        (7, 0)
    );
}

#[test]
fn figures_point_at_their_sentence() {
    let text = "Quiet morning.\nLater, «rebels» attacked. Two farmers were killed near the well.";
    let f = read(text);
    check_evidence(text, &f);
    assert_eq!(
        f.casualties[0].evidence.sentence,
        "Two farmers were killed near the well."
    );
}

proptest! {
    #[test]
    fn never_panics_on_arbitrary_text(text in "\\PC{0,300}", title in proptest::option::of("\\PC{0,40}")) {
        let f = facts::extract(&FactsInput { title: title.as_deref(), text: &text, published: None, ..Default::default()
});
        for c in &f.casualties {
            if !c.evidence.in_title {
                prop_assert_eq!(&text[c.evidence.start..c.evidence.end], c.evidence.sentence.as_str());
            }
        }
    }

    #[test]
    fn never_panics_on_casualty_like_text(
        words in proptest::collection::vec(
            prop_oneof![
                Just("killed"), Just("another"), Just("a"), Just("two"), Just("twenty-five"),
                Just("were"), Just("soldiers"), Just("at least"), Just("1,200"), Just(","),
                Just("including"), Just("Armenia's"), Just("its"), Just("him"), Just("or"),
                Just("wounded"), Just("é"), Just("“"), Just("."), Just("\n"), Just("(")
            ],
            0..40,
        )
    ) {
        let text = words.join(" ");
        let f = facts::extract(&FactsInput { title: Some(&text), text: &text, published: None, ..Default::default()
});
        for c in &f.casualties {
            prop_assert_eq!(&text[c.evidence.start..c.evidence.end], c.evidence.sentence.as_str());
        }
    }
}

#[test]
fn part_of_a_larger_count_is_not_added() {
    assert_eq!(
        totals("A senior rebel commander was among four fighters killed in the raid."),
        (4, 0)
    );
    assert_eq!(
        totals("The death toll from the market bombing rose to 12 on Tuesday."),
        (12, 0)
    );
}

#[test]
fn deaths_that_caused_a_protest_are_not_the_event() {
    assert_eq!(
        totals("Parents of a murdered girl staged a sit-in outside the court."),
        (0, 0)
    );
    assert_eq!(
        totals("Police fired on the protest, killing two marchers."),
        (2, 0)
    );
}

#[test]
fn shooter_turning_the_gun_on_himself() {
    assert_eq!(
        totals("The man shot his neighbor and then shot himself."),
        (1, 1)
    );
    assert_eq!(
        totals("A 14-year-old boy accidentally shot himself in the hand."),
        (0, 1)
    );
}

#[test]
fn a_named_victim_and_others() {
    assert_eq!(
        totals("Police said Marcus Hale and four others were shot outside the club."),
        (0, 5)
    );
}

fn titled(title: &str, text: &str) -> (u32, u32) {
    let f = facts::extract(&FactsInput {
        title: Some(title),
        text,
        published: None,
        ..Default::default()
    });
    (f.totals.killed, f.totals.injured)
}

#[test]
fn headline_subjects_are_counted_per_phrase_not_per_noun() {
    // A noun outcome has its victim after it: the father is not a victim.
    assert_eq!(
        titled(
            "Father pleads guilty in son's shooting death",
            "The hearing lasted an hour."
        ),
        (1, 0)
    );
    assert_eq!(
        titled(
            "12-Year-Old Lakeside Boy Found Dead",
            "Police are investigating."
        ),
        (1, 0)
    );
    assert_eq!(
        titled(
            "Woman, 9-Year-Old Son Found Dead",
            "Police are investigating."
        ),
        (2, 0)
    );
}

#[test]
fn the_accused_are_not_victims() {
    assert_eq!(
        totals("Two teenagers were charged with murder in the death of a cook."),
        (1, 0)
    );
}

#[test]
fn taken_to_hospital_is_hurt_unless_they_died() {
    assert_eq!(
        totals("Both victims were taken to a hospital, where the younger man later died."),
        (1, 1)
    );
    assert_eq!(
        totals("Two men were rushed to a nearby hospital after the gunfire."),
        (0, 2)
    );
}

#[test]
fn asides_name_the_same_victims() {
    assert_eq!(
        totals("One person, a 30-year-old man, was pronounced dead at the scene."),
        (1, 0)
    );
    assert_eq!(
        totals(
            "Three others, a 20-year-old woman and two men, were treated for wounds and released."
        ),
        (0, 3)
    );
    assert_eq!(totals("Two men, ages 24 and 31, were wounded."), (0, 2));
    assert_eq!(
        totals("Her two sons, 7 and 9, were critically hurt."),
        (0, 2)
    );
}

#[test]
fn a_young_child_who_shot_himself_is_the_victim() {
    assert_eq!(
        totals("A 4-year-old boy found a loaded gun and fatally shot himself. The child died at the scene."),
        (1, 0)
    );
}

#[test]
fn fatal_and_double_shootings() {
    assert_eq!(
        totals("Police arrested a man in the fatal shooting of a teenager."),
        (1, 0)
    );
    assert_eq!(
        totals("The deadly shooting is under investigation."),
        (1, 0)
    );
    assert_eq!(
        totals("A double shooting on Elm Street left one man dead."),
        (1, 1)
    );
}

#[test]
fn a_toll_told_during_a_protest_is_the_event() {
    assert_eq!(
        totals("3 killed and 2 injured during a clash at a protest against evictions."),
        (3, 2)
    );
    assert_eq!(
        totals("Protests erupted in the wake of the attack that left 19 dead."),
        (0, 0)
    );
}

#[test]
fn modifiers_inside_the_victim_phrase() {
    assert_eq!(
        totals("Two officers from an anti-drug unit were killed when a bomb exploded."),
        (2, 0)
    );
    assert_eq!(
        totals("Gunmen stopped a bus and killed all 6 of the passengers."),
        (6, 0)
    );
    assert_eq!(
        totals("A party supporter lost his life after being beaten by a mob."),
        (1, 0)
    );
}

#[test]
fn coded_fatalities_spread_across_events() {
    assert_eq!(
        totals("Several fighters were hit. Unknown fatalities coded as 10 and spread across two locations."),
        (5, 0)
    );
    assert_eq!(
        totals("Four people were killed in the raids. Fatalities split between 2 events."),
        (2, 0)
    );
}

#[test]
fn injured_including_one_who_died() {
    assert_eq!(
        totals("Three people were injured, including a man who later died."),
        (1, 2)
    );
}

#[test]
fn hit_by_gunfire_and_shoots() {
    assert_eq!(
        totals("A woman was struck by a stray bullet while sitting on her porch."),
        (0, 1)
    );
    assert_eq!(
        titled(
            "Gunman shoots 3 people outside a bar",
            "The bar was closed."
        ),
        (0, 3)
    );
}

#[test]
fn one_of_a_group_and_numbers_that_are_no_counts() {
    assert_eq!(
        totals("Four men were shot. One of the four was pronounced dead at the scene."),
        (1, 3)
    );
    assert_eq!(
        totals("She learned of the death about 11 p.m. that night."),
        (0, 0)
    );
    assert_eq!(
        totals("Officers found the family dead at 2106 W. 4750 South."),
        (0, 0)
    );
}

#[test]
fn who_shot_himself_is_the_last_person_named() {
    assert_eq!(
        totals("The father of a 9-year-old boy who fatally shot himself was charged. The boy died at home."),
        (1, 0)
    );
    assert_eq!(
        totals("A man shot his 5-year-old daughter and then shot himself. The girl was killed."),
        (2, 0)
    );
}

#[test]
fn a_child_who_found_a_relatives_gun() {
    assert_eq!(
        totals("Police said his 6-year-old brother found the pistol and fatally shot himself. The child died at the hospital."),
        (1, 0)
    );
    assert_eq!(
        totals("A woman shot and wounded her 4-year-old son before killing herself."),
        (1, 1)
    );
}

#[test]
fn a_child_killed_before_the_shooter_turned_the_gun() {
    assert_eq!(
        totals("Deputies say a man killed a 4-month-old baby before turning the gun on himself."),
        (2, 0)
    );
}

#[test]
fn accidental_self_shot_and_arrests() {
    assert_eq!(
        totals("A hunter accidentally shot himself while cleaning his rifle and died. The man was pronounced dead at home."),
        (1, 0)
    );
    assert_eq!(
        titled(
            "Two arrested in shooting death of 4-year-old boy",
            "The boy died at the scene."
        ),
        (1, 0)
    );
    assert_eq!(
        totals("Two men were arrested on suspicion of fatally shooting a teenager."),
        (1, 0)
    );
}

#[test]
fn video_playlist_entries_are_other_stories() {
    assert_eq!(
        totals("Three people were wounded on Main Street. 1:45 Video: crash on the bypass killed a driver."),
        (0, 3)
    );
}

#[test]
fn a_child_who_shot_himself_is_hurt_unless_a_death_is_told() {
    assert_eq!(
        totals("Deputies said a 7-year-old boy found a revolver and shot himself."),
        (0, 1)
    );
    assert_eq!(
        totals("Deputies said a 7-year-old boy found a revolver and shot himself. The boy died at the scene."),
        (1, 0)
    );
}

#[test]
fn named_victims_joined_by_and() {
    assert_eq!(
        totals("Officers Dana Price and Luis Ortega were struck by gunfire during the chase."),
        (0, 2)
    );
    assert_eq!(
        totals("Police said Mara Quinn, 19, and Theo Banks, 22, were wounded."),
        (0, 2)
    );
}

#[test]
fn a_victim_hit_then_dead_is_one_death() {
    // Hit in a relative clause, death later in the same clause: one person.
    assert_eq!(
        totals("The cyclist who was shot near the bridge on Friday has died, officers said."),
        (1, 0)
    );
    assert_eq!(
        totals("A girl who was wounded in the garden last week has passed away."),
        (1, 0)
    );
    // "shot, killed" is one death, not a wound and a death.
    let f = facts::extract(&FactsInput {
        title: Some("Teen shot, killed near the barn"),
        text: "Deputies said the shooting happened late on Sunday.",
        published: None,
        ..Default::default()
    });
    assert_eq!((f.totals.killed, f.totals.injured), (1, 0));
    // Two people: one hurt, another dead.
    assert_eq!(
        totals("A woman was wounded in the arm and her brother died at the scene."),
        (1, 1)
    );
}

#[test]
fn a_victim_in_critical_condition_is_injured() {
    // Hurt told only by the condition.
    assert_eq!(
        totals("The courier is in critical condition after the gunfire on Elm Road."),
        (0, 1)
    );
    // A death and a survivor in one sentence: one each.
    assert_eq!(
        totals(
            "The driver is listed in serious condition and his passenger has been pronounced dead."
        ),
        (1, 1)
    );
    // The state of a victim already counted adds no one.
    assert_eq!(
        totals(
            "Three guests were wounded at the party. Another victim remains in stable condition."
        ),
        (0, 3)
    );
    // Taken in critical condition, then died: one death.
    assert_eq!(
        totals("The clerk was taken to a hospital in critical condition, where she died."),
        (1, 0)
    );
}

#[test]
fn a_single_gunshot_wound_is_one_injured() {
    assert_eq!(
        totals("Officers found the cashier with a gunshot wound to the shoulder."),
        (0, 1)
    );
    // Several victims with wounds are not one.
    assert_eq!(
        totals("Four people were shot and both brothers suffered a gunshot wound to the leg."),
        (0, 4)
    );
}

#[test]
fn another_walks_through_victims_already_counted() {
    // Victims listed one by one after their total are that total.
    assert_eq!(
        totals(
            "Four people were shot outside the depot. A 30-year-old man was shot in the hip. \
             A 19-year-old woman was shot in the foot. Another 19-year-old was shot in the hand. \
             A 44-year-old was grazed."
        ),
        (0, 4)
    );
    // Right after a figure of its own outcome, "another" is one more.
    assert_eq!(
        totals("Two guards were wounded at the gate. Another guard was wounded inside."),
        (0, 3)
    );
    // After the dead, "another" is one beyond them: among the wounded told.
    assert_eq!(
        totals(
            "Three villagers were killed and two were wounded in the raid. The attackers \
             killed three villagers near the well. Another villager was wounded on the road."
        ),
        (3, 2)
    );
    // Before any figure, each "another" is one more.
    assert_eq!(
        totals("A man was shot in the arm. Another man was shot in the knee."),
        (0, 2)
    );
}

#[test]
fn a_bare_count_before_shot_is_people_shot() {
    assert_eq!(
        titled("Five shot near stadium", "Police are investigating.").1,
        5
    );
    assert_eq!(
        titled("3 shot, 1 killed at bus stop", "Police are investigating.").0,
        1
    );
    // Shots fired are not people.
    assert_eq!(
        totals("Witnesses heard two shot reports before the officer fired one shot into the air."),
        (0, 0)
    );
}

#[test]
fn wounds_counted_are_not_people() {
    assert_eq!(
        totals("The clerk was shot and is recovering from two gunshot wounds."),
        (0, 1)
    );
}

#[test]
fn a_count_with_an_act_of_its_own_starts_no_victim_list() {
    assert_eq!(
        titled(
            "1 arrested, 1 wounded in depot shooting",
            "Police are investigating."
        ),
        (0, 1)
    );
}

#[test]
fn an_accidental_shooting_himself_is_the_victim_once() {
    assert_eq!(
        titled(
            "Teen hurt after accidentally shooting himself in hand",
            "A 15-year-old was injured after accidentally shooting himself in the hand. \
             Deputies say the 15-year-old male shot himself in the hand with a rifle. \
             The teenager was treated at a hospital."
        ),
        (0, 1)
    );
}

#[test]
fn an_after_clause_ends_at_a_semicolon() {
    assert_eq!(
        titled(
            "Guard dies after ambush; 2 injured",
            "Police are investigating."
        ),
        (1, 2)
    );
    // Inside the clause, the figure is the earlier event.
    assert_eq!(
        totals("Sixteen militants were killed in the raid after one soldier was killed."),
        (16, 0)
    );
}

#[test]
fn another_after_the_dead_is_among_the_wounded_told() {
    assert_eq!(
        titled(
            "Guard killed and 1 wounded at checkpoint",
            "A guard was shot dead and another man was wounded on Sunday. \
             A 40-year-old man was also taken to the district hospital."
        ),
        (1, 1)
    );
}

#[test]
fn shot_inside_fatally_shot_is_not_another_victim() {
    assert_eq!(
        totals("A woman was fatally shot and four people were wounded at the market."),
        (1, 4)
    );
}

#[test]
fn victim_lists_and_wholes_count_everyone() {
    // "one of eight shot": the eight were shot.
    assert_eq!(
        titled(
            "Cook was one of six shot at the fair",
            "Police are investigating."
        ),
        (0, 6)
    );
    // A list of victims, the middle one without an article.
    assert_eq!(
        totals(
            "A 30-year-old man, 41-year-old woman and 19-year-old man were wounded at the gate."
        ),
        (0, 3)
    );
    // An apposition is the same person.
    assert_eq!(
        totals("A guard, a 30-year-old, was wounded at the gate."),
        (0, 1)
    );
    // "along with three others": the others and the subject.
    assert_eq!(
        totals("The driver was shot along with three others near the depot."),
        (0, 4)
    );
}

#[test]
fn wholes_ages_and_distances_are_not_victims() {
    assert_eq!(
        totals("Four guests out of the 60 inside the hall were shot."),
        (0, 4)
    );
    assert_eq!(
        totals("Two cousins — both 17 — were wounded at the lake."),
        (0, 2)
    );
    assert_eq!(
        totals("Two people were shot about four blocks from the station."),
        (0, 2)
    );
}

#[test]
fn ages_told_around_numbers_are_not_victims() {
    for (text, want) in [
        ("A boy younger than 12 was shot near the park.", (0, 1)),
        (
            "The victims, who range in age from 19 to 34, were taken to a hospital.",
            (0, 0),
        ),
        (
            "Three boys, all 16 or younger, were wounded in the yard.",
            (0, 3),
        ),
        (
            "Police said a 16 and 17-year-old were shot near the store.",
            (0, 2),
        ),
        ("Larry Watts Jr. 26, was also injured.", (0, 1)),
        ("A 2 yo boy was shot in the arm.", (0, 1)),
    ] {
        assert_eq!(totals(text), want, "{text}");
    }
}

#[test]
fn a_person_and_a_relative_are_two_victims() {
    assert_eq!(
        totals("A forest ranger and his brother were shot dead by an armed group."),
        (2, 0)
    );
    // An event and a person: one victim.
    assert_eq!(
        totals("The store was the site of an attempted robbery and an employee had been killed."),
        (1, 0)
    );
}

#[test]
fn a_round_up_of_several_shootings_is_background() {
    let f = read(
        "Four people were killed and 16 wounded in weekend shootings across the county. \
         In the latest, a 20-year-old man was shot in the leg outside a store.",
    );
    assert_eq!((f.totals.killed, f.totals.injured), (0, 1));
    assert!(f.background.iter().any(|b| b.killed == 4));
    assert!(f.background.iter().any(|b| b.injured == 16));
    // One shooting told as "the shooting" stays the event.
    assert_eq!(
        totals("Four people were wounded in the shooting outside the store."),
        (0, 4)
    );
}

#[test]
fn someone_also_hit_or_who_lived_is_wounded_beside_the_dead() {
    assert_eq!(
        totals("Three villagers were shot dead at the market. A boy was also shot near the stall."),
        (3, 1)
    );
    assert_eq!(
        totals(
            "A guard was killed at the gate. Two porters were shot, but they are expected to survive."
        ),
        (1, 2)
    );
    // Without such words, people shot include the dead.
    assert_eq!(
        totals("Four people were shot at the market. One of them died at the scene."),
        (1, 3)
    );
}

#[test]
fn gunfire_that_struck_people_hit_them() {
    assert_eq!(
        totals("Gunfire struck Ortiz and two others outside the bar."),
        (0, 3)
    );
    assert_eq!(totals("A stray bullet hit a woman in her kitchen."), (0, 1));
    assert_eq!(
        totals("Two guards were killed and another critically injured at the gate."),
        (2, 1)
    );
}

#[test]
fn a_clause_of_its_own_ends_the_victims() {
    assert!(totals("He was skating with two friends and felt the injury to his hand.").1 <= 1);
    assert!(totals("The two parents flagged officers down, saying their child was shot.").1 <= 1);
    // An outcome after "and" is the same clause.
    assert_eq!(
        totals("Two men were robbed and shot on the bridge."),
        (0, 2)
    );
}

#[test]
fn fired_at_is_not_hit_and_did_not_survive_is_dead() {
    assert_eq!(
        totals("The guard was shot at but the bullets missed him."),
        (0, 0)
    );
    assert_eq!(totals("Gunmen shot at them from a car."), (0, 0));
    assert_eq!(
        totals("The driver was taken to a hospital but did not survive."),
        (1, 0)
    );
    assert_eq!(
        titled(
            "Man fatally shoots neighbor, 15",
            "Police are investigating."
        ),
        (1, 0)
    );
}

#[test]
fn a_related_story_behind_a_symbol_is_another_story() {
    let f = read("A guard was wounded at the gate.\n► Related: Two killed in depot attack");
    assert_eq!((f.totals.killed, f.totals.injured), (0, 1));
}

#[test]
fn named_victims_listed_with_ages_count_each() {
    assert_eq!(
        totals("Jo Reyes, 35, Bea Moss, 27, and Cy Ortiz, 25, died in the ambush."),
        (3, 0)
    );
    assert_eq!(totals("Ann Lee and Bo Diaz died at the scene."), (2, 0));
    assert_eq!(
        totals("In Dallas, Ann Lee and Bo Diaz were shot at the scene."),
        (0, 2)
    );
    // "three to four times" counts shots, not people.
    assert_eq!(
        totals("Edwards was shot three to four times at close range."),
        (0, 1)
    );
}

#[test]
fn headline_counts_in_title_case_are_counts_not_names() {
    assert_eq!(
        titled("Depot Shooting Wounds Four", "Police are investigating."),
        (0, 4)
    );
    assert_eq!(
        titled(
            "Four People Shot Near West Harbor Home",
            "Police are investigating."
        ),
        (0, 4)
    );
    assert_eq!(
        titled(
            "Ambush Kills Three, Injures One",
            "Police are investigating."
        ),
        (3, 1)
    );
    assert_eq!(
        titled(
            "2 teens, man wounded in market shooting",
            "Police are investigating."
        ),
        (0, 3)
    );
}

#[test]
fn a_headline_figure_told_again_bounds_the_wounded() {
    // The body's other victims (a shooting elsewhere) stay out of the toll.
    assert_eq!(
        titled(
            "3 shot outside depot",
            "Three people were shot outside the depot on Friday. A man was shot in a \
             separate street later that night. Another man was wounded in the arm."
        )
        .1,
        3
    );
    // A headline figure the body never repeats bounds nothing.
    assert_eq!(
        titled(
            "2 shot outside depot",
            "Three people were shot outside the depot, police said on Saturday."
        )
        .1,
        3
    );
}

#[test]
fn others_shot_beside_the_dead_are_wounded() {
    assert_eq!(
        totals("A guard was shot and killed at the hall. Five others had been shot as well."),
        (1, 5)
    );
    assert_eq!(
        totals("A guard was shot and killed at the hall. Three other people were shot."),
        (1, 3)
    );
    // "He and three others were shot": he is among them.
    assert_eq!(
        totals("Webb and three others were shot at the hall."),
        (0, 4)
    );
}

#[test]
fn animals_counted_are_not_victims() {
    assert_eq!(
        totals("A farmer was wounded in the raid. Two dogs were also wounded."),
        (0, 1)
    );
    // A noun used as a modifier still counts people.
    assert_eq!(
        totals("Two cattle thieves were killed by villagers."),
        (2, 0)
    );
}

#[test]
fn a_person_named_among_the_dead_is_not_also_wounded() {
    assert_eq!(
        totals(
            "Ortiz was hurt in the crossfire and called for help. Later, Ortiz died at the clinic."
        ),
        (1, 0)
    );
}

#[test]
fn taken_to_a_medical_center_is_hurt_like_a_hospital() {
    // The people shot include the one who died; those taken to a medical
    // center "with injuries" are the same people, not more.
    assert_eq!(
        totals(
            "Four people were shot in the market on Saturday. One of them died. \
             All four victims were taken to Harbor Regional Medical Center with serious injuries."
        ),
        (1, 3)
    );
}

#[test]
fn suffered_and_sustained_wounds_are_victims() {
    // A minor wound leaves its victim alive: hurt, besides the dead.
    assert_eq!(
        totals("Two brothers were killed at the lot. A cousin suffered a minor gunshot wound."),
        (2, 1)
    );
    assert_eq!(
        totals("The clerk sustained injuries that were not life-threatening."),
        (0, 1)
    );
    assert_eq!(
        totals("Three others sustained non-fatal wounds in the parking lot."),
        (0, 3)
    );
    // A plain gunshot wound may be the dead victim's own.
    assert_eq!(
        totals(
            "The driver suffered a gunshot wound to the neck. He was pronounced dead at the scene."
        ),
        (1, 0)
    );
    // Stab wounds and self-inflicted wounds are no gunshot victims.
    assert_eq!(
        totals("The neighbor suffered a minor stab wound in the scuffle."),
        (0, 0)
    );
    // An age after "both" counts no one.
    assert_eq!(
        totals("Two brothers were shot at the park. The brothers, both 19, suffered minor wounds."),
        (0, 2)
    );
    // The count needs its victims right after it.
    assert_eq!(
        totals("Officers told 5 Alive the girl is expected to survive."),
        (0, 1)
    );
}

#[test]
fn survival_told_of_a_victim_is_an_injury() {
    assert_eq!(
        totals("A woman was killed in the crash of gunfire. Her son is fighting for his life."),
        (1, 1)
    );
    assert_eq!(
        totals("The boy is expected to recover, police said."),
        (0, 1)
    );
    // Not a victim on top of those listed one by one.
    assert_eq!(
        totals("Four people were shot. One victim is fighting for her life. Another four people were injured."),
        (0, 4)
    );
}

#[test]
fn arriving_at_a_hospital_tells_a_victim() {
    assert_eq!(
        totals("A man was killed on the porch. Hours later a teenager walked into a clinic hospital with a wound to the hip."),
        (1, 1)
    );
    assert_eq!(
        totals("Two men were killed. Two other victims arrived at the hospital in a private car."),
        (2, 2)
    );
    assert_eq!(totals("The clerk drove herself to the hospital."), (0, 1));
    // Someone else driving a victim there is not a victim.
    assert_eq!(totals("A neighbor drove the boy to the hospital."), (0, 0));
    // Who died there is no injury.
    assert_eq!(
        totals("The clerk went to the hospital, where he died."),
        (1, 0)
    );
}

#[test]
fn survivors_and_the_recovering_are_injured() {
    // Hit but alive, besides the dead.
    assert_eq!(
        totals("Two clerks were killed in the robbery. The owner was also shot but survived."),
        (2, 1)
    );
    assert_eq!(
        totals("The gunman killed three people. The fourth victim survived."),
        (3, 1)
    );
    assert_eq!(
        totals("Two girls are recovering after they were hit in a drive-by."),
        (0, 2)
    );
    // An obituary's "survived by" and a survival cut short are no injuries.
    assert_eq!(
        totals("The officer was killed Friday. He is survived by his wife and two sons."),
        (1, 0)
    );
    assert_eq!(
        totals("The clerk survived for an hour before he died at the hospital."),
        (1, 0)
    );
    // "Recovering the weapon" is police work.
    assert_eq!(
        totals("Officers are recovering the weapon from the river."),
        (0, 0)
    );
}

#[test]
fn sending_people_to_the_hospital_hits_them() {
    assert_eq!(
        titled(
            "Bar shooting sends 3 people to the hospital",
            "Police are investigating."
        ),
        (0, 3)
    );
    // The dead may be among those sent.
    assert_eq!(
        totals("The shooting sent five people to the hospital. One of them died there."),
        (1, 4)
    );
}

#[test]
fn every_headline_outcome_has_its_own_subject() {
    assert_eq!(
        titled(
            "Girl killed, grandfather injured at bus stop",
            "Police responded."
        ),
        (1, 1)
    );
    assert_eq!(
        titled(
            "Man killed on porch; 6-year-old son, niece wounded",
            "Police responded."
        ),
        (1, 2)
    );
    // A pair noun names two.
    assert_eq!(
        titled("Teen, parents hit in highway shooting", "Police responded."),
        (0, 3)
    );
    // Who speaks is not a victim.
    assert_eq!(
        titled(
            "Parents say toddler grazed by stray bullet",
            "Police responded."
        ),
        (0, 1)
    );
    // "hit in a shooting" is hit by gunfire.
    assert_eq!(
        titled("Police: 3 hit in shooting near park", "Officers responded."),
        (0, 3)
    );
}

#[test]
fn lone_victims_told_one_after_another_add_up() {
    assert_eq!(
        totals("A boy was grazed by a bullet, and a woman was shot in the hand."),
        (0, 2)
    );
    assert_eq!(
        totals("Lopez was shot in the shoulder and Carter was shot in the knee."),
        (0, 2)
    );
    assert_eq!(
        totals("Dana Reyes was shot in the foot, and a 52-year-old man was also wounded."),
        (0, 2)
    );
    // After a figure they are among those it counts.
    assert_eq!(
        totals("Two people were wounded. A boy was grazed by a bullet, and a woman was shot in the hand."),
        (0, 2)
    );
}

#[test]
fn a_victim_also_shot_besides_the_dead_is_injured() {
    assert_eq!(
        totals("Two men were killed in the alley. Their cousin was also shot in the arm."),
        (2, 1)
    );
    assert_eq!(
        totals(
            "A clerk was killed at the counter. A 30-year-old shopper was also shot in the leg."
        ),
        (1, 1)
    );
    // A car is no victim; a death told with it settles the fate.
    assert_eq!(
        totals("Two men were killed in the alley. Their car was also struck by bullets."),
        (2, 0)
    );
    assert_eq!(
        totals("Two men were killed. A woman was also shot and later died.").1,
        0
    );
}

#[test]
fn bullets_that_hit_or_graze_and_self_inflicted_accidents_wound() {
    assert_eq!(
        titled(
            "Stray bullet grazes teen outside library",
            "Police are investigating."
        ),
        (0, 1)
    );
    assert_eq!(
        totals("The shots missed, grazing two passersby on the sidewalk."),
        (0, 2)
    );
    assert_eq!(
        titled(
            "Stray bullet hits girl, 9, in her bedroom",
            "Police are investigating."
        ),
        (0, 1)
    );
    assert_eq!(
        titled(
            "Hunter shoots self in foot",
            "Deputies responded to the field."
        ),
        (0, 1)
    );
    assert_eq!(
        titled(
            "Man shoots himself while unloading rifle",
            "Deputies responded."
        ),
        (0, 1)
    );
}

#[test]
fn remaining_hospitalized_is_an_injury() {
    assert_eq!(
        totals("Her nephew remained hospitalized on Monday."),
        (0, 1)
    );
    assert_eq!(
        totals("A clerk was killed. Ortiz remains hospitalized in Reno."),
        (1, 1)
    );
}

#[test]
fn release_from_the_hospital_tells_the_hurt() {
    assert_eq!(
        totals("Both cousins were shot on Friday. Both boys were released from the hospital."),
        (0, 2)
    );
    assert_eq!(
        totals("Six of the victims were released from the hospital on Sunday."),
        (0, 6)
    );
    // Released from jail is no injury.
    assert_eq!(totals("Two men were released from jail on Sunday."), (0, 0));
}

#[test]
fn one_of_a_whole_with_a_noun_counts_the_whole() {
    assert_eq!(
        totals("Reyes was one of four people shot outside the club."),
        (0, 4)
    );
    // The whole were hit; the one who died is among them.
    assert_eq!(
        totals("One of three men wounded in the shooting has died."),
        (1, 2)
    );
    // A state is the one's own, not the whole's.
    assert!(totals("One of the five victims survived the shooting.").1 < 5);
}

#[test]
fn expected_to_be_ok_is_an_injury() {
    assert_eq!(totals("Both men are expected to be OK."), (0, 2));
    assert_eq!(
        totals("The clerk was shot in the arm and is expected to be fine."),
        (0, 1)
    );
}

fn read_titled(title: &str, text: &str) -> Facts {
    facts::extract(&FactsInput {
        title: Some(title),
        text,
        published: None,
        ..Default::default()
    })
}

fn side_killed(f: &Facts, side: &str) -> u32 {
    f.casualties
        .iter()
        .filter(|c| c.side.as_deref() == Some(side))
        .map(|c| c.killed)
        .sum()
}

#[test]
fn sides_of_conflict_reports() {
    // Victims with no party of their own are of the country the headline
    // puts the strike in, never the attacker's.
    let f = read_titled(
        "Israeli airstrikes hit Yemen port",
        "At least six people were killed in the strikes, the Houthis said.",
    );
    assert_eq!(side_killed(&f, "Yemen"), 6, "{:?}", f.casualties);
    // Members of a named force are that force's.
    let f = read(
        "Seven civilians and three members of the Kurdish-led force known as the Syrian \
         Democratic Forces were killed in the bombardment.",
    );
    assert_eq!(side_killed(&f, "SDF"), 3, "{:?}", f.casualties);
    // The attackers' own dead are the armed group's.
    let f = read_titled(
        "Gunmen storm college in Kenya",
        "Al-Shabaab gunmen stormed a college in Garissa on Thursday.\n\
         Four militants were later killed by soldiers, the police said.",
    );
    assert_eq!(side_killed(&f, "Al-Shabaab"), 4, "{:?}", f.casualties);
    // A side's general figure and a group's figure told elsewhere are the
    // same victims.
    let f = read_titled(
        "Strikes kill 19 Palestinians across Gaza",
        "Rescuers said the body of a child was pulled from the rubble in Gaza City.",
    );
    assert_eq!(side_killed(&f, "Palestine"), 19, "{:?}", f.casualties);
}

#[test]
fn counts_that_are_not_one_clause() {
    // "two dozen" is twenty-four, not two and a dozen.
    assert_eq!(
        totals("Two dozen soldiers were killed in the ambush."),
        (24, 0)
    );
    // The evacuated are not the injured.
    assert_eq!(
        totals("More than 550 students were evacuated and 79 were injured in the siege."),
        (0, 79)
    );
    // "a large number of" is no count.
    assert_eq!(
        totals("A large number of students were abducted and one person was killed."),
        (1, 0)
    );
    // The militants of a group that beheaded hostages are its killers.
    assert_eq!(
        totals("Two militants of a cell that beheaded hostages were moved to a prison."),
        (0, 0)
    );
}

#[test]
fn an_anniversary_retold_is_no_new_event() {
    let f = read_titled(
        "Relatives mark 10 years since the plane was shot down, killing 298",
        "Relatives gathered to mark the 10th anniversary of the attack that claimed 298 lives.\n\
         The missile was fired from a rebel-held field, investigators found.",
    );
    assert!(!f.is_clash_report, "{f:?}");
}

#[test]
fn fighters_and_the_hurt_of_conflict_wording() {
    // Members of an armed group are its fighters.
    let f = read("Twenty-seven members of the SDF were killed in the clashes.");
    let c = &f.casualties[0];
    assert_eq!(
        (c.side.as_deref(), c.group.as_deref(), c.killed),
        (Some("SDF"), Some("militants"), 27)
    );
    // Members of the attacking squad are attackers, not people of the place.
    let f = read("Police said three members of the hit squad were killed in Port-au-Prince.");
    assert_eq!(f.casualties[0].group.as_deref(), Some("militants"));
    // Treated for injuries: hurt and alive.
    assert_eq!(
        totals("In Ashkelon, 63 people were treated for injuries and shock."),
        (0, 63)
    );
}

#[test]
fn the_hurt_who_died_and_army_officers() {
    // The hurt the phrase names are the ones who died: dead, not hurt.
    assert_eq!(
        totals(
            "The army said 12 \"seriously wounded\" soldiers succumbed to their wounds overnight."
        ),
        (12, 0)
    );
    // Told with "were", the hurt stay hurt; the later death is another clause.
    assert_eq!(
        totals("Nine people were injured, and the driver of the bus died at the scene.").1,
        9
    );
    // An officer beside soldiers is an army officer.
    let f = read("An officer and two soldiers were killed when their patrol was ambushed.");
    assert!(f
        .casualties
        .iter()
        .all(|c| c.group.as_deref() == Some("soldiers")));
    // A police officer stays police.
    let f = read("A police officer and two soldiers were killed at the checkpoint.");
    assert!(f
        .casualties
        .iter()
        .any(|c| c.group.as_deref() == Some("police")));
}

#[test]
fn a_toll_that_has_since_risen_is_the_events_update() {
    // The event's toll, updated: it replaces the first figure.
    assert_eq!(
        totals("A truck bomb killed 9 people at the checkpoint on Friday. The death toll has since risen to 15, police said.").0,
        15
    );
    // "has since killed" is still the period's running count.
    assert_eq!(
        totals("A truck bomb killed 9 people at the checkpoint on Friday. The insurgency has since killed more than 300 people in the province.").0,
        9
    );
    // A toll counted since the war began stays the war's.
    assert_eq!(
        totals("A truck bomb killed 9 people at the checkpoint on Friday. The death toll since the war began has risen to 4,000.").0,
        9
    );
}

#[test]
fn a_toll_updated_without_the_word_death() {
    assert_eq!(
        totals("Gunmen killed 8 villagers on Sunday. By Monday the toll had climbed to 14.").0,
        14
    );
    assert_eq!(
        totals("Shelling killed 5 civilians in the town. The number of dead rose to 9 overnight.")
            .0,
        9
    );
    // A heavy toll on places is no figure.
    assert_eq!(
        totals("The fighting has taken a heavy toll on the 3 villages.").0,
        0
    );
}

fn read_dated(title: &str, text: &str, published: &str) -> Facts {
    facts::extract(&FactsInput {
        title: Some(title),
        text,
        published: published.parse().ok(),
        ..Default::default()
    })
}

#[test]
fn figures_told_at_another_place_are_another_event() {
    // A city the story turns to, and the rest of its paragraph.
    let f = read_titled(
        "Militants storm a police post in Kirkuk",
        "Militants stormed a police post in Kirkuk on Friday. Three attackers were killed.\n\n\
         Fighting also broke out in central Ramadi. Hours later 20 gunmen were dead, officials said.\n\n\
         Police said two officers were wounded in the Kirkuk attack.",
    );
    assert_eq!((f.totals.killed, f.totals.injured), (3, 2), "{f:?}");
    assert!(f.background.iter().any(|b| b.killed == 20), "{f:?}");
    // The hospital's town is not another event's place.
    let f = read_titled(
        "Drone strikes a market in Kherson",
        "A drone struck a market in Kherson on Monday. Two people were killed.\n\n\
         Five wounded people were taken to a hospital in Mykolaiv.",
    );
    assert_eq!((f.totals.killed, f.totals.injured), (2, 5), "{f:?}");
}

#[test]
fn a_month_before_the_events_is_another_event() {
    // "In December" in a story of a January 30 attack.
    let f = read_dated(
        "Militants attack Kirkuk on Friday",
        "Militants attacked a hotel in Kirkuk on Friday, killing four guards. The attack lasted hours.\n\n\
         In December, a car bomb there killed at least 17 people.",
        "2015-01-30",
    );
    assert_eq!(f.totals.killed, 4, "{f:?}");
    // "the deadliest since October" compares; the figure is the event's.
    let f = read_dated(
        "Rocket strike kills 12",
        "At least 12 people were killed when a rocket hit a village, the deadliest attack since October 7.",
        "2024-07-28",
    );
    assert_eq!(f.totals.killed, 12, "{f:?}");
}

#[test]
fn a_round_ups_stated_toll_is_not_added_to_its_parts() {
    let f = read_titled(
        "Soldiers killed in attacks in three provinces",
        "At least 23 people were killed in separate attacks in Kabul, Farah and Helmand on Saturday. \
         Twenty soldiers and three others died, officials said.\n\n\
         At least 18 soldiers were killed in Farah when fighters stormed a checkpoint.\n\n\
         Two soldiers were killed in Helmand. In Kabul a bomber killed three people.",
    );
    assert_eq!(f.totals.killed, 23, "{f:?}");
}

#[test]
fn a_groups_fighters_claimed_inside_their_peoples_count_are_counted_once() {
    let f = read_titled(
        "Air strikes on Gaza continue for a second day",
        "The health ministry in Gaza said 32 Palestinians have been killed in the strikes. \
         Rockets were fired at southern towns.\n\n\
         The army said 20 militants of Islamic Jihad were killed in the raids.",
    );
    assert_eq!(side_killed(&f, "Palestine"), 32, "{:?}", f.casualties);
    assert_eq!(
        side_killed(&f, "Palestinian Islamic Jihad"),
        20,
        "{:?}",
        f.casualties
    );
    assert_eq!(f.totals.killed, 32, "{f:?}");
    // Fighters and civilians told in one clause are different people.
    let f = read("Israeli strikes killed 10 Palestinians and 5 Islamic Jihad fighters on Tuesday.");
    assert_eq!(f.totals.killed, 15, "{f:?}");
}

#[test]
fn the_attack_a_sentence_names_is_the_one_told_just_before() {
    // "The raid" right after a raid dated a year before is that raid.
    let f = read_dated(
        "Villagers protest after drone attack kills 5 in Marib",
        "A drone attack killed five men in a car in Marib on Sunday, residents said. They were farmers.\n\n\
         The strikes come despite a failed raid on a village that killed civilians on January 29, 2017.\n\n\
         The raid on the village resulted in the deaths of at least 14 civilians.",
        "2018-02-05",
    );
    assert_eq!(f.totals.killed, 5, "{f:?}");
    assert!(f.background.iter().any(|b| b.killed == 14), "{f:?}");
}

#[test]
fn a_rise_that_is_no_toll_does_not_date_the_figure_as_the_events() {
    // "increased bombing" is no toll update: the raid of January 29, 2017
    // stays an earlier event, and the next sentence's "The raid" with it.
    let f = read_dated(
        "Drone attack kills 5 in Marib",
        "A drone attack killed five men in Marib on Sunday. They were farmers.\n\n\
         The increased bombing comes despite a raid that killed civilians on January 29, 2017.\n\n\
         The raid on the village resulted in the deaths of at least 14 civilians.",
        "2018-02-05",
    );
    assert_eq!(f.totals.killed, 5, "{f:?}");
}

#[test]
fn another_goes_on_with_the_figure_before_and_one_of_them_is_among_them() {
    let f = read_titled(
        "Bodies of civilians found in retaken towns",
        "Prosecutors said the bodies of 410 civilians were found in the towns. They were buried.\n\n\
         The ministry said 18 journalists have been killed since the invasion began. \
         It added that another 13 journalists had been wounded.",
    );
    assert_eq!((f.totals.killed, f.totals.injured), (410, 0), "{f:?}");
    let f = read_titled(
        "Strikes kill 4 in tent camp",
        "An airstrike hit tents in the camp, killing at least four people. \
         One of them was a girl who arrived at a nearby hospital.",
    );
    assert_eq!((f.totals.killed, f.totals.injured), (4, 0), "{f:?}");
}

#[test]
fn a_plane_shot_down_is_no_victim() {
    assert_eq!(
        totals("An F-16 fighter jet has been shot down by air defences over the border."),
        (0, 0)
    );
    assert_eq!(
        totals("The army says one of its F-16 planes was shot down during the raid."),
        (0, 0)
    );
    // The pilot is a person.
    assert_eq!(
        totals("The pilot of the jet was wounded when it crashed."),
        (0, 1)
    );
}

#[test]
fn the_driver_of_a_truck_is_a_person() {
    assert_eq!(
        totals("The driver of a truck was shot on the road."),
        (0, 1)
    );
}

#[test]
fn in_addition_adds_to_the_figures_before() {
    assert_eq!(
        totals(
            "Police raided the hotel, killing three of the militants. \
             In addition, two suicide bombers blew themselves up at the gate."
        )
        .0,
        5
    );
    // "In addition to" names what it adds to: the 12 are not counted twice.
    assert_eq!(
        totals("A rocket killed 12 people. In addition to the 12 deaths, 29 people were injured."),
        (12, 29)
    );
}

#[test]
fn an_event_told_town_by_town_keeps_each_towns_figures() {
    let text = "Riots broke out on Monday in Kharkiv and in the city of Odesa, officials said. \
                Police blamed local gangs.\n\n\
                In Kharkiv, two police officers and three protesters were killed and 14 others \
                were injured.\n\n\
                In Odesa, four people were killed. Some 20 others were also hurt, the mayor said.";
    let f = read_titled("Riots in two cities leave nine dead", text);
    check_evidence(text, &f);
    // No injured total is stated: the towns' wounded add up.
    assert_eq!((f.totals.killed, f.totals.injured), (9, 34));
    let injured: Vec<u32> = f
        .casualties
        .iter()
        .map(|c| c.injured)
        .filter(|&v| v > 0)
        .collect();
    assert!(
        injured.contains(&14) && injured.contains(&20),
        "{injured:?}"
    );
    // The headline's total is the whole's, not a part of it.
    assert!(f.casualties.iter().all(|c| c.killed != 9));
}

#[test]
fn a_round_up_lists_its_attacks_and_keeps_the_stated_total() {
    let text = "Israeli strikes killed at least 12 people across Gaza on Monday, health officials \
                said. Seven people were killed in a strike on a house in Rafah.\n\n\
                Another airstrike hit a school, killing three people.\n\n\
                Two people were killed when a drone struck a car in Gaza City.";
    let f = read_titled("Strikes across Gaza kill at least 12", text);
    check_evidence(text, &f);
    assert_eq!(f.totals.killed, 12);
    let mut killed: Vec<u32> = f
        .casualties
        .iter()
        .map(|c| c.killed)
        .filter(|&v| v > 0)
        .collect();
    killed.sort_unstable();
    assert_eq!(killed, vec![2, 3, 7]);
}

#[test]
fn a_story_of_one_town_still_counts_its_victims_once() {
    let text = "A shell hit a market in Kharkiv on Monday, killing four people. \
                Officials said 11 were hurt.\n\n\
                In Kharkiv, rescuers searched the rubble. Four people were killed, the mayor said.";
    assert_eq!(
        totals_titled("Shelling of Kharkiv market kills four", text),
        (4, 11)
    );
}

fn totals_titled(title: &str, text: &str) -> (u32, u32) {
    let f = read_titled(title, text);
    (f.totals.killed, f.totals.injured)
}

#[test]
fn a_day_after_an_earlier_attack_is_that_earlier_time() {
    let text = "Gunmen stormed a checkpoint in Kandahar on Friday, killing five soldiers. \
                Two attackers were shot dead.\n\n\
                The province has seen worse. On January 3, 2015, a truck bomb killed 60 people \
                in the city. A day later, 14 police officers were killed in an ambush nearby.";
    let f = facts::extract(&FactsInput {
        title: Some("Gunmen kill five soldiers at Kandahar checkpoint"),
        text,
        published: chrono::NaiveDate::from_ymd_opt(2016, 5, 7),
        ..Default::default()
    });
    assert_eq!(f.totals.killed, 7, "{:?}", f.casualties);
    assert!(f.background.iter().any(|b| b.killed == 14));
}

#[test]
fn a_death_toll_after_riots_is_the_riots_toll() {
    assert_eq!(
        totals("Police increased the death toll to 12 on Tuesday following the riots."),
        (12, 0)
    );
}

#[test]
fn more_of_a_group_add_up_whichever_figure_tells_the_side() {
    // The three are "them" (no side told); the two are ISIS's own.
    assert_eq!(
        totals(
            "Police stormed the compound held by the militants, killing three of them. \
             In addition, two ISIS suicide bombers blew themselves up at the gate."
        )
        .0,
        5
    );
}

#[test]
fn people_dying_are_dead_but_people_who_are_dying_are_no_toll() {
    assert_eq!(
        totals(
            "The ministry had reports of 27 villagers, most of them farmers, dying in the blaze."
        ),
        (27, 0)
    );
    assert_eq!(
        totals("Aid groups warn that hundreds of children are dying of hunger.").0,
        0
    );
}

#[test]
fn one_of_the_dead_told_again_is_no_entry_and_drones_shot_down_no_victims() {
    let text = "A strike on a shelter killed at least six people. One of them was a boy who \
                reached a clinic nearby, medics said.";
    let f = read(text);
    assert_eq!((f.totals.killed, f.totals.injured), (6, 0));
    assert!(
        f.casualties.iter().all(|c| c.injured == 0),
        "{:?}",
        f.casualties
    );
    assert_eq!(
        totals("The army said two drones were launched, one of which was shot down."),
        (0, 0)
    );
}

#[test]
fn a_speaker_after_the_list_comma_is_no_victim() {
    // The one who said it opens a clause of its own.
    assert_eq!(
        totals("Gunmen raided the post, killing at least 40 people, a police spokesman said."),
        (40, 0)
    );
    assert_eq!(
        totals("The blast killed nine soldiers, an army officer told reporters."),
        (9, 0)
    );
    // A lone victim listed after the count still adds one.
    assert_eq!(
        totals("The shell killed two soldiers, a policeman and a child, the army said."),
        (4, 0)
    );
}

#[test]
fn others_told_beside_a_sides_victims_are_more_of_them() {
    let f = read(
        "Two Israeli soldiers were killed and five others seriously wounded in fighting in the \
         southern Gaza Strip, the Israeli military said on Friday.",
    );
    assert_eq!((f.totals.killed, f.totals.injured), (2, 5));
    for c in &f.casualties {
        assert_eq!(c.side.as_deref(), Some("Israel"), "{c:?}");
        assert_eq!(c.claimed_by, None, "{c:?}");
    }
    // Others of no kind take the kind of those before them too.
    let f = read(
        "Rebels attacked an army base in the north, killing two Colombian soldiers and wounding \
         27 others, the army said.",
    );
    assert_eq!((f.totals.killed, f.totals.injured), (2, 27));
    assert!(f
        .casualties
        .iter()
        .all(|c| c.group.as_deref() == Some("soldiers") && c.side.as_deref() == Some("Colombia")));
    // Others with the same outcome are the rest, not more of them.
    let f = read("Four extremists and 23 others were killed in the hotel siege in the capital.");
    assert_eq!(f.totals.killed, 27);
    assert!(f
        .casualties
        .iter()
        .all(|c| c.group.as_deref() != Some("militants") || c.killed == 4));
}

#[test]
fn a_wars_toll_in_a_which_clause_leaves_the_events_figure() {
    let text = "Airstrikes on a prison in the north killed more than 100 detainees, the Red Cross \
                said, in one of the deadliest attacks of the war, which has killed more than \
                100,000 people.";
    let f = read(text);
    assert_eq!(f.totals.killed, 100);
    assert!(f.background.iter().any(|b| b.killed == 100_000));
    // The cue before the clause still holds for the whole sentence.
    let f = read(
        "Since the war began, more than 9,000 people have been killed, which is more than in \
         any year before.",
    );
    assert_eq!(f.totals.killed, 0);
    // A place's toll to this day in a ", where" clause.
    let f = read(
        "An airstrike killed 12 people in the camp on Monday, where strikes have killed more \
         than 2,000 people since May.",
    );
    assert_eq!(f.totals.killed, 12);
    let f = read_titled(
        "Foreign ministers meet on ceasefire in the north",
        "Foreign ministers met in the capital to push for a ceasefire in the north, where \
               strikes have killed more than 34,000 people, according to the health ministry.",
    );
    assert!(!f.is_clash_report);
    assert_eq!(f.totals.killed, 0);
}

#[test]
fn a_lone_victim_and_her_counted_children() {
    assert_eq!(
        totals("Shelling killed a woman and her two children in the town, the mayor said."),
        (3, 0)
    );
    assert_eq!(
        totals("The strike killed a man and his wife, the ministry said."),
        (2, 0)
    );
}

#[test]
fn a_gathering_an_attack_hit_is_where_it_killed() {
    let f = read_titled(
        "Suicide bomber kills 9 at election rally in the northwest",
        "A suicide bomber blew himself up at an election rally on Tuesday, killing nine \
               people and wounding more than 30, officials said.",
    );
    assert_eq!((f.totals.killed, f.totals.injured), (9, 30));
    assert!(
        f.background.iter().all(|b| b.killed != 9),
        "{:?}",
        f.background
    );
    // A gathering told first, over killings: its cause, as before.
    let f =
        read("Thousands rallied in the capital against the airstrike that killed 12 civilians.");
    assert_eq!(f.totals.killed, 0);
}

#[test]
fn a_separate_clash_is_another_event() {
    let f = read(
        "Warplanes struck rebel positions in the hills, killing 12 militants, the defence \
         ministry said. One soldier was killed in a separate clash.",
    );
    assert_eq!(f.totals.killed, 12);
    assert!(f.background.iter().any(|b| b.killed == 1));
}

#[test]
fn teachers_medics_and_hostages_are_victims_too() {
    assert_eq!(
        totals("Shells hit the school, killing four children and two teachers."),
        (6, 0)
    );
    assert_eq!(
        totals("The strike on the clinic killed three doctors and wounded two paramedics."),
        (3, 2)
    );
}

#[test]
fn the_number_of_people_killed_told_far_from_its_count() {
    assert_eq!(
        totals(
            "The number of people killed in an airstrike on a suburb of the capital on Friday \
             has risen to 45, the health ministry said on Sunday."
        ),
        (45, 0)
    );
    assert_eq!(
        totals("The number of wounded rose to 60 as more victims reached the hospital."),
        (0, 60)
    );
}

#[test]
fn the_country_an_attack_fell_on_is_its_victims() {
    let f = read_titled(
        "Rebels say US strikes killed 16",
        "US and British strikes on Yemen killed 16 people and wounded 35, the rebels said \
               on Friday.",
    );
    assert_eq!((f.totals.killed, f.totals.injured), (16, 35));
    for c in &f.casualties {
        assert_eq!(c.side.as_deref(), Some("Yemen"), "{c:?}");
    }
}

#[test]
fn an_armed_groups_claim_about_soldiers_is_its_claim() {
    let text = "A suicide car bomb killed at least 10 people in Mogadishu on Sunday. Al-Shabaab \
                said it carried out the attack and claimed to have killed 25 soldiers.";
    let f = read(text);
    let claim = f
        .casualties
        .iter()
        .find(|c| c.killed == 25)
        .expect("the claim is kept");
    assert_eq!(claim.claimed_by.as_deref(), Some("Al-Shabaab"));
}

#[test]
fn a_nationality_told_in_the_body_is_the_headlines_too() {
    let f = read_titled(
        "Fire at migrant centre kills 43",
        "A fire at a detention centre for migrants in the capital killed 43 people and \
               injured 170 others, most of them Ethiopians, the UN said.",
    );
    assert_eq!((f.totals.killed, f.totals.injured), (43, 170));
    for c in &f.casualties {
        assert_eq!(c.side.as_deref(), Some("Ethiopia"), "{c:?}");
    }
}

#[test]
fn the_wars_count_told_high_up_is_no_event_toll() {
    let f = read_titled(
        "Strike kills 7 in the south",
        "A strike on a village in the south killed seven people on Wednesday, the health \
               ministry said. Strikes on the region have killed more than 3,000 people over the \
               past year, according to the ministry.",
    );
    assert_eq!(f.totals.killed, 7);
    assert!(f.background.iter().any(|b| b.killed == 3000));
    let f = read(
        "A bomb killed 6 people at a mosque in the capital on Friday. It is the latest in a \
         string of attacks that have killed at least 60 people this month.",
    );
    assert_eq!(f.totals.killed, 6);
    // An update in the lede is the event's.
    let f = read(
        "A missile hit the station on Monday, killing nine people. The death toll later rose \
         to 52, officials said.",
    );
    assert_eq!(f.totals.killed, 52);
}

#[test]
fn a_range_of_dead_is_its_smaller_end() {
    assert_eq!(
        totals("Between 10 and 15 people were killed in the shelling."),
        (10, 0)
    );
}

#[test]
fn a_counted_subject_along_with_others_adds_up() {
    // Both counts are victims of the one verb.
    assert_eq!(
        totals("Three border guards were killed along with 11 rebels near the crossing."),
        (14, 0)
    );
    // A lone subject is one more of the others.
    assert_eq!(
        totals("The driver was shot dead along with two passengers."),
        (3, 0)
    );
}

#[test]
fn a_force_killing_during_a_protest_is_the_event() {
    assert_eq!(
        totals("Troops killed a 19-year-old student in the town on Friday during a protest."),
        (1, 0)
    );
    // A protest over an earlier killing stays a reaction.
    assert_eq!(
        totals("Hundreds marched on Friday to protest after police killed a student last month."),
        (0, 0)
    );
}

#[test]
fn wounded_in_the_attack_then_later_died_is_killed() {
    assert_eq!(
        totals("A shepherd wounded in the shelling later died of his injuries."),
        (1, 0)
    );
    // Without "later", the death after the place may be someone else's.
    assert_eq!(
        totals("Two guards wounded in the blast were taken to hospital."),
        (0, 2)
    );
}

#[test]
fn and_a_verb_of_its_own_is_not_one_more_victim() {
    // (The wife's wound, told as "leaving ... wounded", is not read yet.)
    assert_eq!(
        totals("A rocket hit the farm, killing a farmer and leaving his wife badly wounded.").0,
        1
    );
    // Victims joined by "and" still add up.
    assert_eq!(
        totals("A rocket hit the farm, killing a farmer and his wife."),
        (2, 0)
    );
}
