package dev.baton.handoff;

import dev.baton.contract.Actor;
import dev.baton.contract.Stage;
import dev.baton.testkit.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The registry is a function of {@code lead.lifecycle.v1} alone: replaying the topic from the beginning gives the live
 * state, and after the registry rows of some leads are lost, a rebuild brings back the same ownership and history.
 */
@QuarkusTest
@HandoffTestResource
class RegistryRebuildTest {

    @Inject
    Pool pool;

    @Test
    void rebuildingTheRegistryFromTheLifecycleTopicGivesTheSameState() {
        Map<String, String> leads = new LinkedHashMap<>();
        // accepted by the rep
        String accepted = Leads.identified();
        String rep = Leads.handedOff(accepted, Map.of());
        given().auth().oauth2(TestTokens.token(rep, "sales-rep")).post("/ownership/" + accepted + "/accept")
                .then().statusCode(200);
        leads.put("accepted", accepted);
        // rejected, recycled to marketing
        String recycled = Leads.identified();
        String rejecter = Leads.handedOff(recycled, Map.of("country", "FR"));
        given().auth().oauth2(TestTokens.token(rejecter, "sales-rep")).contentType(ContentType.JSON)
                .body("{\"reasonCode\":\"UNREACHABLE\"}").post("/ownership/" + recycled + "/reject")
                .then().statusCode(200);
        leads.put("recycled", recycled);
        // refused: no consent
        String refused = Leads.identified();
        Leads.qualify(refused, 2, Map.of("consent", false));
        Leads.lifecycleWith(refused, "handoff-refused");
        leads.put("refused", refused);
        // still with marketing
        String known = Leads.identified();
        Leads.awaitOwnership(known, "MARKETING");
        leads.put("known", known);
        // accepted, then closed WON by sales
        String won = Leads.identified();
        String closer = Leads.handedOff(won, Map.of("country", "DE"));
        given().auth().oauth2(TestTokens.token(closer, "sales-rep")).post("/ownership/" + won + "/accept")
                .then().statusCode(200);
        // Sales closes after it has seen the acceptance on the topic, as it does for real: published before handoff's
        // relay put "accepted" there, "closed" would precede it in the log and the replay would rightly skip the
        // acceptance as stale, one ownership version short of the live row.
        Leads.lifecycleWith(won, "accepted");
        Events.publish(Leads.sales(won, "closed", Stage.QUALIFIED, Stage.CLOSED, 5, Actor.user(closer),
                Map.of("outcome", "WON", "opportunityId", UUID.randomUUID().toString(), "repId", closer)));
        Leads.awaitOwnership(won, "CLOSED");
        leads.put("won", won);
        // handed off, waiting for an answer
        String open = Leads.identified();
        Leads.handedOff(open, Map.of("country", "JP", "referringRepId", "rep-dieter"));
        leads.put("open", open);

        // 1. Replaying the topic agrees with the live registry on every one of these leads.
        await().atMost(Leads.WAIT).untilAsserted(() -> assertThat(differences(rebuild(false), leads)).isEmpty());

        Map<String, Map<String, Object>> ownershipBefore = new LinkedHashMap<>();
        Map<String, List<Map<String, Object>>> changesBefore = new LinkedHashMap<>();
        leads.forEach((name, id) -> {
            ownershipBefore.put(name, Leads.ownership(id).getMap("$"));
            changesBefore.put(name, changes(id));
        });
        assertThat(ownershipBefore.get("won")).containsEntry("status", "CLOSED").containsEntry("owner", "SALES");
        assertThat(ownershipBefore.get("recycled")).containsEntry("owner", "MARKETING").containsEntry("stage", "KNOWN");
        assertThat(ownershipBefore.get("open")).containsEntry("repId", "rep-dieter");

        // 2. The registry loses these leads (rows and ownership changes)...
        UUID[] ids = leads.values().stream().map(UUID::fromString).toArray(UUID[]::new);
        pool.preparedQuery("DELETE FROM lead_ownership WHERE lead_id = ANY($1)").execute(Tuple.of(ids))
                .await().indefinitely();
        pool.preparedQuery("DELETE FROM ownership_history WHERE lead_id = ANY($1) AND kind = 'CHANGE'")
                .execute(Tuple.of(ids)).await().indefinitely();
        leads.values().forEach(id -> given().auth().oauth2(Leads.OPS).get("/ownership/" + id).then().statusCode(404));

        // 3. ...and a rebuild from the lifecycle topic alone brings back the same state.
        JsonPath report = rebuild(true);
        assertThat(report.getBoolean("applied")).isTrue();
        assertThat(report.getInt("replaced")).isGreaterThanOrEqualTo(leads.size());
        leads.forEach((name, id) -> {
            assertThat(Leads.ownership(id).getMap("$")).as("ownership of the %s lead", name)
                    .isEqualTo(ownershipBefore.get(name));
            assertThat(changes(id)).as("ownership changes of the %s lead", name).isEqualTo(changesBefore.get(name));
        });
        assertThat(differences(rebuild(false), leads)).isEmpty();
    }

    private static JsonPath[] lastReport = new JsonPath[1];

    private static JsonPath rebuild(boolean apply) {
        await().atMost(Leads.WAIT).untilAsserted(() -> lastReport[0] = given().auth().oauth2(Leads.OPS)
                .queryParam("apply", apply).post("/ops/registry/rebuild").then().statusCode(200).extract().jsonPath());
        return lastReport[0];
    }

    private static List<Map<String, Object>> differences(JsonPath report, Map<String, String> leads) {
        List<Map<String, Object>> all = report.getList("differences");
        return all.stream().filter(d -> leads.containsValue(d.get("leadId"))).toList();
    }

    private static List<Map<String, Object>> changes(String leadId) {
        return Leads.history(leadId).stream().filter(h -> "CHANGE".equals(h.get("kind"))).toList();
    }
}
