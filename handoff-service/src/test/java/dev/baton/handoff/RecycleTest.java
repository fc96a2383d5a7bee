package dev.baton.handoff;

import dev.baton.contract.Actor;
import dev.baton.contract.LifecycleEvent;
import dev.baton.contract.Stage;
import dev.baton.testkit.TestEvents;
import dev.baton.testkit.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * Issue 22, no dead ends: a LOST lead goes back to marketing's nurture once its cool-down is over (recycled, CLOSED to
 * KNOWN), and can be qualified and handed off again; a customer, won or churned, stays with sales.
 */
@QuarkusTest
@HandoffTestResource
@TestProfile(RecycleTest.ShortCoolDown.class)
class RecycleTest {

    /** Cool-downs of a second, polled every 200 ms. */
    public static class ShortCoolDown implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return TestOverrides.overriding(Map.of("baton.handoff.recycle.lost-after", "PT1S",
                    "baton.handoff.recycle.poll-interval", "PT0.2S"));
        }
    }

    @Test
    void aLostLeadGoesBackToMarketingAfterItsCoolDownAndCanBeHandedOffAgain() {
        String leadId = Leads.identified();
        String rep = acceptedBy(leadId);
        Leads.awaitOwnership(leadId, "ACCEPTED");
        Events.publish(Leads.sales(leadId, "closed", Stage.QUALIFIED, Stage.CLOSED, 5, Actor.user(rep),
                Map.of("outcome", "LOST", "opportunityId", UUID.randomUUID().toString(), "repId", rep)));

        Leads.awaitOwnership(leadId, "MARKETING");
        List<LifecycleEvent> lifecycle = Leads.lifecycleWith(leadId, "recycled");
        LifecycleEvent recycled = lifecycle.get(lifecycle.size() - 1);
        assertThat(recycled.from()).isEqualTo(Stage.CLOSED);
        assertThat(recycled.to()).isEqualTo(Stage.KNOWN);
        assertThat(recycled.sequence()).isEqualTo(6);
        assertThat(recycled.actor().kind()).isEqualTo("SYSTEM");
        assertThat(recycled.reason()).contains("LOST").contains("nurture");
        assertThat(TestEvents.facts(recycled)).containsEntry("reasonCode", "LOST");
        assertThat(Leads.ownership(leadId).getString("owner")).isEqualTo("MARKETING");
        assertThat(Leads.ownership(leadId).getString("repId")).isNull();

        // Marketing wins them back: qualified again, handed off again.
        Leads.qualify(leadId, 7, Map.of("consent", true));
        Leads.awaitOwnership(leadId, "HANDED_OFF");
        assertThat(Leads.types(Leads.lifecycleWith(leadId, "handed-off"))).containsSubsequence("recycled",
                "qualified", "handed-off");
    }

    @Test
    void aCustomerWonOrChurnedStaysWithSales() {
        String churned = Leads.identified();
        String rep = acceptedBy(churned);
        Events.publish(Leads.sales(churned, "closed", Stage.QUALIFIED, Stage.CLOSED, 5, Actor.user(rep),
                Map.of("outcome", "WON", "opportunityId", UUID.randomUUID().toString(), "repId", rep)));
        Events.publish(Leads.sales(churned, "retained", Stage.CLOSED, Stage.RETAINED, 6, Actor.user(rep),
                Map.of("kind", "CHECK_IN", "repId", rep)));
        Events.publish(Leads.sales(churned, "churned", Stage.RETAINED, Stage.CLOSED, 7, Actor.user(rep),
                Map.of("repId", rep, "previousStatus", "RETAINED")));
        String won = Leads.identified();
        String wonRep = acceptedBy(won);
        Events.publish(Leads.sales(won, "closed", Stage.QUALIFIED, Stage.CLOSED, 5, Actor.user(wonRep),
                Map.of("outcome", "WON", "opportunityId", UUID.randomUUID().toString(), "repId", wonRep)));

        // Well past the cool-down, both are still sales': a win-back of a churned customer is sales' to make.
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            given().auth().oauth2(Leads.OPS).get("/ownership/" + won).then().statusCode(200)
                    .body("owner", equalTo("SALES")).body("status", equalTo("CLOSED"));
            given().auth().oauth2(Leads.OPS).get("/ownership/" + churned).then().statusCode(200)
                    .body("owner", equalTo("SALES")).body("status", equalTo("CLOSED")).body("stage", equalTo("CLOSED"));
        });
        assertThat(Leads.types(Leads.lifecycle(churned, events -> false, Duration.ofSeconds(1))))
                .doesNotContain("recycled");
    }

    /** Identified, qualified, handed off and accepted by its assignee; the assignee. */
    private static String acceptedBy(String leadId) {
        String rep = Leads.handedOff(leadId, Map.of());
        given().auth().oauth2(TestTokens.token(rep, "sales-rep")).post("/ownership/" + leadId + "/accept")
                .then().statusCode(200);
        return rep;
    }

}
