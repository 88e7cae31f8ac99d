//! Who may point the bot at a channel, and whether the bot can work there.
//!
//! The adapter reads permissions from Discord (the ones Discord computed for
//! the interaction, or computed from roles and channel overwrites) and hands
//! them over as [`ChannelAccess`]; the rules and their wording live here, so
//! they are the same whatever transport asked and are tested without Discord.

use super::CommandError;

/// What one person (or the bot) may do in one channel, after the server's
/// roles, the channel's overwrites, and the owner and Administrator rules.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ChannelAccess {
    pub view: bool,
    /// Send Messages (Send Messages in Threads, in a thread).
    pub send: bool,
    pub embed: bool,
    pub read_history: bool,
    /// Mention @everyone, @here and All Roles.
    pub mention_everyone: bool,
    pub manage_channels: bool,
}

impl ChannelAccess {
    /// Everything: a server's owner, or anyone with Administrator.
    pub const ALL: ChannelAccess = ChannelAccess {
        view: true,
        send: true,
        embed: true,
        read_history: true,
        mention_everyone: true,
        manage_channels: true,
    };
}

/// Where the channel a command names turned out to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Whereabouts {
    /// A channel (or thread) of the server the command was typed in.
    ThisServer,
    /// A channel of some other server.
    OtherServer,
    /// Not a channel the bot can find at all (deleted, or hidden from it).
    Unknown,
}

/// A role a moderator asked alerts to mention, as Discord describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleInfo {
    pub id: i64,
    pub name: String,
    /// The server's @everyone role (its id is the server's id).
    pub everyone: bool,
    /// Owned by a bot, a booster tier or an integration: nobody can be given it.
    pub managed: bool,
    pub mentionable: bool,
}

/// What the bot needs in a channel to do one kind of work there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Work {
    /// `/watch add`: read members' links and answer under them.
    Answer,
    /// `/alerts subscribe` and `/alerts resume`: post alerts.
    Alert,
}

impl Work {
    fn what(self) -> &'static str {
        match self {
            Work::Answer => "answer links",
            Work::Alert => "post alerts",
        }
    }
}

/// The command names a channel of this server.
pub fn in_this_server(channel: i64, whereabouts: Whereabouts) -> Result<(), CommandError> {
    match whereabouts {
        Whereabouts::ThisServer => Ok(()),
        Whereabouts::OtherServer => Err(CommandError::OtherServer(channel)),
        Whereabouts::Unknown => Err(CommandError::UnknownChannel(channel)),
    }
}

/// Moderators are those who may manage the channel the command is about —
/// not the one it happens to be typed in.
pub fn moderator(channel: i64, member: ChannelAccess) -> Result<(), CommandError> {
    if member.manage_channels {
        Ok(())
    } else {
        Err(CommandError::NotModerator(channel))
    }
}

/// The bot can do `work` in the channel, or the permissions it lacks there.
pub fn bot_can(channel: i64, work: Work, bot: ChannelAccess) -> Result<(), CommandError> {
    let mut missing = Vec::new();
    if !bot.view {
        missing.push("View Channel");
    }
    if !bot.send {
        missing.push("Send Messages");
    }
    if !bot.embed {
        missing.push("Embed Links");
    }
    // A reply points at the message it answers, which Discord allows only
    // with the channel's history readable.
    if work == Work::Answer && !bot.read_history {
        missing.push("Read Message History");
    }
    if missing.is_empty() {
        Ok(())
    } else {
        Err(CommandError::BotMissing {
            channel,
            what: work.what(),
            missing,
        })
    }
}

/// A role alerts may mention: a real group of people the bot can ping.
pub fn alert_role(channel: i64, role: &RoleInfo, bot: ChannelAccess) -> Result<(), CommandError> {
    if role.everyone {
        return Err(CommandError::RoleEveryone);
    }
    if role.managed {
        return Err(CommandError::RoleManaged(role.name.clone()));
    }
    if !role.mentionable && !bot.mention_everyone {
        return Err(CommandError::RoleNotMentionable {
            role: role.name.clone(),
            channel,
        });
    }
    Ok(())
}

