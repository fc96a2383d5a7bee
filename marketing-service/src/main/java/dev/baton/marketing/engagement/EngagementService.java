package dev.baton.marketing.engagement;

import dev.baton.contract.Actor;
import dev.baton.contract.CloudEvent;
import dev.baton.marketing.campaign.CampaignService;
import dev.baton.marketing.engagement.domain.EngagementEvent;
import dev.baton.marketing.engagement.domain.EngagementResult;
import dev.baton.marketing.engagement.domain.EngagementRules;
import dev.baton.marketing.engagement.persistence.EngagementRepository;
import dev.baton.marketing.lead.LeadService;
import dev.baton.marketing.lead.persistence.LeadRepository;
import dev.baton.platform.admission.Admission;
import dev.baton.platform.consumer.LifecycleDelay;
import dev.baton.platform.outbox.Outbox;
import dev.baton.platform.outbox.Transactions;
import dev.baton.platform.persistence.GroupCommitter;
import dev.baton.platform.time.Timestamps;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Records engagement durably (one transaction per call, one round trip per table) before answering, once per eventId;
 * {@link EngagementFeed} publishes each newly recorded event on {@code marketing.engagement.v1} from its row.
 *
 * <p>Single events are committed in groups ({@link GroupCommitter}, sized by {@link IngestionConfig}): each caller is
 * still answered only after its own event is committed. Ingestion is bulk work: {@link Admission} refuses it (429)
 * when it falls behind and runs at most {@code lanes} of its transactions at once, so that it never delays the
 * lifecycle.
 */
@ApplicationScoped
public class EngagementService {

    private final Transactions transactions;
    private final Outbox outbox;
    private final CampaignService campaigns;
    private final EngagementRepository engagement;
    private final LeadRepository leads;
    private final LeadService leadService;
    private final EngagementRules rules;
    private final GroupCommitter<Submitted, EngagementResult> singles;
    private final Admission admission;

    public EngagementService(Transactions transactions, Outbox outbox, CampaignService campaigns,
            EngagementRepository engagement, LeadRepository leads, LeadService leadService, IngestionConfig ingestion,
            LifecycleDelay lifecycleDelay, MeterRegistry registry) {
        this.transactions = transactions;
        this.outbox = outbox;
        this.campaigns = campaigns;
        this.engagement = engagement;
        this.leads = leads;
        this.leadService = leadService;
        this.rules = new EngagementRules(ingestion.maxPropertiesBytes());
        DistributionSummary groupSizes = DistributionSummary.builder("baton.engagement.group.size")
                .description("Single engagement events committed in one transaction (group commit)")
                .register(registry);
        this.admission = new Admission(new Admission.Limits(ingestion.lanes(), ingestion.maxAdmittedEvents(),
                ingestion.maxAdmittedAge(), ingestion.maxLifecycleDelay(), ingestion.maxIntakeBytes().asLongValue()),
                lifecycleDelay::current)
                .register(registry, "baton.engagement.admission");
        this.singles = new GroupCommitter<>(ingestion.concurrentGroups(), ingestion.maxGroupSize(),
                group -> admission.inLane(() -> record(group.stream().map(Submitted::event).toList(),
                        group.stream().map(Submitted::actor).toList())),
                groupSizes::record);
    }

    /** A single event and the caller that sent it, waiting for its group's transaction. */
    private record Submitted(EngagementEvent event, Actor actor) {
    }

    /**
     * Records one event, in the next group commit: answered once the transaction holding it has committed (or with
     * the reason it was rejected). Fails with {@link Admission.Overloaded}, recording nothing, when ingestion is behind.
     */
    public Uni<EngagementResult> recordOne(EngagementEvent event, Actor actor) {
        return admission.admit(1, () -> singles.submit(new Submitted(event, actor)));
    }

    /**
     * Records the events durably and once each, attributes them to their campaign, and re-scores the known leads they
     * belong to (which may qualify them), all in one transaction. Fails with {@link Admission.Overloaded}, recording
     * nothing, when ingestion is behind.
     */
    public Uni<List<EngagementResult>> record(List<EngagementEvent> events, Actor actor) {
        return admission.admit(events.size(),
                () -> admission.inLane(() -> record(events, Collections.nCopies(events.size(), actor))));
    }

    /**
     * Lets an engagement request of {@code bytes} be read, or refuses it ({@link Admission.Overloaded}) when ingestion
     * is already behind; run the returned release once it is answered.
     */
    public Runnable intake(long bytes) {
        return admission.intake(bytes);
    }

    public int maxPropertiesBytes() {
        return rules.maxPropertiesBytes();
    }

