package dev.baton.sales.customer;

import dev.baton.contract.Actor;
import dev.baton.contract.CloudEvent;
import dev.baton.contract.LifecycleEvent;
import dev.baton.contract.Stage;
import dev.baton.platform.BatonConfig;
import dev.baton.platform.outbox.Outbox;
import dev.baton.platform.problem.ProblemException;
import dev.baton.platform.security.Caller;
import dev.baton.sales.projection.LeadView;
import dev.baton.platform.security.TeamDirectory;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;

/** Sales retention: check-ins, renewals and repeat purchases with a WON customer move it to RETAINED. */
@ApplicationScoped
public class CustomerService {

    private final Pool pool;
    private final LeadView leads;
    private final TeamDirectory team;
    private final Outbox outbox;
    private final String service;

    public CustomerService(Pool pool, LeadView leads, TeamDirectory team, Outbox outbox, BatonConfig config) {
        this.pool = pool;
        this.leads = leads;
        this.team = team;
        this.outbox = outbox;
        this.service = config.service();
    }

    public Uni<RetentionResponse> retain(UUID leadId, RetentionKind kind, String notes, Caller caller) {
        return pool.withTransaction(tx -> tx.preparedQuery("SELECT rep_id, status FROM customer WHERE lead_id = $1 FOR UPDATE")
                        .execute(Tuple.of(leadId))
                        .flatMap(rows -> {
                            if (!rows.iterator().hasNext()) {
                                throw ProblemException.conflict("not-a-customer",
                                        "lead " + leadId + " is not a WON customer");
                            }
                            var row = rows.iterator().next();
                            String repId = row.getString("rep_id");
                            String status = row.getString("status");
                            Actor actor = team.actorFor(caller, repId);
                            if ("CHURNED".equals(status)) {
                                throw ProblemException.conflict("churned", "customer " + leadId + " has churned");
                            }
                            Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
                            UUID retentionId = UUID.randomUUID();
                            Uni<Void> record = tx.preparedQuery("INSERT INTO retention_activity (retention_id, lead_id, kind,"
                                            + " actor_id, rep_id, notes, occurred_at) VALUES ($1, $2, $3, $4, $5, $6, $7)")
                                    .execute(Tuple.from(new Object[] {retentionId, leadId, kind.name(), actor.id(), repId,
                                            notes, now.atOffset(ZoneOffset.UTC)}))
                                    .replaceWithVoid();
                            if (!"WON".equals(status)) {
                                return record.replaceWith(new RetentionResponse(retentionId, leadId, kind,
                                        Stage.RETAINED, repId, actor.id(), now));
                            }
                            return record.flatMap(v -> leads.findForUpdate(tx, leadId)).flatMap(lead -> {
                                long seq = lead.seq() + 1;
                                CloudEvent retained = new LifecycleEvent(leadId.toString(), "retained", lead.stage(),
                                        Stage.RETAINED, actor, kind.name(), "retention:" + retentionId, seq, now,
                                        Map.of("kind", kind.name(), "repId", repId)).toCloudEvent(service);
                                return tx.preparedQuery("UPDATE customer SET status = 'RETAINED', updated_at = $2"
                                                + " WHERE lead_id = $1")
                                        .execute(Tuple.of(leadId, now.atOffset(ZoneOffset.UTC)))
                                        .flatMap(v -> leads.advance(tx, leadId, Stage.RETAINED, seq))
                                        .flatMap(v -> outbox.append(tx, retained))
                                        .replaceWith(new RetentionResponse(retentionId, leadId, kind, Stage.RETAINED,
                                                repId, actor.id(), now));
                            });
                        }))
                .invoke(outbox::committed);
    }
}
