-- Transactional outbox: every event is inserted in the same transaction as the state change that caused it.
-- The relay publishes rows in id order and deletes them once the broker has acknowledged them (acks=all).
CREATE TABLE outbox (
    id           BIGSERIAL PRIMARY KEY,
    event_id     UUID        NOT NULL UNIQUE,
    topic        TEXT        NOT NULL,
    message_key  TEXT        NOT NULL,
    headers      JSONB       NOT NULL,
    payload      TEXT        NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Idempotent consumers: the id of every event already applied, recorded in the same transaction as its effect.
CREATE TABLE processed_event (
    event_id     TEXT        PRIMARY KEY,
    event_type   TEXT        NOT NULL,
    processed_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
