//! The simulated world (guilds, channels, users, messages, interactions) and the gateway sessions
//! that receive its events.

use std::collections::{HashMap, HashSet};
use std::net::SocketAddr;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use regex::Regex;
use serde_json::{json, Value};
use tokio::sync::mpsc::UnboundedSender;

use super::payloads::{self, GuildParts, MessageParts};
use super::snowflake::{next_id, token_for};
use super::{
    id_of, GuildSpec, InteractionResponse, PostedMessage, ReactionRecord, RecordedRequest,
    SimConfig, SimUser, ADMINISTRATOR, INTENT_DIRECT_MESSAGES, INTENT_GUILD_MESSAGES,
    INTENT_MESSAGE_CONTENT, MANAGE_CHANNELS, MEMBER_PERMISSIONS, MODERATOR_PERMISSIONS,
};

/// Dispatches kept per session for RESUME replay.
const SESSION_LOG_LIMIT: usize = 10_000;

pub enum Outgoing {
    Text(String),
    Close(u16, &'static str),
}

pub struct ChannelState {
    pub id: u64,
    pub name: String,
    pub position: u16,
}

pub struct GuildState {
    pub id: u64,
    pub name: String,
    pub moderator_role: u64,
    pub bot_role: u64,
    pub joined_at: String,
    pub channels: Vec<ChannelState>,
}

pub struct Session {
    pub conn: u64,
    pub tx: Option<UnboundedSender<Outgoing>>,
    pub seq: u64,
    pub log: Vec<(u64, String)>,
    pub intents: u64,
    pub shard: Option<(u64, u64)>,
    pub ready: bool,
}

impl Session {
    /// Discord's shard routing: `(guild_id >> 22) % num_shards`; DMs go to shard 0.
    fn handles(&self, guild_id: Option<u64>) -> bool {
        match (self.shard, guild_id) {
            (None, _) | (Some((_, 0)), _) => true,
            (Some((id, total)), Some(g)) => (g >> 22) % total == id,
            (Some((id, _)), None) => id == 0,
        }
    }
}

pub struct InteractionState {
    pub token: String,
    /// 2 command, 4 autocomplete.
    pub interaction_type: u64,
    pub channel_id: u64,
    pub created: Instant,
    pub acknowledged: bool,
    pub responses: Vec<InteractionResponse>,
    pub original: Option<Value>,
    pub followups: HashMap<u64, Value>,
}

pub struct State {
    pub heartbeat_interval_ms: u64,
    pub recommended_shards: u32,
    pub allow_message_content: bool,
    pub echo_own_messages: bool,
    pub interaction_window: Duration,
    pub gateway_url: String,

    pub app_id: u64,
    pub token: String,
    pub bot: SimUser,
    pub owner: SimUser,
    pub guilds: Vec<GuildState>,
    /// Everyone the simulator has seen, with their guild join time.
    pub users: HashMap<u64, (SimUser, String)>,

    /// Every message (injected or posted by the bot) in REST form, by id.
    pub messages: HashMap<u64, (u64, Value)>,
    pub injected_at: HashMap<u64, Instant>,
    pub posted: Vec<PostedMessage>,
    pub edits: Vec<(u64, u64, Value, Instant)>,
    pub deletions: Vec<(u64, u64, Instant)>,
    pub nonces: HashMap<(u64, String), u64>,
    pub reactions: Vec<ReactionRecord>,
    pub typing: Vec<(u64, Instant)>,
    pub forbidden: HashSet<u64>,
    /// Channels whose message posts are held unanswered.
    pub stalled: HashSet<u64>,
    pub stalled_posts: Vec<u64>,
    /// Added roles, members' roles and channel overwrites (`permissions.rs`).
    pub access: super::permissions::Access,

    pub interactions: HashMap<u64, InteractionState>,
    pub tokens: HashMap<String, u64>,
    pub command_ids: HashMap<(String, u64), u64>,
    pub global_commands: Vec<Value>,
    pub guild_commands: HashMap<u64, Vec<Value>>,

    pub requests: Vec<RecordedRequest>,
    pub unknown: Vec<RecordedRequest>,

