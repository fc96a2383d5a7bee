package dev.baton.marketing.lead;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * {@code POST /conversions}: an anonymous visitor makes themselves known. The writable fields are exactly these; a
 * payload that tries to set anything else (stage, owner, score...) is refused.
 *
 * @param visitorId the visitor (device) whose earlier engagement is stitched to the lead; optional
 * @param email     the person's email; normalised (trimmed, lower case) and validated
 * @param kind      FORM, TRIAL, CONSULTATION (qualifies at once, with consent) or NEWSLETTER
 * @param consent   whether the person agreed to be contacted
 */
public record ConversionRequest(
        @Size(max = 128) String visitorId,
        @NotBlank @Size(max = 320) String email,
        @NotNull ConversionKind kind,
        boolean consent) {
}
