-- Feeds a server's moderators added (/feeds add): polled on a schedule kept
-- here, so several processes on one database share the work. `locked_by` /
-- `locked_until` lease one poll to one process; `next_fetch_at` is the
-- schedule (cache hints within the configured bounds, or the backoff).
CREATE TABLE feeds (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    guild_id        BIGINT NOT NULL,
    -- What the moderator gave (a feed, a page advertising one, a Telegram channel).
    url             TEXT   NOT NULL,
    -- What is polled: the feed itself after discovery.
    feed_url        TEXT   NOT NULL,
    kind            TEXT   NOT NULL,
    title           TEXT,
    host            TEXT   NOT NULL,
    channel_id      BIGINT,
    region          TEXT,
    etag            TEXT,
    last_modified   TEXT,
    next_fetch_at   BIGINT NOT NULL,
    locked_by       TEXT,
    locked_until    BIGINT NOT NULL DEFAULT 0,
    failures        BIGINT NOT NULL DEFAULT 0,
    last_fetch_at   BIGINT,
    last_success_at BIGINT NOT NULL,
    last_error      TEXT,
    items_seen      BIGINT NOT NULL DEFAULT 0,
    fetches         BIGINT NOT NULL DEFAULT 0,
    not_modified    BIGINT NOT NULL DEFAULT 0,
    paused          BIGINT NOT NULL DEFAULT 0,
    paused_reason   TEXT,
    created_by      BIGINT NOT NULL,
    created_at      BIGINT NOT NULL,
    UNIQUE (guild_id, feed_url)
);
CREATE INDEX feeds_due ON feeds(paused, next_fetch_at);
CREATE INDEX feeds_host ON feeds(host, locked_until);

-- Every item a feed listed, known by its key (guid, else link, else title
-- and date): an item seen once is never read or posted again. A link-less
-- Telegram post keeps its text in `body`: it is the article. `post_*` is
-- the item's message in the feed's channel, leased to one sender.
CREATE TABLE feed_items (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    feed_id           BIGINT NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
    item_key          TEXT   NOT NULL,
    url               TEXT,
    title             TEXT,
    body              TEXT,
    published         BIGINT,
    job_id            BIGINT,
    post_state        TEXT   NOT NULL DEFAULT 'none',
    post_channel      BIGINT,
    post_message_id   BIGINT,
    post_attempts     BIGINT NOT NULL DEFAULT 0,
    post_next_at      BIGINT NOT NULL DEFAULT 0,
    post_locked_by    TEXT,
    post_locked_until BIGINT NOT NULL DEFAULT 0,
    post_error        TEXT,
    posted_at         BIGINT,
    created_at        BIGINT NOT NULL,
    UNIQUE (feed_id, item_key)
);
CREATE INDEX feed_items_url ON feed_items(feed_id, url);
CREATE INDEX feed_items_post ON feed_items(post_state, post_next_at);
CREATE INDEX feed_items_channel ON feed_items(post_channel, posted_at);

-- When a host may be fetched next (per-host politeness), whichever process polls.
CREATE TABLE feed_hosts (
    host          TEXT PRIMARY KEY,
    next_fetch_at BIGINT NOT NULL
);

-- A feed item's job: `feed_id` names its feed (its `message_id` is the
-- negated feed item id, as no Discord id is negative, so UNIQUE(message_id,
-- url) keeps one job per item and no reply is ever looked for). Members'
-- links (priority 0) are claimed before feed items (priority 1).
ALTER TABLE jobs ADD COLUMN feed_id BIGINT;
ALTER TABLE jobs ADD COLUMN priority BIGINT NOT NULL DEFAULT 0;
