package dev.baton.handoff.rebuild.domain;

import dev.baton.handoff.ownership.domain.Ownership;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;

/** One field on which the live registry and the replay disagree ({@code row}: one of them has no row). */
public record Difference(UUID leadId, String field, String live, String rebuilt) {

    private static final Map<String, Function<Ownership, Object>> FIELDS = new LinkedHashMap<>();

    static {
        FIELDS.put("owner", Ownership::owner);
        FIELDS.put("repId", Ownership::repId);
        FIELDS.put("teamId", Ownership::teamId);
        FIELDS.put("status", Ownership::status);
        FIELDS.put("stage", Ownership::stage);
        FIELDS.put("seq", Ownership::seq);
        FIELDS.put("version", Ownership::version);
        FIELDS.put("slaDueAt", Ownership::slaDueAt);
        FIELDS.put("slaAtRiskAt", Ownership::slaAtRiskAt);
        FIELDS.put("slaAtRiskSent", Ownership::slaAtRiskSent);
        FIELDS.put("reassignments", Ownership::reassignments);
        FIELDS.put("triedReps", Ownership::triedReps);
        FIELDS.put("country", Ownership::country);
        FIELDS.put("contactable", Ownership::contactable);
        FIELDS.put("closedOutcome", Ownership::closedOutcome);
        FIELDS.put("closedAt", Ownership::closedAt);
        FIELDS.put("updatedAt", Ownership::updatedAt);
    }

    /** Every difference, by lead (in id order), then field. */
    public static List<Difference> between(Map<UUID, Ownership> live, Map<UUID, Ownership> rebuilt) {
        List<Difference> differences = new ArrayList<>();
        Set<UUID> leads = new TreeSet<>(live.keySet());
        leads.addAll(rebuilt.keySet());
        for (UUID leadId : leads) {
            Ownership l = live.get(leadId);
            Ownership r = rebuilt.get(leadId);
            if (l == null || r == null) {
                differences.add(new Difference(leadId, "row", l == null ? null : "present", r == null ? null : "present"));
                continue;
            }
            FIELDS.forEach((name, field) -> {
                Object a = field.apply(l);
                Object b = field.apply(r);
                if (!Objects.equals(a, b)) {
                    differences.add(new Difference(leadId, name, String.valueOf(a), String.valueOf(b)));
                }
            });
        }
        return differences;
    }
}
