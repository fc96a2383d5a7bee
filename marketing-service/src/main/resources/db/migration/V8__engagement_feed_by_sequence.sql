-- The engagement feed orders by the sequence alone and finds what is safe to publish from this database's own running
-- transactions (EngagementFeed), no longer from the cluster-wide snapshot horizon and transaction ids: a long
-- transaction in another database no longer holds it back, and a dump/restore (which resets transaction ids but
-- restores the sequence) no longer stops it. The cursor becomes a sequence value: the last one before the first row not
-- yet published (rows published since then are published again, with the same CloudEvents ids; none is skipped).
UPDATE engagement_feed f SET seq = COALESCE(
    (SELECT min(e.seq) - 1 FROM engagement e WHERE e.tx IS NOT NULL AND (e.tx, e.seq) > (f.tx, f.seq)),
    (SELECT max(e.seq) FROM engagement e),
    0);
ALTER TABLE engagement_feed DROP COLUMN tx;
CREATE INDEX engagement_feed_seq ON engagement (seq) WHERE seq IS NOT NULL;
DROP INDEX engagement_feed_order;
