//! Claims made at the same moment by several processes (a store handle each,
//! as separate `clashwatch` processes have) on one database: the per-host
//! limit holds, and a channel has one alert in flight at a time. On
//! PostgreSQL both raced before: each claim read the others' rows in a
//! snapshot that did not show their uncommitted leases yet.

mod support;

use clashwatch::store::{NewJob, NewSubscription, Store};
use sqlx::Row;
use support::db;

const PROCESSES: usize = 6;

async fn processes(url: &str) -> Vec<Store> {
    let mut stores = Vec::new();
    for _ in 0..PROCESSES {
        stores.push(Store::open(url, 2).await.expect("open the store"));
    }
    stores
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_claims_keep_the_per_host_limit() {
    for db in db::all().await {
        let jobs: Vec<NewJob> = (0..40)
            .map(|i| NewJob {
                guild_id: Some(1),
                channel_id: 10,
                message_id: 1000 + i,
                position: 0,
                url: format!("https://busy.example/{i}"),
                host: "busy.example".into(),
                explicit: false,
            })
            .collect();
        db.store.enqueue_jobs(&jobs).await.expect("queue");
        let stores = processes(&db.url).await;
        for round in 0..5 {
            let claims = stores.iter().enumerate().flat_map(|(p, s)| {
                (0..3).map(move |_| async move {
                    let worker = format!("p{p}");
                    let job = s.claim_job(&worker, 60, 2, 5).await.expect("claim");
                    job.map(|j| (worker, j))
                })
            });
            let claimed: Vec<_> = futures::future::join_all(claims)
                .await
                .into_iter()
                .flatten()
                .collect();
            assert!(
                claimed.len() <= 2,
                "{} round {round}: {} jobs of one host running at once with per_host = 2",
                db.label,
                claimed.len()
            );
            assert!(
                !claimed.is_empty(),
                "{} round {round}: nothing claimed",
                db.label
            );
            // Let them go for the next round.
            for (worker, job) in &claimed {
                assert!(db.store.fail_job(job, worker, "test").await.expect("fail"));
            }
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_senders_lease_one_alert_per_channel() {
    for db in db::all().await {
        let s = &db.store;
        s.subscribe(
            &NewSubscription {
                guild_id: 1,
                channel_id: 50,
                region: "Caucasus",
                min_killed: 0,
                role_id: None,
                by: 9,
            },
            25,
        )
        .await
        .expect("subscribe");
        let sub: i64 = sqlx::query("SELECT id FROM subscriptions")
            .fetch_one(s.pool())
            .await
            .map(|r| r.get("id"))
            .expect("subscription");
        // Edits of posted alerts skip the channel's posting order: only the
        // one-in-flight rule keeps two senders apart.
        for n in 0..12 {
            sqlx::query(
                "INSERT INTO clashes (short_id, event_date, event_at, title, countries, regions, \
                 parties, places, killed_min, killed_max, injured_min, injured_max, sources, url, \
                 first_seen, updated_at) VALUES ($1, NULL, 0, 't', '[]', '[]', '[]', '[]', 1, 1, \
                 0, 0, 1, 'u', 0, 0)",
            )
            .bind(format!("c{n:05}"))
            .execute(s.pool())
            .await
            .expect("clash");
        }
        sqlx::query(
            "INSERT INTO deliveries (subscription_id, clash_id, channel_id, state, attempts, \
             created_at, updated_at, next_attempt_at, locked_until, message_id) \
             SELECT $1, id, 50, 'edit', 0, id, id, 0, 0, 900000 + id FROM clashes",
        )
        .bind(sub)
        .execute(s.pool())
        .await
        .expect("deliveries");
        let stores = processes(&db.url).await;
        for round in 0..4 {
            let takes = stores.iter().enumerate().flat_map(|(p, st)| {
                (0..2).map(move |k| async move {
                    st.take_delivery(&format!("p{p}#{round}.{k}"), 60)
                        .await
                        .expect("take")
                })
            });
            let taken: Vec<_> = futures::future::join_all(takes)
                .await
                .into_iter()
                .flatten()
                .collect();
            assert_eq!(
                taken.len(),
                1,
                "{} round {round}: alerts of one channel leased at once: {:?}",
                db.label,
                taken.iter().map(|d| d.clash_id).collect::<Vec<_>>()
            );
            // Sent: the channel is free for the next round.
            let d = &taken[0];
            let shown = (
                clashwatch::clashes::Range::exact(1),
                clashwatch::clashes::Range::exact(0),
                1,
            );
            assert!(s
                .delivery_sent(d, 900000 + d.clash_id, shown, false, 0)
                .await
                .expect("sent"));
        }
    }
}
