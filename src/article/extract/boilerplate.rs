//! Paragraphs that sit inside an article's text but are not the article:
//! "Read more:" teasers, share and subscribe prompts, embedded social posts,
//! advertising markers and cookie notices.
//!
//! These are recognized by their shape (short, a known lead phrase, a known
//! vocabulary) rather than by site, so they carry over to sites never seen.

use std::sync::LazyLock;

use chrono::NaiveDate;
use regex::Regex;

/// Longest paragraph (in words) treated as a teaser or prompt; real article
/// paragraphs that happen to start the same way are longer.
const MAX_PROMPT_WORDS: usize = 30;
/// Longest paragraph taken for the text of an embedded post (a tweet is at
/// most 280 characters, about 50 words).
const MAX_POST_WORDS: usize = 60;
/// Longest paragraph taken for a cookie notice.
const MAX_COOKIE_WORDS: usize = 80;

/// Lead phrases of links to other articles.
static TEASER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(?:read more|read also|also read|read next|more reading|related|related articles?|related stories|related content|related coverage|related [a-z]+|also on [\w.-]{2,40}|tags?|filed under|see also|recommended|more from [^:]{1,40}|more on this story|more on this|you may also like|you might also like|don't miss|trending|most read|most popular|top stories)\s*(?::|»|›|>|–|—|\|)",
    )
    .expect("static regex")
});

/// The heading of a block of links to other articles, left alone once the
/// links themselves are gone ("You may also like...", "DON'T MISS", "Tags").
static TEASER_HEADING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(?:read more|read also|also read|read next|more reading|related|related articles?|related stories|related content|related coverage|related links|see also|recommended(?: for you)?|more from [^:]{1,40}|more on this story|more stories|you may also like|you might also like|don[’']t miss|trending(?: now)?|most read|most popular|top stories|explore further|tags|leggi anche|lesen sie auch|lire aussi|à lire aussi|leia também|lea también|ver también)\s*(?:\.{1,3}|…|:|!|»|›|>)?$",
    )
    .expect("static regex")
});

/// "— Name (@handle) September 1, 2023": the byline of an embedded tweet.
static POST_BYLINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^[—–-]\s*[^\n]{0,100}\(@\w{1,30}\)\s*((?:January|February|March|April|May|June|July|August|September|October|November|December)\s+\d{1,2}),\s*(\d{4})\s*$",
    )
    .expect("static regex")
});

/// Other embedded-post furniture (Instagram, Facebook, TikTok embeds).
static POST_FURNITURE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(?:a post shared by .{0,100}\(@[\w.]{1,40}\)|view this post on instagram|view this video on tiktok|see more on instagram|posted by .{0,60} on facebook)",
    )
    .expect("static regex")
});

/// Whole-paragraph markers of ads and page furniture.
static MARKER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(?:advertisement|advertising|sponsored|sponsored content|ad|story continues below(?: this)? advertisement|article continues below(?: this)? advertisement|continue reading (?:below|the main story)|scroll to continue(?: with content)?|skip advertisement|supported by|loading\.*|please enable javascript.*|image source,.*|image caption,.*|media caption,.*)\s*[.:]?$",
    )
    .expect("static regex")
});

/// Newsletter, subscription and follow prompts.
static PROMPT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(?:sign up (?:for|to) (?:our|the) [^.]{0,60}newsletter|(?:like|liked|enjoy|enjoyed|love) this (?:story|article|post)\?|follow [^.]{1,40} on (?:instagram|facebook|twitter|youtube|tiktok|telegram|linkedin)\b|subscribe (?:to|for) (?:our|the) [^.]{0,60}(?:newsletter|channel|podcast)|get (?:our|the) [^.]{0,40}newsletter|follow us on |like us on facebook|click here to (?:subscribe|sign up|share)|subscribe now|(?:want|get) (?:more|the latest) [^.]{0,60}\? sign up|enter your email|thanks for signing up|thank you for signing up|keep an eye on your inbox|there was an error processing your subscription|you have successfully subscribed)",
    )
    .expect("static regex")
});

