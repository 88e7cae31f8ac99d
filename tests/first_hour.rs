//! A server owner's first hour, with the real `clashwatch` binary as a child
//! process against the local Discord API: a refused token, an unreachable
//! Discord, stop signals at every stage, the Message Content intent switched
//! off, and `summarize` given files that are not articles.

mod support;

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::json;
use support::article_server::{ArticleServer, Reply as Page};
use support::bot::{command, WAIT};
use support::discord::{DiscordSim, SimConfig, SimUser, INTENT_MESSAGE_CONTENT};

const BIN: &str = env!("CARGO_BIN_EXE_clashwatch");

const CLASH_PAGE: &str = r#"<!doctype html><html lang="en"><head>
<title>Armenia, Azerbaijan report casualties in border clash</title></head><body><article>
<h1>Armenia, Azerbaijan report casualties in border clash</h1>
<p>Armenia and Azerbaijan both reported casualties on Friday from fighting near their shared border, north of the breakaway region of Nagorno-Karabakh.</p>
<p>Armenia's Defense Ministry reported that four of its soldiers were killed and another was injured in shelling near the border villages of Sotk and Norabak.</p>
<p>Azerbaijan's Defense Ministry said that Armenia had used drones to attack its positions across the border in the Kalbajar region, wounding three soldiers.</p>
</article></body></html>"#;

/// `clashwatch run` in its own folder (no .env or clashwatch.toml of ours),
/// with its stderr collected as it comes.
struct BotProcess {
    child: Child,
    log: Arc<Mutex<String>>,
    dir: tempfile::TempDir,
}

impl BotProcess {
    fn start(api_url: &str, token: &str, guild: Option<u64>) -> BotProcess {
        BotProcess::start_in(
            tempfile::tempdir().expect("temp dir"),
            api_url,
            token,
            guild,
        )
    }

