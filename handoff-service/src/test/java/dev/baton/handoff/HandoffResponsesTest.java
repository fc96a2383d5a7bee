package dev.baton.handoff;

import dev.baton.contract.Actor;
import dev.baton.contract.LifecycleEvent;
import dev.baton.testkit.TestEvents;
import dev.baton.testkit.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

/**
 * The assignee's answer: accepted (by the rep or their assistant), or rejected with a reason code, which recycles the
 * lead to marketing. Anyone else's answer is refused and audited; bad input changes nothing.
 */
@QuarkusTest
@HandoffTestResource
class HandoffResponsesTest {

    private static final String ALAN = TestTokens.token("assistant-alan", "sales-assistant"); // assists rep-ada

    @Test
    void theAssistantOfTheAssigneeAcceptsOnTheirBehalf() {
        String leadId = handedOffTo("rep-ada");

        given().auth().oauth2(ALAN).post("/ownership/" + leadId + "/accept").then().statusCode(200)
                .body("owner", equalTo("SALES")).body("repId", equalTo("rep-ada")).body("status", equalTo("ACCEPTED"))
                .body("slaDueAt", equalTo(null)).body("version", equalTo(3));

        LifecycleEvent accepted = Leads.lifecycleWith(leadId, "accepted").stream()
                .filter(e -> e.type().shortName().equals("accepted")).findFirst().orElseThrow();
        assertThat(accepted.sequence()).isEqualTo(4);
        assertThat(accepted.actor()).isEqualTo(Actor.userFor("assistant-alan", "rep-ada"));
        List<Map<String, Object>> history = Leads.history(leadId);
        assertThat(history.get(history.size() - 1)).containsEntry("kind", "CHANGE").containsEntry("status", "ACCEPTED")
                .containsEntry("actorId", "assistant-alan").containsEntry("onBehalfOf", "rep-ada");
        // Answered once: a second answer is a conflict.
        given().auth().oauth2(TestTokens.token("rep-ada", "sales-rep")).post("/ownership/" + leadId + "/accept")
                .then().statusCode(409).contentType("application/problem+json").body("status", equalTo(409))
                .body("handoffStatus", equalTo("ACCEPTED"));
    }

    @Test
    void aRejectionWithAReasonCodeRecyclesTheLeadToMarketing() {
        String leadId = Leads.identified();
        String rep = Leads.handedOff(leadId, Map.of());

        given().auth().oauth2(TestTokens.token(rep, "sales-rep")).contentType(ContentType.JSON)
                .body("{\"reasonCode\":\"NO_BUDGET\"}").post("/ownership/" + leadId + "/reject").then().statusCode(200)
                .body("owner", equalTo("MARKETING")).body("repId", equalTo(null)).body("status", equalTo("MARKETING"))
                .body("stage", equalTo("KNOWN")).body("version", equalTo(3));

        List<LifecycleEvent> lifecycle = Leads.lifecycleWith(leadId, "recycled");
        assertThat(Leads.types(lifecycle)).containsExactly("identified", "qualified", "handed-off", "rejected",
                "recycled");
        assertThat(lifecycle).extracting(LifecycleEvent::sequence).containsExactly(1L, 2L, 3L, 4L, 5L);
        LifecycleEvent recycled = lifecycle.get(4);
        assertThat(recycled.from().name()).isEqualTo("QUALIFIED");
        assertThat(recycled.to().name()).isEqualTo("KNOWN");
        assertThat(TestEvents.facts(recycled)).containsEntry("reasonCode", "NO_BUDGET");
        assertThat(TestEvents.facts(lifecycle.get(3))).containsEntry("repId", rep).containsEntry("reasonCode", "NO_BUDGET");
        given().auth().oauth2(Leads.OPS).get("/ownership/" + leadId + "/history").then().statusCode(200)
                .body("findAll { it.kind == 'CHANGE' }.status", contains("MARKETING", "HANDED_OFF", "MARKETING"))
                .body("findAll { it.kind == 'CHANGE' }[2].actorId", equalTo(rep))
                .body("findAll { it.kind == 'CHANGE' }[2].reason", containsString("NO_BUDGET"))
                // caused by the rejection (the recycled event names it)
                .body("findAll { it.kind == 'CHANGE' }[2].causationId", equalTo(recycled.causationId()));
    }

