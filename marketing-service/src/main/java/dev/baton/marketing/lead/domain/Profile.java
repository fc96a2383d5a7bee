package dev.baton.marketing.lead.domain;

import dev.baton.marketing.scoring.domain.ScoreCalculator;

import java.util.Locale;

/** Fit data of a lead, for scoring and territory assignment. Any part may be unknown (null). */
public record Profile(String company, Integer companySize, String role, String country) {

    public Profile {
        country = country == null ? null : country.toUpperCase(Locale.ROOT);
    }

    public ScoreCalculator.Profile forScoring() {
        return new ScoreCalculator.Profile(companySize, role, country);
    }
}
