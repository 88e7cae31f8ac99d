//! Databases for tests: a fresh SQLite file each time, and a fresh PostgreSQL
//! database when `CLASHWATCH_TEST_POSTGRES` names a server (CI always sets it).

use std::sync::atomic::{AtomicU32, Ordering};

use clashwatch::store::Store;

/// A store plus what keeps it alive (the SQLite file's folder).
pub struct TestDb {
    pub store: Store,
    pub url: String,
    pub label: &'static str,
    _dir: Option<tempfile::TempDir>,
}

pub async fn sqlite() -> TestDb {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite://{}/data/clashwatch.db", dir.path().display());
    let store = Store::open(&url, 4).await.expect("open sqlite store");
    TestDb {
        store,
        url,
        label: "sqlite",
        _dir: Some(dir),
    }
}

/// A new, empty database on the test PostgreSQL server, or `None` when no
/// server is configured outside CI.
pub async fn postgres() -> Option<TestDb> {
    let Ok(admin_url) = std::env::var("CLASHWATCH_TEST_POSTGRES") else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must test PostgreSQL: set CLASHWATCH_TEST_POSTGRES (see .ci/run)"
        );
        return None;
    };
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let name = format!(
        "cw_test_{}_{}_{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::SeqCst),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0)
    );
    sqlx::any::install_default_drivers();
    let admin = sqlx::AnyPool::connect(&admin_url)
        .await
        .expect("connect to test postgres");
    sweep_dead_databases(&admin).await;
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&admin)
        .await
        .expect("create test database");
    admin.close().await;
    let base = admin_url
        .rsplit_once('/')
        .map(|(b, _)| b)
        .unwrap_or(&admin_url);
    let url = format!("{base}/{name}");
    let store = Store::open(&url, 4).await.expect("open postgres store");
    Some(TestDb {
        store,
        url,
        label: "postgres",
        _dir: None,
    })
}

/// Drop the databases of test processes that are gone, once per process:
/// a test can't drop its own (it may be killed, and the store outlives the
/// test body), so without this a developer's server fills up with them.
/// A database whose process still runs is left alone, and a failed drop
/// (someone still connected) is no error.
async fn sweep_dead_databases(admin: &sqlx::AnyPool) {
    static SWEPT: tokio::sync::OnceCell<()> = tokio::sync::OnceCell::const_new();
    SWEPT
        .get_or_init(|| async {
            let names: Vec<String> = sqlx::query_scalar(
                "SELECT datname::text FROM pg_database WHERE datname LIKE 'cw\\_test\\_%'",
            )
            .fetch_all(admin)
            .await
            .unwrap_or_default();
            for name in names {
                let pid = name.split('_').nth(2).and_then(|p| p.parse::<u32>().ok());
                let alive =
                    pid.is_some_and(|p| std::path::Path::new(&format!("/proc/{p}")).exists());
                if !alive {
                    let _ = sqlx::query(&format!("DROP DATABASE IF EXISTS {name}"))
                        .execute(admin)
                        .await;
                }
            }
        })
        .await;
}

/// Every backend available here: SQLite always, PostgreSQL when configured.
pub async fn all() -> Vec<TestDb> {
    let mut dbs = vec![sqlite().await];
    if let Some(pg) = postgres().await {
        dbs.push(pg);
    }
    dbs
}
