package dev.baton.handoff.assignment.domain;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who gets a lead. The directory comes least recently assigned first, so the first eligible rep is the round robin's;
 * a test "assigns" by moving the chosen rep to the end, as the service's {@code last_assigned_at} does.
 */
class RepChoiceTest {

    private static final AssignmentCriteria ANY = new AssignmentCriteria(null, null, Set.of());

    private static RepView rep(String id, String team, String... territories) {
        return new RepView(id, team, true, List.of(territories), null, 0, null);
    }

    private static RepView unavailable(RepView r) {
        return new RepView(r.repId(), r.teamId(), false, r.territories(), r.capacity(), r.openHandoffs(), null);
    }

    private static RepView holding(RepView r, int capacity, long open) {
        return new RepView(r.repId(), r.teamId(), r.available(), r.territories(), capacity, open, null);
    }

    private static final RepChoice ROUND_ROBIN = new RepChoice(AssignmentPolicy.ROUND_ROBIN, null, Map.of());
    private static final RepChoice TERRITORY = new RepChoice(AssignmentPolicy.TERRITORY, "team-north",
            Map.of("DACH", List.of("DE", "AT", "CH")));

    @Test
    void roundRobinGivesEachLeadToTheRepAssignedLeastRecently() {
        List<RepView> directory = new ArrayList<>(List.of(rep("rep-ada", "t"), rep("rep-grace", "t"),
                rep("rep-linus", "t")));
        List<String> chosen = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Assignee assignee = ROUND_ROBIN.choose(directory, ANY);
            chosen.add(assignee.repId());
            assertThat(assignee.policy()).isEqualTo("ROUND_ROBIN");
            RepView r = directory.stream().filter(v -> v.repId().equals(assignee.repId())).findFirst().orElseThrow();
            directory.remove(r);
            directory.add(r);
        }
        assertThat(chosen).containsExactly("rep-ada", "rep-grace", "rep-linus", "rep-ada");
    }

    @Test
    void unavailableRepsRepsAtCapacityAndExcludedRepsAreSkipped() {
        List<RepView> directory = List.of(unavailable(rep("rep-ada", "t")), holding(rep("rep-grace", "t"), 2, 2),
                rep("rep-linus", "t"), rep("rep-hopper", "t"));

        assertThat(ROUND_ROBIN.choose(directory, ANY).repId()).isEqualTo("rep-linus");
        assertThat(ROUND_ROBIN.choose(directory, new AssignmentCriteria(null, null, Set.of("rep-linus"))).repId())
                .isEqualTo("rep-hopper");
        assertThat(ROUND_ROBIN.choose(directory, new AssignmentCriteria(null, null,
                Set.of("rep-linus", "rep-hopper")))).as("nobody eligible").isNull();
    }

    @Test
    void aRepBelowCapacityIsEligible() {
        assertThat(ROUND_ROBIN.choose(List.of(holding(rep("rep-ada", "t"), 2, 1)), ANY).repId()).isEqualTo("rep-ada");
    }

    @Test
    void onlyTheConfiguredTeamIsAssigned() {
        List<RepView> directory = List.of(rep("rep-hopper", "team-south"), rep("rep-ada", "team-north"));

        assertThat(TERRITORY.choose(directory, ANY).repId()).isEqualTo("rep-ada");
    }

    @Test
    void territoryGivesTheLeadToTheRepsOfItsCountryOrOfARegionContainingIt() {
        List<RepView> directory = List.of(rep("rep-ada", "team-north"), rep("rep-amelie", "team-north", "FR", "BE"),
                rep("rep-dieter", "team-north", "DACH"));

        Assignee french = TERRITORY.choose(directory, new AssignmentCriteria("FR", null, Set.of()));
        assertThat(french).isEqualTo(new Assignee("rep-amelie", "team-north", "TERRITORY"));
        assertThat(TERRITORY.choose(directory, new AssignmentCriteria("AT", null, Set.of())).repId())
                .isEqualTo("rep-dieter");
    }

    @Test
    void aLeadNobodyCoversOrWithoutCountryGoesToAGeneralistNeverToAnotherTerritory() {
        List<RepView> directory = List.of(rep("rep-amelie", "team-north", "FR"), rep("rep-ada", "team-north"));

        assertThat(TERRITORY.choose(directory, new AssignmentCriteria("BR", null, Set.of())))
                .isEqualTo(new Assignee("rep-ada", "team-north", "ROUND_ROBIN"));
        assertThat(TERRITORY.choose(directory, ANY).repId()).isEqualTo("rep-ada");
        assertThat(TERRITORY.choose(List.of(rep("rep-amelie", "team-north", "FR")),
                new AssignmentCriteria("BR", null, Set.of()))).as("no generalist: refused").isNull();
    }

    @Test
    void aReferralGoesToTheReferringRepWhateverThePolicyTeamAndCapacity() {
        List<RepView> directory = List.of(rep("rep-amelie", "team-north", "FR"),
                holding(rep("rep-hopper", "team-south"), 1, 1));

        assertThat(TERRITORY.choose(directory, new AssignmentCriteria("FR", "rep-hopper", Set.of())))
                .isEqualTo(new Assignee("rep-hopper", "team-south", "REFERRAL"));
    }

    @Test
    void aReferralToAnUnavailableOrExcludedRepFallsBackToThePolicy() {
        List<RepView> directory = List.of(unavailable(rep("rep-aaron", "team-north", "FR")),
                rep("rep-amelie", "team-north", "FR"));

        assertThat(TERRITORY.choose(directory, new AssignmentCriteria("FR", "rep-aaron", Set.of())).repId())
                .isEqualTo("rep-amelie");
        assertThat(TERRITORY.choose(directory, new AssignmentCriteria("FR", "rep-amelie", Set.of("rep-amelie"))))
                .as("the referrer let the SLA pass; nobody else covers FR and there is no generalist").isNull();
    }
}
