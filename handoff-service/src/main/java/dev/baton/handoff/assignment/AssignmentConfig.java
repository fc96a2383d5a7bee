package dev.baton.handoff.assignment;

import dev.baton.handoff.assignment.domain.AssignmentPolicy;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How a qualified lead's rep is chosen. A referral always goes to the referring rep when available. The rep directory
 * itself (reps, teams, territories, capacity, availability) is {@code baton.team.*} ({@code TeamConfig}), shared with
 * sales.
 */
@ConfigMapping(prefix = "baton.handoff.assignment")
public interface AssignmentConfig {

    /** {@code ROUND_ROBIN} or {@code TERRITORY}; both skip unavailable reps and reps at their capacity. */
    @WithDefault("ROUND_ROBIN")
    AssignmentPolicy policy();

    /** Assign only reps of this team (round robin within a team); every team when absent. */
    Optional<String> team();

    /** Most open (not yet answered) handoffs of a rep who has no {@code baton.team.reps.<id>.capacity}. */
    Optional<Integer> defaultCapacity();

    /**
     * Regions the territory policy knows, by name, with their countries (ISO codes), e.g.
     * {@code baton.handoff.assignment.regions.DACH=DE,AT,CH}. A rep whose territories name a region covers its
     * countries.
     */
    Map<String, List<String>> regions();
}
