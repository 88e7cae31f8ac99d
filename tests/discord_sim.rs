//! The local Discord API simulator against serenity itself: every payload it sends or answers must
//! parse with serenity's model types (a payload missing a required field would otherwise be
//! dropped silently as an unknown event), and a real serenity client must run against it.

mod support;

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use futures::{SinkExt, StreamExt};
use serde_json::{json, Value};
use serenity::all::{
    ApplicationId, Channel, ChannelId, ChannelType, Command, CommandDataOptionValue,
    CommandInteraction, CommandType, CreateAllowedMentions, CreateAutocompleteResponse,
    CreateCommand, CreateCommandOption, CreateEmbed, CreateInteractionResponse,
    CreateInteractionResponseFollowup, CreateInteractionResponseMessage, CreateMessage,
    EditInteractionResponse, EditMessage, GuildId, Http, HttpBuilder, Interaction, MessageId,
    Nonce, ReactionType, ResolvedValue, UserId,
};
use serenity::model::event::{Event, GatewayEvent};
use support::discord::{
    DiscordSim, OverwriteFor, ResponseKind, SimConfig, SimUser, ALL_PERMISSIONS, EMBED_LINKS,
    MANAGE_CHANNELS, MENTION_EVERYONE,
};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::Message as WsMessage;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

const WAIT: Duration = Duration::from_secs(5);

/// Every test runs under a hard limit so a missing event fails instead of hanging.
async fn within<F: Future>(f: F) -> F::Output {
    tokio::time::timeout(Duration::from_secs(10), f)
        .await
        .expect("test took longer than 10 s")
}

fn http(sim: &DiscordSim) -> Arc<Http> {
    Arc::new(
        HttpBuilder::new(sim.token())
            .proxy(sim.base_url())
            .ratelimiter_disabled(true)
            .application_id(ApplicationId::new(sim.application_id()))
            .build(),
    )
}

/// Parses a gateway frame the way serenity's shard does and returns the dispatched event,
/// failing when serenity would have turned it into `Event::Unknown`.
fn parse_dispatch(frame: &Value) -> Event {
    let event: GatewayEvent = serde_json::from_value(frame.clone())
        .unwrap_or_else(|e| panic!("frame doesn't parse as a GatewayEvent: {e}\n{frame:#}"));
    match event {
        GatewayEvent::Dispatch(_, Event::Unknown(u)) => {
            panic!(
                "serenity would drop this {} as an unknown event:\n{frame:#}",
                u.kind
            )
        }
        GatewayEvent::Dispatch(_, event) => event,
        other => panic!("expected a dispatch, got {other:?}"),
    }
}

/// A bare websocket client speaking the gateway protocol by hand.
struct RawGateway {
    ws: WebSocketStream<MaybeTlsStream<TcpStream>>,
}

impl RawGateway {
    async fn connect(sim: &DiscordSim) -> RawGateway {
        let (ws, _) = tokio_tungstenite::connect_async(format!("{}?v=10", sim.gateway_url()))
            .await
            .expect("gateway connects");
        let mut gw = RawGateway { ws };
        let hello = gw.next().await;
        assert_eq!(hello["op"], 10);
        assert!(hello["d"]["heartbeat_interval"].as_u64().is_some());
        gw
    }

    async fn send(&mut self, frame: Value) {
        self.ws
            .send(WsMessage::Text(frame.to_string()))
            .await
            .expect("send frame");
    }

    /// The next text frame; a close frame comes back as `{"close": code}`.
    async fn next(&mut self) -> Value {
        loop {
            let msg = tokio::time::timeout(WAIT, self.ws.next())
                .await
                .expect("gateway frame within 5 s")
                .expect("gateway stream open")
                .expect("gateway frame");
            match msg {
                WsMessage::Text(text) => return serde_json::from_str(&text).expect("JSON frame"),
                WsMessage::Close(frame) => {
                    return json!({"close": frame.map(|f| u16::from(f.code))});
                }
                _ => continue,
            }
        }
    }

    /// The next dispatch of type `t`, skipping heartbeat ACKs and other dispatches.
    async fn dispatch(&mut self, t: &str) -> Value {
        loop {
            let frame = self.next().await;
            if frame["op"] == 0 && frame["t"] == t {
                return frame;
            }
        }
    }

    async fn identify(&mut self, sim: &DiscordSim, intents: u64) -> Value {
        self.send(json!({"op": 2, "d": {
            "token": sim.token(),
            "intents": intents,
            "properties": {"os": "linux", "browser": "test", "device": "test"},
            "compress": true,
            "large_threshold": 250,
            "shard": [0, 1],
        }}))
        .await;
        self.dispatch("READY").await
    }
}

const ALL_MESSAGE_INTENTS: u64 = (1 << 0) | (1 << 9) | (1 << 15);

