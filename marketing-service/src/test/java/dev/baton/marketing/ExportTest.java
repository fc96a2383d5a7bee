package dev.baton.marketing;

import dev.baton.testkit.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static dev.baton.marketing.MarketingFixtures.asMarketer;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/**
 * Issue 21, the export as marketing serves it: its own part of a lead (profile, devices, consent proofs, notes) for
 * the privacy officer; the whole document only when handoff and sales give theirs (here they do not answer: 503, no
 * partial export). The whole document across the three running services is PrivacyJourneyIT's.
 */
@QuarkusTest
@MarketingTestResource
class ExportTest {

    private static RequestSpecification asPrivacyOfficer() {
        return given().auth().oauth2(TestTokens.token("privacy-paula", "privacy-officer"));
    }

    @Test
    void marketingsPartHoldsTheProfileTheDevicesTheProofsAndTheNotes() {
        String tag = UUID.randomUUID().toString();
        String device = "laptop-" + tag;
        String leadId = asMarketer().body(Map.of("email", "export-" + tag + "@example.com", "kind", "FORM",
                        "consent", true, "visitorId", device, "name", "Grace Export", "clientIp", "198.51.100.7",
                        "userAgent", "Firefox/" + tag)).post("/conversions").then().statusCode(201)
                .extract().path("leadId");
        asMarketer().body(Map.of("reason", "met at the fair")).post("/leads/" + leadId + "/qualify").then()
                .statusCode(200);

        asPrivacyOfficer().get("/privacy/exports/" + leadId).then().statusCode(200)
                .body("leadId", equalTo(leadId)).body("service", equalTo("marketing-service"))
                .body("data.leads[0].email", equalTo("export-" + tag + "@example.com"))
                .body("data.leads[0].name", equalTo("Grace Export"))
                .body("data.visitors.visitor_id", hasItem(device))
                .body("data.consentHistory[0].client_ip", equalTo("198.51.100.7"))
                .body("data.consentHistory[0].user_agent", equalTo("Firefox/" + tag))
                .body("data.notes.note", hasItem("met at the fair"))
                .body("data.stages.to_stage", hasItem("QUALIFIED"));
    }

    @Test
    void theWholeDocumentIsGivenWholeOrNotAtAll() {
        String leadId = MarketingFixtures.convert(Map.of());
        asPrivacyOfficer().queryParam("leadId", leadId).get("/privacy/exports").then().statusCode(503)
                .contentType("application/problem+json").body("type", containsString("export-incomplete"));
    }

    @Test
    void aRequestForNobodyOrByAnotherRoleIsRefused() {
        asPrivacyOfficer().get("/privacy/exports").then().statusCode(400).contentType("application/problem+json");
        asPrivacyOfficer().queryParam("leadId", UUID.randomUUID().toString()).queryParam("email", "a@example.com")
                .get("/privacy/exports").then().statusCode(400);
        asPrivacyOfficer().queryParam("email", "nobody-" + UUID.randomUUID() + "@example.com").get("/privacy/exports")
                .then().statusCode(404).contentType("application/problem+json");
        asPrivacyOfficer().queryParam("email", "not an email").get("/privacy/exports").then().statusCode(422);
        given().auth().oauth2(MarketingFixtures.MARKETER).queryParam("leadId", UUID.randomUUID().toString())
                .get("/privacy/exports").then().statusCode(403);
    }
}
