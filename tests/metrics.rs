//! The operators' listener: the real bot serves `/metrics` and `/health` on
//! `[metrics] listen`, counts what it did, reads queue depths from the
//! database, and `clashwatch health` (the real binary) probes it.

mod support;

use std::process::Command;
use std::time::Duration;

use serde_json::json;
use support::article_server::{ArticleServer, Reply as Page};
use support::bot::{command, ready, test_config, Bot, WAIT};
use support::db;
use support::discord::{DiscordSim, SimUser};

const PAGE: &str = r#"<!doctype html><html lang="en"><head>
<title>Armenia, Azerbaijan report casualties in border clash</title>
<meta property="og:site_name" content="Caucasus Wire">
<meta property="article:published_time" content="2023-09-01T18:00:00Z">
</head><body><nav><a href="/">Home</a> <a href="/world">World</a></nav><article>
<h1>Armenia, Azerbaijan report casualties in border clash</h1>
<p>Armenia and Azerbaijan both reported casualties on Friday from fighting near their shared border, north of the breakaway region of Nagorno-Karabakh.</p>
<p>Armenia's Defense Ministry reported that four of its soldiers were killed and another was injured in shelling near the border villages of Sotk and Norabak.</p>
<p>Azerbaijan's Defense Ministry said that Armenia had used drones to attack its positions across the border in the Kalbajar region, wounding three soldiers.</p>
<p>Armenia alleged that Azerbaijan had assembled troops near the border and attacked its positions with drones, mortars, and small arms fire.</p>
</article><footer>Copyright Caucasus Wire</footer></body></html>"#;

/// A port nobody listens on at the moment.
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

async fn get(url: &str) -> (u16, String) {
    let response = reqwest::Client::builder()
        .no_proxy()
        .timeout(Duration::from_secs(5))
        .build()
        .expect("client")
        .get(url)
        .send()
        .await
        .unwrap_or_else(|e| panic!("GET {url}: {e}"));
    let status = response.status().as_u16();
    (status, response.text().await.unwrap_or_default())
}

/// The value of the sample named exactly `series` (name and labels).
fn sample(text: &str, series: &str) -> Option<f64> {
    text.lines()
        .filter(|l| !l.starts_with('#'))
        .find_map(|l| l.strip_prefix(series)?.trim().parse().ok())
}

/// `clashwatch health --addr ADDR` as a container's health check runs it.
fn probe(addr: &str) -> (bool, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_clashwatch"))
        .args(["health", "--addr", addr, "--timeout", "3"])
        .env("CLASHWATCH_LOG__FILTER", "error")
        .output()
        .expect("run clashwatch health");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_bot_serves_metrics_and_health_that_clashwatch_health_probes() {
    for db in db::all().await {
        let sim = DiscordSim::start().await;
        let server = ArticleServer::start(vec![("/clash", Page::html(PAGE))]).await;
        let addr = format!("127.0.0.1:{}", free_port());
        let mut config = test_config(&db);
        config.metrics.listen = addr.clone();
        let bot = Bot::start_with(&sim, config, Some(sim.guild_id()));
        ready(&sim).await;

        let (status, body) = get(&format!("http://{addr}/health")).await;
        assert_eq!((status, body.as_str()), (200, "ok\n"), "{}", db.label);
        let (healthy, said) = probe(&addr);
        assert!(healthy, "{}: {said}", db.label);

        let news = sim.channel_id("news");
        let moderator = SimUser::moderator("mod");
        command(
            &sim,
            news,
            &moderator,
            "watch",
            json!([{"type": 1, "name": "add", "options": []}]),
        )
        .await;
        let posted = sim.post_message(news, &moderator, &server.url("/clash"));
        sim.wait_until(WAIT, |s| {
            Some(s.replies_to(posted)).filter(|r| !r.is_empty())
        })
        .await
        .expect("a reply to the link");

        let (status, text) = get(&format!("http://{addr}/metrics")).await;
        assert_eq!(status, 200);
        // Counters are per process; tests in this binary share it, so at least.
        let at_least_one = |series: &str| {
            let v = sample(&text, series);
            assert!(
                v.is_some_and(|v| v >= 1.0),
                "{}: {series} in\n{text}",
                db.label
            );
        };
        at_least_one("clashwatch_jobs_total{outcome=\"done\"}");
        at_least_one("clashwatch_read_seconds_count{outcome=\"done\"}");
        at_least_one("clashwatch_replies_total{result=\"sent\"}");
        at_least_one("clashwatch_gateway_shard_connected{shard=\"0\"}");
        assert!(text.contains("# TYPE clashwatch_read_seconds histogram"));

        // Work waiting in the database shows as queue depth.
        let store = &db.store;
        store
            .enqueue_jobs(&[clashwatch::store::NewJob {
                guild_id: Some(1),
                channel_id: 999,
                message_id: 424_242,
                position: 0,
                url: "https://later.example/a".into(),
                host: "later.example".into(),
                explicit: false,
            }])
            .await
            .expect("enqueue");
        let depths = store.queue_depths().await.expect("depths");
        assert!(
            depths.iter().any(|(q, _, n)| *q == "jobs" && *n >= 1),
            "{}: {depths:?}",
            db.label
        );
        let (_, text) = get(&format!("http://{addr}/metrics")).await;
        assert!(
            text.contains("clashwatch_queue_depth{queue=\"jobs\",state="),
            "{}: {text}",
            db.label
        );

        // Stopped: nothing answers and the probe says so.
        bot.stop().await;
        let (healthy, said) = probe(&addr);
        assert!(!healthy, "{}: {said}", db.label);
        assert!(said.contains("unhealthy"), "{said}");
    }
}

#[tokio::test]
async fn health_is_503_when_the_database_is_gone_and_off_by_default() {
    let db = db::sqlite().await;
    assert!(
        clashwatch::config::Config::defaults()
            .metrics
            .listen
            .is_empty(),
        "metrics are off unless configured"
    );
    let stop = tokio_util::sync::CancellationToken::new();
    assert!(
        clashwatch::metrics::http::serve("", db.store.clone(), stop.clone())
            .await
            .expect("off")
            .is_none()
    );
    let server = clashwatch::metrics::http::serve("127.0.0.1:0", db.store.clone(), stop.clone())
        .await
        .expect("listen")
        .expect("on");
    let url = format!("http://{}/health", server.addr);
    assert_eq!(get(&url).await.0, 200);
    db.store.close().await;
    let (status, body) = get(&url).await;
    assert_eq!(status, 503, "{body}");
    assert!(body.contains("database"), "{body}");
    stop.cancel();
    server.task.await.expect("listener stops");
}
