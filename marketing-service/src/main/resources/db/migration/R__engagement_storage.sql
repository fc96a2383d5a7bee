-- Storage settings of engagement, an append-only log that grows by thousands of rows a second. Autovacuum's default
-- re-analyzes a table after every 10% of growth: at 16,000 events/s a table of a million rows was analyzed every ~7 s
-- (18 times in 3 minutes), each a 30,000-row sample (CPU, and every cached plan on the table re-planned), and the
-- ingestion tail followed (60 s at 16,000 events/s on the same data: p99 111 ms with autovacuum, 44 ms without).
-- Its statistics (how many distinct visitors, how many rows carry a lead) keep their shape as the log grows, and the
-- planner scales row counts by the table's current size anyway: re-analyze when the table has doubled. Vacuum keeps
-- its default (after 20% inserts): it marks pages all-visible and frozen, work that grows with the inserts however it
-- is split.
-- Repeatable (Flyway re-applies it when it changes); the statement is idempotent.
ALTER TABLE engagement SET (
    autovacuum_analyze_scale_factor = 1.0
);
