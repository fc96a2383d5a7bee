package dev.baton.marketing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.contract.Stage;
import dev.baton.testkit.TestEvents;
import dev.baton.testkit.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static dev.baton.marketing.MarketingFixtures.asMarketer;
import static dev.baton.marketing.MarketingFixtures.convert;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;

/** Campaigns and attribution, the funnel, merges and referrals. */
@QuarkusTest
@MarketingTestResource
class CampaignFunnelMergeTest {

    @Test
    void campaignsAreCreatedListedArchivedAndAttributedInTheFunnel() {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String webinar = asMarketer().body(Map.of("name", "Webinar " + tag, "channel", "WEBINAR", "utmSource", "newsletter",
                        "utmMedium", "email", "utmCampaign", "webinar-" + tag))
                .post("/campaigns").then().statusCode(201).body("status", equalTo("ACTIVE")).extract().path("campaignId");
        String ads = asMarketer().body(Map.of("name", "Ads " + tag, "channel", "ADS"))
                .post("/campaigns").then().statusCode(201).extract().path("campaignId");
        asMarketer().get("/campaigns?status=ACTIVE").then().statusCode(200).body("campaignId", hasItems(webinar, ads));

        // A visitor clicks an ad (first touch), then converts through the webinar's UTM link (last touch).
        String visitor = "v-" + tag;
        asMarketer().body(Map.of("eventId", "ad-" + tag, "visitorId", visitor, "type", "AD_CLICK",
                "occurredAt", Instant.now().minusSeconds(60).toString(), "campaignId", ads)).post("/engagements")
                .then().statusCode(202);
        String leadId = asMarketer().body(Map.of("visitorId", visitor, "email", "funnel-" + tag + "@example.com",
                        "kind", "CONSULTATION", "consent", true, "utmSource", "newsletter", "utmMedium", "email",
                        "utmCampaign", "webinar-" + tag))
                .post("/conversions").then().statusCode(201).body("stage", equalTo("QUALIFIED")).extract().path("leadId");
        convert(Map.of("campaignId", webinar)); // a second lead of the webinar, only KNOWN

        JsonNode funnel = MarketingFixtures.read(asMarketer().queryParam("campaignId", webinar).get("/reports/funnel")
                .then().statusCode(200).extract().asString());
        assertThat(funnel.path("stages").path("KNOWN").path("reached").asLong()).isEqualTo(2);
        assertThat(funnel.path("stages").path("QUALIFIED").path("reached").asLong()).isEqualTo(1);
        assertThat(funnel.path("stages").path("QUALIFIED").path("current").asLong()).isEqualTo(1);
        assertThat(funnel.path("conversionRates").path("KNOWN->QUALIFIED").asDouble()).isEqualTo(0.5);
        assertThat(funnel.path("medianSecondsInStage").has("KNOWN")).isTrue();
        assertThat(funnel.path("attribution").path("qualified").path("firstTouch").path(ads).asLong()).isEqualTo(1);
        assertThat(funnel.path("attribution").path("qualified").path("lastTouch").path(webinar).asLong()).isEqualTo(1);

        asMarketer().post("/campaigns/" + webinar + "/archive").then().statusCode(200).body("status", equalTo("ARCHIVED"));
        asMarketer().get("/campaigns?status=ACTIVE").then().body("campaignId", not(hasItem(webinar)));
        asMarketer().body(Map.of("email", "late-" + tag + "@example.com", "kind", "FORM", "consent", true,
                "campaignId", webinar)).post("/conversions").then().statusCode(422);
        assertThat(leadId).isNotBlank();
    }

    @Test
    void theFunnelFiltersBySourceAndPeriod() {
        String source = "partner-" + UUID.randomUUID().toString().substring(0, 8);
        asMarketer().body(Map.of("email", source + "@example.com", "kind", "FORM", "consent", true, "utmSource", source))
                .post("/conversions").then().statusCode(201);
        asMarketer().queryParam("source", source).get("/reports/funnel").then().statusCode(200)
                .body("stages.KNOWN.reached", equalTo(1)).body("stages.QUALIFIED.reached", equalTo(0));
        asMarketer().queryParam("source", source).queryParam("from", Instant.now().plusSeconds(3600).toString())
                .get("/reports/funnel").then().statusCode(200).body("stages.KNOWN.reached", equalTo(0));
        asMarketer().queryParam("source", source).queryParam("from", Instant.now().minusSeconds(3600).toString())
                .queryParam("to", Instant.now().plusSeconds(60).toString())
                .get("/reports/funnel").then().statusCode(200).body("stages.KNOWN.reached", equalTo(1));
    }

    @Test
    void theFunnelRefusesMalformedFilters() {
        asMarketer().queryParam("from", "yesterday").get("/reports/funnel").then().statusCode(400)
                .contentType("application/problem+json");
    }

