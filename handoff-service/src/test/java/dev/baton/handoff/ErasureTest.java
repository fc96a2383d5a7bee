package dev.baton.handoff;

import dev.baton.contract.LifecycleDetails;
import dev.baton.contract.LifecycleEvent;
import dev.baton.contract.Stage;
import dev.baton.testkit.PersonalDataScan;
import dev.baton.testkit.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

/**
 * Issue 21, the handoff service's part of an erasure: a manager's own words about the lead leave the ownership
 * history (they never reached a topic), owners and stages stay, and the service confirms once, however often the
 * erased event arrives.
 */
@QuarkusTest
@HandoffTestResource
class ErasureTest {

    private static final String PRIVACY = TestTokens.token("privacy-paula", "privacy-officer");

    @Test
    void theManagersWordsGoTheAuditStaysAndTheErasureIsConfirmedOnce() {
        String canary = "canary" + UUID.randomUUID().toString().replace("-", "");
        String leadId = Leads.identified();
        assertThat(Leads.handedOff(leadId, Map.of("country", "fr"))).isEqualTo("rep-amelie");
        given().auth().oauth2(TestTokens.token("manager-barbara", "sales-manager")).contentType(ContentType.JSON)
                .body(Map.of("repId", "rep-dieter", "reason", "Amélie knows " + canary)).post("/ownership/" + leadId
                        + "/reassign").then().statusCode(202);
        assertThat(PersonalDataScan.rowsContaining(HandoffInfrastructure.jdbcUrl(), canary)).isNotEmpty();
        given().auth().oauth2(PRIVACY).get("/privacy/exports/" + leadId).then().statusCode(200)
                .body("service", equalTo("handoff-service")).body("data.ownership.rep_id", equalTo("rep-dieter"))
                .body("data.history.reason", hasItem("Amélie knows " + canary));
        List<Map<String, Object>> before = Leads.history(leadId);

        String erasureId = UUID.randomUUID().toString();
        var erased = Leads.marketing(leadId, "erased", Stage.QUALIFIED, Stage.QUALIFIED, 2,
                Map.of("erasureId", erasureId));
        Events.publish(erased);
        Events.publish(erased);

        // A later erasure of the same lead comes after both deliveries (one partition): once it is confirmed, the
        // redelivery has been handled too.
        String later = UUID.randomUUID().toString();
        Events.publish(Leads.marketing(leadId, "erased", Stage.QUALIFIED, Stage.QUALIFIED, 2, Map.of("erasureId", later)));
        List<LifecycleEvent> lifecycle = Leads.lifecycle(leadId, events -> events.stream().anyMatch(e ->
                e.details() instanceof LifecycleDetails.ErasureConfirmed c && later.equals(c.erasureId())), Leads.WAIT);
        List<LifecycleEvent> confirmed = lifecycle.stream().filter(e -> e.details()
                instanceof LifecycleDetails.ErasureConfirmed c && erasureId.equals(c.erasureId())).toList();
        assertThat(confirmed).as("confirmed once, however often erased arrives").hasSize(1);
        assertThat(confirmed.get(0).details(LifecycleDetails.ErasureConfirmed.class))
                .isEqualTo(new LifecycleDetails.ErasureConfirmed(erasureId, "handoff-service"));
        assertThat(confirmed.get(0).causationId()).isEqualTo(erased.id());
        await().atMost(Leads.WAIT).untilAsserted(() ->
                assertThat(PersonalDataScan.rowsContaining(HandoffInfrastructure.jdbcUrl(), canary)).isEmpty());
        List<Map<String, Object>> after = Leads.history(leadId);
        assertThat(after).as("only the note went").hasSize(before.size() - 1)
                .noneMatch(line -> "NOTE".equals(line.get("kind")));
        assertThat(Leads.ownership(leadId).getString("repId")).isEqualTo("rep-dieter");
        given().auth().oauth2(PRIVACY).get("/privacy/exports/" + leadId).then().statusCode(200)
                .body("data.history.reason", not(hasItem("Amélie knows " + canary)));
        given().auth().oauth2(TestTokens.token("manager-barbara", "sales-manager")).get("/privacy/exports/" + leadId)
                .then().statusCode(403);
        // Nothing more is written about the person, and nobody may contact them.
        given().auth().oauth2(TestTokens.token("manager-barbara", "sales-manager")).contentType(ContentType.JSON)
                .body(Map.of("repId", "rep-amelie", "reason", "again")).post("/ownership/" + leadId + "/reassign")
                .then().statusCode(409).body("type", org.hamcrest.Matchers.containsString("lead-erased"));
    }
}
