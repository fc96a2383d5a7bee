-- Issue 5: assignment policies (territory, capacity), persisted SLA timers, full ownership history.

-- The SLA timer of a handed-off lead lives on its registry row: claimed with FOR UPDATE SKIP LOCKED by whichever
-- instance polls first, in the transaction that writes its events, so a restart or a second replica never loses or
-- doubles it.
ALTER TABLE lead_ownership
    ADD COLUMN sla_at_risk_at   TIMESTAMPTZ,
    ADD COLUMN sla_at_risk_sent BOOLEAN NOT NULL DEFAULT FALSE,
    -- SLA reassignments in the current handoff, and the reps who already let it pass.
    ADD COLUMN reassignments    INT     NOT NULL DEFAULT 0,
    ADD COLUMN tried_reps       TEXT[]  NOT NULL DEFAULT '{}',
    -- The lead's country (ISO code), from marketing's qualified event, for the territory policy.
    ADD COLUMN country          TEXT;
CREATE INDEX lead_ownership_sla_timer ON lead_ownership (sla_due_at) WHERE status = 'HANDED_OFF';
-- Open handoffs per rep (the capacity cap counts them).
CREATE INDEX lead_ownership_open_handoffs ON lead_ownership (rep_id) WHERE status = 'HANDED_OFF';

-- The history keeps the whole state of each change, so that "who owned it at time T" needs nothing else.
ALTER TABLE ownership_history
    ADD COLUMN team_id    TEXT,
    ADD COLUMN stage      TEXT,
    ADD COLUMN sla_due_at TIMESTAMPTZ;

-- The rep directory (seeded from baton.team.* at start): territories and capacity for the policies. A rep no longer
-- in the configuration stays (history refers to it) but is not listed, so never assigned. Open handoffs are counted
-- from the registry itself rather than kept in a counter that could drift.
ALTER TABLE rep
    ADD COLUMN territories TEXT[]  NOT NULL DEFAULT '{}',
    ADD COLUMN capacity    INT,
    ADD COLUMN listed      BOOLEAN NOT NULL DEFAULT TRUE,
    DROP COLUMN open_handoffs;