    @Test
    void mergingKeepsBothIdentitiesAsAliasesAndIsAudited() {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String survivor = asMarketer().body(Map.of("email", "ada-" + tag + "@work.example", "kind", "FORM",
                "consent", true, "visitorId", "laptop-" + tag)).post("/conversions").then().statusCode(201)
                .extract().path("leadId");
        String duplicate = asMarketer().body(Map.of("email", "ada-" + tag + "@home.example", "kind", "NEWSLETTER",
                "consent", true, "visitorId", "phone-" + tag, "country", "FR")).post("/conversions").then().statusCode(201)
                .extract().path("leadId");

        asMarketer().body(Map.of("duplicateLeadId", duplicate, "reason", "same person, two emails"))
                .post("/leads/" + survivor + "/merge").then().statusCode(200)
                .body("visitorIds", hasItems("laptop-" + tag, "phone-" + tag))
                .body("profile.country", equalTo("FR"));
        asMarketer().get("/leads/" + duplicate).then().statusCode(200).body("mergedInto", equalTo(survivor));
        // The duplicate's email still finds the surviving lead.
        asMarketer().body(Map.of("email", "ADA-" + tag + "@home.example", "kind", "TRIAL", "consent", true))
                .post("/conversions").then().statusCode(200).body("leadId", equalTo(survivor));
        JsonNode merged = MarketingFixtures.lifecycleEvents(duplicate, "merged", 1).get(0);
        assertThat(merged.path("details").path("mergedInto").asText()).isEqualTo(survivor);
        assertThat(merged.path("sequence").asLong()).isEqualTo(2);
        asMarketer().body(Map.of("duplicateLeadId", duplicate)).post("/leads/" + survivor + "/merge")
                .then().statusCode(409);
    }

    @Test
    void aRepRecordsAReferralOfTheirCustomerThatQualifiesAtOnceForThem() {
        String prospect = convert(Map.of("kind", "CONSULTATION"));
        String rep = TestTokens.token("rep-ada", "sales-rep");
        // Not a customer yet: nobody to refer anyone (before, a rep could make leads for themselves this way).
        given().auth().oauth2(rep).contentType(ContentType.JSON)
                .body(Map.of("email", "self-" + UUID.randomUUID() + "@example.com", "kind", "REFERRAL", "consent", true,
                        "referrerLeadId", prospect, "referringRepId", "rep-ada"))
                .post("/conversions").then().statusCode(409).body("type", endsWith("referrer-not-customer"));
        given().auth().oauth2(rep).contentType(ContentType.JSON)
                .body(Map.of("email", "self-" + UUID.randomUUID() + "@example.com", "kind", "REFERRAL", "consent", true,
                        "referrerLeadId", UUID.randomUUID().toString(), "referringRepId", "rep-ada"))
                .post("/conversions").then().statusCode(422).body("type", endsWith("referrer-unknown"));
        // A marketer cannot record one either: referrals come from sales.
        asMarketer().body(Map.of("email", "m-" + UUID.randomUUID() + "@example.com", "kind", "REFERRAL", "consent", true,
                        "referrerLeadId", prospect, "referringRepId", "rep-ada"))
                .post("/conversions").then().statusCode(403);

        // Handed to rep-ada: sales owns it for her (sales itself checks at once that it is a won customer).
        String customer = prospect;
        MarketingFixtures.handOff(customer, 3);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> asMarketer().get("/leads/" + customer).then()
                .body("repId", equalTo("rep-ada")));
        String leadId = given().auth().oauth2(rep).contentType(ContentType.JSON)
                .body(Map.of("email", "friend-" + UUID.randomUUID() + "@example.com", "kind", "REFERRAL", "consent", true,
                        "referrerLeadId", customer, "referringRepId", "rep-ada"))
                .post("/conversions").then().statusCode(201).body("stage", equalTo("QUALIFIED")).extract().path("leadId");
        // The referrer's word allows the rep to contact the person, not marketing to mail them.
        asMarketer().get("/leads/" + leadId + "/consent").then().body("channels.EMAIL.purpose", equalTo("SALES_CONTACT"));
        JsonNode qualified = MarketingFixtures.lifecycleEvents(leadId, "qualified", 1).get(0);
        assertThat(qualified.path("details").path("trigger").asText()).isEqualTo("REFERRAL");
        assertThat(qualified.path("details").path("referringRepId").asText()).isEqualTo("rep-ada");
        JsonNode identified = MarketingFixtures.lifecycleEvents(leadId, "identified", 1).get(0);
        assertThat(identified.path("details").path("referrerLeadId").asText()).isEqualTo(customer);

        given().auth().oauth2(rep).contentType(ContentType.JSON)
                .body(Map.of("email", "x-" + UUID.randomUUID() + "@example.com", "kind", "FORM", "consent", true))
                .post("/conversions").then().statusCode(403);
        given().auth().oauth2(TestTokens.token("rep-grace", "sales-rep")).contentType(ContentType.JSON)
                .body(Map.of("email", "y-" + UUID.randomUUID() + "@example.com", "kind", "REFERRAL", "consent", true,
                        "referrerLeadId", customer, "referringRepId", "rep-ada"))
                .post("/conversions").then().statusCode(403);
    }

    @Test
    void aRecycledLeadCanBeNurturedAgain() {
        String leadId = convert(Map.of("kind", "CONSULTATION"));
        MarketingFixtures.handOff(leadId, 3);
        TestEvents.publish(MarketingFixtures.lifecycle(leadId, "rejected", Stage.QUALIFIED, Stage.QUALIFIED, 4,
                Map.of("repId", "rep-ada", "reasonCode", "NO_BUDGET"), "handoff-service"));
        TestEvents.publish(MarketingFixtures.lifecycle(leadId, "recycled", Stage.QUALIFIED, Stage.KNOWN, 5,
                Map.of("reasonCode", "NO_BUDGET"), "handoff-service"));
        MarketingFixtures.ownership(leadId, dev.baton.contract.Owner.MARKETING, null, "MARKETING", 3);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> asMarketer().get("/leads/" + leadId).then()
                .body("stage", equalTo("KNOWN")).body("owner", equalTo("MARKETING")).body("handoffPending", equalTo(false)));
        asMarketer().body(Map.of("kind", "NURTURE")).post("/leads/" + leadId + "/sends").then().statusCode(202);
    }
}
