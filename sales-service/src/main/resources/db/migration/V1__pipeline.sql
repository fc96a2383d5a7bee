-- Sales' view of each lead it has heard of: stage and per-lead sequence (lead.lifecycle.v1), owner (lead.ownership.v1).
CREATE TABLE lead_view (
    lead_id           UUID        PRIMARY KEY,
    owner             TEXT,
    rep_id            TEXT,
    ownership_version BIGINT      NOT NULL DEFAULT 0,
    stage             TEXT        NOT NULL,
    seq               BIGINT      NOT NULL,
    updated_at        TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- One opportunity per handoff of a lead to a rep.
CREATE TABLE opportunity (
    opportunity_id      UUID        PRIMARY KEY,
    lead_id             UUID        NOT NULL,
    rep_id              TEXT        NOT NULL,
    team_id             TEXT,
    -- AWAITING_RESPONSE, OPEN (accepted), REJECTED, WON, LOST
    status              TEXT        NOT NULL,
    -- Inside sales: FOLLOW_UP, RELATIONSHIP, PROPOSAL, CLOSING
    pipeline_stage      TEXT        NOT NULL,
    -- The answer sent to the handoff service and not yet confirmed: ACCEPT or REJECT
    response_pending    TEXT,
    amount              NUMERIC(14, 2),
    expected_close_date DATE,
    outcome_reason      TEXT,
    sla_due_at          TIMESTAMPTZ,
    created_at          TIMESTAMPTZ NOT NULL,
    updated_at          TIMESTAMPTZ NOT NULL,
    closed_at           TIMESTAMPTZ
);
CREATE INDEX opportunity_lead ON opportunity (lead_id);
CREATE INDEX opportunity_rep ON opportunity (rep_id, status);
CREATE UNIQUE INDEX opportunity_one_active_per_lead ON opportunity (lead_id)
    WHERE status IN ('AWAITING_RESPONSE', 'OPEN');

-- Calls, emails, meetings, proposals and tasks; actor is who did it, rep_id the rep it was done for.
CREATE TABLE activity (
    activity_id    UUID        PRIMARY KEY,
    opportunity_id UUID        NOT NULL REFERENCES opportunity (opportunity_id),
    type           TEXT        NOT NULL,
    actor_id       TEXT        NOT NULL,
    rep_id         TEXT        NOT NULL,
    subject        TEXT,
    starts_at      TIMESTAMPTZ,
    ends_at        TIMESTAMPTZ,
    due_at         TIMESTAMPTZ,
    amount         NUMERIC(14, 2),
    created_at     TIMESTAMPTZ NOT NULL
);
CREATE INDEX activity_opportunity ON activity (opportunity_id);

-- Won leads become customers; sales retention moves them to RETAINED.
CREATE TABLE customer (
    lead_id     UUID        PRIMARY KEY,
    rep_id      TEXT        NOT NULL,
    status      TEXT        NOT NULL, -- WON, RETAINED, CHURNED
    won_at      TIMESTAMPTZ NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL
);

CREATE TABLE retention_activity (
    retention_id UUID        PRIMARY KEY,
    lead_id      UUID        NOT NULL REFERENCES customer (lead_id),
    kind         TEXT        NOT NULL,
    actor_id     TEXT        NOT NULL,
    rep_id       TEXT        NOT NULL,
    notes        TEXT,
    occurred_at  TIMESTAMPTZ NOT NULL
);
