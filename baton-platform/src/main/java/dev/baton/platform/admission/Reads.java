package dev.baton.platform.admission;

import dev.baton.platform.BatonConfig;
import dev.baton.platform.problem.ProblemException;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.function.Function;

/**
 * Reads that clients poll, and reports, bounded so that they cannot take the pool from the writers and consumers:
 * lookups run at most {@code max-lookups} at once, the next ones wait their turn without a connection (past
 * {@code max-waiting-lookups}, 429 with Retry-After); reports run at most {@code max-reports} at once (the next is
 * refused at once), each in a read-only transaction whose statements PostgreSQL cancels after
 * {@code report-timeout} (503).
 */
@ApplicationScoped
public class Reads {

    private final Pool pool;
    private final Gate lookups;
    private final Gate reports;
    private final String setTimeout;

    public Reads(Pool pool, BatonConfig config, MeterRegistry registry) {
        this.pool = pool;
        this.lookups = register(new Gate("lookup reads", config.reads().maxLookups(),
                config.reads().maxWaitingLookups()), "lookup", registry);
        this.reports = register(new Gate("report reads", config.reads().maxReports(), 0), "report", registry);
        this.setTimeout = "SET LOCAL statement_timeout = " + Math.max(1, config.reads().reportTimeout().toMillis());
    }

    /** A read by key (indexed): at most {@code max-lookups} at once, the next ones waiting their turn. */
    public <T> Uni<T> lookup(Function<SqlClient, Uni<T>> read) {
        return lookups.through(() -> read.apply(pool));
    }

    /** A report: at most {@code max-reports} at once, each in a read-only transaction with a statement timeout. */
    public <T> Uni<T> report(Function<SqlClient, Uni<T>> read) {
        return reports.through(() -> pool.withTransaction(tx -> tx.query("SET TRANSACTION READ ONLY").execute()
                        .flatMap(v -> tx.query(setTimeout).execute())
                        .flatMap(v -> read.apply(tx))))
                .onFailure(Reads::cancelled).transform(e -> new ProblemException(503, "report-timed-out",
                        "Service unavailable", "the report took longer than allowed; narrow its filters or try later"));
    }

    private static Gate register(Gate gate, String kind, MeterRegistry registry) {
        Gauge.builder("baton.reads.running", gate, Gate::running).tag("kind", kind)
                .description("Bounded reads running").register(registry);
        Gauge.builder("baton.reads.waiting", gate, Gate::waiting).tag("kind", kind)
                .description("Bounded reads waiting for their turn").register(registry);
        FunctionCounter.builder("baton.reads.refused", gate, Gate::refused).tag("kind", kind)
                .description("Reads refused (429) because as many were running and waiting as allowed")
                .register(registry);
        return gate;
    }

    /** The statement was cancelled by the statement timeout (57014 query_canceled). */
    static boolean cancelled(Throwable failure) {
        return failure instanceof PgException pg && "57014".equals(pg.getSqlState());
    }
}
