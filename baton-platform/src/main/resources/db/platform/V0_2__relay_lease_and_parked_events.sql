-- Relay leadership is a lease, not a session lock: the leader renews it every round (on the database's clock) and
-- another replica takes over within seconds once it stops, even when the leader's connection died silently.
CREATE TABLE relay_lease (
    id         BOOLEAN     PRIMARY KEY DEFAULT TRUE CHECK (id),
    holder     TEXT        NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL
);
INSERT INTO relay_lease (holder, expires_at) VALUES ('', '-infinity');

-- Records the broker will never accept (too large, invalid), and the later records of the same key held behind them
-- so that a lead's events keep their order. Ops list, retry or discard them (/ops/parked); the leader moves every row of
-- a key with no REFUSED row left back to the outbox, under its original outbox id, so that it is published first.
CREATE TABLE parked_event (
    id          BIGSERIAL   PRIMARY KEY,
    -- Its place in the outbox (null for an event of a service's own feed).
    outbox_id   BIGINT,
    event_id    UUID        NOT NULL UNIQUE,
    topic       TEXT        NOT NULL,
    message_key TEXT        NOT NULL,
    headers     JSONB       NOT NULL,
    payload     TEXT        NOT NULL,
    -- REFUSED: the broker or the size check refused it; HELD: a later record of a key that has a refused one;
    -- RELEASED: ops asked for it to be published again.
    state       TEXT        NOT NULL CHECK (state IN ('REFUSED', 'HELD', 'RELEASED')),
    error       TEXT        NOT NULL,
    parked_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX parked_event_key ON parked_event (message_key, id);
