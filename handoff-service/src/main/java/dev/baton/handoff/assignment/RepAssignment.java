package dev.baton.handoff.assignment;

import dev.baton.handoff.HandoffConfig;
import dev.baton.platform.security.TeamConfig;
import dev.baton.platform.time.Timestamps;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Chooses the rep a lead goes to, by the configured {@link AssignmentPolicy}, among the listed, available reps below
 * their capacity, the least recently assigned first (round robin). A referral goes to the referring rep whenever that
 * rep is listed and available, whatever the policy and capacity.
 *
 * <p>The rep directory is configuration ({@code baton.team.reps.*}, the ConfigMap sales also reads), copied into the
 * {@code rep} table at start so that the round-robin position survives restarts. Choices are serialised by a
 * transaction-level advisory lock, so two concurrent handoffs (or replicas) cannot both take a rep's last slot.
 */
@ApplicationScoped
public class RepAssignment {

    private static final Logger LOG = Logger.getLogger(RepAssignment.class);
    /** Advisory lock key: "baton-assign" as a number. */
    private static final long LOCK_KEY = 0x626174617373676EL;

    private final Pool pool;
    private final TeamConfig team;
    private final HandoffConfig.Assignment config;

    public RepAssignment(Pool pool, TeamConfig team, HandoffConfig config) {
        this.pool = pool;
        this.team = team;
        this.config = config.assignment();
    }

    /** Copies the configured directory into the {@code rep} table before the consumers start. */
    void seed(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent event) {
        pool.withTransaction(tx -> {
            Uni<Void> chain = tx.query("UPDATE rep SET listed = FALSE").execute().replaceWithVoid();
            for (Map.Entry<String, TeamConfig.Rep> entry : team.reps().entrySet()) {
                TeamConfig.Rep rep = entry.getValue();
                String[] territories = rep.territories().orElse(List.of()).stream()
                        .map(t -> t.trim().toUpperCase(Locale.ROOT)).filter(t -> !t.isEmpty()).toArray(String[]::new);
                Tuple row = Tuple.of(entry.getKey(), rep.team(), rep.available(), territories)
                        .addValue(rep.capacity().orElse(null));
                chain = chain.flatMap(v -> tx.preparedQuery("INSERT INTO rep (rep_id, team_id, available, territories,"
                                + " capacity, listed) VALUES ($1, $2, $3, $4, $5, TRUE) ON CONFLICT (rep_id) DO UPDATE SET"
                                + " team_id = EXCLUDED.team_id, available = EXCLUDED.available,"
                                + " territories = EXCLUDED.territories, capacity = EXCLUDED.capacity, listed = TRUE")
                        .execute(row).replaceWithVoid());
            }
            return chain;
        }).await().atMost(Duration.ofSeconds(30));
        LOG.infof("rep directory: %d reps from configuration, policy %s%s", team.reps().size(), config.policy(),
                config.team().map(t -> " within " + t).orElse(""));
    }

    /**
     * The rep chosen for a lead, marked as assigned now, or null when nobody is eligible. Runs in the caller's
     * transaction.
     */
    public Uni<Assignee> choose(SqlClient tx, Request request, Instant at) {
        return tx.preparedQuery("SELECT pg_advisory_xact_lock($1)").execute(Tuple.of(LOCK_KEY))
                .flatMap(locked -> candidates(tx))
                .flatMap(reps -> {
                    Assignee chosen = pick(reps, request);
                    if (chosen == null) {
                        return Uni.createFrom().nullItem();
                    }
                    return tx.preparedQuery("UPDATE rep SET last_assigned_at = $2, assigned_count = assigned_count + 1"
                                    + " WHERE rep_id = $1")
                            .execute(Tuple.of(chosen.repId(), Timestamps.utc(at)))
                            .replaceWith(chosen);
                });
    }

    private Assignee pick(List<RepView> reps, Request request) {
        if (request.referringRepId() != null && !request.excluded().contains(request.referringRepId())) {
            Optional<RepView> referrer = reps.stream().filter(r -> r.repId().equals(request.referringRepId())).findFirst();
            if (referrer.isPresent()) {
                return new Assignee(referrer.get().repId(), referrer.get().teamId(), "REFERRAL");
            }
            LOG.infof("referring rep %s is not available: the policy chooses", request.referringRepId());
        }
        List<RepView> eligible = reps.stream()
                .filter(r -> !request.excluded().contains(r.repId()))
                .filter(r -> config.team().map(t -> t.equals(r.teamId())).orElse(true))
                .filter(r -> r.capacity() == null || r.openHandoffs() < r.capacity())
                .toList();
        if (config.policy() == AssignmentPolicy.TERRITORY) {
            Set<String> keys = territoryKeys(request.country());
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
        config.regions().forEach((region, countries) -> {
            if (countries.stream().anyMatch(c -> c.trim().equalsIgnoreCase(country))) {
                keys.add(region.toUpperCase(Locale.ROOT));
            }
        });
        return keys;
    }

    /** Listed, available reps, least recently assigned first, with their open handoffs and effective capacity. */
    private Uni<List<RepView>> candidates(SqlClient client) {
        return directory(client).map(reps -> reps.stream().filter(RepView::available).toList());
    }

    /** Every listed rep. */
    public Uni<List<RepView>> directory(SqlClient client) {
        return client.preparedQuery("SELECT r.rep_id, r.team_id, r.available, r.territories, r.capacity,"
                        + " r.last_assigned_at, (SELECT count(*) FROM lead_ownership o"
                        + " WHERE o.rep_id = r.rep_id AND o.status = 'HANDED_OFF') AS open_handoffs"
                        + " FROM rep r WHERE r.listed ORDER BY r.last_assigned_at NULLS FIRST, r.rep_id")
                .execute()
                .map(rows -> {
                    List<RepView> reps = new ArrayList<>();
                    for (Row row : rows) {
                        Integer capacity = row.getInteger("capacity");
                        String[] territories = row.getArrayOfStrings("territories");
                        OffsetDateTime last = row.getOffsetDateTime("last_assigned_at");
                        reps.add(new RepView(row.getString("rep_id"), row.getString("team_id"),
                                Boolean.TRUE.equals(row.getBoolean("available")),
                                territories == null ? List.of() : Arrays.asList(territories),
                                capacity != null ? capacity : config.defaultCapacity().orElse(null),
                                row.getLong("open_handoffs"), Timestamps.instant(last)));
                    }
                    return reps;
                });
    }

    /**
     * What a choice is made for.
     *
     * @param country        the lead's country (ISO code), if known
     * @param referringRepId the rep whose customer referred the lead, if any
     * @param excluded       reps who may not get it (those who let its SLA pass)
     */
    public record Request(String country, String referringRepId, Set<String> excluded) {
    }

    /** The chosen rep and the policy that chose them ({@code REFERRAL}, {@code TERRITORY}, {@code ROUND_ROBIN}). */
    public record Assignee(String repId, String teamId, String policy) {
    }

    /**
     * One rep of the directory, as {@code GET /reps} shows it.
     *
     * @param capacity     the most open handoffs the rep may hold (null: no cap)
     * @param openHandoffs handed-off leads the rep has not answered yet
     */
    public record RepView(String repId, String teamId, boolean available, List<String> territories, Integer capacity,
            long openHandoffs, Instant lastAssignedAt) {
    }
}
