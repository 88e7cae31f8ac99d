//! Roles, channel permission overwrites, and the permissions Discord computes from them.
//!
//! Discord sends a member's permissions in three places of an interaction, each already
//! computed for one channel: `member.permissions` (the channel the command was typed in),
//! `app_permissions` (the bot, same channel) and `resolved.channels[id].permissions` (the
//! invoking member, in a channel option's channel). The simulator computes them the way
//! Discord does: the owner gets everything; else @everyone's and the member's roles'
//! permissions, Administrator meaning everything; then the channel's overwrites for @everyone,
//! for the member's roles (all denies, then all allows) and for the member. GUILD_CREATE and
//! channel objects carry the overwrites, so a bot's cache can compute the same.

use std::collections::HashMap;

use serde_json::{json, Value};

use super::payloads;
use super::snowflake::next_id;
use super::state::{GuildState, State};
use super::{
    DiscordSim, SimUser, ADMINISTRATOR, BOT_PERMISSIONS, MANAGE_CHANNELS, MEMBER_PERMISSIONS,
    MODERATOR_PERMISSIONS, SEND_MESSAGES, VIEW_CHANNEL,
};

pub const MENTION_EVERYONE: u64 = 1 << 17;
/// Every permission bit Discord defines today.
pub const ALL_PERMISSIONS: u64 = (1 << 51) - 1;

/// A role added by a test (the built-in ones are @everyone, "Moderator" and the bot's).
#[derive(Clone, Debug)]
pub struct SimRole {
    pub id: u64,
    pub name: String,
    pub permissions: u64,
    /// Owned by an integration (a bot's role, a booster role): nobody can be given it.
    pub managed: bool,
    pub mentionable: bool,
}

/// Who a channel overwrite is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OverwriteFor {
    /// A role; the guild's id is its @everyone role.
    Role(u64),
    Member(u64),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Overwrite {
    pub target: OverwriteFor,
    pub allow: u64,
    pub deny: u64,
}

/// The permission state of the simulated world beyond the fixed roles.
#[derive(Default)]
pub struct Access {
    /// Roles added per guild.
    pub roles: HashMap<u64, Vec<SimRole>>,
    /// Roles given to members, per (guild, user).
    pub member_roles: HashMap<(u64, u64), Vec<u64>>,
    /// Overwrites per channel, at most one per target.
    pub overwrites: HashMap<u64, Vec<Overwrite>>,
}

fn overwrite_json(o: &Overwrite) -> Value {
    let (id, kind) = match o.target {
        OverwriteFor::Role(id) => (id, 0),
        OverwriteFor::Member(id) => (id, 1),
    };
    json!({
        "id": id.to_string(),
        "type": kind,
        "allow": o.allow.to_string(),
        "deny": o.deny.to_string(),
    })
}

impl State {
    /// Every role of a guild, as GUILD_CREATE and `resolved.roles` show it.
    pub fn guild_roles_json(&self, guild: &GuildState) -> Vec<Value> {
        let mut roles = vec![
            payloads::role(guild.id, "@everyone", MEMBER_PERMISSIONS, 0, None),
            payloads::role(
                guild.moderator_role,
                "Moderator",
                MODERATOR_PERMISSIONS,
                1,
                None,
            ),
            payloads::role(
                guild.bot_role,
                &self.bot.name,
                BOT_PERMISSIONS,
                2,
                Some(self.bot.id),
            ),
        ];
        for (i, r) in self
            .access
            .roles
            .get(&guild.id)
            .into_iter()
            .flatten()
            .enumerate()
        {
            let mut role = payloads::role(r.id, &r.name, r.permissions, 3 + i as u64, None);
            role["managed"] = json!(r.managed);
            role["mentionable"] = json!(r.mentionable);
            if r.managed {
                role["tags"] = json!({"integration_id": next_id().to_string()});
            }
            roles.push(role);
        }
        roles
    }

    /// One role of a guild by id, in Discord's form.
    pub fn role_json(&self, guild: &GuildState, role_id: u64) -> Option<Value> {
        self.guild_roles_json(guild)
            .into_iter()
            .find(|r| r["id"] == json!(role_id.to_string()))
    }

    /// Roles a test gave a member, beyond the built-in ones.
    pub fn extra_roles(&self, guild_id: u64, user_id: u64) -> Vec<u64> {
        self.access
            .member_roles
            .get(&(guild_id, user_id))
            .cloned()
            .unwrap_or_default()
    }

    /// A channel's overwrites in Discord's form.
    pub fn overwrites_json(&self, channel_id: u64) -> Value {
        Value::Array(
            self.access
                .overwrites
                .get(&channel_id)
                .into_iter()
                .flatten()
                .map(overwrite_json)
                .collect(),
        )
    }