    pub sessions: HashMap<String, Session>,
    pub frames: Vec<Value>,
    pub ready_count: usize,
    pub last_intents: Option<u64>,
    /// `session_start_limit.max_concurrency` answered by `GET /gateway/bot`.
    pub max_concurrency: u32,
    /// Every accepted IDENTIFY: its `shard` (none: unsharded) and when it came.
    pub identifies: Vec<(Option<(u64, u64)>, Instant)>,

    /// Start-up failures a test turns on (`startup.rs`).
    pub startup: super::startup::StartupFaults,
    pub faults: super::faults::Faults,
}

impl State {
    pub fn new(config: &SimConfig, addr: SocketAddr) -> State {
        let bot = SimUser::bot("clashwatch");
        let owner =
            SimUser::with_permissions("server-owner", ADMINISTRATOR | MODERATOR_PERMISSIONS);
        let token = format!(
            "{}.{}.{}",
            base64_digits(bot.id),
            token_for(bot.id, "G"),
            token_for(bot.id, "x")
        );
        let mut state = State {
            heartbeat_interval_ms: config.heartbeat_interval_ms,
            recommended_shards: config.recommended_shards.max(1),
            allow_message_content: config.allow_message_content,
            echo_own_messages: config.echo_own_messages,
            interaction_window: config.interaction_window,
            gateway_url: format!("ws://{addr}/gw"),
            app_id: bot.id,
            token,
            bot: bot.clone(),
            owner: owner.clone(),
            guilds: Vec::new(),
            users: HashMap::new(),
            messages: HashMap::new(),
            injected_at: HashMap::new(),
            posted: Vec::new(),
            edits: Vec::new(),
            deletions: Vec::new(),
            nonces: HashMap::new(),
            reactions: Vec::new(),
            typing: Vec::new(),
            forbidden: HashSet::new(),
            stalled: HashSet::new(),
            stalled_posts: Vec::new(),
            access: Default::default(),
            interactions: HashMap::new(),
            tokens: HashMap::new(),
            command_ids: HashMap::new(),
            global_commands: Vec::new(),
            guild_commands: HashMap::new(),
            requests: Vec::new(),
            unknown: Vec::new(),
            sessions: HashMap::new(),
            frames: Vec::new(),
            ready_count: 0,
            last_intents: None,
            max_concurrency: 1,
            identifies: Vec::new(),
            startup: Default::default(),
            faults: Default::default(),
        };
        state.remember(&bot);
        state.remember(&owner);
        for spec in &config.guilds {
            state.add_guild(spec);
        }
        state
    }

    // ---- world -----------------------------------------------------------------------------

    pub fn remember(&mut self, user: &SimUser) {
        let joined = self
            .users
            .get(&user.id)
            .map(|(_, j)| j.clone())
            .unwrap_or_else(payloads::timestamp_now);
        self.users.insert(user.id, (user.clone(), joined));
    }

    pub fn guild(&self, guild_id: u64) -> Option<&GuildState> {
        self.guilds.iter().find(|g| g.id == guild_id)
    }

    pub fn guild_of_channel(&self, channel_id: u64) -> Option<&GuildState> {
        self.guilds
            .iter()
            .find(|g| g.channels.iter().any(|c| c.id == channel_id))
    }

    pub fn channel(&self, channel_id: u64) -> Option<(&GuildState, &ChannelState)> {
        self.guilds.iter().find_map(|g| {
            g.channels
                .iter()
                .find(|c| c.id == channel_id)
                .map(|c| (g, c))
        })
    }

    fn roles_of(&self, guild: &GuildState, user: &SimUser) -> Vec<u64> {
        let mut roles = if user.id == self.bot.id {
            vec![guild.bot_role]
        } else if user.permissions & MANAGE_CHANNELS != 0 {
            vec![guild.moderator_role]
        } else {
            Vec::new()
        };
        roles.extend(self.extra_roles(guild.id, user.id));
        roles
    }

    pub fn user_json(&self, user_id: u64) -> Value {
        match self.users.get(&user_id) {
            Some((u, _)) => payloads::user(u),
            None => payloads::user(&SimUser {
                id: user_id,
                name: format!("user{user_id}"),
                bot: false,
                permissions: MEMBER_PERMISSIONS,
            }),
        }
    }

