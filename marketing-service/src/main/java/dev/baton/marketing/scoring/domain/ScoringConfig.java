package dev.baton.marketing.scoring.domain;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The lead score: fit (who the lead is) plus engagement (what they did, decaying with time). Rules live here, in
 * configuration, not in code; {@code application.properties} holds the defaults.
 */
@ConfigMapping(prefix = "baton.marketing.scoring")
public interface ScoringConfig {

    /** A KNOWN lead whose score reaches this, with the required fit data and consent, is qualified. */
    @WithDefault("60")
    double threshold();

    /** Engagement points lose half their weight every half-life. */
    @WithDefault("P14D")
    Duration halfLife();

    /** Points per engagement type and the most that type can add, e.g. {@code engagement.PAGE_VIEW.points=2}. */
    Map<String, EngagementRule> engagement();

    Fit fit();

    interface EngagementRule {
        /** Points of one event of this type, before decay. */
        double points();

        /** The most this type can add to the score, after decay. */
        double cap();
    }

    interface Fit {
        /** Fit attributes that must be known before a score can qualify: company-size, role, country. */
        @WithDefault("company-size,country")
        List<String> required();

        /** Points when the company has at least {@code company-size-minimum} employees. */
        @WithDefault("0")
        double companySizePoints();

        @WithDefault("1")
        int companySizeMinimum();

        /** Points by job-title keyword (case-insensitive; the best match counts), e.g. {@code roles.cto=20}. */
        Map<String, Double> roles();

        /** Points by ISO country code, e.g. {@code countries.FR=10}. */
        Map<String, Double> countries();
    }
}