#[tokio::test]
async fn gateway_ready_and_guild_create_parse_as_serenity_events() {
    within(async {
        let sim = DiscordSim::start().await;
        let mut gw = RawGateway::connect(&sim).await;
        gw.send(json!({"op": 1, "d": null})).await;
        assert_eq!(gw.next().await, json!({"op": 11}));

        let ready = gw.identify(&sim, ALL_MESSAGE_INTENTS).await;
        assert_eq!(ready["s"], 1);
        let Event::Ready(ready) = parse_dispatch(&ready) else {
            panic!("not READY")
        };
        assert_eq!(ready.ready.user.id.get(), sim.bot_user().id);
        assert!(ready.ready.user.bot);
        assert_eq!(ready.ready.application.id.get(), sim.application_id());
        assert_eq!(ready.ready.guilds.len(), 1);
        assert!(ready.ready.shard.is_some());

        let frame = gw.dispatch("GUILD_CREATE").await;
        assert_eq!(frame["s"], 2);
        let Event::GuildCreate(created) = parse_dispatch(&frame) else {
            panic!("not GUILD_CREATE")
        };
        let guild = created.guild;
        assert_eq!(guild.id.get(), sim.guild_id());
        let news = ChannelId::new(sim.channel_id("news"));
        assert_eq!(guild.channels[&news].name, "news");
        assert_eq!(guild.channels[&news].guild_id.get(), sim.guild_id());
        assert_eq!(guild.roles.len(), 3);
        assert!(guild.members.contains_key(&UserId::new(sim.bot_user().id)));
        assert!(sim.wait_ready(WAIT).await);
        assert_eq!(sim.identified_intents(), Some(ALL_MESSAGE_INTENTS));

        // A guild the bot joins later arrives as GUILD_CREATE too.
        let second = sim.add_guild(support::discord::GuildSpec {
            name: "Second".into(),
            channels: vec!["reports".into()],
        });
        let Event::GuildCreate(created) = parse_dispatch(&gw.dispatch("GUILD_CREATE").await) else {
            panic!("not GUILD_CREATE")
        };
        assert_eq!(created.guild.id.get(), second);
        let channel = sim.add_channel(second, "more");
        let Event::ChannelCreate(c) = parse_dispatch(&gw.dispatch("CHANNEL_CREATE").await) else {
            panic!("not CHANNEL_CREATE")
        };
        assert_eq!(c.channel.id.get(), channel);
        assert_eq!(c.channel.guild_id.get(), second);
    })
    .await;
}

#[tokio::test]
async fn message_create_parses_and_respects_the_message_content_intent() {
    within(async {
        let sim = DiscordSim::start().await;
        let news = sim.channel_id("news");
        let alice = SimUser::member("alice");
        let mut gw = RawGateway::connect(&sim).await;
        gw.identify(&sim, ALL_MESSAGE_INTENTS).await;

        let id = sim.post_message(news, &alice, "look https://example.org/a <@1234> @everyone");
        let frame = gw.dispatch("MESSAGE_CREATE").await;
        let Event::MessageCreate(created) = parse_dispatch(&frame) else {
            panic!("not MESSAGE_CREATE")
        };
        let msg = created.message;
        assert_eq!(msg.id.get(), id);
        assert_eq!(msg.channel_id.get(), news);
        assert_eq!(msg.guild_id.map(|g| g.get()), Some(sim.guild_id()));
        assert_eq!(msg.author.name, "alice");
        assert!(!msg.author.bot);
        assert!(msg.content.starts_with("look https://example.org/a"));
        assert!(msg.member.is_some());
        assert!(msg.mention_everyone, "a member's @everyone pings");
        assert!(sim.injected_at(id).is_some());

        // Without the privileged intent the content arrives empty, as from Discord.
        let mut no_content = RawGateway::connect(&sim).await;
        no_content.identify(&sim, (1 << 0) | (1 << 9)).await;
        sim.post_message(news, &alice, "secret text");
        let Event::MessageCreate(created) =
            parse_dispatch(&no_content.dispatch("MESSAGE_CREATE").await)
        else {
            panic!("not MESSAGE_CREATE")
        };
        assert_eq!(created.message.content, "");
        let Event::MessageCreate(created) = parse_dispatch(&gw.dispatch("MESSAGE_CREATE").await)
        else {
            panic!("not MESSAGE_CREATE")
        };
        assert_eq!(created.message.content, "secret text");
    })
    .await;
}

fn command(event: Event) -> CommandInteraction {
    match event {
        Event::InteractionCreate(e) => match e.interaction {
            Interaction::Command(c) | Interaction::Autocomplete(c) => c,
            other => panic!("expected a command interaction, got {other:?}"),
        },
        other => panic!("expected INTERACTION_CREATE, got {other:?}"),
    }
}

