-- Which extractor read an article's facts (crate::facts::FACTS_VERSION), so
-- `clashwatch refacts` can find and correct facts read by an older one from
-- the stored text. Facts stored before this column existed are version 1.
ALTER TABLE facts ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
CREATE INDEX facts_version ON facts(version);
