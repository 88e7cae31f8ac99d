//! Reply model → serenity builders. Every message allows no mentions.

use poise::serenity_prelude as serenity;
use serenity::{
    CreateAllowedMentions, CreateAttachment, CreateEmbed, CreateEmbedFooter, CreateMessage,
    EditMessage,
};

use crate::reply::{Embed, Reply};

/// No @everyone, no roles, no users, no replied-to author.
pub fn no_mentions() -> CreateAllowedMentions {
    CreateAllowedMentions::new()
        .empty_users()
        .empty_roles()
        .everyone(false)
        .replied_user(false)
}

pub fn embed(e: &Embed) -> CreateEmbed {
    let mut out = CreateEmbed::new();
    if let Some(t) = &e.title {
        out = out.title(t);
    }
    if let Some(u) = &e.url {
        out = out.url(u);
    }
    if let Some(d) = &e.description {
        out = out.description(d);
    }
    if let Some(c) = e.colour {
        out = out.colour(c);
    }
    if let Some(f) = &e.footer {
        out = out.footer(CreateEmbedFooter::new(f));
    }
    if let Some(i) = &e.image {
        out = out.image(i);
    }
    out.fields(
        e.fields
            .iter()
            .map(|f| (f.name.clone(), f.value.clone(), f.inline)),
    )
}

/// A channel message (link replies, alerts).
pub fn message(reply: &Reply) -> CreateMessage {
    let mut m = CreateMessage::new()
        .allowed_mentions(no_mentions())
        .embeds(reply.embeds.iter().map(embed).collect());
    if let Some(c) = &reply.content {
        m = m.content(c);
    }
    for a in &reply.attachments {
        m = m.add_file(CreateAttachment::bytes(a.bytes.clone(), a.filename.clone()));
    }
    m
}

/// A message edit (alerts): content and embeds replaced; no new pings.
pub fn edit(reply: &Reply) -> EditMessage {
    let mut m = EditMessage::new()
        .allowed_mentions(no_mentions())
        .embeds(reply.embeds.iter().map(embed).collect());
    if let Some(c) = &reply.content {
        m = m.content(c);
    }
    m
}

/// An interaction response.
pub fn poise_reply(reply: &Reply) -> poise::CreateReply {
    let mut r = poise::CreateReply::default()
        .allowed_mentions(no_mentions())
        .ephemeral(reply.ephemeral)
        .reply(false);
    if let Some(c) = &reply.content {
        r = r.content(c);
    }
    for e in &reply.embeds {
        r = r.embed(embed(e));
    }
    for a in &reply.attachments {
        r = r.attachment(CreateAttachment::bytes(a.bytes.clone(), a.filename.clone()));
    }
    r
}