#[tokio::test]
async fn interactions_parse_with_options_resolved_and_member_permissions() {
    within(async {
        let sim = DiscordSim::start().await;
        let news = sim.channel_id("news");
        let alerts = sim.channel_id("alerts");
        let moderator = SimUser::moderator("mod");
        let mut gw = RawGateway::connect(&sim).await;
        gw.identify(&sim, ALL_MESSAGE_INTENTS).await;

        // A subcommand without "options" (the trap) and a channel option to resolve.
        let id = sim.slash_command(
            news,
            &moderator,
            "watch",
            json!([{"type": 1, "name": "add", "options": [{"type": 7, "name": "channel", "value": alerts.to_string()}]}]),
        );
        let cmd = command(parse_dispatch(&gw.dispatch("INTERACTION_CREATE").await));
        assert_eq!(cmd.id.get(), id);
        assert_eq!(cmd.data.name, "watch");
        assert_eq!(cmd.data.kind, CommandType::ChatInput);
        assert_eq!(cmd.guild_id.map(|g| g.get()), Some(sim.guild_id()));
        assert_eq!(cmd.channel_id.get(), news);
        assert_eq!(cmd.version, 1);
        let member = cmd.member.as_ref().expect("member");
        assert_eq!(member.user.id.get(), moderator.id);
        let perms = member.permissions.expect("member permissions");
        assert!(perms.manage_channels());
        assert!(cmd.app_permissions.is_some_and(|p| p.send_messages()));
        let options = cmd.data.options();
        let ResolvedValue::SubCommand(inner) = &options[0].value else {
            panic!("expected a subcommand, got {options:?}")
        };
        let ResolvedValue::Channel(channel) = &inner[0].value else {
            panic!("channel option unresolved: {inner:?}")
        };
        assert_eq!(channel.id.get(), alerts);
        assert_eq!(channel.kind, ChannelType::Text);

        // A plain member's permissions lack Manage Channels.
        let bob = SimUser::member("bob");
        sim.slash_command(news, &bob, "clashes", json!([{"type": 1, "name": "regions"}]));
        let cmd = command(parse_dispatch(&gw.dispatch("INTERACTION_CREATE").await));
        let perms = cmd.member.as_ref().and_then(|m| m.permissions).expect("perms");
        assert!(!perms.manage_channels());
        assert_eq!(bob.permissions & MANAGE_CHANNELS, 0);
        assert!(matches!(
            cmd.data.options[0].value,
            CommandDataOptionValue::SubCommand(ref o) if o.is_empty()
        ));

        // Autocomplete with a focused option.
        sim.autocomplete(
            news,
            &bob,
            "clashes",
            json!([{"type": 1, "name": "recent", "options": [{"type": 3, "name": "region", "value": "Cau", "focused": true}]}]),
        );
        let frame = gw.dispatch("INTERACTION_CREATE").await;
        assert_eq!(frame["d"]["type"], 4);
        let cmd = command(parse_dispatch(&frame));
        let focused = cmd.data.autocomplete().expect("focused option");
        assert_eq!((focused.name, focused.value), ("region", "Cau"));

        // Message context menu on an injected message.
        let target = sim.post_message(news, &bob, "see https://example.org/b");
        sim.message_command(news, &bob, "Key facts", target);
        let cmd = command(parse_dispatch(&gw.dispatch("INTERACTION_CREATE").await));
        assert_eq!(cmd.data.kind, CommandType::Message);
        assert_eq!(cmd.data.target_id.map(|t| t.get()), Some(target));
        let resolved = &cmd.data.resolved.messages[&MessageId::new(target)];
        assert_eq!(resolved.content, "see https://example.org/b");
    })
    .await;
}

/// Roles and channel overwrites parse as serenity events, interactions carry the permissions
/// Discord computes for their channels, and serenity's own computation from the gateway's
/// GUILD_CREATE agrees with the simulator's.
#[tokio::test]
async fn permissions_follow_roles_and_overwrites_as_discord_computes_them() {
    within(async {
        let sim = DiscordSim::start().await;
        let guild = sim.guild_id();
        let (general, news) = (sim.channel_id("general"), sim.channel_id("news"));
        let moderator = SimUser::moderator("mod");
        let mut gw = RawGateway::connect(&sim).await;
        gw.identify(&sim, ALL_MESSAGE_INTENTS).await;

        let role = sim.add_role(guild, "Watchers", 0, false, true);
        let Event::GuildRoleCreate(created) =
            parse_dispatch(&gw.dispatch("GUILD_ROLE_CREATE").await)
        else {
            panic!("not GUILD_ROLE_CREATE")
        };
        assert_eq!(created.role.id.get(), role);
        assert!(created.role.mentionable && !created.role.managed);
        let bot_role = OverwriteFor::Role(sim.bot_role(guild));
        sim.set_overwrite(news, bot_role, MENTION_EVERYONE, EMBED_LINKS);
        sim.set_overwrite(news, OverwriteFor::Member(moderator.id), 0, MANAGE_CHANNELS);
        let Event::ChannelUpdate(updated) = parse_dispatch(&gw.dispatch("CHANNEL_UPDATE").await)
        else {
            panic!("not CHANNEL_UPDATE")
        };
        assert_eq!(
            updated.channel.permission_overwrites.len(),
            1,
            "the first of two"
        );
        let Event::ChannelUpdate(updated) = parse_dispatch(&gw.dispatch("CHANNEL_UPDATE").await)
        else {
            panic!("not CHANNEL_UPDATE")
        };
        assert_eq!(updated.channel.permission_overwrites.len(), 2);

        // Typed in #general about #news: Manage Channels here, not there.
        sim.slash_command(
            general,
            &moderator,
            "alerts",
            json!([{"type": 1, "name": "subscribe", "options": [
                {"type": 7, "name": "channel", "value": news.to_string()},
                {"type": 8, "name": "role", "value": sim.bot_role(guild).to_string()},
            ]}]),
        );
        let cmd = command(parse_dispatch(&gw.dispatch("INTERACTION_CREATE").await));
        let here = cmd
            .member
            .as_ref()
            .and_then(|m| m.permissions)
            .expect("perms");
        assert!(here.manage_channels());
        let options = cmd.data.options();
        let ResolvedValue::SubCommand(inner) = &options[0].value else {
            panic!("expected a subcommand, got {options:?}")
        };
        let ResolvedValue::Channel(there) = &inner[0].value else {
            panic!("channel option unresolved: {inner:?}")
        };
        let there = there.permissions.expect("resolved channel permissions");
        assert!(!there.manage_channels() && there.view_channel());
        let ResolvedValue::Role(resolved) = &inner[1].value else {
            panic!("role option unresolved: {inner:?}")
        };
        assert!(resolved.managed, "the bot's role is managed");

        // serenity, from a fresh GUILD_CREATE, computes what the simulator sends.
        let mut gw = RawGateway::connect(&sim).await;
        gw.identify(&sim, ALL_MESSAGE_INTENTS).await;
        let Event::GuildCreate(created) = parse_dispatch(&gw.dispatch("GUILD_CREATE").await) else {
            panic!("not GUILD_CREATE")
        };
        let g = created.guild;
        assert_eq!(g.roles.len(), 4);
        let bot = &g.members[&UserId::new(sim.bot_user().id)];
        for id in [general, news] {
            let computed = g.user_permissions_in(&g.channels[&ChannelId::new(id)], bot);
            assert_eq!(computed.bits(), sim.permissions_in(id, &sim.bot_user()));
        }
        let computed = g.user_permissions_in(&g.channels[&ChannelId::new(news)], bot);
        assert!(computed.mention_everyone() && !computed.embed_links());
        assert_eq!(sim.permissions_in(news, &sim.owner()), ALL_PERMISSIONS);

        // And over REST, the bot's fallback when its cache lacks a server.
        let http = http(&sim);
        let partial = http.get_guild(GuildId::new(guild)).await.expect("guild");
        let member = http
            .get_member(GuildId::new(guild), UserId::new(sim.bot_user().id))
            .await
            .expect("bot member");
        let Channel::Guild(channel) = http
            .get_channel(ChannelId::new(news))
            .await
            .expect("channel")
        else {
            panic!("not a guild channel")
        };
        assert_eq!(
            partial.user_permissions_in(&channel, &member).bits(),
            sim.permissions_in(news, &sim.bot_user())
        );
    })
    .await;
}

