//! Trusted sources: which site a link is from (its registrable domain,
//! public-suffix aware), the default list of established outlets, and the
//! domain a moderator types in `/sources trust`.
//!
//! Matching is on the registrable domain ("bbc.co.uk" for
//! `https://www.bbc.co.uk/news/x`), so a subdomain is its site and a
//! look-alike under another suffix is not. Internationalized names are
//! compared in their ASCII (punycode) form, which is what a URL's host is.

use url::{Host, Url};

/// The default list, compiled in; `[alerts] trusted_sources_file` replaces it.
const DEFAULTS_TOML: &str = include_str!("../config/trusted_sources.toml");

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum DomainError {
    #[error("\"{0}\" is not a domain name I can match (try something like reuters.com)")]
    NotADomain(String),
    #[error(
        "\"{0}\" is a public suffix shared by many unrelated sites, not one site's domain \
         (try the site's own domain, like bbc.co.uk)"
    )]
    PublicSuffix(String),
}

#[derive(Debug, thiserror::Error)]
pub enum DefaultsError {
    #[error("cannot read the trusted sources file {path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("the trusted sources file {path} is not valid: {message}")]
    Invalid { path: String, message: String },
}

/// The registrable domain of a host name or IP address: the public suffix
/// and one label before it ("bbc.co.uk", "example.com"), lower case and
/// in ASCII. An IP address, or a name with no public suffix
/// (`localhost`), stands for itself.
pub fn registrable_domain(host: &Host<&str>) -> Option<String> {
    match host {
        Host::Ipv4(ip) => Some(ip.to_string()),
        Host::Ipv6(ip) => Some(format!("[{ip}]")),
        Host::Domain(name) => {
            let name = name.trim_end_matches('.').to_ascii_lowercase();
            if name.is_empty() {
                return None;
            }
            match psl::domain_str(&name) {
                Some(d) => Some(d.to_string()),
                // A single label (`localhost`, an intranet name) is not in
                // the list and has nothing registrable above it.
                None if !name.contains('.') => Some(name),
                None => None,
            }
        }
    }
}

/// The registrable domain of a URL's host.
pub fn domain_of_url(url: &str) -> Option<String> {
    let url = Url::parse(url).ok()?;
    registrable_domain(&url.host()?)
}

/// What a moderator typed ("BBC.co.uk", "https://www.reuters.com/world",
/// "www.aljazeera.com", "пример.рф") as the registrable domain to trust.
pub fn parse_domain_input(input: &str) -> Result<String, DomainError> {
    let trimmed = input.trim().trim_matches(|c| c == '<' || c == '>');
    if trimmed.is_empty() || trimmed.chars().any(char::is_whitespace) {
        return Err(DomainError::NotADomain(input.trim().to_string()));
    }
    let as_url = if trimmed.contains("://") {
        trimmed.to_string()
    } else {
        format!("https://{trimmed}")
    };
    let url = Url::parse(&as_url).map_err(|_| DomainError::NotADomain(trimmed.to_string()))?;
    let host = url
        .host()
        .ok_or_else(|| DomainError::NotADomain(trimmed.to_string()))?;
    if let Host::Domain(name) = host {
        let name = name.trim_end_matches('.');
        if !name.contains('.') {
            return Err(DomainError::NotADomain(trimmed.to_string()));
        }
        // "co.uk" or "com" alone: every site under it would be trusted.
        if psl::suffix_str(name).is_some_and(|s| s.eq_ignore_ascii_case(name)) {
            return Err(DomainError::PublicSuffix(name.to_string()));
        }
    }
    registrable_domain(&host).ok_or_else(|| DomainError::NotADomain(trimmed.to_string()))
}

#[derive(serde::Deserialize)]
struct DefaultsFile {
    domains: Vec<String>,
}

fn parse_defaults(text: &str, path: &str) -> Result<Vec<String>, DefaultsError> {
    let file: DefaultsFile = toml::from_str(text).map_err(|e| DefaultsError::Invalid {
        path: path.to_string(),
        message: e.to_string(),
    })?;
    let mut out = Vec::new();
    for d in &file.domains {
        let domain = parse_domain_input(d).map_err(|e| DefaultsError::Invalid {
            path: path.to_string(),
            message: e.to_string(),
        })?;
        if !out.contains(&domain) {
            out.push(domain);
        }
    }
    out.sort();
    Ok(out)
}

