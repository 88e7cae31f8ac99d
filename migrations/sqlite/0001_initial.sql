-- clashwatch schema (SQLite). Times are Unix seconds; Discord ids are i64.
CREATE TABLE articles (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    url           TEXT    NOT NULL UNIQUE,
    title         TEXT,
    site          TEXT,
    author        TEXT,
    published     TEXT,
    language      TEXT,
    body          TEXT    NOT NULL,
    fetched_at    BIGINT  NOT NULL
);

CREATE TABLE facts (
    article_id      BIGINT  PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    is_clash_report BIGINT  NOT NULL,
    event_date      TEXT,
    killed          BIGINT  NOT NULL,
    injured         BIGINT  NOT NULL,
    json            TEXT    NOT NULL,
    extracted_at    BIGINT  NOT NULL
);

-- A clash: one event, reported by one or more articles (its sources).
CREATE TABLE clashes (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    short_id    TEXT    NOT NULL UNIQUE,
    event_date  TEXT,
    -- Event date (else first seen) as Unix seconds: what "recent" sorts by.
    event_at    BIGINT  NOT NULL,
    title       TEXT    NOT NULL,
    countries   TEXT    NOT NULL,
    regions     TEXT    NOT NULL,
    parties     TEXT    NOT NULL,
    places      TEXT    NOT NULL,
    killed_min  BIGINT  NOT NULL,
    killed_max  BIGINT  NOT NULL,
    injured_min BIGINT  NOT NULL,
    injured_max BIGINT  NOT NULL,
    sources     BIGINT  NOT NULL,
    url         TEXT    NOT NULL,
    first_seen  BIGINT  NOT NULL,
    updated_at  BIGINT  NOT NULL
);
CREATE INDEX clashes_event_at ON clashes(event_at, id);

CREATE TABLE clash_sources (
    clash_id   BIGINT NOT NULL REFERENCES clashes(id) ON DELETE CASCADE,
    article_id BIGINT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    added_at   BIGINT NOT NULL,
    PRIMARY KEY (clash_id, article_id)
);
CREATE UNIQUE INDEX clash_sources_article ON clash_sources(article_id);

-- Every region a clash falls in (all levels), for "recent in region X".
CREATE TABLE clash_regions (
    clash_id BIGINT NOT NULL REFERENCES clashes(id) ON DELETE CASCADE,
    region   TEXT   NOT NULL,
    event_at BIGINT NOT NULL,
    PRIMARY KEY (clash_id, region)
);
CREATE INDEX clash_regions_recent ON clash_regions(region, event_at, clash_id);

CREATE TABLE watched_channels (
    channel_id BIGINT PRIMARY KEY,
    guild_id   BIGINT NOT NULL,
    added_by   BIGINT NOT NULL,
    added_at   BIGINT NOT NULL
);
CREATE INDEX watched_channels_guild ON watched_channels(guild_id);

CREATE TABLE subscriptions (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    guild_id      BIGINT  NOT NULL,
    channel_id    BIGINT  NOT NULL,
    region        TEXT    NOT NULL,
    min_killed    BIGINT  NOT NULL DEFAULT 0,
    role_id       BIGINT,
    paused        BIGINT  NOT NULL DEFAULT 0,
    paused_reason TEXT,
    created_by    BIGINT  NOT NULL,
    created_at    BIGINT  NOT NULL,
    UNIQUE (channel_id, region)
);
CREATE INDEX subscriptions_guild ON subscriptions(guild_id);

CREATE TABLE deliveries (
    subscription_id BIGINT NOT NULL REFERENCES subscriptions(id) ON DELETE CASCADE,
    clash_id        BIGINT NOT NULL REFERENCES clashes(id) ON DELETE CASCADE,
    state           TEXT   NOT NULL,
    message_id      BIGINT,
    attempts        BIGINT NOT NULL DEFAULT 0,
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL,
    PRIMARY KEY (subscription_id, clash_id)
);
CREATE INDEX deliveries_state ON deliveries(state);

-- One row per (message, link): inserted before any work starts.
CREATE TABLE jobs (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    guild_id        BIGINT,
    channel_id      BIGINT NOT NULL,
    message_id      BIGINT NOT NULL,
    position        BIGINT NOT NULL,
    url             TEXT   NOT NULL,
    host            TEXT   NOT NULL,
    state           TEXT   NOT NULL,
    attempts        BIGINT NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    locked_by       TEXT,
    locked_until    BIGINT,
    article_id      BIGINT REFERENCES articles(id),
    error           TEXT,
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL,
    UNIQUE (message_id, url)
);
CREATE INDEX jobs_ready ON jobs(state, next_attempt_at);
CREATE INDEX jobs_message ON jobs(message_id);

-- One reply per message that had links: recorded before it is sent.
CREATE TABLE replies (
    message_id       BIGINT PRIMARY KEY,
    channel_id       BIGINT NOT NULL,
    state            TEXT   NOT NULL,
    reply_message_id BIGINT,
    locked_until     BIGINT NOT NULL DEFAULT 0,
    created_at       BIGINT NOT NULL,
    updated_at       BIGINT NOT NULL
);
