-- The ownership registry: who may act on each lead now. Only this service changes it.
CREATE TABLE lead_ownership (
    lead_id     UUID        PRIMARY KEY,
    owner       TEXT        NOT NULL,
    rep_id      TEXT,
    team_id     TEXT,
    status      TEXT        NOT NULL,
    stage       TEXT        NOT NULL,
    -- Last per-lead lifecycle sequence number seen or written here.
    seq         BIGINT      NOT NULL,
    -- Per-lead ownership version, as published on lead.ownership.v1.
    version     BIGINT      NOT NULL,
    sla_due_at  TIMESTAMPTZ,
    updated_at  TIMESTAMPTZ NOT NULL
);

-- Every ownership change and every refused response, with actor, reason, causation and time.
CREATE TABLE ownership_history (
    id           BIGSERIAL   PRIMARY KEY,
    lead_id      UUID        NOT NULL,
    kind         TEXT        NOT NULL, -- CHANGE or REFUSAL
    version      BIGINT,
    owner        TEXT        NOT NULL,
    rep_id       TEXT,
    status       TEXT        NOT NULL,
    actor_id     TEXT        NOT NULL,
    actor_kind   TEXT        NOT NULL,
    on_behalf_of TEXT,
    reason       TEXT,
    causation_id TEXT,
    occurred_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX ownership_history_lead ON ownership_history (lead_id, occurred_at, id);

-- The reps leads can be given to (seeded from configuration), and how many open handoffs each holds.
CREATE TABLE rep (
    rep_id           TEXT        PRIMARY KEY,
    team_id          TEXT        NOT NULL,
    available        BOOLEAN     NOT NULL DEFAULT TRUE,
    open_handoffs    INT         NOT NULL DEFAULT 0,
    assigned_count   BIGINT      NOT NULL DEFAULT 0,
    last_assigned_at TIMESTAMPTZ
);
