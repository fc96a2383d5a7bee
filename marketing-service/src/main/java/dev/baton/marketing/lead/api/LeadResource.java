package dev.baton.marketing.lead.api;

import dev.baton.marketing.campaign.domain.Utm;
import dev.baton.marketing.lead.LeadMergeService;
import dev.baton.marketing.lead.LeadService;
import dev.baton.marketing.lead.domain.ConsentProof;
import dev.baton.marketing.lead.domain.Conversion;
import dev.baton.marketing.lead.domain.ConversionKind;
import dev.baton.marketing.lead.domain.Lead;
import dev.baton.marketing.lead.domain.Profile;
import dev.baton.platform.problem.ProblemException;
import dev.baton.platform.security.Caller;
import dev.baton.platform.security.Roles;
import dev.baton.platform.security.TeamDirectory;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.UUID;

@Path("/")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "leads", description = "Conversions (anonymous to known), leads and qualification")
public class LeadResource {

    private final LeadService service;
    private final LeadMergeService merges;
    private final Caller caller;
    private final TeamDirectory team;

    public LeadResource(LeadService service, LeadMergeService merges, Caller caller, TeamDirectory team) {
        this.service = service;
        this.merges = merges;
        this.caller = caller;
        this.team = team;
    }

    @POST
    @Path("conversions")
    @RolesAllowed({Roles.MARKETER, Roles.INTEGRATION, Roles.SALES_REP, Roles.SALES_ASSISTANT, Roles.SALES_MANAGER})
    @Operation(operationId = "recordConversion",
            summary = "Record a conversion", description = "201 with a new KNOWN lead; 200 with the same lead when "
            + "the email (in any case or spacing) is already known. A CONSULTATION with consent qualifies at once. "
            + "Only sales records a REFERRAL (sales-service passes the rep's token on): for a rep the caller acts for "
            + "(403 otherwise) and a won or retained customer of that rep as referrer (409 otherwise, 422 when there is "
            + "no such lead); it qualifies at once and goes to that rep. Sales people may record nothing else.")
    public Uni<Response> convert(@Valid @NotNull ConversionRequest request, @Context UriInfo uri) {
        boolean salesSide = caller.hasRole(Roles.SALES_REP) || caller.hasRole(Roles.SALES_ASSISTANT)
                || caller.hasRole(Roles.SALES_MANAGER);
        if (request.kind() == ConversionKind.REFERRAL) {
            if (!salesSide) {
                throw ProblemException.forbidden("a REFERRAL comes from sales, for a rep and their customer");
            }
            team.actorFor(caller, request.referringRepId());
        } else if (!caller.hasRole(Roles.MARKETER) && !caller.hasRole(Roles.INTEGRATION)) {
            throw ProblemException.forbidden("sales may only record REFERRAL conversions");
        }
        return service.convert(conversion(request), caller.actor())
                .map(conversion -> {
                    var body = ConversionResponse.of(conversion, caller.hasRole(Roles.INTEGRATION));
                    return conversion.created()
                            ? Response.created(uri.getBaseUriBuilder().path("leads").path(conversion.leadId().toString())
                            .build()).entity(body).build()
                            : Response.ok(body).build();
                });
    }

    @GET
    @Path("leads/{leadId}")
    @RolesAllowed({Roles.MARKETER, Roles.INTEGRATION, Roles.OPS})
    @Operation(operationId = "getLead",
            summary = "A lead: stage, highest stage, owner, score and its parts, consent, visitors")
    public Uni<LeadResponse> get(@PathParam("leadId") String leadId) {
        return service.find(ProblemException.idOrNotFound("lead", leadId)).flatMap(lead -> {
            if (lead == null) {
                return Uni.createFrom().failure(ProblemException.notFound("lead", leadId));
            }
            return view(lead);
        });
    }

    private Uni<LeadResponse> view(Lead lead) {
        return service.details(lead).map(LeadResponse::of);
    }

    @POST
    @Path("leads/{leadId}/qualify")
    @RolesAllowed(Roles.MARKETER)
    @Operation(operationId = "qualifyLead",
            summary = "Qualify a KNOWN lead by hand", description = "409 when the lead is not KNOWN, has no consent "
            + "to be contacted, or sales owns it (then a marketing-send-blocked event is recorded).")
    public Uni<LeadResponse> qualify(@PathParam("leadId") String leadId, @Valid QualifyRequest request) {
        UUID id = ProblemException.idOrNotFound("lead", leadId);
        return service.qualify(id, caller.actor(), request == null ? null : request.reason())
                .map(BoundaryProblems::orConflict)
                .flatMap(this::view);
    }

    @POST
    @Path("leads/{leadId}/handoff/retry")
    @RolesAllowed(Roles.MARKETER)
    @Operation(operationId = "requestHandoffAgain",
            summary = "Ask again for the handoff of a lead whose handoff was refused", description = "202 with the"
            + " lead, pending again: a handoff-requested event (the marketer, the reason) goes to the handoff service,"
            + " which answers as for a qualification (handed-off, or handoff-refused shown in handoffRefusal). For a"
            + " refusal a new request can change: LEAD_UNKNOWN, NO_CONSENT, or NO_REP_AVAILABLE once the handoff"
            + " service no longer retries it. 409 while it waits for a rep (the handoff service retries it itself),"
            + " for ERASED or ALREADY_OWNED_BY_SALES, when there is no refused handoff, without consent, or while sales"
            + " owns the lead (then a marketing-send-blocked event is recorded).")
    public Uni<Response> requestHandoff(@PathParam("leadId") String leadId, @Valid HandoffRequest request) {
        UUID id = ProblemException.idOrNotFound("lead", leadId);
        return service.requestHandoff(id, caller.actor(), request == null ? null : request.reason())
                .map(BoundaryProblems::orConflict)
                .flatMap(this::view)
                .map(lead -> Response.accepted(lead).build());
    }

    @POST
    @Path("leads/{leadId}/merge")
    @RolesAllowed(Roles.MARKETER)
    @Operation(operationId = "mergeLeads",
            summary = "Merge a duplicate lead into this one", description = "200 with the surviving lead. The "
            + "duplicate is kept as an alias (its email finds this lead); its visitors, engagement and consents move "
            + "over; a merged event is published. 409 unless marketing owns both.")
    public Uni<LeadResponse> merge(@PathParam("leadId") String leadId, @Valid @NotNull MergeRequest request) {
        return merges.merge(ProblemException.idOrNotFound("lead", leadId), request.duplicateLeadId(), request.reason(),
                caller.actor()).flatMap(this::view);
    }

    private static Conversion conversion(ConversionRequest request) {
        return new Conversion(request.visitorId(), request.email(), request.name(), request.kind(), request.consent(),
                new Profile(request.company(), request.companySize(), request.role(), request.country()),
                request.campaignId(), new Utm(request.utmSource(), request.utmMedium(), request.utmCampaign()),
                request.referrerLeadId(), request.referringRepId(),
                new ConsentProof(null, request.consentTextVersion(), request.clientIp(), request.userAgent()));
    }
}
