//! Slash and context-menu commands. Each one parses, checks, calls the app
//! code in `crate::commands` / `crate::pipeline`, and converts the reply.

use poise::serenity_prelude as serenity;

use super::checks::{self, is_moderator, rate_limited};
use super::{convert, Context, Error};
use crate::article::links;
use crate::commands::{self as app, CommandError};
use crate::reply::Reply;

async fn send(ctx: Context<'_>, reply: Reply) -> Result<(), Error> {
    ctx.send(convert::poise_reply(&reply.fit())).await?;
    Ok(())
}

async fn send_result(ctx: Context<'_>, result: Result<Reply, CommandError>) -> Result<(), Error> {
    match result {
        Ok(reply) => send(ctx, reply).await,
        Err(e) => {
            if let CommandError::Store(inner) = &e {
                tracing::warn!(error = %inner, command = %ctx.command().qualified_name, "store error");
            }
            send(ctx, Reply::ephemeral_text(e.to_string())).await
        }
    }
}

async fn autocomplete_region<'a>(_ctx: Context<'a>, partial: &'a str) -> Vec<String> {
    app::suggest_regions(partial, 25)
}

/// Recent clashes, their figures and sources.
#[poise::command(
    slash_command,
    subcommands("recent", "show", "stats", "summarize", "regions", "why"),
    subcommand_required,
    check = "rate_limited"
)]
pub async fn clashes(_ctx: Context<'_>) -> Result<(), Error> {
    Ok(())
}

/// Latest clashes, newest first.
#[poise::command(slash_command)]
pub async fn recent(
    ctx: Context<'_>,
    #[description = "Region, conflict or country (e.g. South Caucasus)"]
    #[autocomplete = "autocomplete_region"]
    region: Option<String>,
    #[description = "How many days back (default 7)"]
    #[min = 1]
    #[max = 365]
    days: Option<u32>,
    #[description = "How many clashes (default 10)"]
    #[min = 1]
    #[max = 25]
    limit: Option<u32>,
) -> Result<(), Error> {
    let store = ctx.data().pipeline.store().clone();
    let result = app::recent_in(
        &store,
        ctx.guild_id().map(|g| g.get() as i64),
        region.as_deref(),
        days.unwrap_or(7),
        limit.unwrap_or(10),
    )
    .await;
    send_result(ctx, result).await
}

/// One clash in full: every source with its own figures, and the claims.
#[poise::command(slash_command)]
pub async fn show(
    ctx: Context<'_>,
    #[description = "The clash id shown by /clashes recent"] id: String,
) -> Result<(), Error> {
    let store = ctx.data().pipeline.store().clone();
    let result = app::show_in(&store, ctx.guild_id().map(|g| g.get() as i64), &id).await;
    send_result(ctx, result).await
}

/// Killed and injured by side over a period, with a chart per day.
#[poise::command(slash_command)]
pub async fn stats(
    ctx: Context<'_>,
    #[description = "Region, conflict or country (e.g. South Caucasus)"]
    #[autocomplete = "autocomplete_region"]
    region: Option<String>,
    #[description = "How many days back (default 30)"]
    #[min = 1]
    #[max = 365]
    days: Option<u32>,
) -> Result<(), Error> {
    // Summing a period and drawing the chart can outlast Discord's 3 s.
    ctx.defer().await?;
    let store = ctx.data().pipeline.store().clone();
    let result = app::stats(&store, region.as_deref(), days.unwrap_or(30)).await;
    send_result(ctx, result).await
}

/// The regions you can ask about.
#[poise::command(slash_command)]
pub async fn regions(ctx: Context<'_>) -> Result<(), Error> {
    send(ctx, app::regions()).await
}

