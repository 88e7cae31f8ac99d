//! The Discord adapter (serenity + poise): connects, listens to watched
//! channels, registers and answers commands. It converts between Discord and
//! the app layer and holds no business logic of its own.

mod commands;
pub mod convert;
mod metrics;
mod outbox;

use std::sync::Arc;

use anyhow::Context as _;
use poise::serenity_prelude as serenity;
use serenity::{ClientBuilder, FullEvent, GatewayIntents, HttpBuilder};
use tokio_util::sync::CancellationToken;
use tracing::{info, warn};

use crate::alerts::Alerts;
use crate::article::fetch::Fetcher;
use crate::config::Config;
use crate::pipeline::{IncomingMessage, Pipeline};
use crate::ratelimit::RateLimits;
use crate::store::Store;
pub use outbox::{DiscordAlerts, DiscordOutbox};

pub type Error = anyhow::Error;
pub type Context<'a> = poise::Context<'a, Data, Error>;

/// What every command and event handler can reach.
pub struct Data {
    pub pipeline: Arc<Pipeline>,
    pub limits: Arc<RateLimits>,
    pub config: Config,
    pub guild_id: Option<serenity::GuildId>,
}

/// How to reach Discord, from the environment.
#[derive(Debug, Clone)]
pub struct Connection {
    pub token: String,
    /// A Discord-compatible API instead of discord.com (self-hosted, tests).
    pub api_url: Option<String>,
    /// Register commands in this server only (instant updates while testing).
    pub guild_id: Option<u64>,
}

impl Connection {
    /// `DISCORD_TOKEN` (required), `DISCORD_API_URL`, `DISCORD_GUILD_ID`.
    pub fn from_env() -> anyhow::Result<Connection> {
        let token = std::env::var("DISCORD_TOKEN")
            .ok()
            .map(|t| t.trim().to_string())
            .filter(|t| !t.is_empty())
            .context(
                "DISCORD_TOKEN is not set: put the bot token from the Discord developer portal in the \
                 environment or in .env (see .env.example)",
            )?;
        let api_url = std::env::var("DISCORD_API_URL")
            .ok()
            .map(|u| u.trim().trim_end_matches('/').to_string())
            .filter(|u| !u.is_empty());
        let guild_id = match std::env::var("DISCORD_GUILD_ID") {
            Ok(g) if !g.trim().is_empty() => Some(
                g.trim()
                    .parse::<u64>()
                    .with_context(|| format!("DISCORD_GUILD_ID {g:?} is not a server id"))?,
            ),
            _ => None,
        };
        Ok(Connection {
            token,
            api_url,
            guild_id,
        })
    }
}

/// Intents: guild messages and their content (privileged: enable "Message
/// Content Intent" in the developer portal) for watched channels.
pub fn intents() -> GatewayIntents {
    GatewayIntents::GUILDS | GatewayIntents::GUILD_MESSAGES | GatewayIntents::MESSAGE_CONTENT
}

