-- What `/clashes stats` sums, kept per day so the command reads a few hundred
-- rows whatever the number of clashes. `region` is a region or country of
-- clash_regions, or '' for all clashes; `day` counts days since 1970-01-01
-- (UTC) of the clash's event_at. Written in the same transaction as the clash
-- (src/store/stats.rs); Store::rebuild_clash_stats recomputes them.
CREATE TABLE clash_stats_days (
    region      TEXT   NOT NULL,
    day         BIGINT NOT NULL,
    clashes     BIGINT NOT NULL,
    killed_min  BIGINT NOT NULL,
    killed_max  BIGINT NOT NULL,
    injured_min BIGINT NOT NULL,
    injured_max BIGINT NOT NULL,
    PRIMARY KEY (region, day)
);

-- Per side: the clashes in which some source names the side, and the sums of
-- each clash's range for it (lowest to highest figure over those sources).
CREATE TABLE clash_stats_sides (
    region      TEXT   NOT NULL,
    day         BIGINT NOT NULL,
    side        TEXT   NOT NULL,
    clashes     BIGINT NOT NULL,
    killed_min  BIGINT NOT NULL,
    killed_max  BIGINT NOT NULL,
    injured_min BIGINT NOT NULL,
    injured_max BIGINT NOT NULL,
    PRIMARY KEY (region, day, side)
);

-- Backfill from the clashes already stored.
INSERT INTO clash_stats_days (region, day, clashes, killed_min, killed_max, injured_min, injured_max)
SELECT r.region, (c.event_at - ((c.event_at % 86400) + 86400) % 86400) / 86400,
       COUNT(*), SUM(c.killed_min), SUM(c.killed_max), SUM(c.injured_min), SUM(c.injured_max)
FROM clashes c
JOIN (SELECT clash_id, region FROM clash_regions UNION ALL SELECT id, '' FROM clashes) r
  ON r.clash_id = c.id
GROUP BY 1, 2;

INSERT INTO clash_stats_sides (region, day, side, clashes, killed_min, killed_max, injured_min, injured_max)
SELECT r.region, (c.event_at - ((c.event_at % 86400) + 86400) % 86400) / 86400, k.side,
       COUNT(*), SUM(k.killed_min), SUM(k.killed_max), SUM(k.injured_min), SUM(k.injured_max)
FROM (SELECT s.clash_id, j->>'side' AS side,
             MIN((j->>'killed')::BIGINT) AS killed_min,
             MAX((j->>'killed')::BIGINT) AS killed_max,
             MIN((j->>'injured')::BIGINT) AS injured_min,
             MAX((j->>'injured')::BIGINT) AS injured_max
      FROM clash_sources s, jsonb_array_elements(s.sides::jsonb) j
      GROUP BY s.clash_id, j->>'side') k
JOIN clashes c ON c.id = k.clash_id
JOIN (SELECT clash_id, region FROM clash_regions UNION ALL SELECT id, '' FROM clashes) r
  ON r.clash_id = c.id
GROUP BY 1, 2, 3;
