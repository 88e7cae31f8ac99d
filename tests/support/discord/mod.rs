//! A local Discord-compatible API (REST + gateway websocket) for end-to-end tests.
//!
//! The bot under test talks to it exactly as it talks to Discord: serenity's `HttpBuilder::proxy`
//! points REST at [`DiscordSim::base_url`] (with the ratelimiter disabled) and the gateway URL
//! handed out by `GET /api/v10/gateway` leads to the websocket served here. Tests inject gateway
//! events (messages, slash commands, context-menu commands, autocomplete) and inspect what the bot
//! sent back. Every payload is complete enough for serenity's own model types; a payload missing a
//! required field would be silently dropped by serenity, which `tests/discord_sim.rs` guards
//! against.
//!
//! Discord's own behaviour that a bot can get wrong is enforced rather than ignored: the 3-second
//! interaction window, "already acknowledged", message and embed size limits, unknown reply
//! targets, `enforce_nonce` de-duplication, privileged intents, and the mention rules of
//! `allowed_mentions` (the stored message says who would have been pinged). Roles and channel
//! permission overwrites decide what members and the bot may do in each channel, computed the way
//! Discord computes them (`permissions.rs`).
//!
//! ```ignore
//! let sim = DiscordSim::start().await;
//! let http = HttpBuilder::new(sim.token()).proxy(sim.base_url()).ratelimiter_disabled(true).build();
//! // ... start the bot with `http` (or `DISCORD_API_URL=sim.base_url()`), then:
//! assert!(sim.wait_ready(Duration::from_secs(5)).await);
//! let news = sim.channel_id("news");
//! let msg = sim.post_message(news, &SimUser::member("alice"), "https://127.0.0.1:PORT/story");
//! let replies = sim.wait_until(timeout, |s| Some(s.replies_to(msg)).filter(|r| !r.is_empty())).await;
//! let id = sim.slash_command(news, &SimUser::moderator("mod"), "watch",
//!     json!([{"type": 1, "name": "add", "options": [{"type": 7, "name": "channel", "value": news.to_string()}]}]));
//! let responses = sim.wait_for_interaction_response(id, 1, timeout).await;
//! shard_manager.shutdown_all().await; // serenity reconnects otherwise
//! ```

mod faults;
mod gateway;
mod payloads;
mod rest;
mod snowflake;
mod startup;
mod state;

mod permissions;

use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use tokio::sync::watch;

#[allow(unused_imports)] // not every test crate breaks Discord
pub use faults::FaultConfig;
pub use snowflake::next_id;
use state::State;

// Not every test crate sets permissions.
#[allow(unused_imports)]
pub use permissions::{OverwriteFor, ALL_PERMISSIONS, MENTION_EVERYONE};

pub const ADD_REACTIONS: u64 = 1 << 6;
pub const ADMINISTRATOR: u64 = 1 << 3;
pub const MANAGE_CHANNELS: u64 = 1 << 4;
pub const VIEW_CHANNEL: u64 = 1 << 10;
pub const SEND_MESSAGES: u64 = 1 << 11;
pub const MANAGE_MESSAGES: u64 = 1 << 13;
pub const EMBED_LINKS: u64 = 1 << 14;
pub const ATTACH_FILES: u64 = 1 << 15;
pub const READ_MESSAGE_HISTORY: u64 = 1 << 16;
pub const USE_EXTERNAL_EMOJIS: u64 = 1 << 18;
pub const USE_APPLICATION_COMMANDS: u64 = 1 << 31;
pub const SEND_MESSAGES_IN_THREADS: u64 = 1 << 38;

/// What `@everyone` may do in the simulated guilds, and so what a plain member may do.
pub const MEMBER_PERMISSIONS: u64 = ADD_REACTIONS
    | VIEW_CHANNEL
    | SEND_MESSAGES
    | EMBED_LINKS
    | ATTACH_FILES
    | READ_MESSAGE_HISTORY
    | USE_EXTERNAL_EMOJIS
    | USE_APPLICATION_COMMANDS
    | SEND_MESSAGES_IN_THREADS;