/// The key facts of one article.
#[poise::command(slash_command)]
pub async fn summarize(
    ctx: Context<'_>,
    #[description = "Link to a news article"] url: String,
) -> Result<(), Error> {
    let canonical = match links::canonicalize(&url) {
        Ok(u) => u,
        Err(e) => return send(ctx, Reply::ephemeral_text(e.to_string())).await,
    };
    if let Err(refusal) = ctx.data().limits.allow_links(
        ctx.author().id.get() as i64,
        ctx.channel_id().get() as i64,
        1,
    ) {
        return send(ctx, Reply::ephemeral_text(refusal.message())).await;
    }
    // Reading can take seconds; Discord wants an answer within three.
    ctx.defer().await?;
    let reply = summarize_links(ctx, &[canonical]).await;
    send(ctx, reply).await
}

/// Right-click a message → Apps → Key facts: summarize the links in it.
#[poise::command(context_menu_command = "Key facts", check = "rate_limited")]
pub async fn key_facts(ctx: Context<'_>, message: serenity::Message) -> Result<(), Error> {
    let found = ctx.data().pipeline.links_in(&message.content);
    if found.is_empty() {
        return send(
            ctx,
            Reply::ephemeral_text("That message has no article links I can read."),
        )
        .await;
    }
    if let Err(refusal) = ctx.data().limits.allow_links(
        ctx.author().id.get() as i64,
        ctx.channel_id().get() as i64,
        found.len(),
    ) {
        return send(ctx, Reply::ephemeral_text(refusal.message())).await;
    }
    ctx.defer().await?;
    let reply = summarize_links(ctx, &found).await;
    send(ctx, reply).await
}

/// An explicit request's links become jobs on the same queue as a watched
/// channel's (same workers, per-host limits and deadlines); the answer comes
/// from the same app code as a watched link's reply.
async fn summarize_links(ctx: Context<'_>, urls: &[url::Url]) -> Reply {
    // A deferred interaction can be answered for 15 minutes.
    const WAIT: std::time::Duration = std::time::Duration::from_secs(13 * 60);
    let pipeline = &ctx.data().pipeline;
    let result = pipeline
        .request(
            ctx.guild_id().map(|g| g.get() as i64),
            ctx.channel_id().get() as i64,
            ctx.id() as i64,
            urls,
            WAIT,
        )
        .await;
    match result {
        Ok(reply) => reply,
        Err(e) => {
            tracing::warn!(error = %e, "could not queue an explicit request");
            Reply::ephemeral_text("I couldn't queue that just now; please try again in a minute.")
        }
    }
}

/// Choose the channels whose links I read (moderators).
#[poise::command(
    slash_command,
    guild_only,
    subcommands("watch_add", "watch_remove", "watch_list"),
    subcommand_required,
    default_member_permissions = "MANAGE_CHANNELS",
    check = "rate_limited",
    check = "is_moderator"
)]
pub async fn watch(_ctx: Context<'_>) -> Result<(), Error> {
    Ok(())
}

/// Read links posted in a channel (this one by default).
#[poise::command(slash_command, guild_only, rename = "add")]
pub async fn watch_add(
    ctx: Context<'_>,
    #[channel_types("Text", "News", "PublicThread", "PrivateThread", "NewsThread")]
    #[description = "Channel to read (default: this one)"]
    channel: Option<serenity::ChannelId>,
) -> Result<(), Error> {
    let Some(guild) = ctx.guild_id() else {
        return Ok(());
    };
    let channel = checks::channel_or_here(ctx, channel);
    let bot = checks::bot_access(ctx, channel).await?;
    let result = app::watch_add(
        ctx.data().pipeline.store(),
        guild.get() as i64,
        channel.get() as i64,
        ctx.author().id.get() as i64,
        bot,
        ctx.data().reads_message_content(),
    )
    .await;
    send_result(ctx, result).await
}

/// Stop reading links in a channel (this one by default).
#[poise::command(slash_command, guild_only, rename = "remove")]
pub async fn watch_remove(
    ctx: Context<'_>,
    #[channel_types("Text", "News", "PublicThread", "PrivateThread", "NewsThread")]
    #[description = "Channel to stop reading (default: this one)"]
    channel: Option<serenity::ChannelId>,
) -> Result<(), Error> {
    let Some(guild) = ctx.guild_id() else {
        return Ok(());
    };
    let channel = checks::channel_or_here(ctx, channel);
    let result = app::watch_remove(
        ctx.data().pipeline.store(),
        guild.get() as i64,
        channel.get() as i64,
    )
    .await;
    send_result(ctx, result).await
}

