package dev.baton.marketing.lead.domain;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** An erasure completes once handoff and sales each confirmed every lead id of the person, and not before. */
class ErasureRulesTest {

    private static final UUID LEAD = UUID.randomUUID();
    private static final UUID MERGED = UUID.randomUUID();

    private static Erasure with(Map<String, List<UUID>> confirmations) {
        return new Erasure(UUID.randomUUID(), List.of(LEAD, MERGED), "privacy-paula", Instant.now(), null,
                confirmations);
    }

    @Test
    void itIsPendingUntilEveryServiceConfirmedEveryLead() {
        assertThat(with(Map.of()).state()).isEqualTo(Erasure.State.PENDING);
        Erasure half = with(Map.of("handoff-service", List.of(LEAD, MERGED), "sales-service", List.of(LEAD)));
        assertThat(half.confirmedBy("handoff-service")).isTrue();
        assertThat(half.confirmedBy("sales-service")).as("one lead of two").isFalse();
        assertThat(half.state()).isEqualTo(Erasure.State.PENDING);
    }

    @Test
    void itIsCompleteOnceBothConfirmedBothLeads() {
        Erasure done = with(Map.of("handoff-service", List.of(MERGED, LEAD), "sales-service", List.of(LEAD, MERGED)));
        assertThat(done.complete()).isTrue();
        assertThat(done.state()).isEqualTo(Erasure.State.COMPLETED);
        assertThat(Erasure.CONFIRMING).containsExactly("handoff-service", "sales-service");
    }
}
