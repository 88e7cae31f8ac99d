//! Who may point the bot at a channel, end to end: the real bot against the
//! local Discord API, which computes permissions from roles and channel
//! overwrites as Discord does and sends them with each interaction.

mod support;

use serde_json::{json, Value};
use support::bot::{command, ready, test_config, Bot};
use support::db;
use support::discord::{
    DiscordSim, GuildSpec, OverwriteFor, SimConfig, SimUser, ADMINISTRATOR, EMBED_LINKS,
    MANAGE_CHANNELS, MEMBER_PERMISSIONS, MENTION_EVERYONE, READ_MESSAGE_HISTORY, VIEW_CHANNEL,
};

fn sub(name: &str, options: Value) -> Value {
    json!([{"type": 1, "name": name, "options": options}])
}

fn channel(id: u64) -> Value {
    json!({"type": 7, "name": "channel", "value": id.to_string()})
}

fn region(r: &str) -> Value {
    json!({"type": 3, "name": "region", "value": r})
}

fn role(id: u64) -> Value {
    json!({"type": 8, "name": "role", "value": id.to_string()})
}

/// The answer's text, asserting it came back ephemeral (refusals and
/// moderators' confirmations are for the one who asked).
async fn ask(sim: &DiscordSim, from: u64, user: &SimUser, name: &str, options: Value) -> String {
    let (text, ephemeral) = command(sim, from, user, name, options).await;
    assert!(ephemeral, "/{name} answered in public: {text}");
    text
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_moderator_check_reads_the_channel_the_command_is_about() {
    let db = db::sqlite().await;
    let sim = DiscordSim::start().await;
    let bot = Bot::start(&sim, &db).await;
    ready(&sim).await;
    let (general, news, alerts) = (
        sim.channel_id("general"),
        sim.channel_id("news"),
        sim.channel_id("alerts"),
    );

    // Manage Channels in #general only, by a member overwrite.
    let helper = SimUser::member("helper");
    sim.set_overwrite(general, OverwriteFor::Member(helper.id), MANAGE_CHANNELS, 0);
    let text = ask(
        &sim,
        general,
        &helper,
        "watch",
        sub("add", json!([channel(news)])),
    )
    .await;
    assert!(
        text.contains("Only moderators") && text.contains(&format!("<#{news}>")),
        "typed in #general, about #news: {text}"
    );
    let text = ask(
        &sim,
        general,
        &helper,
        "alerts",
        sub("subscribe", json!([region("Caucasus"), channel(alerts)])),
    )
    .await;
    assert!(text.contains("Only moderators"), "{text}");
    // About #general itself, they are a moderator.
    let text = ask(&sim, general, &helper, "watch", sub("add", json!([]))).await;
    assert!(text.contains("I'll read links posted in"), "{text}");

    // A moderator whom #news denies Manage Channels can't choose it from elsewhere.
    let moderator = SimUser::moderator("mod");
    sim.set_overwrite(news, OverwriteFor::Member(moderator.id), 0, MANAGE_CHANNELS);
    let text = ask(
        &sim,
        general,
        &moderator,
        "watch",
        sub("add", json!([channel(news)])),
    )
    .await;
    assert!(text.contains("Only moderators"), "{text}");
    // Typed in #news itself: Discord's own figure for the member there.
    let text = ask(&sim, news, &moderator, "watch", sub("remove", json!([]))).await;
    assert!(text.contains("Only moderators"), "{text}");
    let text = ask(
        &sim,
        general,
        &moderator,
        "alerts",
        sub("pause", json!([channel(news)])),
    )
    .await;
    assert!(text.contains("Only moderators"), "{text}");

    // Administrators and the owner pass whatever the channel's overwrites say.
    let admin = SimUser::with_permissions("admin", MEMBER_PERMISSIONS | ADMINISTRATOR);
    sim.set_overwrite(news, OverwriteFor::Member(admin.id), 0, MANAGE_CHANNELS);
    sim.set_overwrite(news, OverwriteFor::Role(sim.guild_id()), 0, MANAGE_CHANNELS);
    let text = ask(
        &sim,
        general,
        &admin,
        "watch",
        sub("add", json!([channel(news)])),
    )
    .await;
    assert!(text.contains("I'll read links posted in"), "admin: {text}");
    let text = ask(&sim, news, &sim.owner(), "watch", sub("remove", json!([]))).await;
    assert!(text.contains("I stopped reading"), "owner: {text}");

    assert_eq!(
        db.store
            .watched_channels(sim.guild_id() as i64)
            .await
            .expect("watched"),
        [general as i64],
        "only the helper's own channel is watched"
    );
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_channel_of_another_server_is_refused() {
    let db = db::sqlite().await;
    let sim = DiscordSim::start_with(SimConfig {
        guilds: vec![
            GuildSpec {
                name: "Ours".into(),
                channels: vec!["news".into(), "alerts".into()],
            },
            GuildSpec {
                name: "Theirs".into(),
                channels: vec!["news".into()],
            },
        ],
        ..SimConfig::default()
    })
    .await;
    let bot = Bot::start_with(&sim, test_config(&db), None);
    ready(&sim).await;
    let theirs = sim.guild_ids()[1];
    let foreign = sim
        .channels()
        .iter()
        .find(|c| c.guild_id == theirs)
        .map(|c| c.id)
        .expect("the other server's channel");
    let news = sim.channel_id("news");
    let moderator = SimUser::moderator("mod");

    for (name, options) in [
        ("watch", sub("add", json!([channel(foreign)]))),
        ("watch", sub("remove", json!([channel(foreign)]))),
        (
            "alerts",
            sub("subscribe", json!([region("Sahel"), channel(foreign)])),
        ),
        ("alerts", sub("pause", json!([channel(foreign)]))),
    ] {
        let text = ask(&sim, news, &moderator, name, options).await;
        assert!(text.contains("not a channel of this server"), "{text}");
    }
    let ours = sim.guild_id() as i64;
    assert!(db.store.watched_channels(ours).await.expect("w").is_empty());
    assert!(db
        .store
        .watched_channels(theirs as i64)
        .await
        .expect("w")
        .is_empty());
    assert!(db.store.subscriptions(ours).await.expect("s").is_empty());
    assert!(db
        .store
        .subscriptions(theirs as i64)
        .await
        .expect("s")
        .is_empty());
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn alert_roles_must_be_people_the_bot_can_mention() {
    let db = db::sqlite().await;
    let sim = DiscordSim::start().await;
    let bot = Bot::start(&sim, &db).await;
    ready(&sim).await;
    let (news, alerts) = (sim.channel_id("news"), sim.channel_id("alerts"));
    let guild = sim.guild_id();
    let moderator = SimUser::moderator("mod");
    let quiet = sim.add_role(guild, "Sahel watchers", 0, false, false);
    let loud = sim.add_role(guild, "Caucasus watchers", 0, false, true);
    let boosters = sim.add_role(guild, "Server Booster", 0, true, true);
    let subscribe = |r: u64| {
        sub(
            "subscribe",
            json!([region("Caucasus"), channel(alerts), role(r)]),
        )
    };

    for (r, expected) in [
        (guild, "can't mention @everyone"),
        (sim.bot_role(guild), "managed by a bot or an integration"),
        (boosters, "managed by a bot or an integration"),
        (quiet, "make it mentionable"),
    ] {
        let text = ask(&sim, news, &moderator, "alerts", subscribe(r)).await;
        assert!(text.contains(expected), "{expected}: {text}");
    }
    assert!(db
        .store
        .subscriptions(guild as i64)
        .await
        .expect("s")
        .is_empty());

    let text = ask(&sim, news, &moderator, "alerts", subscribe(loud)).await;
    assert!(text.contains(&format!("mentioning <@&{loud}>")), "{text}");
    // With Mention @everyone, @here and All Roles in #alerts, any role will do.
    sim.set_overwrite(
        alerts,
        OverwriteFor::Role(sim.bot_role(guild)),
        MENTION_EVERYONE,
        0,
    );
    let text = ask(&sim, news, &moderator, "alerts", subscribe(quiet)).await;
    assert!(text.contains(&format!("mentioning <@&{quiet}>")), "{text}");
    let subs = db.store.subscriptions(guild as i64).await.expect("s");
    assert_eq!(subs.len(), 1);
    assert_eq!(subs[0].role_id, Some(quiet as i64));
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_bot_says_what_it_lacks_in_the_target_channel() {
    let db = db::sqlite().await;
    let sim = DiscordSim::start().await;
    let bot = Bot::start(&sim, &db).await;
    ready(&sim).await;
    let guild = sim.guild_id();
    let (general, news, alerts, offtopic) = (
        sim.channel_id("general"),
        sim.channel_id("news"),
        sim.channel_id("alerts"),
        sim.channel_id("offtopic"),
    );
    let bot_role = OverwriteFor::Role(sim.bot_role(guild));
    let moderator = SimUser::moderator("mod");

    // No Embed Links in #news: asked from elsewhere (computed from the
    // overwrites) and from #news itself (Discord's app_permissions).
    sim.set_overwrite(news, bot_role, 0, EMBED_LINKS);
    for from in [general, news] {
        let text = ask(
            &sim,
            from,
            &moderator,
            "watch",
            sub("add", json!([channel(news)])),
        )
        .await;
        assert!(
            text.contains("can't answer links in") && text.contains("**Embed Links**"),
            "{text}"
        );
        assert!(!text.contains("View Channel"), "{text}");
    }
    // Replies need the history; alerts don't.
    sim.set_overwrite(offtopic, bot_role, 0, READ_MESSAGE_HISTORY);
    let text = ask(
        &sim,
        general,
        &moderator,
        "watch",
        sub("add", json!([channel(offtopic)])),
    )
    .await;
    assert!(text.contains("**Read Message History**"), "{text}");
    let text = ask(
        &sim,
        general,
        &moderator,
        "alerts",
        sub("subscribe", json!([region("Sahel"), channel(offtopic)])),
    )
    .await;
    assert!(text.contains("will get an alert"), "{text}");

    // #alerts hidden from @everyone, the bot included.
    sim.set_overwrite(alerts, OverwriteFor::Role(guild), 0, VIEW_CHANNEL);
    let text = ask(
        &sim,
        general,
        &moderator,
        "alerts",
        sub("subscribe", json!([region("Caucasus"), channel(alerts)])),
    )
    .await;
    assert!(
        text.contains("can't post alerts in") && text.contains("**View Channel**"),
        "{text}"
    );
    let text = ask(
        &sim,
        general,
        &moderator,
        "alerts",
        sub("resume", json!([channel(offtopic)])),
    )
    .await;
    assert!(
        text.contains("Nothing to change"),
        "resume where the bot can post: {text}"
    );
    sim.set_overwrite(offtopic, bot_role, 0, VIEW_CHANNEL | READ_MESSAGE_HISTORY);
    let text = ask(
        &sim,
        general,
        &moderator,
        "alerts",
        sub("resume", json!([channel(offtopic)])),
    )
    .await;
    assert!(text.contains("**View Channel**"), "{text}");
    // Fixed: the bot's role may see #alerts again.
    sim.set_overwrite(alerts, bot_role, VIEW_CHANNEL, 0);
    let text = ask(
        &sim,
        general,
        &moderator,
        "alerts",
        sub("subscribe", json!([region("Caucasus"), channel(alerts)])),
    )
    .await;
    assert!(text.contains("will get an alert"), "{text}");

    assert!(db
        .store
        .watched_channels(guild as i64)
        .await
        .expect("w")
        .is_empty());
    let mut subscribed: Vec<i64> = db
        .store
        .subscriptions(guild as i64)
        .await
        .expect("s")
        .iter()
        .map(|s| s.channel_id)
        .collect();
    subscribed.sort_unstable();
    let mut expected = vec![offtopic as i64, alerts as i64];
    expected.sort_unstable();
    assert_eq!(subscribed, expected);
    bot.stop().await;
}
