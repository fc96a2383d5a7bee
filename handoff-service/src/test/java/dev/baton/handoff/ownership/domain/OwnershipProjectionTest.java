package dev.baton.handoff.ownership.domain;

import dev.baton.contract.Owner;
import dev.baton.contract.Stage;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What each lifecycle event does to a lead's registry row: the rule the live service and the rebuild share. */
class OwnershipProjectionTest {

    @Test
    void anIdentifiedLeadIsRegisteredOwnedByMarketingAtVersionOne() {
        LeadHistory lead = new LeadHistory().foreign("identified", Stage.KNOWN, 1, Map.of());

        Ownership row = lead.row();
        assertThat(row.owner()).isEqualTo(Owner.MARKETING);
        assertThat(row.status()).isEqualTo(HandoffStatus.MARKETING);
        assertThat(row.repId()).isNull();
        assertThat(row.stage()).isEqualTo(Stage.KNOWN);
        assertThat(row.seq()).isEqualTo(1);
        assertThat(row.version()).isEqualTo(1);
        assertThat(row.updatedAt()).isEqualTo(LeadHistory.T0);
        assertThat(lead.last().ownershipChanged()).isTrue();
        assertThat(lead.last().historyLine().kind()).isEqualTo("CHANGE");
    }

    @Test
    void anEventOtherThanIdentifiedOrQualifiedDoesNotRegisterAnUnknownLead() {
        LeadHistory lead = new LeadHistory().foreign("accepted", Stage.QUALIFIED, 1, Map.of());

        assertThat(lead.last().ignored()).isTrue();
        assertThat(lead.row()).isNull();
    }

    @Test
    void qualifyingKeepsMarketingAsOwnerAndRecordsTheCountryInCapitals() {
        LeadHistory lead = new LeadHistory().foreign("identified", Stage.KNOWN, 1, Map.of())
                .foreign("qualified", Stage.QUALIFIED, 2, Map.of("country", " fr "));

        assertThat(lead.row().country()).isEqualTo("FR");
        assertThat(lead.row().owner()).isEqualTo(Owner.MARKETING);
        assertThat(lead.row().version()).as("no change of owner, assignee or status").isEqualTo(1);
        assertThat(lead.last().ownershipChanged()).isFalse();
        assertThat(lead.last().historyLine().kind()).as("the stage moved alone").isEqualTo("STAGE");
        assertThat(lead.last().historyLine().state().stage()).isEqualTo(Stage.QUALIFIED);
        assertThat(lead.last().historyLine().causationId()).isEqualTo(lead.last().change().causationId());
    }

    @Test
    void aHandoffGivesTheLeadToSalesWithItsRepAndAnSlaWindow() {
        Ownership row = LeadHistory.handedOffTo("rep-amelie").row();

        assertThat(row.owner()).isEqualTo(Owner.SALES);
        assertThat(row.status()).isEqualTo(HandoffStatus.HANDED_OFF);
        assertThat(row.status().awaitsAnswer()).isTrue();
        assertThat(row.repId()).isEqualTo("rep-amelie");
        assertThat(row.teamId()).isEqualTo("team-north");
        assertThat(row.slaDueAt()).isEqualTo(Instant.parse("2026-03-01T14:00:00Z"));
        assertThat(row.slaAtRiskAt()).isEqualTo(Instant.parse("2026-03-01T13:00:00Z"));
        assertThat(row.slaAtRiskSent()).isFalse();
        assertThat(row.version()).isEqualTo(2);
        assertThat(row.seq()).isEqualTo(3);
    }

    @Test
    void anAcceptanceEndsTheSlaAndKeepsTheRep() {
        LeadHistory lead = LeadHistory.handedOffTo("rep-amelie")
                .foreign("accepted", Stage.QUALIFIED, 4, Map.of("repId", "rep-amelie"));

        assertThat(lead.row().status()).isEqualTo(HandoffStatus.ACCEPTED);
        assertThat(lead.row().status().awaitsAnswer()).isFalse();
        assertThat(lead.row().owner()).isEqualTo(Owner.SALES);
        assertThat(lead.row().repId()).isEqualTo("rep-amelie");
        assertThat(lead.row().slaDueAt()).isNull();
        assertThat(lead.row().version()).isEqualTo(3);
    }

