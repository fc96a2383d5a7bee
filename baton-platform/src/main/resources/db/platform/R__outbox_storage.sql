-- Storage settings of the outbox, a queue: every row is inserted, published and deleted within moments, so at
-- thousands of events per second dead rows pile up faster than the default autovacuum thresholds (20% of the table)
-- notice, and the relay's "oldest first" scan slows down. Vacuum it after every 10,000 deleted rows, without throttling.
-- Repeatable (Flyway re-applies it when it changes); the statements are idempotent.
ALTER TABLE outbox SET (
    autovacuum_vacuum_scale_factor = 0,
    autovacuum_vacuum_threshold = 10000,
    autovacuum_vacuum_cost_delay = 0,
    autovacuum_analyze_scale_factor = 0,
    autovacuum_analyze_threshold = 10000
);
