-- Personal data erasure (issue 21).
-- A marketer's own words on a transition stay here, not on the lifecycle topic, so that an erasure reaches them.
CREATE TABLE lead_note (
    lead_id    UUID        NOT NULL REFERENCES lead (lead_id),
    seq        BIGINT      NOT NULL,
    event_type TEXT        NOT NULL,
    note       TEXT        NOT NULL,
    actor_id   TEXT        NOT NULL,
    written_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (lead_id, seq)
);

-- An erased lead keeps its id, stages and times (the funnel does not change) but no profile.
ALTER TABLE lead ALTER COLUMN email DROP NOT NULL;
ALTER TABLE lead ADD COLUMN erased_at TIMESTAMPTZ;

CREATE TABLE erasure (
    erasure_id   UUID        PRIMARY KEY,
    lead_ids     UUID[]      NOT NULL,
    requested_by TEXT        NOT NULL,
    requested_at TIMESTAMPTZ NOT NULL,
    completed_at TIMESTAMPTZ
);

-- One row per lead and service that confirmed it erased its part.
CREATE TABLE erasure_confirmation (
    erasure_id   UUID        NOT NULL REFERENCES erasure (erasure_id),
    lead_id      UUID        NOT NULL,
    service      TEXT        NOT NULL,
    confirmed_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (erasure_id, lead_id, service)
);

-- The engagement topic names a device by a random pseudonym kept with it, never by its id: an erasure deletes the
-- visitor, and what the topic still holds of the person (30 days) no longer leads back to anyone. Made with the visitor
-- row, which ingestion already writes for a new device.
ALTER TABLE visitor ADD COLUMN pseudonym UUID NOT NULL DEFAULT gen_random_uuid();
