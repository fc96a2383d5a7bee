package dev.baton.sales.lead.domain;

import dev.baton.contract.ConsentChannel;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static dev.baton.sales.Refusals.refused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/** What the rep sees of the person's consent, and the one thing it forbids: outbound contact on a withdrawn channel. */
class ContactPermissionTest {

    private static final UUID LEAD = UUID.fromString("5b0a0c1e-0000-4000-8000-000000000001");

    @Test
    void eachChannelIsGrantedWithdrawnOrNeverGivenAndUnknownWithoutASnapshot() {
        assertThat(ContactPermission.of(Map.of(ConsentChannel.EMAIL, true)))
                .containsEntry(ConsentChannel.EMAIL, ContactPermission.GRANTED)
                .containsEntry(ConsentChannel.PHONE, ContactPermission.NOT_GIVEN);
        assertThat(ContactPermission.of(Map.of(ConsentChannel.EMAIL, false, ConsentChannel.PHONE, true)))
                .containsEntry(ConsentChannel.EMAIL, ContactPermission.WITHDRAWN)
                .containsEntry(ConsentChannel.PHONE, ContactPermission.GRANTED);
        assertThat(ContactPermission.of(null)).containsOnlyKeys(ConsentChannel.values())
                .allSatisfy((channel, permission) -> assertThat(permission).isEqualTo(ContactPermission.UNKNOWN));
    }

    @Test
    void onlyAWithdrawnChannelRefusesContact() {
        var contact = ContactPermission.of(Map.of(ConsentChannel.EMAIL, false));

        assertThat(refused(409, "consent-withdrawn",
                () -> ContactPermission.requireNotWithdrawn(contact, ConsentChannel.EMAIL, LEAD)).getMessage())
                .contains("EMAIL").contains(LEAD.toString());
        assertThatCode(() -> ContactPermission.requireNotWithdrawn(contact, ConsentChannel.PHONE, LEAD))
                .as("never given is not a refusal").doesNotThrowAnyException();
        assertThatCode(() -> ContactPermission.requireNotWithdrawn(ContactPermission.of(null), ConsentChannel.EMAIL,
                LEAD)).doesNotThrowAnyException();
    }
}