/// A moderator is a member who may also manage channels (what `/watch` requires).
pub const MODERATOR_PERMISSIONS: u64 = MEMBER_PERMISSIONS | MANAGE_CHANNELS;
/// What the bot's managed role grants it.
pub const BOT_PERMISSIONS: u64 = MEMBER_PERMISSIONS | MANAGE_MESSAGES;

/// Gateway intents the simulator understands when filtering dispatches.
pub const INTENT_GUILDS: u64 = 1 << 0;
pub const INTENT_GUILD_MESSAGES: u64 = 1 << 9;
pub const INTENT_DIRECT_MESSAGES: u64 = 1 << 12;
pub const INTENT_MESSAGE_CONTENT: u64 = 1 << 15;

/// A person (or another bot) in the simulated guilds. `permissions` are the member's
/// server-wide permissions (@everyone and the roles that come with them); interactions carry
/// them as Discord does, computed for the channel with its overwrites (`permissions.rs`).
/// Members with `MANAGE_CHANNELS` also get the guild's "Moderator" role.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SimUser {
    pub id: u64,
    pub name: String,
    pub bot: bool,
    pub permissions: u64,
}

impl SimUser {
    pub fn member(name: &str) -> Self {
        Self::with_permissions(name, MEMBER_PERMISSIONS)
    }

    pub fn moderator(name: &str) -> Self {
        Self::with_permissions(name, MODERATOR_PERMISSIONS)
    }

    pub fn bot(name: &str) -> Self {
        Self {
            bot: true,
            ..Self::with_permissions(name, BOT_PERMISSIONS)
        }
    }

    pub fn with_permissions(name: &str, permissions: u64) -> Self {
        Self {
            id: next_id(),
            name: name.to_string(),
            bot: false,
            permissions,
        }
    }
}

/// A guild to create at start: its name and the names of its text channels.
#[derive(Clone, Debug)]
pub struct GuildSpec {
    pub name: String,
    pub channels: Vec<String>,
}

#[derive(Clone, Debug)]
pub struct SimConfig {
    pub guilds: Vec<GuildSpec>,
    pub heartbeat_interval_ms: u64,
    /// `shards` answered by `GET /gateway/bot`.
    pub recommended_shards: u32,
    /// Whether the application may use the privileged Message Content intent; when false an
    /// IDENTIFY asking for it is closed with 4014 like Discord does.
    pub allow_message_content: bool,
    /// Discord echoes the bot's own messages back as MESSAGE_CREATE; keep that on unless a test
    /// needs a quiet gateway.
    pub echo_own_messages: bool,
    /// Discord's window for the first interaction response.
    pub interaction_window: Duration,
}

impl Default for SimConfig {
    fn default() -> Self {
        Self {
            guilds: vec![GuildSpec {
                name: "Conflict Watchers".to_string(),
                channels: ["general", "news", "alerts", "offtopic"]
                    .map(String::from)
                    .to_vec(),
            }],
            heartbeat_interval_ms: 1000,
            recommended_shards: 1,
            allow_message_content: true,
            echo_own_messages: true,
            interaction_window: Duration::from_secs(3),
        }
    }
}

/// One HTTP request the bot made, whatever the route.
#[derive(Clone, Debug)]
pub struct RecordedRequest {
    pub method: String,
    /// Path without the query, e.g. `/api/v10/channels/123/messages`.
    pub path: String,
    pub query: Option<String>,
    /// The JSON body (`payload_json` for multipart), `Value::Null` when there was none.
    pub body: Value,
    pub status: u16,
    pub authorization: Option<String>,
    /// Files of a multipart body.
    pub files: Vec<UploadedFile>,
    pub at: Instant,
}

/// A file the bot uploaded with a message.
#[derive(Clone, Debug)]
pub struct UploadedFile {
    /// The form field, `files[0]`...
    pub field: String,
    pub filename: String,
    pub content_type: String,
    pub bytes: Vec<u8>,
}

/// A message the bot created with `POST /channels/{id}/messages`.
#[derive(Clone, Debug)]
pub struct PostedMessage {
    pub id: u64,
    pub channel_id: u64,
    /// The JSON the bot sent.
    pub body: Value,
    /// The Message object answered (with the mentions Discord would have resolved).
    pub message: Value,
    pub at: Instant,
}

