package dev.baton.platform.time;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/** Times as Baton stores them: PostgreSQL keeps microseconds in UTC, so every time is cut to them before it is compared. */
public final class Timestamps {

    private Timestamps() {
    }

    /** Now, to the microsecond. */
    public static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    /** The instant cut to microseconds (null stays null), so that a time read back compares equal. */
    public static Instant micros(Instant at) {
        return at == null ? null : at.truncatedTo(ChronoUnit.MICROS);
    }

    /** A parameter for a {@code timestamptz} column (null stays null). */
    public static OffsetDateTime utc(Instant at) {
        return at == null ? null : at.atOffset(ZoneOffset.UTC);
    }

    /** A {@code timestamptz} column's value as an instant (null stays null). */
    public static Instant instant(OffsetDateTime at) {
        return at == null ? null : at.toInstant();
    }
}
