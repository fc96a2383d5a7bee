package dev.baton.marketing;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.baton.marketing.MarketingFixtures.asMarketer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

/**
 * A withdrawal wins (issue 21): a later conversion, a merge or another user never turns a withdrawn channel back on,
 * and every consent change has its consent-changed event.
 */
@QuarkusTest
@MarketingTestResource
class ConsentWithdrawalTest {

    @Test
    void aLaterConversionWithConsentDoesNotTurnAWithdrawnChannelBackOn() {
        String email = "withdrawn-" + UUID.randomUUID() + "@example.com";
        String leadId = convert(email, "FORM");
        withdraw(leadId, "unsubscribe link");

        // A consultation request would qualify a consenting lead at once: this one stays KNOWN, not contactable.
        asMarketer().body(Map.of("email", email, "kind", "CONSULTATION", "consent", true)).post("/conversions")
                .then().statusCode(200).body("leadId", equalTo(leadId)).body("stage", equalTo("KNOWN"));

        asMarketer().get("/leads/" + leadId + "/consent").then().statusCode(200)
                .body("consentToContact", equalTo(false))
                .body("channels.EMAIL.granted", equalTo(false))
                .body("channels.EMAIL.source", equalTo("unsubscribe link"))
                .body("history.source", not(hasItem("conversion:CONSULTATION")));
        // A later change on another channel marks the end: events of one lead are read in the order they committed.
        asMarketer().body(Map.of("channel", "PHONE", "granted", false, "source", "marker"))
                .put("/leads/" + leadId + "/consent").then().statusCode(200);
        assertThat(consentEvents(leadId, 2)).extracting(e -> e.path("details").path("channel").asText() + "="
                        + e.path("details").path("granted").asBoolean())
                .as("the first grant is in identified; after it, only the withdrawal and the marker")
                .containsExactly("EMAIL=false", "PHONE=false");
        // Each carries the person's whole consent after it, so that handoff and sales keep the latest as it comes.
        assertThat(consentEvents(leadId, 2)).extracting(e -> e.path("details").path("channels").toString())
                .containsExactly("{\"EMAIL\":false}", "{\"EMAIL\":false,\"PHONE\":false}");
    }

    @Test
    void anotherUserCannotGrantAWithdrawnChannelAgain() {
        String leadId = convert("regrant-" + UUID.randomUUID() + "@example.com", "FORM");
        withdraw(leadId, "asked on the phone");

        asMarketer().body(Map.of("channel", "EMAIL", "granted", true, "source", "marketer says they agreed"))
                .put("/leads/" + leadId + "/consent").then().statusCode(409)
                .contentType("application/problem+json")
                .body("type", org.hamcrest.Matchers.endsWith("consent-withdrawn"))
                .body("detail", org.hamcrest.Matchers.containsString("asked on the phone"));

        asMarketer().get("/leads/" + leadId + "/consent").then().statusCode(200)
                .body("channels.EMAIL.granted", equalTo(false))
                .body("history.size()", equalTo(2));
    }

    @Test
    void aKnownPersonsConsentGivenAgainAtAConversionIsPublished() {
        String email = "again-" + UUID.randomUUID() + "@example.com";
        String leadId = asMarketer().body(Map.of("email", email, "kind", "FORM", "consent", false))
                .post("/conversions").then().statusCode(201).extract().path("leadId");

        asMarketer().body(Map.of("email", email, "kind", "TRIAL", "consent", true)).post("/conversions")
                .then().statusCode(200);

        asMarketer().get("/leads/" + leadId + "/consent").then().statusCode(200)
                .body("channels.EMAIL.granted", equalTo(true))
                .body("channels.EMAIL.source", equalTo("conversion:TRIAL"));
        JsonNode granted = consentEvents(leadId, 1).get(0);
        assertThat(granted.path("details").path("granted").asBoolean()).isTrue();
        assertThat(granted.path("details").path("source").asText()).isEqualTo("conversion:TRIAL");
    }

    @Test
    void aMergeKeepsTheStrictestConsentOfBothLeads() {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String survivor = convert("pat-" + tag + "@work.example", "FORM");
        String duplicate = convert("pat-" + tag + "@home.example", "NEWSLETTER");
        withdraw(duplicate, "unsubscribe link");

        asMarketer().body(Map.of("duplicateLeadId", duplicate, "reason", "same person"))
                .post("/leads/" + survivor + "/merge").then().statusCode(200);

        asMarketer().get("/leads/" + survivor + "/consent").then().statusCode(200)
                .body("consentToContact", equalTo(false))
                .body("channels.EMAIL.granted", equalTo(false))
                .body("channels.EMAIL.source", equalTo("merge:unsubscribe link"))
                .body("history.source", hasItem("merge:unsubscribe link"));
        JsonNode withdrawn = consentEvents(survivor, 1).get(0);
        assertThat(withdrawn.path("details").path("granted").asBoolean()).isFalse();
        assertThat(withdrawn.path("details").path("channels").toString()).isEqualTo("{\"EMAIL\":false}");
        assertThat(withdrawn.path("reason").asText()).contains("merging " + duplicate);
        // The duplicate's email converting again reaches the survivor and does not grant it back.
        asMarketer().body(Map.of("email", "pat-" + tag + "@home.example", "kind", "TRIAL", "consent", true))
                .post("/conversions").then().statusCode(200).body("leadId", equalTo(survivor));
        asMarketer().get("/leads/" + survivor + "/consent").then().body("channels.EMAIL.granted", equalTo(false));
    }

