//! What each command answers, as transport-neutral replies. The bot adapter
//! parses the interaction, checks permissions and rate limits, calls these,
//! and converts the reply.

use chrono::Utc;

use crate::clashes::ClashSummary;
use crate::regions::{RegionKind, Regions};
use crate::reply::{self, Embed, Reply, CLASH_COLOUR, INFO_COLOUR};
use crate::store::{ClashRow, Store, StoreError};

/// Why a command could not answer, worded for the person who asked.
#[derive(Debug, thiserror::Error)]
pub enum CommandError {
    #[error("I don't know the region “{0}”. Try `/clashes regions` for the list.")]
    UnknownRegion(String),
    #[error("No clash has the id “{0}”.")]
    UnknownClash(String),
    #[error("Something went wrong on my side; please try again in a minute.")]
    Store(#[from] StoreError),
}

pub const MAX_DAYS: u32 = 365;
pub const MAX_LIMIT: u32 = 25;

/// `/clashes recent [region] [days] [limit]`.
pub async fn recent(
    store: &Store,
    region: Option<&str>,
    days: u32,
    limit: u32,
) -> Result<Reply, CommandError> {
    let region = match region.map(str::trim).filter(|r| !r.is_empty()) {
        Some(r) => Some(
            Regions::global()
                .resolve(r)
                .ok_or_else(|| CommandError::UnknownRegion(r.to_string()))?
                .to_string(),
        ),
        None => None,
    };
    let days = days.clamp(1, MAX_DAYS);
    let limit = limit.clamp(1, MAX_LIMIT);
    let since = Utc::now().timestamp() - i64::from(days) * 86_400;
    let rows = store
        .recent_clashes(region.as_deref(), since, i64::from(limit))
        .await?;
    let scope = region
        .as_deref()
        .map(|r| format!(" in {}", reply::escape(r)))
        .unwrap_or_default();
    let title = format!(
        "Clashes{scope}, last {days} day{}",
        if days == 1 { "" } else { "s" }
    );
    if rows.is_empty() {
        return Ok(Reply {
            embeds: vec![Embed {
                title: Some(title),
                description: Some("No clashes recorded in that period.".to_string()),
                colour: Some(INFO_COLOUR),
                ..Embed::default()
            }],
            ..Reply::default()
        });
    }
    let mut embed = Embed {
        title: Some(title),
        colour: Some(CLASH_COLOUR),
        footer: Some(
            "Figures quoted from the articles · /clashes show <id> for details".to_string(),
        ),
        ..Embed::default()
    };
    for row in &rows {
        embed.field(clash_heading(row), clash_line(row), false);
    }
    Ok(Reply {
        embeds: vec![embed],
        ..Reply::default()
    }
    .fit())
}

fn clash_heading(row: &ClashRow) -> String {
    let s = &row.summary;
    let date = s
        .event_date
        .map(|d| d.to_string())
        .unwrap_or_else(|| "date unknown".into());
    let place = s
        .places
        .first()
        .or(s.countries.first())
        .map(|p| reply::escape(p))
        .unwrap_or_else(|| "place unknown".into());
    format!("{date} · {place} · `{}`", row.short_id)
}

fn clash_line(row: &ClashRow) -> String {
    let s = &row.summary;
    let parties = if s.parties.is_empty() {
        "parties unknown".to_string()
    } else {
        s.parties
            .iter()
            .map(|p| reply::escape(p))
            .collect::<Vec<_>>()
            .join(" vs ")
    };
    let sources = if row.sources == 1 {
        "1 source".to_string()
    } else {
        format!("{} sources", row.sources)
    };
    format!(
        "{parties} — {} killed, {} injured · {sources} · [{}]({})",
        s.killed.display(),
        s.injured.display(),
        reply::escape(&reply::truncate(&s.title, 80)),
        s.url.replace(')', "%29")
    )
}

/// `/clashes show <id>`: one clash with every source and its own figures.
pub async fn show(store: &Store, short_id: &str) -> Result<Reply, CommandError> {
    let row = store
        .clash_by_short_id(short_id)
        .await?
        .ok_or_else(|| CommandError::UnknownClash(short_id.trim().to_string()))?;
    let s: &ClashSummary = &row.summary;
    let mut embed = Embed {
        title: Some(reply::escape(&s.title)),
        url: Some(s.url.clone()),
        colour: Some(CLASH_COLOUR),
        description: Some(format!(
            "Clash `{}` · {} · {} killed, {} injured",
            row.short_id,
            s.event_date
                .map(|d| d.to_string())
                .unwrap_or_else(|| "date unknown".into()),
            s.killed.display(),
            s.injured.display()
        )),
        footer: Some("Figures quoted from each article · clashwatch".to_string()),
        ..Embed::default()
    };
    embed.field(
        "Where",
        s.places
            .iter()
            .chain(&s.countries)
            .map(|p| reply::escape(p))
            .collect::<Vec<_>>()
            .join(", "),
        true,
    );
    embed.field(
        "Parties",
        s.parties
            .iter()
            .map(|p| reply::escape(p))
            .collect::<Vec<_>>()
            .join(" · "),
        true,
    );
    for article_id in store.clash_sources(row.id).await? {
        let Some(source) = store.article(article_id).await? else {
            continue;
        };
        let site = source
            .article
            .site
            .clone()
            .or_else(|| {
                url::Url::parse(&source.key_url)
                    .ok()
                    .and_then(|u| u.host_str().map(str::to_string))
            })
            .unwrap_or_else(|| "source".into());
        let mut value = reply::casualty_lines(&source.facts).join("\n");
        if value.is_empty() {
            value = "no figures".into();
        }
        for claim in source.facts.claims.iter().take(2) {
            value.push_str(&format!(
                "\n{} {}: “{}”",
                reply::escape(&claim.speaker),
                reply::escape(&claim.verb),
                reply::escape(&reply::truncate(&claim.evidence.sentence, 160))
            ));
        }
        value.push_str(&format!("\n<{}>", source.key_url));
        embed.field(reply::escape(&site), value, false);
    }
    Ok(Reply {
        embeds: vec![embed],
        ..Reply::default()
    }
    .fit())
}

/// `/clashes regions`.
pub fn regions() -> Reply {
    let mut embed = Embed {
        title: Some("Regions you can ask about".to_string()),
        colour: Some(INFO_COLOUR),
        footer: Some("Countries work too; a region includes everything inside it.".to_string()),
        ..Embed::default()
    };
    for (group, names) in region_listing() {
        embed.field(group, names.join(", "), false);
    }
    Reply {
        embeds: vec![embed],
        ..Reply::default()
    }
    .fit()
}

/// `/watch list`.
pub async fn watch_list(store: &Store, guild_id: i64) -> Result<Reply, CommandError> {
    let channels = store.watched_channels(guild_id).await?;
    Ok(if channels.is_empty() {
        Reply::ephemeral_text(
            "I'm not reading any channel here yet. A moderator can add one with `/watch add`.",
        )
    } else {
        let list: Vec<String> = channels.iter().map(|c| format!("<#{c}>")).collect();
        Reply::ephemeral_text(format!("I read links posted in: {}", list.join(", ")))
    })
}

/// Region names, countries included, matching what was typed so far.
pub fn suggest_regions(partial: &str, limit: usize) -> Vec<String> {
    let p = partial.trim().to_lowercase();
    let names = Regions::global().all_names();
    // Names starting with the text first, then names containing it.
    let starts = names.iter().filter(|n| n.to_lowercase().starts_with(&p));
    let contains = names
        .iter()
        .filter(|n| !n.to_lowercase().starts_with(&p) && n.to_lowercase().contains(&p));
    starts
        .chain(contains)
        .take(limit)
        .map(|n| n.to_string())
        .collect()
}

/// The taxonomy grouped for display: conflict regions first.
fn region_listing() -> Vec<(String, Vec<String>)> {
    let mut groups: Vec<(String, Vec<String>)> = vec![
        ("Conflict regions".into(), Vec::new()),
        ("Territories".into(), Vec::new()),
        ("UN subregions".into(), Vec::new()),
        ("Continents".into(), Vec::new()),
    ];
    for r in Regions::global().all() {
        let slot = match r.kind {
            RegionKind::Area => 0,
            RegionKind::Territory => 1,
            RegionKind::Subregion => 2,
            RegionKind::Continent => 3,
        };
        groups[slot].1.push(r.name.clone());
    }
    for (_, names) in &mut groups {
        names.sort();
    }
    groups.retain(|(_, names)| !names.is_empty());
    groups
}
