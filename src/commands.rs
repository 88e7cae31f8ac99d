//! What each command answers, as transport-neutral replies. The bot adapter
//! parses the interaction, checks permissions and rate limits, calls these,
//! and converts the reply.

mod access;
pub mod feeds;
pub mod sources;
pub mod why;

use chrono::Utc;

pub use access::{ChannelAccess, RoleInfo, Whereabouts, Work};

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
    #[error("Only moderators can do that: you need the Manage Channels permission in <#{0}>.")]
    NotModerator(i64),
    #[error("<#{0}> is not a channel of this server; pick one of this server's channels.")]
    OtherServer(i64),
    #[error(
        "I can't find the channel <#{0}>: it may have been deleted, or I'm not allowed to see it."
    )]
    UnknownChannel(i64),
    #[error("{}", access::missing_text(*.channel, .what, .missing))]
    BotMissing {
        channel: i64,
        what: &'static str,
        missing: Vec<&'static str>,
    },
    #[error("Alerts can't mention @everyone; pick a role made for the people who want them.")]
    RoleEveryone,
    #[error(
        "The role “{}” is managed by a bot or an integration, so nobody can be given it; pick another role.",
        reply::escape(.0)
    )]
    RoleManaged(String),
    #[error(
        "I'm not allowed to mention the role “{}” in <#{channel}>: make it mentionable (Server Settings → \
         Roles), or give me **Mention @everyone, @here and All Roles** there, and try again.",
        reply::escape(.role)
    )]
    RoleNotMentionable { role: String, channel: i64 },
    #[error("Something went wrong on my side; please try again in a minute.")]
    Store(#[from] StoreError),
}

/// The checks every command about a channel makes before it acts: the
/// channel belongs to the server, and the member may manage it.
pub fn moderator_of(
    channel: i64,
    whereabouts: Whereabouts,
    member: ChannelAccess,
) -> Result<(), CommandError> {
    access::in_this_server(channel, whereabouts)?;
    access::moderator(channel, member)
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
    recent_in(store, None, region, days, limit).await
}

/// `/clashes recent` in a server: each clash's figures are those of the
/// sources the server trusts; a clash with none says so instead of showing
/// figures nobody here vouched for.
pub async fn recent_in(
    store: &Store,
    guild_id: Option<i64>,
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
        let line = match guild_id {
            None => clash_line(row),
            Some(g) => match sources::as_seen_in(store, row, g).await? {
                Some(seen) => clash_line(&seen),
                None => format!(
                    "no source trusted here yet ({} source{} elsewhere) · `/clashes show {}`",
                    row.sources,
                    if row.sources == 1 { "" } else { "s" },
                    row.short_id
                ),
            },
        };
        embed.field(clash_heading(row), line, false);
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
    show_in(store, None, short_id).await
}

