package dev.baton.sales;

import dev.baton.contract.Actor;
import dev.baton.contract.CloudEvent;
import dev.baton.contract.EventTypes;
import dev.baton.contract.LifecycleEvent;
import dev.baton.contract.Owner;
import dev.baton.contract.OwnershipChanged;
import dev.baton.contract.Stage;
import dev.baton.testkit.TestEvents;
import dev.baton.testkit.TestTokens;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasSize;

/** Puts leads into sales the way the handoff service does: handed-off and ownership events on the real broker. */
final class SalesFixtures {

    static final String OPS = TestTokens.token("ops-olga", "ops");

    private SalesFixtures() {
    }

    /** Hands a new lead to {@code repId} and returns the opportunity id sales opened for it. */
    static Handoff handOff(String repId) {
        String leadId = UUID.randomUUID().toString();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        TestEvents.publish(new LifecycleEvent(leadId, "handed-off", Stage.QUALIFIED, Stage.QUALIFIED,
                Actor.system("handoff-service"), "assigned", "test", 3, now,
                Map.of("repId", repId, "slaDueAt", now.plusSeconds(3600).toString(), "policy", "ROUND_ROBIN"))
                .toCloudEvent("handoff-service"));
        publishOwnership(leadId, repId, "HANDED_OFF", 2);
        String[] id = new String[1];
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            List<String> ids = given().auth().oauth2(OPS).queryParam("leadId", leadId).get("/opportunities")
                    .then().statusCode(200).body("$", hasSize(1)).extract().path("opportunityId");
            id[0] = ids.get(0);
        });
        return new Handoff(leadId, id[0], repId);
    }

    /** The handoff service's confirmation of an accept: lifecycle accepted + ownership ACCEPTED. */
    static void confirmAccepted(Handoff handoff) {
        TestEvents.publish(new LifecycleEvent(handoff.leadId(), "accepted", Stage.QUALIFIED, Stage.QUALIFIED,
                Actor.user(handoff.repId()), "accepted", "test", 4, Instant.now().truncatedTo(ChronoUnit.MILLIS),
                Map.of("repId", handoff.repId(), "opportunityId", handoff.opportunityId())).toCloudEvent("handoff-service"));
        publishOwnership(handoff.leadId(), handoff.repId(), "ACCEPTED", 3);
    }

    static void publishOwnership(String leadId, String repId, String status, long version) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        TestEvents.publish(CloudEvent.create("handoff-service", EventTypes.OWNERSHIP_CHANGED, leadId, now,
                new OwnershipChanged(leadId, Owner.SALES, repId, status, null, version, Actor.system("handoff-service"),
                        "test", "test", now)));
    }

    record Handoff(String leadId, String opportunityId, String repId) {
    }
}