    /// The member object of a known user in a guild.
    pub fn member_json(
        &self,
        guild: &GuildState,
        user_id: u64,
        permissions: bool,
        with_user: bool,
    ) -> Option<Value> {
        let (user, joined) = self.users.get(&user_id)?;
        let joined = if user.id == self.bot.id {
            &guild.joined_at
        } else {
            joined
        };
        let perms = permissions.then_some(user.permissions);
        Some(payloads::member(
            user,
            &self.roles_of(guild, user),
            joined,
            perms,
            with_user,
        ))
    }

    pub fn channel_json(&self, channel_id: u64) -> Option<Value> {
        let (guild, channel) = self.channel(channel_id)?;
        let mut json =
            payloads::text_channel(channel.id, Some(guild.id), &channel.name, channel.position);
        json["permission_overwrites"] = self.overwrites_json(channel.id);
        Some(json)
    }

    pub fn add_guild(&mut self, spec: &GuildSpec) -> u64 {
        let guild = GuildState {
            id: next_id(),
            name: spec.name.clone(),
            moderator_role: next_id(),
            bot_role: next_id(),
            joined_at: payloads::timestamp_now(),
            channels: spec
                .channels
                .iter()
                .enumerate()
                .map(|(i, name)| ChannelState {
                    id: next_id(),
                    name: name.clone(),
                    position: i as u16,
                })
                .collect(),
        };
        let id = guild.id;
        self.guilds.push(guild);
        let payload = self.guild_create_json(id);
        self.dispatch(Some(id), "GUILD_CREATE", |_| payload.clone());
        id
    }

    pub fn add_channel(&mut self, guild_id: u64, name: &str) -> u64 {
        let id = next_id();
        let Some(guild) = self.guilds.iter_mut().find(|g| g.id == guild_id) else {
            panic!("add_channel: unknown guild {guild_id}");
        };
        let position = guild.channels.len() as u16;
        guild.channels.push(ChannelState {
            id,
            name: name.to_string(),
            position,
        });
        let payload = payloads::text_channel(id, Some(guild_id), name, position);
        self.dispatch(Some(guild_id), "CHANNEL_CREATE", |_| payload.clone());
        id
    }

    pub fn guild_create_json(&self, guild_id: u64) -> Value {
        let Some(g) = self.guild(guild_id) else {
            return Value::Null;
        };
        let roles = self.guild_roles_json(g);
        let channels = g
            .channels
            .iter()
            .map(|c| {
                let mut json = payloads::text_channel(c.id, None, &c.name, c.position);
                json["permission_overwrites"] = self.overwrites_json(c.id);
                json
            })
            .collect();
        let members = [self.owner.id, self.bot.id]
            .iter()
            .filter_map(|u| self.member_json(g, *u, false, true))
            .collect();
        payloads::guild_create(GuildParts {
            id: g.id,
            name: &g.name,
            owner_id: self.owner.id,
            joined_at: &g.joined_at,
            system_channel_id: g.channels.first().map(|c| c.id),
            roles,
            channels,
            members,
        })
    }

    // ---- messages --------------------------------------------------------------------------

    /// Who a message pings, the way Discord resolves `allowed_mentions` (absent: everything).
    pub fn resolve_mentions(
        &self,
        content: &str,
        allowed: Option<&Value>,
        replied_author: Option<u64>,
    ) -> (bool, Vec<Value>, Vec<u64>) {
        static USER: OnceLock<Regex> = OnceLock::new();
        static ROLE: OnceLock<Regex> = OnceLock::new();
        let user_re = USER.get_or_init(|| Regex::new(r"<@!?(\d+)>").expect("valid regex"));
        let role_re = ROLE.get_or_init(|| Regex::new(r"<@&(\d+)>").expect("valid regex"));

        let allowed = allowed.filter(|a| a.is_object());
        let parses = |kind: &str| match allowed {
            None => true,
            Some(a) => a["parse"]
                .as_array()
                .is_some_and(|p| p.iter().any(|x| x == kind)),
        };
        let listed = |kind: &str, id: u64| {
            allowed.is_some_and(|a| {
                a[kind]
                    .as_array()
                    .is_some_and(|l| l.iter().any(|x| id_of(x) == Some(id)))
            })
        };
        let everyone =
            parses("everyone") && (content.contains("@everyone") || content.contains("@here"));
        let mut users: Vec<u64> = user_re
            .captures_iter(content)
            .filter_map(|c| c[1].parse().ok())
            .filter(|id| parses("users") || listed("users", *id))
            .collect();
        let replied_ping = match allowed {
            None => true,
            Some(a) => a["replied_user"].as_bool() == Some(true),
        };
        if let Some(author) = replied_author.filter(|_| replied_ping) {
            users.push(author);
        }
        users.sort_unstable();
        users.dedup();
        let mut roles: Vec<u64> = role_re
            .captures_iter(content)
            .filter_map(|c| c[1].parse().ok())
            .filter(|id| parses("roles") || listed("roles", *id))
            .collect();
        roles.sort_unstable();
        roles.dedup();
        let users = users.into_iter().map(|u| self.user_json(u)).collect();
        (everyone, users, roles)
    }

