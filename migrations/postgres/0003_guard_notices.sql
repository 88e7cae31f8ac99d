-- Rate-limit notices: at most one per member and one per channel per window,
-- claimed here so every bot process sharing the database keeps to it.
-- scope is 'user' or 'channel'; until is when the next notice may be sent.
CREATE TABLE rate_notices (
    scope TEXT NOT NULL,
    id BIGINT NOT NULL,
    until BIGINT NOT NULL,
    PRIMARY KEY (scope, id)
);
CREATE INDEX rate_notices_until ON rate_notices(until);
