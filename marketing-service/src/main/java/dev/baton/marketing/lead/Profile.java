package dev.baton.marketing.lead;

/** Fit data of a lead, for scoring and territory assignment. Any part may be unknown (null). */
public record Profile(String company, Integer companySize, String role, String country) {

    public Profile {
        country = country == null ? null : country.toUpperCase(java.util.Locale.ROOT);
    }

    public dev.baton.marketing.scoring.ScoreCalculator.Profile forScoring() {
        return new dev.baton.marketing.scoring.ScoreCalculator.Profile(companySize, role, country);
    }
}
