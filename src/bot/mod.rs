//! The Discord adapter (serenity + poise): connects, listens to watched
//! channels, registers and answers commands. It converts between Discord and
//! the app layer and holds no business logic of its own.

mod checks;
mod commands;
pub mod convert;
mod metrics;
mod outbox;
pub mod shards;
pub mod startup;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

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
pub use shards::Shards;

pub type Error = anyhow::Error;
pub type Context<'a> = poise::Context<'a, Data, Error>;

/// What every command and event handler can reach.
pub struct Data {
    pub pipeline: Arc<Pipeline>,
    pub limits: Arc<RateLimits>,
    pub config: Config,
    pub guild_id: Option<serenity::GuildId>,
    /// Whether the gateway gives the bot message content (the privileged
    /// intent is on); without it links in watched channels can't be read.
    pub message_content: Arc<AtomicBool>,
    /// This process registers the slash commands on connecting.
    pub registers_commands: bool,
    /// The gateway start queue's turn this process holds while logging in.
    pub login_turn: Arc<std::sync::OnceLock<Arc<shards::LoginTurn>>>,
}

impl Data {
    pub fn reads_message_content(&self) -> bool {
        self.message_content.load(Ordering::Relaxed)
    }
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

/// How long a stop may take in all: the gateway's goodbye and the workers'
/// jobs in flight share it, then unfinished jobs are handed back. Below the
/// 5 s a person (or `docker stop`) waits before they kill.
const STOP_GRACE: Duration = Duration::from_millis(3000);

fn make_http(conn: &Connection, application_id: Option<u64>) -> serenity::Http {
    let builder = match &conn.api_url {
        // serenity's ratelimiter ignores the proxy: it must be off, or
        // requests (and the token) would go to discord.com.
        Some(url) => HttpBuilder::new(&conn.token)
            .proxy(url.clone())
            .ratelimiter_disabled(true),
        None => HttpBuilder::new(&conn.token),
    };
    match application_id {
        Some(id) => builder.application_id(serenity::ApplicationId::new(id)),
        None => builder,
    }
    .build()
}

/// Run the bot until `shutdown` is cancelled, then stop taking work, hand
/// back unfinished jobs and close the store. Start-up problems that waiting
/// can't fix (a refused token) end it with an error saying what to do.
pub async fn run(
    config: Config,
    conn: Connection,
    shutdown: CancellationToken,
) -> anyhow::Result<()> {
    let shards = Shards::parse(&config.bot.shards)?;
    let checked = {
        let http = make_http(&conn, None);
        match startup::check(&http, &conn, &shutdown).await? {
            Some(checked) => checked,
            None => {
                info!("stopped before connecting to Discord");
                return Ok(());
            }
        }
    };
    let Opened {
        store,
        pipeline,
        metrics,
    } = Opened::open(&config, &shutdown).await?;
    let limits = Arc::new(RateLimits::new(&config.bot));
    let message_content = Arc::new(AtomicBool::new(checked.message_content));
    // Set once this process has its turn to log in (fixed shard ranges).
    let login_turn: Arc<std::sync::OnceLock<Arc<shards::LoginTurn>>> = Default::default();
    let make_data = || Data {
        pipeline: Arc::clone(&pipeline),
        limits: Arc::clone(&limits),
        config: config.clone(),
        guild_id: conn.guild_id.map(serenity::GuildId::new),
        message_content: Arc::clone(&message_content),
        registers_commands: config.bot.register_commands && shards.has_shard_zero(),
        login_turn: Arc::clone(&login_turn),
    };
    let connect = |intents: GatewayIntents, data: Data| {
        ClientBuilder::new_with_http(make_http(&conn, Some(checked.application_id)), intents)
            .framework(framework(data))
            .event_handler(metrics::MetricsEvents)
    };
    let mut intents = startup::intents(checked.message_content);
    let mut client = connect(intents, make_data())
        .await
        .context("connecting to Discord")?;

    let outbox = Arc::new(DiscordOutbox::new(Arc::clone(&client.http)));
    let background = Background::start(&pipeline, &outbox, &config);
    // Links posted while the bot was down (app code; REST only, so it needs
    // no gateway session).
    let catch_up = tokio::spawn({
        let pipeline = Arc::clone(&pipeline);
        let history = Arc::clone(&outbox);
        async move {
            if let Err(e) = pipeline.catch_up(history.as_ref()).await {
                warn!(error = %e, "catch-up on start failed");
            }
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

    // A fixed range logs in when the cluster's start queue says it may.
    if let Some(ids) = shards.ids() {
        let max_concurrency = match client.http.get_bot_gateway().await {
            Ok(g) => u32::try_from(g.session_start_limit.max_concurrency).unwrap_or(u32::MAX),
            Err(e) => {
                warn!(error = %e, "could not read the gateway's max_concurrency; assuming 1");
                1
            }
        };
        let count = ids.end() - ids.start() + 1;
        let turn = Arc::new(shards::LoginTurn::new(
            store.clone(),
            shards::buckets(ids, max_concurrency),
            count,
            Duration::from_millis(config.bot.identify_spacing_ms),
        ));
        tokio::select! {
            r = turn.wait() => if let Err(e) = r {
                warn!(error = %format!("{e:#}"), "the gateway start queue failed; logging in now");
            },
            _ = shutdown.cancelled() => {}
        }
        let _ = login_turn.set(turn);
    }
    info!(shards = %shards, "opening the gateway");

    let mut http_failures = 0;
    let result = loop {
        let shard_manager = Arc::clone(&client.shard_manager);
        let gateway = async {
            match shards {
                // Serenity's range end is inclusive, whatever its type says.
                Shards::Range { first, last, total } => {
                    client.start_shard_range(first..last, total).await
                }
                Shards::Auto if conn.api_url.is_some() => client.start().await,
                Shards::Auto => client.start_autosharded().await,
            }
        };
        let ended = tokio::select! {
            r = gateway => r,
            _ = shutdown.cancelled() => {
                info!("shutting down: closing the gateway");
                // serenity waits for shards it is still trying to start and
                // for Discord's goodbye; neither may hold up the stop.
                let _ = tokio::time::timeout(STOP_GRACE / 2, shard_manager.shutdown_all()).await;
                break Ok(());
            }
        };
        match ended {
            Ok(()) => break Ok(()),
            // The portal switch is off although the flags said otherwise
            // (or Discord did not say): connect again without the intent.
            Err(serenity::Error::Gateway(serenity::GatewayError::DisallowedGatewayIntents))
                if intents.contains(GatewayIntents::MESSAGE_CONTENT) =>
            {
                warn!(
                    "Discord refused the Message Content intent (close code 4014); connecting \
                     again without it"
                );
                warn!("{}", startup::message_content_off(checked.application_id));
                message_content.store(false, Ordering::Relaxed);
                intents.remove(GatewayIntents::MESSAGE_CONTENT);
                // The refused shard's runner has ended; its idle queuer is
                // left to the process's end (telling it to stop only logs
                // that the runner is gone).
                drop(shard_manager);
                client = match connect(intents, make_data()).await {
                    Ok(c) => c,
                    Err(e) => break Err(anyhow::Error::new(e).context("connecting to Discord")),
                };
            }
            // Asking Discord how to shard failed (autosharding): as at
            // start-up, a network problem is waited out.
            Err(e @ serenity::Error::Http(_)) => match startup::classify(e) {
                startup::Failure::Temporary(reason) => {
                    http_failures += 1;
                    let wait = startup::backoff(http_failures);
                    warn!(
                        "cannot reach Discord to open the gateway: {reason}; trying again in {} s",
                        wait.as_secs()
                    );
                    tokio::select! {
                        _ = shutdown.cancelled() => break Ok(()),
                        _ = tokio::time::sleep(wait) => {}
                    }
                }
                startup::Failure::Fatal(e) => break Err(e),
            },
            Err(e) => {
                break Err(match startup::fatal_gateway_error(&e) {
                    Some(meaning) => meaning,
                    None => anyhow::anyhow!(
                        "the Discord connection failed: {}",
                        startup::plain_reason(&e)
                    ),
                })
            }
        }
    };
    if let Err(e) = &result {
        warn!("gateway stopped: {e:#}");
    }
    shutdown.cancel();
    catch_up.abort();
    background.stop(&pipeline).await;
    let _ = pruner.await;
    Opened {
        store,
        pipeline,
        metrics,
    }
    .close()
    .await;
    info!("stopped");
    result
}

/// The poise framework: the commands, the event handler, and on READY the
/// command registration.
fn framework(data: Data) -> poise::Framework<Data, Error> {
    poise::Framework::builder()
        .options(poise::FrameworkOptions {
            commands: commands::all(),
            allowed_mentions: Some(convert::no_mentions()),
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
                // One process registers (the one with shard 0): Discord keeps
                // one list per application, and every PUT replaces it.
                if data.registers_commands {
                    register_commands(&ctx.http, data.guild_id, &framework.options().commands)
                        .await?;
                }
                Ok(data)
            })
        })
        .build()
}

async fn register_commands(
    http: &serenity::Http,
    guild_id: Option<serenity::GuildId>,
    commands: &[poise::Command<Data, Error>],
) -> Result<(), serenity::Error> {
    match guild_id {
        Some(g) => poise::builtins::register_in_guild(http, commands, g).await,
        None => poise::builtins::register_globally(http, commands).await,
    }
}

/// `clashwatch register`: register the slash commands over REST and exit,
/// for deployments where no bot process registers them on connecting.
pub async fn register(conn: Connection, shutdown: CancellationToken) -> anyhow::Result<()> {
    let http = make_http(&conn, None);
    let Some(checked) = startup::check(&http, &conn, &shutdown).await? else {
        return Ok(());
    };
    let http = make_http(&conn, Some(checked.application_id));
    let commands = commands::all();
    register_commands(&http, conn.guild_id.map(serenity::GuildId::new), &commands)
        .await
        .context("registering the slash commands")?;
    match conn.guild_id {
        Some(g) => info!(
            commands = commands.len(),
            server = g,
            "slash commands registered in one server"
        ),
        None => info!(
            commands = commands.len(),
            "slash commands registered globally"
        ),
    }
    Ok(())
}

/// `clashwatch worker`: no gateway connection. Reads articles, sends replies
/// and alerts over REST, and runs the cluster's periodic work when it holds
/// its lease, beside any number of bot and worker processes on one database.
pub async fn worker(
    config: Config,
    conn: Connection,
    shutdown: CancellationToken,
) -> anyhow::Result<()> {
    let checked = {
        let http = make_http(&conn, None);
        match startup::check(&http, &conn, &shutdown).await? {
            Some(checked) => checked,
            None => {
                info!("stopped before starting");
                return Ok(());
            }
        }
    };
    let opened = Opened::open(&config, &shutdown).await?;
    let pipeline = Arc::clone(&opened.pipeline);
    let http = Arc::new(make_http(&conn, Some(checked.application_id)));
    let outbox = Arc::new(DiscordOutbox::new(http));
    let background = Background::start(&pipeline, &outbox, &config);
    info!(worker = pipeline.worker_id(), "worker started (no gateway)");
    shutdown.cancelled().await;
    info!("shutting down the worker");
    background.stop(&pipeline).await;
    opened.close().await;
    info!("stopped");
    Ok(())
}

/// What every role opens once Discord accepted the token, and closes last.
struct Opened {
    store: Store,
    pipeline: Arc<Pipeline>,
    metrics: Option<crate::metrics::http::MetricsServer>,
}

impl Opened {
    /// The database (with the default trusted sources recorded: every role
    /// decides alerts), the reader, and the operators' listener. The
    /// gazetteer is built in the background meanwhile, not when the first
    /// link arrives.
    async fn open(config: &Config, shutdown: &CancellationToken) -> anyhow::Result<Opened> {
        tokio::task::spawn_blocking(crate::facts::warm_up);
        let store = Store::open(&config.database.url, config.database.max_connections)
            .await
            .with_context(|| format!("opening the database {}", redact(&config.database.url)))?;
        let trusted = crate::trust::default_domains(Some(&config.alerts.trusted_sources_file))
            .context("reading the default trusted sources")?;
        store
            .set_default_trusted(&trusted)
            .await
            .context("recording the default trusted sources")?;
        let fetcher = Fetcher::new(&config.fetch).context("setting up the article fetcher")?;
        let pipeline = Arc::new(Pipeline::new(store.clone(), fetcher, config));
        let metrics =
            crate::metrics::http::serve(&config.metrics.listen, store.clone(), shutdown.clone())
                .await?;
        Ok(Opened {
            store,
            pipeline,
            metrics,
        })
    }

    async fn close(self) {
        if let Some(m) = self.metrics {
            let _ = m.task.await;
        }
        if tokio::time::timeout(STOP_GRACE / 4, self.store.close())
            .await
            .is_err()
        {
            warn!("the database did not close in time");
        }
    }
}

/// The work every process does whatever its role (`run` or `worker`): the
/// job workers (with their rescue and pruning ticks) and the alert senders.
/// Add a background task here and both roles run it.
struct Background {
    stop: CancellationToken,
    tasks: Vec<tokio::task::JoinHandle<()>>,
}

impl Background {
    fn start(pipeline: &Arc<Pipeline>, outbox: &Arc<DiscordOutbox>, config: &Config) -> Background {
        let stop = CancellationToken::new();
        let mut tasks = Vec::new();
        tasks.push(tokio::spawn(
            Arc::clone(pipeline).run_workers(Arc::clone(outbox), stop.clone()),
        ));
        let alerts = Arc::new(Alerts::new(
            pipeline.store().clone(),
            &config.alerts,
            pipeline.alerts_wake(),
        ));
        tasks.push(tokio::spawn(alerts.run(
            Arc::new(DiscordAlerts {
                outbox: Arc::clone(outbox),
            }),
            stop.clone(),
        )));
        tasks.push(crate::feeds::Poller::spawn(
            Arc::clone(pipeline),
            config,
            Arc::new(DiscordAlerts {
                outbox: Arc::clone(outbox),
            }),
            stop.clone(),
        ));
        Background { stop, tasks }
    }

    /// Stop taking work; jobs in flight get the grace period, then what
    /// didn't finish is handed back for another process (or the next start).
    async fn stop(self, pipeline: &Pipeline) {
        self.stop.cancel();
        let tasks = self.tasks;
        let stopped = tokio::time::timeout(STOP_GRACE, async {
            for t in tasks {
                let _ = t.await;
            }
        })
        .await;
        if stopped.is_err() {
            warn!("work in flight did not finish in time; handing it back");
            match pipeline.hand_back_jobs().await {
                Ok(0) => {}
                Ok(n) => info!(jobs = n, "handed unfinished jobs back to the queue"),
                Err(e) => warn!(error = %e, "could not hand jobs back; their leases will expire"),
            }
        }
    }
}

async fn on_event(
    ctx: &serenity::Context,
    event: &FullEvent,
    _framework: poise::FrameworkContext<'_, Data, Error>,
    data: &Data,
) -> Result<(), Error> {
    match event {
        FullEvent::Message { new_message } => on_message(ctx, new_message, data).await,
        FullEvent::Ready { data_about_bot } => {
            if let (Some(turn), Some(shard)) = (data.login_turn.get(), data_about_bot.shard) {
                turn.shard_ready(shard.id.0).await;
            }
        }
        _ => {}
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
    // Also remembers the message as seen, so catch-up after a restart
    // starts after it.
    match store
        .saw_message(msg.channel_id.get() as i64, msg.id.get() as i64)
        .await
    {
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
        checks::links_refused(ctx, msg, data, refusal).await;
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