    /// Builds and stores a message in REST form.
    pub fn create_message(
        &mut self,
        channel_id: u64,
        author: &SimUser,
        body: &Value,
        kind_default: u64,
    ) -> Value {
        let id = next_id();
        let content = body["content"].as_str().unwrap_or("");
        let referenced = id_of(&body["message_reference"]["message_id"])
            .and_then(|mid| self.messages.get(&mid).map(|(_, m)| m.clone()));
        let replied_author = referenced.as_ref().and_then(|m| id_of(&m["author"]["id"]));
        let allowed = body.get("allowed_mentions");
        let (everyone, mentions, roles) = self.resolve_mentions(content, allowed, replied_author);
        let timestamp = payloads::timestamp_now();
        let mut msg = payloads::message(MessageParts {
            id,
            channel_id,
            author: payloads::user(author),
            content,
            timestamp: &timestamp,
            kind: if referenced.is_some() {
                19
            } else {
                kind_default
            },
            mention_everyone: everyone,
            mentions,
            mention_roles: roles,
        });
        if let Some(embeds) = body.get("embeds") {
            msg["embeds"] = payloads::stored_embeds(embeds);
        }
        for key in ["components", "tts", "nonce", "sticker_items"] {
            if let Some(v) = body.get(key).filter(|v| !v.is_null()) {
                msg[key] = v.clone();
            }
        }
        if let Some(flags) = body["flags"].as_u64() {
            msg["flags"] = json!(flags);
        }
        if let Some(r) = referenced {
            let guild = self.guild_of_channel(channel_id).map(|g| g.id.to_string());
            msg["message_reference"] = json!({
                "type": 0,
                "message_id": r["id"],
                "channel_id": r["channel_id"],
                "guild_id": guild,
            });
            msg["referenced_message"] = r;
        }
        self.messages.insert(id, (channel_id, msg.clone()));
        msg
    }

    /// The gateway form of a stored message: with `guild_id` and the author's `member`.
    pub fn gateway_message(&self, channel_id: u64, msg: &Value) -> Value {
        let mut d = msg.clone();
        if let Some(guild) = self.guild_of_channel(channel_id) {
            d["guild_id"] = json!(guild.id.to_string());
            if let Some(author) = id_of(&msg["author"]["id"]) {
                if let Some(member) = self.member_json(guild, author, false, false) {
                    d["member"] = member;
                }
            }
        }
        d
    }

    /// Sends MESSAGE_CREATE, stripped of content for sessions without the Message Content
    /// intent (unless the bot wrote it or is mentioned), as Discord does.
    pub fn dispatch_message_create(&mut self, channel_id: u64, msg: &Value) {
        let guild_id = self.guild_of_channel(channel_id).map(|g| g.id);
        let d = self.gateway_message(channel_id, msg);
        let bot_id = self.bot.id.to_string();
        let by_bot = d["author"]["id"] == json!(bot_id);
        let mentions_bot = d["mentions"]
            .as_array()
            .is_some_and(|m| m.iter().any(|u| u["id"] == json!(bot_id)));
        let needed = if guild_id.is_some() {
            INTENT_GUILD_MESSAGES
        } else {
            INTENT_DIRECT_MESSAGES
        };
        self.dispatch(guild_id, "MESSAGE_CREATE", |intents| {
            if intents & needed == 0 {
                return Value::Null;
            }
            let mut d = d.clone();
            if intents & INTENT_MESSAGE_CONTENT == 0 && !by_bot && !mentions_bot {
                d["content"] = json!("");
                d["embeds"] = json!([]);
                d["attachments"] = json!([]);
                d["components"] = json!([]);
            }
            d
        });
    }

