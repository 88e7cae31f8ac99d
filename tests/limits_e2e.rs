//! Rate limits end to end: what a command costs, and how a flood of links is
//! refused — the real bot against the local Discord API and article server.

mod support;

use std::time::Duration;

use serde_json::{json, Value};
use support::article_server::{ArticleServer, Reply as Page};
use support::bot::{command, ready, test_config, Bot, WAIT};
use support::db;
use support::discord::{DiscordSim, SimUser};

fn sub(name: &str, options: Value) -> Value {
    json!([{"type": 1, "name": name, "options": options}])
}

const REFUSED_COMMAND: &str = "running commands faster";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_command_costs_one_token_and_autocomplete_none() {
    let db = db::sqlite().await;
    let sim = DiscordSim::start().await;
    let mut config = test_config(&db);
    config.bot.user_commands_per_minute = 20;
    let bot = Bot::start_with(&sim, config, Some(sim.guild_id()));
    ready(&sim).await;
    let news = sim.channel_id("news");
    let member = SimUser::member("reader");

    // Eleven subcommands in a minute, typing in a region box between them:
    // every one answered, every keystroke offered regions.
    for i in 0..11 {
        let typed = [
            "S", "Sa", "Sah", "Cau", "Gaz", "Ukr", "Sy", "Mal", "Su", "Ye", "Ka",
        ][i];
        let id = sim.autocomplete(
            news,
            &member,
            "clashes",
            json!([{"type": 1, "name": "recent", "options": [{"type": 3, "name": "region", "value": typed, "focused": true}]}]),
        );
        let answer = sim.wait_for_interaction_response(id, 1, WAIT).await;
        assert_eq!(answer.len(), 1, "keystroke {typed:?}: {answer:?}");
        assert_eq!(answer[0].callback_type, Some(8), "{:?}", answer[0].body);
        let (text, _) = command(&sim, news, &member, "clashes", sub("regions", json!([]))).await;
        assert!(
            text.contains("Regions you can ask about"),
            "/clashes regions #{}: {text}",
            i + 1
        );
    }
    // /watch has two checks on its parent; still one token.
    let moderator = SimUser::moderator("mod");
    for _ in 0..20 {
        let (text, _) = command(&sim, news, &moderator, "watch", sub("list", json!([]))).await;
        assert!(!text.contains(REFUSED_COMMAND), "{text}");
    }

    // The limit is real: the member's 21st command in the minute is refused,
    // ephemerally, and typing still gets suggestions, never text.
    for _ in 11..20 {
        command(&sim, news, &member, "clashes", sub("regions", json!([]))).await;
    }
    let (text, ephemeral) =
        command(&sim, news, &member, "clashes", sub("regions", json!([]))).await;
    assert!(text.contains(REFUSED_COMMAND) && ephemeral, "{text}");
    let id = sim.autocomplete(
        news,
        &member,
        "clashes",
        json!([{"type": 1, "name": "recent", "options": [{"type": 3, "name": "region", "value": "Sah", "focused": true}]}]),
    );
    let answer = sim.wait_for_interaction_response(id, 1, WAIT).await;
    assert_eq!(answer[0].callback_type, Some(8), "{:?}", answer[0].body);
    assert!(
        answer[0].choices().iter().any(|c| c["name"] == "Sahel"),
        "{:?}",
        answer[0].body
    );
    bot.stop().await;
}

fn clash_page(n: usize) -> String {
    format!(
        r#"<!doctype html><html lang="en"><head><title>Soldiers killed in border clash {n}</title>
<meta property="article:published_time" content="2023-09-01T18:00:00Z"></head><body><article>
<h1>Soldiers killed in border clash {n}</h1>
<p>Armenia's Defense Ministry reported that {n} of its soldiers were killed on Friday in shelling by Azerbaijani forces near the border village of Sotk.</p>
<p>Azerbaijan's Defense Ministry said that Armenia had used drones to attack its positions across the border in the Kalbajar region.</p>
</article></body></html>"#
    )
}

