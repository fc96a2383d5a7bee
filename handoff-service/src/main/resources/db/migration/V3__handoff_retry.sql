-- Issue 20, no lead stranded: a handoff refused because no rep was available (NO_REP_AVAILABLE) waits for one. One row
-- per waiting lead, claimed by whichever instance polls first (FOR UPDATE SKIP LOCKED, with the lead's registry row) in
-- the transaction that hands it off or schedules the next attempt.
CREATE TABLE handoff_retry (
    lead_id          UUID        PRIMARY KEY,
    -- The registry's sequence after the refusal: the lead waits only while nothing else moved it.
    seq              BIGINT      NOT NULL,
    -- The qualified (or handoff-requested) event the handoff answers: the causation of the eventual handed-off.
    causation_id     TEXT        NOT NULL,
    referring_rep_id TEXT,
    reason_code      TEXT        NOT NULL,
    -- Assignments that found nobody, the refusal included.
    attempts         INT         NOT NULL,
    waiting_since    TIMESTAMPTZ NOT NULL,
    last_attempt_at  TIMESTAMPTZ NOT NULL,
    next_attempt_at  TIMESTAMPTZ NOT NULL
);
-- Due attempts (the retrier), and the longest waiting first (ops' list, paged by this key).
CREATE INDEX handoff_retry_due ON handoff_retry (next_attempt_at);
CREATE INDEX handoff_retry_waiting ON handoff_retry (waiting_since, lead_id);
