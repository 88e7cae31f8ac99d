-- Leases that follow the worker, retried replies, alert spacing kept in the
-- store, catch-up after downtime, and retention.

-- Requests made with /clashes summarize or "Key facts": read by the same
-- workers, answered through the interaction instead of a channel reply.
ALTER TABLE jobs ADD COLUMN explicit BIGINT NOT NULL DEFAULT 0;
CREATE INDEX jobs_finished ON jobs(updated_at);

-- A reply is leased to one sender (`locked_by` fences its writes); a send
-- that failed waits in 'retry' until `next_attempt_at`.
ALTER TABLE replies ADD COLUMN locked_by TEXT;
ALTER TABLE replies ADD COLUMN attempts BIGINT NOT NULL DEFAULT 0;
ALTER TABLE replies ADD COLUMN next_attempt_at BIGINT NOT NULL DEFAULT 0;
ALTER TABLE replies ADD COLUMN error TEXT;
CREATE INDEX replies_due ON replies(state, next_attempt_at);
CREATE INDEX replies_updated ON replies(updated_at);

-- Alert leases carry the claim's token; `attempts` counts failed sends only.
ALTER TABLE deliveries ADD COLUMN locked_by TEXT;

-- When a channel may get its next new alert (spacing), whichever process posts.
CREATE TABLE alert_channels (
    channel_id   BIGINT PRIMARY KEY,
    next_post_at BIGINT NOT NULL
);

-- The newest message with links the bot saw in a watched channel: catch-up
-- on start reads the channel's history after it.
ALTER TABLE watched_channels ADD COLUMN last_message_id BIGINT;

-- Retention: an article's text is cleared after `[store] retention_days`
-- (the row stays: its facts and per-source clash figures hang on it).
ALTER TABLE articles ADD COLUMN pruned_at BIGINT;
CREATE INDEX articles_fetched ON articles(fetched_at);
