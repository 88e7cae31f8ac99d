//! What the bot reads from Discord before a command or a message may go on:
//! the command limit, the member's and the bot's permissions in the channel
//! a command is about, and the notice for refused links. The rules and the
//! wording are app code (`crate::commands`, `crate::ratelimit`); this reads
//! Discord's answers and converts them.

use poise::serenity_prelude as serenity;
use serenity::{ChannelId, ChannelType, GuildChannel, GuildId, Permissions, ResolvedValue};

use super::{convert, Context, Data, Error};
use crate::commands::{self as app, ChannelAccess, CommandError, RoleInfo, Whereabouts};
use crate::ratelimit::Refusal;
use crate::reply::Reply;

/// Checks and autocomplete: typing in an option box is not a command, costs
/// nothing, and can't be answered with text.
fn autocompleting(ctx: Context<'_>) -> bool {
    matches!(
        ctx,
        poise::Context::Application(a)
            if a.interaction_type == poise::CommandInteractionType::Autocomplete
    )
}

async fn refuse(ctx: Context<'_>, e: CommandError) -> Result<bool, Error> {
    let reply = Reply::ephemeral_text(e.to_string());
    ctx.send(convert::poise_reply(&reply)).await?;
    Ok(false)
}

/// The per-member command limit: one token per command, however deep its
/// subcommand (this sits on the top-level commands only, whose own checks
/// poise runs once per call).
pub async fn rate_limited(ctx: Context<'_>) -> Result<bool, Error> {
    if autocompleting(ctx)
        || ctx
            .data()
            .limits
            .allow_command(ctx.author().id.get() as i64)
    {
        return Ok(true);
    }
    let reply = Reply::ephemeral_text(
        "You're running commands faster than I can answer; try again in a minute.",
    );
    ctx.send(convert::poise_reply(&reply)).await?;
    Ok(false)
}

/// The channel a command is about: its `channel` option, else the channel
/// it was typed in; with the member's permissions there as Discord computed
/// them for this interaction, when it sent them.
struct Target {
    id: ChannelId,
    member_permissions: Option<Permissions>,
}

fn target(ctx: Context<'_>) -> Target {
    let poise::Context::Application(app) = ctx else {
        return Target {
            id: ctx.channel_id(),
            member_permissions: None,
        };
    };
    for option in app.args {
        if let ("channel", ResolvedValue::Channel(channel)) = (option.name, &option.value) {
            return Target {
                id: channel.id,
                member_permissions: channel.permissions,
            };
        }
    }
    Target {
        id: ctx.channel_id(),
        member_permissions: app.interaction.member.as_ref().and_then(|m| m.permissions),
    }
}

/// The channel a command option names, defaulting to where it was typed.
pub fn channel_or_here(ctx: Context<'_>, channel: Option<ChannelId>) -> ChannelId {
    channel.unwrap_or_else(|| ctx.channel_id())
}

/// Moderators only, judged in the channel the command is about, which must
/// belong to this server. On `/watch` and `/alerts` (the parents), so it runs
/// once per call whatever the subcommand.
pub async fn is_moderator(ctx: Context<'_>) -> Result<bool, Error> {
    if autocompleting(ctx) {
        return Ok(true);
    }
    let Some(guild) = ctx.guild_id() else {
        return Ok(false);
    };
    let target = target(ctx);
    let (whereabouts, channel) = locate(ctx, guild, target.id).await;
    let member = match target.member_permissions {
        Some(p) => Some(p),
        None => match (&channel, ctx.author_member().await) {
            (Some(channel), Some(member)) => {
                permissions_in(ctx, guild, channel, ctx.author().id, Some(&*member)).await
            }
            _ => None,
        },
    };
    let thread = channel.as_ref().is_some_and(is_thread);
    let member = member.map(|p| access(p, thread)).unwrap_or_default();
    match app::moderator_of(target.id.get() as i64, whereabouts, member) {
        Ok(()) => Ok(true),
        Err(e) => refuse(ctx, e).await,
    }
}

/// What the bot itself may do in `channel`: Discord's own figure when the
/// command was typed there, else computed from the server's roles and the
/// channel's overwrites (the cache, or REST when the cache lacks them).
/// Nothing at all when the channel can't be found.
pub async fn bot_access(ctx: Context<'_>, channel: ChannelId) -> Result<ChannelAccess, Error> {
    let Some(guild) = ctx.guild_id() else {
        return Ok(ChannelAccess::default());
    };
    let (_, found) = locate(ctx, guild, channel).await;
    let Some(found) = found else {
        return Ok(ChannelAccess::default());
    };
    let thread = is_thread(&found);
    if channel == ctx.channel_id() {
        if let poise::Context::Application(app) = ctx {
            if let Some(p) = app.interaction.app_permissions {
                return Ok(access(p, thread));
            }
        }
    }
    let bot = ctx.framework().bot_id;
    Ok(permissions_in(ctx, guild, &found, bot, None)
        .await
        .map(|p| access(p, thread))
        .unwrap_or_default())
}

