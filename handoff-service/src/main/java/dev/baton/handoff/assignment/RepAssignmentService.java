package dev.baton.handoff.assignment;

import dev.baton.handoff.assignment.domain.Assignee;
import dev.baton.handoff.assignment.domain.AssignmentCriteria;
import dev.baton.handoff.assignment.domain.RepChoice;
import dev.baton.handoff.assignment.domain.RepView;
import dev.baton.handoff.assignment.persistence.RepRepository;
import dev.baton.platform.outbox.Transactions;
import dev.baton.platform.security.TeamConfig;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Chooses the rep a lead goes to ({@link RepChoice}, by the configured policy) and records the choice.
 *
 * <p>The rep directory is configuration ({@code baton.team.reps.*}, the ConfigMap sales also reads), copied into the
 * {@code rep} table at start so that the round-robin position survives restarts. Choices are serialised by a
 * transaction-level advisory lock, so two concurrent handoffs (or replicas) cannot both take a rep's last slot.
 */
@ApplicationScoped
public class RepAssignmentService {

    private static final Logger LOG = Logger.getLogger(RepAssignmentService.class);

    private final Pool pool;
    private final Transactions transactions;
    private final RepRepository reps;
    private final TeamConfig team;
    private final AssignmentConfig config;
    private final RepChoice choice;

    public RepAssignmentService(Pool pool, Transactions transactions, RepRepository reps, TeamConfig team,
            AssignmentConfig config) {
        this.pool = pool;
        this.transactions = transactions;
        this.reps = reps;
        this.team = team;
        this.config = config;
        this.choice = new RepChoice(config.policy(), config.team().orElse(null), config.regions());
    }

    /** Copies the configured directory into the {@code rep} table before the consumers start. */
    void seed(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent event) {
        transactions.commit(tx -> {
            Uni<Void> chain = reps.unlistAll(tx);
            for (Map.Entry<String, TeamConfig.Rep> entry : team.reps().entrySet()) {
                TeamConfig.Rep rep = entry.getValue();
                String[] territories = rep.territories().orElse(List.of()).stream()
                        .map(t -> t.trim().toUpperCase(Locale.ROOT)).filter(t -> !t.isEmpty()).toArray(String[]::new);
                chain = chain.flatMap(v -> reps.list(tx, entry.getKey(), rep.team(), rep.available(), territories,
                        rep.capacity().orElse(null)));
            }
            return chain;
        }).await().atMost(Duration.ofSeconds(30));
        LOG.infof("rep directory: %d reps from configuration, policy %s%s", team.reps().size(), config.policy(),
                config.team().map(t -> " within " + t).orElse(""));
    }

    /**
     * The rep chosen for a lead, marked as assigned at {@code at}, or null when nobody is eligible. Runs in the
     * caller's transaction.
     */
    public Uni<Assignee> choose(SqlClient tx, AssignmentCriteria criteria, Instant at) {
        return reps.lockChoices(tx)
                .flatMap(locked -> reps.directory(tx, config.defaultCapacity().orElse(null)))
                .flatMap(directory -> {
                    Assignee chosen = choice.choose(directory, criteria);
                    if (criteria.referringRepId() != null && !criteria.excluded().contains(criteria.referringRepId())
                            && (chosen == null || !"REFERRAL".equals(chosen.policy()))) {
                        LOG.infof("referring rep %s is not available: the policy chooses", criteria.referringRepId());
                    }
                    if (chosen == null) {
                        return Uni.createFrom().nullItem();
                    }
                    return reps.assigned(tx, chosen.repId(), at).replaceWith(chosen);
                });
    }

    /** Every listed rep. */
    public Uni<List<RepView>> directory() {
        return reps.directory(pool, config.defaultCapacity().orElse(null));
    }
}
