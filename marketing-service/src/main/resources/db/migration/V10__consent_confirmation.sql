-- Issue 21, double opt-in: a grant waiting for the person's confirmation (a newsletter signup, or the way back to a
-- withdrawn channel). Only the token's SHA-256 is kept; nothing is granted until confirmed_at is set.
CREATE TABLE consent_confirmation (
    token_hash   BYTEA       PRIMARY KEY,
    lead_id      UUID        NOT NULL,
    channel      TEXT        NOT NULL,
    source       TEXT        NOT NULL,
    requested_by TEXT        NOT NULL,
    requested_at TIMESTAMPTZ NOT NULL,
    expires_at   TIMESTAMPTZ NOT NULL,
    confirmed_at TIMESTAMPTZ
);
CREATE INDEX consent_confirmation_lead ON consent_confirmation (lead_id, requested_at);
