package dev.baton.handoff;

import dev.baton.contract.LifecycleEvent;
import dev.baton.testkit.TestEvents;
import dev.baton.testkit.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * The assignment policies of the test configuration (application.properties, %test): TERRITORY within team-north,
 * region DACH, rep-aaron (FR) unavailable, rep-kenji (JP, capacity 1) and rep-yuki (JP, capacity 2), rep-ada and
 * rep-grace the generalists, rep-hopper in another team.
 */
@QuarkusTest
@HandoffTestResource
class AssignmentPolicyTest {

    @Test
    void aLeadGoesToTheRepsOfItsCountryOrRegionSkippingUnavailableOnes() {
        String french = Leads.identified();
        assertThat(Leads.handedOff(french, Map.of("country", "fr"))).isEqualTo("rep-amelie");
        String austrian = Leads.identified();
        assertThat(Leads.handedOff(austrian, Map.of("country", "AT"))).isEqualTo("rep-dieter");

        LifecycleEvent handedOff = Leads.lifecycleWith(french, "handed-off").stream()
                .filter(e -> e.type().shortName().equals("handed-off")).findFirst().orElseThrow();
        assertThat(TestEvents.facts(handedOff)).containsEntry("policy", "TERRITORY").containsEntry("country", "FR")
                .containsEntry("teamId", "team-north");
        // rep-aaron covers FR and was never assigned, but is unavailable: skipped.
        given().auth().oauth2(Leads.OPS).get("/reps").then().statusCode(200)
                .body("find { it.repId == 'rep-aaron' }.available", equalTo(false))
                .body("find { it.repId == 'rep-aaron' }.openHandoffs", equalTo(0));
    }

    @Test
    void aLeadNobodyCoversGoesToTheGeneralistsInTurnAndNeverOutsideTheTeam() {
        String first = Leads.handedOff(Leads.identified(), Map.of("country", "BR"));
        String second = Leads.handedOff(Leads.identified(), Map.of());
        String third = Leads.handedOff(Leads.identified(), Map.of("country", "BR"));

        assertThat(List.of(first, second, third)).allMatch(rep -> rep.equals("rep-ada") || rep.equals("rep-grace"));
        assertThat(second).as("round robin: the other generalist").isNotEqualTo(first);
        assertThat(third).as("round robin: back to the first").isEqualTo(first);
    }

    @Test
    void aRepAtCapacityIsSkippedUntilTheyAnswer() {
        String jp1 = Leads.identified();
        assertThat(Leads.handedOff(jp1, Map.of("country", "JP"))).isEqualTo("rep-kenji");
        assertThat(Leads.handedOff(Leads.identified(), Map.of("country", "JP"))).isEqualTo("rep-yuki");
        // Round robin would come back to rep-kenji (assigned least recently), but kenji holds 1 of 1.
        assertThat(Leads.handedOff(Leads.identified(), Map.of("country", "JP"))).isEqualTo("rep-yuki");
        // Both JP reps are full: the generalists take it.
        String overflow = Leads.identified();
        assertThat(Leads.handedOff(overflow, Map.of("country", "JP"))).isIn("rep-ada", "rep-grace");
        given().auth().oauth2(TestTokens.token("manager-barbara", "sales-manager")).get("/reps").then().statusCode(200)
                .body("find { it.repId == 'rep-kenji' }.openHandoffs", equalTo(1))
                .body("find { it.repId == 'rep-kenji' }.capacity", equalTo(1))
                .body("find { it.repId == 'rep-yuki' }.openHandoffs", equalTo(2))
                .body("findAll { it.teamId == 'team-south' }.size()", equalTo(0));

        // kenji accepts his lead: a slot frees up, and the next JP lead is his again.
        given().auth().oauth2(TestTokens.token("rep-kenji", "sales-rep")).post("/ownership/" + jp1 + "/accept")
                .then().statusCode(200).body("status", equalTo("ACCEPTED"));
        assertThat(Leads.handedOff(Leads.identified(), Map.of("country", "JP"))).isEqualTo("rep-kenji");
    }

    @Test
    void aReferralGoesToTheReferringRepWhateverThePolicyUnlessTheyAreUnavailable() {
        String referred = Leads.identified();
        assertThat(Leads.handedOff(referred, Map.of("country", "FR", "referringRepId", "rep-dieter")))
                .isEqualTo("rep-dieter");
        assertThat(Leads.lifecycleWith(referred, "handed-off")).filteredOn(e -> e.type().shortName().equals("handed-off"))
                .singleElement().satisfies(e -> assertThat(TestEvents.facts(e)).containsEntry("policy", "REFERRAL"));

        String toAbsentRep = Leads.identified();
        assertThat(Leads.handedOff(toAbsentRep, Map.of("country", "FR", "referringRepId", "rep-aaron")))
                .isEqualTo("rep-amelie");
    }
}