#[tokio::test]
async fn resume_replays_missed_events_and_unknown_sessions_are_invalid() {
    within(async {
        let sim = DiscordSim::start().await;
        let news = sim.channel_id("news");
        let alice = SimUser::member("alice");
        let mut gw = RawGateway::connect(&sim).await;
        let ready = gw.identify(&sim, ALL_MESSAGE_INTENTS).await;
        let session_id = ready["d"]["session_id"]
            .as_str()
            .expect("session")
            .to_string();
        let last = gw.dispatch("GUILD_CREATE").await["s"]
            .as_u64()
            .expect("seq");
        drop(gw);
        sim.wait_until(WAIT, |s| (s.connected_sessions() == 0).then_some(()))
            .await
            .expect("disconnect noticed");

        let missed = sim.post_message(news, &alice, "while you were away");
        let mut gw = RawGateway::connect(&sim).await;
        gw.send(
            json!({"op": 6, "d": {"token": sim.token(), "session_id": session_id, "seq": last}}),
        )
        .await;
        let replay = gw.next().await;
        assert_eq!(replay["s"].as_u64(), Some(last + 1));
        let Event::MessageCreate(m) = parse_dispatch(&replay) else {
            panic!("not MESSAGE_CREATE")
        };
        assert_eq!(m.message.id.get(), missed);
        let resumed = gw.next().await;
        assert!(matches!(parse_dispatch(&resumed), Event::Resumed(_)));
        assert_eq!(sim.ready_count(), 1);

        let mut other = RawGateway::connect(&sim).await;
        other
            .send(json!({"op": 6, "d": {"token": sim.token(), "session_id": "nope", "seq": 3}}))
            .await;
        let invalid = other.next().await;
        let parsed: GatewayEvent = serde_json::from_value(invalid).expect("parses");
        assert!(matches!(parsed, GatewayEvent::InvalidateSession(false)));
    })
    .await;
}

#[tokio::test]
async fn privileged_intent_is_refused_when_not_enabled() {
    within(async {
        let sim = DiscordSim::start_with(SimConfig {
            allow_message_content: false,
            ..SimConfig::default()
        })
        .await;
        let mut gw = RawGateway::connect(&sim).await;
        gw.send(json!({"op": 2, "d": {"token": sim.token(), "intents": ALL_MESSAGE_INTENTS, "properties": {}}}))
            .await;
        assert_eq!(gw.next().await, json!({"close": 4014}));
    })
    .await;
}

