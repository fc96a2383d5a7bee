-- Issue 21: whether the person may be contacted (some consent channel granted), from qualified, handoff-requested and
-- consent-changed; a lead waiting for a rep whose consent is withdrawn is refused instead of handed off. Null: not told.
ALTER TABLE lead_ownership ADD COLUMN contactable BOOLEAN;
