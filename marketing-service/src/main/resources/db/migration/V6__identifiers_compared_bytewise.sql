-- Event ids and visitor ids are identifiers chosen by the sender: they are only ever compared for equality (and sorted
-- to lock rows in one order), never shown in a language's order. Under the database's default collation (C.UTF-8 with
-- the libc provider, as initdb picks it from the environment) every comparison in their B-trees went through strcoll:
-- about 7% of PostgreSQL's CPU at 16,000 events/s (perf: pg_strncoll_libc, strcoll, varstr_cmp). "C" compares bytes.
-- For UTF-8 text byte order is code point order, which is what C.UTF-8 gave, so no answer changes order or equality.
-- The indexes on these columns are rebuilt; the rows are not rewritten.
ALTER TABLE visitor ALTER COLUMN visitor_id TYPE TEXT COLLATE "C";
ALTER TABLE engagement ALTER COLUMN visitor_id TYPE TEXT COLLATE "C";
ALTER TABLE engagement ALTER COLUMN event_id TYPE TEXT COLLATE "C";
