-- Issue 22, GET /me/work: when a handoff's SLA is at risk (from handed-off and reassigned), and the reads it needs.
ALTER TABLE opportunity ADD COLUMN sla_at_risk_at TIMESTAMPTZ;
CREATE INDEX opportunity_awaiting_by_rep ON opportunity (rep_id, sla_due_at) WHERE status = 'AWAITING_RESPONSE';
CREATE INDEX customer_by_rep ON customer (rep_id) WHERE status IN ('WON', 'RETAINED');
