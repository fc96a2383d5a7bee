package dev.baton.sales.referral.domain;

import org.junit.jupiter.api.Test;

import java.util.UUID;

import static dev.baton.sales.Refusals.refused;
import static org.assertj.core.api.Assertions.assertThatCode;

/** A customer refers someone else. */
class ReferralRulesTest {

    @Test
    void aCustomerDoesNotReferThemselves() {
        UUID customer = UUID.randomUUID();

        refused(422, "self-referral", () -> Referral.requireNotSelf(customer, customer));
        assertThatCode(() -> Referral.requireNotSelf(customer, UUID.randomUUID())).doesNotThrowAnyException();
    }
}
