//! Article metadata: title, author, site, publication date, canonical URL
//! and language.
//!
//! The extractor already reads JSON-LD, OpenGraph, `article:published_time`,
//! `<meta name=author>` and the like; this module picks from what it found,
//! fills the gaps from the page itself (`<html lang>`, `<time datetime>`, a
//! date in the URL path, the host name) and normalizes the values.

use std::sync::LazyLock;

use chrono::NaiveDate;
use regex::Regex;
use url::Url;

/// Metadata fields of an [`super::super::Article`].
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Metadata {
    pub url: Option<String>,
    pub title: Option<String>,
    pub site: Option<String>,
    pub author: Option<String>,
    pub published: Option<NaiveDate>,
    pub language: Option<String>,
}

static HTML_LANG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)<html\b[^>]*?\s(?:xml:)?lang\s*=\s*["']?([a-z]{2,3})(?:[-_][a-z0-9]+)?\b"#)
        .expect("static regex")
});

static TIME_DATETIME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)<time\b[^>]*?\sdatetime\s*=\s*["']?(\d{4})-(\d{2})-(\d{2})"#)
        .expect("static regex")
});

/// `/2023/09/01/`, `/2023-09-01-`, `/20230901/` in a URL path.
static URL_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"/((?:19|20)\d{2})[/-]?(0[1-9]|1[0-2])[/-]?(0[1-9]|[12]\d|3[01])(?:[/._-]|$)")
        .expect("static regex")
});

/// Gather the metadata of a page from what the extractor found and from the
/// (stripped) page markup.
pub fn collect(
    found: &trafilatura::Metadata,
    html: &str,
    page_url: Option<&Url>,
    text: &str,
) -> Metadata {
    let url = canonical_url(&found.url, page_url);
    let published = found
        .date
        .or_else(|| time_element_date(html))
        .or_else(|| url.as_deref().and_then(url_path_date))
        .or_else(|| page_url.and_then(|u| url_path_date(u.as_str())));
    let site = non_empty(&found.sitename).or_else(|| {
        url.as_deref()
            .and_then(|u| Url::parse(u).ok())
            .and_then(|u| {
                u.host_str()
                    .map(|h| h.trim_start_matches("www.").to_string())
            })
    });
    Metadata {
        title: non_empty(&found.title),
        author: non_empty(&found.author),
        site,
        published,
        // The text's own letters outvote a page's `<html lang>`, which is
        // often a site-wide default; a short text leaves the page's word.
        language: text_language(text)
            .or_else(|| html_language(html))
            .or_else(|| non_empty(&found.language))
            .or_else(|| detect_language(text)),
        url,
    }
}

fn non_empty(s: &str) -> Option<String> {
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    (!s.is_empty()).then_some(s)
}

/// The page's own canonical URL (absolute, or resolved against the fetched
/// URL), else the fetched URL.
fn canonical_url(found: &str, page_url: Option<&Url>) -> Option<String> {
    let found = found.trim();
    let resolved = if found.is_empty() {
        None
    } else {
        match page_url {
            Some(base) => base.join(found).ok(),
            None => Url::parse(found).ok(),
        }
    };
    resolved
        .filter(|u| matches!(u.scheme(), "http" | "https"))
        .or_else(|| page_url.cloned())
        .map(|mut u| {
            u.set_fragment(None);
            u.to_string()
        })
}

/// The ISO 639-1 code of `<html lang>`, lower-cased.
pub fn html_language(html: &str) -> Option<String> {
    // The <html> tag comes first; don't scan a whole page for it.
    let head = prefix(html, 8192);
    HTML_LANG.captures(head).map(|c| c[1].to_ascii_lowercase())
}

fn time_element_date(html: &str) -> Option<NaiveDate> {
    let c = TIME_DATETIME.captures(html)?;
    ymd(&c[1], &c[2], &c[3])
}

