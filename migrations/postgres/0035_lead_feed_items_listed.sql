-- Feed items are the "already seen" memory of a feed, so they can only be
-- forgotten once the feed stops listing them. `feed_items.last_listed_at`
-- is the last full fetch (not a 304) that listed the item; `feeds.listed_at`
-- is the feed's last full fetch. An item of the latest listing is kept
-- however old; the others go after the retention period.
ALTER TABLE feed_items ADD COLUMN last_listed_at BIGINT NOT NULL DEFAULT 0;
UPDATE feed_items SET last_listed_at = created_at;
ALTER TABLE feeds ADD COLUMN listed_at BIGINT NOT NULL DEFAULT 0;
CREATE INDEX feed_items_listed ON feed_items(last_listed_at);
