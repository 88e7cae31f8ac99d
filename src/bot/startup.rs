//! What happens before the gateway opens, in a server owner's words: the
//! token is checked first (a refused token stops the bot with that said), an
//! unreachable Discord is retried with backoff and one plain line a try, the
//! application's flags decide whether the Message Content intent is asked
//! for, and the invite URL is logged. Everything here gives way to a stop
//! signal at once.

use std::error::Error as StdError;
use std::future::Future;
use std::time::Duration;

use anyhow::anyhow;
use poise::serenity_prelude as serenity;
use serenity::{GatewayIntents, Http, HttpError};
use tokio_util::sync::CancellationToken;
use tracing::{info, warn};

use super::Connection;

/// Discord's answer takes longer than this only when something is wrong.
const ATTEMPT_TIMEOUT: Duration = Duration::from_secs(20);
/// Waits between tries: 1, 2, 4 ... seconds, never more than a minute.
const FIRST_WAIT: Duration = Duration::from_secs(1);
const LONGEST_WAIT: Duration = Duration::from_secs(60);

/// The application flags that mean "Message Content Intent" is switched on
/// in the developer portal (one for bots in 100 servers or more, one for the
/// rest). Read as bits: serenity's named constant for bit 19 is ambiguous.
const MESSAGE_CONTENT_FLAGS: u64 = (1 << 18) | (1 << 19);

/// What the bot may do in a channel, as the invite URL asks for it: View
/// Channels, Send Messages, Embed Links, Attach Files (the stats chart), Read
/// Message History.
pub const INVITE_PERMISSIONS: u64 = (1 << 10) | (1 << 11) | (1 << 14) | (1 << 15) | (1 << 16);

/// What the checks found.
#[derive(Debug, Clone)]
pub struct Checked {
    pub application_id: u64,
    pub bot_name: String,
    /// The Message Content intent is switched on for the application (or
    /// Discord did not say, and asking is how to find out).
    pub message_content: bool,
}

/// How one try went wrong.
#[derive(Debug)]
pub enum Failure {
    /// Worth trying again: no connection, a timeout, a 5xx or 429.
    Temporary(String),
    /// Trying again would repeat it: a refused token, a bad request.
    Fatal(anyhow::Error),
}

/// Check the token, read the application and make sure the gateway can be
/// reached. `Ok(None)`: `shutdown` came first.
pub async fn check(
    http: &Http,
    conn: &Connection,
    shutdown: &CancellationToken,
) -> anyhow::Result<Option<Checked>> {
    let api = api_base(conn);
    // The token first: nothing else is worth doing with one Discord refuses.
    let Some(user) = retrying(shutdown, &api, || async {
        http.get_current_user().await.map_err(classify)
    })
    .await?
    else {
        return Ok(None);
    };
    let Some(app) = retrying(shutdown, &api, || async {
        http.get_current_application_info().await.map_err(classify)
    })
    .await?
    else {
        return Ok(None);
    };
    http.set_application_id(app.id);
    let checked = Checked {
        application_id: app.id.get(),
        bot_name: user.name.clone(),
        message_content: app
            .flags
            .is_none_or(|f| f.bits() & MESSAGE_CONTENT_FLAGS != 0),
    };
    info!(
        bot = %checked.bot_name,
        "token accepted; to add the bot to a server open {}",
        invite_url(checked.application_id)
    );
    if !checked.message_content {
        warn!("{}", message_content_off(checked.application_id));
    }
    let Some(gateway) = retrying(shutdown, &api, || async {
        http.get_gateway().await.map_err(classify)
    })
    .await?
    else {
        return Ok(None);
    };
    let place = format!("Discord's gateway at {}", gateway.url);
    if retrying(shutdown, &place, || probe(&gateway.url))
        .await?
        .is_none()
    {
        return Ok(None);
    }
    Ok(Some(checked))
}

/// The intents to ask for: servers and their messages, and the messages'
/// content (privileged) only when the application may have it.
pub fn intents(message_content: bool) -> GatewayIntents {
    let base = GatewayIntents::GUILDS | GatewayIntents::GUILD_MESSAGES;
    if message_content {
        base | GatewayIntents::MESSAGE_CONTENT
    } else {
        base
    }
}

