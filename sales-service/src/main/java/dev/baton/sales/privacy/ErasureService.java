package dev.baton.sales.privacy;

import dev.baton.contract.LifecycleEvent;
import dev.baton.platform.BatonConfig;
import dev.baton.platform.outbox.Outbox;
import dev.baton.platform.privacy.ErasureReceipts;
import dev.baton.platform.time.Timestamps;
import dev.baton.sales.privacy.persistence.ErasureRepository;
import dev.baton.platform.privacy.PersonalData;
import dev.baton.platform.privacy.PersonalDataExport;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.UUID;

/**
 * A person's erasure and export, as sales does its part. Erasure: subjects and notes of activities, titles, reasons, retention notes and
 * referral links go; opportunities, stages, amounts and times stay (the pipeline figures). Confirmed with
 * {@code erasure-confirmed}.
 */
@ApplicationScoped
public class ErasureService implements PersonalData {

    private final ErasureRepository erasures;
    private final Outbox outbox;
    private final String service;
    private final Pool pool;

    public ErasureService(ErasureRepository erasures, Outbox outbox, BatonConfig config, Pool pool) {
        this.erasures = erasures;
        this.pool = pool;
        this.outbox = outbox;
        this.service = config.service();
    }

    /** What sales holds about a lead: its view, opportunities with their moves and activities, account, referrals. */
    @Override
    public Uni<PersonalDataExport> export(UUID leadId) {
        return erasures.export(pool, leadId).map(data -> new PersonalDataExport(leadId, service, data));
    }

    /** In the transaction that records the {@code erased} event as processed. */
    public Uni<Void> erase(SqlClient tx, LifecycleEvent erased, String eventId) {
        Instant now = Timestamps.now();
        return erasures.erase(tx, UUID.fromString(erased.leadId()), now)
                .flatMap(v -> outbox.append(tx, ErasureReceipts.confirmation(erased, eventId, service, now)));
    }
}
