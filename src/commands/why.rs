//! `/clashes why <url or clash id>` (moderators, ephemeral): everything the
//! bot decided about one article or clash in this server, in order — where
//! it was seen, when it was read, what came out, which clash it joined and
//! why, and for each of this server's subscriptions whether an alert was
//! sent, edited, or not sent and why. Other servers are counted, never
//! named: their channels and messages stay theirs.

use std::collections::BTreeMap;

use super::CommandError;
use crate::article::links;
use crate::reply::{self, Embed, Reply, INFO_COLOUR};
use crate::store::{
    self, ClashRow, Origin, Outcome, Sighting, Store, SubscriptionState, TrustedSource,
};

/// Lines kept before the answer is cut (Discord's embed description limit).
const MAX_CHARS: usize = reply::limits::DESCRIPTION - 200;

fn when(t: i64) -> String {
    format!("<t:{t}:f>")
}

fn fetched(t: i64, domain: &str) -> String {
    if domain.is_empty() {
        format!("• fetched {}", when(t))
    } else {
        format!("• fetched {} from {}", when(t), reply::escape(domain))
    }
}

/// Where one of this server's sightings was, in its own terms.
fn place(s: &Sighting, guild_id: i64) -> String {
    match s.origin {
        Origin::Channel => match (s.channel_id, s.message_id) {
            (Some(c), Some(m)) => format!(
                "a member's message in <#{c}> (https://discord.com/channels/{guild_id}/{c}/{m})"
            ),
            (Some(c), None) => format!("a member's message in <#{c}>"),
            _ => "a member's message in a watched channel".to_string(),
        },
        Origin::Request => match s.channel_id {
            Some(c) => format!("`/clashes summarize` or \"Key facts\" in <#{c}>"),
            None => "`/clashes summarize` or \"Key facts\"".to_string(),
        },
        Origin::Feed => match s.feed_id {
            Some(f) => format!("an item of this server's feed #{f}"),
            None => "an item of one of this server's feeds".to_string(),
        },
    }
}

/// The sightings part: this server's in full, other servers' as a count.
fn seen_lines(sightings: &[Sighting], guild_id: i64, out: &mut Vec<String>) {
    let mut elsewhere = 0;
    for s in sightings {
        if s.guild_id == Some(guild_id) {
            out.push(format!(
                "• {} seen in {}",
                when(s.seen_at),
                place(s, guild_id)
            ));
        } else {
            elsewhere += 1;
        }
    }
    if elsewhere > 0 {
        out.push(format!(
            "• seen {elsewhere} time{} elsewhere (other servers or feeds; not named here)",
            if elsewhere == 1 { "" } else { "s" }
        ));
    }
}

/// `/clashes why <target>` in `guild_id`: a link (any form of it) or a
/// clash id.
pub async fn why(store: &Store, guild_id: i64, target: &str) -> Result<Reply, CommandError> {
    let target = target.trim().trim_matches(|c| c == '<' || c == '>');
    let mut lines = Vec::new();
    let title;
    let clash = if target.contains("://") {
        let url = match links::canonicalize(target) {
            Ok(u) => u.to_string(),
            Err(e) => return Ok(Reply::ephemeral_text(e.to_string())),
        };
        title = format!("Why: {}", reply::truncate(&url, 200));
        article_lines(store, guild_id, &url, &mut lines).await?
    } else {
        let row = store
            .clash_by_short_id(target)
            .await?
            .ok_or_else(|| CommandError::UnknownClash(target.to_string()))?;
        title = format!("Why: clash {}", row.short_id);
        Some(row)
    };
    if let Some(clash) = clash {
        clash_lines(store, guild_id, &clash, &mut lines).await?;
    }
    Ok(render(title, lines))
}