/// A role option as app code judges it.
pub fn role_info(guild: GuildId, role: &serenity::Role) -> RoleInfo {
    RoleInfo {
        id: role.id.get() as i64,
        name: role.name.clone(),
        everyone: role.id.get() == guild.get(),
        managed: role.managed,
        mentionable: role.mentionable,
    }
}

fn is_thread(channel: &GuildChannel) -> bool {
    matches!(
        channel.kind,
        ChannelType::PublicThread | ChannelType::PrivateThread | ChannelType::NewsThread
    )
}

/// Discord's permission bits as app code's view of a channel. Administrator
/// (and so the owner, who Discord treats alike) may do everything.
fn access(p: Permissions, thread: bool) -> ChannelAccess {
    if p.administrator() {
        return ChannelAccess::ALL;
    }
    ChannelAccess {
        view: p.view_channel(),
        send: if thread {
            p.send_messages_in_threads()
        } else {
            p.send_messages()
        },
        embed: p.embed_links(),
        read_history: p.read_message_history(),
        mention_everyone: p.mention_everyone(),
        manage_channels: p.manage_channels(),
    }
}

/// Whether `channel` belongs to `guild`, and the channel when the bot can
/// see it. The cache knows the server's channels; REST answers for the rest
/// (another server's channel, or one the cache missed).
async fn locate(
    ctx: Context<'_>,
    guild: GuildId,
    channel: ChannelId,
) -> (Whereabouts, Option<GuildChannel>) {
    let cached = ctx.cache().guild(guild).and_then(|g| {
        g.channels
            .get(&channel)
            .or_else(|| g.threads.iter().find(|t| t.id == channel))
            .cloned()
    });
    if let Some(found) = cached {
        return (Whereabouts::ThisServer, Some(found));
    }
    match channel.to_channel(ctx.http()).await {
        Ok(serenity::Channel::Guild(found)) if found.guild_id == guild => {
            (Whereabouts::ThisServer, Some(found))
        }
        Ok(_) => (Whereabouts::OtherServer, None),
        Err(e) => {
            tracing::debug!(error = %e, channel = channel.get(), "channel lookup failed");
            (Whereabouts::Unknown, None)
        }
    }
}

/// A member's permissions in a channel, computed as Discord does: the owner
/// and Administrator get everything; else @everyone and the member's roles,
/// then the channel's overwrites for @everyone, the roles and the member.
/// A thread takes its parent channel's overwrites.
async fn permissions_in(
    ctx: Context<'_>,
    guild: GuildId,
    channel: &GuildChannel,
    user: serenity::UserId,
    member: Option<&serenity::Member>,
) -> Option<Permissions> {
    let overwrites_from = match channel.parent_id.filter(|_| is_thread(channel)) {
        Some(parent) => match locate(ctx, guild, parent).await {
            (Whereabouts::ThisServer, Some(p)) => p,
            _ => return None,
        },
        None => channel.clone(),
    };
    let from_cache = ctx.cache().guild(guild).and_then(|g| {
        let member = member.cloned().or_else(|| g.members.get(&user).cloned())?;
        Some(g.user_permissions_in(&overwrites_from, &member))
    });
    if from_cache.is_some() {
        return from_cache;
    }
    let http = ctx.http();
    let partial = guild.to_partial_guild(http).await.ok()?;
    let member = match member {
        Some(m) => m.clone(),
        None => guild.member(http, user).await.ok()?,
    };
    Some(partial.user_permissions_in(&overwrites_from, &member))
}

/// Links refused by a rate limit: the poster hears it once per window (and
/// the channel once per window), then the rest of the flood is dropped
/// without a word.
pub async fn links_refused(
    ctx: &serenity::Context,
    msg: &serenity::Message,
    data: &Data,
    refusal: Refusal,
) {
    let told = data
        .limits
        .claim_notice(
            data.pipeline.store(),
            msg.author.id.get() as i64,
            msg.channel_id.get() as i64,
        )
        .await;
    if !told {
        return;
    }
    let notice = convert::message(&Reply::text(refusal.message())).reference_message(msg);
    if let Err(e) = msg.channel_id.send_message(&ctx.http, notice).await {
        tracing::warn!(error = %e, "could not send a rate-limit notice");
    }
}
