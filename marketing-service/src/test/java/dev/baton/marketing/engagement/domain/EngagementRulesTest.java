package dev.baton.marketing.engagement.domain;

import dev.baton.marketing.campaign.domain.Utm;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** What makes an engagement event recordable, and how it is attributed. */
class EngagementRulesTest {

    private static final Instant AT = Instant.parse("2026-04-01T08:00:00Z");
    private static final Utm NO_UTM = new Utm(null, null, null);
    private static final String LEAD = "9f1c2a52-4a3b-4c39-9a0f-2f1f0c7b8d11";

    private final EngagementRules rules = new EngagementRules(64);

    @Test
    void aVisitorsOrALeadsEventWithItsIdTypeAndTimeIsRecordable() {
        assertThat(rules.problemOf(event("e-1", "v-1", null, Map.of("topic", "pricing")))).isNull();
        assertThat(rules.problemOf(event("e-2", null, LEAD, null))).isNull();
    }

    @Test
    void theIdTypeAndTimeAreRequired() {
        assertThat(rules.problemOf(event(" ", "v-1", null, null))).isEqualTo("eventId is required");
        assertThat(rules.problemOf(new EngagementEvent("e-1", "v-1", null, null, AT, null, null, NO_UTM)))
                .isEqualTo("type is required");
        assertThat(rules.problemOf(new EngagementEvent("e-1", "v-1", null, EngagementType.PAGE_VIEW, null, null, null,
                NO_UTM))).isEqualTo("occurredAt is required");
    }

    @Test
    void aVisitorOrALeadIsRequired() {
        assertThat(rules.problemOf(event("e-1", " ", "", null))).isEqualTo("visitorId or leadId is required");
    }

    @Test
    void noTextMayHoldNul() {
        String nul = "text cannot contain the NUL character (\\u0000)";
        assertThat(rules.problemOf(event("e\u00001", "v-1", null, null))).isEqualTo(nul);
        assertThat(rules.problemOf(new EngagementEvent("e-1", "v-1", null, EngagementType.AD_CLICK, AT, null, null,
                new Utm("goo\u0000gle", null, null)))).isEqualTo(nul);
        assertThat(rules.problemOf(event("e-1", "v-1", null, Map.of("tags", List.of("ok", Map.of("k\u0000", 1))))))
                .as("nested keys").isEqualTo(nul);
    }

    @Test
    void propertiesAreLimitedInSerializedBytes() {
        assertThat(rules.problemOf(event("e-1", "v-1", null, Map.of("k", "é".repeat(20))))).as("48 bytes").isNull();
        assertThat(rules.problemOf(event("e-1", "v-1", null, Map.of("k", "é".repeat(30)))))
                .isEqualTo(EngagementRules.PROPERTIES_TOO_LARGE + "64 bytes");
        assertThat(rules.maxPropertiesBytes()).isEqualTo(64);
    }

    @Test
    void aLeadIdMustBeALeadId() {
        assertThat(rules.problemOf(event("e-1", null, "lead-7", null))).isEqualTo("leadId is not a lead id");
        assertThat(EngagementRules.unknownLead(LEAD)).isEqualTo("lead " + LEAD + " does not exist");
    }

    @Test
    void blankVisitorsAndLeadsAreAbsent() {
        EngagementEvent event = event("e-1", " ", LEAD, null);
        assertThat(event.visitor()).isNull();
        assertThat(event.lead()).isEqualTo(UUID.fromString(LEAD));
        assertThat(event("e-1", "v-1", "", null).lead()).isNull();
    }

    @Test
    void eventsAttributedAlikeShareOneAttributionKey() {
        UUID campaign = UUID.fromString("00000000-0000-4000-8000-00000000000c");
        EngagementEvent byId = new EngagementEvent("e-1", "v-1", null, EngagementType.AD_CLICK, AT, null, campaign, NO_UTM);
        EngagementEvent byUtm = new EngagementEvent("e-2", "v-2", null, EngagementType.AD_CLICK, AT, null, null,
                new Utm("google", "cpc", "spring"));
        EngagementEvent sameUtm = new EngagementEvent("e-3", "v-3", null, EngagementType.PAGE_VIEW, AT, null, null,
                new Utm("google", "cpc", "spring"));

        assertThat(event("e-4", "v-1", null, null).attributionKey()).isNull();
        assertThat(byId.attributionKey()).isNotEqualTo(byUtm.attributionKey());
        assertThat(byUtm.attributionKey()).isEqualTo(sameUtm.attributionKey());
    }

    private static EngagementEvent event(String eventId, String visitorId, String leadId, Map<String, Object> properties) {
        return new EngagementEvent(eventId, visitorId, leadId, EngagementType.PAGE_VIEW, AT, properties, null, NO_UTM);
    }
}
