-- Issue 21, withdrawals reach sales: marketing's consent snapshot per lead ({"EMAIL": true, "PHONE": false}; a channel
-- absent was never decided on), from qualified, handoff-requested and consent-changed. Null: not told.
ALTER TABLE lead_view ADD COLUMN contact_consent JSONB;
-- A call or an email: OUTBOUND (needs consent on its channel) or INBOUND (the person reached out). Null: other types.
ALTER TABLE activity ADD COLUMN direction TEXT;
