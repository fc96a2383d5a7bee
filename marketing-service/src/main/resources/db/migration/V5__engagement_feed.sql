-- marketing.engagement.v1 is published from the engagement table itself (EngagementFeed) instead of a copy of every
-- event in the outbox: the copy was inserted, deleted and vacuumed again, which doubled the database's write work per
-- engagement event for a row that already said everything the event says.
--
-- Each row records the transaction that inserted it and an order within it. The relay publishes, in (tx, seq) order,
-- only rows of transactions older than every transaction still running (pg_snapshot_xmin), so a row committed later
-- by an older transaction cannot be skipped; it remembers where it stopped in engagement_feed.
-- Rows from before this migration (tx NULL) were already published through the outbox.
ALTER TABLE engagement ADD COLUMN tx BIGINT;
ALTER TABLE engagement ADD COLUMN seq BIGINT;
CREATE SEQUENCE engagement_seq;
-- Set after ADD COLUMN so that existing rows keep NULL (and the table is not rewritten).
ALTER TABLE engagement ALTER COLUMN tx SET DEFAULT (pg_current_xact_id()::text::bigint);
ALTER TABLE engagement ALTER COLUMN seq SET DEFAULT nextval('engagement_seq');
ALTER SEQUENCE engagement_seq OWNED BY engagement.seq;
-- Append-only in practice (transaction ids and the sequence only grow): cheap to maintain.
CREATE INDEX engagement_feed_order ON engagement (tx, seq) WHERE tx IS NOT NULL;

-- Where the relay stopped: the last (tx, seq) the broker acknowledged. One row.
CREATE TABLE engagement_feed (
    id  BOOLEAN PRIMARY KEY DEFAULT TRUE CHECK (id),
    tx  BIGINT NOT NULL,
    seq BIGINT NOT NULL
);
INSERT INTO engagement_feed (tx, seq) VALUES (0, 0);
