package dev.baton.handoff.handoffs.api;

import dev.baton.handoff.handoffs.HandoffService;
import dev.baton.handoff.handoffs.domain.Waiting;
import dev.baton.platform.problem.ProblemException;
import dev.baton.platform.security.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/** Ops' view of the handoffs that wait for a rep: which leads, since when, how often tried, when next. */
@Path("/handoffs/waiting")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.OPS)
@Tag(name = "handoffs", description = "Qualified leads whose handoff waits for a rep")
public class WaitingResource {

    static final int MAX_LIMIT = 200;

    private final HandoffService handoffs;

    public WaitingResource(HandoffService handoffs) {
        this.handoffs = handoffs;
    }

    @GET
    @Operation(operationId = "listWaitingHandoffs",
            summary = "Leads whose handoff was refused because no rep was available, retried until one is",
            description = "The longest waiting first, with the refusal's reason code, the attempts so far (the refusal"
                    + " included), the last and the next attempt. Paged: limit (1 to 200, default 50) and the next"
                    + " page's cursor in next and in a Link header; limit out of range or a malformed cursor: 400.")
    public Uni<Response> list(
            @Parameter(description = "items per page, 1 to 200") @QueryParam("limit") Integer limit,
            @Parameter(description = "the next value of the previous page") @QueryParam("cursor") String cursor,
            @Context UriInfo uri) {
        int size = limit == null ? 50 : limit;
        if (size < 1 || size > MAX_LIMIT) {
            throw ProblemException.badRequest("limit-out-of-range", "limit must be between 1 and " + MAX_LIMIT)
                    .with("maxLimit", MAX_LIMIT);
        }
        Cursor after = cursor == null ? null : Cursor.parse(cursor);
        return handoffs.waiting(after == null ? null : after.waitingSince(), after == null ? null : after.leadId(),
                        size + 1)
                .map(found -> {
                    List<WaitingLead> items = found.stream().limit(size).map(WaitingLead::of).toList();
                    String next = null;
                    Response.ResponseBuilder response = Response.ok();
                    if (found.size() > size) {
                        Waiting last = found.get(size - 1);
                        next = new Cursor(last.waitingSince(), last.leadId()).text();
                        response.link(uri.getRequestUriBuilder().replaceQueryParam("cursor", next)
                                .replaceQueryParam("limit", size).build(), "next");
                    }
                    return response.entity(new Page(items, next)).build();
                });
    }

    /** One page of waiting leads; {@code next} is the cursor of the following page, null on the last. */
    public record Page(List<WaitingLead> items, String next) {
    }

    /**
     * A lead waiting for a rep.
     *
     * @param attempts      assignments that found nobody, the refusal included
     * @param waitingSince  when its handoff was refused
     * @param nextAttemptAt when it is tried again (a restart of the service tries every waiting lead at once)
     * @param country       the lead's country, which the territory policy looks for
     */
    public record WaitingLead(UUID leadId, String reasonCode, int attempts, Instant waitingSince, Instant lastAttemptAt,
            Instant nextAttemptAt, String country, String referringRepId) {

        static WaitingLead of(Waiting w) {
            return new WaitingLead(w.leadId(), w.reasonCode(), w.attempts(), w.waitingSince(), w.lastAttemptAt(),
                    w.nextAttemptAt(), w.country(), w.referringRepId());
        }
    }

    /** Where a page ended: the last lead's waiting time and id, opaque to callers. */
    record Cursor(Instant waitingSince, UUID leadId) {

        String text() {
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString((waitingSince + "|" + leadId).getBytes(StandardCharsets.UTF_8));
        }

        static Cursor parse(String text) {
            try {
                String[] parts = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8).split("\\|");
                return new Cursor(Instant.parse(parts[0]), UUID.fromString(parts[1]));
            } catch (RuntimeException e) {
                throw ProblemException.badRequest("malformed-cursor", "cursor is not one this list gave");
            }
        }
    }
}