    pub fn inject_message(
        &mut self,
        channel_id: u64,
        author: &SimUser,
        content: &str,
        extra: Value,
    ) -> u64 {
        assert!(
            self.channel(channel_id).is_some(),
            "post_message: unknown channel {channel_id}"
        );
        self.remember(author);
        let mut body = json!({"content": content});
        payloads::merge(&mut body, extra.clone());
        let mut msg = self.create_message(channel_id, author, &body, 0);
        payloads::merge(&mut msg, extra);
        let id = id_of(&msg["id"]).unwrap_or_default();
        self.messages.insert(id, (channel_id, msg.clone()));
        self.injected_at.insert(id, Instant::now());
        self.dispatch_message_create(channel_id, &msg);
        id
    }

    // ---- interactions ----------------------------------------------------------------------

    /// Injects INTERACTION_CREATE; `target` makes it a message context-menu command.
    pub fn inject_command(
        &mut self,
        channel_id: u64,
        user: &SimUser,
        name: &str,
        options: Value,
        interaction_type: u64,
        target: Option<u64>,
    ) -> u64 {
        let Some((guild, channel)) = self.channel(channel_id) else {
            panic!("interaction in unknown channel {channel_id}");
        };
        let guild_id = guild.id;
        let channel_name = channel.name.clone();
        self.remember(user);
        let command_type = if target.is_some() { 3 } else { 1 };
        let (command_id, command_guild) = self.command_id(name, command_type, guild_id);

        let mut data = json!({
            "id": command_id.to_string(),
            "name": name,
            "type": command_type,
        });
        if let Some(g) = command_guild {
            data["guild_id"] = json!(g.to_string());
        }
        let mut resolved = serde_json::Map::new();
        if let Some(target) = target {
            let Some((_, msg)) = self.messages.get(&target) else {
                panic!("message_command: unknown target message {target}");
            };
            data["target_id"] = json!(target.to_string());
            resolved.insert("messages".into(), json!({ target.to_string(): msg }));
        } else {
            let mut opts = match options {
                Value::Array(a) => a,
                Value::Null => Vec::new(),
                other => panic!("options must be a JSON array, got {other}"),
            };
            self.complete_options(guild_id, user, &mut opts, &mut resolved);
            data["options"] = Value::Array(opts);
        }
        if !resolved.is_empty() {
            data["resolved"] = Value::Object(resolved);
        }

        let Some(guild) = self.guild(guild_id) else {
            unreachable!("guild of a known channel");
        };
        // Discord sends the member's and the bot's permissions in this channel.
        let member_permissions = self.permissions_in(channel_id, user);
        let mut member = self
            .member_json(guild, user.id, true, true)
            .unwrap_or(Value::Null);
        member["permissions"] = json!(member_permissions.to_string());
        let app_permissions = self.bot_permissions_in(channel_id);
        let id = next_id();
        let token = token_for(id, "aW50ZXJhY3Rpb24");
        let payload = json!({
            "id": id.to_string(),
            "application_id": self.app_id.to_string(),
            "type": interaction_type,
            "data": data,
            "guild_id": guild_id.to_string(),
            "channel_id": channel_id.to_string(),
            "channel": payloads::partial_channel(channel_id, guild_id, &channel_name, member_permissions),
            "member": member,
            "token": token,
            "version": 1,
            "app_permissions": app_permissions.to_string(),
            "locale": "en-US",
            "guild_locale": "en-US",
            "entitlements": [],
            "authorizing_integration_owners": {"0": guild_id.to_string()},
            "context": 0,
            "attachment_size_limit": 10_485_760,
        });
        self.tokens.insert(token.clone(), id);
        self.interactions.insert(
            id,
            InteractionState {
                token,
                interaction_type,
                channel_id,
                created: Instant::now(),
                acknowledged: false,
                responses: Vec::new(),
                original: None,
                followups: HashMap::new(),
            },
        );
        self.dispatch(Some(guild_id), "INTERACTION_CREATE", |_| payload.clone());
        id
    }

