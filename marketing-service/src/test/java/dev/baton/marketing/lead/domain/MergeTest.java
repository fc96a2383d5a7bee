package dev.baton.marketing.lead.domain;

import dev.baton.contract.Owner;
import dev.baton.contract.Stage;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.baton.marketing.lead.domain.LeadExamples.LEAD;
import static dev.baton.marketing.lead.domain.LeadExamples.OTHER;
import static org.assertj.core.api.Assertions.assertThat;

/** Merging two leads that are one person. */
class MergeTest {

    private static final Lead SURVIVOR = LeadExamples.lead(OTHER, Stage.KNOWN,
            Owner.MARKETING, Owner.MARKETING, false, true, null, null);

    @Test
    void bothLeadsAreLockedInOneOrderWhicheverSurvives() {
        assertThat(Merge.lockOrder(LEAD, OTHER)).isEqualTo(List.of(LEAD, OTHER));
        assertThat(Merge.lockOrder(OTHER, LEAD)).isEqualTo(List.of(LEAD, OTHER));
    }

    @Test
    void onlyLeadsMarketingMayActOnAreMerged() {
        assertThat(new Merge(SURVIVOR, LeadExamples.known()).allowed()).isTrue();
        assertThat(new Merge(SURVIVOR, LeadExamples.ownedBySales()).allowed()).isFalse();
        assertThat(new Merge(SURVIVOR, LeadExamples.pending()).allowed()).isFalse();
        assertThat(new Merge(SURVIVOR, LeadExamples.mergedInto(OTHER)).allowed()).as("merged already").isFalse();
        assertThat(new Merge(LeadExamples.handedOff(), SURVIVOR).allowed()).as("the survivor too").isFalse();
    }

    @Test
    void mergedIsTheDuplicatesNextEvent() {
        assertThat(new Merge(SURVIVOR, LeadExamples.known()).sequence()).isEqualTo(4);
    }

    @Test
    void theEventSaysOnlyWhichLeadItDuplicates() {
        Merge merge = new Merge(SURVIVOR, LeadExamples.known());
        assertThat(merge.reason()).isEqualTo("duplicate of " + OTHER);
    }
}
