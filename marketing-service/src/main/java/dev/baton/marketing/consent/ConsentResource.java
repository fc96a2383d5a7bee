package dev.baton.marketing.consent;

import dev.baton.marketing.lead.LeadEvents;
import dev.baton.marketing.lead.LeadRepository;
import dev.baton.platform.outbox.Outbox;
import dev.baton.platform.problem.ProblemException;
import dev.baton.platform.security.Caller;
import dev.baton.platform.security.Roles;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

@Path("/leads/{leadId}/consent")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "consent", description = "Consent per channel, demonstrable (source and time of every change)")
public class ConsentResource {

    private final Pool pool;
    private final Consents consents;
    private final LeadRepository leads;
    private final LeadEvents events;
    private final Outbox outbox;
    private final Caller caller;

    public ConsentResource(Pool pool, Consents consents, LeadRepository leads, LeadEvents events, Outbox outbox,
            Caller caller) {
        this.pool = pool;
        this.consents = consents;
        this.leads = leads;
        this.events = events;
        this.outbox = outbox;
        this.caller = caller;
    }

    /** The consent of a lead: the current state per channel and every change. */
    public record ConsentView(UUID leadId, boolean consentToContact, Map<ConsentChannel, Consents.State> channels,
            List<Consents.Change> history) {
    }

    @PUT
    @RolesAllowed({Roles.MARKETER, Roles.INTEGRATION})
    @Operation(summary = "Grant or withdraw consent on a channel", description = "200. A withdrawal stops every send at "
            + "once and is published (consent-changed) so that sales stops too; it is allowed whoever owns the lead.")
    public Uni<ConsentView> change(@PathParam("leadId") String leadId, @Valid @NotNull ConsentRequest request) {
        UUID id = ProblemException.idOrNotFound("lead", leadId);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        return pool.withTransaction(tx -> leads.findForUpdate(tx, id).flatMap(lead -> {
                    if (lead == null) {
                        throw ProblemException.notFound("lead", leadId);
                    }
                    return consents.record(tx, id, request.channel(), request.granted(), request.source(), caller.id(), now)
                            .flatMap(v -> outbox.append(tx, events.lifecycle("consent-changed", id, lead.stage(),
                                    lead.stage(), caller.actor(), request.granted() ? "granted" : "withdrawn",
                                    "consent:" + UUID.randomUUID(), lead.seq(), now,
                                    Map.of("channel", request.channel().name(), "granted", request.granted(),
                                            "source", request.source()))));
                }))
                .invoke(outbox::committed)
                .flatMap(v -> view(id));
    }

    @GET
    @RolesAllowed({Roles.MARKETER, Roles.INTEGRATION, Roles.OPS})
    @Operation(summary = "The consent of a lead per channel, and every change with its source and time")
    public Uni<ConsentView> get(@PathParam("leadId") String leadId) {
        UUID id = ProblemException.idOrNotFound("lead", leadId);
        return leads.find(pool, id).flatMap(lead -> {
            if (lead == null) {
                throw ProblemException.notFound("lead", leadId);
            }
            return view(id);
        });
    }

    private Uni<ConsentView> view(UUID id) {
        return consents.current(pool, id).flatMap(current -> consents.history(pool, id)
                .map(history -> new ConsentView(id, current.values().stream().anyMatch(Consents.State::granted),
                        current, history)));
    }

}
