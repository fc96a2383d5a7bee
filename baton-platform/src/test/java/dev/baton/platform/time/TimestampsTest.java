package dev.baton.platform.time;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class TimestampsTest {

    private static final Instant NANOS = Instant.parse("2026-12-07T10:15:30.123456789Z");

    @Test
    void cutsToTheMicrosecondPostgresqlKeeps() {
        assertThat(Timestamps.micros(NANOS)).isEqualTo(Instant.parse("2026-12-07T10:15:30.123456Z"));
        assertThat(Timestamps.now().getNano() % 1_000).isZero();
    }

    @Test
    void convertsToAndFromUtcColumns() {
        OffsetDateTime column = Timestamps.utc(NANOS);
        assertThat(column.getOffset()).isEqualTo(ZoneOffset.UTC);
        assertThat(Timestamps.instant(column)).isEqualTo(NANOS);
        assertThat(Timestamps.instant(OffsetDateTime.parse("2026-12-07T12:15:30+02:00")))
                .isEqualTo(Instant.parse("2026-12-07T10:15:30Z"));
    }

    @Test
    void absentTimesStayAbsent() {
        assertThat(Timestamps.micros(null)).isNull();
        assertThat(Timestamps.utc(null)).isNull();
        assertThat(Timestamps.instant(null)).isNull();
    }
}
