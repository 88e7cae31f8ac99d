//! The reply model: what the bot says, independent of Discord's types. The
//! bot adapter converts it to serenity builders; tests read it directly.
//!
//! Everything from an article is escaped for Discord markdown and cannot
//! mention anyone (the adapter also sets allowed mentions to none), and every
//! embed is cut to Discord's limits at a clean boundary.

use crate::article::Article;
use crate::facts::{Casualty, Facts};

/// Discord's embed limits.
pub mod limits {
    pub const TITLE: usize = 256;
    pub const DESCRIPTION: usize = 4096;
    pub const FIELDS: usize = 25;
    pub const FIELD_NAME: usize = 256;
    pub const FIELD_VALUE: usize = 1024;
    pub const FOOTER: usize = 2048;
    pub const TOTAL: usize = 6000;
    pub const EMBEDS_PER_MESSAGE: usize = 10;
    pub const CONTENT: usize = 2000;
}

/// Colour of clash embeds (a muted red).
pub const CLASH_COLOUR: u32 = 0xB0_3A_2E;
/// Colour of neutral embeds.
pub const INFO_COLOUR: u32 = 0x4F_6D_7A;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Reply {
    pub content: Option<String>,
    pub embeds: Vec<Embed>,
    /// Only shown to the person who asked (interactions only).
    pub ephemeral: bool,
    /// Files uploaded with the message (the stats chart).
    pub attachments: Vec<Attachment>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachment {
    pub filename: String,
    pub bytes: Vec<u8>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Embed {
    pub title: Option<String>,
    pub url: Option<String>,
    pub description: Option<String>,
    pub fields: Vec<Field>,
    pub footer: Option<String>,
    pub colour: Option<u32>,
    /// A large image: a URL, or `attachment://<filename>` for an uploaded file.
    pub image: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    pub name: String,
    pub value: String,
    pub inline: bool,
}

impl Reply {
    pub fn text(content: impl Into<String>) -> Reply {
        Reply {
            content: Some(truncate(&content.into(), limits::CONTENT)),
            ..Reply::default()
        }
    }

    pub fn ephemeral_text(content: impl Into<String>) -> Reply {
        Reply {
            ephemeral: true,
            ..Reply::text(content)
        }
    }

    /// Keep at most 10 embeds and at most 6000 characters across them.
    pub fn fit(mut self) -> Reply {
        self.embeds.truncate(limits::EMBEDS_PER_MESSAGE);
        let mut budget = limits::TOTAL;
        let mut kept = Vec::new();
        for mut e in self.embeds {
            e.fit();
            if e.len() > budget {
                e.shrink_to(budget);
            }
            if e.is_empty() || e.len() > budget {
                break;
            }
            budget -= e.len();
            kept.push(e);
        }
        self.embeds = kept;
        if let Some(c) = self.content.take() {
            self.content = Some(truncate(&c, limits::CONTENT));
        }
        self
    }
}

impl Embed {
    /// Characters counted against the 6000 total.
    pub fn len(&self) -> usize {
        let n = |s: &Option<String>| s.as_ref().map_or(0, |s| s.chars().count());
        n(&self.title)
            + n(&self.description)
            + n(&self.footer)
            + self
                .fields
                .iter()
                .map(|f| f.name.chars().count() + f.value.chars().count())
                .sum::<usize>()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Cut each part to its own limit.
    pub fn fit(&mut self) {
        self.title = self.title.take().map(|t| truncate(&t, limits::TITLE));
        self.description = self
            .description
            .take()
            .map(|d| truncate(&d, limits::DESCRIPTION));
        self.footer = self.footer.take().map(|f| truncate(&f, limits::FOOTER));
        self.fields.truncate(limits::FIELDS);
        for f in &mut self.fields {
            f.name = truncate(&f.name, limits::FIELD_NAME);
            f.value = truncate(&f.value, limits::FIELD_VALUE);
        }
    }

    /// Drop fields from the end, then shorten the description, until the
    /// embed fits in `budget` characters.
    fn shrink_to(&mut self, budget: usize) {
        while self.len() > budget && !self.fields.is_empty() {
            self.fields.pop();
        }
        if self.len() > budget {
            let others = self.len() - self.description.as_ref().map_or(0, |d| d.chars().count());
            if let Some(d) = self.description.take() {
                if budget > others + 1 {
                    self.description = Some(truncate(&d, budget - others));
                }
            }
        }
    }

    pub fn field(&mut self, name: impl Into<String>, value: impl Into<String>, inline: bool) {
        let value = value.into();
        if !value.trim().is_empty() {
            self.fields.push(Field {
                name: name.into(),
                value,
                inline,
            });
        }
    }
}

/// Cut `s` to at most `max` characters, at a word boundary when one is near,
/// ending with an ellipsis.
pub fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    if max == 0 {
        return String::new();
    }
    let cut: String = s.chars().take(max - 1).collect();
    let trimmed = match cut.rfind(char::is_whitespace) {
        Some(i) if cut[..i].chars().count() + 20 >= max => cut[..i].trim_end().to_string(),
        _ => cut,
    };
    // A cut inside an escape sequence would leave a dangling backslash.
    let trimmed = trimmed.trim_end_matches('\\');
    format!("{trimmed}…")
}

/// Escape Discord markdown and neutralise mentions in text we did not write.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    let mut line_start = true;
    for c in s.chars() {
        match c {
            '\\' | '*' | '_' | '~' | '`' | '|' | '[' | ']' => {
                out.push('\\');
                out.push(c);
            }
            // Quotes, headings and lists only take effect at a line's start.
            '>' | '#' | '-' if line_start => {
                out.push('\\');
                out.push(c);
            }
            // A zero-width space after @ stops @everyone, @here and <@id>
            // from ever pinging, even where allowed mentions were forgotten.
            '@' => out.push_str("@\u{200B}"),
            '<' => out.push_str("<\u{200B}"),
            '\r' => {}
            _ => out.push(c),
        }
        line_start = c == '\n' || (line_start && c == ' ');
    }
    out
}

/// One line per side: "Armenia: 4 killed, 1 injured (soldiers)".
pub fn casualty_lines(facts: &Facts) -> Vec<String> {
    facts.casualties.iter().map(casualty_line).collect()
}

fn casualty_line(c: &Casualty) -> String {
    let side = c.side.as_deref().unwrap_or("Unknown side");
    let approx = if c.approximate { "at least " } else { "" };
    let mut parts = Vec::new();
    if c.killed > 0 {
        parts.push(format!("{approx}{} killed", c.killed));
    }
    if c.injured > 0 {
        parts.push(format!("{approx}{} injured", c.injured));
    }
    let group = c
        .group
        .as_deref()
        .map(|g| format!(" ({})", escape(g)))
        .unwrap_or_default();
    // A figure one side gives for the other's losses is shown as its claim.
    let claim = c
        .claimed_by
        .as_deref()
        .map(|who| format!(", as claimed by {}", escape(who)))
        .unwrap_or_default();
    format!(
        "**{}**: {}{}{}",
        escape(side),
        parts.join(", "),
        group,
        claim
    )
}

/// The English name of the article's language when it is not English.
fn foreign_language(facts: &Facts) -> Option<&'static str> {
    facts
        .language
        .as_deref()
        .filter(|l| *l != "en")
        .and_then(crate::facts::language::name)
}

