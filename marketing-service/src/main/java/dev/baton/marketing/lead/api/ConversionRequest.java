package dev.baton.marketing.lead.api;

import dev.baton.marketing.lead.domain.ConversionKind;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

import java.util.UUID;

/**
 * {@code POST /conversions}: an anonymous visitor makes themselves known. The writable fields are exactly these; a
 * payload that tries to set anything else (stage, owner, score...) is refused.
 *
 * @param visitorId      the visitor (device) whose earlier engagement is stitched to the lead; optional
 * @param email          the person's email; normalised (trimmed, lower case) and validated
 * @param name           the person's name, optional
 * @param kind           FORM, TRIAL, CONSULTATION (qualifies at once, with consent), NEWSLETTER, or REFERRAL (sales only)
 * @param consent        whether the person agreed to be contacted by email
 * @param company        fit data for scoring, optional
 * @param companySize    fit data: employees, optional
 * @param role           fit data: job title, optional
 * @param country        fit data: ISO 3166-1 alpha-2 country code, optional (also used for territory assignment)
 * @param campaignId     the campaign this conversion is attributed to, optional
 * @param utmSource      or the campaign's UTM parameters, optional
 * @param utmMedium      UTM medium
 * @param utmCampaign    UTM campaign
 * @param referrerLeadId REFERRAL only: the customer who referred this person
 * @param referringRepId REFERRAL only: that customer's rep, who receives the new lead
 * @param consentTextVersion the consent text (or its version) the form showed, kept as proof; optional
 * @param clientIp       the person's client address, kept as proof of their consent (never published); optional
 * @param userAgent      the person's user agent, kept likewise; optional
 */
public record ConversionRequest(
        @Size(max = 128) String visitorId,
        @NotBlank @Size(max = 320) String email,
        @Size(max = 200) String name,
        @NotNull ConversionKind kind,
        boolean consent,
        @Size(max = 200) String company,
        @PositiveOrZero @Max(10_000_000) Integer companySize,
        @Size(max = 200) String role,
        @Pattern(regexp = "[A-Za-z]{2}", message = "must be an ISO 3166-1 alpha-2 code") String country,
        UUID campaignId,
        @Size(max = 200) String utmSource,
        @Size(max = 200) String utmMedium,
        @Size(max = 200) String utmCampaign,
        UUID referrerLeadId,
        @Size(max = 128) String referringRepId,
        @Size(max = 100) String consentTextVersion,
        @Size(max = 45) @Pattern(regexp = "[0-9A-Fa-f:.]+", message = "must be an IPv4 or IPv6 address") String clientIp,
        @Size(max = 500) String userAgent) {
}
