-- Issue 20, the boundary has no window: handed-off (lead.lifecycle.v1) and the ownership record (lead.ownership.v1)
-- reach marketing in either order. The owner as the lifecycle last said it (handed-off: SALES; handoff-refused or
-- recycled: MARKETING) is kept beside the ownership topic's, and marketing acts only when both say MARKETING.
-- Existing rows start at MARKETING: that never blocks a lead wrongly, and the ownership column still holds SALES for
-- every lead whose ownership record arrived.
ALTER TABLE lead ADD COLUMN lifecycle_owner TEXT NOT NULL DEFAULT 'MARKETING';
