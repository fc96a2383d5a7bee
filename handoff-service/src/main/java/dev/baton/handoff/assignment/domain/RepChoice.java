package dev.baton.handoff.assignment.domain;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The assignment rule: among the directory's reps (least recently assigned first, so the first eligible one is the
 * round robin's), who gets a lead. A referral goes to the referring rep whenever listed and available, whatever the
 * policy and capacity; otherwise only available reps of the configured team (if any) below their capacity, by policy.
 *
 * @param team    the only team assigned, or null for every team
 * @param regions region name to its countries (ISO codes), for {@link AssignmentPolicy#TERRITORY}
 */
public record RepChoice(AssignmentPolicy policy, String team, Map<String, List<String>> regions) {

    /** The rep the lead goes to, or null when nobody is eligible. */
    public Assignee choose(List<RepView> directory, AssignmentCriteria criteria) {
        List<RepView> available = directory.stream().filter(RepView::available).toList();
        String referrer = criteria.referringRepId();
        if (referrer != null && !criteria.excluded().contains(referrer)) {
            Optional<RepView> referring = available.stream().filter(r -> r.repId().equals(referrer)).findFirst();
            if (referring.isPresent()) {
                return new Assignee(referring.get().repId(), referring.get().teamId(), "REFERRAL");
            }
        }
        List<RepView> eligible = available.stream()
                .filter(r -> !criteria.excluded().contains(r.repId()))
                .filter(r -> team == null || team.equals(r.teamId()))
                .filter(r -> r.capacity() == null || r.openHandoffs() < r.capacity())
                .toList();
        if (policy == AssignmentPolicy.TERRITORY) {
            Set<String> keys = territoryKeys(criteria.country());
            Optional<RepView> covering = keys.isEmpty() ? Optional.empty()
                    : eligible.stream().filter(r -> r.territories().stream().anyMatch(keys::contains)).findFirst();
            if (covering.isPresent()) {
                return new Assignee(covering.get().repId(), covering.get().teamId(), "TERRITORY");
            }
            return eligible.stream().filter(r -> r.territories().isEmpty()).findFirst()
                    .map(r -> new Assignee(r.repId(), r.teamId(), "ROUND_ROBIN")).orElse(null);
        }
        return eligible.stream().findFirst().map(r -> new Assignee(r.repId(), r.teamId(), "ROUND_ROBIN")).orElse(null);
    }

    /** The lead's country and every configured region that contains it. */
    private Set<String> territoryKeys(String country) {
        Set<String> keys = new HashSet<>();
        if (country == null) {
            return keys;
        }
        keys.add(country);
        regions.forEach((region, countries) -> {
            if (countries.stream().anyMatch(c -> c.trim().equalsIgnoreCase(country))) {
                keys.add(region.toUpperCase(Locale.ROOT));
            }
        });
        return keys;
    }
}