    @Test
    void aRefusalRecycledBackToKnownReturnsTheLeadToMarketing() {
        LeadHistory lead = LeadHistory.handedOffTo("rep-amelie")
                .own("rejected", Stage.QUALIFIED, 4, Map.of("reasonCode", "NO_NEED"));
        assertThat(lead.row().owner()).as("rejected alone: its recycled follows").isEqualTo(Owner.SALES);

        lead.own("recycled", Stage.KNOWN, 5, Map.of("reasonCode", "NO_NEED"));
        Ownership row = lead.row();
        assertThat(row.owner()).isEqualTo(Owner.MARKETING);
        assertThat(row.status()).isEqualTo(HandoffStatus.MARKETING);
        assertThat(row.repId()).isNull();
        assertThat(row.teamId()).isNull();
        assertThat(row.slaDueAt()).isNull();
        assertThat(row.stage()).isEqualTo(Stage.KNOWN);
        assertThat(row.reassignments()).isZero();
        assertThat(row.triedReps()).isEmpty();
    }

    @Test
    void theAtRiskWarningIsAuditOnlyItRepeatsTheSequenceAndChangesNoOwnership() {
        LeadHistory lead = LeadHistory.handedOffTo("rep-amelie")
                .own("sla-at-risk", Stage.QUALIFIED, 3, Map.of("repId", "rep-amelie"));

        assertThat(lead.last().ignored()).isFalse();
        assertThat(lead.row().slaAtRiskSent()).isTrue();
        assertThat(lead.row().seq()).isEqualTo(3);
        assertThat(lead.row().version()).isEqualTo(2);
        assertThat(lead.last().ownershipChanged()).isFalse();
        assertThat(lead.last().historyLine()).as("neither ownership nor stage moved").isNull();
    }

    @Test
    void anAuditOnlyEventOfAnotherServiceChangesNothing() {
        LeadHistory lead = LeadHistory.handedOffTo("rep-amelie");
        Ownership before = lead.row();

        lead.foreign("consent-changed", Stage.QUALIFIED, 3, Map.of());

        assertThat(lead.last().ignored()).isTrue();
        assertThat(lead.row()).isEqualTo(before);
    }

    @Test
    void aConsentChangeAppliesWhateverItsNumberAndMovesNeitherOwnershipNorStage() {
        LeadHistory lead = LeadHistory.handedOffTo("rep-amelie");
        Ownership before = lead.row();
        assertThat(before.contactable()).as("the handoff said nothing of consent").isNull();

        // Marketing's number (2) is behind the registry's (3, handed-off): the change still applies, in topic order.
        lead.foreign("consent-changed", Stage.QUALIFIED, 2, Map.of("channel", "PHONE", "granted", false,
                "source", "call", "channels", Map.of("EMAIL", false, "PHONE", false)));

        assertThat(lead.last().ignored()).isFalse();
        assertThat(lead.row().contactable()).isFalse();
        assertThat(lead.row().seq()).isEqualTo(before.seq());
        assertThat(lead.row().version()).isEqualTo(before.version());
        assertThat(lead.last().ownershipChanged()).isFalse();
        assertThat(lead.last().historyLine()).isNull();

        lead.foreign("consent-changed", Stage.QUALIFIED, 2, Map.of("channel", "PHONE", "granted", false,
                "source", "call", "channels", Map.of("EMAIL", false, "PHONE", false)));
        assertThat(lead.last().ignored()).as("contactability unchanged").isTrue();
    }

    @Test
    void anErasureMakesThePersonUncontactableWhateverItsNumberAndItsConfirmationChangesNothing() {
        LeadHistory lead = LeadHistory.handedOffTo("rep-amelie");
        Ownership before = lead.row();

        lead.foreign("erased", Stage.QUALIFIED, 2, Map.of("erasureId", "e-1"));
        assertThat(lead.last().ignored()).isFalse();
        assertThat(lead.row().contactable()).isFalse();
        assertThat(lead.row().updatedAt()).as("its place differs live and in a rebuild").isEqualTo(before.updatedAt());
        assertThat(lead.row().version()).isEqualTo(before.version());
        assertThat(lead.last().historyLine()).isNull();

        lead.foreign("erasure-confirmed", Stage.QUALIFIED, 3, Map.of("erasureId", "e-1", "service", "sales-service"));
        assertThat(lead.last().ignored()).isTrue();
    }

    @Test
    void aHandoffRequestCarriesWhetherThePersonMayBeContacted() {
        LeadHistory lead = new LeadHistory().foreign("identified", Stage.KNOWN, 1, Map.of())
                .foreign("qualified", Stage.QUALIFIED, 2, Map.of("consent", true, "channels", Map.of("EMAIL", true)));
        assertThat(lead.row().contactable()).isTrue();

        LeadHistory old = new LeadHistory().foreign("qualified", Stage.QUALIFIED, 2, Map.of("consent", false));
        assertThat(old.row().contactable()).as("before channels were sent, consent says it").isFalse();
    }