/// A date written in a URL path, as many news sites do.
pub fn url_path_date(url: &str) -> Option<NaiveDate> {
    let path = Url::parse(url).ok()?;
    let c = URL_DATE.captures(path.path())?;
    ymd(&c[1], &c[2], &c[3])
}

fn ymd(y: &str, m: &str, d: &str) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
}

/// The text's language by its letters, when the page does not say.
pub fn detect_language(text: &str) -> Option<String> {
    let info = whatlang::detect(prefix(text, 2000))?;
    info.is_reliable()
        .then(|| iso639_1(info.lang()).map(str::to_string))
        .flatten()
}

/// The language of a text long enough to tell it by its letters.
pub fn text_language(text: &str) -> Option<String> {
    const ENOUGH_LETTERS: usize = 200;
    let letters = prefix(text, 4000)
        .chars()
        .filter(|c| c.is_alphabetic())
        .take(ENOUGH_LETTERS)
        .count();
    (letters >= ENOUGH_LETTERS)
        .then(|| crate::facts::language::detect(None, text))
        .flatten()
        .map(str::to_string)
}

/// At most `max` bytes of `s`, cut at a char boundary.
fn prefix(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

fn iso639_1(lang: whatlang::Lang) -> Option<&'static str> {
    use whatlang::Lang::*;
    Some(match lang {
        Eng => "en",
        Rus => "ru",
        Ukr => "uk",
        Ara => "ar",
        Heb => "he",
        Fra => "fr",
        Deu => "de",
        Spa => "es",
        Por => "pt",
        Ita => "it",
        Tur => "tr",
        Pes => "fa",
        Hye => "hy",
        Aze => "az",
        Kat => "ka",
        Pol => "pl",
        Nld => "nl",
        Cmn => "zh",
        Jpn => "ja",
        Kor => "ko",
        Hin => "hi",
        Urd => "ur",
        Srp => "sr",
        Hrv => "hr",
        Bul => "bg",
        Ron => "ro",
        Ell => "el",
        Swe => "sv",
        Dan => "da",
        Fin => "fi",
        Ces => "cs",
        Hun => "hu",
        Ind => "id",
        Vie => "vi",
        Tha => "th",
        Amh => "am",
        Bel => "be",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_html_lang_and_url_dates() {
        assert_eq!(
            html_language(r#"<!doctype html><html class="x" lang="en-GB">"#).as_deref(),
            Some("en")
        );
        assert_eq!(
            url_path_date("https://example.com/world/2023/09/01/clash.html"),
            NaiveDate::from_ymd_opt(2023, 9, 1)
        );
        assert_eq!(
            url_path_date("https://example.com/2023-09-01-clash"),
            NaiveDate::from_ymd_opt(2023, 9, 1)
        );
        assert_eq!(url_path_date("https://example.com/story/123456"), None);
    }

    #[test]
    fn the_text_outvotes_a_wrong_html_lang() {
        let text = "Три человека погибли и семеро были ранены в результате атаки \
                    беспилотника на городской автобус утром в воскресенье, сообщили \
                    местные власти. Повреждены жилые дома и несколько автомобилей, \
                    на месте работают спасатели и врачи скорой помощи.";
        let found = trafilatura::Metadata::default();
        let meta = collect(&found, r#"<html lang="en"><head>"#, None, text);
        assert_eq!(meta.language.as_deref(), Some("ru"));
        let short = collect(&found, r#"<html lang="en"><head>"#, None, "Три человека.");
        assert_eq!(short.language.as_deref(), Some("en"));
    }

    #[test]
    fn canonical_url_is_resolved_against_the_page() {
        let page = Url::parse("https://news.example.com/a?id=1").ok();
        assert_eq!(
            canonical_url("/world/a", page.as_ref()).as_deref(),
            Some("https://news.example.com/world/a")
        );
        assert_eq!(canonical_url("", None), None);
        assert_eq!(canonical_url("javascript:void(0)", None), None);
    }
}