#[tokio::test]
async fn rest_answers_parse_with_serenity_http() {
    within(async {
        let sim = DiscordSim::start().await;
        let http = http(&sim);
        let gateway = http.get_gateway().await.expect("gateway");
        assert_eq!(gateway.url, sim.gateway_url());
        let bot_gateway = http.get_bot_gateway().await.expect("bot gateway");
        assert_eq!(bot_gateway.shards, 1);
        assert_eq!(bot_gateway.session_start_limit.max_concurrency, 1);
        let me = http.get_current_user().await.expect("current user");
        assert_eq!(me.id.get(), sim.bot_user().id);
        let app = http.get_current_application_info().await.expect("app info");
        assert_eq!(app.id.get(), sim.application_id());
        assert_eq!(app.owner.map(|o| o.id.get()), Some(sim.owner().id));

        let news = sim.channel_id("news");
        let Channel::Guild(channel) = http
            .get_channel(ChannelId::new(news))
            .await
            .expect("channel")
        else {
            panic!("not a guild channel")
        };
        assert_eq!(
            (channel.name.as_str(), channel.guild_id.get()),
            ("news", sim.guild_id())
        );
        let owner = http
            .get_member(GuildId::new(sim.guild_id()), UserId::new(sim.owner().id))
            .await
            .expect("member");
        assert_eq!(owner.user.id.get(), sim.owner().id);
        let partial = http
            .get_guild(GuildId::new(sim.guild_id()))
            .await
            .expect("guild");
        assert_eq!(partial.roles.len(), 3);

        let global = Command::set_global_commands(
            &http,
            vec![
                CreateCommand::new("clashes")
                    .description("Clashes")
                    .add_option(
                        CreateCommandOption::new(
                            serenity::all::CommandOptionType::SubCommand,
                            "recent",
                            "Latest",
                        )
                        .add_sub_option(
                            CreateCommandOption::new(
                                serenity::all::CommandOptionType::String,
                                "region",
                                "Region",
                            )
                            .set_autocomplete(true),
                        ),
                    ),
                CreateCommand::new("Key facts").kind(CommandType::Message),
            ],
        )
        .await
        .expect("global commands");
        assert_eq!(global.len(), 2);
        assert_eq!(sim.registered_commands().len(), 2);
        let guild = GuildId::new(sim.guild_id())
            .set_commands(
                &http,
                vec![CreateCommand::new("watch").description("Watch")],
            )
            .await
            .expect("guild commands");
        assert_eq!(guild[0].guild_id.map(|g| g.get()), Some(sim.guild_id()));
        assert_eq!(sim.registered_guild_commands(sim.guild_id()).len(), 1);

        // The command ids registered are the ids interactions carry.
        let id = sim.slash_command(
            news,
            &SimUser::member("x"),
            "clashes",
            json!([{"type": 1, "name": "recent"}]),
        );
        assert!(sim.interaction_sent_at(id).is_some());

        // Unknown routes are recorded and answered the Discord way.
        let err = http.get_guild_roles(GuildId::new(sim.guild_id())).await;
        assert!(err.is_err());
        let unknown = sim.unknown_routes();
        assert_eq!(unknown.len(), 1);
        assert!(unknown[0].path.ends_with("/roles"));
        assert!(sim.requests().iter().all(|r| r
            .authorization
            .as_deref()
            .is_some_and(|a| a.starts_with("Bot "))));
    })
    .await;
}

#[tokio::test]
async fn posted_messages_are_recorded_and_discord_rules_enforced() {
    within(async {
        let sim = DiscordSim::start().await;
        let http = http(&sim);
        let news = sim.channel_id("news");
        let alice = SimUser::member("alice");
        let link = sim.post_message(news, &alice, "https://example.org/a");

        let reply = ChannelId::new(news)
            .send_message(
                &http,
                CreateMessage::new()
                    .content("@everyone read this")
                    .reference_message((ChannelId::new(news), MessageId::new(link)))
                    .allowed_mentions(CreateAllowedMentions::new())
                    .embed(CreateEmbed::new().title("Clash").field("Killed", "3", true))
                    .nonce(Nonce::String("job-1".into()))
                    .enforce_nonce(true),
            )
            .await
            .expect("send");
        assert_eq!(reply.content, "@everyone read this");
        assert!(!reply.mention_everyone);
        assert!(reply.mentions.is_empty());
        assert_eq!(
            reply.referenced_message.as_ref().map(|m| m.id.get()),
            Some(link)
        );
        assert_eq!(reply.embeds[0].title.as_deref(), Some("Clash"));
        let fetched = http
            .get_message(ChannelId::new(news), reply.id)
            .await
            .expect("get message");
        assert_eq!(fetched.content, reply.content);

        let posted = sim.wait_for_messages(news, 1, WAIT).await;
        assert_eq!(posted[0]["allowed_mentions"]["parse"], json!([]));
        assert_eq!(
            posted[0]["message_reference"]["message_id"],
            json!(link.to_string())
        );
        assert_eq!(posted[0]["nonce"], "job-1");
        assert_eq!(posted[0]["enforce_nonce"], true);
        assert_eq!(sim.replies_to(link).len(), 1);
        assert!(!sim.replies_to(link)[0].pings_anyone());

        // The same nonce again returns the earlier message instead of a second one.
        let again = ChannelId::new(news)
            .send_message(
                &http,
                CreateMessage::new()
                    .content("@everyone read this")
                    .nonce(Nonce::String("job-1".into()))
                    .enforce_nonce(true),
            )
            .await
            .expect("send again");
        assert_eq!(again.id, reply.id);
        assert_eq!(sim.messages(news).len(), 1);

        // Without allowed_mentions, Discord pings everyone.
        let loud = ChannelId::new(news)
            .send_message(&http, CreateMessage::new().content("@everyone hi"))
            .await
            .expect("send");
        assert!(loud.mention_everyone);
        assert!(sim.posted(news)[1].pings_anyone());

        // Edits, deletes, typing, reactions.
        ChannelId::new(news)
            .edit_message(&http, reply.id, EditMessage::new().content("edited"))
            .await
            .expect("edit");
        assert_eq!(sim.message_edits(news)[0].1["content"], "edited");
        ChannelId::new(news)
            .broadcast_typing(&http)
            .await
            .expect("typing");
        assert_eq!(sim.typing_count(news), 1);
        let eyes = ReactionType::Unicode("👀".into());
        ChannelId::new(news)
            .create_reaction(&http, MessageId::new(link), eyes.clone())
            .await
            .expect("react");
        ChannelId::new(news)
            .delete_reaction(&http, MessageId::new(link), None, eyes)
            .await
            .expect("unreact");
        let reactions = sim.reactions(news);
        assert_eq!(
            (reactions[0].emoji.as_str(), reactions[0].added),
            ("👀", true)
        );
        assert!(!reactions[1].added);
        ChannelId::new(news)
            .delete_message(&http, loud.id)
            .await
            .expect("delete");
        assert_eq!(sim.deleted_messages(news), vec![loud.id.get()]);

        // Refusals: forbidden channel, over-long embed title, reply to an unknown message.
        let alerts = sim.channel_id("alerts");
        sim.forbid_channel(alerts);
        let err = ChannelId::new(alerts)
            .send_message(&http, CreateMessage::new().content("x"))
            .await
            .expect_err("forbidden");
        assert!(format!("{err:?}").contains("50013"), "{err:?}");
        let err = ChannelId::new(news)
            .send_message(
                &http,
                CreateMessage::new().embed(CreateEmbed::new().title("t".repeat(257))),
            )
            .await
            .expect_err("embed title too long");
        assert!(format!("{err:?}").contains("50035"), "{err:?}");
        let err = ChannelId::new(news)
            .send_message(
                &http,
                CreateMessage::new()
                    .content("x")
                    .reference_message((ChannelId::new(news), MessageId::new(42))),
            )
            .await
            .expect_err("unknown reply target");
        assert!(format!("{err:?}").contains("50035"), "{err:?}");
        assert_eq!(sim.messages(news).len(), 2);
        assert_eq!(sim.messages(alerts).len(), 0);
    })
    .await;
}

