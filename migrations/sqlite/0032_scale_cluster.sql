-- Scale-out: coordination between processes sharing one database.

-- The gateway start queue: when the next IDENTIFY may be sent in each of
-- Discord's identify buckets (shard id % max_concurrency), in Unix
-- milliseconds, whichever process sends it.
CREATE TABLE gateway_starts (
    bucket     BIGINT PRIMARY KEY,
    next_at_ms BIGINT NOT NULL
);

-- Cluster-wide leases for work that must run in one process at a time
-- (the rescue and pruning ticks): the holder renews before `until_ms`.
CREATE TABLE cluster_leases (
    name     TEXT PRIMARY KEY,
    holder   TEXT NOT NULL,
    until_ms BIGINT NOT NULL
);
