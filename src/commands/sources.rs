//! `/sources trust|untrust|list`: the domains a server trusts for alerts,
//! and how a clash looks from one server (only its trusted sources'
//! figures).

use super::CommandError;
use crate::clashes::SourceFigures;
use crate::reply::{self, Reply};
use crate::store::{ClashRow, Store};
use crate::trust;

/// `/sources trust <domain>`. `since`: clashes first seen after it that the
/// domain now makes trusted get their alerts.
pub async fn trust(
    store: &Store,
    guild_id: i64,
    input: &str,
    by: i64,
    since: i64,
) -> Result<Reply, CommandError> {
    let domain = match trust::parse_domain_input(input) {
        Ok(d) => d,
        Err(e) => return Ok(Reply::ephemeral_text(e.to_string())),
    };
    let changed = store.set_trust(guild_id, &domain, true, by, since).await?;
    Ok(Reply::ephemeral_text(if changed {
        format!(
            "I now trust **{}** here (subdomains included): clashes reported by it can alert this \
             server's subscriptions, with its figures.",
            reply::escape(&domain)
        )
    } else {
        format!("**{}** is already trusted here.", reply::escape(&domain))
    }))
}

/// `/sources untrust <domain>`.
pub async fn untrust(
    store: &Store,
    guild_id: i64,
    input: &str,
    by: i64,
) -> Result<Reply, CommandError> {
    let domain = match trust::parse_domain_input(input) {
        Ok(d) => d,
        Err(e) => return Ok(Reply::ephemeral_text(e.to_string())),
    };
    let changed = store.set_trust(guild_id, &domain, false, by, 0).await?;
    Ok(Reply::ephemeral_text(if changed {
        format!(
            "I no longer trust **{}** here: its articles still add to clashes, but no longer \
             alert this server or count in its alerts' figures. Links your members post in \
             watched channels stay trusted.",
            reply::escape(&domain)
        )
    } else {
        format!(
            "**{}** was not trusted here. `/sources list` shows what is.",
            reply::escape(&domain)
        )
    }))
}

/// `/sources list`: the defaults (minus what the server removed) and the
/// server's own additions.
pub async fn list(store: &Store, guild_id: i64) -> Result<Reply, CommandError> {
    let defaults = store.default_trusted().await?;
    let choices = store.trust_choices(guild_id).await?;
    let removed: Vec<&str> = choices
        .iter()
        .filter(|c| !c.trusted)
        .map(|c| c.domain.as_str())
        .collect();
    let added: Vec<&str> = choices
        .iter()
        .filter(|c| c.trusted)
        .map(|c| c.domain.as_str())
        .collect();
    let kept: Vec<&str> = defaults
        .iter()
        .map(String::as_str)
        .filter(|d| !removed.contains(d))
        .collect();
    let mut text = String::from(
        "Alerts here come only from clashes with a source this server trusts: links posted in \
         its watched channels, items of its feeds, and these domains.\n",
    );
    let join = |v: &[&str]| {
        v.iter()
            .map(|d| reply::escape(d))
            .collect::<Vec<_>>()
            .join(", ")
    };
    if !added.is_empty() {
        text.push_str(&format!("**Added here:** {}\n", join(&added)));
    }
    if !removed.is_empty() {
        text.push_str(&format!("**Defaults removed here:** {}\n", join(&removed)));
    }
    text.push_str(&format!(
        "**Defaults ({}):** {}",
        kept.len(),
        if kept.is_empty() {
            "none".to_string()
        } else {
            join(&kept)
        }
    ));
    Ok(Reply::ephemeral_text(reply::truncate(
        &text,
        reply::limits::CONTENT,
    )))
}

/// A clash as one server sees it: the headline figures and source count
/// of the sources it trusts. `None` when it trusts none of them.
pub async fn as_seen_in(
    store: &Store,
    row: &ClashRow,
    guild_id: i64,
) -> Result<Option<ClashRow>, CommandError> {
    let trusted: Vec<SourceFigures> = store
        .sources_in_guild(row.id, guild_id)
        .await?
        .into_iter()
        .filter(|s| s.trusted)
        .map(|s| s.figures)
        .collect();
    if trusted.is_empty() {
        return Ok(None);
    }
    Ok(Some(crate::alerts::trusted_view(row.clone(), &trusted)))
}
