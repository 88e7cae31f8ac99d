-- Trusted sources per server, every sighting of a link, merge reasons and
-- the alert log that `/clashes why` reads.

-- Every time a link is seen: in a server's watched channel, through an
-- explicit request (/clashes summarize, "Key facts") or as a feed's item.
-- 0 stands for "none" in guild/channel/message/feed, so one sighting is one
-- row (a retried job writes nothing new). Kept as long as its clash; a
-- sighting that made no clash is pruned with the rest.
CREATE TABLE sightings (
    id          BIGSERIAL PRIMARY KEY,
    url         TEXT    NOT NULL,
    guild_id    BIGINT  NOT NULL DEFAULT 0,
    channel_id  BIGINT  NOT NULL DEFAULT 0,
    message_id  BIGINT  NOT NULL DEFAULT 0,
    feed_id     BIGINT  NOT NULL DEFAULT 0,
    -- 'channel' (a member's message in a watched channel), 'request', 'feed'.
    origin      TEXT    NOT NULL,
    article_id  BIGINT  REFERENCES articles(id) ON DELETE CASCADE,
    clash_id    BIGINT  REFERENCES clashes(id) ON DELETE CASCADE,
    -- Registrable domain of the final URL (of the link itself when unread).
    domain      TEXT    NOT NULL,
    -- 'clash', 'not_clash' or 'error'.
    outcome     TEXT    NOT NULL,
    error       TEXT,
    fetched_at  BIGINT,
    seen_at     BIGINT  NOT NULL
);
CREATE UNIQUE INDEX sightings_once ON sightings(url, guild_id, channel_id, message_id, feed_id);
CREATE INDEX sightings_clash ON sightings(clash_id, guild_id);
CREATE INDEX sightings_article ON sightings(article_id, guild_id);
CREATE INDEX sightings_seen ON sightings(seen_at);

-- The registrable domain of the URL an article was finally read from
-- (after redirects): what trusted domains match.
CREATE TABLE article_domains (
    article_id BIGINT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    domain     TEXT   NOT NULL,
    final_url  TEXT   NOT NULL
);
CREATE INDEX article_domains_domain ON article_domains(domain);

-- A server's own choices: trusted = 1 adds a domain, 0 removes a default.
CREATE TABLE trusted_domains (
    guild_id   BIGINT NOT NULL,
    domain     TEXT   NOT NULL,
    trusted    BIGINT NOT NULL,
    changed_by BIGINT NOT NULL,
    changed_at BIGINT NOT NULL,
    PRIMARY KEY (guild_id, domain)
);
-- Which servers trust a domain: how a clash's alerts are queued.
CREATE INDEX trusted_domains_domain ON trusted_domains(domain, guild_id);

-- The default list (config/trusted_sources.toml), written at start.
CREATE TABLE default_trusted_domains (
    domain TEXT PRIMARY KEY
);

-- Why an article joined its clash (or started it).
ALTER TABLE clash_sources ADD COLUMN merge_reason TEXT;

-- What happened to each alert: posted, edited, failed, deleted.
CREATE TABLE alert_log (
    id              BIGSERIAL PRIMARY KEY,
    subscription_id BIGINT NOT NULL,
    clash_id        BIGINT NOT NULL REFERENCES clashes(id) ON DELETE CASCADE,
    channel_id      BIGINT NOT NULL,
    event           TEXT   NOT NULL,
    detail          TEXT,
    at              BIGINT NOT NULL
);
CREATE INDEX alert_log_clash ON alert_log(clash_id, subscription_id);
CREATE INDEX alert_log_at ON alert_log(at);

-- Links read before this migration: their jobs (kept for the retention
-- period) say where they were seen, so a server keeps trusting what its
-- members posted. Their domain is unknown here (it needs the public suffix
-- list): trust by domain starts with the articles read from now on.
INSERT INTO sightings (url, guild_id, channel_id, message_id, feed_id, origin, article_id,
                       clash_id, domain, outcome, error, fetched_at, seen_at)
SELECT j.url, COALESCE(j.guild_id, 0), j.channel_id, j.message_id, 0,
       CASE WHEN j.explicit = 1 THEN 'request' ELSE 'channel' END,
       j.article_id, cs.clash_id, '',
       CASE WHEN j.state = 'failed' THEN 'error'
            WHEN f.is_clash_report = 1 THEN 'clash'
            ELSE 'not_clash' END,
       j.error, a.fetched_at, j.updated_at
FROM jobs j
LEFT JOIN clash_sources cs ON cs.article_id = j.article_id
LEFT JOIN articles a ON a.id = j.article_id
LEFT JOIN facts f ON f.article_id = j.article_id
WHERE j.state IN ('done', 'failed')
ON CONFLICT DO NOTHING;
