package dev.baton.sales.customer.domain;

import org.junit.jupiter.api.Test;

import java.util.UUID;

import static dev.baton.sales.Refusals.refused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/** Retention, cross-sell, churn and referral preconditions on a customer account. */
class CustomerAccountTest {

    private static CustomerAccount account(CustomerStatus status) {
        return new CustomerAccount(UUID.randomUUID(), "rep-ada", status);
    }

    @Test
    void onlyTheFirstRetentionOfAWonCustomerMakesItRetained() {
        assertThat(account(CustomerStatus.WON).retainedByNextActivity()).isTrue();
        assertThat(account(CustomerStatus.RETAINED).retainedByNextActivity()).isFalse();
    }

    @Test
    void aWonOrRetainedCustomerIsRetainedCrossSoldChurnedAndRefers() {
        for (CustomerStatus status : new CustomerStatus[] {CustomerStatus.WON, CustomerStatus.RETAINED}) {
            CustomerAccount customer = account(status);
            assertThat(customer.churned()).isFalse();
            assertThatCode(customer::requireActive).doesNotThrowAnyException();
            assertThatCode(customer::requireChurnable).doesNotThrowAnyException();
            assertThatCode(customer::requireMayRefer).doesNotThrowAnyException();
        }
    }

    @Test
    void aChurnedCustomerIsNeitherRetainedNorCrossSoldNorChurnedAgainNorRefers() {
        CustomerAccount churned = account(CustomerStatus.CHURNED);

        assertThat(churned.churned()).isTrue();
        refused(409, "churned", churned::requireActive);
        refused(409, "already-churned", churned::requireChurnable);
        assertThat(refused(409, "churned", churned::requireMayRefer).getMessage()).contains("WON or RETAINED");
    }
}
