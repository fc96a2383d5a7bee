package dev.baton.marketing.scoring.domain;

import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Computes a score from the configured rules. Pure: the same profile, events and instant give the same score. */
@ApplicationScoped
public class ScoreCalculator {

    private final ScoringConfig config;

    public ScoreCalculator(ScoringConfig config) {
        this.config = config;
    }

    /** What is known of who the lead is. */
    public record Profile(Integer companySize, String role, String country) {
    }

    /** One engagement event: its type and when it happened. */
    public record Engagement(String type, Instant occurredAt) {
    }

    public Score score(Profile profile, List<Engagement> events, Instant now) {
        Map<String, Double> fit = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        ScoringConfig.Fit rules = config.fit();
        if (profile.companySize() == null) {
            missing.add("company-size");
        } else {
            fit.put("company-size", profile.companySize() >= rules.companySizeMinimum() ? rules.companySizePoints() : 0.0);
        }
        if (profile.role() == null || profile.role().isBlank()) {
            missing.add("role");
        } else {
            String role = profile.role().toLowerCase(Locale.ROOT);
            fit.put("role", rules.roles().entrySet().stream()
                    .filter(rule -> role.contains(rule.getKey().toLowerCase(Locale.ROOT)))
                    .mapToDouble(Map.Entry::getValue).max().orElse(0.0));
        }
        if (profile.country() == null || profile.country().isBlank()) {
            missing.add("country");
        } else {
            fit.put("country", rules.countries().getOrDefault(profile.country().toUpperCase(Locale.ROOT), 0.0));
        }
        List<String> missingRequired = missing.stream().filter(rules.required()::contains).toList();

        double halfLifeSeconds = Math.max(1, config.halfLife().toSeconds());
        Map<String, Double> raw = new TreeMap<>();
        Map<String, Integer> counts = new TreeMap<>();
        for (Engagement event : events) {
            ScoringConfig.EngagementRule rule = config.engagement().get(event.type());
            if (rule == null) {
                continue;
            }
            double ageSeconds = Math.max(0, Duration.between(event.occurredAt(), now).toSeconds());
            raw.merge(event.type(), rule.points() * Math.pow(0.5, ageSeconds / halfLifeSeconds), Double::sum);
            counts.merge(event.type(), 1, Integer::sum);
        }
        Map<String, Score.TypePoints> engagement = new LinkedHashMap<>();
        double engagementTotal = 0;
        for (Map.Entry<String, Double> type : raw.entrySet()) {
            double cap = config.engagement().get(type.getKey()).cap();
            double points = Math.min(cap, type.getValue());
            engagement.put(type.getKey(), new Score.TypePoints(counts.get(type.getKey()), round(points), type.getValue() > cap));
            engagementTotal += points;
        }
        double total = fit.values().stream().mapToDouble(Double::doubleValue).sum() + engagementTotal;
        return new Score(round(total), fit, engagement, missingRequired, config.threshold());
    }

    private static double round(double value) {
        return Math.round(value * 100.0) / 100.0;
    }
}