    @Test
    void aWithdrawalSentToAMergedAwayLeadReachesTheLeadItWasMergedInto() {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String survivor = convert("sam-" + tag + "@work.example", "FORM");
        String duplicate = convert("sam-" + tag + "@home.example", "FORM");
        asMarketer().body(Map.of("duplicateLeadId", duplicate)).post("/leads/" + survivor + "/merge")
                .then().statusCode(200);

        // The person unsubscribes with a link sent to their old address, before the merge.
        asMarketer().body(Map.of("channel", "EMAIL", "granted", false, "source", "old unsubscribe link"))
                .put("/leads/" + duplicate + "/consent").then().statusCode(200)
                .body("leadId", equalTo(survivor)).body("channels.EMAIL.granted", equalTo(false));

        asMarketer().get("/leads/" + survivor + "/consent").then().statusCode(200)
                .body("consentToContact", equalTo(false)).body("channels.EMAIL.source", equalTo("old unsubscribe link"));
        asMarketer().body(Map.of("kind", "NURTURE")).post("/leads/" + survivor + "/sends").then().statusCode(409);
        assertThat(consentEvents(survivor, 1)).extracting(e -> e.path("details").path("granted").asBoolean())
                .containsExactly(false);
    }

    @Test
    void aChainOfMergesLeadsEveryOldAddressToTheLastSurvivor() {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String first = convert("kim-" + tag + "@old.example", "FORM");
        String second = convert("kim-" + tag + "@home.example", "FORM");
        String last = convert("kim-" + tag + "@work.example", "FORM");
        asMarketer().body(Map.of("duplicateLeadId", first)).post("/leads/" + second + "/merge").then().statusCode(200);
        asMarketer().body(Map.of("duplicateLeadId", second)).post("/leads/" + last + "/merge").then().statusCode(200);

        // The oldest address converts again, and unsubscribes: both reach the last survivor, two merges away.
        asMarketer().body(Map.of("email", "kim-" + tag + "@old.example", "kind", "TRIAL", "consent", true))
                .post("/conversions").then().statusCode(200).body("leadId", equalTo(last));
        asMarketer().body(Map.of("channel", "EMAIL", "granted", false, "source", "old unsubscribe link"))
                .put("/leads/" + first + "/consent").then().statusCode(200).body("leadId", equalTo(last))
                .body("channels.EMAIL.granted", equalTo(false));
    }

    @Test
    void aHandoffRequestCarriesTheConsentPerChannel() {
        String leadId = convert("consult-" + UUID.randomUUID() + "@example.com", "FORM");
        asMarketer().body(Map.of("channel", "PHONE", "granted", false, "source", "do not call"))
                .put("/leads/" + leadId + "/consent").then().statusCode(200);

        asMarketer().body(Map.of("reason", "asked for a demo")).post("/leads/" + leadId + "/qualify")
                .then().statusCode(200).body("stage", equalTo("QUALIFIED"));

        JsonNode qualified = MarketingFixtures.lifecycleEvents(leadId, "qualified", 1).get(0);
        assertThat(qualified.path("details").path("consent").asBoolean()).isTrue();
        assertThat(qualified.path("details").path("channels").toString())
                .isEqualTo("{\"EMAIL\":true,\"PHONE\":false}");
    }

    private static String convert(String email, String kind) {
        return asMarketer().body(Map.of("email", email, "kind", kind, "consent", true)).post("/conversions")
                .then().statusCode(201).extract().path("leadId");
    }

    private static void withdraw(String leadId, String source) {
        asMarketer().body(Map.of("channel", "EMAIL", "granted", false, "source", source))
                .put("/leads/" + leadId + "/consent").then().statusCode(200);
    }

    /** The lead's consent-changed events, once at least {@code atLeast} arrived (or the wait ended). */
    private static List<JsonNode> consentEvents(String leadId, int atLeast) {
        return MarketingFixtures.lifecycleEvents(leadId, "consent-changed", atLeast);
    }
}
