//! The operators' listener: `GET /metrics` (Prometheus text format) and
//! `GET /health` (200 when the database answers, 503 when it does not), on
//! `[metrics] listen`, off by default and on 127.0.0.1 unless told otherwise.

use std::net::SocketAddr;
use std::time::Duration;

use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

use crate::store::Store;

/// How long `/health` waits for the database before calling it down.
const DB_TIMEOUT: Duration = Duration::from_secs(3);

#[derive(Debug, thiserror::Error)]
pub enum ListenError {
    #[error("cannot listen for metrics on {addr}: {source}")]
    Bind {
        addr: String,
        source: std::io::Error,
    },
}

/// Where to listen: `""` is off, a bare port is on 127.0.0.1, anything else
/// is `host:port` as written (`0.0.0.0:9187` for scrapers in other containers).
pub fn listen_address(listen: &str) -> Option<String> {
    let listen = listen.trim();
    if listen.is_empty() {
        None
    } else if listen.parse::<u16>().is_ok() {
        Some(format!("127.0.0.1:{listen}"))
    } else {
        Some(listen.to_string())
    }
}

/// Where a probe on the same machine reaches a listener on `listen`: a
/// wildcard address is reached through loopback.
pub fn probe_address(listen: &str) -> Option<String> {
    let addr = listen_address(listen)?;
    Some(match addr.rsplit_once(':') {
        Some(("0.0.0.0", port)) => format!("127.0.0.1:{port}"),
        Some(("[::]", port)) => format!("[::1]:{port}"),
        _ => addr,
    })
}

/// A running listener.
pub struct MetricsServer {
    pub addr: SocketAddr,
    pub task: JoinHandle<()>,
}

/// Start the listener on `listen` (see [`listen_address`]); `None` when
/// metrics are off. It stops when `shutdown` is cancelled.
pub async fn serve(
    listen: &str,
    store: Store,
    shutdown: CancellationToken,
) -> Result<Option<MetricsServer>, ListenError> {
    let Some(addr) = listen_address(listen) else {
        return Ok(None);
    };
    let bind_err = |source| ListenError::Bind {
        addr: addr.clone(),
        source,
    };
    let listener = tokio::net::TcpListener::bind(&addr)
        .await
        .map_err(bind_err)?;
    let local = listener.local_addr().map_err(bind_err)?;
    let app = Router::new()
        .route("/metrics", get(metrics))
        .route("/health", get(health))
        .with_state(store);
    let task = tokio::spawn(async move {
        let served = axum::serve(listener, app)
            .with_graceful_shutdown(shutdown.cancelled_owned())
            .await;
        if let Err(e) = served {
            tracing::warn!(error = %e, "metrics listener stopped");
        }
    });
    tracing::info!(addr = %local, "serving /metrics and /health");
    Ok(Some(MetricsServer { addr: local, task }))
}

async fn metrics(State(store): State<Store>) -> impl IntoResponse {
    match tokio::time::timeout(DB_TIMEOUT, store.queue_depths()).await {
        Ok(Ok(depths)) => super::set_queue_depths(&depths),
        // The counters are still worth serving; the depths keep their last value.
        Ok(Err(e)) => tracing::warn!(error = %e, "queue depths not read"),
        Err(_) => tracing::warn!("queue depths not read: the database is slow"),
    }
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        super::render(),
    )
}

async fn health(State(store): State<Store>) -> impl IntoResponse {
    let (status, body) = match tokio::time::timeout(DB_TIMEOUT, store.ping()).await {
        Ok(Ok(())) => (StatusCode::OK, "ok\n".to_string()),
        Ok(Err(e)) => (
            StatusCode::SERVICE_UNAVAILABLE,
            format!("database unreachable: {e}\n"),
        ),
        Err(_) => (
            StatusCode::SERVICE_UNAVAILABLE,
            format!(
                "database did not answer within {} s\n",
                DB_TIMEOUT.as_secs()
            ),
        ),
    };
    (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        body,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses() {
        assert_eq!(listen_address(""), None);
        assert_eq!(listen_address("  "), None);
        assert_eq!(listen_address("9187").as_deref(), Some("127.0.0.1:9187"));
        assert_eq!(
            listen_address("0.0.0.0:9187").as_deref(),
            Some("0.0.0.0:9187")
        );
        assert_eq!(
            probe_address("0.0.0.0:9187").as_deref(),
            Some("127.0.0.1:9187")
        );
        assert_eq!(probe_address("[::]:9187").as_deref(), Some("[::1]:9187"));
        assert_eq!(probe_address("10.0.0.5:80").as_deref(), Some("10.0.0.5:80"));
    }
}
