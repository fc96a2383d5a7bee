package dev.baton.marketing.scoring.domain;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The scoring rules, without a server: fit points, per-type caps and the half-life decay. */
class ScoreCalculatorTest {

    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

    private final ScoreCalculator calculator = new ScoreCalculator(new Rules());

    @Test
    void fitPointsComeFromCompanySizeRoleAndCountry() {
        Score score = calculator.score(new ScoreCalculator.Profile(200, "Chief Technology Officer", "fr"), List.of(), NOW);
        assertThat(score.fit()).containsEntry("company-size", 15.0).containsEntry("role", 20.0).containsEntry("country", 10.0);
        assertThat(score.total()).isEqualTo(45.0);
        assertThat(score.missingFit()).isEmpty();
    }

    @Test
    void engagementHalvesEveryHalfLifeAndIsCappedPerType() {
        List<ScoreCalculator.Engagement> events = List.of(
                new ScoreCalculator.Engagement("WEBINAR_ATTENDED", NOW),                          // 15
                new ScoreCalculator.Engagement("WEBINAR_ATTENDED", NOW.minus(Duration.ofDays(14))), // 7.5
                new ScoreCalculator.Engagement("WEBINAR_ATTENDED", NOW.minus(Duration.ofDays(28))), // 3.75
                new ScoreCalculator.Engagement("PAGE_VIEW", NOW), new ScoreCalculator.Engagement("PAGE_VIEW", NOW),
                new ScoreCalculator.Engagement("PAGE_VIEW", NOW), new ScoreCalculator.Engagement("PAGE_VIEW", NOW),
                new ScoreCalculator.Engagement("PAGE_VIEW", NOW), new ScoreCalculator.Engagement("PAGE_VIEW", NOW));
        Score score = calculator.score(new ScoreCalculator.Profile(null, null, null), events, NOW);

        assertThat(score.engagement().get("WEBINAR_ATTENDED").points()).isEqualTo(26.25);
        assertThat(score.engagement().get("WEBINAR_ATTENDED").capped()).isFalse();
        assertThat(score.engagement().get("PAGE_VIEW").points()).isEqualTo(10.0); // 6 x 2 = 12, capped at 10
        assertThat(score.engagement().get("PAGE_VIEW").capped()).isTrue();
        assertThat(score.total()).isEqualTo(36.25);
    }

    @Test
    void aScoreWithoutTheRequiredFitDataDoesNotQualify() {
        List<ScoreCalculator.Engagement> lots = java.util.stream.IntStream.range(0, 10)
                .mapToObj(i -> new ScoreCalculator.Engagement("WEBINAR_ATTENDED", NOW)).toList();
        Score noCountry = calculator.score(new ScoreCalculator.Profile(500, "CTO", null), lots, NOW);
        assertThat(noCountry.total()).isGreaterThan(60);
        assertThat(noCountry.missingFit()).containsExactly("country");
        assertThat(noCountry.qualifies()).isFalse();
        assertThat(calculator.score(new ScoreCalculator.Profile(500, "CTO", "DE"), lots, NOW).qualifies()).isTrue();
    }

    /** The same rules as application.properties, in code for a unit test. */
    private static final class Rules implements ScoringConfig {
        public double threshold() {
            return 60;
        }

        public Duration halfLife() {
            return Duration.ofDays(14);
        }

        public Map<String, EngagementRule> engagement() {
            return Map.of("WEBINAR_ATTENDED", rule(15, 30), "PAGE_VIEW", rule(2, 10));
        }

        public Fit fit() {
            return new Fit() {
                public List<String> required() {
                    return List.of("company-size", "country");
                }

                public double companySizePoints() {
                    return 15;
                }

                public int companySizeMinimum() {
                    return 50;
                }

                public Map<String, Double> roles() {
                    return Map.of("chief", 20.0, "cto", 20.0, "manager", 8.0);
                }

                public Map<String, Double> countries() {
                    return Map.of("FR", 10.0, "DE", 10.0);
                }
            };
        }

        private static EngagementRule rule(double points, double cap) {
            return new EngagementRule() {
                public double points() {
                    return points;
                }

                public double cap() {
                    return cap;
                }
            };
        }
    }
}