#[tokio::test]
async fn interaction_responses_are_recorded_and_the_window_enforced() {
    within(async {
        let sim = DiscordSim::start_with(SimConfig {
            interaction_window: Duration::from_millis(300),
            ..SimConfig::default()
        })
        .await;
        let http = http(&sim);
        let news = sim.channel_id("news");
        let bob = SimUser::member("bob");
        let mut gw = RawGateway::connect(&sim).await;
        gw.identify(&sim, ALL_MESSAGE_INTENTS).await;

        // Deferred, then follow-up and edit of the original.
        let id = sim.slash_command(news, &bob, "clashes", json!([{"type": 1, "name": "recent"}]));
        let cmd = command(parse_dispatch(&gw.dispatch("INTERACTION_CREATE").await));
        cmd.defer(&http).await.expect("defer");
        let err = cmd.defer(&http).await.expect_err("second ack");
        assert!(format!("{err:?}").contains("40060"), "{err:?}");
        let placeholder = cmd.get_response(&http).await.expect("original");
        assert!(placeholder.flags.is_some_and(|f| f.bits() & 128 != 0));
        let edited = cmd
            .edit_response(&http, EditInteractionResponse::new().content("3 clashes"))
            .await
            .expect("edit original");
        assert_eq!(edited.content, "3 clashes");
        let follow = cmd
            .create_followup(
                &http,
                CreateInteractionResponseFollowup::new()
                    .content("more")
                    .ephemeral(true),
            )
            .await
            .expect("follow-up");
        assert_eq!(follow.content, "more");
        let responses = sim.wait_for_interaction_response(id, 3, WAIT).await;
        let kinds: Vec<ResponseKind> = responses.iter().map(|r| r.kind).collect();
        assert_eq!(
            kinds,
            [ResponseKind::Callback, ResponseKind::EditOriginal, ResponseKind::Followup]
        );
        assert_eq!(responses[0].callback_type, Some(5));
        assert_eq!(responses[1].content(), Some("3 clashes"));
        assert!(responses[2].ephemeral());
        assert_eq!(
            sim.original_response(id).map(|m| m["content"].clone()),
            Some(json!("3 clashes"))
        );

        // An immediate ephemeral answer.
        let id = sim.slash_command(news, &bob, "watch", json!([{"type": 1, "name": "list"}]));
        let cmd = command(parse_dispatch(&gw.dispatch("INTERACTION_CREATE").await));
        cmd.create_response(
            &http,
            CreateInteractionResponse::Message(
                CreateInteractionResponseMessage::new()
                    .content("Moderators only")
                    .ephemeral(true),
            ),
        )
        .await
        .expect("respond");
        let responses = sim.interaction_responses(id);
        assert_eq!(responses[0].callback_type, Some(4));
        assert!(responses[0].ephemeral());

        // Autocomplete results.
        let id = sim.autocomplete(
            news,
            &bob,
            "clashes",
            json!([{"type": 1, "name": "recent", "options": [{"type": 3, "name": "region", "value": "Sa", "focused": true}]}]),
        );
        let cmd = command(parse_dispatch(&gw.dispatch("INTERACTION_CREATE").await));
        cmd.create_response(
            &http,
            CreateInteractionResponse::Autocomplete(
                CreateAutocompleteResponse::new().add_string_choice("Sahel", "Sahel"),
            ),
        )
        .await
        .expect("autocomplete");
        let responses = sim.interaction_responses(id);
        assert_eq!(responses[0].callback_type, Some(8));
        assert_eq!(responses[0].choices()[0]["name"], "Sahel");

        // Too late: Discord forgets the interaction after its window.
        let id = sim.slash_command(news, &bob, "clashes", json!([{"type": 1, "name": "regions"}]));
        let cmd = command(parse_dispatch(&gw.dispatch("INTERACTION_CREATE").await));
        tokio::time::sleep(Duration::from_millis(400)).await;
        let err = cmd.defer(&http).await.expect_err("too late");
        assert!(format!("{err:?}").contains("10062"), "{err:?}");
        assert!(sim.interaction_responses(id).is_empty());
    })
    .await;
}

