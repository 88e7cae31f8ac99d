//! Finding article links in text and canonicalizing them, so the same article
//! posted twice is known as one.

use linkify::{LinkFinder, LinkKind};
use url::{form_urlencoded, Host, Url};

/// Why a link is not one we read.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum LinkError {
    #[error("not a valid link: {0}")]
    Invalid(String),
    #[error("not a web link: only http and https are read, not {0}")]
    UnsupportedScheme(String),
}

/// Query parameters that only say where a click came from, never which page
/// it is: analytics campaigns (Google, Matomo, AT Internet, HubSpot,
/// Mailchimp, Marketo), ad click ids (Google, Microsoft, Meta, Yandex, X,
/// TikTok, LinkedIn) and share tags of news sites (NYT `smid`, Guardian
/// `CMP`, MSN `ocid`, Yahoo `ncid`). Compared case-insensitively. Generic
/// names such as `ref`, `s` or `source` are left alone: some sites route
/// on them.
const TRACKING_PARAMS: &[&str] = &[
    "fbclid",
    "gclid",
    "gclsrc",
    "dclid",
    "gbraid",
    "wbraid",
    "msclkid",
    "yclid",
    "twclid",
    "ttclid",
    "li_fat_id",
    "igshid",
    "igsh",
    "mc_cid",
    "mc_eid",
    "_ga",
    "_gl",
    "_hsenc",
    "_hsmi",
    "__hstc",
    "__hssc",
    "__hsfp",
    "hsctatracking",
    "mkt_tok",
    "ref_src",
    "ref_url",
    "oly_anon_id",
    "oly_enc_id",
    "rb_clickid",
    "s_cid",
    "vero_conv",
    "vero_id",
    "wickedid",
    "_openstat",
    "at_medium",
    "at_campaign",
    "xtor",
    "smid",
    "smtyp",
    "cmp",
    "cmpid",
    "ocid",
    "ncid",
    "sr_share",
];

/// Prefixes of whole tracking-parameter families (`utm_source`,
/// `pk_campaign`, `mtm_kwd`, `hsa_acc`, ...).
const TRACKING_PREFIXES: &[&str] = &["utm_", "pk_", "mtm_", "hsa_"];

fn is_tracking(key: &str) -> bool {
    let key = key.to_ascii_lowercase();
    TRACKING_PARAMS.contains(&key.as_str()) || TRACKING_PREFIXES.iter().any(|p| key.starts_with(p))
}

/// Parse and canonicalize an http(s) URL: lower-case scheme and host (IDN in
/// punycode), no default port, no trailing dot on the host, no credentials,
/// no fragment, no tracking parameters, no empty query. The remaining query
/// parameters keep their order and spelling: some sites care about both.
pub fn canonicalize(raw: &str) -> Result<Url, LinkError> {
    let mut url = Url::parse(raw.trim()).map_err(|e| LinkError::Invalid(format!("{raw}: {e}")))?;
    match url.scheme() {
        "http" | "https" => {}
        other => return Err(LinkError::UnsupportedScheme(other.to_string())),
    }
    let bare_host = match url.host() {
        Some(Host::Domain(domain)) if domain.ends_with('.') => {
            Some(domain.trim_end_matches('.').to_string())
        }
        Some(_) => None,
        None => return Err(LinkError::Invalid(format!("{raw}: no host"))),
    };
    if let Some(host) = bare_host {
        if host.is_empty() {
            return Err(LinkError::Invalid(format!("{raw}: no host")));
        }
        url.set_host(Some(&host))
            .map_err(|e| LinkError::Invalid(format!("{raw}: {e}")))?;
    }
    // Both only fail for URLs that cannot have credentials, which an http(s)
    // URL with a host always can.
    let _ = url.set_username("");
    let _ = url.set_password(None);
    url.set_fragment(None);
    let query = url.query().map(|q| {
        q.split('&')
            .filter(|pair| {
                let key = form_urlencoded::parse(pair.as_bytes())
                    .next()
                    .map(|(k, _)| k.into_owned())
                    .unwrap_or_default();
                !pair.is_empty() && !is_tracking(&key)
            })
            .collect::<Vec<_>>()
            .join("&")
    });
    match query {
        Some(q) if !q.is_empty() => url.set_query(Some(&q)),
        _ => url.set_query(None),
    }
    Ok(url)
}

