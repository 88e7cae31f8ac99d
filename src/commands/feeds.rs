//! What `/feeds add`, `/feeds remove`, `/feeds list` and `/feeds resume`
//! answer. Moderators only: the adapter has checked the member in the
//! channel the command names; the bot's own permissions there are checked
//! here, as for alerts.

use super::access::{self, ChannelAccess, Work};
use super::{resolve_region, CommandError};
use crate::article::fetch::Fetcher;
use crate::config::FeedsConfig;
use crate::feeds;
use crate::reply::{self, Embed, Reply, INFO_COLOUR};
use crate::store::{self, Feed, FeedAdded, NewFeed, Store};

/// `/feeds add url [channel] [region]` as the moderator typed it.
#[derive(Debug, Clone, Copy)]
pub struct AddFeed<'a> {
    pub guild_id: i64,
    pub url: &'a str,
    /// Where new clash items are posted; `None`: the feed only feeds clashes
    /// and alerts.
    pub channel_id: Option<i64>,
    pub region: Option<&'a str>,
    pub by: i64,
}

/// `/feeds add`: the URL is fetched now (a page is followed to the feed it
/// advertises); its current items are recorded as seen, so only items that
/// appear later are read and posted.
pub async fn add(
    store: &Store,
    fetcher: &Fetcher,
    config: &FeedsConfig,
    req: &AddFeed<'_>,
    bot: Option<ChannelAccess>,
) -> Result<Reply, CommandError> {
    let raw = req.url.trim();
    if raw.is_empty() {
        return Ok(Reply::ephemeral_text(
            "Give the address of a feed (RSS, Atom or JSON Feed), of a page that links to one, \
             or of a public Telegram channel (https://t.me/name).",
        ));
    }
    let region = match req.region.map(str::trim).filter(|r| !r.is_empty()) {
        Some(r) => Some(resolve_region(r)?),
        None => None,
    };
    if region.is_some() && req.channel_id.is_none() {
        return Ok(Reply::ephemeral_text(
            "A region chooses which of the feed's items are posted in its channel: give a \
             `channel` too, or leave the region out (then the feed only feeds clashes and alerts).",
        ));
    }
    if let (Some(channel), Some(bot)) = (req.channel_id, bot) {
        access::bot_can(channel, Work::Alert, bot)?;
    }
    let cap = config.max_per_server.max(0);
    if store.feeds(req.guild_id).await?.len() as i64 >= cap {
        return Ok(at_cap(cap));
    }
    let found = match feeds::resolve(fetcher, raw).await {
        Ok(found) => found,
        Err(e) => {
            return Ok(Reply::ephemeral_text(format!(
                "I couldn't follow <{}>: {}. Nothing was added.",
                raw,
                reply::escape(&e.to_string())
            )))
        }
    };
    let host = url::Url::parse(&found.feed_url)
        .ok()
        .and_then(|u| u.host_str().map(str::to_string))
        .unwrap_or_default();
    let interval = feeds::interval(config, found.fresh_for.max(found.feed.ttl_secs));
    let normalized = feeds::normalize(raw);
    let added = store
        .add_feed(
            &NewFeed {
                guild_id: req.guild_id,
                url: &normalized,
                feed_url: &found.feed_url,
                kind: found.feed.kind,
                title: found.feed.title.as_deref(),
                host: &host,
                channel_id: req.channel_id,
                region: region.as_deref(),
                by: req.by,
                etag: found.validators.etag.as_deref(),
                last_modified: found.validators.last_modified.as_deref(),
                next_fetch_at: store::now() + interval,
            },
            &found.feed.items,
            cap,
        )
        .await?;
    let name = found
        .feed
        .title
        .as_deref()
        .map(|t| format!("**{}**", reply::escape(t)))
        .unwrap_or_else(|| "the feed".to_string());
    Ok(Reply::ephemeral_text(match added {
        FeedAdded::Added { id, items } => {
            let posting = match (req.channel_id, region.as_deref()) {
                (Some(c), Some(r)) => format!(
                    ", and each new clash report in {} is posted in <#{c}>",
                    reply::escape(r)
                ),
                (Some(c), None) => format!(", and each new clash report is posted in <#{c}>"),
                (None, _) => String::new(),
            };
            format!(
                "Following {name} as feed #{id} (<{}>). Its {items} current item{} are marked as \
                 seen and won't be posted. I'll check it about every {}; each new item is read \
                 like a member's link{posting}.",
                found.feed_url,
                if items == 1 { "" } else { "s" },
                duration(interval)
            )
        }
        FeedAdded::Exists(id) => {
            format!("This server already follows that feed, as #{id}; see `/feeds list`.")
        }
        FeedAdded::AtCap(cap) => return Ok(at_cap(cap)),
    }))
}

fn at_cap(cap: i64) -> Reply {
    Reply::ephemeral_text(format!(
        "This server follows {cap} feeds, the most it may. Remove one with `/feeds remove` first."
    ))
}