impl PostedMessage {
    pub fn content(&self) -> &str {
        self.body["content"].as_str().unwrap_or("")
    }

    pub fn embeds(&self) -> Vec<Value> {
        self.body["embeds"].as_array().cloned().unwrap_or_default()
    }

    /// The message this one replies to, from `message_reference`.
    pub fn reply_to(&self) -> Option<u64> {
        id_of(&self.body["message_reference"]["message_id"])
    }

    /// Whether anyone would have been notified: `@everyone`/`@here`, users or roles.
    pub fn pings_anyone(&self) -> bool {
        self.message["mention_everyone"].as_bool() == Some(true)
            || self.message["mentions"]
                .as_array()
                .is_some_and(|m| !m.is_empty())
            || self.message["mention_roles"]
                .as_array()
                .is_some_and(|m| !m.is_empty())
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ResponseKind {
    /// `POST /interactions/{id}/{token}/callback`.
    Callback,
    /// `POST /webhooks/{app}/{token}`.
    Followup,
    /// `PATCH /webhooks/{app}/{token}/messages/@original`.
    EditOriginal,
    /// `PATCH /webhooks/{app}/{token}/messages/{id}`.
    EditFollowup,
    DeleteOriginal,
    DeleteFollowup,
}

/// Something the bot did to answer one interaction.
#[derive(Clone, Debug)]
pub struct InteractionResponse {
    pub kind: ResponseKind,
    /// The callback's `type` (4 message, 5 deferred, 8 autocomplete result, ...).
    pub callback_type: Option<u64>,
    /// Message-shaped data: the callback's `data`, or the follow-up / edit body.
    pub body: Value,
    pub at: Instant,
}

impl InteractionResponse {
    pub fn content(&self) -> Option<&str> {
        self.body["content"].as_str()
    }

    pub fn embeds(&self) -> Vec<Value> {
        self.body["embeds"].as_array().cloned().unwrap_or_default()
    }

    pub fn ephemeral(&self) -> bool {
        self.body["flags"].as_u64().is_some_and(|f| f & 64 != 0)
    }

    /// The choices of an autocomplete result (callback type 8).
    pub fn choices(&self) -> Vec<Value> {
        self.body["choices"].as_array().cloned().unwrap_or_default()
    }
}

#[derive(Clone, Debug)]
pub struct ReactionRecord {
    pub channel_id: u64,
    pub message_id: u64,
    pub emoji: String,
    pub added: bool,
    pub at: Instant,
}

#[derive(Clone, Debug)]
pub struct SimChannel {
    pub id: u64,
    pub guild_id: u64,
    pub name: String,
}

/// State shared by the HTTP handlers, the websocket tasks and the test.
pub(crate) struct Shared {
    state: Mutex<State>,
    /// Bumped on every change so waiters re-check.
    changed: watch::Sender<u64>,
    shutdown: watch::Sender<bool>,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, State> {
        // A panicking handler must not wedge every later assertion.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Runs `f` on the state and wakes the waiters.
    /// Like `update`, without waking waiters (for polling loops).
    fn update_quiet<T>(&self, f: impl FnOnce(&mut State) -> T) -> T {
        f(&mut self.lock())
    }

    fn update<T>(&self, f: impl FnOnce(&mut State) -> T) -> T {
        let out = f(&mut self.lock());
        self.changed.send_modify(|v| *v += 1);
        out
    }
}

struct ServerGuard {
    shared: Arc<Shared>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for ServerGuard {
    fn drop(&mut self) {
        let _ = self.shared.shutdown.send(true);
        self.task.abort();
    }
}

/// Handle on a running simulator; clones share it, and it stops when the last clone is dropped.
#[derive(Clone)]
pub struct DiscordSim {
    shared: Arc<Shared>,
    guard: Arc<ServerGuard>,
    addr: SocketAddr,
}

impl DiscordSim {
    pub async fn start() -> DiscordSim {
        Self::start_with(SimConfig::default()).await
    }

    pub async fn start_with(config: SimConfig) -> DiscordSim {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind 127.0.0.1:0 for the Discord simulator");
        let addr = listener.local_addr().expect("simulator local address");
        let state = State::new(&config, addr);
        let (changed, _) = watch::channel(0);
        let (shutdown, _) = watch::channel(false);
        let shared = Arc::new(Shared {
            state: Mutex::new(state),
            changed,
            shutdown,
        });
        let router = axum::Router::new()
            .route("/gw", axum::routing::get(gateway::upgrade))
            .route("/gw/", axum::routing::get(gateway::upgrade))
            .fallback(rest::handle)
            .with_state(shared.clone());
        let mut stop = shared.shutdown.subscribe();
        // Without TCP_NODELAY, Nagle + delayed ACKs add ~40 ms to every small response.
        let listener = axum::serve::ListenerExt::tap_io(listener, |tcp| {
            let _ = tcp.set_nodelay(true);
        });
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, router)
                .with_graceful_shutdown(async move {
                    let _ = stop.wait_for(|s| *s).await;
                })
                .await;
        });
        DiscordSim {
            guard: Arc::new(ServerGuard {
                shared: shared.clone(),
                task,
            }),
            shared,
            addr,
        }
    }

    /// Stops serving and closes every gateway connection (the bot will try to reconnect and
    /// fail; stop the bot first).
    pub fn stop(&self) {
        let _ = self.shared.shutdown.send(true);
        self.guard.task.abort();
    }

    /// `http://127.0.0.1:PORT`: serenity's `HttpBuilder::proxy` and `DISCORD_API_URL`.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// `ws://127.0.0.1:PORT/gw`.
    pub fn gateway_url(&self) -> String {
        format!("ws://{}/gw", self.addr)
    }

    /// A token in Discord's format; the simulator accepts any non-empty `Bot` token.
    pub fn token(&self) -> String {
        self.shared.lock().token.clone()
    }

    pub fn application_id(&self) -> u64 {
        self.shared.lock().app_id
    }

    pub fn bot_user(&self) -> SimUser {
        self.shared.lock().bot.clone()
    }

    /// The guild owner (ADMINISTRATOR); also the application's owner.
    pub fn owner(&self) -> SimUser {
        self.shared.lock().owner.clone()
    }

    /// The first guild's id.
    pub fn guild_id(&self) -> u64 {
        self.shared.lock().guilds[0].id
    }

    pub fn guild_ids(&self) -> Vec<u64> {
        self.shared.lock().guilds.iter().map(|g| g.id).collect()
    }

    /// Id of the first guild's channel named `name`. Panics when there is none (a test bug).
    pub fn channel_id(&self, name: &str) -> u64 {
        let state = self.shared.lock();
        state.guilds[0]
            .channels
            .iter()
            .find(|c| c.name == name)
            .map(|c| c.id)
            .unwrap_or_else(|| panic!("the simulated guild has no channel named {name:?}"))
    }

    pub fn channels(&self) -> Vec<SimChannel> {
        let state = self.shared.lock();
        state
            .guilds
            .iter()
            .flat_map(|g| {
                g.channels.iter().map(|c| SimChannel {
                    id: c.id,
                    guild_id: g.id,
                    name: c.name.clone(),
                })
            })
            .collect()
    }

    /// Adds a text channel to `guild_id`; a connected bot gets CHANNEL_CREATE.
    pub fn add_channel(&self, guild_id: u64, name: &str) -> u64 {
        self.shared
            .update(|state| state.add_channel(guild_id, name))
    }

    /// Adds a guild (the bot "joins" it); a connected bot gets GUILD_CREATE.
    pub fn add_guild(&self, spec: GuildSpec) -> u64 {
        self.shared.update(|state| state.add_guild(&spec))
    }

    /// Makes every POST into the channel (messages, typing, reactions) answer
    /// 403 Missing Permissions.
    pub fn forbid_channel(&self, channel_id: u64) {
        self.shared.update(|state| {
            state.forbidden.insert(channel_id);
        });
    }

    /// Hold every message post to `channel_id` unanswered until [`Self::release_channel`].
    pub fn stall_channel(&self, channel_id: u64) {
        self.shared.update(|state| {
            state.stalled.insert(channel_id);
        });
    }

    pub fn release_channel(&self, channel_id: u64) {
        self.shared.update(|state| {
            state.stalled.remove(&channel_id);
        });
    }

    /// Message posts to `channel_id` that arrived while it was stalled.
    pub fn stalled_posts(&self, channel_id: u64) -> usize {
        self.shared.update_quiet(|state| {
            state
                .stalled_posts
                .iter()
                .filter(|c| **c == channel_id)
                .count()
        })
    }

    pub fn allow_channel(&self, channel_id: u64) {
        self.shared.update(|state| {
            state.forbidden.remove(&channel_id);
        });
    }

    // ---- gateway -------------------------------------------------------------------------

    /// Waits until a bot has identified and received READY (and its GUILD_CREATEs).
    pub async fn wait_ready(&self, timeout: Duration) -> bool {
        self.wait_until(timeout, |sim| {
            (sim.shared.lock().ready_count > 0).then_some(())
        })
        .await
        .is_some()
    }

    /// Waits until `n` READY were sent in total (e.g. a restarted bot identified again).
    pub async fn wait_for_ready_count(&self, n: usize, timeout: Duration) -> bool {
        self.wait_until(timeout, |sim| (sim.ready_count() >= n).then_some(()))
            .await
            .is_some()
    }

    /// How many READY were sent (one per IDENTIFY, so a reconnect without resume counts).
    pub fn ready_count(&self) -> usize {
        self.shared.lock().ready_count
    }

    /// How many gateway connections are open with an identified or resumed session.
    pub fn connected_sessions(&self) -> usize {
        self.shared
            .lock()
            .sessions
            .values()
            .filter(|s| s.ready && s.tx.is_some())
            .count()
    }

    /// Every IDENTIFY accepted: the shard it asked for (`[id, total]`, none when unsharded)
    /// and when, in order. Each guild's events go only to its shard's sessions.
    pub fn identified_shards(&self) -> Vec<(Option<(u64, u64)>, Instant)> {
        self.shared.lock().identifies.clone()
    }

    /// What `GET /gateway/bot` answers as `session_start_limit.max_concurrency`.
    pub fn set_max_concurrency(&self, n: u32) {
        self.shared.update(|state| state.max_concurrency = n.max(1));
    }

    /// The intents of the most recent IDENTIFY.
    pub fn identified_intents(&self) -> Option<u64> {
        self.shared.lock().last_intents
    }

    /// Every gateway frame sent to any session, in order (HELLO, READY, dispatches, ACKs excluded).
    pub fn sent_frames(&self) -> Vec<Value> {
        self.shared.lock().frames.clone()
    }

    /// Sends op 7 RECONNECT to every connection: the bot should reconnect and RESUME.
    pub fn request_reconnect(&self) {
        self.shared
            .update(|state| state.send_all(json!({"op": 7, "d": null})));
    }

    /// Injects MESSAGE_CREATE for a message `author` posts in `channel_id`; returns its id.
    pub fn post_message(&self, channel_id: u64, author: &SimUser, content: &str) -> u64 {
        self.post_message_with(channel_id, author, content, Value::Null)
    }

    /// Like [`post_message`](Self::post_message), with `extra` fields merged into the message
    /// object (e.g. `{"embeds": [...]}` or a `message_reference`).
    pub fn post_message_with(
        &self,
        channel_id: u64,
        author: &SimUser,
        content: &str,
        extra: Value,
    ) -> u64 {
        self.shared
            .update(|state| state.inject_message(channel_id, author, content, extra))
    }

    /// When the MESSAGE_CREATE of an injected message was dispatched.
    pub fn injected_at(&self, message_id: u64) -> Option<Instant> {
        self.shared.lock().injected_at.get(&message_id).copied()
    }

    /// Injects a chat-input command (INTERACTION_CREATE type 2) by `user` in `channel_id`.
    /// `options` is Discord's `data.options` array, e.g.
    /// `json!([{"type":1,"name":"recent","options":[{"type":3,"name":"region","value":"Sahel"}]}])`;
    /// subcommands get `"options":[]` when missing, and channel/user/role values are added to
    /// `data.resolved`. Returns the interaction id.
    pub fn slash_command(
        &self,
        channel_id: u64,
        user: &SimUser,
        name: &str,
        options: Value,
    ) -> u64 {
        self.shared
            .update(|state| state.inject_command(channel_id, user, name, options, 2, None))
    }

    /// Injects an autocomplete interaction (type 4); mark the option being typed with
    /// `"focused": true`.
    pub fn autocomplete(&self, channel_id: u64, user: &SimUser, name: &str, options: Value) -> u64 {
        self.shared
            .update(|state| state.inject_command(channel_id, user, name, options, 4, None))
    }

    /// Injects a message context-menu command (data.type 3) on `target_message_id`, which must
    /// be a message the simulator knows (injected or posted by the bot).
    pub fn message_command(
        &self,
        channel_id: u64,
        user: &SimUser,
        name: &str,
        target_message_id: u64,
    ) -> u64 {
        self.shared.update(|state| {
            state.inject_command(
                channel_id,
                user,
                name,
                Value::Null,
                2,
                Some(target_message_id),
            )
        })
    }

    /// When the INTERACTION_CREATE was dispatched.
    pub fn interaction_sent_at(&self, interaction_id: u64) -> Option<Instant> {
        self.shared
            .lock()
            .interactions
            .get(&interaction_id)
            .map(|i| i.created)
    }

    // ---- inspection ----------------------------------------------------------------------

    /// Bodies the bot posted into `channel_id`, in order.
    pub fn messages(&self, channel_id: u64) -> Vec<Value> {
        self.posted(channel_id)
            .into_iter()
            .map(|m| m.body)
            .collect()
    }

    /// Messages the bot posted into `channel_id`, with ids, answers and times.
    pub fn posted(&self, channel_id: u64) -> Vec<PostedMessage> {
        self.shared
            .lock()
            .posted
            .iter()
            .filter(|m| m.channel_id == channel_id)
            .cloned()
            .collect()
    }

    /// Every message the bot posted, in order.
    pub fn all_posted(&self) -> Vec<PostedMessage> {
        self.shared.lock().posted.clone()
    }

    /// The bot's messages replying to `message_id`.
    pub fn replies_to(&self, message_id: u64) -> Vec<PostedMessage> {
        self.shared
            .lock()
            .posted
            .iter()
            .filter(|m| m.reply_to() == Some(message_id))
            .cloned()
            .collect()
    }

    /// Time from an injected message's MESSAGE_CREATE to the bot's first reply POST to it.
    pub fn reply_latency(&self, message_id: u64) -> Option<Duration> {
        let sent = self.injected_at(message_id)?;
        let reply = self.replies_to(message_id).into_iter().next()?;
        Some(reply.at.saturating_duration_since(sent))
    }

    /// Waits until the bot posted at least `n` messages in `channel_id`, or the timeout; returns
    /// what was posted either way (so `assert_eq!(len, n)` explains a failure).
    pub async fn wait_for_messages(
        &self,
        channel_id: u64,
        n: usize,
        timeout: Duration,
    ) -> Vec<Value> {
        // Count under the lock; cloning every body on every change would be quadratic.
        self.wait_until(timeout, |sim| {
            let count = sim
                .shared
                .lock()
                .posted
                .iter()
                .filter(|m| m.channel_id == channel_id)
                .count();
            (count >= n).then_some(())
        })
        .await;
        self.messages(channel_id)
    }

    /// Edits (`PATCH /channels/{c}/messages/{m}`) as (message id, body).
    pub fn message_edits(&self, channel_id: u64) -> Vec<(u64, Value)> {
        self.shared
            .lock()
            .edits
            .iter()
            .filter(|e| e.0 == channel_id)
            .map(|e| (e.1, e.2.clone()))
            .collect()
    }

    pub fn deleted_messages(&self, channel_id: u64) -> Vec<u64> {
        self.shared
            .lock()
            .deletions
            .iter()
            .filter(|d| d.0 == channel_id)
            .map(|d| d.1)
            .collect()
    }

    pub fn reactions(&self, channel_id: u64) -> Vec<ReactionRecord> {
        self.shared
            .lock()
            .reactions
            .iter()
            .filter(|r| r.channel_id == channel_id)
            .cloned()
            .collect()
    }

    /// How many typing indicators the bot triggered in `channel_id`.
    pub fn typing_count(&self, channel_id: u64) -> usize {
        self.shared
            .lock()
            .typing
            .iter()
            .filter(|t| t.0 == channel_id)
            .count()
    }

    /// Callback, follow-ups and edits the bot made for one interaction, in order. Requests that
    /// Discord would have refused (late, twice acknowledged, invalid body) are not included;
    /// they are in [`requests`](Self::requests) with their 4xx status.
    pub fn interaction_responses(&self, interaction_id: u64) -> Vec<InteractionResponse> {
        self.shared
            .lock()
            .interactions
            .get(&interaction_id)
            .map(|i| i.responses.clone())
            .unwrap_or_default()
    }

    /// Waits for at least `n` responses to the interaction; returns them either way.
    pub async fn wait_for_interaction_response(
        &self,
        interaction_id: u64,
        n: usize,
        timeout: Duration,
    ) -> Vec<InteractionResponse> {
        self.wait_until(timeout, |sim| {
            let got = sim.interaction_responses(interaction_id);
            (got.len() >= n).then_some(got)
        })
        .await
        .unwrap_or_else(|| self.interaction_responses(interaction_id))
    }

    /// The interaction's original response message as it stands now (after edits).
    pub fn original_response(&self, interaction_id: u64) -> Option<Value> {
        self.shared
            .lock()
            .interactions
            .get(&interaction_id)
            .and_then(|i| i.original.clone())
    }

    /// Every HTTP request the bot made, in order.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.shared.lock().requests.clone()
    }