/// Words of a share bar ("Share on Facebook Share on Twitter Email").
const SHARE_WORDS: &[&str] = &[
    "share",
    "shares",
    "this",
    "article",
    "story",
    "page",
    "on",
    "via",
    "facebook",
    "twitter",
    "x",
    "linkedin",
    "whatsapp",
    "email",
    "e-mail",
    "mail",
    "print",
    "copy",
    "link",
    "copied",
    "pinterest",
    "reddit",
    "tweet",
    "messenger",
    "telegram",
    "flipboard",
    "comments",
    "comment",
    "save",
    "url",
];
const SHARE_TRIGGERS: &[&str] = &["share", "tweet", "facebook", "whatsapp", "linkedin"];

/// The article's paragraphs, and what the dropped furniture still tells.
#[derive(Debug, Default, PartialEq)]
pub struct Cleaned {
    pub paragraphs: Vec<String>,
    /// Dates of embedded posts that were dropped. They are not article text,
    /// but "on Friday" in the article often refers to the day of the post.
    pub embed_dates: Vec<NaiveDate>,
}

/// Drop the paragraphs that are not part of the article.
pub fn clean(paragraphs: Vec<String>) -> Cleaned {
    let mut kept: Vec<String> = Vec::with_capacity(paragraphs.len());
    let mut embed_dates = Vec::new();
    // Whether the paragraph just before was dropped as part of an embedded
    // post (its text with a pic.twitter.com link): then the post's text is
    // already gone and the byline must not take an article paragraph with it.
    let mut post_text_dropped = false;
    for p in paragraphs {
        let words = p.split_whitespace().count();
        if let Some(caps) = POST_BYLINE.captures(p.trim()) {
            let day = caps[1].split_whitespace().collect::<Vec<_>>().join(" ");
            if let Ok(d) = NaiveDate::parse_from_str(&format!("{day} {}", &caps[2]), "%B %d %Y") {
                embed_dates.push(d);
            }
            // The post's own text comes just before its byline.
            if !post_text_dropped
                && kept
                    .last()
                    .is_some_and(|prev| prev.split_whitespace().count() <= MAX_POST_WORDS)
            {
                kept.pop();
            }
            post_text_dropped = false;
            continue;
        }
        if is_boilerplate(&p, words) {
            post_text_dropped = p.contains("pic.twitter.com/") || POST_FURNITURE.is_match(p.trim());
            continue;
        }
        post_text_dropped = false;
        kept.push(p);
    }
    Cleaned {
        paragraphs: kept,
        embed_dates,
    }
}

/// Whether one paragraph, taken alone, is boilerplate.
pub fn is_boilerplate(p: &str, words: usize) -> bool {
    let p = p.trim();
    if p.contains("pic.twitter.com/") || POST_BYLINE.is_match(p) || POST_FURNITURE.is_match(p) {
        return true;
    }
    // Punctuation left where links were cut out ("Tags: , ,") says nothing.
    if !p.chars().any(char::is_alphanumeric) {
        return true;
    }
    if words <= MAX_PROMPT_WORDS
        && (TEASER.is_match(p)
            || TEASER_HEADING.is_match(p)
            || PROMPT.is_match(p)
            || MARKER.is_match(p)
            || is_share_bar(p))
    {
        return true;
    }
    words <= MAX_COOKIE_WORDS && is_cookie_notice(p)
}

fn is_share_bar(p: &str) -> bool {
    let mut triggered = false;
    for word in p.split(|c: char| !c.is_alphanumeric() && c != '-') {
        if word.is_empty() || word.chars().all(|c| c.is_ascii_digit()) {
            continue;
        }
        let lower = word.to_lowercase();
        if !SHARE_WORDS.contains(&lower.as_str()) {
            return false;
        }
        triggered |= SHARE_TRIGGERS.contains(&lower.as_str());
    }
    triggered
}