/// Run the bot until `shutdown` is cancelled, then stop taking work, hand
/// back unfinished jobs and close the store.
pub async fn run(
    config: Config,
    conn: Connection,
    shutdown: CancellationToken,
) -> anyhow::Result<()> {
    // Build the gazetteer while connecting, not when the first link arrives.
    tokio::task::spawn_blocking(crate::facts::warm_up);
    let store = Store::open(&config.database.url, config.database.max_connections)
        .await
        .with_context(|| format!("opening the database {}", redact(&config.database.url)))?;
    let fetcher = Fetcher::new(&config.fetch).context("setting up the article fetcher")?;
    let pipeline = Arc::new(Pipeline::new(store.clone(), fetcher, &config));
    let metrics =
        crate::metrics::http::serve(&config.metrics.listen, store.clone(), shutdown.clone())
            .await?;
    let limits = Arc::new(RateLimits::new(&config.bot));

    let http = match &conn.api_url {
        // serenity's ratelimiter ignores the proxy: it must be off, or
        // requests (and the token) would go to discord.com.
        Some(url) => HttpBuilder::new(&conn.token)
            .proxy(url.clone())
            .ratelimiter_disabled(true)
            .build(),
        None => HttpBuilder::new(&conn.token).build(),
    };
    let guild_id = conn.guild_id.map(serenity::GuildId::new);
    let data = Data {
        pipeline: Arc::clone(&pipeline),
        limits: Arc::clone(&limits),
        config: config.clone(),
        guild_id,
    };
    let framework = poise::Framework::builder()
        .options(poise::FrameworkOptions {
            commands: commands::all(),
            allowed_mentions: Some(convert::no_mentions()),
            command_check: Some(|ctx| Box::pin(commands::command_check(ctx))),
            event_handler: |ctx, event, framework, data| {
                Box::pin(on_event(ctx, event, framework, data))
            },
            on_error: |error| Box::pin(on_error(error)),
            initialize_owners: false,
            ..Default::default()
        })
        .setup(move |ctx, ready, framework| {
            Box::pin(async move {
                info!(user = %ready.user.name, guilds = ready.guilds.len(), "connected to Discord");
                match data.guild_id {
                    Some(g) => {
                        poise::builtins::register_in_guild(ctx, &framework.options().commands, g)
                            .await?
                    }
                    None => {
                        poise::builtins::register_globally(ctx, &framework.options().commands)
                            .await?
                    }
                }
                Ok(data)
            })
        })
        .build();

    let mut client = ClientBuilder::new_with_http(http, intents())
        .framework(framework)
        .event_handler(metrics::MetricsEvents)
        .await
        .context("connecting to Discord")?;

    let workers_stop = CancellationToken::new();
    let outbox = Arc::new(DiscordOutbox {
        http: Arc::clone(&client.http),
    });
    let workers = tokio::spawn(Arc::clone(&pipeline).run_workers(outbox, workers_stop.clone()));
    let alerts = Arc::new(Alerts::new(
        store.clone(),
        &config.alerts,
        pipeline.alerts_wake(),
    ));
    let alert_sender = tokio::spawn(alerts.run(
        Arc::new(DiscordAlerts {
            http: Arc::clone(&client.http),
        }),
        workers_stop.clone(),
    ));

    let shard_manager = Arc::clone(&client.shard_manager);
    let stopper = tokio::spawn({
        let shutdown = shutdown.clone();
        async move {
            shutdown.cancelled().await;
            info!("shutting down: closing the gateway");
            shard_manager.shutdown_all().await;
        }
    });
    let pruner = tokio::spawn({
        let limits = Arc::clone(&limits);
        let shutdown = shutdown.clone();
        async move {
            loop {
                tokio::select! {
                    _ = shutdown.cancelled() => return,
                    _ = tokio::time::sleep(std::time::Duration::from_secs(300)) => limits.prune(),
                }
            }
        }
    });

    let result = if conn.api_url.is_some() {
        client.start().await
    } else {
        client.start_autosharded().await
    };
    if let Err(e) = &result {
        warn!(error = %e, "gateway stopped");
    }
    shutdown.cancel();
    workers_stop.cancel();
    let _ = workers.await;
    let _ = alert_sender.await;
    let _ = stopper.await;
    let _ = pruner.await;
    if let Some(m) = metrics {
        let _ = m.task.await;
    }
    store.close().await;
    info!("stopped");
    result.context("running the Discord client")
}

async fn on_event(
    ctx: &serenity::Context,
    event: &FullEvent,
    _framework: poise::FrameworkContext<'_, Data, Error>,
    data: &Data,
) -> Result<(), Error> {
    if let FullEvent::Message { new_message } = event {
        on_message(ctx, new_message, data).await;
    }
    Ok(())
}

/// A message in a watched channel: queue its links. Never fails loudly:
/// problems are logged and, where the poster can act, told in one line.
async fn on_message(ctx: &serenity::Context, msg: &serenity::Message, data: &Data) {
    // Our own replies come back as messages too; other bots are not our users.
    if msg.author.bot || msg.webhook_id.is_some() {
        return;
    }
    let Some(guild_id) = msg.guild_id else { return };
    let links = data.pipeline.links_in(&msg.content);
    if links.is_empty() {
        return;
    }
    let store = data.pipeline.store();
    match store.is_watched(msg.channel_id.get() as i64).await {
        Ok(true) => {}
        Ok(false) => return,
        Err(e) => {
            warn!(error = %e, "could not check the watched channels");
            return;
        }
    }
    if let Err(refusal) = data.limits.allow_links(
        msg.author.id.get() as i64,
        msg.channel_id.get() as i64,
        links.len(),
    ) {
        let reply =
            convert::message(&crate::reply::Reply::text(refusal.message())).reference_message(msg);
        if let Err(e) = msg.channel_id.send_message(&ctx.http, reply).await {
            warn!(error = %e, "could not send a rate-limit notice");
        }
        return;
    }
    let incoming = IncomingMessage {
        guild_id: Some(guild_id.get() as i64),
        channel_id: msg.channel_id.get() as i64,
        message_id: msg.id.get() as i64,
        content: msg.content.clone(),
    };
    if let Err(e) = data.pipeline.accept_message(&incoming).await {
        warn!(error = %e, message = msg.id.get(), "could not queue the message's links");
    }
}

async fn on_error(error: poise::FrameworkError<'_, Data, Error>) {
    match error {
        poise::FrameworkError::Command { error, ctx, .. } => {
            warn!(command = %ctx.command().qualified_name, error = %format!("{error:#}"), "command failed");
            let reply = crate::reply::Reply::ephemeral_text(
                "Something went wrong on my side; please try again in a minute.",
            );
            if let Err(e) = ctx.send(convert::poise_reply(&reply)).await {
                warn!(error = %e, "could not report a command error");
            }
        }
        // The check already answered the user.
        poise::FrameworkError::CommandCheckFailed { error: None, .. } => {}
        other => {
            if let Err(e) = poise::builtins::on_error(other).await {
                warn!(error = %e, "error while handling an error");
            }
        }
    }
}

/// A database URL without its password, for messages.
fn redact(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut u) if u.password().is_some() => {
            let _ = u.set_password(Some("***"));
            u.to_string()
        }
        _ => url.to_string(),
    }
}
