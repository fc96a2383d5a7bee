package dev.baton.handoff;

import dev.baton.contract.Actor;
import dev.baton.contract.Stage;
import dev.baton.testkit.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

/** "Who owned this lead at time T": answered from the ownership history. */
@QuarkusTest
@HandoffTestResource
class OwnershipHistoryTest {

    @Test
    void theOwnerAtAnyTimeComesFromTheHistory() {
        String leadId = Leads.identified();
        String rep = Leads.handedOff(leadId, Map.of());
        given().auth().oauth2(TestTokens.token(rep, "sales-rep")).post("/ownership/" + leadId + "/accept")
                .then().statusCode(200);

        List<Map<String, Object>> history = Leads.history(leadId).stream().filter(h -> "CHANGE".equals(h.get("kind")))
                .toList();
        assertThat(history).extracting(h -> h.get("status")).containsExactly("MARKETING", "HANDED_OFF", "ACCEPTED");
        assertThat(history).allSatisfy(h -> assertThat(h).containsKeys("actorId", "reason", "causationId", "occurredAt"));
        Instant registered = Instant.parse((String) history.get(0).get("occurredAt"));
        Instant handedOff = Instant.parse((String) history.get(1).get("occurredAt"));
        Instant accepted = Instant.parse((String) history.get(2).get("occurredAt"));

        at(leadId, registered.minusMillis(1)).statusCode(404).contentType("application/problem+json")
                .body("detail", containsString("not registered yet"));
        at(leadId, registered).statusCode(200).body("owner", equalTo("MARKETING")).body("version", equalTo(1))
                .body("repId", equalTo(null));
        at(leadId, handedOff.minusNanos(1000)).statusCode(200).body("owner", equalTo("MARKETING"));
        at(leadId, handedOff).statusCode(200).body("owner", equalTo("SALES")).body("repId", equalTo(rep))
                .body("status", equalTo("HANDED_OFF")).body("slaDueAt", notNullValue()).body("version", equalTo(2));
        at(leadId, accepted.plusSeconds(3600)).statusCode(200).body("status", equalTo("ACCEPTED"))
                .body("version", equalTo(3));
        // Any RFC 3339 offset works.
        given().auth().oauth2(Leads.OPS).queryParam("at", accepted.atOffset(ZoneOffset.ofHours(2)).toString())
                .get("/ownership/" + leadId).then().statusCode(200).body("status", equalTo("ACCEPTED"));

        given().auth().oauth2(Leads.OPS).queryParam("at", "yesterday").get("/ownership/" + leadId).then()
                .statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(Leads.OPS).queryParam("at", accepted.toString()).get("/ownership/" + UUID.randomUUID())
                .then().statusCode(404);
        // The same object-level rule as the current ownership: another rep may not look.
        given().auth().oauth2(TestTokens.token("rep-hopper", "sales-rep")).queryParam("at", accepted.toString())
                .get("/ownership/" + leadId).then().statusCode(403);
    }

    @Test
    void theStageAtAnyTimeCountsTheMovesThatLeftTheOwnershipAlone() {
        // Before: ?at= took the stage of the last ownership change, so qualified and retained were missed.
        String leadId = Leads.identified();
        String rep = Leads.handedOff(leadId, Map.of());
        given().auth().oauth2(TestTokens.token(rep, "sales-rep")).post("/ownership/" + leadId + "/accept")
                .then().statusCode(200);
        Events.publish(Leads.sales(leadId, "closed", Stage.QUALIFIED, Stage.CLOSED, 5, Actor.user(rep),
                Map.of("outcome", "WON", "opportunityId", UUID.randomUUID().toString(), "repId", rep)));
        Leads.awaitOwnership(leadId, "CLOSED");
        Events.publish(Leads.sales(leadId, "retained", Stage.CLOSED, Stage.RETAINED, 6, Actor.user(rep),
                Map.of("kind", "CHECK_IN", "repId", rep)));
        await().atMost(Leads.WAIT).until(() -> Leads.history(leadId).size() == 6);

        List<Map<String, Object>> history = Leads.history(leadId);
        assertThat(history).extracting(h -> h.get("kind") + " " + h.get("stage")).containsExactly("CHANGE KNOWN",
                "STAGE QUALIFIED", "CHANGE QUALIFIED", "CHANGE QUALIFIED", "CHANGE CLOSED", "STAGE RETAINED");
        Instant qualified = Instant.parse((String) history.get(1).get("occurredAt"));
        Instant closed = Instant.parse((String) history.get(4).get("occurredAt"));
        Instant retained = Instant.parse((String) history.get(5).get("occurredAt"));

        at(leadId, qualified.minusNanos(1000)).statusCode(200).body("stage", equalTo("KNOWN"));
        at(leadId, qualified).statusCode(200).body("stage", equalTo("QUALIFIED")).body("owner", equalTo("MARKETING"))
                .body("version", equalTo(1));
        at(leadId, closed).statusCode(200).body("stage", equalTo("CLOSED")).body("status", equalTo("CLOSED"));
        at(leadId, retained).statusCode(200).body("stage", equalTo("RETAINED")).body("status", equalTo("CLOSED"))
                .body("version", equalTo(4));
        given().auth().oauth2(Leads.OPS).get("/ownership/" + leadId).then().statusCode(200)
                .body("stage", equalTo("RETAINED"));
    }

    private static io.restassured.response.ValidatableResponse at(String leadId, Instant at) {
        return given().auth().oauth2(Leads.OPS).queryParam("at", at.toString()).get("/ownership/" + leadId).then();
    }
}
