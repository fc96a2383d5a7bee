package dev.baton.platform.problem;

import io.quarkus.smallrye.openapi.OpenApiFilter;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

/**
 * Declares in every service's OpenAPI document the errors every operation can answer, as RFC 9457 problem details
 * ({@link Problem}): 400, 401, 403, 404 on a path with an id, 413 with a body, and the others (409, 422, 429, 500) as
 * the default response (with 503). An operation's own description of a code is kept; its body is the problem.
 */
@OpenApiFilter(OpenApiFilter.RunStage.BUILD)
public class ProblemResponses implements OASFilter {

    private static final String SCHEMA = "Problem";

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getComponents() == null) {
            openAPI.setComponents(OASFactory.createComponents());
        }
        openAPI.getComponents().addSchema(SCHEMA, problemSchema());
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        openAPI.getPaths().getPathItems().forEach((path, item) -> item.getOperations().values()
                .forEach(operation -> declare(path, operation)));
    }

    private static void declare(String path, Operation operation) {
        if (operation.getResponses() == null) {
            operation.setResponses(OASFactory.createAPIResponses());
        }
        APIResponses responses = operation.getResponses();
        add(responses, "400", "Malformed or invalid request: bad id, parameter or body");
        add(responses, "401", "No valid bearer token");
        add(responses, "403", "The token's role, or the caller's relation to this object, does not allow it");
        if (path.contains("{")) {
            add(responses, "404", "No such object");
        }
        if (operation.getRequestBody() != null) {
            add(responses, "413", "The body is over the byte limit");
        }
        if (responses.getDefaultValue() == null) {
            responses.setDefaultValue(problem("Any other error: 409 conflict with the current state, 422 refused by a "
                    + "rule, 429 overloaded (Retry-After), 500, 503 (a report past its time limit)"));
        }
    }

    /** Adds the code as a problem, or says that a code already declared (e.g. by Quarkus' security) is one. */
    private static void add(APIResponses responses, String code, String description) {
        if (!responses.hasAPIResponse(code)) {
            responses.addAPIResponse(code, problem(description));
            return;
        }
        var declared = responses.getAPIResponse(code);
        if (declared.getContent() == null || declared.getContent().getMediaType(Problem.MEDIA_TYPE) == null) {
            declared.content(problem(declared.getDescription()).getContent());
        }
    }

    private static org.eclipse.microprofile.openapi.models.responses.APIResponse problem(String description) {
        return OASFactory.createAPIResponse().description(description)
                .content(OASFactory.createContent().addMediaType(Problem.MEDIA_TYPE, OASFactory.createMediaType()
                        .schema(OASFactory.createSchema().ref(SCHEMA))));
    }

    private static Schema problemSchema() {
        return OASFactory.createSchema().addType(Schema.SchemaType.OBJECT)
                .description("RFC 9457 problem details; some problems add members (e.g. retryAfterSeconds, errors)")
                .addRequired("type").addRequired("title").addRequired("status")
                .addProperty("type", text("A URI naming the kind of problem").format("uri"))
                .addProperty("title", text("Short summary of the kind"))
                .addProperty("status", OASFactory.createSchema().addType(Schema.SchemaType.INTEGER)
                        .description("The HTTP status"))
                .addProperty("detail", text("This occurrence, for a person to read"))
                .addProperty("instance", text("The request path"))
                .additionalPropertiesBoolean(true);
    }

    private static Schema text(String description) {
        return OASFactory.createSchema().addType(Schema.SchemaType.STRING).description(description);
    }
}