fn is_cookie_notice(p: &str) -> bool {
    let lower = p.to_lowercase();
    lower.contains("cookie")
        && [
            "we use",
            "this site uses",
            "this website uses",
            "uses cookies",
            "accept",
            "consent",
            "cookie policy",
            "cookie settings",
        ]
        .iter()
        .any(|k| lower.contains(k))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cleaned(ps: &[&str]) -> Vec<String> {
        clean(ps.iter().map(|s| s.to_string()).collect()).paragraphs
    }

    #[test]
    fn a_post_with_its_link_takes_no_article_paragraph_with_it() {
        let out = clean(
            [
                "Officials confirmed two deaths.",
                "Defeat of the enemy #border pic.twitter.com/abc123",
                "— Some Reporter (@reporter_1) September 1, 2023",
                "Talks resume next week.",
            ]
            .iter()
            .map(|s| s.to_string())
            .collect(),
        );
        assert_eq!(
            out.paragraphs,
            ["Officials confirmed two deaths.", "Talks resume next week."]
        );
        assert_eq!(
            out.embed_dates,
            [NaiveDate::from_ymd_opt(2023, 9, 1).unwrap()]
        );
    }

    #[test]
    fn drops_teasers_prompts_and_share_bars() {
        let out = cleaned(&[
            "The talks ended on Tuesday without agreement.",
            "Read more: Ministers meet again in May",
            "RELATED: Earlier talks collapsed",
            "Share on Facebook Share on Twitter Email",
            "Sign up for our daily newsletter",
            "Advertisement",
            "We use cookies to improve your experience. By continuing you accept our cookie policy.",
            "Both sides said they would return.",
        ]);
        assert_eq!(
            out,
            [
                "The talks ended on Tuesday without agreement.",
                "Both sides said they would return."
            ]
        );
    }

    #[test]
    fn drops_site_teasers_tag_lines_and_follow_prompts() {
        let out = cleaned(&[
            "The talks ended on Tuesday without agreement.",
            "Also on example.com: Ministers meet again in May",
            "Related Roundup: Border talks",
            "Tags: ceasefire, border",
            "Filed under: World |",
            "Like this story? Share it with a friend!",
            "Follow The Valley Courier on Facebook, Twitter and Instagram.",
            "Both sides said they would return.",
        ]);
        assert_eq!(
            out,
            [
                "The talks ended on Tuesday without agreement.",
                "Both sides said they would return."
            ]
        );
    }

    #[test]
    fn drops_headings_left_over_from_link_blocks() {
        let out = cleaned(&[
            "The talks ended on Tuesday without agreement.",
            "You may also like...",
            "DON'T MISS",
            "Tags",
            ", ,",
            "Both sides said they would return.",
        ]);
        assert_eq!(
            out,
            [
                "The talks ended on Tuesday without agreement.",
                "Both sides said they would return."
            ]
        );
    }

    #[test]
    fn drops_an_embedded_tweet_and_its_byline() {
        let out = cleaned(&[
            "Shelling continued overnight.",
            "Heavy fire near the village tonight #border",
            "— Some Reporter (@reporter_1) March 3, 2024",
            "Officials confirmed two deaths.",
        ]);
        assert_eq!(
            out,
            [
                "Shelling continued overnight.",
                "Officials confirmed two deaths."
            ]
        );
    }

    #[test]
    fn keeps_prose_that_merely_mentions_sharing_or_reading() {
        let prose = [
            "Share prices fell sharply on Monday after the announcement.",
            "Read the full statement, the minister said, before judging it.",
            "Related talks between the two delegations continue next week in Geneva.",
            "Tags were attached to every crate, the inspectors said.",
            "Follow-up talks on the prisoners will take place on Monday in Geneva.",
            "Also on Monday, the ministry published casualty figures.",
        ];
        assert_eq!(cleaned(&prose), prose);
    }
}