/// The URL that adds the bot to a server with the commands and the
/// permissions it uses.
pub fn invite_url(application_id: u64) -> String {
    format!(
        "https://discord.com/oauth2/authorize?client_id={application_id}\
         &scope=bot+applications.commands&permissions={INVITE_PERMISSIONS}"
    )
}

/// Logged once when the bot runs without the Message Content intent.
pub fn message_content_off(application_id: u64) -> String {
    format!(
        "the Message Content intent is off, so I can't read the links members post in watched \
         channels; slash commands and the Key facts menu still work. To turn it on: open \
         https://discord.com/developers/applications/{application_id}/bot, switch on \
         \"Message Content Intent\" under Privileged Gateway Intents, save, and restart clashwatch"
    )
}

/// What a gateway error that ends the bot means, with what to do about it.
/// `None` for errors that are not the gateway refusing us.
pub fn fatal_gateway_error(e: &serenity::Error) -> Option<anyhow::Error> {
    use serenity::GatewayError as G;
    let serenity::Error::Gateway(g) = e else {
        return None;
    };
    Some(match g {
        G::InvalidAuthentication => anyhow!(
            "Discord refused the token when connecting to the gateway (close code 4004, \
             authentication failed): {}",
            TOKEN_ADVICE
        ),
        G::DisallowedGatewayIntents => anyhow!(
            "Discord refused a privileged intent (close code 4014, disallowed intents): switch on \
             the intents the bot needs under Bot → Privileged Gateway Intents in the developer \
             portal"
        ),
        G::InvalidGatewayIntents => anyhow!(
            "Discord says the intents asked for are invalid (close code 4013); this is a bug in \
             clashwatch, please report it"
        ),
        _ => return None,
    })
}

const TOKEN_ADVICE: &str = "check DISCORD_TOKEN (in the environment or .env): copy the token \
     again from the developer portal, your application → Bot → Reset Token";

fn api_base(conn: &Connection) -> String {
    let base = conn.api_url.as_deref().unwrap_or("https://discord.com");
    format!("Discord at {base}")
}

/// Run `attempt` until it succeeds, fails for good, or `shutdown` comes.
/// Each failed try is logged once, in plain words, with the wait before the
/// next.
pub async fn retrying<T, F, Fut>(
    shutdown: &CancellationToken,
    what: &str,
    mut attempt: F,
) -> anyhow::Result<Option<T>>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, Failure>>,
{
    let mut tries = 0u32;
    loop {
        let outcome = tokio::select! {
            _ = shutdown.cancelled() => return Ok(None),
            r = tokio::time::timeout(ATTEMPT_TIMEOUT, attempt()) => r,
        };
        let reason = match outcome {
            Ok(Ok(value)) => {
                if tries > 0 {
                    info!("{what} answered after {tries} failed tries");
                }
                return Ok(Some(value));
            }
            Ok(Err(Failure::Fatal(e))) => return Err(e),
            Ok(Err(Failure::Temporary(reason))) => reason,
            Err(_) => format!("no answer within {} s", ATTEMPT_TIMEOUT.as_secs()),
        };
        tries += 1;
        let wait = backoff(tries);
        warn!(
            "cannot reach {what}: {reason}; trying again in {} s (try {tries})",
            wait.as_secs()
        );
        tokio::select! {
            _ = shutdown.cancelled() => return Ok(None),
            _ = tokio::time::sleep(wait) => {}
        }
    }
}

/// The wait after the `tries`-th failure.
fn backoff(tries: u32) -> Duration {
    FIRST_WAIT
        .saturating_mul(1 << tries.saturating_sub(1).min(6))
        .min(LONGEST_WAIT)
}

/// Sort a REST error into "try again" and "give up", in plain words.
pub fn classify(e: serenity::Error) -> Failure {
    match &e {
        serenity::Error::Http(HttpError::UnsuccessfulRequest(r)) => {
            let status = r.status_code.as_u16();
            let said = r.error.message.trim();
            match status {
                401 => Failure::Fatal(anyhow!(
                    "Discord refused the token: {said} (HTTP 401); {TOKEN_ADVICE}"
                )),
                429 | 500..=599 => {
                    Failure::Temporary(format!("Discord answered HTTP {status} ({said})"))
                }
                _ => Failure::Fatal(anyhow!(
                    "Discord answered HTTP {status} to {} {}: {said}",
                    r.method,
                    r.url
                )),
            }
        }
        serenity::Error::Http(HttpError::Request(req)) => Failure::Temporary(plain_reason(req)),
        _ => Failure::Fatal(anyhow!("talking to Discord failed: {}", plain_reason(&e))),
    }
}

