//! The store: SQLite by default (a file under `data/`), PostgreSQL when the
//! database URL says `postgres://`. One code path for both through sqlx's
//! `Any` driver; the few statements that differ are chosen by [`Backend`].
//!
//! Conventions that keep the two backends identical: times are Unix seconds
//! (`BIGINT`), flags are `BIGINT` 0/1, Discord ids are `i64`, and aggregates
//! are cast to `BIGINT` (Postgres' `SUM` is `NUMERIC` otherwise).

pub(crate) mod alerts;
mod articles;
mod catchup;
mod channels;
mod clashes;
mod cluster;
pub mod feeds;
mod jobs;
pub mod notices;
mod queues;
mod refacts;
mod replies;
mod retention;
mod sightings;
mod stats;
mod trust;

pub use alerts::{Delivery, NewSubscription, Subscribed, Subscription};
pub use articles::StoredArticle;
pub use catchup::WatchedChannel;
pub use clashes::{ClashChange, ClashRow};
pub use feeds::{Feed, FeedAdded, FeedItem, FeedPost, FeedTotals, InlineItem, NewFeed, Polled};
pub use jobs::{Job, JobState, NewJob};
pub use refacts::Refreshed;
pub use replies::{ReplyClaim, ReplyState};
pub use retention::Pruned;
pub use sightings::{
    AlertEvent, NewSighting, Origin, Outcome, ReadInFlight, Sighting, SubscriptionState,
};
pub use trust::{shown_of, Shown, TrustChoice, TrustedSource};

use std::path::Path;
use std::str::FromStr;
use std::time::{SystemTime, UNIX_EPOCH};

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::AnyPool;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("unsupported database URL {0:?}: use sqlite://PATH or postgres://...")]
    UnsupportedUrl(String),
    #[error("cannot create the database folder {path}: {source}")]
    CreateDir {
        path: String,
        source: std::io::Error,
    },
    #[error("database error: {0}")]
    Sql(#[from] sqlx::Error),
    #[error("database migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("stored data is corrupt: {0}")]
    Corrupt(String),
    /// The task beginning a transaction ended without an answer (the
    /// runtime is shutting down).
    #[error("the database write was interrupted: {0}")]
    Interrupted(String),
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A handle to the database; cheap to clone.
#[derive(Clone)]
pub struct Store {
    pool: AnyPool,
    backend: Backend,
    /// Serializes clash merging within this process (Postgres also takes an
    /// advisory lock, for other processes).
    clash_lock: std::sync::Arc<tokio::sync::Mutex<()>>,
}

static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("migrations/sqlite");
static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("migrations/postgres");

impl Store {
    /// Connect, create the SQLite file (and its folder) on first run, switch
    /// SQLite to WAL, and apply the embedded migrations.
    pub async fn open(url: &str, max_connections: u32) -> Result<Store> {
        sqlx::any::install_default_drivers();
        let backend = if url.starts_with("sqlite:") {
            Backend::Sqlite
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Backend::Postgres
        } else {
            return Err(StoreError::UnsupportedUrl(url.to_string()));
        };
        let url = match backend {
            Backend::Sqlite => prepare_sqlite_url(url)?,
            Backend::Postgres => url.to_string(),
        };
        let options = AnyConnectOptions::from_str(&url)?;
        // SQLite allows one writer at a time: a small pool avoids lock churn.
        let max = match backend {
            Backend::Sqlite => max_connections.clamp(1, 8),
            Backend::Postgres => max_connections.max(1),
        };
        let pool = AnyPoolOptions::new()
            .max_connections(max)
            .after_connect(move |conn, _| {
                Box::pin(async move {
                    if backend == Backend::Sqlite {
                        sqlx::query("PRAGMA foreign_keys = ON")
                            .execute(&mut *conn)
                            .await?;
                        sqlx::query("PRAGMA busy_timeout = 10000")
                            .execute(&mut *conn)
                            .await?;
                        sqlx::query("PRAGMA synchronous = NORMAL")
                            .execute(&mut *conn)
                            .await?;
                    }
                    Ok(())
                })
            })
            .connect_with(options)
            .await?;
        if backend == Backend::Sqlite {
            sqlx::query("PRAGMA journal_mode = WAL")
                .execute(&pool)
                .await?;
        }
        match backend {
            Backend::Sqlite => SQLITE_MIGRATIONS.run(&pool).await?,
            Backend::Postgres => POSTGRES_MIGRATIONS.run(&pool).await?,
        }
        Ok(Store {
            pool,
            backend,
            clash_lock: Default::default(),
        })
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// A transaction that will write. On SQLite it takes the write lock at
    /// once (`BEGIN IMMEDIATE`) and so waits its turn under `busy_timeout`;
    /// a plain `BEGIN` that reads first and writes later fails at once with
    /// "database is locked" when another writer got in between, and a job
    /// would wait a whole retry delay for nothing.
    ///
    /// The begin runs in a task of its own, so a caller that gives up during
    /// it (a timeout, a lost lease) cannot cut it in half. sqlx 0.8 begins in
    /// two steps (SQLite runs the `BEGIN`, then sqlx builds the
    /// `Transaction` that ends it); a caller dropped between them left its
    /// pooled connection inside a transaction nobody would end, holding
    /// SQLite's write lock for the life of the process. Finished in its own
    /// task, the `Transaction` exists, and is rolled back when nobody takes it.
    pub(crate) async fn begin_write(&self) -> Result<sqlx::Transaction<'static, sqlx::Any>> {
        let pool = self.pool.clone();
        let backend = self.backend;
        let begin = tokio::spawn(async move {
            match backend {
                Backend::Sqlite => pool.begin_with("BEGIN IMMEDIATE").await,
                Backend::Postgres => pool.begin().await,
            }
        });
        match begin.await {
            Ok(tx) => Ok(tx?),
            Err(e) => Err(StoreError::Interrupted(e.to_string())),
        }
    }

    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// Wait for queries in flight and close every connection.
    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// `sqlite://data/x.db` → make sure `data/` exists and the file is created.
fn prepare_sqlite_url(url: &str) -> Result<String> {
    let rest = url
        .trim_start_matches("sqlite://")
        .trim_start_matches("sqlite:");
    let (path, query) = match rest.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (rest, None),
    };
    if path != ":memory:" && !path.is_empty() {
        if let Some(parent) = Path::new(path).parent() {
            if !parent.as_os_str().is_empty() {
                std::fs::create_dir_all(parent).map_err(|source| StoreError::CreateDir {
                    path: parent.display().to_string(),
                    source,
                })?;
            }
        }
    }
    let mut out = format!("sqlite://{path}");
    match query {
        Some(q) if q.contains("mode=") => out.push_str(&format!("?{q}")),
        Some(q) => out.push_str(&format!("?{q}&mode=rwc")),
        None => out.push_str("?mode=rwc"),
    }
    Ok(out)
}

/// Seconds since the Unix epoch.
pub fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

fn flag(b: bool) -> i64 {
    i64::from(b)
}