/// The http(s) links in a chat message, canonicalized, first occurrence
/// first, each once. Links the poster marked as not meant for reading are
/// skipped: inside code (```` ``` ```` blocks and `` `inline` `` spans) and
/// in angle brackets (`<https://...>`, Discord's way to suppress a preview).
pub fn find_links(message: &str) -> Vec<Url> {
    let visible = mask_quiet_spans(message);
    let mut finder = LinkFinder::new();
    finder.kinds(&[LinkKind::Url]);
    let mut found: Vec<Url> = Vec::new();
    for link in finder.links(&visible) {
        if let Ok(url) = canonicalize(link.as_str()) {
            if !found.contains(&url) {
                found.push(url);
            }
        }
    }
    found
}

/// `message` with code spans and `<link>` suppressions blanked out, so the
/// link finder never sees them.
fn mask_quiet_spans(message: &str) -> String {
    let chars: Vec<char> = message.chars().collect();
    let mut out = String::with_capacity(message.len());
    let mut i = 0;
    while i < chars.len() {
        let quiet_end = if chars[i] == '`' {
            // The longest run of backticks opening here (1, 2 or 3+) must be
            // closed by the same run, as in Markdown.
            let run = chars[i..].iter().take_while(|&&c| c == '`').count().min(3);
            find_seq(&chars, i + run, &vec!['`'; run]).map(|end| end + run)
        } else if chars[i] == '<' && starts_web_scheme(&chars[i + 1..]) {
            chars[i + 1..]
                .iter()
                .position(|&c| c == '>' || c.is_whitespace())
                .map(|off| i + 1 + off)
                .filter(|&end| chars[end] == '>')
                .map(|end| end + 1)
        } else {
            None
        };
        match quiet_end {
            Some(end) => {
                out.extend(std::iter::repeat_n(' ', end - i));
                i = end;
            }
            None => {
                // An unclosed run of backticks is literal text.
                let run = if chars[i] == '`' {
                    chars[i..].iter().take_while(|&&c| c == '`').count()
                } else {
                    1
                };
                out.extend(&chars[i..i + run]);
                i += run;
            }
        }
    }
    out
}

fn find_seq(chars: &[char], from: usize, seq: &[char]) -> Option<usize> {
    if from > chars.len() {
        return None;
    }
    chars[from..]
        .windows(seq.len())
        .position(|w| w == seq)
        .map(|p| from + p)
}