/// Why the bot can't work in a channel, and what to do about it.
pub(super) fn missing_text(channel: i64, what: &str, missing: &[&str]) -> String {
    format!(
        "I can't {what} in <#{channel}>: I'm missing {} there. Give me (or my role) {} in the \
         channel's permissions and try again.",
        listing(missing),
        if missing.len() == 1 {
            "that permission"
        } else {
            "those permissions"
        }
    )
}

/// "**A**", "**A** and **B**", "**A**, **B** and **C**".
pub(super) fn listing(names: &[&str]) -> String {
    let bold: Vec<String> = names.iter().map(|n| format!("**{n}**")).collect();
    match bold.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const C: i64 = 42;

    fn role(everyone: bool, managed: bool, mentionable: bool) -> RoleInfo {
        RoleInfo {
            id: 7,
            name: "Watchers".into(),
            everyone,
            managed,
            mentionable,
        }
    }

    #[test]
    fn a_moderator_manages_the_target_channel() {
        assert!(moderator(C, ChannelAccess::ALL).is_ok());
        let member = ChannelAccess {
            view: true,
            send: true,
            ..ChannelAccess::default()
        };
        let refusal = moderator(C, member).unwrap_err().to_string();
        assert!(refusal.contains("Manage Channels"), "{refusal}");
        assert!(refusal.contains("<#42>"), "{refusal}");
    }

    #[test]
    fn other_servers_and_unknown_channels_are_refused() {
        assert!(in_this_server(C, Whereabouts::ThisServer).is_ok());
        let other = in_this_server(C, Whereabouts::OtherServer)
            .unwrap_err()
            .to_string();
        assert!(other.contains("not a channel of this server"), "{other}");
        let unknown = in_this_server(C, Whereabouts::Unknown)
            .unwrap_err()
            .to_string();
        assert!(unknown.contains("can't find"), "{unknown}");
    }

    #[test]
    fn the_bot_says_every_permission_it_lacks() {
        assert!(bot_can(C, Work::Answer, ChannelAccess::ALL).is_ok());
        let nothing = bot_can(C, Work::Answer, ChannelAccess::default())
            .unwrap_err()
            .to_string();
        assert!(
            nothing.contains(
                "**View Channel**, **Send Messages**, **Embed Links** and **Read Message History**"
            ),
            "{nothing}"
        );
        let no_embeds = ChannelAccess {
            embed: false,
            ..ChannelAccess::ALL
        };
        let text = bot_can(C, Work::Alert, no_embeds).unwrap_err().to_string();
        assert!(text.contains("post alerts in <#42>"), "{text}");
        assert!(
            text.contains("**Embed Links** there") && !text.contains("** and **"),
            "{text}"
        );
        // Alerts are new messages, not replies: history is not needed.
        let no_history = ChannelAccess {
            read_history: false,
            ..ChannelAccess::ALL
        };
        assert!(bot_can(C, Work::Alert, no_history).is_ok());
        assert!(bot_can(C, Work::Answer, no_history).is_err());
    }

    #[test]
    fn roles_that_cannot_be_an_audience_are_refused() {
        let plain = ChannelAccess {
            mention_everyone: false,
            ..ChannelAccess::ALL
        };
        assert!(alert_role(C, &role(false, false, true), plain).is_ok());
        let everyone = alert_role(C, &role(true, false, true), ChannelAccess::ALL).unwrap_err();
        assert!(everyone.to_string().contains("@everyone"), "{everyone}");
        let managed = alert_role(C, &role(false, true, true), ChannelAccess::ALL).unwrap_err();
        assert!(managed.to_string().contains("managed"), "{managed}");
        let silent = alert_role(C, &role(false, false, false), plain).unwrap_err();
        assert!(silent.to_string().contains("mentionable"), "{silent}");
        // The bot may ping any role with Mention @everyone, @here and All Roles.
        assert!(alert_role(C, &role(false, false, false), ChannelAccess::ALL).is_ok());
    }

    #[test]
    fn listings_read_as_english() {
        assert_eq!(listing(&["A"]), "**A**");
        assert_eq!(listing(&["A", "B"]), "**A** and **B**");
        assert_eq!(listing(&["A", "B", "C"]), "**A**, **B** and **C**");
    }
}