/// The feed a moderator named: its number in `/feeds list` (`3` or `#3`),
/// or its address. `Err` is the reply saying it was not found.
pub async fn find(
    store: &Store,
    guild_id: i64,
    which: &str,
) -> Result<Result<Feed, Reply>, CommandError> {
    let which = which.trim();
    let feeds = store.feeds(guild_id).await?;
    let by_id = which
        .trim_start_matches('#')
        .parse::<i64>()
        .ok()
        .and_then(|id| feeds.iter().find(|f| f.id == id));
    let normalized = feeds::normalize(which);
    let found = by_id.or_else(|| {
        feeds
            .iter()
            .find(|f| f.url == which || f.feed_url == which || f.url == normalized)
    });
    Ok(match found {
        Some(f) => Ok(f.clone()),
        None => Err(Reply::ephemeral_text(format!(
            "This server follows no feed “{}”. `/feeds list` shows each feed's number.",
            reply::escape(which)
        ))),
    })
}

/// `/feeds remove feed`.
pub async fn remove(store: &Store, guild_id: i64, which: &str) -> Result<Reply, CommandError> {
    let feed = match find(store, guild_id, which).await? {
        Ok(f) => f,
        Err(reply) => return Ok(reply),
    };
    store.remove_feed(guild_id, feed.id).await?;
    Ok(Reply::ephemeral_text(format!(
        "Stopped following {} (#{}).",
        label(&feed),
        feed.id
    )))
}

/// `/feeds resume feed`: only where the bot can post again when the feed
/// posts in a channel (`bot` is its access there).
pub async fn resume(
    store: &Store,
    guild_id: i64,
    feed: &Feed,
    bot: Option<ChannelAccess>,
) -> Result<Reply, CommandError> {
    if let (Some(channel), Some(bot)) = (feed.channel_id, bot) {
        access::bot_can(channel, Work::Alert, bot)?;
    }
    if !feed.paused {
        return Ok(Reply::ephemeral_text(format!(
            "{} (#{}) is not paused.",
            label(feed),
            feed.id
        )));
    }
    store.resume_feed(guild_id, feed.id).await?;
    Ok(Reply::ephemeral_text(format!(
        "Resumed {} (#{}): I'll fetch it again now.",
        label(feed),
        feed.id
    )))
}

/// `/feeds list`: each feed's health.
pub async fn list(store: &Store, guild_id: i64) -> Result<Reply, CommandError> {
    let feeds = store.feeds(guild_id).await?;
    if feeds.is_empty() {
        return Ok(Reply::ephemeral_text(
            "This server follows no feeds yet. A moderator can add one with `/feeds add`.",
        ));
    }
    let lines: Vec<String> = feeds.iter().map(line).collect();
    let mut embed = Embed {
        title: Some("Feeds".into()),
        description: Some(lines.join("\n\n")),
        colour: Some(INFO_COLOUR),
        footer: Some("/feeds remove <number> · /feeds resume <number>".into()),
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

fn label(feed: &Feed) -> String {
    match &feed.title {
        Some(t) => format!("**{}**", reply::escape(t)),
        None => format!("<{}>", feed.feed_url),
    }
}

fn line(feed: &Feed) -> String {
    let mut first = format!("**#{}** {}", feed.id, label(feed));
    if feed.title.is_some() {
        first.push_str(&format!(" <{}>", feed.feed_url));
    }
    match (feed.channel_id, &feed.region) {
        (Some(c), Some(r)) => first.push_str(&format!(" → <#{c}> ({})", reply::escape(r))),
        (Some(c), None) => first.push_str(&format!(" → <#{c}>")),
        (None, _) => {}
    }
    let mut health = Vec::new();
    health.push(match feed.last_fetch_at {
        Some(t) => format!("last fetch <t:{t}:R>"),
        None => "not fetched yet".to_string(),
    });
    health.push(format!("{} items seen", feed.items_seen));
    if feed.failures > 0 {
        health.push(format!(
            "{} failed fetch{} in a row",
            feed.failures,
            if feed.failures == 1 { "" } else { "es" }
        ));
    }
    if let Some(e) = &feed.last_error {
        health.push(format!("last error: {}", reply::escape(e)));
    }
    if feed.paused {
        health.push(format!(
            "**paused**: {}",
            reply::escape(feed.paused_reason.as_deref().unwrap_or("by a moderator"))
        ));
    } else if feed.failures == 0 {
        health.push(format!("next fetch <t:{}:R>", feed.next_fetch_at));
    }
    format!("{first}\n{}", health.join(" · "))
}

/// "10 minutes", "2 hours".
fn duration(secs: i64) -> String {
    match secs {
        s if s >= 7200 => format!("{} hours", s / 3600),
        s if s >= 120 => format!("{} minutes", s / 60),
        s => format!("{s} seconds"),
    }
}
