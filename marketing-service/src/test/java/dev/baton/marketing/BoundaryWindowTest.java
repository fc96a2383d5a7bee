package dev.baton.marketing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.contract.CloudEvent;
import dev.baton.contract.Owner;
import dev.baton.contract.Stage;
import dev.baton.testkit.TestEvents;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static dev.baton.marketing.MarketingFixtures.asMarketer;
import static dev.baton.marketing.MarketingFixtures.convert;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * The boundary has no window: {@code handed-off} (lead.lifecycle.v1) and the ownership record (lead.ownership.v1)
 * travel on two topics and reach marketing in either order. Whichever comes first, marketing refuses prospect actions
 * from then on, and gives the lead back only once both say marketing owns it again.
 */
@QuarkusTest
@MarketingTestResource
class BoundaryWindowTest {

    @Test
    void handedOffAloneAlreadyStopsSendsQualificationAndMerges() {
        String leadId = convert(Map.of("kind", "CONSULTATION")); // identified #1, qualified #2: a handoff is on its way
        TestEvents.publish(handedOff(leadId, 3));
        // The handoff reached marketing; the ownership record (lead.ownership.v1) has not.
        awaitSequence(leadId, 3);

        asMarketer().body(Map.of("kind", "NURTURE")).post("/leads/" + leadId + "/sends").then().statusCode(409)
                .contentType("application/problem+json").body("owner", equalTo("SALES"));
        asMarketer().body(Map.of()).post("/leads/" + leadId + "/qualify").then().statusCode(409)
                .contentType("application/problem+json").body("type", equalTo("https://baton.dev/problems/sales-owns-lead"))
                .body("owner", equalTo("SALES"));
        String duplicate = convert(Map.of());
        asMarketer().body(Map.of("duplicateLeadId", duplicate)).post("/leads/" + leadId + "/merge").then().statusCode(409)
                .contentType("application/problem+json");
        asMarketer().body(Map.of("duplicateLeadId", leadId)).post("/leads/" + duplicate + "/merge").then().statusCode(409)
                .contentType("application/problem+json");
        asMarketer().get("/leads/" + duplicate).then().body("mergedInto", equalTo(null));
        asMarketer().get("/leads/" + leadId).then().statusCode(200)
                .body("owner", equalTo("SALES")).body("handoffPending", equalTo(false));

        List<JsonNode> blocked = MarketingFixtures.lifecycleEvents(leadId, "marketing-send-blocked", 2);
        assertThat(blocked).extracting(e -> e.path("details").path("sendKind").asText())
                .containsExactlyInAnyOrder("NURTURE", "QUALIFY");
        assertThat(blocked).allSatisfy(e -> assertThat(e.path("sequence").asLong()).isEqualTo(3));
    }

    @Test
    void theOwnershipRecordFirstThenHandedOffTwiceLeavesSalesTheOwner() {
        String leadId = convert(Map.of("kind", "CONSULTATION"));
        MarketingFixtures.ownership(leadId, Owner.SALES, "rep-ada", "HANDED_OFF", 2);
        awaitOwnershipVersion(leadId, 2);
        CloudEvent handedOff = handedOff(leadId, 3);
        TestEvents.publish(handedOff);
        TestEvents.publish(handedOff); // redelivered: the same CloudEvents id
        awaitSequence(leadId, 3);

        asMarketer().get("/leads/" + leadId).then().body("owner", equalTo("SALES")).body("repId", equalTo("rep-ada"));
        asMarketer().body(Map.of("kind", "NURTURE")).post("/leads/" + leadId + "/sends").then().statusCode(409)
                .contentType("application/problem+json").body("owner", equalTo("SALES"));
    }

    @Test
    void aRecycledLeadComesBackOnlyWhenBothTopicsSayMarketingWhateverTheirOrder() {
        // The ownership topic runs ahead: it already says MARKETING again (v3) while the lifecycle is at handed-off.
        String ownershipFirst = convert(Map.of("kind", "CONSULTATION"));
        TestEvents.publish(handedOff(ownershipFirst, 3));
        MarketingFixtures.ownership(ownershipFirst, Owner.SALES, "rep-ada", "HANDED_OFF", 2);
        MarketingFixtures.ownership(ownershipFirst, Owner.MARKETING, null, "MARKETING", 3);
        awaitSequence(ownershipFirst, 3);
        awaitOwnershipVersion(ownershipFirst, 3);
        asMarketer().body(Map.of("kind", "NURTURE")).post("/leads/" + ownershipFirst + "/sends").then().statusCode(409)
                .contentType("application/problem+json").body("owner", equalTo("SALES"));
        recycle(ownershipFirst);
        asMarketer().get("/leads/" + ownershipFirst).then().body("owner", equalTo("MARKETING"))
                .body("stage", equalTo("KNOWN"));
        asMarketer().body(Map.of("kind", "NURTURE")).post("/leads/" + ownershipFirst + "/sends").then().statusCode(202);

        // The lifecycle runs ahead: it is recycled while the ownership topic still says SALES (v2).
        String lifecycleFirst = convert(Map.of("kind", "CONSULTATION"));
        TestEvents.publish(handedOff(lifecycleFirst, 3));
        MarketingFixtures.ownership(lifecycleFirst, Owner.SALES, "rep-ada", "HANDED_OFF", 2);
        awaitOwnershipVersion(lifecycleFirst, 2);
        recycle(lifecycleFirst);
        asMarketer().body(Map.of("kind", "NURTURE")).post("/leads/" + lifecycleFirst + "/sends").then().statusCode(409)
                .contentType("application/problem+json").body("owner", equalTo("SALES"));
        MarketingFixtures.ownership(lifecycleFirst, Owner.MARKETING, null, "MARKETING", 3);
        awaitOwnershipVersion(lifecycleFirst, 3);
        asMarketer().get("/leads/" + lifecycleFirst).then().body("owner", equalTo("MARKETING"));
        asMarketer().body(Map.of("kind", "NURTURE")).post("/leads/" + lifecycleFirst + "/sends").then().statusCode(202);
    }

    /** The rep rejects the lead (#4) and it goes back to marketing's nurture (#5), as the handoff service says it. */
    private static void recycle(String leadId) {
        TestEvents.publish(MarketingFixtures.lifecycle(leadId, "rejected", Stage.QUALIFIED, Stage.QUALIFIED, 4,
                Map.of("repId", "rep-ada", "reasonCode", "NO_FIT"), "handoff-service"));
        TestEvents.publish(MarketingFixtures.lifecycle(leadId, "recycled", Stage.QUALIFIED, Stage.KNOWN, 5,
                Map.of("reasonCode", "NO_FIT"), "handoff-service"));
        awaitSequence(leadId, 5);
    }

    private static CloudEvent handedOff(String leadId, long seq) {
        return MarketingFixtures.lifecycle(leadId, "handed-off", Stage.QUALIFIED, Stage.QUALIFIED, seq,
                Map.of("repId", "rep-ada", "slaDueAt", Instant.now().plusSeconds(3600).toString(), "policy", "ROUND_ROBIN"),
                "handoff-service");
    }

    private static void awaitOwnershipVersion(String leadId, int version) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> asMarketer().get("/leads/" + leadId).then()
                .statusCode(200).body("ownershipVersion", equalTo(version)));
    }

    private static void awaitSequence(String leadId, int seq) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> asMarketer().get("/leads/" + leadId).then()
                .statusCode(200).body("sequence", equalTo(seq)));
    }
}