/// The channels I read here.
#[poise::command(slash_command, guild_only, rename = "list")]
pub async fn watch_list(ctx: Context<'_>) -> Result<(), Error> {
    let Some(guild) = ctx.guild_id() else {
        return Ok(());
    };
    let result = app::watch_list(ctx.data().pipeline.store(), guild.get() as i64).await;
    send_result(ctx, result).await
}

/// Region alerts for this server's channels (moderators).
#[poise::command(
    slash_command,
    guild_only,
    subcommands(
        "alerts_subscribe",
        "alerts_unsubscribe",
        "alerts_list",
        "alerts_pause",
        "alerts_resume"
    ),
    subcommand_required,
    default_member_permissions = "MANAGE_CHANNELS",
    check = "rate_limited",
    check = "is_moderator"
)]
pub async fn alerts(_ctx: Context<'_>) -> Result<(), Error> {
    Ok(())
}

/// Post an alert in a channel for each new clash in a region.
#[poise::command(slash_command, guild_only, rename = "subscribe")]
pub async fn alerts_subscribe(
    ctx: Context<'_>,
    #[description = "Region, conflict or country (sub-regions included)"]
    #[autocomplete = "autocomplete_region"]
    region: String,
    #[channel_types("Text", "News", "PublicThread", "PrivateThread", "NewsThread")]
    #[description = "Channel for the alerts (default: this one)"]
    channel: Option<serenity::ChannelId>,
    #[description = "Only clashes with at least this many killed (default 0)"]
    #[min = 0]
    #[max = 100000]
    min_killed: Option<u32>,
    #[description = "A role to mention with each new alert"] role: Option<serenity::Role>,
) -> Result<(), Error> {
    let Some(guild) = ctx.guild_id() else {
        return Ok(());
    };
    let channel = checks::channel_or_here(ctx, channel);
    let bot = checks::bot_access(ctx, channel).await?;
    let role = role.map(|r| checks::role_info(guild, &r));
    let data = ctx.data();
    let req = crate::store::NewSubscription {
        guild_id: guild.get() as i64,
        channel_id: channel.get() as i64,
        region: &region,
        min_killed: i64::from(min_killed.unwrap_or(0)),
        role_id: role.as_ref().map(|r| r.id),
        by: ctx.author().id.get() as i64,
    };
    let result = app::alerts_subscribe(
        data.pipeline.store(),
        data.config.alerts.max_subscriptions_per_server,
        &req,
        role.as_ref(),
        bot,
    )
    .await;
    send_result(ctx, result).await
}

/// Stop a channel's alerts for a region.
#[poise::command(slash_command, guild_only, rename = "unsubscribe")]
pub async fn alerts_unsubscribe(
    ctx: Context<'_>,
    #[description = "The region to stop"]
    #[autocomplete = "autocomplete_region"]
    region: String,
    #[channel_types("Text", "News", "PublicThread", "PrivateThread", "NewsThread")]
    #[description = "Channel (default: this one)"]
    channel: Option<serenity::ChannelId>,
) -> Result<(), Error> {
    let Some(guild) = ctx.guild_id() else {
        return Ok(());
    };
    let channel = checks::channel_or_here(ctx, channel);
    let result = app::alerts_unsubscribe(
        ctx.data().pipeline.store(),
        guild.get() as i64,
        channel.get() as i64,
        &region,
    )
    .await;
    send_result(ctx, result).await
}

/// This server's alert subscriptions, paused ones with the reason.
#[poise::command(slash_command, guild_only, rename = "list")]
pub async fn alerts_list(ctx: Context<'_>) -> Result<(), Error> {
    let Some(guild) = ctx.guild_id() else {
        return Ok(());
    };
    let result = app::alerts_list(ctx.data().pipeline.store(), guild.get() as i64).await;
    send_result(ctx, result).await
}

