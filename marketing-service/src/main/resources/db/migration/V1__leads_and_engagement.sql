-- A known lead: the person behind one normalised email.
CREATE TABLE lead (
    lead_id          UUID        PRIMARY KEY,
    email            TEXT        NOT NULL UNIQUE,
    stage            TEXT        NOT NULL,
    highest_stage    TEXT        NOT NULL,
    -- Ownership as last learned from lead.ownership.v1, and whether a handoff is on its way (qualified, not answered).
    owner            TEXT        NOT NULL DEFAULT 'MARKETING',
    rep_id           TEXT,
    ownership_version BIGINT     NOT NULL DEFAULT 0,
    handoff_pending  BOOLEAN     NOT NULL DEFAULT FALSE,
    consent_contact  BOOLEAN     NOT NULL DEFAULT FALSE,
    score            NUMERIC(10, 2) NOT NULL DEFAULT 0,
    -- Last per-lead lifecycle sequence number applied here.
    seq              BIGINT      NOT NULL,
    conversion_kind  TEXT        NOT NULL,
    created_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    stage_changed_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Anonymous visitors (devices); a visitor is stitched to a lead at conversion. A lead may have several.
CREATE TABLE visitor (
    visitor_id    TEXT        PRIMARY KEY,
    lead_id       UUID        REFERENCES lead (lead_id),
    first_seen_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX visitor_lead ON visitor (lead_id);

-- Every engagement event, once per eventId. Kept under the visitor id while anonymous, stitched to the lead after.
CREATE TABLE engagement (
    event_id     TEXT        PRIMARY KEY,
    visitor_id   TEXT,
    lead_id      UUID,
    type         TEXT        NOT NULL,
    occurred_at  TIMESTAMPTZ NOT NULL,
    properties   JSONB,
    recorded_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX engagement_visitor ON engagement (visitor_id);
CREATE INDEX engagement_lead ON engagement (lead_id);

-- Every stage a lead entered, for the funnel.
CREATE TABLE lead_stage_history (
    lead_id     UUID        NOT NULL REFERENCES lead (lead_id),
    seq         BIGINT      NOT NULL,
    event_type  TEXT        NOT NULL,
    from_stage  TEXT        NOT NULL,
    to_stage    TEXT        NOT NULL,
    occurred_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (lead_id, seq)
);
