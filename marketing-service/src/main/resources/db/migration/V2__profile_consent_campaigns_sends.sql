-- Fit data for scoring (from conversions), what the lead bought (from sales' closed events), referral attribution.
ALTER TABLE lead
    ADD COLUMN company          TEXT,
    ADD COLUMN company_size     INT,
    ADD COLUMN job_role         TEXT,
    ADD COLUMN country          TEXT,
    ADD COLUMN outcome          TEXT,
    ADD COLUMN purchase_amount  NUMERIC(14, 2),
    ADD COLUMN referrer_lead_id UUID,
    ADD COLUMN referring_rep_id TEXT,
    ADD COLUMN merged_into      UUID REFERENCES lead (lead_id);

-- Consent per channel, current state; consent_event keeps every change with its source and time, to demonstrate it.
CREATE TABLE consent (
    lead_id     UUID        NOT NULL REFERENCES lead (lead_id),
    channel     TEXT        NOT NULL,
    granted     BOOLEAN     NOT NULL,
    source      TEXT        NOT NULL,
    recorded_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (lead_id, channel)
);
CREATE TABLE consent_event (
    id          BIGSERIAL   PRIMARY KEY,
    lead_id     UUID        NOT NULL REFERENCES lead (lead_id),
    channel     TEXT        NOT NULL,
    granted     BOOLEAN     NOT NULL,
    source      TEXT        NOT NULL,
    actor_id    TEXT        NOT NULL,
    recorded_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX consent_event_lead ON consent_event (lead_id, id);

-- Campaigns, their channel and UTM parameters; engagement and conversions are attributed to them.
CREATE TABLE campaign (
    campaign_id  UUID        PRIMARY KEY,
    name         TEXT        NOT NULL,
    channel      TEXT        NOT NULL,
    utm_source   TEXT,
    utm_medium   TEXT,
    utm_campaign TEXT,
    status       TEXT        NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    archived_at  TIMESTAMPTZ
);
CREATE UNIQUE INDEX campaign_utm ON campaign (utm_source, utm_medium, utm_campaign) WHERE status = 'ACTIVE';
ALTER TABLE engagement ADD COLUMN campaign_id UUID;
CREATE INDEX engagement_campaign ON engagement (campaign_id);

-- Every conversion (a lead may convert several times), with its campaign and source: the touches for attribution.
CREATE TABLE conversion (
    conversion_id UUID        PRIMARY KEY,
    lead_id       UUID        NOT NULL REFERENCES lead (lead_id),
    kind          TEXT        NOT NULL,
    campaign_id   UUID,
    source        TEXT,
    occurred_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX conversion_lead ON conversion (lead_id, occurred_at);

-- Nurture and retention sends (recorded and published; no mail server here).
CREATE TABLE marketing_send (
    send_id     UUID        PRIMARY KEY,
    lead_id     UUID        NOT NULL REFERENCES lead (lead_id),
    kind        TEXT        NOT NULL,
    channel     TEXT        NOT NULL,
    campaign_id UUID,
    topics      TEXT[]      NOT NULL,
    actor_id    TEXT        NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX marketing_send_lead ON marketing_send (lead_id, created_at);

-- Merged leads: the absorbed lead stays, as an alias of the surviving one.
CREATE TABLE lead_alias (
    alias_lead_id UUID        PRIMARY KEY REFERENCES lead (lead_id),
    lead_id       UUID        NOT NULL REFERENCES lead (lead_id),
    actor_id      TEXT        NOT NULL,
    reason        TEXT,
    merged_at     TIMESTAMPTZ NOT NULL
);

-- Existing leads: their contact consent becomes an EMAIL consent recorded at conversion.
INSERT INTO consent (lead_id, channel, granted, source, recorded_at)
SELECT lead_id, 'EMAIL', TRUE, 'conversion', created_at FROM lead WHERE consent_contact;
