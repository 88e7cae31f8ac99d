//! REST routes under `/api/v10`, answered the way Discord answers them (including its errors).

use std::sync::Arc;
use std::time::Instant;

use axum::body::Bytes;
use axum::extract::State as AxumState;
use axum::http::{header, HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};

use super::faults;
use super::payloads::{self, error, form_error};
use super::snowflake::next_id;
use super::state::State;
use super::{
    id_of, InteractionResponse, PostedMessage, ReactionRecord, RecordedRequest, ResponseKind,
    Shared, UploadedFile,
};

const API_PREFIX: &str = "/api/v10/";

struct Reply {
    status: u16,
    body: Option<Value>,
    matched: bool,
}

fn ok(body: Value) -> Reply {
    Reply {
        status: 200,
        body: Some(body),
        matched: true,
    }
}

fn no_content() -> Reply {
    Reply {
        status: 204,
        body: None,
        matched: true,
    }
}

fn fail(status: u16, body: Value) -> Reply {
    Reply {
        status,
        body: Some(body),
        matched: true,
    }
}

fn unknown_channel() -> Reply {
    fail(404, error(10003, "Unknown Channel"))
}

fn unknown_message() -> Reply {
    fail(404, error(10008, "Unknown Message"))
}

fn missing_permissions() -> Reply {
    fail(403, error(50013, "Missing Permissions"))
}

pub async fn handle(
    AxumState(shared): AxumState<Arc<Shared>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let path = uri.path().to_string();
    let query = uri.query().map(String::from);
    let authorization = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .map(String::from);
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    let (body, files) = parse_body(&content_type, &body);
    // A stalled channel holds message posts unanswered (a slow or hung
    // Discord) until the test releases it; a client that gives up or dies
    // meanwhile never gets the message created.
    if method == Method::POST {
        if let Some(channel) = posted_channel(&path) {
            let mut rx = shared.changed.subscribe();
            let mut noted = false;
            loop {
                let stalled = shared.update_quiet(|state| {
                    let stalled = state.stalled.contains(&channel);
                    if stalled && !noted {
                        state.stalled_posts.push(channel);
                    }
                    stalled
                });
                if !stalled {
                    break;
                }
                if !noted {
                    noted = true;
                    shared.changed.send_modify(|v| *v += 1);
                }
                if rx.changed().await.is_err() {
                    break;
                }
            }
        }
    }
    let at = Instant::now();

    let reply = shared.update(|state| {
        let reply = match faults::before(state, &method, &path) {
            faults::Fault::Fail(status, body) => fail(status, body),
            fault => {
                let routed = faults::history(state, &method, &path, query.as_deref())
                    .map(|(status, body)| fail(status, body))
                    .unwrap_or_else(|| {
                        route(state, &method, &path, authorization.as_deref(), &body, at)
                    });
                match fault {
                    faults::Fault::LoseAnswer if routed.status == 200 => {
                        fail(500, faults::server_error())
                    }
                    _ => routed,
                }
            }
        };
        let recorded = RecordedRequest {
            method: method.to_string(),
            path: path.clone(),
            query: query.clone(),
            body: body.clone(),
            status: reply.status,
            authorization: authorization.clone(),
            files: files.clone(),
            at,
        };
        if !reply.matched {
            state.unknown.push(recorded.clone());
        }
        state.requests.push(recorded);
        reply
    });

    faults::hold(&shared, &method, &path).await;
    let status = StatusCode::from_u16(reply.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    match reply.body {
        Some(body) => (status, axum::Json(body)).into_response(),
        None => status.into_response(),
    }
}

/// The channel of `POST .../channels/{id}/messages`.
fn posted_channel(path: &str) -> Option<u64> {
    let rest = path.strip_prefix(API_PREFIX)?;
    let mut segs = rest.trim_end_matches('/').split('/');
    match (segs.next(), segs.next(), segs.next(), segs.next()) {
        (Some("channels"), Some(id), Some("messages"), None) => id.parse().ok(),
        _ => None,
    }
}

fn parse_body(content_type: &str, bytes: &[u8]) -> (Value, Vec<UploadedFile>) {
    if bytes.is_empty() {
        return (Value::Null, Vec::new());
    }
    if content_type.starts_with("multipart/form-data") {
        return multipart(content_type, bytes);
    }
    let json = serde_json::from_slice(bytes)
        .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(bytes).into_owned()));
    (json, Vec::new())
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// A multipart body (messages with attachments): the `payload_json` part as
/// the body, and every part with a filename as an uploaded file, bytes intact.
fn multipart(content_type: &str, bytes: &[u8]) -> (Value, Vec<UploadedFile>) {
    let Some(boundary) = content_type
        .split(';')
        .find_map(|p| p.trim().strip_prefix("boundary="))
        .map(|b| format!("--{}", b.trim_matches('"')))
    else {
        return (Value::Null, Vec::new());
    };
    let mut json = Value::Null;
    let mut files = Vec::new();
    let mut rest = bytes;
    while let Some(start) = find(rest, boundary.as_bytes()) {
        rest = &rest[start + boundary.len()..];
        if rest.starts_with(b"--") {
            break;
        }
        let Some(head_end) = find(rest, b"\r\n\r\n") else {
            break;
        };
        let head = String::from_utf8_lossy(&rest[..head_end]).into_owned();
        let data_start = head_end + 4;
        let data_end = find(&rest[data_start..], boundary.as_bytes())
            .map(|e| data_start + e)
            .unwrap_or(rest.len());
        let mut data = &rest[data_start..data_end];
        if data.ends_with(b"\r\n") {
            data = &data[..data.len() - 2];
        }
        let param = |key: &str| -> Option<String> {
            let at = head.find(&format!("{key}=\""))? + key.len() + 2;
            let end = head[at..].find('"')?;
            Some(head[at..at + end].to_string())
        };
        let part_type = head
            .lines()
            .find_map(|l| {
                l.to_ascii_lowercase()
                    .strip_prefix("content-type:")
                    .map(|v| v.trim().to_string())
            })
            .unwrap_or_default();
        match (param("name"), param("filename")) {
            (_, Some(filename)) => files.push(UploadedFile {
                field: param("name").unwrap_or_default(),
                filename,
                content_type: part_type,
                bytes: data.to_vec(),
            }),
            (Some(name), None) if name == "payload_json" => {
                json = serde_json::from_slice(data).unwrap_or(Value::Null);
            }
            _ => {}
        }
        rest = &rest[data_end..];
    }
    (json, files)
}

