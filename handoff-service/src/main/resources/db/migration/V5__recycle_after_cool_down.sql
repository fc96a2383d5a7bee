-- Issue 22, no dead ends: how and when sales last ended a lead (WON, LOST, RETAINED, CHURNED); a LOST one goes back to
-- marketing's nurture (recycled) once its cool-down is over. Rows closed before this version have none: run the
-- registry rebuild (POST /ops/registry/rebuild?apply=true) to fill them from the lifecycle topic.
ALTER TABLE lead_ownership ADD COLUMN closed_outcome TEXT;
ALTER TABLE lead_ownership ADD COLUMN closed_at TIMESTAMPTZ;
CREATE INDEX lead_ownership_lost ON lead_ownership (closed_at) WHERE status = 'CLOSED' AND closed_outcome = 'LOST';
