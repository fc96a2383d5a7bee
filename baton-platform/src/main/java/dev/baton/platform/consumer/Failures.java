package dev.baton.platform.consumer;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.vertx.pgclient.PgException;

import java.time.DateTimeException;

/** Tells a failure that the same record will meet again (a bug, bad data) from one that passes (an outage). */
final class Failures {

    private Failures() {
    }

    /**
     * Data or integrity errors of PostgreSQL (SQLSTATE classes 22 and 23) and programming errors: trying again cannot
     * help. Everything else (connections refused or lost, timeouts, admin shutdown, lock and serialization failures,
     * a missing table during a deployment) is waited out.
     */
    static boolean repeats(Throwable failure) {
        if (failure instanceof PgException pg) {
            String state = pg.getSqlState();
            return state != null && (state.startsWith("22") || state.startsWith("23"));
        }
        return failure instanceof NullPointerException || failure instanceof IllegalArgumentException
                || failure instanceof ClassCastException || failure instanceof IndexOutOfBoundsException
                || failure instanceof ArithmeticException || failure instanceof UnsupportedOperationException
                || failure instanceof DateTimeException || failure instanceof JsonProcessingException;
    }

    /** What may be logged of a failure: its kind, never its message (which can quote personal data). */
    static String describe(Throwable failure) {
        if (failure instanceof PgException pg) {
            return "database error " + pg.getSqlState();
        }
        return failure.getClass().getSimpleName();
    }
}