/// The most specific cause of an error, once: serenity and reqwest wrap the
/// same failure in two or three layers that each repeat a generic sentence
/// ("Error while sending HTTP request."), and the innermost one says what
/// actually happened ("Connection refused").
pub fn plain_reason(e: &(dyn StdError + 'static)) -> String {
    let mut innermost: &(dyn StdError + 'static) = e;
    while let Some(next) = innermost.source() {
        innermost = next;
    }
    let text = innermost.to_string();
    // "(os error 111)" means nothing to a person.
    let text = match text.find(" (os error ") {
        Some(at) => &text[..at],
        None => &text,
    };
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => "unknown error".to_string(),
    }
}

/// Whether a TCP connection to the gateway's host opens: serenity would
/// otherwise retry an unreachable gateway every 5 s with a debug-formatted
/// error, and ignore a stop while it does.
async fn probe(gateway: &str) -> Result<(), Failure> {
    let url = url::Url::parse(gateway)
        .map_err(|e| Failure::Fatal(anyhow!("Discord gave a bad gateway URL {gateway:?}: {e}")))?;
    let host = url
        .host_str()
        .ok_or_else(|| Failure::Fatal(anyhow!("Discord gave a gateway URL without a host")))?
        .trim_matches(|c| c == '[' || c == ']')
        .to_string();
    let port = url.port_or_known_default().unwrap_or(443);
    match tokio::net::TcpStream::connect((host.as_str(), port)).await {
        Ok(_) => Ok(()),
        Err(e) => Err(Failure::Temporary(plain_reason(&e))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_grow_to_a_minute() {
        let secs: Vec<u64> = (1..=9).map(|t| backoff(t).as_secs()).collect();
        assert_eq!(secs, [1, 2, 4, 8, 16, 32, 60, 60, 60]);
    }

    #[test]
    fn intents_follow_the_flag() {
        assert!(intents(true).contains(GatewayIntents::MESSAGE_CONTENT));
        assert!(!intents(false).contains(GatewayIntents::MESSAGE_CONTENT));
        assert!(intents(false).contains(GatewayIntents::GUILD_MESSAGES));
    }

    #[test]
    fn invite_asks_for_commands_and_the_permissions_used() {
        let url = invite_url(42);
        assert!(url.contains("client_id=42"), "{url}");
        assert!(url.contains("scope=bot+applications.commands"), "{url}");
        assert!(url.contains("permissions=117760"), "{url}");
    }

    #[test]
    fn the_innermost_cause_once_without_os_error_numbers() {
        let io = std::io::Error::new(
            std::io::ErrorKind::ConnectionRefused,
            "Connection refused (os error 111)",
        );
        assert_eq!(plain_reason(&io), "connection refused");
    }

    #[test]
    fn fatal_close_codes_say_what_they_mean() {
        let refused = serenity::Error::Gateway(serenity::GatewayError::InvalidAuthentication);
        let said = format!("{:#}", fatal_gateway_error(&refused).expect("fatal"));
        assert!(said.starts_with("Discord refused the token"), "{said}");
        assert!(said.contains("4004"), "{said}");
        let intents = serenity::Error::Gateway(serenity::GatewayError::InvalidGatewayIntents);
        let said = format!("{:#}", fatal_gateway_error(&intents).expect("fatal"));
        assert!(said.contains("4013"), "{said}");
        let other = serenity::Error::Gateway(serenity::GatewayError::HeartbeatFailed);
        assert!(fatal_gateway_error(&other).is_none());
    }

    #[tokio::test]
    async fn a_stop_ends_the_retries() {
        let shutdown = CancellationToken::new();
        let stopper = shutdown.clone();
        tokio::spawn(async move {
            tokio::time::sleep(Duration::from_millis(50)).await;
            stopper.cancel();
        });
        let result: anyhow::Result<Option<()>> = retrying(&shutdown, "nowhere", || async {
            Err(Failure::Temporary("connection refused".into()))
        })
        .await;
        assert!(matches!(result, Ok(None)));
    }
}