    fn start_in(dir: tempfile::TempDir, api_url: &str, token: &str, guild: Option<u64>) -> Self {
        let mut cmd = Command::new(BIN);
        cmd.arg("run")
            .current_dir(dir.path())
            .env_remove("CLASHWATCH_CONFIG")
            .env_remove("NO_COLOR")
            .env("RUST_LOG", "info")
            .env("DISCORD_TOKEN", token)
            .env("DISCORD_API_URL", api_url)
            .env(
                "DATABASE_URL",
                format!("sqlite://{}/data/clashwatch.db", dir.path().display()),
            )
            // The article server is on 127.0.0.1; short timers keep the test fast.
            .env("CLASHWATCH_FETCH__ALLOW_PRIVATE_ADDRESSES", "true")
            .env("CLASHWATCH_JOBS__POLL_MS", "50")
            .env("CLASHWATCH_JOBS__LEASE_SECS", "2")
            .env("CLASHWATCH_ALERTS__POLL_MS", "100")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        match guild {
            Some(g) => cmd.env("DISCORD_GUILD_ID", g.to_string()),
            None => cmd.env_remove("DISCORD_GUILD_ID"),
        };
        let mut child = cmd.spawn().expect("start clashwatch");
        let log = Arc::new(Mutex::new(String::new()));
        let stderr = child.stderr.take().expect("stderr");
        let sink = Arc::clone(&log);
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines() {
                let Ok(line) = line else { break };
                let mut log = sink.lock().unwrap_or_else(|e| e.into_inner());
                log.push_str(&line);
                log.push('\n');
            }
        });
        BotProcess { child, log, dir }
    }

    fn log(&self) -> String {
        self.log.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Waits until the log contains `needle`; false after `timeout`.
    async fn wait_for_log(&self, needle: &str, timeout: Duration) -> bool {
        let end = Instant::now() + timeout;
        while Instant::now() < end {
            if self.log().contains(needle) {
                return true;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        false
    }

    fn signal(&self, name: &str) {
        let status = Command::new("kill")
            .args(["-s", name, &self.child.id().to_string()])
            .status()
            .expect("run kill");
        assert!(status.success(), "kill -s {name}");
    }

    /// Waits for the process to end; `None` (and the process killed) after `timeout`.
    async fn wait_exit(&mut self, timeout: Duration) -> Option<ExitStatus> {
        let end = Instant::now() + timeout;
        while Instant::now() < end {
            if let Some(status) = self.child.try_wait().expect("try_wait") {
                return Some(status);
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
        None
    }

    /// Signal, then measure how long the process takes to exit.
    async fn stop_with(&mut self, name: &str) -> (ExitStatus, Duration) {
        let sent = Instant::now();
        self.signal(name);
        let status = self.wait_exit(Duration::from_secs(10)).await;
        let took = sent.elapsed();
        let status = status.unwrap_or_else(|| panic!("no exit after SIG{name}:\n{}", self.log()));
        (status, took)
    }
}

impl Drop for BotProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A local port nothing listens on.
fn closed_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("free port")
        .port()
}

fn assert_plain_log(log: &str) {
    assert!(
        !log.contains('\u{1b}'),
        "no colour codes when stderr is not a terminal:\n{log}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_token_stops_the_bot_with_that_said() {
    let sim = DiscordSim::start().await;
    sim.refuse_token();
    let mut bot = BotProcess::start(&sim.base_url(), "reset.in.portal", None);
    let status = bot.wait_exit(WAIT).await;
    let log = bot.log();
    let status = status.unwrap_or_else(|| panic!("the bot kept retrying a refused token:\n{log}"));
    assert_eq!(status.code(), Some(1), "{log}");
    assert!(
        log.contains("Discord refused the token: 401: Unauthorized"),
        "{log}"
    );
    assert!(log.contains("Reset Token"), "says what to do: {log}");
    assert_eq!(sim.ready_count(), 0, "never connected");
    assert_plain_log(&log);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unreachable_discord_is_retried_in_plain_words_and_ctrl_c_stops_it() {
    let api = format!("http://127.0.0.1:{}", closed_port());
    let mut bot = BotProcess::start(&api, "some.bot.token", None);
    assert!(
        bot.wait_for_log("(try 2)", WAIT).await,
        "retries:\n{}",
        bot.log()
    );
    let (status, took) = bot.stop_with("INT").await;
    let log = bot.log();
    assert_eq!(status.code(), Some(130), "{log}");
    assert!(took < Duration::from_secs(5), "took {took:?}:\n{log}");
    let first =
        format!("cannot reach Discord at {api}: connection refused; trying again in 1 s (try 1)");
    assert!(log.contains(&first), "{log}");
    assert_eq!(log.matches("(try 1)").count(), 1, "one line a try: {log}");
    assert!(!log.contains("Error while sending HTTP request"), "{log}");
    assert_plain_log(&log);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_while_the_gateway_is_unreachable_exits_within_5_s() {
    let sim = DiscordSim::start().await;
    sim.make_gateway_unreachable();
    let mut bot = BotProcess::start(&sim.base_url(), &sim.token(), Some(sim.guild_id()));
    assert!(
        bot.wait_for_log("cannot reach Discord's gateway at ws://127.0.0.1:", WAIT)
            .await,
        "{}",
        bot.log()
    );
    let (status, took) = bot.stop_with("TERM").await;
    let log = bot.log();
    assert_eq!(status.code(), Some(143), "{log}");
    assert!(took < Duration::from_secs(5), "took {took:?}:\n{log}");
    assert!(log.contains("token accepted"), "{log}");
}

/// The bot connected, the commands registered and the process listening.
async fn connected(sim: &DiscordSim, bot: &BotProcess) {
    assert!(sim.wait_ready(WAIT).await, "connected:\n{}", bot.log());
    assert!(
        !sim.wait_for_commands(WAIT).await.is_empty(),
        "commands registered:\n{}",
        bot.log()
    );
}

async fn regions_answer(sim: &DiscordSim) {
    let (text, _) = command(
        sim,
        sim.channel_id("general"),
        &SimUser::member("reader"),
        "clashes",
        json!([{"type": 1, "name": "regions", "options": []}]),
    )
    .await;
    assert!(text.contains("Caucasus"), "{text}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_message_content_in_the_flags_the_bot_connects_without_it() {
    let sim = DiscordSim::start_with(SimConfig {
        allow_message_content: false,
        ..SimConfig::default()
    })
    .await;
    let mut bot = BotProcess::start(&sim.base_url(), &sim.token(), Some(sim.guild_id()));
    connected(&sim, &bot).await;
    assert!(
        sim.identify_intents()
            .iter()
            .all(|i| i & INTENT_MESSAGE_CONTENT == 0),
        "never asked for it: {:?}",
        sim.identify_intents()
    );
    regions_answer(&sim).await;
    let (text, _) = command(
        &sim,
        sim.channel_id("news"),
        &SimUser::moderator("mod"),
        "watch",
        json!([{"type": 1, "name": "add", "options": []}]),
    )
    .await;
    assert!(text.contains("can't read links yet"), "{text}");
    assert!(text.contains("Message Content Intent"), "{text}");

    let log = bot.log();
    assert_eq!(
        log.matches("the Message Content intent is off").count(),
        1,
        "said once: {log}"
    );
    assert!(log.contains("developers/applications/"), "{log}");
    let invite = format!(
        "https://discord.com/oauth2/authorize?client_id={}&scope=bot+applications.commands&permissions=",
        sim.application_id()
    );
    assert!(log.contains(&invite), "invite URL at start-up: {log}");
    let (status, took) = bot.stop_with("TERM").await;
    assert_eq!(status.code(), Some(143), "{}", bot.log());
    assert!(took < Duration::from_secs(5), "took {took:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_4014_makes_the_bot_connect_again_without_message_content() {
    let sim = DiscordSim::start_with(SimConfig {
        allow_message_content: false,
        ..SimConfig::default()
    })
    .await;
    // The flags say it is on; the gateway still refuses it.
    sim.set_application_flags(1 << 18);
    let mut bot = BotProcess::start(&sim.base_url(), &sim.token(), Some(sim.guild_id()));
    connected(&sim, &bot).await;
    let asked = sim.identify_intents();
    assert!(asked.len() >= 2, "{asked:?}");
    assert_ne!(
        asked[0] & INTENT_MESSAGE_CONTENT,
        0,
        "asked first: {asked:?}"
    );
    assert_eq!(sim.asked_for_message_content(), Some(false));
    regions_answer(&sim).await;
    let log = bot.log();
    assert!(log.contains("close code 4014"), "{log}");
    assert!(log.contains("the Message Content intent is off"), "{log}");
    let (status, _) = bot.stop_with("INT").await;
    assert_eq!(status.code(), Some(130), "{}", bot.log());
}

/// Watch `news` and post a link there; returns the message id.
async fn post_link(sim: &DiscordSim, url: &str) -> u64 {
    let news = sim.channel_id("news");
    let (text, _) = command(
        sim,
        news,
        &SimUser::moderator("mod"),
        "watch",
        json!([{"type": 1, "name": "add", "options": []}]),
    )
    .await;
    assert!(text.contains("I'll read links"), "{text}");
    sim.post_message(news, &SimUser::member("reader"), url)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stop_mid_send_exits_in_time_and_the_reply_comes_after_a_restart() {
    let sim = DiscordSim::start().await;
    let server = ArticleServer::start(vec![("/clash", Page::html(CLASH_PAGE))]).await;
    let mut bot = BotProcess::start(&sim.base_url(), &sim.token(), Some(sim.guild_id()));
    connected(&sim, &bot).await;
    let news = sim.channel_id("news");
    sim.stall_channel(news);
    let message = post_link(&sim, &server.url("/clash")).await;
    let stalled = sim
        .wait_until(WAIT, |s| (s.stalled_posts(news) > 0).then_some(()))
        .await;
    assert!(
        stalled.is_some(),
        "the reply was being sent:\n{}",
        bot.log()
    );

    let (status, took) = bot.stop_with("TERM").await;
    assert_eq!(status.code(), Some(143), "{}", bot.log());
    assert!(
        took < Duration::from_secs(5),
        "took {took:?}:\n{}",
        bot.log()
    );
    assert!(sim.replies_to(message).is_empty());

    // Nothing is lost: the next start sends the reply.
    sim.release_channel(news);
    let dir = std::mem::replace(&mut bot.dir, tempfile::tempdir().expect("temp dir"));
    drop(bot);
    let bot = BotProcess::start_in(dir, &sim.base_url(), &sim.token(), Some(sim.guild_id()));
    let replies = sim
        .wait_until(WAIT, |s| {
            Some(s.replies_to(message)).filter(|r| !r.is_empty())
        })
        .await;
    assert!(replies.is_some(), "reply after restart:\n{}", bot.log());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stop_mid_read_hands_the_job_back_and_a_second_signal_is_at_once() {
    let sim = DiscordSim::start().await;
    let slow = Page::html(CLASH_PAGE).delayed(Duration::from_secs(30));
    let server = ArticleServer::start(vec![("/slow", slow)]).await;
    let mut bot = BotProcess::start(&sim.base_url(), &sim.token(), Some(sim.guild_id()));
    connected(&sim, &bot).await;
    let message = post_link(&sim, &server.url("/slow")).await;
    let end = Instant::now() + WAIT;
    while server.requests().is_empty() && Instant::now() < end {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(!server.requests().is_empty(), "reading:\n{}", bot.log());

    let (status, took) = bot.stop_with("TERM").await;
    let log = bot.log();
    assert_eq!(status.code(), Some(143), "{log}");
    assert!(took < Duration::from_secs(5), "took {took:?}:\n{log}");
    assert!(log.contains("handed unfinished jobs back"), "{log}");
    let store = clashwatch::store::Store::open(
        &format!("sqlite://{}/data/clashwatch.db", bot.dir.path().display()),
        1,
    )
    .await
    .expect("open the bot's database");
    let jobs = store.message_jobs(message as i64).await.expect("jobs");
    assert_eq!(jobs.len(), 1);
    assert_eq!(
        jobs[0].state,
        clashwatch::store::JobState::Queued,
        "{jobs:?}"
    );
    store.close().await;

    // A second signal while the first stop waits: the process ends at once.
    let dir = std::mem::replace(&mut bot.dir, tempfile::tempdir().expect("temp dir"));
    drop(bot);
    let mut bot = BotProcess::start_in(dir, &sim.base_url(), &sim.token(), Some(sim.guild_id()));
    let end = Instant::now() + WAIT;
    while server.requests().len() < 2 && Instant::now() < end {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(server.requests().len(), 2, "read again:\n{}", bot.log());
    bot.signal("TERM");
    assert!(bot.wait_for_log("shutting down", WAIT).await);
    let (status, took) = bot.stop_with("TERM").await;
    assert_eq!(status.code(), Some(143), "{}", bot.log());
    assert!(
        took < Duration::from_secs(1),
        "took {took:?}:\n{}",
        bot.log()
    );
}

/// `clashwatch summarize ARGS` in `dir`: (exit code, stdout, stderr).
fn summarize(dir: &Path, args: &[&str]) -> (Option<i32>, String, String) {
    let out = Command::new(BIN)
        .arg("summarize")
        .args(args)
        .current_dir(dir)
        .env("RUST_LOG", "warn")
        .env("CLASHWATCH_FETCH__ALLOW_PRIVATE_ADDRESSES", "true")
        .output()
        .expect("run clashwatch summarize");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn inputs_that_are_not_articles_are_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let write =
        |name: &str, bytes: &[u8]| std::fs::write(dir.path().join(name), bytes).expect("write");
    let mut binary = b"<html><body><p>".to_vec();
    binary.extend((0..4096u32).map(|i| (i * 7919 % 256) as u8));
    write("binary.html", &binary);
    write("report.html", b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\n");
    write("photo.txt", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10");
    write("empty.txt", b"");
    write("title-only.txt", b"Clashes on the border\n\n");
    std::fs::create_dir(dir.path().join("pages")).expect("mkdir");
    let server = ArticleServer::start(vec![
        ("/binary", Page::typed("text/html", binary.clone())),
        ("/blank", Page::text("   \n")),
    ])
    .await;

    let cases = [
        ("binary.html", "not an article: it contains binary data"),
        (
            "report.html",
            "not an article: it is a PDF document (application/pdf)",
        ),
        ("photo.txt", "not an article: it is an image (image/png)"),
        ("empty.txt", "not an article: the file is empty"),
        (
            "title-only.txt",
            "not an article: there is no article text after the title line",
        ),
        ("pages", "a folder, not a file"),
    ];
    for (arg, expected) in cases {
        let (code, stdout, stderr) = summarize(dir.path(), &[arg]);
        assert_eq!(code, Some(1), "{arg}: {stderr}");
        assert!(
            stdout.is_empty(),
            "{arg}: nothing printed as an article: {stdout}"
        );
        assert_eq!(stderr.lines().count(), 1, "{arg}: one line: {stderr}");
        assert!(stderr.starts_with(&format!("{arg}: ")), "{stderr}");
        assert!(stderr.contains(expected), "{arg}: {stderr}");
        assert_eq!(stderr.matches(arg).count(), 1, "named once: {stderr}");
    }
    let binary_url = server.url("/binary");
    let (code, _, stderr) = summarize(dir.path(), &[&binary_url]);
    assert_eq!(code, Some(1));
    assert!(
        stderr.contains("not an article: it contains binary data"),
        "a binary body sent as text/html: {stderr}"
    );
    let blank_url = server.url("/blank");
    let (code, _, stderr) = summarize(dir.path(), &["--format", "json", &blank_url]);
    assert_eq!(code, Some(1));
    assert!(stderr.contains("not an article"), "{stderr}");
}