    /// A member's permissions in a channel, as Discord computes them. A channel of another
    /// guild (or no channel) gives the member's guild-level permissions there.
    pub fn permissions_in(&self, channel_id: u64, user: &SimUser) -> u64 {
        let Some(guild) = self.guild_of_channel(channel_id) else {
            return 0;
        };
        if user.id == self.owner.id {
            return ALL_PERMISSIONS;
        }
        let extra = self.extra_roles(guild.id, user.id);
        let base_roles = if user.id == self.bot.id {
            BOT_PERMISSIONS | MEMBER_PERMISSIONS
        } else {
            // A simulated member's own permissions stand for @everyone plus the roles
            // that come with them (a moderator gets "Moderator").
            user.permissions
        };
        let mut perms = self
            .access
            .roles
            .get(&guild.id)
            .into_iter()
            .flatten()
            .filter(|r| extra.contains(&r.id))
            .fold(base_roles, |p, r| p | r.permissions);
        if perms & ADMINISTRATOR != 0 {
            return ALL_PERMISSIONS;
        }
        let mut roles = self.member_role_ids(guild, user);
        roles.extend(extra);
        let overwrites = self.access.overwrites.get(&channel_id);
        let find = |target| {
            overwrites
                .into_iter()
                .flatten()
                .find(|o| o.target == target)
                .copied()
        };
        if let Some(o) = find(OverwriteFor::Role(guild.id)) {
            perms = (perms & !o.deny) | o.allow;
        }
        let (mut allow, mut deny) = (0, 0);
        for role in roles {
            if let Some(o) = find(OverwriteFor::Role(role)) {
                allow |= o.allow;
                deny |= o.deny;
            }
        }
        perms = (perms & !deny) | allow;
        if let Some(o) = find(OverwriteFor::Member(user.id)) {
            perms = (perms & !o.deny) | o.allow;
        }
        perms
    }

    /// The built-in roles a member has: the bot its own role, moderators "Moderator".
    fn member_role_ids(&self, guild: &GuildState, user: &SimUser) -> Vec<u64> {
        if user.id == self.bot.id {
            vec![guild.bot_role]
        } else if user.permissions & MANAGE_CHANNELS != 0 {
            vec![guild.moderator_role]
        } else {
            Vec::new()
        }
    }

    /// What the bot may do in a channel; `forbid_channel` takes away sending.
    pub fn bot_permissions_in(&self, channel_id: u64) -> u64 {
        let perms = self.permissions_in(channel_id, &self.bot.clone());
        if self.forbidden.contains(&channel_id) {
            perms & !SEND_MESSAGES
        } else {
            perms
        }
    }

    /// Why Discord would refuse the bot's message post in a channel, if it would.
    pub fn post_refusal(&self, channel_id: u64) -> Option<(u64, &'static str)> {
        let perms = self.permissions_in(channel_id, &self.bot.clone());
        if perms & VIEW_CHANNEL == 0 {
            Some((50001, "Missing Access"))
        } else if perms & SEND_MESSAGES == 0 {
            Some((50013, "Missing Permissions"))
        } else {
            None
        }
    }

    /// The full channel object (with overwrites), as CHANNEL_UPDATE carries it.
    fn channel_update_json(&self, channel_id: u64) -> Value {
        let mut channel = self.channel_json(channel_id).unwrap_or(Value::Null);
        channel["permission_overwrites"] = self.overwrites_json(channel_id);
        channel
    }
}

impl DiscordSim {
    /// Adds a role to a guild; a connected bot gets GUILD_ROLE_CREATE.
    pub fn add_role(
        &self,
        guild_id: u64,
        name: &str,
        permissions: u64,
        managed: bool,
        mentionable: bool,
    ) -> u64 {
        let id = next_id();
        self.shared.update(|state| {
            state
                .access
                .roles
                .entry(guild_id)
                .or_default()
                .push(SimRole {
                    id,
                    name: name.to_string(),
                    permissions,
                    managed,
                    mentionable,
                });
            let Some(guild) = state.guild(guild_id) else {
                panic!("add_role: unknown guild {guild_id}");
            };
            let role = state.role_json(guild, id).unwrap_or(Value::Null);
            let d = json!({"guild_id": guild_id.to_string(), "role": role});
            state.dispatch(Some(guild_id), "GUILD_ROLE_CREATE", |_| d.clone());
        });
        id
    }

    /// Gives a member a role (test set-up: the bot learns of it from the next interaction,
    /// or from its next GUILD_CREATE when the member is the bot).
    pub fn give_role(&self, guild_id: u64, user: &SimUser, role_id: u64) {
        self.shared.update(|state| {
            state.remember(user);
            state
                .access
                .member_roles
                .entry((guild_id, user.id))
                .or_default()
                .push(role_id);
        });
    }

    /// Sets (replaces) the channel's overwrite for a role or member; a connected bot gets
    /// CHANNEL_UPDATE.
    pub fn set_overwrite(&self, channel_id: u64, target: OverwriteFor, allow: u64, deny: u64) {
        self.shared.update(|state| {
            let Some(guild_id) = state.guild_of_channel(channel_id).map(|g| g.id) else {
                panic!("set_overwrite: unknown channel {channel_id}");
            };
            let list = state.access.overwrites.entry(channel_id).or_default();
            list.retain(|o| o.target != target);
            list.push(Overwrite {
                target,
                allow,
                deny,
            });
            let d = state.channel_update_json(channel_id);
            state.dispatch(Some(guild_id), "CHANNEL_UPDATE", |_| d.clone());
        });
    }

    /// `user`'s permissions in a channel, as the simulator sends them in interactions.
    pub fn permissions_in(&self, channel_id: u64, user: &SimUser) -> u64 {
        self.shared.lock().permissions_in(channel_id, user)
    }

    /// The bot's own role in a guild (managed, tagged with the bot's id).
    pub fn bot_role(&self, guild_id: u64) -> u64 {
        self.shared
            .lock()
            .guild(guild_id)
            .map(|g| g.bot_role)
            .unwrap_or_else(|| panic!("unknown guild {guild_id}"))
    }
}
