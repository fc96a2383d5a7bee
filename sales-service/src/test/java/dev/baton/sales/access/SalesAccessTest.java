package dev.baton.sales.access;

import dev.baton.contract.Actor;
import dev.baton.platform.security.Caller;
import dev.baton.platform.security.Roles;
import dev.baton.platform.security.TeamConfig;
import dev.baton.platform.security.TeamDirectory;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.baton.sales.Refusals.refused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * Who may act on a rep's opportunities and customers: the rep, an assistant of theirs, their team's manager (also on
 * leads escalated to the manager); ops sees everything and acts on nothing.
 */
class SalesAccessTest {

    private static final TeamConfig TEAMS = new TeamConfig() {
        @Override
        public Map<String, Rep> reps() {
            return Map.of("rep-ada", rep("team-north"), "rep-grace", rep("team-north"), "rep-linus", rep("team-south"));
        }

        @Override
        public Map<String, Assistant> assistants() {
            return Map.of("assistant-alan", () -> List.of("rep-ada"));
        }

        @Override
        public Map<String, Manager> managers() {
            return Map.of("manager-barbara", () -> "team-north", "manager-linus", () -> "team-south");
        }
    };

    private final SalesAccess access = new SalesAccess(new TeamDirectory(TEAMS));

    @Test
    void aRepActsOnTheirOwnWorkOnly() {
        Caller ada = caller("rep-ada", Roles.SALES_REP);

        assertThat(access.actorFor(ada, "rep-ada")).isEqualTo(Actor.user("rep-ada"));
        refused(403, "forbidden", () -> access.actorFor(ada, "rep-grace"));
        refused(403, "forbidden", () -> access.requireVisible(ada, "rep-grace"));
        assertThat(access.visibleReps(ada, null)).containsExactly("rep-ada");
    }

    @Test
    void anAssistantActsForTheirRepsOnBehalfOfThem() {
        Caller alan = caller("assistant-alan", Roles.SALES_ASSISTANT);

        assertThat(access.actorFor(alan, "rep-ada")).isEqualTo(Actor.userFor("assistant-alan", "rep-ada"));
        refused(403, "forbidden", () -> access.actorFor(alan, "rep-grace"));
        assertThat(access.visibleReps(alan, null)).containsExactly("rep-ada");
    }

    @Test
    void aManagerActsForTheirTeamAndOnLeadsEscalatedToThem() {
        Caller barbara = caller("manager-barbara", Roles.SALES_MANAGER);

        assertThat(access.actorFor(barbara, "rep-grace")).isEqualTo(Actor.userFor("manager-barbara", "rep-grace"));
        assertThat(access.actorFor(barbara, "manager-barbara")).isEqualTo(Actor.user("manager-barbara"));
        refused(403, "forbidden", () -> access.actorFor(barbara, "rep-linus"));
        assertThat(access.visibleReps(barbara, null)).containsExactly("rep-ada", "rep-grace");
        assertThat(access.reportScope(barbara)).isEqualTo("team-north");
    }

    @Test
    void opsSeesEveryonesWorkButActsForNoOne() {
        Caller olga = caller("ops-olga", Roles.OPS);

        assertThatCode(() -> access.requireVisible(olga, "rep-linus")).doesNotThrowAnyException();
        assertThat(access.visibleReps(olga, null)).as("null: no restriction").isNull();
        assertThat(access.visibleReps(olga, "rep-linus")).containsExactly("rep-linus");
        assertThat(access.reportScope(olga)).as("all teams").isNull();
        refused(403, "forbidden", () -> access.actorFor(olga, "rep-ada"));
    }

    @Test
    void narrowingToOneRepNeedsTheRightToSeeThem() {
        Caller ada = caller("rep-ada", Roles.SALES_REP);

        assertThat(access.visibleReps(ada, "rep-ada")).containsExactly("rep-ada");
        refused(403, "forbidden", () -> access.visibleReps(ada, "rep-linus"));
    }

    @Test
    void aManagerTheDirectoryDoesNotKnowGetsNoReport() {
        refused(403, "forbidden", () -> access.reportScope(caller("manager-nobody", Roles.SALES_MANAGER)));
    }

    @Test
    void anEscalatedLeadBelongsToTheTeamTheManagerLeads() {
        assertThat(access.teamOfAssignee("rep-linus")).isEqualTo("team-south");
        assertThat(access.teamOfAssignee("manager-barbara")).isEqualTo("team-north");
        assertThat(access.teamOfAssignee("someone-else")).isNull();
        assertThat(access.repsOf("team-north")).containsExactlyInAnyOrder("rep-ada", "rep-grace");
        assertThat(access.repsOf(null)).hasSize(3);
    }

    private static Caller caller(String id, String role) {
        return new Caller(QuarkusSecurityIdentity.builder().setPrincipal(new QuarkusPrincipal(id)).addRole(role).build());
    }

    private static TeamConfig.Rep rep(String team) {
        return new TeamConfig.Rep() {
            @Override
            public String team() {
                return team;
            }

            @Override
            public boolean available() {
                return true;
            }

            @Override
            public Optional<List<String>> territories() {
                return Optional.empty();
            }

            @Override
            public Optional<Integer> capacity() {
                return Optional.empty();
            }
        };
    }
}
