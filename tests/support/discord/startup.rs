//! What a server owner meets on a first start, on demand: a token Discord
//! refuses, an application whose Message Content switch is off (or whose
//! flags say on while the gateway still refuses it), an unreachable gateway.

use super::payloads::APPLICATION_FLAGS;
use super::state::State;
use super::{DiscordSim, INTENT_MESSAGE_CONTENT};

/// GATEWAY_MESSAGE_CONTENT and GATEWAY_MESSAGE_CONTENT_LIMITED.
pub const MESSAGE_CONTENT_FLAGS: u64 = (1 << 18) | (1 << 19);

#[derive(Debug, Default)]
pub struct StartupFaults {
    /// Every authorized REST route answers 401 and IDENTIFY is closed with
    /// 4004, as for a token that was reset in the developer portal.
    pub token_refused: bool,
    /// `flags` of the application (REST and READY) instead of what
    /// `allow_message_content` implies.
    pub application_flags: Option<u64>,
    /// The intents of every IDENTIFY, refused ones included.
    pub identify_intents: Vec<u64>,
}

impl State {
    /// The application's flags: by default they say Message Content is on
    /// exactly when the gateway allows it, as on Discord.
    pub fn application_flags(&self) -> u64 {
        self.startup.application_flags.unwrap_or({
            if self.allow_message_content {
                APPLICATION_FLAGS
            } else {
                APPLICATION_FLAGS & !MESSAGE_CONTENT_FLAGS
            }
        })
    }
}

impl DiscordSim {
    /// Answer 401 to the token from now on (REST) and 4004 on IDENTIFY.
    pub fn refuse_token(&self) {
        self.shared
            .update(|state| state.startup.token_refused = true);
    }

    /// Report these application flags (`GET /applications/@me`, READY)
    /// whatever the gateway allows: e.g. Message Content on while IDENTIFY
    /// with it is still closed with 4014.
    pub fn set_application_flags(&self, flags: u64) {
        self.shared
            .update(|state| state.startup.application_flags = Some(flags));
    }

    /// Hand out a gateway URL nothing listens on (`GET /gateway`): REST
    /// works, the websocket never opens.
    pub fn make_gateway_unreachable(&self) {
        let closed = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free local port");
        // The listener is dropped here: connecting to the port is refused.
        self.shared
            .update(|state| state.gateway_url = format!("ws://{closed}/gw"));
    }

    /// Whether the last IDENTIFY asked for the Message Content intent.
    pub fn asked_for_message_content(&self) -> Option<bool> {
        self.identified_intents()
            .map(|i| i & INTENT_MESSAGE_CONTENT != 0)
    }

    /// The intents of every IDENTIFY, in order, refused ones included.
    pub fn identify_intents(&self) -> Vec<u64> {
        self.shared.lock().startup.identify_intents.clone()
    }
}