mod smoke {
    use super::*;
    use serenity::all::{Context, EventHandler, GatewayIntents, Message, Ready};
    use serenity::async_trait;

    struct Pong;

    #[async_trait]
    impl EventHandler for Pong {
        async fn message(&self, ctx: Context, msg: Message) {
            if msg.author.bot || msg.content != "ping" {
                return;
            }
            let reply = CreateMessage::new()
                .content("pong")
                .reference_message(&msg)
                .allowed_mentions(CreateAllowedMentions::new());
            let _ = msg.channel_id.send_message(&ctx.http, reply).await;
        }

        async fn ready(&self, _: Context, _: Ready) {}
    }

    #[tokio::test]
    async fn a_serenity_client_answers_ping_through_the_simulator() {
        within(async {
            let sim = DiscordSim::start().await;
            let (shards, running) = start_pong(&sim).await;

            assert!(sim.wait_ready(WAIT).await, "bot never identified");
            let news = sim.channel_id("news");
            let ping = sim.post_message(news, &SimUser::member("alice"), "ping");
            let replies = sim
                .wait_until(WAIT, |s| {
                    let r = s.replies_to(ping);
                    (!r.is_empty()).then_some(r)
                })
                .await
                .expect("pong posted");
            assert_eq!(replies[0].content(), "pong");
            assert!(!replies[0].pings_anyone());
            // Discord echoes the bot's own message; the handler must ignore it (one reply).
            tokio::time::sleep(Duration::from_millis(200)).await;
            assert_eq!(sim.messages(news).len(), 1);

            // Everything the gateway sent parsed as a known serenity event.
            for frame in sim.sent_frames().iter().filter(|f| f["op"] == 0) {
                parse_dispatch(frame);
            }
            assert!(
                sim.unknown_routes().is_empty(),
                "{:?}",
                sim.unknown_routes()
            );

            assert!(sim.reply_latency(ping).is_some_and(|l| l < WAIT));
            shards.shutdown_all().await;
            let _ = tokio::time::timeout(WAIT, running).await;

            // A restarted bot identifies afresh and gets the new events, once.
            let (shards, running) = start_pong(&sim).await;
            assert!(sim.wait_for_ready_count(2, WAIT).await);
            let ping = sim.post_message(news, &SimUser::member("alice"), "ping");
            sim.wait_until(WAIT, |s| (!s.replies_to(ping).is_empty()).then_some(()))
                .await
                .expect("restarted bot answers");
            tokio::time::sleep(Duration::from_millis(200)).await;
            assert_eq!(sim.replies_to(ping).len(), 1);
            shards.shutdown_all().await;
            let _ = tokio::time::timeout(WAIT, running).await;
        })
        .await;
    }

    /// 200 messages in a burst: none lost, each answered once; prints the latency the
    /// simulator measures (MESSAGE_CREATE dispatched → reply POST received).
    #[tokio::test]
    async fn a_burst_of_messages_is_answered_once_each() {
        within(async {
            let sim = DiscordSim::start().await;
            let (shards, running) = start_pong(&sim).await;
            assert!(sim.wait_ready(WAIT).await);
            let news = sim.channel_id("news");
            let alice = SimUser::member("alice");
            let ids: Vec<u64> = (0..200)
                .map(|_| sim.post_message(news, &alice, "ping"))
                .collect();
            let posted = sim.wait_for_messages(news, ids.len(), WAIT).await;
            assert_eq!(posted.len(), ids.len());
            let mut latencies: Vec<Duration> = ids
                .iter()
                .map(|id| {
                    assert_eq!(sim.replies_to(*id).len(), 1, "message {id}");
                    sim.reply_latency(*id).expect("latency")
                })
                .collect();
            latencies.sort();
            println!(
                "pong latency over {}: median {:?}, p99 {:?}",
                latencies.len(),
                latencies[latencies.len() / 2],
                latencies[latencies.len() * 99 / 100]
            );
            shards.shutdown_all().await;
            let _ = tokio::time::timeout(WAIT, running).await;
        })
        .await;
    }

    async fn start_pong(
        sim: &DiscordSim,
    ) -> (
        Arc<serenity::gateway::ShardManager>,
        tokio::task::JoinHandle<serenity::Result<()>>,
    ) {
        let http = HttpBuilder::new(sim.token())
            .proxy(sim.base_url())
            .ratelimiter_disabled(true)
            .build();
        let intents = GatewayIntents::GUILDS
            | GatewayIntents::GUILD_MESSAGES
            | GatewayIntents::MESSAGE_CONTENT;
        let mut client = serenity::client::ClientBuilder::new_with_http(http, intents)
            .event_handler(Pong)
            .await
            .expect("client builds");
        let shards = client.shard_manager.clone();
        (shards, tokio::spawn(async move { client.start().await }))
    }
}

/// The stack the bot uses: poise on serenity, with its own command registration, argument
/// parsing (subcommands, autocomplete, channel arguments, context menus) and permission checks.
mod poise_smoke {
    use super::*;
    use serenity::all::{ClientBuilder, GatewayIntents, GuildChannel, Message};

    type Error = Box<dyn std::error::Error + Send + Sync>;
    type Ctx<'a> = poise::Context<'a, (), Error>;

    #[poise::command(slash_command, subcommands("recent"))]
    async fn clashes(_: Ctx<'_>) -> Result<(), Error> {
        Ok(())
    }