    @Test
    void aReplayedOrLateEventChangesNothing() {
        LeadHistory lead = LeadHistory.handedOffTo("rep-amelie");
        Ownership before = lead.row();

        lead.foreign("qualified", Stage.QUALIFIED, 2, Map.of("country", "DE"));
        assertThat(lead.last().ignored()).as("a number already applied").isTrue();
        lead.foreign("accepted", Stage.QUALIFIED, 3, Map.of());
        assertThat(lead.last().ignored()).as("the row's own number").isTrue();
        lead.own("sla-at-risk", Stage.QUALIFIED, 2, Map.of());
        assertThat(lead.last().ignored()).as("audit-only, below the row's number").isTrue();

        assertThat(lead.row()).isEqualTo(before);
    }

    @Test
    void aBreachThenAReassignmentMovesTheLeadToTheNextRepWithANewWindow() {
        LeadHistory lead = LeadHistory.handedOffTo("rep-amelie")
                .own("sla-breached", Stage.QUALIFIED, 4, Map.of("repId", "rep-amelie"))
                .own("reassigned", Stage.QUALIFIED, 5, Map.of("fromRepId", "rep-amelie", "toRepId", "rep-dieter",
                        "teamId", "team-north", "slaDueAt", "2026-03-01T18:00:00Z",
                        "slaAtRiskAt", "2026-03-01T17:00:00Z", "escalated", false));

        Ownership row = lead.row();
        assertThat(row.status()).isEqualTo(HandoffStatus.HANDED_OFF);
        assertThat(row.repId()).isEqualTo("rep-dieter");
        assertThat(row.reassignments()).isEqualTo(1);
        assertThat(row.triedReps()).containsExactly("rep-amelie");
        assertThat(row.slaDueAt()).isEqualTo(Instant.parse("2026-03-01T18:00:00Z"));
        assertThat(row.slaAtRiskSent()).as("a new window, not warned yet").isFalse();
        assertThat(row.version()).as("a new assignee is a new ownership version").isEqualTo(3);
    }

    @Test
    void anEscalationGoesToTheManagerWithoutAnSla() {
        LeadHistory lead = LeadHistory.handedOffTo("rep-amelie")
                .own("sla-breached", Stage.QUALIFIED, 4, Map.of())
                .own("reassigned", Stage.QUALIFIED, 5, Map.of("fromRepId", "rep-amelie", "toRepId", "manager-barbara",
                        "escalated", true));

        Ownership row = lead.row();
        assertThat(row.status()).isEqualTo(HandoffStatus.ESCALATED);
        assertThat(row.status().awaitsAnswer()).as("the manager still answers").isTrue();
        assertThat(row.repId()).isEqualTo("manager-barbara");
        assertThat(row.teamId()).as("the team stays when the event names none").isEqualTo("team-north");
        assertThat(row.slaDueAt()).isNull();
        assertThat(row.reassignments()).isZero();
        assertThat(row.triedReps()).containsExactly("rep-amelie");
    }

    @Test
    void closingEndsTheHandoff() {
        LeadHistory lead = LeadHistory.handedOffTo("rep-amelie")
                .foreign("accepted", Stage.QUALIFIED, 4, Map.of())
                .foreign("closed", Stage.CLOSED, 5, Map.of("outcome", "WON"));

        assertThat(lead.row().status()).isEqualTo(HandoffStatus.CLOSED);
        assertThat(lead.row().stage()).isEqualTo(Stage.CLOSED);
        assertThat(lead.row().status().awaitsAnswer()).isFalse();
    }

    @Test
    void anOwnEventCarriesTheCausationItWasPublishedWithOthersTheirEventId() {
        LeadHistory lead = new LeadHistory().foreign("identified", Stage.KNOWN, 1, Map.of());
        assertThat(lead.last().change().causationId()).isEqualTo("event-1");

        lead.foreign("qualified", Stage.QUALIFIED, 2, Map.of())
                .own("handed-off", Stage.QUALIFIED, 3, Map.of("repId", "rep-ada"));
        assertThat(lead.last().change().causationId()).isEqualTo("cause-2");
        assertThat(lead.last().change().reason()).isEqualTo("handed-off");
        assertThat(lead.last().change().actor()).isEqualTo(LeadHistory.HANDOFF);
    }
}
