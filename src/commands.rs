//! What each command answers, as transport-neutral replies. The bot adapter
//! parses the interaction, checks permissions and rate limits, calls these,
//! and converts the reply.

use chrono::Utc;

use crate::clashes::ClashSummary;
use crate::regions::{RegionKind, Regions};
use crate::reply::{self, Embed, Reply, CLASH_COLOUR, INFO_COLOUR};
use crate::store::{ClashRow, NewSubscription, Store, StoreError, Subscribed};

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

/// Where `/clashes stats` draws its chart in the reply.
pub const STATS_CHART: &str = "clashes.png";

/// `/clashes stats [region] [days]`: killed and injured by side over the
/// period, and a chart of clashes and casualties per day.
pub async fn stats(store: &Store, region: Option<&str>, days: u32) -> Result<Reply, CommandError> {
    let region = match region.map(str::trim).filter(|r| !r.is_empty()) {
        Some(r) => Some(resolve_region(r)?),
        None => None,
    };
    let days = days.clamp(1, MAX_DAYS);
    let to = Utc::now().date_naive();
    let from = to - chrono::Duration::days(i64::from(days) - 1);
    // Summed in the database (a rollup kept per day), however many clashes.
    let stats = store.clash_stats(region.as_deref(), from, to).await?;
    let scope = region
        .as_deref()
        .map(|r| format!(" in {r}"))
        .unwrap_or_default();
    let period = format!("last {days} day{}", if days == 1 { "" } else { "s" });
    let title = format!("Clashes{scope}, {period}");
    if stats.is_empty() {
        return Ok(Reply {
            embeds: vec![Embed {
                title: Some(reply::escape(&title)),
                description: Some("No clashes recorded in that period.".to_string()),
                colour: Some(INFO_COLOUR),
                ..Embed::default()
            }],
            ..Reply::default()
        });
    }
    let mut embed = Embed {
        title: Some(reply::escape(&title)),
        colour: Some(CLASH_COLOUR),
        description: Some(format!(
            "**{} clash{}** from {} to {} · **{}** killed · **{}** injured",
            stats.clashes,
            if stats.clashes == 1 { "" } else { "es" },
            stats.from.format("%-d %b %Y"),
            stats.to.format("%-d %b %Y"),
            stats.killed.display(),
            stats.injured.display(),
        )),
        footer: Some(
            "Ranges where sources differ, never averages · figures quoted from the articles"
                .to_string(),
        ),
        ..Embed::default()
    };
    for side in stats.sides.iter().take(12) {
        let mut figures = Vec::new();
        if side.killed.max > 0 {
            figures.push(format!("{} killed", side.killed.display()));
        }
        if side.injured.max > 0 {
            figures.push(format!("{} injured", side.injured.display()));
        }
        embed.field(
            reply::escape(&side.side),
            format!(
                "{}\nin {} clash{}",
                figures.join(" · "),
                side.clashes,
                if side.clashes == 1 { "" } else { "es" }
            ),
            true,
        );
    }
    // Drawing is CPU work: keep it off the async workers.
    let chart = tokio::task::spawn_blocking(move || crate::chart::render_png(&stats, &title)).await;
    let mut reply = Reply::default();
    match chart {
        Ok(Ok(png)) => {
            embed.image = Some(format!("attachment://{STATS_CHART}"));
            reply.attachments.push(reply::Attachment {
                filename: STATS_CHART.to_string(),
                bytes: png,
            });
        }
        Ok(Err(e)) => tracing::warn!(error = %e, "stats chart not drawn"),
        Err(e) => tracing::warn!(error = %e, "stats chart task failed"),
    }
    reply.embeds.push(embed);
    Ok(reply.fit())
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

fn resolve_region(region: &str) -> Result<String, CommandError> {
    let r = region.trim();
    Regions::global()
        .resolve(r)
        .map(str::to_string)
        .ok_or_else(|| CommandError::UnknownRegion(r.to_string()))
}

/// `/alerts subscribe region [channel] [min_killed] [role]`; `req.region`
/// is what the moderator typed.
pub async fn alerts_subscribe(
    store: &Store,
    cap: i64,
    req: &NewSubscription<'_>,
) -> Result<Reply, CommandError> {
    let region = resolve_region(req.region)?;
    let min_killed = req.min_killed.max(0);
    let outcome = store
        .subscribe(
            &NewSubscription {
                region: &region,
                min_killed,
                ..*req
            },
            cap,
        )
        .await?;
    let threshold = if min_killed > 0 {
        format!(" with at least {min_killed} killed")
    } else {
        String::new()
    };
    let role = req
        .role_id
        .map(|r| format!(", mentioning <@&{r}>"))
        .unwrap_or_default();
    let region = reply::escape(&region);
    Ok(Reply::ephemeral_text(match outcome {
        Subscribed::Added => format!(
            "<#{}> will get an alert for each new clash in {region}{threshold}{role} (sub-regions included).",
            req.channel_id
        ),
        Subscribed::Updated => format!(
            "Updated: <#{}> gets alerts for clashes in {region}{threshold}{role}.",
            req.channel_id
        ),
        Subscribed::AtCap(cap) => format!(
            "This server has {cap} alert subscriptions, the most it may have. Remove one with `/alerts unsubscribe` first."
        ),
    }))
}

/// `/alerts unsubscribe region [channel]`.
pub async fn alerts_unsubscribe(
    store: &Store,
    guild_id: i64,
    channel_id: i64,
    region: &str,
) -> Result<Reply, CommandError> {
    let name = resolve_region(region).unwrap_or_else(|_| region.trim().to_string());
    let removed = store.unsubscribe(guild_id, channel_id, &name).await?;
    let name = reply::escape(&name);
    Ok(Reply::ephemeral_text(if removed {
        format!("<#{channel_id}> no longer gets alerts for {name}.")
    } else {
        format!("<#{channel_id}> had no alerts for {name}.")
    }))
}

/// `/alerts list`: this server's subscriptions, paused ones with why.
pub async fn alerts_list(store: &Store, guild_id: i64) -> Result<Reply, CommandError> {
    let subs = store.subscriptions(guild_id).await?;
    if subs.is_empty() {
        return Ok(Reply::ephemeral_text(
            "No alert subscriptions here yet. A moderator can add one with `/alerts subscribe`.",
        ));
    }
    let lines: Vec<String> = subs
        .iter()
        .map(|s| {
            let mut line = format!("<#{}> · {}", s.channel_id, reply::escape(&s.region));
            if s.min_killed > 0 {
                line.push_str(&format!(" · at least {} killed", s.min_killed));
            }
            if let Some(r) = s.role_id {
                line.push_str(&format!(" · mentions <@&{r}>"));
            }
            if s.paused {
                line.push_str(&format!(
                    " · **paused**: {}",
                    reply::escape(s.paused_reason.as_deref().unwrap_or("by a moderator"))
                ));
            }
            line
        })
        .collect();
    let mut embed = Embed {
        title: Some("Alert subscriptions".into()),
        description: Some(lines.join("\n")),
        colour: Some(INFO_COLOUR),
        ..Embed::default()
    };
    embed.fit();
    Ok(Reply {
        content: None,
        embeds: vec![embed],
        ephemeral: true,
        attachments: Vec::new(),
    })
}

/// `/alerts pause [channel]` and `/alerts resume [channel]`.
pub async fn alerts_pause(
    store: &Store,
    guild_id: i64,
    channel_id: i64,
    paused: bool,
) -> Result<Reply, CommandError> {
    let n = store
        .set_channel_paused(
            Some(guild_id),
            channel_id,
            paused,
            Some("paused by a moderator"),
        )
        .await?;
    Ok(Reply::ephemeral_text(match (paused, n) {
        (_, 0) => format!("Nothing to change: <#{channel_id}> has no subscriptions in that state."),
        (true, n) => format!(
            "Alerts in <#{channel_id}> are paused ({n} subscription{}); `/alerts resume` restarts them.",
            if n == 1 { "" } else { "s" }
        ),
        (false, n) => format!(
            "Alerts in <#{channel_id}> are back on ({n} subscription{}).",
            if n == 1 { "" } else { "s" }
        ),
    }))
}
