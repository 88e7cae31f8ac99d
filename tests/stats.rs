//! `/clashes stats` summed in the database (the per-day rollup kept with
//! each clash) equals the same statistics computed in Rust one clash at a
//! time, on SQLite and PostgreSQL.

mod support;

use chrono::NaiveDate;
use clashwatch::clashes::stats::{self, Stats};
use clashwatch::clashes::{ClashSummary, Range, SideCount, SourceFigures};
use clashwatch::store::Store;
use support::db;

/// A small deterministic generator: the same data on every run.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, below: u32) -> u32 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) % u64::from(below)) as u32
    }
}

const SIDES: &[&str] = &[
    "Armenia",
    "Azerbaijan",
    "Mali",
    "JNIM",
    "Side not given",
    "armenia",
];
const AREAS: &[(&[&str], &[&str])] = &[
    (
        &["South Caucasus", "Caucasus", "Western Asia", "Asia"],
        &["Armenia"],
    ),
    (&["Sahel", "Western Africa", "Africa"], &["Mali"]),
    (&["Donbas", "Eastern Europe", "Europe"], &["Ukraine"]),
];

fn d(s: &str) -> NaiveDate {
    s.parse().expect("date")
}

/// Articles about 30 events; several report the same event (same parties,
/// place and day), so they join one clash and the figures become ranges.
/// Later reports of an event sometimes name one more country, so a clash
/// gains a region after it was first counted.
async fn fill(store: &Store) -> usize {
    let mut rng = Lcg(7);
    let mut articles = 0;
    for n in 0..120u32 {
        let event = rng.next(30);
        let (regions, countries) = AREAS[(event % 3) as usize];
        let mut countries: Vec<String> = countries.iter().map(|c| c.to_string()).collect();
        if rng.next(4) == 0 {
            countries.push("Azerbaijan".into());
        }
        // Mostly early 2024; a few before, during and after the periods asked.
        let date = match event {
            0 => d("2023-12-31"),
            1 => d("2024-04-01"),
            e => d("2024-01-01") + chrono::Duration::days(i64::from(e * 3)),
        };
        let mut sides: Vec<SideCount> = Vec::new();
        for _ in 0..rng.next(4) {
            let side = SIDES[rng.next(SIDES.len() as u32) as usize];
            sides.push(SideCount {
                side: side.into(),
                killed: rng.next(12),
                injured: rng.next(7),
            });
        }
        let killed = sides.iter().map(|s| s.killed).sum::<u32>() + rng.next(3);
        let injured = sides.iter().map(|s| s.injured).sum::<u32>() + rng.next(2);
        let url = format!("https://news{}.example/{n}", n % 7);
        let summary = ClashSummary {
            event_date: Some(date),
            title: format!("Report {n} of event {event}"),
            countries,
            regions: regions.iter().map(|r| r.to_string()).collect(),
            parties: vec!["Party A".into(), format!("Group {event}")],
            places: vec![format!("Place {event}")],
            killed: Range::exact(killed),
            injured: Range::exact(injured),
            url: url.clone(),
            terms: Vec::new(),
        };
        let source = SourceFigures {
            site: format!("news{}.example", n % 7),
            url: url.clone(),
            killed,
            injured,
            attribution: None,
            sides,
        };
        let article = clashwatch::article::Article {
            url: Some(url.clone()),
            title: Some(summary.title.clone()),
            text: "Fighting was reported.".into(),
            ..Default::default()
        };
        let facts = clashwatch::facts::Facts {
            is_clash_report: true,
            ..Default::default()
        };
        let id = store
            .save_article(&url, &article, &facts)
            .await
            .expect("save article");
        store
            .add_to_clash(id, &summary, &source)
            .await
            .expect("add to clash");
        articles += 1;
    }
    articles
}

/// The statistics the Rust code computes from every clash and source.
async fn in_rust(store: &Store, region: Option<&str>, from: NaiveDate, to: NaiveDate) -> Stats {
    let since = from
        .and_hms_opt(0, 0, 0)
        .expect("midnight")
        .and_utc()
        .timestamp();
    let points = store.clash_points(region, since).await.expect("points");
    stats::compute(from, to, &points)
}

const ASKED: &[(Option<&str>, &str, &str)] = &[
    (None, "2024-01-01", "2024-03-31"),
    (None, "2023-12-01", "2024-06-30"),
    (None, "2024-01-04", "2024-01-04"),
    (Some("Asia"), "2024-01-01", "2024-03-31"),
    (Some("Armenia"), "2024-01-10", "2024-02-20"),
    (Some("Azerbaijan"), "2023-12-01", "2024-06-30"),
    (Some("Sahel"), "2024-01-01", "2024-03-31"),
    (Some("Gaza Strip"), "2024-01-01", "2024-03-31"),
];

async fn assert_same(store: &Store, label: &str, when: &str) {
    for (region, from, to) in ASKED {
        let (from, to) = (d(from), d(to));
        let sql = store.clash_stats(*region, from, to).await.expect("stats");
        let rust = in_rust(store, *region, from, to).await;
        assert_eq!(sql, rust, "{label} {when}: {region:?} {from}..{to}");
    }
}

#[tokio::test]
async fn sums_in_the_database_equal_the_rust_computation() {
    for db in db::all().await {
        let store = &db.store;
        let articles = fill(store).await;
        // The data is what the test claims: merged clashes, ranges, sides.
        let all = in_rust(store, None, d("2023-12-01"), d("2024-06-30")).await;
        assert!(all.clashes >= 25 && (all.clashes as usize) < articles);
        assert!(all.killed.min < all.killed.max, "{}", db.label);
        assert!(all.sides.iter().any(|s| s.killed.min < s.killed.max));
        assert!(all.sides.iter().any(|s| s.side == "armenia"));
        assert!(all.sides.iter().any(|s| s.side == "Armenia"));

        assert_same(store, db.label, "kept with each clash").await;
        // The migration's backfill gives the same rollup as the running sums.
        store.rebuild_clash_stats().await.expect("rebuild");
        assert_same(store, db.label, "rebuilt").await;
    }
}

#[tokio::test]
async fn an_empty_period_has_every_day_and_nothing_else() {
    for db in db::all().await {
        let s = db
            .store
            .clash_stats(Some("Sahel"), d("2024-02-10"), d("2024-02-01"))
            .await
            .expect("stats");
        assert!(s.is_empty(), "{}", db.label);
        assert_eq!(s.days.len(), 10);
        assert_eq!(s.from, d("2024-02-01"));
        assert!(s.sides.is_empty());
    }
}
