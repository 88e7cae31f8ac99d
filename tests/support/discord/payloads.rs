//! JSON objects shaped like Discord's, with every key serenity requires (and the nullable ones
//! Discord always sends), so nothing is dropped as an unknown event.

use serde_json::{json, Value};

use super::SimUser;

pub fn timestamp_now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Micros, false)
}

pub fn user(u: &SimUser) -> Value {
    json!({
        "id": u.id.to_string(),
        "username": u.name,
        "discriminator": "0",
        "global_name": if u.bot { Value::Null } else { json!(u.name) },
        "avatar": null,
        "bot": u.bot,
        "system": false,
        "banner": null,
        "accent_color": null,
        "public_flags": 0,
        "flags": 0,
        "avatar_decoration_data": null,
    })
}

/// `GET /users/@me` and READY's `user`: the user object with the private fields.
pub fn current_user(u: &SimUser) -> Value {
    let mut v = user(u);
    merge(
        &mut v,
        json!({
            "mfa_enabled": true,
            "verified": true,
            "email": null,
            "locale": "en-US",
            "premium_type": 0,
        }),
    );
    v
}

/// A guild member; `with_user` adds the user object (absent in MESSAGE_CREATE's member),
/// `permissions` is only sent in interactions.
pub fn member(
    u: &SimUser,
    roles: &[u64],
    joined_at: &str,
    permissions: Option<u64>,
    with_user: bool,
) -> Value {
    let mut v = json!({
        "nick": null,
        "avatar": null,
        "banner": null,
        "roles": roles.iter().map(|r| r.to_string()).collect::<Vec<_>>(),
        "joined_at": joined_at,
        "premium_since": null,
        "deaf": false,
        "mute": false,
        "flags": 0,
        "pending": false,
        "communication_disabled_until": null,
        "unusual_dm_activity_until": null,
    });
    if with_user {
        v["user"] = user(u);
    }
    if let Some(p) = permissions {
        v["permissions"] = json!(p.to_string());
    }
    v
}

pub fn role(id: u64, name: &str, permissions: u64, position: u64, bot_id: Option<u64>) -> Value {
    let tags = match bot_id {
        Some(bot) => json!({"bot_id": bot.to_string()}),
        None => json!({}),
    };
    json!({
        "id": id.to_string(),
        "name": name,
        "description": null,
        "color": 0,
        "colors": {"primary_color": 0, "secondary_color": null, "tertiary_color": null},
        "hoist": false,
        "icon": null,
        "unicode_emoji": null,
        "position": position,
        "permissions": permissions.to_string(),
        "managed": bot_id.is_some(),
        "mentionable": false,
        "flags": 0,
        "tags": tags,
    })
}

/// A guild text channel; GUILD_CREATE's channels carry no `guild_id`.
pub fn text_channel(id: u64, guild_id: Option<u64>, name: &str, position: u16) -> Value {
    let mut v = json!({
        "id": id.to_string(),
        "type": 0,
        "name": name,
        "position": position,
        "permission_overwrites": [],
        "topic": null,
        "nsfw": false,
        "last_message_id": null,
        "last_pin_timestamp": null,
        "rate_limit_per_user": 0,
        "parent_id": null,
        "flags": 0,
    });
    if let Some(g) = guild_id {
        v["guild_id"] = json!(g.to_string());
    }
    v
}

/// The partial channel in interactions and `resolved.channels`.
pub fn partial_channel(id: u64, guild_id: u64, name: &str, permissions: u64) -> Value {
    let mut v = text_channel(id, Some(guild_id), name, 0);
    v["permissions"] = json!(permissions.to_string());
    v
}

pub struct GuildParts<'a> {
    pub id: u64,
    pub name: &'a str,
    pub owner_id: u64,
    pub joined_at: &'a str,
    pub system_channel_id: Option<u64>,
    pub roles: Vec<Value>,
    pub channels: Vec<Value>,
    pub members: Vec<Value>,
}

