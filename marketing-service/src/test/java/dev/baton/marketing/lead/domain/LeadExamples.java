package dev.baton.marketing.lead.domain;

import dev.baton.contract.Owner;
import dev.baton.contract.Stage;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** Leads for the domain tests: a KNOWN lead marketing owns, with consent, changed one part at a time. */
final class LeadExamples {

    static final UUID LEAD = UUID.fromString("00000000-0000-4000-8000-000000000001");
    static final UUID OTHER = UUID.fromString("00000000-0000-4000-8000-000000000002");

    private LeadExamples() {
    }

    /** A KNOWN lead at sequence 3 that marketing owns and may contact. */
    static Lead known() {
        return lead(LEAD, Stage.KNOWN, Owner.MARKETING, Owner.MARKETING, false, true, null, null);
    }

    static Lead lead(UUID id, Stage stage, Owner owner, Owner lifecycleOwner, boolean handoffPending, boolean consent,
            UUID mergedInto, String outcome) {
        return new Lead(id, "ada@example.com", stage, stage, owner, null, 1, handoffPending, consent,
                BigDecimal.ZERO, 3, "FORM", Instant.parse("2026-01-01T00:00:00Z"),
                new Profile("Acme", 200, "CTO", "fr"), outcome, mergedInto, "Ada", lifecycleOwner, null);
    }

    static Lead inStage(Stage stage) {
        return lead(LEAD, stage, Owner.MARKETING, Owner.MARKETING, false, true, null, null);
    }

    static Lead ownedBySales() {
        return lead(LEAD, Stage.QUALIFIED, Owner.SALES, Owner.MARKETING, false, true, null, null);
    }

    static Lead handedOff() {
        return lead(LEAD, Stage.QUALIFIED, Owner.MARKETING, Owner.SALES, false, true, null, null);
    }

    static Lead pending() {
        return lead(LEAD, Stage.QUALIFIED, Owner.MARKETING, Owner.MARKETING, true, true, null, null);
    }

    static Lead mergedInto(UUID survivor) {
        return lead(LEAD, Stage.KNOWN, Owner.MARKETING, Owner.MARKETING, false, true, survivor, null);
    }

    static Lead withoutConsent() {
        return lead(LEAD, Stage.KNOWN, Owner.MARKETING, Owner.MARKETING, false, false, null, null);
    }
}
