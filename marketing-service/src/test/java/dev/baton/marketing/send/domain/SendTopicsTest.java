package dev.baton.marketing.send.domain;

import dev.baton.contract.Stage;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What a send is about: interests for everyone, purchase history for customers' newsletters. */
class SendTopicsTest {

    @Test
    void aNurtureIsAboutTheLeadsInterests() {
        assertThat(SendTopics.of(SendKind.NURTURE, List.of("pricing", "security"), null, Stage.KNOWN))
                .containsExactly("interest:pricing", "interest:security");
        assertThat(SendKind.NURTURE.isProspectAction()).isTrue();
        assertThat(SendKind.FOLLOW_UP.isProspectAction()).isTrue();
    }

    @Test
    void aRetentionNewsletterAddsThePurchaseAndTheStage() {
        assertThat(SendTopics.of(SendKind.RETENTION_NEWSLETTER, List.of("pricing"), new BigDecimal("10000"), Stage.CLOSED))
                .containsExactly("interest:pricing", "purchase:large", "stage:closed");
        assertThat(SendTopics.of(SendKind.RETENTION_NEWSLETTER, List.of(), new BigDecimal("9999.99"), Stage.RETAINED))
                .containsExactly("purchase:small", "stage:retained");
        assertThat(SendTopics.of(SendKind.RETENTION_NEWSLETTER, List.of(), null, Stage.RETAINED))
                .containsExactly("purchase:unknown", "stage:retained");
        assertThat(SendKind.RETENTION_NEWSLETTER.isProspectAction()).isFalse();
    }
}
