package dev.baton.sales.referral;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.contract.Json;
import dev.baton.platform.problem.ProblemException;
import io.quarkus.rest.client.reactive.ClientExceptionMapper;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import java.util.UUID;

/**
 * marketing-service, the owner of identity: a referral is a conversion of kind REFERRAL that creates (201) or finds
 * (200) the referred lead. The caller's own bearer token is forwarded. URL: {@code baton.sales.marketing-url}.
 */
@RegisterRestClient(configKey = "marketing")
public interface MarketingClient {

    // The path is on the method: a class-level @Path marks REST resources (api), and this is a client.
    @POST
    @Path("/conversions")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    Uni<Conversion> convert(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, ReferralConversion conversion);

    /** The body sent to {@code POST /conversions}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ReferralConversion(String email, String name, String kind, boolean consent, String referrerLeadId,
            String referringRepId) {
    }

    /** Marketing's answer: the referred lead and its stage. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Conversion(UUID leadId, String stage) {
    }

    /**
     * Marketing's refusals as this service's own problems: its 4xx on the referred person (bad email...) is a 422 here
     * with marketing's detail; a refused token is 403 (marketing's rules) or 502 (the two services disagree on keys);
     * a failure of marketing itself is 502. Nothing is recorded in any of these cases.
     */
    @ClientExceptionMapper
    static RuntimeException toProblem(Response response) {
        int status = response.getStatus();
        String detail = detailOf(response);
        if (status == 403) {
            return ProblemException.forbidden("marketing-service refused this referral for your credentials"
                    + (detail == null ? "" : ": " + detail));
        }
        if (status == 401) {
            return new ProblemException(502, "marketing-refused-token", "Bad gateway",
                    "marketing-service did not accept the forwarded token; the services' JWT settings disagree");
        }
        if (status >= 400 && status < 500) {
            return ProblemException.unprocessable("referral-refused", "marketing-service refused the referred person"
                    + (detail == null ? "" : ": " + detail)).with("marketingStatus", status);
        }
        return new ProblemException(502, "marketing-failed", "Bad gateway",
                "marketing-service could not record the referral (HTTP " + status + "); nothing was recorded, try again");
    }

    private static String detailOf(Response response) {
        try {
            String body = response.readEntity(String.class);
            if (body == null || body.isBlank()) {
                return null;
            }
            JsonNode detail = Json.mapper().readTree(body).path("detail");
            return detail.isTextual() ? detail.asText() : null;
        } catch (Exception e) {
            return null;
        }
    }
}