/// What happened to one link; returns its clash.
async fn article_lines(
    store: &Store,
    guild_id: i64,
    url: &str,
    out: &mut Vec<String>,
) -> Result<Option<ClashRow>, CommandError> {
    let sightings = store.sightings_of_url(url).await?;
    let here: Vec<&Sighting> = sightings
        .iter()
        .filter(|s| s.guild_id == Some(guild_id))
        .collect();
    out.push("**Seen**".to_string());
    if sightings.is_empty() && store.reads_in_flight(url, guild_id).await?.is_empty() {
        out.push(
            "• I have no record of this link: nobody posted it where I read links, and \
                  nobody asked me about it."
                .to_string(),
        );
    } else {
        seen_lines(&sightings, guild_id, out);
    }
    for job in store.reads_in_flight(url, guild_id).await? {
        out.push(match (&job.error, job.running) {
            (_, true) => format!("• being read now (posted in <#{}>)", job.channel_id),
            (Some(e), false) => format!(
                "• posted in <#{}>: reading failed for now ({}); attempt {} is due {}",
                job.channel_id,
                reply::escape(e),
                job.attempts + 1,
                format_args!("<t:{}:R>", job.next_attempt_at)
            ),
            (None, false) => format!(
                "• posted in <#{}>: queued behind other links",
                job.channel_id
            ),
        });
    }
    // What reading it gave: this server's sighting when it has one (the
    // outcome is the article's, the same for everyone).
    let Some(latest) = here.last().copied().or(sightings.last()) else {
        return Ok(None);
    };
    out.push("**Read**".to_string());
    match &latest.outcome {
        Outcome::Error(e) => {
            out.push(format!("• could not be read: {}", reply::escape(e)));
            return Ok(None);
        }
        Outcome::NotClash => {
            if let Some(t) = latest.fetched_at {
                out.push(fetched(t, &latest.domain));
            }
            out.push("• not a report of fighting: no clash, no alert".to_string());
            return Ok(None);
        }
        Outcome::Clash => {
            if let Some(t) = latest.fetched_at {
                out.push(fetched(t, &latest.domain));
            }
        }
    }
    let Some(article_id) = latest.article_id else {
        return Ok(None);
    };
    if let Some(stored) = store.article(article_id).await? {
        let figures = reply::casualty_lines(&stored.facts);
        out.push(format!(
            "• a clash report: {}",
            if figures.is_empty() {
                "no casualty figures".to_string()
            } else {
                figures.join("; ")
            }
        ));
    }
    let clash = store.clash_of_article(article_id).await?;
    if let Some(c) = &clash {
        let sources = store.sources_in_guild(c.id, guild_id).await?;
        if let Some(me) = sources.iter().find(|s| s.article_id == article_id) {
            out.push(format!(
                "• clash `{}`: {}",
                c.short_id,
                reply::escape(
                    me.merge_reason
                        .as_deref()
                        .unwrap_or("joined (reason not recorded)")
                )
            ));
        }
    }
    Ok(clash)
}

/// Why a source counts, or not, in this server.
fn trust_text(source: &TrustedSource, own: &[&Sighting], guild_id: i64) -> String {
    if let Some(s) = own.first() {
        return format!("trusted here: {}", place(s, guild_id));
    }
    if source.trusted {
        return "trusted here: its domain is on this server's list".to_string();
    }
    "**not trusted here** (seen only elsewhere, or asked about; its domain is not on this \
     server's list)"
        .to_string()
}

async fn clash_lines(
    store: &Store,
    guild_id: i64,
    clash: &ClashRow,
    out: &mut Vec<String>,
) -> Result<(), CommandError> {
    out.push(format!(
        "**Clash `{}`** — {}",
        clash.short_id,
        reply::escape(&reply::truncate(&clash.summary.title, 120))
    ));
    let sources = store.sources_in_guild(clash.id, guild_id).await?;
    let sightings = store.sightings_of_clash(clash.id).await?;
    for source in &sources {
        let own: Vec<&Sighting> = sightings
            .iter()
            .filter(|s| {
                s.article_id == Some(source.article_id)
                    && s.guild_id == Some(guild_id)
                    && matches!(s.origin, Origin::Channel | Origin::Feed)
            })
            .collect();
        let domain = source
            .domain
            .clone()
            .unwrap_or_else(|| source.figures.site.clone());
        out.push(format!(
            "• {} {} — killed {}, injured {} — {}; {}",
            when(source.added_at),
            reply::escape(&domain),
            source.figures.killed,
            source.figures.injured,
            trust_text(source, &own, guild_id),
            reply::escape(source.merge_reason.as_deref().unwrap_or("joined"))
        ));
    }
    let trusted: Vec<_> = sources
        .iter()
        .filter(|s| s.trusted)
        .map(|s| s.figures.clone())
        .collect();
    if trusted.is_empty() {
        out.push(
            "• **No source of this clash is trusted here**: it alerts nobody in this server. \
             Trusting one of its domains (`/sources trust`) or a member posting it in a watched \
             channel changes that."
                .to_string(),
        );
    } else {
        let (k, i, n) = store::shown_of(&trusted);
        out.push(format!(
            "• figures here, from the {n} trusted source{}: killed {}, injured {}",
            if n == 1 { "" } else { "s" },
            k.display(),
            i.display()
        ));
    }
    out.push("**Alerts in this server**".to_string());
    let states = store.subscription_states(guild_id, clash.id).await?;
    if states.is_empty() {
        out.push("• this server has no alert subscriptions (`/alerts subscribe`)".to_string());
    }
    let log = store.alert_log(guild_id, clash.id).await?;
    let mut by_sub: BTreeMap<i64, Vec<String>> = BTreeMap::new();
    for e in &log {
        by_sub.entry(e.subscription_id).or_default().push(format!(
            "{} {}{}",
            e.event,
            when(e.at),
            e.detail
                .as_deref()
                .map(|d| format!(" ({})", reply::escape(d)))
                .unwrap_or_default()
        ));
    }
    let now = store::now();
    for st in &states {
        let sub = &st.subscription;
        let mut line = format!(
            "• <#{}> · {}{}: {}",
            sub.channel_id,
            reply::escape(&sub.region),
            if sub.min_killed > 0 {
                format!(" (at least {} killed)", sub.min_killed)
            } else {
                String::new()
            },
            decision(st, now)
        );
        if let Some(events) = by_sub.get(&sub.id) {
            line.push_str(&format!(" — {}", events.join("; ")));
        }
        out.push(line);
    }
    Ok(())
}

