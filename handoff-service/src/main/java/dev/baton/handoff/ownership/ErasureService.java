package dev.baton.handoff.ownership;

import dev.baton.contract.LifecycleEvent;
import dev.baton.handoff.ownership.persistence.OwnershipRepository;
import dev.baton.platform.BatonConfig;
import dev.baton.platform.outbox.Outbox;
import dev.baton.platform.privacy.ErasureReceipts;
import dev.baton.platform.time.Timestamps;
import dev.baton.platform.privacy.PersonalData;
import dev.baton.platform.privacy.PersonalDataExport;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.UUID;

/**
 * A person's erasure and export, as the handoff service does its part. Erasure: the users' own words in the ownership history go; owners,
 * stages, times and reason codes stay (the audit of who owned the lead). Confirmed with {@code erasure-confirmed}.
 */
@ApplicationScoped
public class ErasureService implements PersonalData {

    private final OwnershipRepository registry;
    private final Outbox outbox;
    private final String service;
    private final Pool pool;

    public ErasureService(OwnershipRepository registry, Outbox outbox, BatonConfig config, Pool pool) {
        this.registry = registry;
        this.pool = pool;
        this.outbox = outbox;
        this.service = config.service();
    }

    /** What the handoff service holds about a lead: its registry row and its whole ownership history, notes included. */
    @Override
    public Uni<PersonalDataExport> export(UUID leadId) {
        return registry.export(pool, leadId).map(data -> new PersonalDataExport(leadId, service, data));
    }

    /** In the transaction that records the {@code erased} event as processed. */
    public Uni<Void> erase(SqlClient tx, LifecycleEvent erased, String eventId) {
        return registry.eraseWords(tx, UUID.fromString(erased.leadId()))
                .flatMap(v -> outbox.append(tx, ErasureReceipts.confirmation(erased, eventId, service,
                        Timestamps.now())));
    }
}