    /// The registered command's id (guild commands first), or a stable made-up one.
    fn command_id(&mut self, name: &str, kind: u64, guild_id: u64) -> (u64, Option<u64>) {
        let matches = |c: &&Value| c["name"] == json!(name) && c["type"].as_u64() == Some(kind);
        if let Some(c) = self
            .guild_commands
            .get(&guild_id)
            .and_then(|cmds| cmds.iter().find(matches))
        {
            return (id_of(&c["id"]).unwrap_or_default(), Some(guild_id));
        }
        if let Some(c) = self.global_commands.iter().find(matches) {
            return (id_of(&c["id"]).unwrap_or_default(), None);
        }
        let id = *self
            .command_ids
            .entry((name.to_string(), kind))
            .or_insert_with(next_id);
        (id, None)
    }

    /// Adds what Discord always sends: `options: []` on (sub)commands, and `resolved` entries
    /// for channel, user and role values.
    fn complete_options(
        &self,
        guild_id: u64,
        user: &SimUser,
        options: &mut [Value],
        resolved: &mut serde_json::Map<String, Value>,
    ) {
        for opt in options {
            match opt["type"].as_u64() {
                Some(1) | Some(2) => {
                    if !opt["options"].is_array() {
                        opt["options"] = json!([]);
                    }
                    if let Some(inner) = opt["options"].as_array_mut() {
                        self.complete_options(guild_id, user, inner, resolved);
                    }
                }
                Some(kind @ (6..=9)) => {
                    if let Some(id) = id_of(&opt["value"]) {
                        opt["value"] = json!(id.to_string());
                        self.resolve_value(guild_id, user, kind, id, resolved);
                    }
                }
                _ => {}
            }
        }
    }

    fn resolve_value(
        &self,
        guild_id: u64,
        user: &SimUser,
        kind: u64,
        id: u64,
        resolved: &mut serde_json::Map<String, Value>,
    ) {
        let mut put = |section: &str, value: Value| {
            let entry = resolved
                .entry(section.to_string())
                .or_insert_with(|| json!({}));
            entry[id.to_string()] = value;
        };
        if let Some((g, c)) = self.channel(id) {
            if kind == 7 {
                // The invoking member's permissions in that channel, as Discord sends them.
                put(
                    "channels",
                    payloads::partial_channel(c.id, g.id, &c.name, self.permissions_in(c.id, user)),
                );
                return;
            }
        }
        if let Some(guild) = self.guild(guild_id) {
            if self.users.contains_key(&id) && kind != 8 && kind != 7 {
                put("users", self.user_json(id));
                if let Some(m) = self.member_json(guild, id, true, false) {
                    put("members", m);
                }
                return;
            }
            let role = self.role_json(guild, id);
            if let Some(role) = role.filter(|_| kind == 8 || kind == 9) {
                put("roles", role);
            }
        }
    }

    // ---- gateway ---------------------------------------------------------------------------

    /// Sends a dispatch to every ready session that handles `guild_id`; `make` gets the
    /// session's intents and returns `Null` to skip it.
    pub fn dispatch(&mut self, guild_id: Option<u64>, t: &str, make: impl Fn(u64) -> Value) {
        let targets: Vec<String> = self
            .sessions
            .iter()
            .filter(|(_, s)| s.ready && s.handles(guild_id))
            .map(|(id, _)| id.clone())
            .collect();
        for sid in targets {
            let intents = self.sessions[&sid].intents;
            let d = make(intents);
            if !d.is_null() {
                self.emit(&sid, t, d);
            }
        }
    }

    /// Sends one dispatch with the session's next sequence number and logs it for RESUME.
    pub fn emit(&mut self, session_id: &str, t: &str, d: Value) {
        let Some(session) = self.sessions.get_mut(session_id) else {
            return;
        };
        session.seq += 1;
        let frame = json!({"op": 0, "s": session.seq, "t": t, "d": d});
        let text = frame.to_string();
        if session.log.len() >= SESSION_LOG_LIMIT {
            session.log.remove(0);
        }
        session.log.push((session.seq, text.clone()));
        if let Some(tx) = &session.tx {
            let _ = tx.send(Outgoing::Text(text));
        }
        self.frames.push(frame);
    }

    /// A non-dispatch frame to every connected session.
    pub fn send_all(&mut self, frame: Value) {
        let text = frame.to_string();
        for session in self.sessions.values() {
            if let Some(tx) = &session.tx {
                let _ = tx.send(Outgoing::Text(text.clone()));
            }
        }
        self.frames.push(frame);
    }

