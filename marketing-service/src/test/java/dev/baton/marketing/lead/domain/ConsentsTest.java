package dev.baton.marketing.lead.domain;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class ConsentsTest {

    private static final Instant AT = Instant.parse("2026-03-01T10:00:00Z");

    @Test
    void aChannelNeverDecidedOrGrantedMayBeGrantedAWithdrawnOneMayNot() {
        assertThat(Consents.mayBeGranted(null)).as("never decided").isTrue();
        assertThat(Consents.mayBeGranted(new Consents.State(true, "conversion:FORM", AT))).as("granted").isTrue();
        assertThat(Consents.mayBeGranted(new Consents.State(false, "unsubscribe link", AT))).as("withdrawn").isFalse();
    }
}