fn percent_decode(segment: &str) -> String {
    let bytes = segment.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes.get(i + 1..i + 3).and_then(|h| {
            std::str::from_utf8(h)
                .ok()
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        });
        match (bytes[i], hex) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn route(
    state: &mut State,
    method: &Method,
    path: &str,
    authorization: Option<&str>,
    body: &Value,
    at: Instant,
) -> Reply {
    let unknown_route = Reply {
        status: 404,
        body: Some(error(0, "Unknown route")),
        matched: false,
    };
    let Some(rest) = path.strip_prefix(API_PREFIX) else {
        return unknown_route;
    };
    let segs: Vec<String> = rest
        .trim_end_matches('/')
        .split('/')
        .map(percent_decode)
        .collect();
    let segs: Vec<&str> = segs.iter().map(String::as_str).collect();

    // Interaction callbacks and their webhooks are authorized by the token in the path.
    let token_routes = matches!(segs.first(), Some(&"interactions") | Some(&"webhooks"));
    let authorized = authorization.is_some_and(|a| a.starts_with("Bot ") && a.len() > 4);
    if !token_routes && (!authorized || state.startup.token_refused) {
        return fail(401, error(0, "401: Unauthorized"));
    }

    let id = |s: &str| s.parse::<u64>().ok();
    match (method.as_str(), segs.as_slice()) {
        ("GET", ["gateway"]) => ok(json!({"url": state.gateway_url})),
        ("GET", ["gateway", "bot"]) => ok(json!({
            "url": state.gateway_url,
            "shards": state.recommended_shards,
            "session_start_limit": {
                "total": 1000, "remaining": 999, "reset_after": 14_400_000,
                "max_concurrency": state.max_concurrency
            },
        })),
        ("GET", ["users", "@me"]) => ok(payloads::current_user(&state.bot)),
        ("GET", ["oauth2", "applications", "@me"]) | ("GET", ["applications", "@me"])
            if state.startup.application_hidden =>
        {
            fail(404, error(0, "404: Not Found"))
        }
        ("GET", ["oauth2", "applications", "@me"]) | ("GET", ["applications", "@me"]) => {
            let mut app = payloads::application(state.app_id, &state.bot, &state.owner);
            app["flags"] = json!(state.application_flags());
            ok(app)
        }
        (m, ["applications", app, "commands"]) => {
            if id(app) != Some(state.app_id) {
                return fail(404, error(10002, "Unknown Application"));
            }
            commands(state, m, None, body)
        }
        (m, ["applications", app, "guilds", guild, "commands"]) => {
            if id(app) != Some(state.app_id) {
                return fail(404, error(10002, "Unknown Application"));
            }
            match id(guild).filter(|g| state.guild(*g).is_some()) {
                Some(g) => commands(state, m, Some(g), body),
                None => fail(403, error(50001, "Missing Access")),
            }
        }
        ("POST", ["channels", channel, "messages"]) => match id(channel) {
            Some(c) => post_message(state, c, body, at),
            None => unknown_channel(),
        },
        (m, ["channels", channel, "messages", message]) => match (id(channel), id(message)) {
            (Some(c), Some(mid)) => channel_message(state, m, c, mid, body, at),
            _ => unknown_message(),
        },
        ("POST", ["channels", channel, "typing"]) => match id(channel) {
            Some(c) if state.channel(c).is_none() => unknown_channel(),
            Some(c) if state.forbidden.contains(&c) => missing_permissions(),
            Some(c) => {
                state.typing.push((c, at));
                no_content()
            }
            None => unknown_channel(),
        },
        (
            m @ ("PUT" | "DELETE"),
            ["channels", channel, "messages", message, "reactions", emoji, "@me"],
        ) => match (id(channel), id(message)) {
            (Some(c), _) if state.channel(c).is_none() => unknown_channel(),
            (Some(c), _) if m == "PUT" && state.forbidden.contains(&c) => missing_permissions(),
            (Some(c), Some(mid)) if state.messages.get(&mid).is_some_and(|(mc, _)| *mc == c) => {
                state.reactions.push(ReactionRecord {
                    channel_id: c,
                    message_id: mid,
                    emoji: emoji.to_string(),
                    added: m == "PUT",
                    at,
                });
                no_content()
            }
            _ => unknown_message(),
        },
        ("GET", ["channels", channel]) => match id(channel).and_then(|c| state.channel_json(c)) {
            Some(v) => ok(v),
            None => unknown_channel(),
        },
        ("GET", ["guilds", guild]) => match id(guild).filter(|g| state.guild(*g).is_some()) {
            Some(g) => ok(state.guild_create_json(g)),
            None => fail(404, error(10004, "Unknown Guild")),
        },
        ("GET", ["guilds", guild, "channels"]) => match id(guild).and_then(|g| state.guild(g)) {
            Some(g) => {
                let ids: Vec<u64> = g.channels.iter().map(|c| c.id).collect();
                ok(Value::Array(
                    ids.into_iter()
                        .filter_map(|c| state.channel_json(c))
                        .collect(),
                ))
            }
            None => fail(404, error(10004, "Unknown Guild")),
        },
        ("GET", ["guilds", guild, "members", user]) => {
            let member = id(guild)
                .and_then(|g| state.guild(g))
                .zip(id(user))
                .and_then(|(g, u)| state.member_json(g, u, false, true));
            match member {
                Some(m) => ok(m),
                None => fail(404, error(10007, "Unknown Member")),
            }
        }
        ("POST", ["interactions", interaction, token, "callback"]) => match id(interaction) {
            Some(i) => interaction_callback(state, i, token, body, at),
            None => fail(404, error(10062, "Unknown interaction")),
        },
        ("POST", ["webhooks", app, token]) if id(app) == Some(state.app_id) => {
            followup(state, token, body, at)
        }
        (m, ["webhooks", app, token, "messages", message]) if id(app) == Some(state.app_id) => {
            webhook_message(state, m, token, message, body, at)
        }
        _ => unknown_route,
    }
}

/// Bulk overwrite (PUT), create (POST) or list (GET) of global or guild commands.
fn commands(state: &mut State, method: &str, guild: Option<u64>, body: &Value) -> Reply {
    let list = |state: &State| match guild {
        Some(g) => state.guild_commands.get(&g).cloned().unwrap_or_default(),
        None => state.global_commands.clone(),
    };
    let store = |state: &mut State, cmds: Vec<Value>| match guild {
        Some(g) => {
            state.guild_commands.insert(g, cmds);
        }
        None => state.global_commands = cmds,
    };
    match method {
        "GET" => ok(Value::Array(list(state))),
        "PUT" => {
            let Some(defs) = body.as_array() else {
                return fail(
                    400,
                    form_error("_root", "ARRAY_TYPE_CONVERT", "Expected an array"),
                );
            };
            let mut cmds = Vec::new();
            for def in defs {
                match command_object(state, guild, def) {
                    Ok(c) => cmds.push(c),
                    Err(e) => return fail(400, e),
                }
            }
            store(state, cmds.clone());
            ok(Value::Array(cmds))
        }
        "POST" => match command_object(state, guild, body) {
            Ok(c) => {
                let mut cmds = list(state);
                cmds.retain(|old| old["name"] != c["name"] || old["type"] != c["type"]);
                cmds.push(c.clone());
                store(state, cmds);
                ok(c)
            }
            Err(e) => fail(400, e),
        },
        _ => Reply {
            status: 405,
            body: Some(error(0, "405: Method Not Allowed")),
            matched: true,
        },
    }
}

/// The command object Discord answers for a definition, checking the limits a bot can trip.
fn command_object(state: &mut State, guild: Option<u64>, def: &Value) -> Result<Value, Value> {
    let name = def["name"].as_str().unwrap_or_default().to_string();
    let kind = def["type"].as_u64().unwrap_or(1);
    let description = def["description"].as_str().unwrap_or_default().to_string();
    if name.is_empty() || name.chars().count() > 32 {
        return Err(form_error(
            "name",
            "BASE_TYPE_BAD_LENGTH",
            "Must be between 1 and 32 in length.",
        ));
    }
    if kind == 1 && (description.is_empty() || description.chars().count() > 100) {
        return Err(form_error(
            "description",
            "BASE_TYPE_BAD_LENGTH",
            "Must be between 1 and 100 in length.",
        ));
    }
    if def["options"].as_array().is_some_and(|o| o.len() > 25) {
        return Err(form_error(
            "options",
            "BASE_TYPE_MAX_LENGTH",
            "Must be 25 or fewer in length.",
        ));
    }
    let id = *state
        .command_ids
        .entry((name.clone(), kind))
        .or_insert_with(next_id);
    let mut cmd = json!({
        "id": id.to_string(),
        "application_id": state.app_id.to_string(),
        "version": next_id().to_string(),
        "type": kind,
        "name": name,
        "description": description,
        "default_member_permissions": null,
        "dm_permission": true,
        "nsfw": false,
        "integration_types": [0],
        "contexts": null,
        "options": [],
    });
    if let Some(g) = guild {
        cmd["guild_id"] = json!(g.to_string());
    }
    for key in [
        "options",
        "default_member_permissions",
        "dm_permission",
        "nsfw",
        "integration_types",
        "contexts",
        "name_localizations",
        "description_localizations",
    ] {
        if let Some(v) = def.get(key).filter(|v| !v.is_null()) {
            cmd[key] = v.clone();
        }
    }
    Ok(cmd)
}

/// Discord's message limits: 2000 characters of content, 10 embeds, and the embed limits
/// (title 256, description 4096, 25 fields of 256/1024, footer 2048, author 256, 6000 in total).
fn validate_message(body: &Value, creating: bool) -> Result<(), Value> {
    let chars = |v: &Value| v.as_str().map_or(0, |s| s.chars().count());
    if chars(&body["content"]) > 2000 {
        return Err(form_error(
            "content",
            "BASE_TYPE_MAX_LENGTH",
            "Must be 2000 or fewer in length.",
        ));
    }
    let embeds = body["embeds"].as_array().cloned().unwrap_or_default();
    if embeds.len() > 10 {
        return Err(form_error(
            "embeds",
            "BASE_TYPE_MAX_LENGTH",
            "Must be 10 or fewer in length.",
        ));
    }
    let mut total = 0;
    for (i, e) in embeds.iter().enumerate() {
        let limits = [
            ("title", &e["title"], 256),
            ("description", &e["description"], 4096),
            ("footer.text", &e["footer"]["text"], 2048),
            ("author.name", &e["author"]["name"], 256),
        ];
        for (field, value, max) in limits {
            let n = chars(value);
            if n > max {
                return Err(form_error(
                    &format!("embeds.{i}.{field}"),
                    "BASE_TYPE_MAX_LENGTH",
                    &format!("Must be {max} or fewer in length."),
                ));
            }
            total += n;
        }
        let fields = e["fields"].as_array().cloned().unwrap_or_default();
        if fields.len() > 25 {
            return Err(form_error(
                &format!("embeds.{i}.fields"),
                "BASE_TYPE_MAX_LENGTH",
                "Must be 25 or fewer in length.",
            ));
        }
        for (j, f) in fields.iter().enumerate() {
            for (key, max) in [("name", 256), ("value", 1024)] {
                let n = chars(&f[key]);
                if n == 0 || n > max {
                    return Err(form_error(
                        &format!("embeds.{i}.fields.{j}.{key}"),
                        "BASE_TYPE_BAD_LENGTH",
                        &format!("Must be between 1 and {max} in length."),
                    ));
                }
                total += n;
            }
        }
    }
    if total > 6000 {
        return Err(form_error(
            "embeds",
            "MAX_EMBED_SIZE_EXCEEDED",
            "Embed size exceeds maximum size of 6000",
        ));
    }
    let has_something = chars(&body["content"]) > 0
        || !embeds.is_empty()
        || ["components", "attachments", "sticker_ids"]
            .iter()
            .any(|k| body[*k].as_array().is_some_and(|a| !a.is_empty()))
        || body.get("poll").is_some_and(|p| !p.is_null());
    if creating && !has_something {
        return Err(error(50006, "Cannot send an empty message"));
    }
    Ok(())
}

fn post_message(state: &mut State, channel_id: u64, body: &Value, at: Instant) -> Reply {
    if state.channel(channel_id).is_none() {
        return unknown_channel();
    }
    if state.forbidden.contains(&channel_id) {
        return missing_permissions();
    }
    if let Some((code, message)) = state.post_refusal(channel_id) {
        return fail(403, error(code, message));
    }
    if let Err(e) = validate_message(body, true) {
        return fail(400, e);
    }
    let nonce = body
        .get("nonce")
        .filter(|n| !n.is_null())
        .map(|n| n.as_str().map_or_else(|| n.to_string(), String::from));
    if let Some(n) = &nonce {
        if n.chars().count() > 25 {
            return fail(
                400,
                form_error(
                    "nonce",
                    "BASE_TYPE_MAX_LENGTH",
                    "Must be 25 or fewer in length.",
                ),
            );
        }
    }
    faults::forget_old_nonces(state, at);
    let enforce = body["enforce_nonce"].as_bool() == Some(true);
    if let Some(n) = nonce.as_ref().filter(|_| enforce) {
        if let Some((_, earlier)) = state
            .nonces
            .get(&(channel_id, n.clone()))
            .and_then(|mid| state.messages.get(mid))
        {
            return ok(earlier.clone());
        }
    }
    let reference = &body["message_reference"];
    if let Some(target) = id_of(&reference["message_id"]) {
        let exists = state.messages.contains_key(&target);
        if !exists && reference["fail_if_not_exists"].as_bool() != Some(false) {
            return fail(
                400,
                form_error(
                    "message_reference",
                    "REPLIES_UNKNOWN_MESSAGE",
                    "Unknown message",
                ),
            );
        }
    }
    let bot = state.bot.clone();
    let msg = state.create_message(channel_id, &bot, body, 0);
    let mid = id_of(&msg["id"]).unwrap_or_default();
    if let Some(n) = nonce {
        faults::noted_nonce(state, (channel_id, n.clone()), at);
        state.nonces.insert((channel_id, n), mid);
    }
    state.posted.push(PostedMessage {
        id: mid,
        channel_id,
        body: body.clone(),
        message: msg.clone(),
        at,
    });
    if state.echo_own_messages {
        state.dispatch_message_create(channel_id, &msg);
    }
    ok(msg)
}

fn channel_message(
    state: &mut State,
    method: &str,
    channel_id: u64,
    message_id: u64,
    body: &Value,
    at: Instant,
) -> Reply {
    if state.channel(channel_id).is_none() {
        return unknown_channel();
    }
    let Some((_, msg)) = state
        .messages
        .get(&message_id)
        .filter(|(c, _)| *c == channel_id)
        .cloned()
    else {
        return unknown_message();
    };
    match method {
        "GET" => ok(msg),
        "PATCH" => {
            if id_of(&msg["author"]["id"]) != Some(state.bot.id) {
                return fail(
                    403,
                    error(50005, "Cannot edit a message authored by another user"),
                );
            }
            if let Err(e) = validate_message(body, false) {
                return fail(400, e);
            }
            let edited = apply_edit(state, msg, body);
            state
                .messages
                .insert(message_id, (channel_id, edited.clone()));
            state.edits.push((channel_id, message_id, body.clone(), at));
            ok(edited)
        }
        "DELETE" => {
            state.messages.remove(&message_id);
            state.deletions.push((channel_id, message_id, at));
            no_content()
        }
        _ => Reply {
            status: 405,
            body: Some(error(0, "405: Method Not Allowed")),
            matched: true,
        },
    }
}

/// A message after a PATCH: given fields replaced, mentions re-resolved, loading flag cleared.
fn apply_edit(state: &State, mut msg: Value, body: &Value) -> Value {
    if let Some(content) = body.get("content").filter(|c| !c.is_null()) {
        msg["content"] = content.clone();
    }
    if let Some(embeds) = body.get("embeds").filter(|e| !e.is_null()) {
        msg["embeds"] = payloads::stored_embeds(embeds);
    }
    if let Some(components) = body.get("components").filter(|c| !c.is_null()) {
        msg["components"] = components.clone();
    }
    let flags = msg["flags"].as_u64().unwrap_or(0) & !128;
    msg["flags"] = json!(body["flags"].as_u64().map_or(flags, |f| f | (flags & 64)));
    let content = msg["content"].as_str().unwrap_or_default().to_string();
    let (everyone, mentions, roles) =
        state.resolve_mentions(&content, body.get("allowed_mentions"), None);
    msg["mention_everyone"] = json!(everyone);
    msg["mentions"] = json!(mentions);
    msg["mention_roles"] = json!(roles.iter().map(|r| r.to_string()).collect::<Vec<_>>());
    msg["edited_timestamp"] = json!(payloads::timestamp_now());
    msg
}

fn interaction_callback(
    state: &mut State,
    interaction_id: u64,
    token: &str,
    body: &Value,
    at: Instant,
) -> Reply {
    let window = state.interaction_window;
    let bot = state.bot.clone();
    let app_id = state.app_id;
    let Some(interaction) = state
        .interactions
        .get(&interaction_id)
        .filter(|i| i.token == token)
    else {
        return fail(404, error(10062, "Unknown interaction"));
    };
    if interaction.acknowledged {
        return fail(
            400,
            error(40060, "Interaction has already been acknowledged."),
        );
    }
    if at.duration_since(interaction.created) > window {
        return fail(404, error(10062, "Unknown interaction"));
    }
    let callback_type = body["type"].as_u64();
    let autocomplete = interaction.interaction_type == 4;
    let data = body.get("data").cloned().unwrap_or(Value::Null);
    let channel_id = interaction.channel_id;
    let original = match (callback_type, autocomplete) {
        (Some(8), true) => None,
        (Some(4), false) => {
            if let Err(e) = validate_message(&data, true) {
                return fail(400, e);
            }
            Some(data.clone())
        }
        (Some(5), false) => {
            let ephemeral = data["flags"].as_u64().unwrap_or(0) & 64;
            Some(json!({"content": "", "flags": 128 | ephemeral}))
        }
        (Some(1), _) | (Some(9), false) => None,
        _ => {
            return fail(
                400,
                form_error(
                    "type",
                    "INTERACTION_RESPONSE_TYPE_INVALID",
                    "Invalid interaction response type",
                ),
            )
        }
    };
    let original = original.map(|o| {
        let mut msg = state.create_message(channel_id, &bot, &o, 20);
        msg["webhook_id"] = json!(app_id.to_string());
        msg["application_id"] = json!(app_id.to_string());
        if let Some(flags) = o["flags"].as_u64() {
            msg["flags"] = json!(flags);
        }
        msg
    });
    let Some(interaction) = state.interactions.get_mut(&interaction_id) else {
        return fail(404, error(10062, "Unknown interaction"));
    };
    interaction.acknowledged = true;
    interaction.original = original;
    interaction.responses.push(InteractionResponse {
        kind: ResponseKind::Callback,
        callback_type,
        body: data,
        at,
    });
    no_content()
}

fn followup(state: &mut State, token: &str, body: &Value, at: Instant) -> Reply {
    let Some(iid) = state.tokens.get(token).copied() else {
        return fail(404, error(10015, "Unknown Webhook"));
    };
    let Some(interaction) = state.interactions.get(&iid) else {
        return fail(404, error(10015, "Unknown Webhook"));
    };
    if !interaction.acknowledged {
        return fail(404, error(10015, "Unknown Webhook"));
    }
    if let Err(e) = validate_message(body, true) {
        return fail(400, e);
    }
    let channel_id = interaction.channel_id;
    let bot = state.bot.clone();
    let mut msg = state.create_message(channel_id, &bot, body, 0);
    msg["webhook_id"] = json!(state.app_id.to_string());
    msg["application_id"] = json!(state.app_id.to_string());
    let mid = id_of(&msg["id"]).unwrap_or_default();
    if let Some(interaction) = state.interactions.get_mut(&iid) {
        interaction.followups.insert(mid, msg.clone());
        interaction.responses.push(InteractionResponse {
            kind: ResponseKind::Followup,
            callback_type: None,
            body: body.clone(),
            at,
        });
    }
    ok(msg)
}

fn webhook_message(
    state: &mut State,
    method: &str,
    token: &str,
    message: &str,
    body: &Value,
    at: Instant,
) -> Reply {
    let Some(iid) = state.tokens.get(token).copied() else {
        return fail(404, error(10015, "Unknown Webhook"));
    };
    let original = message == "@original";
    let current = state.interactions.get(&iid).and_then(|i| {
        if original {
            i.original.clone()
        } else {
            message
                .parse()
                .ok()
                .and_then(|m: u64| i.followups.get(&m).cloned())
        }
    });
    let Some(current) = current else {
        return unknown_message();
    };
    let mid = id_of(&current["id"]).unwrap_or_default();
    let (kind, stored) = match method {
        "GET" => return ok(current),
        "PATCH" => {
            if let Err(e) = validate_message(body, false) {
                return fail(400, e);
            }
            let edited = apply_edit(state, current, body);
            let kind = if original {
                ResponseKind::EditOriginal
            } else {
                ResponseKind::EditFollowup
            };
            (kind, Some(edited))
        }
        "DELETE" => {
            let kind = if original {
                ResponseKind::DeleteOriginal
            } else {
                ResponseKind::DeleteFollowup
            };
            (kind, None)
        }
        _ => {
            return Reply {
                status: 405,
                body: Some(error(0, "405: Method Not Allowed")),
                matched: true,
            }
        }
    };
    let Some(interaction) = state.interactions.get_mut(&iid) else {
        return unknown_message();
    };
    match (&stored, original) {
        (Some(m), true) => interaction.original = Some(m.clone()),
        (Some(m), false) => {
            interaction.followups.insert(mid, m.clone());
        }
        (None, true) => interaction.original = None,
        (None, false) => {
            interaction.followups.remove(&mid);
        }
    }
    interaction.responses.push(InteractionResponse {
        kind,
        callback_type: None,
        body: body.clone(),
        at,
    });
    match stored {
        Some(m) => ok(m),
        None => no_content(),
    }
}