fn starts_web_scheme(chars: &[char]) -> bool {
    let head: String = chars
        .iter()
        .take(8)
        .collect::<String>()
        .to_ascii_lowercase();
    head.starts_with("http://") || head.starts_with("https://")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn canon(raw: &str) -> String {
        canonicalize(raw).expect(raw).to_string()
    }

    fn found(message: &str) -> Vec<String> {
        find_links(message).iter().map(Url::to_string).collect()
    }

    #[test]
    fn case_ports_fragments_and_dots() {
        assert_eq!(
            canon("HTTPS://News.Example.COM:443/World/Story?id=7#comments"),
            "https://news.example.com/World/Story?id=7"
        );
        assert_eq!(canon("http://example.com:80"), "http://example.com/");
        assert_eq!(
            canon("http://example.com:8080/a"),
            "http://example.com:8080/a"
        );
        assert_eq!(canon("https://example.com./a"), "https://example.com/a");
        assert_eq!(canon("https://example.com/a?"), "https://example.com/a");
        assert_eq!(
            canon("https://user:secret@example.com/a"),
            "https://example.com/a"
        );
        assert_eq!(canon("  https://example.com/a  "), "https://example.com/a");
    }

    #[test]
    fn idn_hosts_become_punycode() {
        assert_eq!(
            canon("https://новости.рф/статья"),
            "https://xn--b1amnebsh.xn--p1ai/%D1%81%D1%82%D0%B0%D1%82%D1%8C%D1%8F"
        );
        assert_eq!(
            canon("https://НОВОСТИ.РФ/"),
            "https://xn--b1amnebsh.xn--p1ai/"
        );
    }

    #[test]
    fn tracking_parameters_removed_order_kept() {
        assert_eq!(
            canon("https://example.com/a?utm_source=tw&id=3&fbclid=XYZ&page=2&UTM_Campaign=x"),
            "https://example.com/a?id=3&page=2"
        );
        assert_eq!(
            canon("https://example.com/a?gclid=1&dclid=2&msclkid=3&mc_cid=4&mc_eid=5&igshid=6&yclid=7&_ga=8&ref_src=twsrc"),
            "https://example.com/a"
        );
        assert_eq!(
            canon("https://example.com/a?z=1&a=2&CMP=share_btn_tw&smid=tw-share"),
            "https://example.com/a?z=1&a=2"
        );
        assert_eq!(
            canon("https://example.com/a?q=a%20b&&flag&utm_medium=email"),
            "https://example.com/a?q=a%20b&flag"
        );
        assert_eq!(
            canon("https://example.com/a?ref=home&source=rss"),
            "https://example.com/a?ref=home&source=rss"
        );
    }

    #[test]
    fn same_article_twice_is_one() {
        assert_eq!(
            canonicalize("https://Example.com/news/1?utm_source=a#top"),
            canonicalize("https://example.com:443/news/1?fbclid=zz")
        );
    }

    #[test]
    fn other_schemes_are_refused_clearly() {
        assert_eq!(
            canonicalize("ftp://example.com/file"),
            Err(LinkError::UnsupportedScheme("ftp".into()))
        );
        assert_eq!(
            canonicalize("javascript:alert(1)"),
            Err(LinkError::UnsupportedScheme("javascript".into()))
        );
        assert!(matches!(
            canonicalize("example.com/a"),
            Err(LinkError::Invalid(_))
        ));
        assert_eq!(
            canonicalize("mailto:a@example.com")
                .unwrap_err()
                .to_string(),
            "not a web link: only http and https are read, not mailto"
        );
    }

    #[test]
    fn finds_links_in_order_once() {
        assert_eq!(
            found("Shelling reported https://b.example/x?utm_source=tg, see also (https://a.example/y). Again: https://B.example/x#p"),
            ["https://b.example/x", "https://a.example/y"]
        );
    }

    #[test]
    fn skips_code_and_suppressed_links() {
        let message = "read https://a.example/1 not `https://b.example/2` nor \
                       <https://c.example/3>\n```\ncurl https://d.example/4\n```\n\
                       ``https://e.example/5`` but http://f.example/6";
        assert_eq!(
            found(message),
            ["https://a.example/1", "http://f.example/6"]
        );
    }

    #[test]
    fn markdown_around_links() {
        assert_eq!(
            found("[BBC](https://bbc.example/news/1) and ||https://spoiler.example/2|| and **https://bold.example/3**"),
            [
                "https://bbc.example/news/1",
                "https://spoiler.example/2",
                "https://bold.example/3"
            ]
        );
        assert_eq!(
            found("https://en.example/wiki/War_(1992)"),
            ["https://en.example/wiki/War_(1992)"]
        );
    }

    #[test]
    fn unclosed_code_is_plain_text() {
        assert_eq!(
            found("a stray ` then https://a.example/1"),
            ["https://a.example/1"]
        );
        assert_eq!(
            found("``` never closed https://a.example/1"),
            ["https://a.example/1"]
        );
        assert_eq!(
            found("<https://a.example/1 not closed"),
            ["https://a.example/1"]
        );
    }

    #[test]
    fn ignores_other_schemes_and_bare_domains() {
        assert_eq!(
            found("ftp://x.example/a example.com/b mailto:a@b.example https://ok.example/"),
            ["https://ok.example/"]
        );
        assert!(found("").is_empty());
    }
}