/// The key-facts embed for one clash article.
pub fn article_embed(article: &Article, facts: &Facts, max_claims: usize) -> Embed {
    let mut e = Embed {
        title: Some(escape(
            article.title.as_deref().unwrap_or("Untitled article"),
        )),
        url: article.url.clone(),
        colour: Some(CLASH_COLOUR),
        footer: Some(match foreign_language(facts) {
            Some(name) => format!("Figures quoted from the article, in {name} · clashwatch"),
            None => "Figures quoted from the article · clashwatch".to_string(),
        }),
        ..Embed::default()
    };
    let mut meta = Vec::new();
    if let Some(site) = &article.site {
        meta.push(escape(site));
    }
    if let Some(date) = article.published {
        meta.push(format!("published {date}"));
    }
    if let Some(date) = facts.event_date {
        meta.push(format!("event {date}"));
    }
    if !meta.is_empty() {
        e.description = Some(meta.join(" · "));
    }
    let places: Vec<String> = facts
        .locations
        .iter()
        .take(5)
        .map(|l| escape(&l.name))
        .collect();
    let where_ = if places.is_empty() {
        facts
            .countries
            .iter()
            .map(|c| escape(c))
            .collect::<Vec<_>>()
            .join(", ")
    } else {
        places.join(", ")
    };
    e.field("Where", where_, true);
    let parties: Vec<String> = facts
        .parties
        .belligerents
        .iter()
        .map(|p| escape(&p.name))
        .collect();
    e.field("Parties", parties.join(" · "), true);
    let lines = casualty_lines(facts);
    let total = format!(
        "**Total**: {} killed, {} injured",
        facts.totals.killed, facts.totals.injured
    );
    if lines.is_empty() {
        e.field("Casualties", "No figures reported in the article", false);
    } else {
        let mut value = lines.join("\n");
        if lines.len() > 1 {
            value.push('\n');
            value.push_str(&total);
        }
        e.field("Casualties", value, false);
        // Moderators check a figure against the sentence it came from, in the
        // article's own words when they are not English.
        if let Some(name) = foreign_language(facts) {
            let mut quoted: Vec<&str> = Vec::new();
            for c in &facts.casualties {
                if !quoted.contains(&c.evidence.sentence.as_str()) {
                    quoted.push(&c.evidence.sentence);
                }
            }
            let value: Vec<String> = quoted
                .iter()
                .take(2)
                .map(|s| format!("“{}”", escape(&truncate(s, 300))))
                .collect();
            e.field(format!("Quoted ({name})"), value.join("\n"), false);
        }
    }
    for claim in facts.claims.iter().take(max_claims) {
        let target = claim
            .target
            .as_deref()
            .map(|t| format!(" → {}", escape(t)))
            .unwrap_or_default();
        e.field(
            format!(
                "{} {}{}",
                escape(&claim.speaker),
                escape(&claim.verb),
                target
            ),
            format!("“{}”", escape(&truncate(&claim.evidence.sentence, 300))),
            false,
        );
    }
    e.fit();
    e
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_stops_pings_and_markdown() {
        let s = escape("@everyone read *this* <@123> [x](http://y)");
        assert!(!s.contains("@everyone"));
        assert!(!s.contains("<@"));
        assert!(s.contains("\\*this\\*"));
        assert!(s.contains("\\[x\\](http://y)"));
        assert_eq!(escape("# head - not list"), "\\# head - not list");
    }

    #[test]
    fn truncate_respects_limit_and_words() {
        let long = "word ".repeat(100);
        let t = truncate(&long, 50);
        assert!(t.chars().count() <= 50);
        assert!(t.ends_with('…'));
        assert_eq!(truncate("short", 50), "short");
        let uni = "ж".repeat(300);
        assert_eq!(truncate(&uni, 256).chars().count(), 256);
    }

    #[test]
    fn evidence_is_quoted_in_the_article_language() {
        let sentence = "Три человека погибли при обстреле.";
        let facts = Facts {
            is_clash_report: true,
            language: Some("ru".into()),
            casualties: vec![Casualty {
                side: Some("Ukraine".into()),
                group: Some("civilians".into()),
                killed: 3,
                injured: 0,
                approximate: false,
                claimed_by: None,
                evidence: crate::facts::Evidence {
                    sentence: sentence.into(),
                    start: 0,
                    end: sentence.len(),
                    in_title: false,
                },
            }],
            ..Facts::default()
        };
        let e = article_embed(&Article::default(), &facts, 3);
        let quoted = e.fields.iter().find(|f| f.name == "Quoted (Russian)");
        assert!(
            quoted.is_some_and(|f| f.value.contains(sentence)),
            "{:?}",
            e.fields
        );
        assert!(e
            .footer
            .as_deref()
            .is_some_and(|f| f.contains("in Russian")));
        let english = Facts {
            language: Some("en".into()),
            ..facts
        };
        let e = article_embed(&Article::default(), &english, 3);
        assert!(!e.fields.iter().any(|f| f.name.starts_with("Quoted")));
    }

    #[test]
    fn reply_fits_discord_limits() {
        let big = Embed {
            title: Some("t".repeat(1000)),
            description: Some("d".repeat(5000)),
            fields: (0..40)
                .map(|i| Field {
                    name: format!("f{i}"),
                    value: "v".repeat(2000),
                    inline: false,
                })
                .collect(),
            ..Embed::default()
        };
        let r = Reply {
            embeds: vec![big.clone(), big.clone(), big],
            ..Reply::default()
        }
        .fit();
        let total: usize = r.embeds.iter().map(Embed::len).sum();
        assert!(total <= limits::TOTAL, "{total}");
        for e in &r.embeds {
            assert!(e.title.as_ref().unwrap().chars().count() <= limits::TITLE);
            assert!(e.fields.len() <= limits::FIELDS);
            assert!(e
                .fields
                .iter()
                .all(|f| f.value.chars().count() <= limits::FIELD_VALUE));
        }
        assert!(!r.embeds.is_empty());
    }
}
