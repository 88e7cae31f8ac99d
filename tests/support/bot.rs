//! The real bot (`clashwatch::bot::run`, as `clashwatch run` starts it) in a
//! test: started against the local Discord API, stopped gracefully or killed.

use std::time::Duration;

use clashwatch::bot::{self, Connection};
use clashwatch::config::Config;
use serde_json::Value;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

use super::db::TestDb;
use super::discord::{DiscordSim, InteractionResponse, SimUser};

pub const WAIT: Duration = Duration::from_secs(15);

pub struct Bot {
    shutdown: CancellationToken,
    handle: JoinHandle<anyhow::Result<()>>,
}

/// Settings for tests: the local article server is reachable, and timers are short.
pub fn test_config(db: &TestDb) -> Config {
    let mut config = Config::defaults();
    config.database.url = db.url.clone();
    // The article server is on 127.0.0.1: the tests let the fetcher reach it.
    config.fetch.allow_private_addresses = true;
    config.fetch.timeout_secs = 5;
    config.jobs.poll_ms = 50;
    config.jobs.lease_secs = 2;
    config.bot.typing_after_ms = 200;
    config.alerts.poll_ms = 100;
    config.alerts.lease_secs = 2;
    config.alerts.send_gap_ms = 10;
    config.alerts.channel_interval_secs = 0;
    config
}

impl Bot {
    /// Commands registered in the simulator's first guild.
    pub async fn start(sim: &DiscordSim, db: &TestDb) -> Bot {
        Bot::start_with(sim, test_config(db), Some(sim.guild_id()))
    }

    /// `guild: None` registers commands globally (every server).
    pub fn start_with(sim: &DiscordSim, config: Config, guild: Option<u64>) -> Bot {
        let conn = Connection {
            token: sim.token().to_string(),
            api_url: Some(sim.base_url().to_string()),
            guild_id: guild,
        };
        let shutdown = CancellationToken::new();
        let handle = tokio::spawn(bot::run(config, conn, shutdown.clone()));
        Bot { shutdown, handle }
    }

    pub async fn stop(self) {
        self.shutdown.cancel();
        let result = tokio::time::timeout(WAIT, self.handle)
            .await
            .expect("bot stops in time")
            .expect("bot task");
        result.expect("bot ran without error");
    }

    /// A crash: the process is gone without any cleanup.
    pub fn kill(self) {
        self.handle.abort();
    }
}

pub fn text_of(responses: &[InteractionResponse]) -> String {
    responses
        .iter()
        .map(|r| r.body.to_string())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Run a slash command and wait for its answer (the edit, when deferred).
/// Returns the answer's JSON text and whether it was ephemeral.
pub async fn command(
    sim: &DiscordSim,
    channel: u64,
    user: &SimUser,
    name: &str,
    options: Value,
) -> (String, bool) {
    let id = sim.slash_command(channel, user, name, options);
    let responses = sim.wait_for_interaction_response(id, 1, WAIT).await;
    assert!(!responses.is_empty(), "no answer to /{name}");
    let responses = if responses[0].callback_type == Some(5) {
        sim.wait_for_interaction_response(id, 2, WAIT).await
    } else {
        responses
    };
    let ephemeral = responses.iter().any(|r| r.ephemeral());
    (text_of(&responses), ephemeral)
}

pub async fn ready(sim: &DiscordSim) {
    assert!(sim.wait_ready(WAIT).await, "bot connected");
    assert!(
        !sim.wait_for_commands(WAIT).await.is_empty(),
        "commands registered"
    );
}
