//! Main-text extraction on pages written for these tests.

use chrono::NaiveDate;
use clashwatch::article::extract::{extract_html, from_plain_text, ExtractError};
use proptest::prelude::*;
use url::Url;

const NEWS: &str = include_str!("fixtures/news-article.html");
const INDEX: &str = include_str!("fixtures/section-index.html");
const LOGIN: &str = include_str!("fixtures/login.html");
const SEED: &str = include_str!("fixtures/seed-armenia-azerbaijan.txt");

#[test]
fn news_page_gives_metadata_and_clean_text() {
    let article = extract_html(NEWS, None).expect("the fixture is an article");
    assert_eq!(
        article.title.as_deref(),
        Some("Border villages shelled overnight, ministry says")
    );
    assert_eq!(article.published, NaiveDate::from_ymd_opt(2024, 3, 14));
    assert_eq!(article.author.as_deref(), Some("Mara Lindqvist"));
    assert_eq!(article.site.as_deref(), Some("The Valley Courier"));
    assert_eq!(
        article.url.as_deref(),
        Some("https://valleycourier.example/world/2024/03/14/border-villages-shelled")
    );
    assert_eq!(article.language.as_deref(), Some("en"));

    let text = &article.text;
    assert!(text.starts_with("Two villages on the northern border came under artillery fire"));
    assert!(text.contains("three soldiers were wounded"));
    assert!(text.contains("report to the monitoring mission by the end of the week."));
    for boilerplate in [
        "Read more",
        "Share on",
        "Sign up",
        "newsletter",
        "pic.twitter.com",
        "@local_reporter",
        "Smoke over the upper village",
        "cookies",
        "Related stories",
        "Advertisement",
        "All rights reserved",
        "Politics",
        "tracking",
    ] {
        assert!(
            !text.contains(boilerplate),
            "{boilerplate:?} left in:\n{text}"
        );
    }
    // Paragraphs stay apart.
    assert_eq!(article.paragraphs().count(), 5, "{text}");
}

#[test]
fn relative_canonical_link_resolves_against_the_fetched_url() {
    let html = NEWS.replace(
        "https://valleycourier.example/world/2024/03/14/border-villages-shelled",
        "/world/2024/03/14/border-villages-shelled",
    );
    let fetched = Url::parse("https://valleycourier.example/s/12345?ref=home").ok();
    let article = extract_html(&html, fetched.as_ref()).expect("article");
    assert_eq!(
        article.url.as_deref(),
        Some("https://valleycourier.example/world/2024/03/14/border-villages-shelled")
    );
}

#[test]
fn index_page_is_refused_with_the_reason() {
    let err = extract_html(INDEX, None).expect_err("an index of links is no article");
    assert_eq!(err, ExtractError::IndexPage);
    assert!(err.to_string().starts_with("no article text found"));
}

#[test]
fn login_page_is_refused_with_the_reason() {
    let err = extract_html(LOGIN, None).expect_err("a login form is no article");
    assert!(matches!(err, ExtractError::LoginPage { .. }), "{err:?}");
    assert!(err.to_string().contains("login page"), "{err}");
}

#[test]
fn empty_and_tiny_pages_are_refused() {
    assert!(extract_html("", None).is_err());
    assert!(extract_html("<html><body><p>Hello.</p></body></html>", None).is_err());
}

#[test]
fn seed_article_reads_without_teasers_or_the_embedded_post() {
    let article = from_plain_text(SEED);
    assert_eq!(
        article.title.as_deref(),
        Some("Armenia, Azerbaijan report casualties in border clash")
    );
    let text = &article.text;
    assert!(!text.contains("Read more"), "{text}");
    assert!(!text.contains("pic.twitter.com"), "{text}");
    assert!(!text.contains("Defeat of Azerbaijani forces"), "{text}");
    assert!(!text.contains("@araratpetrosian"), "{text}");
    assert!(text.contains("four of its soldiers were killed"));
    // The paragraph before the embedded post is article text and stays.
    assert!(text.contains("in the Kalbajar region, wounding three soldiers."));
    assert_eq!(
        article.embed_dates,
        [chrono::NaiveDate::from_ymd_opt(2023, 9, 1).unwrap()]
    );
    assert!(text.contains("around 300 soldiers were killed on both sides."));
    assert!(text.contains("Russia has expressed support for Azerbaijan's claim"));
    assert_eq!(article.language.as_deref(), Some("en"));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn arbitrary_input_never_panics(s in "\\PC{0,400}") {
        let _ = extract_html(&s, None);
        let _ = from_plain_text(&s);
    }

    #[test]
    fn tag_soup_never_panics(parts in proptest::collection::vec(
        prop_oneof![
            Just("<p>".to_string()), Just("</p>".to_string()), Just("<script>".to_string()),
            Just("</script".to_string()), Just("<!--".to_string()), Just("-->".to_string()),
            Just("<blockquote class=\"twitter-tweet\">".to_string()), Just("</blockquote>".to_string()),
            Just("<svg/>".to_string()), Just("&amp;".to_string()), Just("&#x1F600;".to_string()),
            Just("<".to_string()), Just("é".to_string()),
            "[a-zA-Z .]{0,40}",
        ], 0..60)) {
        let html = parts.concat();
        let _ = extract_html(&html, None);
    }
}

#[test]
fn link_lists_teaser_runs_and_tag_clouds_are_dropped() {
    let html = include_str!("fixtures/link-blocks.html");
    let article =
        extract_html(html, None).expect("a short article with a sign-in form in the header");
    let text = &article.text;
    assert!(text.contains("The ceasefire agreed on Sunday"), "{text}");
    // A link inside prose stays.
    assert!(
        text.contains("the crossing at the old bridge would reopen"),
        "{text}"
    );
    for gone in [
        "Agriculture",
        "Municipal budget",
        "Flood barriers",
        "Harvest festival",
        "Mayor opens",
        "Rail strike",
        "ceasefire, river line",
        "river line, monitors",
        "You may also like",
        "DON'T MISS",
        "Tags",
    ] {
        assert!(!text.contains(gone), "{gone:?} left in:\n{text}");
    }
}

#[test]
fn boxes_named_as_other_stories_or_sign_ups_are_dropped() {
    let html = include_str!("fixtures/link-blocks.html").replace(
        "<p>You may also like...</p>",
        r#"<section class="Newsletter-container"><h3>Morning Briefing</h3><p>Get the day's top stories in your inbox.</p></section>
        <div class="latest-news-box"><ul><li><a href="/x/1">Bridge reopens to lorries</a><h4>Weight limit lifted after repairs</h4></li>
        <li><a href="/x/2">Market hall to close for a month</a><h4>Traders move to the square</h4></li></ul></div>"#,
    );
    let article = extract_html(&html, None).expect("article");
    let text = &article.text;
    assert!(text.contains("The ceasefire agreed on Sunday"), "{text}");
    for gone in [
        "Morning Briefing",
        "inbox",
        "Bridge reopens",
        "Traders move",
    ] {
        assert!(!text.contains(gone), "{gone:?} left in:\n{text}");
    }
}

#[test]
fn an_article_body_split_around_an_advertisement_is_read_whole() {
    let html = include_str!("fixtures/split-body.html");
    let article = extract_html(html, None).expect("article");
    let text = &article.text;
    assert!(
        text.contains("Artillery fire resumed near the dam"),
        "{text}"
    );
    assert!(text.contains("talks on a new ceasefire line"), "{text}");
    assert!(!text.contains("Advertisement"), "{text}");
}
