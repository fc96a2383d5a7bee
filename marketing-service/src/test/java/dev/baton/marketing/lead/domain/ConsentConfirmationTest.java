package dev.baton.marketing.lead.domain;

import dev.baton.contract.ConsentChannel;
import dev.baton.platform.problem.ProblemException;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Double opt-in: unguessable tokens kept only as hashes, a week to confirm, and a confirmation that may repeat. */
class ConsentConfirmationTest {

    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
    private static final UUID LEAD = UUID.fromString("5b0a0c1e-0000-4000-8000-000000000001");

    @Test
    void tokensAreUrlSafeUnguessableAndStoredOnlyAsTheirHash() {
        String token = ConsentConfirmation.newToken();

        assertThat(token).hasSize(43).matches("[A-Za-z0-9_-]+");
        assertThat(ConsentConfirmation.newToken()).isNotEqualTo(token);
        assertThat(ConsentConfirmation.hash(token)).hasSize(32).isEqualTo(ConsentConfirmation.hash(token))
                .isNotEqualTo(ConsentConfirmation.hash(token + "x"));
    }

    @Test
    void aConfirmationHasAWeekAndRecordsWhatThePersonConfirmed() {
        ConsentConfirmation asked = ConsentConfirmation.requested(LEAD, ConsentChannel.EMAIL, "conversion:NEWSLETTER",
                new ConsentProof(ConsentProof.Purpose.NEWSLETTER, "newsletter-v2", null, null), "integration-web", NOW);

        assertThat(asked.expiresAt()).isEqualTo(NOW.plus(ConsentConfirmation.VALIDITY));
        assertThat(asked.grantSource()).isEqualTo("confirmed:conversion:NEWSLETTER");
        assertThat(asked.proofConfirmedFrom("203.0.113.7", "Mozilla/5.0")).isEqualTo(new ConsentProof(
                ConsentProof.Purpose.NEWSLETTER, "newsletter-v2", "203.0.113.7", "Mozilla/5.0"));
        assertThatCode(() -> asked.requireConfirmableAt(asked.expiresAt().minusSeconds(1))).doesNotThrowAnyException();
        assertThatThrownBy(() -> asked.requireConfirmableAt(asked.expiresAt()))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.status()).isEqualTo(409))
                .hasMessageContaining("expired");

        ConsentConfirmation confirmed = new ConsentConfirmation(LEAD, ConsentChannel.EMAIL, "conversion:NEWSLETTER",
                ConsentProof.Purpose.NEWSLETTER, "newsletter-v2", "integration-web", NOW, asked.expiresAt(),
                NOW.plusSeconds(60));
        assertThatCode(() -> confirmed.requireConfirmableAt(asked.expiresAt().plusSeconds(1)))
                .as("confirming again after the week changes nothing, and is no error").doesNotThrowAnyException();
    }

    @Test
    void onlyANewsletterSignupWaitsForTheConfirmation() {
        assertThat(ConversionKind.NEWSLETTER.confirmsConsent()).isTrue();
        assertThat(ConversionKind.FORM.confirmsConsent()).isFalse();
        assertThat(ConversionKind.CONSULTATION.confirmsConsent()).isFalse();
    }
}
