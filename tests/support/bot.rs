//! The real bot in a test, against the local Discord API: either
//! `clashwatch::bot::run` in its own runtime ([`Bot`]), or the real
//! `clashwatch` binary as a child process ([`BotProcess`]), which crash
//! tests kill with SIGKILL.

use std::process::{Child, Command, Stdio};
use std::time::Duration;

use clashwatch::bot::{self, Connection};
use clashwatch::config::Config;
use serde_json::Value;
use tokio_util::sync::CancellationToken;

use super::db::TestDb;
use super::discord::{DiscordSim, InteractionResponse, SimUser};

/// How long a test waits for something the bot should do. Only a failing
/// test waits this long; 15 s ran out for a first alert on a 2-core machine
/// that was also building in release.
pub const WAIT: Duration = Duration::from_secs(30);

/// `bot::run` on a runtime of its own, so that [`Bot::kill`] can stop every
/// task it spawned (workers, alert sender) at once, as a dead process would.
pub struct Bot {
    shutdown: CancellationToken,
    runtime: Option<tokio::runtime::Runtime>,
    done: Option<tokio::sync::oneshot::Receiver<anyhow::Result<()>>>,
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
    config.jobs.rescue_secs = 1;
    config.jobs.reply_retry_base_secs = 1;
    config.bot.typing_after_ms = 200;
    config.alerts.poll_ms = 100;
    config.alerts.lease_secs = 2;
    config.alerts.send_gap_ms = 10;
    config.alerts.channel_interval_secs = 0;
    config.alerts.retry_base_secs = 1;
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
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("a runtime for the bot");
        let (tx, rx) = tokio::sync::oneshot::channel();
        let stop = shutdown.clone();
        runtime.spawn(async move {
            let _ = tx.send(bot::run(config, conn, stop).await);
        });
        Bot {
            shutdown,
            runtime: Some(runtime),
            done: Some(rx),
        }
    }

    pub async fn stop(mut self) {
        self.shutdown.cancel();
        let done = self.done.take().expect("not stopped yet");
        let result = tokio::time::timeout(WAIT, done)
            .await
            .expect("bot stops in time")
            .expect("bot task");
        result.expect("bot ran without error");
    }

    /// A crash: every task of the bot stops where it is, without any
    /// cleanup (no lease handed back, no outcome recorded).
    pub fn kill(mut self) {
        if let Some(rt) = self.runtime.take() {
            rt.shutdown_background();
        }
    }
}

impl Drop for Bot {
    fn drop(&mut self) {
        if let Some(rt) = self.runtime.take() {
            self.shutdown.cancel();
            rt.shutdown_background();
        }
    }
}

/// The real `clashwatch run` binary as a child process, configured through
/// the environment as a user would. Killed with SIGKILL on drop.
pub struct BotProcess {
    child: Child,
    /// The process's log (stderr), shown when a test fails.
    log: tempfile::NamedTempFile,
}

impl BotProcess {
    /// `env`: extra `CLASHWATCH_*` settings (short leases and the like).
    pub fn start(sim: &DiscordSim, database_url: &str, env: &[(&str, String)]) -> BotProcess {
        BotProcess::start_as("run", sim, database_url, env)
    }

    /// `role`: the subcommand, `run` (a bot) or `worker`.
    pub fn start_as(
        role: &str,
        sim: &DiscordSim,
        database_url: &str,
        env: &[(&str, String)],
    ) -> BotProcess {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_clashwatch"));
        cmd.arg(role)
            .current_dir(std::env::temp_dir())
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("DISCORD_TOKEN", sim.token())
            .env("DISCORD_API_URL", sim.base_url())
            .env("DISCORD_GUILD_ID", sim.guild_id().to_string())
            .env("DATABASE_URL", database_url)
            .env("CLASHWATCH_FETCH__ALLOW_PRIVATE_ADDRESSES", "true")
            .env(
                "RUST_LOG",
                std::env::var("CLASHWATCH_TEST_LOG").unwrap_or_else(|_| "clashwatch=info".into()),
            )
            .stdin(Stdio::null())
            .stdout(Stdio::null());
        let log = tempfile::NamedTempFile::new().expect("a log file");
        cmd.stderr(log.reopen().expect("the log file"));
        for (key, value) in env {
            cmd.env(key, value);
        }
        let child = cmd.spawn().expect("start the clashwatch binary");
        BotProcess { child, log }
    }

    /// The last lines the process logged.
    pub fn log_tail(&self) -> String {
        let text = std::fs::read_to_string(self.log.path()).unwrap_or_default();
        let lines: Vec<&str> = text.lines().collect();
        lines[lines.len().saturating_sub(40)..].join("\n")
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// SIGKILL: the process is gone at once, without any cleanup.
    pub fn kill(mut self) {
        self.sigkill();
    }

    fn sigkill(&mut self) {
        // std's Child::kill sends SIGKILL on Unix.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// SIGTERM and wait for a graceful exit.
    pub fn terminate(mut self) -> std::process::ExitStatus {
        let _ = Command::new("kill")
            .arg("-TERM")
            .arg(self.child.id().to_string())
            .status();
        // Dropped after: killing a process that has exited does nothing.
        self.child.wait().expect("wait for clashwatch")
    }
}

impl Drop for BotProcess {
    fn drop(&mut self) {
        self.sigkill();
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