/// What was decided for one subscription, in words.
fn decision(st: &SubscriptionState, now: i64) -> String {
    let sub = &st.subscription;
    if let Some((state, message, error)) = &st.delivery {
        return match state.as_str() {
            "sent" => "alert sent".to_string(),
            "edit" => "alert sent; an edit with new figures is due".to_string(),
            "failed" => format!(
                "not sent: {}",
                reply::escape(error.as_deref().unwrap_or("it failed"))
            ),
            _ if message.is_some() => "alert sent; being updated".to_string(),
            _ => match st.next_post_at.filter(|t| *t > now) {
                Some(t) => {
                    format!("queued: waiting for the channel's spacing (next alert <t:{t}:R>)")
                }
                None if sub.paused => "queued, but alerts are paused in that channel".to_string(),
                None => "queued: being sent".to_string(),
            },
        };
    }
    if !st.in_region {
        return format!(
            "not sent: the clash is not in {}",
            reply::escape(&sub.region)
        );
    }
    if sub.paused {
        return format!(
            "not sent: alerts are paused in that channel{}",
            sub.paused_reason
                .as_deref()
                .map(|r| format!(" ({})", reply::escape(r)))
                .unwrap_or_default()
        );
    }
    match st.trusted_killed_max {
        None => "not sent: no source this server trusts".to_string(),
        Some(k) if k < sub.min_killed => format!(
            "not sent: below the threshold ({k} killed by the trusted sources, at least {} asked)",
            sub.min_killed
        ),
        Some(_) => "not sent yet: due at the next check".to_string(),
    }
}

/// The answer as one ephemeral embed, cut clearly when it is too long.
fn render(title: String, lines: Vec<String>) -> Reply {
    let mut text = String::new();
    let mut left = 0;
    for (i, line) in lines.iter().enumerate() {
        if text.chars().count() + line.chars().count() + 1 > MAX_CHARS {
            left = lines.len() - i;
            break;
        }
        text.push_str(line);
        text.push('\n');
    }
    if left > 0 {
        text.push_str(&format!(
            "… {left} more line{} not shown: ask about a single link or clash id for the rest.",
            if left == 1 { "" } else { "s" }
        ));
    }
    Reply {
        embeds: vec![Embed {
            title: Some(reply::truncate(&title, reply::limits::TITLE)),
            description: Some(text),
            colour: Some(INFO_COLOUR),
            footer: Some("Only this server's channels are named · clashwatch".to_string()),
            ..Embed::default()
        }],
        ephemeral: true,
        ..Reply::default()
    }
    .fit()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_answer_is_cut_clearly_within_discord_limits() {
        let lines: Vec<String> = (0..400)
            .map(|i| format!("• line {i} {}", "x".repeat(40)))
            .collect();
        let r = render("Why: clash abc".into(), lines);
        let d = r.embeds[0].description.clone().unwrap_or_default();
        assert!(
            d.chars().count() <= reply::limits::DESCRIPTION,
            "{}",
            d.len()
        );
        assert!(d.contains("more lines not shown"), "{d}");
        assert!(r.ephemeral);
    }
}