fn is_notice(m: &support::discord::PostedMessage) -> bool {
    m.content().contains("skipping")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_flood_gets_one_notice_per_member_and_per_channel() {
    for db in db::all().await {
        let pages: Vec<(String, Page)> = (1..=12)
            .map(|n| (format!("/story{n}"), Page::html(&clash_page(n))))
            .collect();
        let server =
            ArticleServer::start(pages.iter().map(|(p, r)| (p.as_str(), r.clone())).collect())
                .await;
        let sim = DiscordSim::start().await;
        let mut config = test_config(&db);
        config.bot.user_links_per_minute = 2;
        config.bot.channel_links_per_minute = 4;
        let bot = Bot::start_with(&sim, config, Some(sim.guild_id()));
        ready(&sim).await;
        let (news, general) = (sim.channel_id("news"), sim.channel_id("general"));
        let moderator = SimUser::moderator("mod");
        command(&sim, news, &moderator, "watch", sub("add", json!([]))).await;
        command(&sim, general, &moderator, "watch", sub("add", json!([]))).await;
        let link = |n: usize| server.url(&format!("/story{n}"));
        let replies = |sim: &DiscordSim, posted: &[u64]| {
            posted
                .iter()
                .filter(|p| sim.replies_to(**p).iter().any(|r| !is_notice(r)))
                .count()
        };

        // Alice posts five links: two read, one notice, then silence.
        let alice = SimUser::member("alice");
        let posted: Vec<u64> = (1..=5)
            .map(|n| sim.post_message(news, &alice, &link(n)))
            .collect();
        sim.wait_until(WAIT, |s| {
            (replies(s, &posted) == 2 && s.all_posted().iter().any(is_notice)).then_some(())
        })
        .await
        .unwrap_or_else(|| panic!("{}: two answers and a notice", db.label));

        // Bob fills the channel's budget; the channel was told already, so
        // his refused link gets no second notice.
        let bob = SimUser::member("bob");
        let bobs: Vec<u64> = (6..=8)
            .map(|n| sim.post_message(news, &bob, &link(n)))
            .collect();
        sim.wait_until(WAIT, |s| (replies(s, &bobs) == 2).then_some(()))
            .await
            .unwrap_or_else(|| panic!("{}: two of Bob's links read", db.label));
        let carol = SimUser::member("carol");
        sim.post_message(news, &carol, &link(9));

        // Alice elsewhere: over her own limit, and told already.
        sim.post_message(general, &alice, &link(10));
        // The bot is listening all along: Dave's link in #general is read.
        let dave = SimUser::member("dave");
        let daves = sim.post_message(general, &dave, &link(11));
        sim.wait_until(WAIT, |s| (replies(s, &[daves]) == 1).then_some(()))
            .await
            .unwrap_or_else(|| panic!("{}: Dave's link read", db.label));
        tokio::time::sleep(Duration::from_millis(500)).await;

        let notices: Vec<_> = sim.all_posted().into_iter().filter(is_notice).collect();
        assert_eq!(notices.len(), 1, "{}: {notices:?}", db.label);
        let notice = &notices[0];
        assert_eq!(notice.channel_id, news);
        assert!(posted.contains(&notice.reply_to().expect("a reply")));
        assert!(!notice.pings_anyone());
        let said = notice.content().to_lowercase();
        assert!(
            !said.contains("catch up") && !said.contains("later"),
            "the notice promises nothing: {said}"
        );
        // Refused links are dropped, not queued: nothing answered them since.
        let answered: usize = sim.all_posted().iter().filter(|m| !is_notice(m)).count();
        assert_eq!(answered, 5, "{}: 2 Alice + 2 Bob + 1 Dave", db.label);
        assert_eq!(server.requests().len(), 5, "{}", db.label);
        bot.stop().await;
    }
}
