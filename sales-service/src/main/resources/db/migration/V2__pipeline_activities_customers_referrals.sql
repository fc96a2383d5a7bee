-- Issue 6: the pipeline inside sales, activities and next steps, cross-sell, churn, referrals and reports.

-- NEW_BUSINESS: a handed-off lead (one active per lead, driven by the handoff service's lifecycle events).
-- CROSS_SELL: a further sale to an existing customer (opened by sales, never touched by lifecycle events).
ALTER TABLE opportunity ADD COLUMN kind TEXT NOT NULL DEFAULT 'NEW_BUSINESS';
ALTER TABLE opportunity ADD COLUMN title TEXT;
-- The customer whose referral brought this lead, if any.
ALTER TABLE opportunity ADD COLUMN referrer_lead_id UUID;
-- When the rep's answer left for the handoff service (or the handoff service confirmed it): SLA compliance.
ALTER TABLE opportunity ADD COLUMN responded_at TIMESTAMPTZ;
ALTER TABLE opportunity ADD COLUMN responded_by TEXT;
DROP INDEX opportunity_one_active_per_lead;
CREATE UNIQUE INDEX opportunity_one_active_handoff_per_lead ON opportunity (lead_id)
    WHERE status IN ('AWAITING_RESPONSE', 'OPEN') AND kind = 'NEW_BUSINESS';
CREATE INDEX opportunity_open_by_rep ON opportunity (rep_id) WHERE status = 'OPEN';

-- Every pipeline move (FOLLOW_UP, RELATIONSHIP, PROPOSAL, CLOSING) and the end (WON, LOST): who did it, for which rep.
CREATE TABLE opportunity_stage_change (
    change_id           UUID        PRIMARY KEY,
    opportunity_id      UUID        NOT NULL REFERENCES opportunity (opportunity_id),
    from_stage          TEXT        NOT NULL,
    to_stage            TEXT        NOT NULL,
    amount              NUMERIC(14, 2),
    expected_close_date DATE,
    reason              TEXT,
    actor_id            TEXT        NOT NULL,
    rep_id              TEXT        NOT NULL,
    occurred_at         TIMESTAMPTZ NOT NULL
);
CREATE INDEX opportunity_stage_change_opportunity ON opportunity_stage_change (opportunity_id, occurred_at);

-- Activities: free notes, and completion of tasks (an open task past its due date is an overdue follow-up).
ALTER TABLE activity ADD COLUMN notes TEXT;
ALTER TABLE activity ADD COLUMN completed_at TIMESTAMPTZ;
ALTER TABLE activity ADD COLUMN completed_by TEXT;
CREATE INDEX activity_open_tasks ON activity (rep_id, due_at) WHERE type = 'TASK' AND completed_at IS NULL;
CREATE INDEX activity_rep_created ON activity (rep_id, created_at);

-- Churn: an explicit, audited end of a customer relationship.
ALTER TABLE customer ADD COLUMN churned_at TIMESTAMPTZ;
ALTER TABLE customer ADD COLUMN churn_reason TEXT;
ALTER TABLE customer ADD COLUMN churned_by TEXT;
CREATE INDEX retention_activity_lead ON retention_activity (lead_id, occurred_at);

-- A customer's referral: the referred lead is marketing's (identity); sales keeps the attribution only.
CREATE TABLE referral (
    referral_id      UUID        PRIMARY KEY,
    referrer_lead_id UUID        NOT NULL REFERENCES customer (lead_id),
    referred_lead_id UUID        NOT NULL,
    rep_id           TEXT        NOT NULL,
    actor_id         TEXT        NOT NULL,
    created_at       TIMESTAMPTZ NOT NULL,
    UNIQUE (referrer_lead_id, referred_lead_id)
);
CREATE INDEX referral_referred ON referral (referred_lead_id);