/// GUILD_CREATE's `d`: the guild object plus the gateway-only keys.
pub fn guild_create(g: GuildParts<'_>) -> Value {
    let mut guild = json!({
        "id": g.id.to_string(),
        "name": g.name,
        "icon": null,
        "icon_hash": null,
        "splash": null,
        "discovery_splash": null,
        "owner_id": g.owner_id.to_string(),
        "afk_channel_id": null,
        "afk_timeout": 300,
        "widget_enabled": false,
        "widget_channel_id": null,
        "verification_level": 1,
        "default_message_notifications": 1,
        "explicit_content_filter": 2,
        "roles": g.roles,
        "emojis": [],
        "features": [],
        "mfa_level": 0,
        "application_id": null,
        "system_channel_id": g.system_channel_id.map(|c| c.to_string()),
        "system_channel_flags": 0,
        "rules_channel_id": null,
        "max_presences": null,
        "max_members": 500000,
        "vanity_url_code": null,
        "description": null,
        "banner": null,
        "premium_tier": 0,
        "premium_subscription_count": 0,
        "preferred_locale": "en-US",
        "public_updates_channel_id": null,
        "max_video_channel_users": 25,
        "max_stage_video_channel_users": 50,
        "nsfw_level": 0,
        "stickers": [],
        "premium_progress_bar_enabled": false,
        "safety_alerts_channel_id": null,
        "incidents_data": null,
    });
    // Two literals: one would exceed json!'s macro recursion limit.
    merge(
        &mut guild,
        gateway_only_guild_keys(g.joined_at, g.members, g.channels),
    );
    guild
}

fn gateway_only_guild_keys(joined_at: &str, members: Vec<Value>, channels: Vec<Value>) -> Value {
    json!({
        "joined_at": joined_at,
        "large": false,
        "unavailable": false,
        "member_count": members.len(),
        "voice_states": [],
        "members": members,
        "channels": channels,
        "threads": [],
        "presences": [],
        "stage_instances": [],
        "guild_scheduled_events": [],
        "soundboard_sounds": [],
        "embedded_activities": [],
        "lazy": true,
        "hub_type": null,
    })
}

pub fn application(app_id: u64, bot: &SimUser, owner: &SimUser) -> Value {
    json!({
        "id": app_id.to_string(),
        "name": bot.name,
        "icon": null,
        "description": "",
        "summary": "",
        "type": null,
        "bot_public": true,
        "bot_require_code_grant": false,
        "terms_of_service_url": null,
        "privacy_policy_url": null,
        "owner": user(owner),
        "verify_key": "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0",
        "team": null,
        "flags": APPLICATION_FLAGS,
        "tags": [],
        "hook": true,
        "is_monetized": false,
        "redirect_uris": [],
        "interactions_endpoint_url": null,
        "role_connections_verification_url": null,
        "approximate_guild_count": 1,
        "approximate_user_install_count": 0,
        "integration_types_config": {"0": {}},
        "bot": user(bot),
    })
}

/// GATEWAY_MESSAGE_CONTENT | APPLICATION_COMMAND_BADGE.
pub const APPLICATION_FLAGS: u64 = (1 << 18) | (1 << 23);

pub struct MessageParts<'a> {
    pub id: u64,
    pub channel_id: u64,
    pub author: Value,
    pub content: &'a str,
    pub timestamp: &'a str,
    pub kind: u64,
    pub mention_everyone: bool,
    pub mentions: Vec<Value>,
    pub mention_roles: Vec<u64>,
}

/// A message as REST answers it (no `guild_id`/`member`; the gateway adds them).
pub fn message(m: MessageParts<'_>) -> Value {
    json!({
        "id": m.id.to_string(),
        "channel_id": m.channel_id.to_string(),
        "author": m.author,
        "content": m.content,
        "timestamp": m.timestamp,
        "edited_timestamp": null,
        "tts": false,
        "mention_everyone": m.mention_everyone,
        "mentions": m.mentions,
        "mention_roles": m.mention_roles.iter().map(|r| r.to_string()).collect::<Vec<_>>(),
        "attachments": [],
        "embeds": [],
        "pinned": false,
        "type": m.kind,
        "flags": 0,
        "components": [],
    })
}

/// Embeds as Discord stores them: `type` "rich" unless given.
pub fn stored_embeds(embeds: &Value) -> Value {
    let mut out = embeds.as_array().cloned().unwrap_or_default();
    for e in &mut out {
        if e.get("type").is_none() {
            e["type"] = json!("rich");
        }
        if e.get("content_scan_version").is_none() {
            e["content_scan_version"] = json!(0);
        }
    }
    Value::Array(out)
}

/// Copies every key of `extra` (an object) into `target`.
pub fn merge(target: &mut Value, extra: Value) {
    if let (Some(t), Value::Object(e)) = (target.as_object_mut(), extra) {
        for (k, v) in e {
            t.insert(k, v);
        }
    }
}

/// Discord's error body.
pub fn error(code: u64, message: &str) -> Value {
    json!({"message": message, "code": code})
}

pub fn form_error(field: &str, code: &str, message: &str) -> Value {
    json!({
        "message": "Invalid Form Body",
        "code": 50035,
        "errors": {field: {"_errors": [{"code": code, "message": message}]}},
    })
}
