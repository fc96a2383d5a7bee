-- Most engagement is anonymous (no lead yet) and outside any campaign, and every lookup by lead or campaign asks for a
-- value (lead_id = $1, campaign_id = $1, ... IS NOT NULL): indexing the NULLs only cost two index insertions per event.
DROP INDEX engagement_lead;
CREATE INDEX engagement_lead ON engagement (lead_id) WHERE lead_id IS NOT NULL;
DROP INDEX engagement_campaign;
CREATE INDEX engagement_campaign ON engagement (campaign_id) WHERE campaign_id IS NOT NULL;
