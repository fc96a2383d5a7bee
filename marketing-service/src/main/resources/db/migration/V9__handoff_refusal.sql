-- Issue 20, no lead stranded: the last refusal of the lead's handoff, from the handoff service's handoff-refused event
-- (cleared by handed-off, recycled or a marketer's new request), so that marketers see it and can act on it.
-- retrying: the handoff service retries it by itself (NO_REP_AVAILABLE): the lead waits for a rep, still pending.
ALTER TABLE lead
    ADD COLUMN handoff_refusal_code TEXT,
    ADD COLUMN handoff_refused_at   TIMESTAMPTZ,
    ADD COLUMN handoff_retrying     BOOLEAN NOT NULL DEFAULT FALSE;