    /// Files uploaded while answering an interaction (its callback,
    /// follow-ups and edits), in the order they came.
    pub fn interaction_uploads(&self, interaction_id: u64) -> Vec<UploadedFile> {
        let state = self.shared.lock();
        let Some(token) = state
            .interactions
            .get(&interaction_id)
            .map(|i| i.token.clone())
        else {
            return Vec::new();
        };
        state
            .requests
            .iter()
            .filter(|r| r.path.split('/').any(|seg| seg == token))
            .flat_map(|r| r.files.iter().cloned())
            .collect()
    }

    /// Requests no route matched (answered 404 `Unknown route`).
    pub fn unknown_routes(&self) -> Vec<RecordedRequest> {
        self.shared.lock().unknown.clone()
    }

    /// Commands registered with `PUT /applications/{app}/commands` (global), as answered.
    pub fn registered_commands(&self) -> Vec<Value> {
        self.shared.lock().global_commands.clone()
    }

    /// Commands registered for one guild.
    pub fn registered_guild_commands(&self, guild_id: u64) -> Vec<Value> {
        self.shared
            .lock()
            .guild_commands
            .get(&guild_id)
            .cloned()
            .unwrap_or_default()
    }

    /// Waits until some command (global or guild) has been registered; returns all of them.
    pub async fn wait_for_commands(&self, timeout: Duration) -> Vec<Value> {
        self.wait_until(timeout, |sim| {
            let state = sim.shared.lock();
            let all: Vec<Value> = state
                .global_commands
                .iter()
                .chain(state.guild_commands.values().flatten())
                .cloned()
                .collect();
            (!all.is_empty()).then_some(all)
        })
        .await
        .unwrap_or_default()
    }

    /// Re-evaluates `check` on every change until it returns `Some` or `timeout` passes.
    pub async fn wait_until<T>(
        &self,
        timeout: Duration,
        mut check: impl FnMut(&DiscordSim) -> Option<T>,
    ) -> Option<T> {
        let mut rx = self.shared.changed.subscribe();
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            rx.borrow_and_update();
            if let Some(found) = check(self) {
                return Some(found);
            }
            match tokio::time::timeout_at(deadline, rx.changed()).await {
                Ok(Ok(())) => continue,
                _ => return check(self),
            }
        }
    }
}

pub(crate) fn id_of(value: &Value) -> Option<u64> {
    match value {
        Value::String(s) => s.parse().ok(),
        Value::Number(n) => n.as_u64(),
        _ => None,
    }
}
