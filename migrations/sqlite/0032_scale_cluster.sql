-- Scale-out: coordination between processes sharing one database.

-- The gateway start queue, per Discord identify bucket (shard id %
-- max_concurrency): a process logging shards in holds their buckets until
-- `login_until_ms` (Unix milliseconds): while its shards log in, then the
-- spacing Discord asks for after its last READY.
CREATE TABLE gateway_starts (
    bucket         BIGINT PRIMARY KEY,
    login_until_ms BIGINT NOT NULL
);

-- Cluster-wide leases for work that must run in one process at a time
-- (the rescue and pruning ticks): the holder renews before `until_ms`.
CREATE TABLE cluster_leases (
    name     TEXT PRIMARY KEY,
    holder   TEXT NOT NULL,
    until_ms BIGINT NOT NULL
);