    async fn regions<'a>(_: Ctx<'_>, partial: &'a str) -> impl Iterator<Item = String> + 'a {
        ["Sahel", "South Caucasus"]
            .into_iter()
            .filter(move |r| r.starts_with(partial))
            .map(String::from)
    }

    /// Latest clashes.
    #[poise::command(slash_command)]
    async fn recent(
        ctx: Ctx<'_>,
        #[autocomplete = "regions"] region: Option<String>,
    ) -> Result<(), Error> {
        let region = region.unwrap_or_else(|| "anywhere".into());
        ctx.say(format!("recent in {region}")).await?;
        Ok(())
    }

    #[poise::command(
        slash_command,
        subcommands("add"),
        default_member_permissions = "MANAGE_CHANNELS"
    )]
    async fn watch(_: Ctx<'_>) -> Result<(), Error> {
        Ok(())
    }

    /// Watch a channel.
    #[poise::command(slash_command, required_permissions = "MANAGE_CHANNELS")]
    async fn add(ctx: Ctx<'_>, channel: GuildChannel) -> Result<(), Error> {
        ctx.send(
            poise::CreateReply::default()
                .content(format!("watching {}", channel.name))
                .ephemeral(true),
        )
        .await?;
        Ok(())
    }

    #[poise::command(context_menu_command = "Key facts")]
    async fn key_facts(ctx: Ctx<'_>, msg: Message) -> Result<(), Error> {
        ctx.defer().await?;
        ctx.say(format!("facts for {}", msg.content)).await?;
        Ok(())
    }

    async fn answer(sim: &DiscordSim, id: u64) -> String {
        let responses = sim
            .wait_until(WAIT, |s| {
                let r = s.interaction_responses(id);
                r.iter()
                    .any(|r| r.content().is_some_and(|c| !c.is_empty()))
                    .then_some(r)
            })
            .await
            .unwrap_or_else(|| panic!("no answer to {id}: {:?}", sim.requests()));
        responses
            .iter()
            .filter_map(|r| r.content())
            .collect::<Vec<_>>()
            .join("|")
    }

    #[tokio::test]
    async fn a_poise_bot_registers_and_answers_commands_through_the_simulator() {
        within(async {
            let sim = DiscordSim::start().await;
            let framework = poise::Framework::builder()
                .options(poise::FrameworkOptions {
                    commands: vec![clashes(), watch(), key_facts()],
                    allowed_mentions: Some(CreateAllowedMentions::new()),
                    ..Default::default()
                })
                .setup(|ctx, _ready, framework| {
                    Box::pin(async move {
                        poise::builtins::register_globally(ctx, &framework.options().commands)
                            .await?;
                        Ok(())
                    })
                })
                .build();
            let http = HttpBuilder::new(sim.token())
                .proxy(sim.base_url())
                .ratelimiter_disabled(true)
                .build();
            // No privileged intent: context menus must work without message content.
            let mut client = ClientBuilder::new_with_http(http, GatewayIntents::non_privileged())
                .framework(framework)
                .await
                .expect("client builds");
            let shards = client.shard_manager.clone();
            let running = tokio::spawn(async move { client.start().await });

            let commands = sim.wait_for_commands(WAIT).await;
            let names: Vec<&str> = commands.iter().filter_map(|c| c["name"].as_str()).collect();
            assert_eq!(names, ["clashes", "watch", "Key facts"]);
            assert_eq!(commands[1]["default_member_permissions"], "16");

            let news = sim.channel_id("news");
            let alerts = sim.channel_id("alerts");
            let bob = SimUser::member("bob");
            let id = sim.slash_command(
                news,
                &bob,
                "clashes",
                json!([{"type": 1, "name": "recent", "options": [{"type": 3, "name": "region", "value": "Sahel"}]}]),
            );
            assert_eq!(answer(&sim, id).await, "recent in Sahel");
            let id = sim.slash_command(news, &bob, "clashes", json!([{"type": 1, "name": "recent"}]));
            assert_eq!(answer(&sim, id).await, "recent in anywhere");

            let id = sim.autocomplete(
                news,
                &bob,
                "clashes",
                json!([{"type": 1, "name": "recent", "options": [{"type": 3, "name": "region", "value": "So", "focused": true}]}]),
            );
            let choices = sim
                .wait_for_interaction_response(id, 1, WAIT)
                .await
                .first()
                .map(|r| r.choices())
                .unwrap_or_default();
            assert_eq!(choices, [json!({"name": "South Caucasus", "value": "South Caucasus"})]);

            let add = json!([{"type": 1, "name": "add", "options": [{"type": 7, "name": "channel", "value": alerts.to_string()}]}]);
            let id = sim.slash_command(news, &bob, "watch", add.clone());
            assert!(answer(&sim, id).await.contains("lacking permissions"));
            let id = sim.slash_command(news, &SimUser::moderator("mod"), "watch", add);
            assert_eq!(answer(&sim, id).await, "watching alerts");

            let target = sim.post_message(news, &bob, "https://example.org/story");
            let id = sim.message_command(news, &bob, "Key facts", target);
            assert_eq!(answer(&sim, id).await, "facts for https://example.org/story");

            for frame in sim.sent_frames().iter().filter(|f| f["op"] == 0) {
                parse_dispatch(frame);
            }
            assert!(sim.unknown_routes().is_empty(), "{:?}", sim.unknown_routes());

            shards.shutdown_all().await;
            let _ = tokio::time::timeout(WAIT, running).await;
        })
        .await;
    }
}
