package dev.baton.sales.projection;

import dev.baton.contract.InvalidEventException;
import dev.baton.contract.LifecycleEvent;
import dev.baton.contract.OwnershipChanged;
import dev.baton.platform.consumer.ApplyOnce;
import dev.baton.sales.opportunity.Opportunity;
import dev.baton.sales.opportunity.OpportunityKind;
import dev.baton.sales.opportunity.OpportunityRepository;
import dev.baton.sales.opportunity.OpportunityStatus;
import dev.baton.sales.opportunity.PipelineStage;
import dev.baton.platform.security.TeamDirectory;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * What sales learns from the other services: a handoff creates an opportunity for the assigned rep; the handoff
 * service's verdict on the rep's answer opens or closes it; a reassignment (SLA breach) moves it to another rep;
 * ownership tells sales which leads it may act on.
 */
@ApplicationScoped
public class SalesConsumers {

    private static final Logger LOG = Logger.getLogger(SalesConsumers.class);

    private final ApplyOnce applyOnce;
    private final LeadView leads;
    private final OpportunityRepository opportunities;
    private final TeamDirectory team;

    public SalesConsumers(ApplyOnce applyOnce, LeadView leads, OpportunityRepository opportunities,
            TeamDirectory team) {
        this.applyOnce = applyOnce;
        this.leads = leads;
        this.opportunities = opportunities;
        this.team = team;
    }

    @Incoming("lifecycle")
    public Uni<Void> onLifecycle(ConsumerRecord<String, String> record) {
        return applyOnce.lifecycle(record, (tx, event, eventId) -> {
            UUID leadId = ApplyOnce.leadId(event.leadId());
            return leads.findForUpdate(tx, leadId).flatMap(lead -> {
                if (lead != null && event.sequence() <= lead.seq()) {
                    LOG.infof("ignoring %s #%d of lead %s: already at #%d", event.type(), event.sequence(), leadId,
                            lead.seq());
                    return Uni.createFrom().voidItem();
                }
                return leads.advance(tx, leadId, event.to(), event.sequence()).flatMap(v -> apply(tx, leadId, event));
            });
        });
    }

    private Uni<Void> apply(SqlClient tx, UUID leadId, LifecycleEvent event) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        return switch (event.type()) {
            case "handed-off" -> {
                String repId = event.detailText("repId");
                if (repId == null) {
                    throw new InvalidEventException("handed-off without repId");
                }
                yield assign(tx, leadId, repId, event, now);
            }
            case "reassigned" -> {
                // After an SLA breach the handoff service gives the lead to another rep (or escalates it to a manager):
                // the old rep's opportunity is REASSIGNED, the new assignee gets one awaiting their answer.
                String toRepId = event.detailText("toRepId");
                if (toRepId == null) {
                    throw new InvalidEventException("reassigned without toRepId");
                }
                yield assign(tx, leadId, toRepId, event, now);
            }
            case "accepted" -> opportunities.activeForLead(tx, leadId).flatMap(o -> o == null
                    ? Uni.createFrom().voidItem()
                    : opportunities.confirm(tx, o.opportunityId(), OpportunityStatus.OPEN, actorOf(event), now));
            case "rejected" -> opportunities.activeForLead(tx, leadId).flatMap(o -> o == null
                    ? Uni.createFrom().voidItem()
                    : opportunities.confirm(tx, o.opportunityId(), OpportunityStatus.REJECTED, actorOf(event), now));
            default -> Uni.createFrom().voidItem();
        };
    }

    /** A new opportunity awaiting {@code repId}'s answer; the lead's previous active one (another rep's) is REASSIGNED. */
    private Uni<Void> assign(SqlClient tx, UUID leadId, String repId, LifecycleEvent event, Instant now) {
        Instant due = instant(event.detailText("slaDueAt"));
        String teamId = event.detailText("teamId") != null ? event.detailText("teamId") : teamOf(repId);
        return opportunities.activeForLead(tx, leadId).flatMap(previous -> opportunities.referrerOf(tx, leadId)
                .flatMap(referrer -> {
                    Opportunity opportunity = new Opportunity(UUID.randomUUID(), leadId, OpportunityKind.NEW_BUSINESS,
                            null, repId, teamId, OpportunityStatus.AWAITING_RESPONSE, PipelineStage.FOLLOW_UP, null,
                            null, null, null, referrer, due, null, null, now, now,
                            null, null);
                    Uni<Void> retire = previous == null ? Uni.createFrom().voidItem()
                            : opportunities.setStatus(tx, previous.opportunityId(), OpportunityStatus.REASSIGNED, null, now);
                    return retire.flatMap(v -> opportunities.insert(tx, opportunity));
                }));
    }

    /** A rep's team, or the team a manager leads (an escalation goes to the manager). */
    private String teamOf(String id) {
        String teamId = team.teamOf(id);
        if (teamId == null && team.config().managers().containsKey(id)) {
            teamId = team.config().managers().get(id).team();
        }
        return teamId;
    }

    private static Instant instant(String text) {
        try {
            return text == null ? null : Instant.parse(text);
        } catch (java.time.format.DateTimeParseException e) {
            throw new InvalidEventException("slaDueAt is not an RFC 3339 time");
        }
    }

    private static String actorOf(LifecycleEvent event) {
        return event.actor() == null ? null : event.actor().id();
    }

    @Incoming("ownership")
    public Uni<Void> onOwnership(ConsumerRecord<String, String> record) {
        return applyOnce.event(record, OwnershipChanged.class, (tx, ownership, eventId) -> leads.applyOwnership(tx,
                ApplyOnce.leadId(ownership.leadId()), ownership.owner(), ownership.repId(), ownership.version()));
    }
}