/// `/clashes show` in a server: every source still shows, with its domain,
/// and those the server does not trust are marked so.
pub async fn show_in(
    store: &Store,
    guild_id: Option<i64>,
    short_id: &str,
) -> Result<Reply, CommandError> {
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
    let trust = match guild_id {
        Some(g) => store.sources_in_guild(row.id, g).await?,
        None => Vec::new(),
    };
    for article_id in store.clash_sources(row.id).await? {
        let Some(source) = store.article(article_id).await? else {
            continue;
        };
        let seen = trust.iter().find(|t| t.article_id == article_id);
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
        let name = match seen {
            Some(t) => format!(
                "{} · {}{}",
                site,
                t.domain.as_deref().unwrap_or("domain unknown"),
                if t.trusted {
                    ""
                } else {
                    " · not trusted here"
                }
            ),
            None => site,
        };
        embed.field(reply::escape(&name), value, false);
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

/// `/watch add [channel]`: `bot` is what the bot may do in that channel.
pub async fn watch_add(
    store: &Store,
    guild_id: i64,
    channel_id: i64,
    by: i64,
    bot: ChannelAccess,
    reads_content: bool,
) -> Result<Reply, CommandError> {
    access::bot_can(channel_id, Work::Answer, bot)?;
    let said = if store.watch_channel(guild_id, channel_id, by).await? {
        format!(
            "I'll read links posted in <#{channel_id}> and answer clash reports with their key facts."
        )
    } else {
        format!("I already read <#{channel_id}>.")
    };
    Ok(Reply::ephemeral_text(format!(
        "{said}{}",
        message_content_note(reads_content)
    )))
}

/// Said after `/watch add` while the bot runs without message content: the
/// channel is watched, but its links can't be read until the intent is on.
fn message_content_note(reads_content: bool) -> &'static str {
    if reads_content {
        ""
    } else {
        "\nBut I can't read links yet: the bot's **Message Content Intent** is off. The bot's \
         owner can turn it on in the Discord developer portal (the application → Bot → \
         Privileged Gateway Intents) and restart me. Until then `/clashes summarize` and the \
         **Key facts** message menu work."
    }
}

/// `/watch remove [channel]`: needs nothing of the bot, so a channel it
/// lost access to can still be let go.
pub async fn watch_remove(
    store: &Store,
    guild_id: i64,
    channel_id: i64,
) -> Result<Reply, CommandError> {
    Ok(Reply::ephemeral_text(
        if store.unwatch_channel(guild_id, channel_id).await? {
            format!("I stopped reading <#{channel_id}>.")
        } else {
            format!("I wasn't reading <#{channel_id}>.")
        },
    ))
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
/// is what the moderator typed, `role` the role to mention (its id is
/// `req.role_id`), `bot` what the bot may do in the channel.
pub async fn alerts_subscribe(
    store: &Store,
    cap: i64,
    req: &NewSubscription<'_>,
    role: Option<&RoleInfo>,
    bot: ChannelAccess,
) -> Result<Reply, CommandError> {
    let region = resolve_region(req.region)?;
    access::bot_can(req.channel_id, Work::Alert, bot)?;
    if let Some(role) = role {
        access::alert_role(req.channel_id, role, bot)?;
    }
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

/// `/alerts resume [channel]`: only where the bot can post again, or the
/// subscriptions would pause themselves at the next alert.
pub async fn alerts_resume(
    store: &Store,
    guild_id: i64,
    channel_id: i64,
    bot: ChannelAccess,
) -> Result<Reply, CommandError> {
    access::bot_can(channel_id, Work::Alert, bot)?;
    alerts_pause(store, guild_id, channel_id, false).await
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

#[cfg(test)]
mod tests {
    use super::*;

    const GUILD: i64 = 1;
    const NEWS: i64 = 10;
    const MODERATOR: i64 = 99;

    async fn store() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().expect("temp dir");
        let url = format!("sqlite://{}", dir.path().join("commands.db").display());
        let store = Store::open(&url, 2).await.expect("open the store");
        (dir, store)
    }

    fn text(reply: &Reply) -> &str {
        reply.content.as_deref().unwrap_or_default()
    }

    #[tokio::test]
    async fn watch_add_and_remove_word_each_outcome() {
        let (_dir, store) = store().await;
        let all = ChannelAccess::ALL;
        let added = watch_add(&store, GUILD, NEWS, MODERATOR, all, true)
            .await
            .expect("added");
        assert!(added.ephemeral);
        assert!(
            text(&added).contains("I'll read links posted in <#10>"),
            "{added:?}"
        );
        let again = watch_add(&store, GUILD, NEWS, MODERATOR, all, true)
            .await
            .expect("again");
        assert_eq!(text(&again), "I already read <#10>.");
        assert_eq!(store.watched_channels(GUILD).await.expect("list"), [NEWS]);

        let removed = watch_remove(&store, GUILD, NEWS).await.expect("removed");
        assert_eq!(text(&removed), "I stopped reading <#10>.");
        let again = watch_remove(&store, GUILD, NEWS).await.expect("again");
        assert_eq!(text(&again), "I wasn't reading <#10>.");
        assert!(store
            .watched_channels(GUILD)
            .await
            .expect("list")
            .is_empty());
    }

    #[tokio::test]
    async fn nothing_is_watched_where_the_bot_cannot_answer() {
        let (_dir, store) = store().await;
        let no_embeds = ChannelAccess {
            embed: false,
            read_history: false,
            ..ChannelAccess::ALL
        };
        let refusal = watch_add(&store, GUILD, NEWS, MODERATOR, no_embeds, true)
            .await
            .expect_err("refused");
        let said = refusal.to_string();
        assert!(
            said.contains("**Embed Links** and **Read Message History**"),
            "{said}"
        );
        assert!(store
            .watched_channels(GUILD)
            .await
            .expect("list")
            .is_empty());
        // Letting go of a channel never needs the bot's permissions.
        assert!(watch_remove(&store, GUILD, NEWS).await.is_ok());
    }

    #[tokio::test]
    async fn subscribe_checks_the_channel_and_the_role_before_storing() {
        let (_dir, store) = store().await;
        let req = |role_id| NewSubscription {
            guild_id: GUILD,
            channel_id: NEWS,
            region: "Caucasus",
            min_killed: 0,
            role_id,
            by: MODERATOR,
        };
        let role = |everyone, managed, mentionable| RoleInfo {
            id: 5,
            name: "Alert *squad*".into(),
            everyone,
            managed,
            mentionable,
        };
        let plain = ChannelAccess {
            mention_everyone: false,
            ..ChannelAccess::ALL
        };
        let blind = ChannelAccess {
            view: false,
            ..plain
        };
        let e = alerts_subscribe(&store, 25, &req(None), None, blind)
            .await
            .expect_err("the bot can't see the channel");
        assert!(e.to_string().contains("**View Channel**"), "{e}");
        for (role, expected) in [
            (role(true, false, true), "@everyone"),
            (role(false, true, true), "managed by a bot"),
            (role(false, false, false), "make it mentionable"),
        ] {
            let e = alerts_subscribe(&store, 25, &req(Some(5)), Some(&role), plain)
                .await
                .expect_err("refused role");
            assert!(e.to_string().contains(expected), "{e}");
            // Role names are escaped: they are the server's words, not ours.
            assert!(!e.to_string().contains("*squad*"), "{e}");
        }
        assert!(store.subscriptions(GUILD).await.expect("subs").is_empty());

        let ok = alerts_subscribe(
            &store,
            25,
            &req(Some(5)),
            Some(&role(false, false, true)),
            plain,
        )
        .await
        .expect("a mentionable role");
        assert!(text(&ok).contains("mentioning <@&5>"), "{ok:?}");
        // Not mentionable, but the bot may mention every role there.
        let ok = alerts_subscribe(
            &store,
            25,
            &req(Some(5)),
            Some(&role(false, false, false)),
            ChannelAccess::ALL,
        )
        .await
        .expect("the bot may mention all roles");
        assert!(text(&ok).starts_with("Updated"), "{ok:?}");
        assert_eq!(store.subscriptions(GUILD).await.expect("subs").len(), 1);

        let e = alerts_resume(&store, GUILD, NEWS, blind)
            .await
            .expect_err("resume where the bot can't post");
        assert!(e.to_string().contains("post alerts in <#10>"), "{e}");
    }
}
