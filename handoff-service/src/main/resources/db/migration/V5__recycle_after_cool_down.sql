-- Issue 22, no dead ends: how and when sales last ended a lead; a LOST or churned one goes back to marketing's nurture
-- (recycled) once its cool-down is over.
ALTER TABLE lead_ownership ADD COLUMN closed_outcome TEXT;
ALTER TABLE lead_ownership ADD COLUMN closed_at TIMESTAMPTZ;
CREATE INDEX lead_ownership_cooling ON lead_ownership (closed_at)
    WHERE status = 'CLOSED' AND closed_outcome IN ('LOST', 'CHURNED');
