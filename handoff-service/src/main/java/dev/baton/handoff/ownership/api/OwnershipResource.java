package dev.baton.handoff.ownership.api;

import dev.baton.contract.RejectReason;
import dev.baton.handoff.ownership.OwnershipService;
import dev.baton.handoff.ownership.domain.Answer;
import dev.baton.handoff.ownership.domain.Answerer;
import dev.baton.handoff.ownership.domain.HistoryEntry;
import dev.baton.handoff.ownership.domain.Ownership;
import dev.baton.platform.problem.ProblemException;
import dev.baton.platform.security.Caller;
import dev.baton.platform.security.Roles;
import dev.baton.platform.security.TeamConfig;
import dev.baton.platform.security.TeamDirectory;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;

@Path("/ownership")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.MARKETER, Roles.SALES_REP, Roles.SALES_ASSISTANT, Roles.SALES_MANAGER, Roles.OPS, Roles.INTEGRATION})
@Tag(name = "ownership", description = "Who may act on each lead, and every change of it")
public class OwnershipResource {

    private static final List<String> REASON_CODES = Arrays.stream(RejectReason.values()).map(Enum::name).toList();

    private final OwnershipService ownership;
    private final TeamDirectory team;
    private final Caller caller;

    public OwnershipResource(OwnershipService ownership, TeamDirectory team, Caller caller) {
        this.ownership = ownership;
        this.team = team;
        this.caller = caller;
    }

    @GET
    @Path("{leadId}")
    @Operation(operationId = "getOwnership",
            summary = "The current owner (MARKETING or SALES), rep, handoff status and SLA due time of a lead",
            description = "With ?at= (an RFC 3339 time): who owned it then and its stage then, from its history; 404"
                    + " when the lead was not registered yet at that time, 400 for a malformed time.")
    public Uni<OwnershipResponse> get(@PathParam("leadId") String leadId,
            @Parameter(description = "an RFC 3339 time, e.g. 2026-03-01T10:00:00Z") @QueryParam("at") String at) {
        UUID id = ProblemException.idOrNotFound("lead", leadId);
        Instant when = at == null ? null : time(at);
        return ownership.find(id).flatMap(current -> {
            if (current == null) {
                throw ProblemException.notFound("lead", leadId);
            }
            checkAccess(current);
            if (when == null) {
                return Uni.createFrom().item(OwnershipResponse.of(current));
            }
            return ownership.changeAt(id, when).map(change -> {
                if (change == null) {
                    throw new ProblemException(404, "not-found", "Not found", "lead " + leadId
                            + " was not registered yet at " + when);
                }
                return OwnershipResponse.of(id, change);
            });
        });
    }

    @GET
    @Path("{leadId}/history")
    @Operation(operationId = "getOwnershipHistory",
            summary = "Every ownership change (CHANGE) and stage move (STAGE) of a lead, and every refused handoff or"
            + " answer (REFUSAL), with actor, reason, causation and time")
    public Uni<List<HistoryEntry>> history(@PathParam("leadId") String leadId) {
        UUID id = ProblemException.idOrNotFound("lead", leadId);
        return ownership.find(id).flatMap(current -> {
            if (current == null) {
                throw ProblemException.notFound("lead", leadId);
            }
            checkAccess(current);
            return ownership.history(id);
        });
    }

    @POST
    @Path("{leadId}/accept")
    @RolesAllowed({Roles.SALES_REP, Roles.SALES_ASSISTANT, Roles.SALES_MANAGER})
    @Operation(operationId = "acceptHandoff", summary = "The assignee (or their assistant) accepts a handed-off lead",
            description = "200 with the new ownership (ACCEPTED); 403 (audited) for anyone but the assignee or their"
                    + " assistant (a manager only for a lead escalated to them); 409 when the lead is not awaiting an"
                    + " answer; 404 for an unknown lead.")
    public Uni<OwnershipResponse> accept(@PathParam("leadId") String leadId) {
        return answer(ProblemException.idOrNotFound("lead", leadId), "ACCEPT", null);
    }

    @POST
    @Path("{leadId}/reject")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.SALES_REP, Roles.SALES_ASSISTANT, Roles.SALES_MANAGER})
    @Operation(operationId = "rejectHandoff",
            summary = "The assignee (or their assistant) rejects a handed-off lead with a reason code",
            description = "Ownership returns to marketing and a recycled event moves the lead back to KNOWN. 422 for"
                    + " an unknown reason code (the allowed ones are listed); 403 (audited), 409 and 404 as for accept.")
    public Uni<OwnershipResponse> reject(@PathParam("leadId") String leadId, RejectRequest request) {
        UUID id = ProblemException.idOrNotFound("lead", leadId);
        String code = request == null ? null : request.reasonCode();
        if (code == null || !REASON_CODES.contains(code)) {
            throw ProblemException.unprocessable("unknown-reason-code", "reasonCode must be one of "
                    + String.join(", ", REASON_CODES)).with("allowed", REASON_CODES);
        }
        return answer(id, "REJECT", RejectReason.valueOf(code));
    }

    private Uni<OwnershipResponse> answer(UUID leadId, String decision, RejectReason reason) {
        String callerId = caller.id();
        TeamConfig.Assistant assists = caller.hasRole(Roles.SALES_ASSISTANT)
                ? team.config().assistants().get(callerId) : null;
        Answerer answerer = new Answerer(callerId,
                caller.hasRole(Roles.SALES_REP) || caller.hasRole(Roles.SALES_MANAGER),
                assists == null ? Set.of() : Set.copyOf(assists.reps()));
        Answer answer = new Answer(decision, reason, caller.actor(), null, "api:" + UUID.randomUUID());
        return ownership.answer(leadId, answer, current -> answerer.actingFor(current.repId()))
                .map(answered -> switch (answered.outcome()) {
                    case APPLIED -> OwnershipResponse.of(answered.ownership());
                    case UNKNOWN_LEAD -> throw ProblemException.notFound("lead", leadId.toString());
                    case NOT_AWAITING_ANSWER -> throw ProblemException.conflict("not-handed-off", "lead " + leadId
                                    + " is " + answered.ownership().status() + ": only a handed-off lead can be accepted"
                                    + " or rejected").with("handoffStatus", answered.ownership().status().name());
                    case NOT_ASSIGNEE -> throw ProblemException.forbidden("only the assignee of lead " + leadId
                            + " (or their assistant) may answer its handoff; the refusal is recorded");
                });
    }

    /**
     * Marketers, ops and integrations see every lead; sales people only the leads of the reps they may act for, and a
     * manager a lead escalated to them (403 otherwise, as everywhere in Baton: 404 means the lead does not exist).
     */
    private void checkAccess(Ownership ownership) {
        if (caller.hasRole(Roles.OPS) || caller.hasRole(Roles.MARKETER) || caller.hasRole(Roles.INTEGRATION)) {
            return;
        }
        team.actorFor(caller, ownership.repId());
    }


    private static Instant time(String text) {
        try {
            return OffsetDateTime.parse(text.trim()).toInstant();
        } catch (DateTimeParseException e) {
            throw ProblemException.badRequest("malformed-time", "at must be an RFC 3339 time such as"
                    + " 2026-03-01T10:00:00Z");
        }
    }
}