/// Pause a channel's alerts; its subscriptions are kept.
#[poise::command(slash_command, guild_only, rename = "pause")]
pub async fn alerts_pause(
    ctx: Context<'_>,
    #[channel_types("Text", "News", "PublicThread", "PrivateThread", "NewsThread")]
    #[description = "Channel (default: this one)"]
    channel: Option<serenity::ChannelId>,
) -> Result<(), Error> {
    pause_or_resume(ctx, channel, true).await
}

/// Restart a channel's paused alerts.
#[poise::command(slash_command, guild_only, rename = "resume")]
pub async fn alerts_resume(
    ctx: Context<'_>,
    #[channel_types("Text", "News", "PublicThread", "PrivateThread", "NewsThread")]
    #[description = "Channel (default: this one)"]
    channel: Option<serenity::ChannelId>,
) -> Result<(), Error> {
    pause_or_resume(ctx, channel, false).await
}

async fn pause_or_resume(
    ctx: Context<'_>,
    channel: Option<serenity::ChannelId>,
    paused: bool,
) -> Result<(), Error> {
    let Some(guild) = ctx.guild_id() else {
        return Ok(());
    };
    let channel = checks::channel_or_here(ctx, channel);
    let store = ctx.data().pipeline.store();
    let (guild, id) = (guild.get() as i64, channel.get() as i64);
    let result = if paused {
        app::alerts_pause(store, guild, id, true).await
    } else {
        let bot = checks::bot_access(ctx, channel).await?;
        app::alerts_resume(store, guild, id, bot).await
    };
    send_result(ctx, result).await
}

/// News feeds this server follows (moderators).
#[poise::command(
    slash_command,
    guild_only,
    subcommands("feeds_add", "feeds_remove", "feeds_list", "feeds_resume"),
    subcommand_required,
    default_member_permissions = "MANAGE_CHANNELS",
    check = "rate_limited",
    check = "is_moderator"
)]
pub async fn feeds(_ctx: Context<'_>) -> Result<(), Error> {
    Ok(())
}

/// Follow a feed (RSS, Atom, JSON Feed), a page that links to one, or a public Telegram channel.
#[poise::command(slash_command, guild_only, rename = "add")]
pub async fn feeds_add(
    ctx: Context<'_>,
    #[description = "Address of the feed, of a page that links to one, or https://t.me/<channel>"]
    url: String,
    #[channel_types("Text", "News", "PublicThread", "PrivateThread", "NewsThread")]
    #[description = "Post each new clash report from the feed here (default: don't post)"]
    channel: Option<serenity::ChannelId>,
    #[description = "Only post clash reports in this region"]
    #[autocomplete = "autocomplete_region"]
    region: Option<String>,
) -> Result<(), Error> {
    let Some(guild) = ctx.guild_id() else {
        return Ok(());
    };
    ctx.defer_ephemeral().await?;
    let bot = match channel {
        Some(c) => Some(checks::bot_access(ctx, c).await?),
        None => None,
    };
    let data = ctx.data();
    let req = app::feeds::AddFeed {
        guild_id: guild.get() as i64,
        url: &url,
        channel_id: channel.map(|c| c.get() as i64),
        region: region.as_deref(),
        by: ctx.author().id.get() as i64,
    };
    let result = app::feeds::add(
        data.pipeline.store(),
        data.pipeline.fetcher(),
        &data.config.feeds,
        &req,
        bot,
    )
    .await;
    send_result(ctx, result).await
}

/// Stop following a feed.
#[poise::command(slash_command, guild_only, rename = "remove")]
pub async fn feeds_remove(
    ctx: Context<'_>,
    #[description = "The feed's number in /feeds list, or its address"] feed: String,
) -> Result<(), Error> {
    let Some(guild) = ctx.guild_id() else {
        return Ok(());
    };
    let result = app::feeds::remove(ctx.data().pipeline.store(), guild.get() as i64, &feed).await;
    send_result(ctx, result).await
}