    @Test
    void anAnswerFromAnyoneButTheAssigneeIsRefusedAuditedAndChangesNothing() {
        String leadId = handedOffTo("rep-grace");

        // Over the API: another rep, rep-ada's assistant, and grace's own manager (who is not the assignee).
        for (String token : List.of(TestTokens.token("rep-ada", "sales-rep"), ALAN,
                TestTokens.token("manager-barbara", "sales-manager"))) {
            given().auth().oauth2(token).post("/ownership/" + leadId + "/accept").then().statusCode(403)
                    .contentType("application/problem+json");
        }
        // From sales: an answer given for another rep than the assignee.
        Leads.salesResponse(leadId, "ACCEPT", null, "rep-ada", Actor.user("rep-ada"));

        await().atMost(Leads.WAIT).untilAsserted(() -> given().auth().oauth2(Leads.OPS)
                .get("/ownership/" + leadId + "/history").then().statusCode(200)
                .body("findAll { it.kind == 'REFUSAL' }.actorId",
                        contains("rep-ada", "assistant-alan", "manager-barbara", "rep-ada")));
        given().auth().oauth2(Leads.OPS).get("/ownership/" + leadId).then().statusCode(200)
                .body("status", equalTo("HANDED_OFF")).body("repId", equalTo("rep-grace")).body("version", equalTo(2));
        assertThat(Leads.types(Leads.lifecycle(leadId, events -> false, Duration.ofSeconds(2))))
                .containsExactly("identified", "qualified", "handed-off");

        // The assignee's own answer, from sales, is applied.
        Leads.salesResponse(leadId, "ACCEPT", null, "rep-grace", Actor.user("rep-grace"));
        Leads.awaitOwnership(leadId, "ACCEPTED");
    }

    @Test
    void badAnswersAreRefusedWithTheirStatusAndChangeNothing() {
        String leadId = handedOffTo("rep-ada");
        String ada = TestTokens.token("rep-ada", "sales-rep");

        given().auth().oauth2(ada).contentType(ContentType.JSON).body("{\"reasonCode\":\"TOO_EXPENSIVE\"}")
                .post("/ownership/" + leadId + "/reject").then().statusCode(422)
                .contentType("application/problem+json")
                .body("allowed", contains("UNREACHABLE", "BAD_DATA", "NO_NEED", "NO_BUDGET", "NO_FIT"))
                .body("detail", containsString("NO_FIT"));
        given().auth().oauth2(ada).contentType(ContentType.JSON).body("{}")
                .post("/ownership/" + leadId + "/reject").then().statusCode(422);
        given().auth().oauth2(ada).post("/ownership/" + UUID.randomUUID() + "/accept").then().statusCode(404)
                .contentType("application/problem+json");
        given().auth().oauth2(ada).contentType(ContentType.JSON).body("{\"reasonCode\":\"NO_FIT\",\"owner\":\"SALES\"}")
                .post("/ownership/" + leadId + "/reject").then().statusCode(400);
        given().auth().oauth2(Leads.OPS).get("/ownership/" + leadId).then().statusCode(200)
                .body("status", equalTo("HANDED_OFF")).body("version", equalTo(2));

        String marketingLead = Leads.identified();
        Leads.awaitOwnership(marketingLead, "MARKETING");
        given().auth().oauth2(ada).post("/ownership/" + marketingLead + "/accept").then().statusCode(409)
                .contentType("application/problem+json").body("status", equalTo(409));
        given().auth().oauth2(ada).contentType(ContentType.JSON).body("{\"reasonCode\":\"NO_FIT\"}")
                .post("/ownership/" + marketingLead + "/reject").then().statusCode(409);
        given().auth().oauth2(Leads.OPS).get("/ownership/" + marketingLead).then().statusCode(200)
                .body("owner", equalTo("MARKETING")).body("version", equalTo(1));
        given().auth().oauth2(Leads.OPS).get("/ownership/" + marketingLead + "/history").then()
                .body("kind", hasItems("CHANGE", "REFUSAL"));
    }

    /** A lead handed off to {@code rep}: new leads are qualified until round robin gives one to that generalist. */
    private static String handedOffTo(String rep) {
        for (int attempt = 0; attempt < 3; attempt++) {
            String leadId = Leads.identified();
            if (Leads.handedOff(leadId, Map.of()).equals(rep)) {
                return leadId;
            }
        }
        throw new AssertionError("round robin never gave a lead to " + rep);
    }
}
