//! `clashwatch refacts` against real databases: facts an older extractor read
//! (a war's running toll taken for the event's) are read again from the
//! stored text, and the clash they fed is corrected, without fetching.

mod support;

use clashwatch::article::Article;
use clashwatch::clashes::{ClashSummary, SourceFigures};
use clashwatch::cli::refacts;
use clashwatch::facts::{self, FactsInput, Totals, FACTS_VERSION};
use support::db;

const URL: &str = "https://news.example/strike";
const TITLE: &str = "Shelling kills three soldiers near Avdiivka";
const TEXT: &str = "Three Ukrainian soldiers were killed when artillery shells hit their position near Avdiivka on Monday, the army said.\n\nSince the war began, more than 9,000 soldiers have been killed, according to the ministry.";

fn article() -> Article {
    Article {
        url: Some(URL.to_string()),
        title: Some(TITLE.to_string()),
        site: Some("news.example".to_string()),
        author: None,
        published: chrono::NaiveDate::from_ymd_opt(2024, 3, 4),
        language: Some("en".to_string()),
        text: TEXT.to_string(),
        embed_dates: Vec::new(),
    }
}

#[tokio::test]
async fn older_facts_are_read_again_and_their_clash_corrected() {
    let a = article();
    let fresh = facts::extract(&FactsInput {
        title: a.title.as_deref(),
        text: &a.text,
        published: a.published,
        page_dates: &[],
    });
    assert_eq!(fresh.totals.killed, 3, "{:?}", fresh.casualties);
    // What an older extractor stored: the war's running toll as the event's.
    let mut old = fresh.clone();
    old.totals = Totals {
        killed: 9000,
        injured: 0,
    };
    old.is_clash_report = true;
    for db in db::all().await {
        let s = &db.store;
        let id = s.save_article(URL, &a, &old).await.unwrap();
        let summary = ClashSummary::from_article(URL, &a, &old);
        let source = SourceFigures::from_article(URL, &a, &old);
        let (clash, _) = s.add_to_clash(id, &summary, &source).await.unwrap();
        assert_eq!(clash.summary.killed.max, 9000, "{}", db.label);
        sqlx::query("UPDATE facts SET version = 1")
            .execute(s.pool())
            .await
            .unwrap();
        assert_eq!(s.count_facts_before(FACTS_VERSION).await.unwrap(), 1);

        let report = refacts::refresh_all(s, 10).await.unwrap();
        assert_eq!(report.articles, 1, "{}", db.label);
        assert_eq!(report.totals_changed, 1, "{}", db.label);
        assert_eq!(report.clashes_changed, 1, "{}", db.label);
        let clash = s.clash_by_id(clash.id).await.unwrap().expect("clash kept");
        assert_eq!(
            (clash.summary.killed.min, clash.summary.killed.max),
            (3, 3),
            "{}",
            db.label
        );
        let stored = s.article(id).await.unwrap().expect("article kept");
        assert_eq!(stored.facts.totals.killed, 3, "{}", db.label);
        assert_eq!(stored.article.text, TEXT, "{}", db.label);
        assert_eq!(s.count_facts_before(FACTS_VERSION).await.unwrap(), 0);
        // Nothing left to read: a second run changes nothing.
        let again = refacts::refresh_all(s, 10).await.unwrap();
        assert_eq!(again, refacts::Report::default(), "{}", db.label);
    }
}

#[tokio::test]
async fn the_command_corrects_a_real_sqlite_file() {
    let db = db::sqlite().await;
    let a = article();
    let mut old = facts::Facts::default();
    old.totals.killed = 9000;
    old.is_clash_report = true;
    let id = db.store.save_article(URL, &a, &old).await.unwrap();
    let summary = ClashSummary::from_article(URL, &a, &old);
    let source = SourceFigures::from_article(URL, &a, &old);
    let (clash, _) = db.store.add_to_clash(id, &summary, &source).await.unwrap();
    sqlx::query("UPDATE facts SET version = 1")
        .execute(db.store.pool())
        .await
        .unwrap();
    db.store.close().await;

    let out = std::process::Command::new(env!("CARGO_BIN_EXE_clashwatch"))
        .arg("refacts")
        .env("DATABASE_URL", &db.url)
        .env_remove("CLASHWATCH_CONFIG")
        .output()
        .expect("run clashwatch refacts");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("read again: 1 article(s)"), "{stdout}");

    let store = clashwatch::store::Store::open(&db.url, 1).await.unwrap();
    let clash = store.clash_by_id(clash.id).await.unwrap().expect("clash");
    assert_eq!(clash.summary.killed.max, 3);
    assert_eq!(store.count_facts_before(FACTS_VERSION).await.unwrap(), 0);
}
