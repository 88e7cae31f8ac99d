//! The gateway websocket: HELLO, IDENTIFY → READY + GUILD_CREATE, heartbeats, RESUME.
//! Frames are uncompressed JSON text (serenity asks for compression but reads text frames).

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use axum::extract::ws::{CloseFrame, Message, WebSocket, WebSocketUpgrade};
use axum::extract::State as AxumState;
use axum::response::Response;
use serde_json::{json, Value};
use tokio::sync::mpsc;

use super::state::Outgoing;
use super::Shared;

static NEXT_CONN: AtomicU64 = AtomicU64::new(1);

pub async fn upgrade(ws: WebSocketUpgrade, AxumState(shared): AxumState<Arc<Shared>>) -> Response {
    ws.on_upgrade(move |socket| connection(socket, shared))
}

async fn connection(mut socket: WebSocket, shared: Arc<Shared>) {
    let conn = NEXT_CONN.fetch_add(1, Ordering::Relaxed);
    let (tx, mut rx) = mpsc::unbounded_channel::<Outgoing>();
    let mut shutdown = shared.shutdown.subscribe();
    let stopped = async move {
        let _ = shutdown.wait_for(|s| *s).await;
    };
    tokio::pin!(stopped);

    let hello = shared.update(|state| {
        let frame = json!({"op": 10, "d": {"heartbeat_interval": state.heartbeat_interval_ms}});
        state.frames.push(frame.clone());
        frame
    });
    if socket
        .send(Message::Text(hello.to_string().into()))
        .await
        .is_err()
    {
        return;
    }

    loop {
        tokio::select! {
            _ = &mut stopped => {
                let _ = socket.send(close(1001, "Simulator stopped")).await;
                break;
            }
            outgoing = rx.recv() => {
                let Some(outgoing) = outgoing else { break };
                match outgoing {
                    Outgoing::Text(text) => {
                        if socket.send(Message::Text(text.into())).await.is_err() {
                            break;
                        }
                    }
                    Outgoing::Close(code, reason) => {
                        let _ = socket.send(close(code, reason)).await;
                        break;
                    }
                }
            }
            incoming = socket.recv() => {
                let text = match incoming {
                    Some(Ok(Message::Text(text))) => text.to_string(),
                    Some(Ok(Message::Binary(bytes))) => String::from_utf8_lossy(&bytes).into_owned(),
                    // Discord answers a client's close frame with its own,
                    // which the client waits for before it calls the
                    // connection closed; the answer is sent on the next flush.
                    Some(Ok(Message::Close(_))) => {
                        let _ = futures::SinkExt::flush(&mut socket).await;
                        break;
                    }
                    None | Some(Err(_)) => break,
                    Some(Ok(_)) => continue,
                };
                let Ok(frame) = serde_json::from_str::<Value>(&text) else {
                    let _ = socket.send(close(4002, "Decode error")).await;
                    break;
                };
                match frame["op"].as_u64() {
                    Some(1) => {
                        if socket.send(Message::Text(r#"{"op":11}"#.into())).await.is_err() {
                            break;
                        }
                    }
                    Some(2) => {
                        let result = shared.update(|state| state.identify(conn, tx.clone(), &frame["d"]));
                        if let Err((code, reason)) = result {
                            let _ = socket.send(close(code, reason)).await;
                            break;
                        }
                    }
                    Some(6) => shared.update(|state| state.resume(conn, tx.clone(), &frame["d"])),
                    // Presence updates, voice state, member requests: accepted and ignored.
                    Some(3) | Some(4) | Some(8) => {}
                    _ => {
                        let _ = socket.send(close(4001, "Unknown opcode")).await;
                        break;
                    }
                }
            }
        }
    }
    shared.update(|state| state.disconnected(conn));
}

fn close(code: u16, reason: &'static str) -> Message {
    Message::Close(Some(CloseFrame {
        code,
        reason: reason.into(),
    }))
}
