package dev.baton.sales.privacy;

import dev.baton.contract.LifecycleEvent;
import dev.baton.platform.BatonConfig;
import dev.baton.platform.outbox.Outbox;
import dev.baton.platform.privacy.ErasureReceipts;
import dev.baton.platform.time.Timestamps;
import dev.baton.sales.privacy.persistence.ErasureRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.UUID;

/**
 * A person's erasure, as sales does its part: subjects and notes of activities, titles, reasons, retention notes and
 * referral links go; opportunities, stages, amounts and times stay (the pipeline figures). Confirmed with
 * {@code erasure-confirmed}.
 */
@ApplicationScoped
public class ErasureService {

    private final ErasureRepository erasures;
    private final Outbox outbox;
    private final String service;

    public ErasureService(ErasureRepository erasures, Outbox outbox, BatonConfig config) {
        this.erasures = erasures;
        this.outbox = outbox;
        this.service = config.service();
    }

    /** In the transaction that records the {@code erased} event as processed. */
    public Uni<Void> erase(SqlClient tx, LifecycleEvent erased, String eventId) {
        Instant now = Timestamps.now();
        return erasures.erase(tx, UUID.fromString(erased.leadId()), now)
                .flatMap(v -> outbox.append(tx, ErasureReceipts.confirmation(erased, eventId, service, now)));
    }
}