/// The feeds this server follows, with their health: last fetch, items, errors, pauses.
#[poise::command(slash_command, guild_only, rename = "list")]
pub async fn feeds_list(ctx: Context<'_>) -> Result<(), Error> {
    let Some(guild) = ctx.guild_id() else {
        return Ok(());
    };
    let result = app::feeds::list(ctx.data().pipeline.store(), guild.get() as i64).await;
    send_result(ctx, result).await
}

/// Fetch a paused feed again.
#[poise::command(slash_command, guild_only, rename = "resume")]
pub async fn feeds_resume(
    ctx: Context<'_>,
    #[description = "The feed's number in /feeds list, or its address"] feed: String,
) -> Result<(), Error> {
    let Some(guild) = ctx.guild_id() else {
        return Ok(());
    };
    let store = ctx.data().pipeline.store();
    let found = match app::feeds::find(store, guild.get() as i64, &feed).await {
        Ok(Ok(f)) => f,
        Ok(Err(reply)) => return send(ctx, reply).await,
        Err(e) => return send_result(ctx, Err(e)).await,
    };
    let bot = match found.channel_id {
        Some(c) => Some(checks::bot_access(ctx, serenity::ChannelId::new(c as u64)).await?),
        None => None,
    };
    let result = app::feeds::resume(store, guild.get() as i64, &found, bot).await;
    send_result(ctx, result).await
}

/// Everything decided about a link or a clash in this server (moderators).
#[poise::command(slash_command, guild_only, ephemeral, check = "is_moderator")]
pub async fn why(
    ctx: Context<'_>,
    #[description = "A link, or the clash id shown by /clashes recent"] target: String,
) -> Result<(), Error> {
    let Some(guild) = ctx.guild_id() else {
        return Ok(());
    };
    let result = app::why::why(ctx.data().pipeline.store(), guild.get() as i64, &target).await;
    send_result(ctx, result).await
}

/// The news sites this server trusts for alerts (moderators).
#[poise::command(
    slash_command,
    guild_only,
    subcommands("sources_trust", "sources_untrust", "sources_list"),
    subcommand_required,
    default_member_permissions = "MANAGE_CHANNELS",
    check = "rate_limited",
    check = "is_moderator"
)]
pub async fn sources(_ctx: Context<'_>) -> Result<(), Error> {
    Ok(())
}

/// Trust a site's domain: its clash reports may alert this server.
#[poise::command(slash_command, guild_only, rename = "trust")]
pub async fn sources_trust(
    ctx: Context<'_>,
    #[description = "Domain or link, e.g. reuters.com"] domain: String,
) -> Result<(), Error> {
    let Some(guild) = ctx.guild_id() else {
        return Ok(());
    };
    let data = ctx.data();
    let since = crate::store::now() - data.config.alerts.trust_catch_up_hours.max(0) * 3600;
    let result = app::sources::trust(
        data.pipeline.store(),
        guild.get() as i64,
        &domain,
        ctx.author().id.get() as i64,
        since,
    )
    .await;
    send_result(ctx, result).await
}

/// Stop trusting a domain (a default one too) for this server's alerts.
#[poise::command(slash_command, guild_only, rename = "untrust")]
pub async fn sources_untrust(
    ctx: Context<'_>,
    #[description = "Domain or link, e.g. example.com"] domain: String,
) -> Result<(), Error> {
    let Some(guild) = ctx.guild_id() else {
        return Ok(());
    };
    let result = app::sources::untrust(
        ctx.data().pipeline.store(),
        guild.get() as i64,
        &domain,
        ctx.author().id.get() as i64,
    )
    .await;
    send_result(ctx, result).await
}

/// The domains this server trusts.
#[poise::command(slash_command, guild_only, rename = "list")]
pub async fn sources_list(ctx: Context<'_>) -> Result<(), Error> {
    let Some(guild) = ctx.guild_id() else {
        return Ok(());
    };
    let result = app::sources::list(ctx.data().pipeline.store(), guild.get() as i64).await;
    send_result(ctx, result).await
}

/// Every command the bot registers.
pub fn all() -> Vec<poise::Command<super::Data, Error>> {
    vec![
        clashes(),
        watch(),
        alerts(),
        key_facts(),
        feeds(),
        sources(),
    ]
}
