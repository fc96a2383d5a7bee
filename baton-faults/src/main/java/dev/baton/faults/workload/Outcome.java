package dev.baton.faults.workload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

/**
 * What one call came back with, as far as its effect is concerned.
 *
 * @param kind   OK (2xx: the effect is promised), REFUSED (4xx: no effect), UNKNOWN (5xx, timeout or a connection lost
 *               after sending: it may or may not have happened), UNREACHABLE (no replica took the connection: no effect)
 * @param status the HTTP status, 0 without one
 * @param body   the JSON body, or a missing node
 */
public record Outcome(Kind kind, int status, JsonNode body) {

    public enum Kind { OK, REFUSED, UNKNOWN, UNREACHABLE }

    static Outcome of(int status, JsonNode body) {
        Kind kind = status >= 200 && status < 300 ? Kind.OK : status >= 400 && status < 500 ? Kind.REFUSED : Kind.UNKNOWN;
        return new Outcome(kind, status, body == null ? MissingNode.getInstance() : body);
    }

    static Outcome unknown() {
        return new Outcome(Kind.UNKNOWN, 0, MissingNode.getInstance());
    }

    static Outcome unreachable() {
        return new Outcome(Kind.UNREACHABLE, 0, MissingNode.getInstance());
    }

    public boolean ok() {
        return kind == Kind.OK;
    }
}
