-- Alert delivery: a lease and a retry time per (subscription, clash), the
-- figures the posted alert shows (to mark what changed when it is edited),
-- and the last error.
ALTER TABLE deliveries ADD COLUMN channel_id BIGINT NOT NULL DEFAULT 0;
ALTER TABLE deliveries ADD COLUMN next_attempt_at BIGINT NOT NULL DEFAULT 0;
ALTER TABLE deliveries ADD COLUMN locked_until BIGINT NOT NULL DEFAULT 0;
ALTER TABLE deliveries ADD COLUMN shown_killed_min BIGINT;
ALTER TABLE deliveries ADD COLUMN shown_killed_max BIGINT;
ALTER TABLE deliveries ADD COLUMN shown_injured_min BIGINT;
ALTER TABLE deliveries ADD COLUMN shown_injured_max BIGINT;
ALTER TABLE deliveries ADD COLUMN shown_sources BIGINT;
ALTER TABLE deliveries ADD COLUMN error TEXT;
CREATE INDEX deliveries_due ON deliveries(state, next_attempt_at);
CREATE INDEX deliveries_channel_clash ON deliveries(channel_id, clash_id);

-- Figures of each source, kept with the clash so a clash shows who says what.
ALTER TABLE clash_sources ADD COLUMN killed BIGINT NOT NULL DEFAULT 0;
ALTER TABLE clash_sources ADD COLUMN injured BIGINT NOT NULL DEFAULT 0;
ALTER TABLE clash_sources ADD COLUMN site TEXT;
ALTER TABLE clash_sources ADD COLUMN attribution TEXT;
ALTER TABLE clash_sources ADD COLUMN sides TEXT NOT NULL DEFAULT '[]';

-- Salient words of a clash's sources: what tells two events in one city apart.
ALTER TABLE clashes ADD COLUMN terms TEXT NOT NULL DEFAULT '[]';
