package dev.baton.handoff.ownership.domain;

import dev.baton.contract.Actor;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Who may answer a handoff: the assignee, or an assistant of the assignee on their behalf; nobody else. */
class AnswererTest {

    @Test
    void theAssigneeAnswersAsThemselves() {
        assertThat(new Answerer("rep-ada", true, Set.of()).actingFor("rep-ada")).isEqualTo(Actor.user("rep-ada"));
    }

    @Test
    void anotherRepMayNotAnswer() {
        assertThat(new Answerer("rep-grace", true, Set.of()).actingFor("rep-ada")).isNull();
    }

    @Test
    void anAssistantAnswersOnBehalfOfTheRepTheyAssistOnly() {
        Answerer sally = new Answerer("assistant-sally", false, Set.of("rep-ada"));

        assertThat(sally.actingFor("rep-ada")).isEqualTo(Actor.userFor("assistant-sally", "rep-ada"));
        assertThat(sally.actingFor("rep-grace")).isNull();
    }

    @Test
    void someoneWhoIsNeitherRepNorManagerIsNotTheAssigneeEvenWithTheSameId() {
        assertThat(new Answerer("rep-ada", false, Set.of()).actingFor("rep-ada")).isNull();
    }

    @Test
    void aLeadWithoutAssigneeCannotBeAnswered() {
        assertThat(new Answerer("assistant-sally", false, Set.of("rep-ada")).actingFor(null)).isNull();
    }
}