    /**
     * As {@link #record(List, Actor)}, each event with the actor that sent it (a group commit gathers several callers);
     * the results are in the order of the events.
     */
    private Uni<List<EngagementResult>> record(List<EngagementEvent> events, List<Actor> actors) {
        Map<String, EngagementResult> results = new LinkedHashMap<>();
        Map<String, Actor> actorOf = new HashMap<>();
        List<EngagementEvent> valid = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < events.size(); i++) {
            EngagementEvent event = events.get(i);
            String problem = rules.problemOf(event);
            if (problem != null) {
                results.put(event.eventId(), EngagementResult.rejected(event.eventId(), problem));
            } else if (!seen.add(event.eventId())) {
                results.put(event.eventId(), EngagementResult.duplicate(event.eventId()));
            } else {
                valid.add(event);
                actorOf.put(event.eventId(), actors.get(i));
            }
        }
        if (valid.isEmpty()) {
            return Uni.createFrom().item(inOrder(events, results));
        }
        List<UUID> named = valid.stream().map(EngagementEvent::lead).filter(lead -> lead != null).distinct().toList();
        // Each attempt answers into its own copy: a transaction ended as a deadlock victim runs again.
        return transactions.commit(tx -> engagement.existingLeads(tx, named)
                        .flatMap(known -> attribution(tx, valid).flatMap(campaignOf -> {
                            Map<String, EngagementResult> answered = new LinkedHashMap<>(results);
                            List<EngagementEvent> accepted = new ArrayList<>();
                            for (EngagementEvent event : valid) {
                                if (event.leadId() != null && !known.contains(event.leadId())) {
                                    answered.put(event.eventId(), EngagementResult.rejected(event.eventId(),
                                            EngagementRules.unknownLead(event.leadId())));
                                } else {
                                    accepted.add(event);
                                }
                            }
                            return engagement.insertNew(tx, accepted, campaignOf).flatMap(inserted -> {
                                if (!inserted.isEmpty()) {
                                    outbox.wroteFeedRows(tx); // published by the relay from their rows (EngagementFeed)
                                }
                                // Lifecycle events of the leads that re-scoring moves (qualified), for the outbox.
                                List<CloudEvent> out = new ArrayList<>();
                                // Each touched lead is re-scored once, in lead id order (no deadlock between
                                // concurrent transactions), as the last caller whose event touched it.
                                TreeMap<UUID, Actor> touched = new TreeMap<>();
                                for (EngagementEvent event : accepted) {
                                    String leadId = inserted.get(event.eventId());
                                    boolean isNew = inserted.containsKey(event.eventId());
                                    answered.put(event.eventId(), isNew
                                            ? EngagementResult.recorded(event.eventId())
                                            : EngagementResult.duplicate(event.eventId()));
                                    // The event itself is published from its row (EngagementFeed), not the outbox.
                                    if (isNew && leadId != null && !leadId.isEmpty()) {
                                        touched.put(UUID.fromString(leadId), actorOf.get(event.eventId()));
                                    }
                                }
                                return rescore(tx, touched, out).flatMap(v -> outbox.append(tx, out))
                                        .replaceWith(answered);
                            });
                        })))
                .map(answered -> inOrder(events, answered));
    }

    /** Re-scores each touched lead, in the map's (lead id) order, as the actor given for it. */
    private Uni<Void> rescore(SqlClient tx, TreeMap<UUID, Actor> touched, List<CloudEvent> out) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        Instant now = Timestamps.now();
        for (Map.Entry<UUID, Actor> entry : touched.entrySet()) {
            UUID leadId = entry.getKey();
            Actor actor = entry.getValue();
            chain = chain.flatMap(v -> leads.findForUpdate(tx, leadId))
                    .flatMap(lead -> lead == null ? Uni.createFrom().voidItem()
                            : leadService.reevaluate(tx, lead, actor, "engagement:" + UUID.randomUUID(), now, out)
                            .replaceWithVoid());
        }
        return chain;
    }

    /** The campaign of each event (by id or UTM parameters), resolved once per distinct attribution. */
    private Uni<Map<String, UUID>> attribution(SqlClient tx, List<EngagementEvent> events) {
        Map<String, EngagementEvent> distinct = new LinkedHashMap<>();
        for (EngagementEvent event : events) {
            String key = event.attributionKey();
            if (key != null) {
                distinct.putIfAbsent(key, event);
            }
        }
        Map<String, UUID> resolved = new HashMap<>();
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Map.Entry<String, EngagementEvent> entry : distinct.entrySet()) {
            EngagementEvent event = entry.getValue();
            chain = chain.flatMap(v -> campaigns.attribution(tx, event.campaignId(), event.utm())
                    .invoke(id -> resolved.put(entry.getKey(), id)).replaceWithVoid());
        }
        return chain.replaceWith(resolved);
    }

    /** One result per event, in the order sent; an eventId repeated in the events is a duplicate after its first. */
    private static List<EngagementResult> inOrder(List<EngagementEvent> events, Map<String, EngagementResult> results) {
        List<EngagementResult> ordered = new ArrayList<>(events.size());
        Set<String> emitted = new HashSet<>();
        for (EngagementEvent event : events) {
            EngagementResult result = results.get(event.eventId());
            if (result != null && emitted.add(String.valueOf(event.eventId()))) {
                ordered.add(result);
            } else if (result != null) {
                ordered.add(EngagementResult.duplicate(event.eventId()));
            }
        }
        return ordered;
    }
}
