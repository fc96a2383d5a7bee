package dev.baton.faults.check;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.contract.Json;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What the lifecycle topic says each projection must show. */
class LeadFoldTest {

    @Test
    void aWonAndRetainedLead() {
        LeadFold fold = LeadFold.of(List.of(
                event("identified", 1, "KNOWN", "{}"),
                event("qualified", 2, "QUALIFIED", "{}"),
                event("handed-off", 3, "QUALIFIED", "{\"repId\":\"rep-ada\"}"),
                event("accepted", 4, "QUALIFIED", "{}"),
                event("closed", 5, "CLOSED", "{\"outcome\":\"WON\"}"),
                event("retained", 6, "RETAINED", "{}")));

        assertThat(fold.stage).isEqualTo("RETAINED");
        assertThat(fold.lastSequence).isEqualTo(6);
        assertThat(fold.owner).isEqualTo("SALES");
        assertThat(fold.repId).isEqualTo("rep-ada");
        assertThat(fold.handoffStatus).isEqualTo("CLOSED");
        assertThat(fold.opportunities).containsExactly(new LeadFold.Opportunity("rep-ada", "WON"));
    }

    @Test
    void aRejectedLeadGoesBackToMarketing() {
        LeadFold fold = LeadFold.of(List.of(
                event("identified", 1, "KNOWN", "{}"),
                event("qualified", 2, "QUALIFIED", "{}"),
                event("handed-off", 3, "QUALIFIED", "{\"repId\":\"rep-grace\"}"),
                event("rejected", 4, "QUALIFIED", "{}"),
                event("recycled", 5, "KNOWN", "{}")));

        assertThat(fold.stage).isEqualTo("KNOWN");
        assertThat(fold.owner).isEqualTo("MARKETING");
        assertThat(fold.repId).isNull();
        assertThat(fold.handoffStatus).isEqualTo("MARKETING");
        assertThat(fold.opportunities).containsExactly(new LeadFold.Opportunity("rep-grace", "REJECTED"));
    }

    @Test
    void auditOnlyEventsNeitherTakeNorNeedANumber() {
        LeadFold fold = LeadFold.of(List.of(
                event("identified", 1, "KNOWN", "{}"),
                event("consent-changed", 1, "KNOWN", "{}"),
                event("qualified", 2, "QUALIFIED", "{}")));

        assertThat(fold.duplicateSequences).isEmpty();
        assertThat(fold.missingSequences).isEmpty();
        assertThat(fold.lastSequence).isEqualTo(2);
    }

    private static LifecycleRecord event(String type, long sequence, String to, String details) {
        try {
            JsonNode node = Json.mapper().readTree(details);
            return new LifecycleRecord(type + sequence, type, sequence, to, node, "p@" + sequence);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
