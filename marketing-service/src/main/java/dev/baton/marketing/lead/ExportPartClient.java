package dev.baton.marketing.lead;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

import java.util.UUID;

/** Another service's part of a person's export (the platform's {@code PersonalDataResource}), as JSON text. */
public interface ExportPartClient {

    // The path is on the method: a class-level @Path marks REST resources (api), and this is a client.
    @GET
    @Path("/privacy/exports/{leadId}")
    @Produces(MediaType.APPLICATION_JSON)
    Uni<String> part(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @PathParam("leadId") UUID leadId);
}
