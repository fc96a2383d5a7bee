package dev.baton.sales.referral.api;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.util.UUID;

/**
 * {@code POST /referrals}: a customer refers someone. The writable fields are exactly these. Sales keeps no personal
 * data: the email (and name) go to marketing, which owns identity.
 *
 * @param referrerLeadId the referring customer (a WON or RETAINED lead)
 * @param email          the referred person's email (marketing normalises it: case and surrounding spaces do not count)
 * @param name           the referred person's name, if known
 * @param consent        whether the referred person agreed to be contacted
 */
public record ReferralRequest(
        @NotNull UUID referrerLeadId,
        @NotBlank @Size(max = 320)
        @Pattern(regexp = "\\s*[^@\\s]+@[^@\\s]+\\.[^@\\s]+\\s*", message = "must be an email address") String email,
        @Size(max = 200) String name,
        @NotNull Boolean consent) {
}