    /// Handles IDENTIFY: a new session gets READY and a GUILD_CREATE per guild it handles.
    pub fn identify(
        &mut self,
        conn: u64,
        tx: UnboundedSender<Outgoing>,
        d: &Value,
    ) -> Result<(), (u16, &'static str)> {
        self.startup
            .identify_intents
            .push(d["intents"].as_u64().unwrap_or(0));
        if d["token"].as_str().is_none_or(str::is_empty) || self.startup.token_refused {
            return Err((4004, "Authentication failed."));
        }
        let intents = d["intents"].as_u64().unwrap_or(0);
        if intents & INTENT_MESSAGE_CONTENT != 0 && !self.allow_message_content {
            return Err((4014, "Disallowed intent(s)."));
        }
        let shard = match d["shard"].as_array().map(|a| a.as_slice()) {
            Some([id, total]) => match (id.as_u64(), total.as_u64()) {
                (Some(id), Some(total)) if id < total => Some((id, total)),
                _ => return Err((4010, "Invalid shard.")),
            },
            _ => None,
        };
        let session_id = token_for(next_id(), "");
        let session = Session {
            conn,
            tx: Some(tx),
            seq: 0,
            log: Vec::new(),
            intents,
            shard,
            ready: true,
        };
        let guilds: Vec<u64> = self
            .guilds
            .iter()
            .map(|g| g.id)
            .filter(|g| session.handles(Some(*g)))
            .collect();
        self.sessions.insert(session_id.clone(), session);
        let ready = json!({
            "v": 10,
            "user": payloads::current_user(&self.bot),
            "guilds": guilds.iter().map(|g| json!({"id": g.to_string(), "unavailable": true})).collect::<Vec<_>>(),
            "session_id": session_id,
            "session_type": "normal",
            "resume_gateway_url": self.gateway_url,
            "shard": shard.map(|(id, total)| json!([id, total])),
            "application": {"id": self.app_id.to_string(), "flags": self.application_flags()},
            "private_channels": [],
            "relationships": [],
            "presences": [],
            "guild_join_requests": [],
            "geo_ordered_rtc_regions": ["local"],
            "user_settings": {},
            "auth": {},
            "_trace": ["[\"clashwatch-discord-sim\"]"],
        });
        self.emit(&session_id, "READY", ready);
        for g in guilds {
            let payload = self.guild_create_json(g);
            self.emit(&session_id, "GUILD_CREATE", payload);
        }
        self.ready_count += 1;
        self.last_intents = Some(intents);
        self.identifies.push((shard, Instant::now()));
        Ok(())
    }

    /// Handles RESUME: replays what the session missed, then RESUMED; an unknown session
    /// gets INVALID_SESSION (not resumable).
    pub fn resume(&mut self, conn: u64, tx: UnboundedSender<Outgoing>, d: &Value) {
        let sid = d["session_id"].as_str().unwrap_or_default().to_string();
        let since = d["seq"].as_u64().unwrap_or(0);
        let Some(session) = self.sessions.get_mut(&sid) else {
            let frame = json!({"op": 9, "d": false});
            let _ = tx.send(Outgoing::Text(frame.to_string()));
            self.frames.push(frame);
            return;
        };
        if let Some(old) = session.tx.replace(tx.clone()) {
            let _ = old.send(Outgoing::Close(4000, "Session resumed elsewhere"));
        }
        session.conn = conn;
        session.ready = true;
        for (seq, text) in &session.log {
            if *seq > since {
                let _ = tx.send(Outgoing::Text(text.clone()));
            }
        }
        self.emit(
            &sid,
            "RESUMED",
            json!({"_trace": ["[\"clashwatch-discord-sim\"]"]}),
        );
    }

    /// The connection closed: its session stays resumable, events queue in its log.
    pub fn disconnected(&mut self, conn: u64) {
        for session in self.sessions.values_mut() {
            if session.conn == conn {
                session.tx = None;
            }
        }
    }
}

/// Real tokens start with the bot id in base64; serenity doesn't check, but keep the shape.
fn base64_digits(id: u64) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let bytes = id.to_string().into_bytes();
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        let chars = [(n >> 18) & 63, (n >> 12) & 63, (n >> 6) & 63, n & 63];
        for c in chars.iter().take(chunk.len() + 1) {
            out.push(char::from(ALPHABET[*c as usize]));
        }
    }
    out
}