/// The default trusted list: the file at `path` when given, else the one
/// compiled in from `config/trusted_sources.toml`.
pub fn default_domains(path: Option<&str>) -> Result<Vec<String>, DefaultsError> {
    match path.filter(|p| !p.trim().is_empty()) {
        Some(p) => {
            let text = std::fs::read_to_string(p).map_err(|source| DefaultsError::Read {
                path: p.to_string(),
                source,
            })?;
            parse_defaults(&text, p)
        }
        None => parse_defaults(DEFAULTS_TOML, "config/trusted_sources.toml"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of(url: &str) -> Option<String> {
        domain_of_url(url)
    }

    #[test]
    fn public_suffixes_with_two_labels() {
        assert_eq!(
            of("https://www.bbc.co.uk/news/x").as_deref(),
            Some("bbc.co.uk")
        );
        assert_eq!(of("https://bbc.co.uk/").as_deref(), Some("bbc.co.uk"));
        assert_eq!(
            of("https://www.abc.net.au/news").as_deref(),
            Some("abc.net.au")
        );
        assert_eq!(of("https://news.com.au/x").as_deref(), Some("news.com.au"));
    }

    #[test]
    fn subdomains_are_their_site_and_lookalikes_are_not() {
        assert_eq!(of("https://edition.cnn.com/a").as_deref(), Some("cnn.com"));
        assert_eq!(
            of("https://a.b.reuters.com/a").as_deref(),
            Some("reuters.com")
        );
        assert_eq!(
            of("https://reuters.com.evil.example/a").as_deref(),
            Some("evil.example")
        );
        assert_eq!(
            of("https://reuters-com.net/a").as_deref(),
            Some("reuters-com.net")
        );
        assert_eq!(
            of("https://WWW.Reuters.COM./x").as_deref(),
            Some("reuters.com")
        );
    }

    #[test]
    fn hosting_platforms_give_each_site_its_own_domain() {
        // Private-section suffixes: one blog is not the whole platform.
        assert_eq!(
            of("https://someone.blogspot.com/p").as_deref(),
            Some("someone.blogspot.com")
        );
        assert_eq!(
            of("https://someone.github.io/p").as_deref(),
            Some("someone.github.io")
        );
    }

    #[test]
    fn internationalized_names_match_in_ascii() {
        let d = of("https://новости.пример.рф/статья").expect("a domain");
        assert_eq!(d, "xn--e1afmkfd.xn--p1ai");
        assert_eq!(parse_domain_input("пример.рф").as_deref(), Ok(d.as_str()));
        assert_eq!(
            parse_domain_input("xn--e1afmkfd.xn--p1ai").as_deref(),
            Ok("xn--e1afmkfd.xn--p1ai")
        );
    }

    #[test]
    fn addresses_and_single_labels_stand_for_themselves() {
        assert_eq!(of("http://127.0.0.1:8080/a").as_deref(), Some("127.0.0.1"));
        assert_eq!(of("http://localhost/a").as_deref(), Some("localhost"));
        assert_eq!(of("not a url"), None);
    }

    #[test]
    fn what_moderators_type() {
        assert_eq!(parse_domain_input("BBC.co.uk").as_deref(), Ok("bbc.co.uk"));
        assert_eq!(
            parse_domain_input(" https://www.reuters.com/world/x ").as_deref(),
            Ok("reuters.com")
        );
        assert_eq!(
            parse_domain_input("www.aljazeera.com").as_deref(),
            Ok("aljazeera.com")
        );
        assert_eq!(parse_domain_input("127.0.0.2").as_deref(), Ok("127.0.0.2"));
        assert!(matches!(
            parse_domain_input("co.uk"),
            Err(DomainError::PublicSuffix(_))
        ));
        assert!(matches!(
            parse_domain_input("com"),
            Err(DomainError::NotADomain(_))
        ));
        assert!(matches!(
            parse_domain_input("two words.com"),
            Err(DomainError::NotADomain(_))
        ));
        assert!(matches!(
            parse_domain_input(""),
            Err(DomainError::NotADomain(_))
        ));
        assert!(parse_domain_input("http://").is_err());
    }

    #[test]
    fn the_default_list_parses_and_is_registrable_domains() {
        let list = default_domains(None).expect("the compiled-in list");
        assert!(list.len() >= 30, "{}", list.len());
        assert!(list.iter().any(|d| d == "reuters.com"));
        assert!(list.iter().any(|d| d == "bbc.co.uk"));
        for d in &list {
            assert_eq!(parse_domain_input(d).as_deref(), Ok(d.as_str()));
        }
    }
}
