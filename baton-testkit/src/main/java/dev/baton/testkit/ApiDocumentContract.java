package dev.baton.testkit;

import io.restassured.http.ContentType;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.tags.Tag;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The running service's OpenAPI document, read by the standard parser and validator (swagger-parser): no validation
 * message; every operation has a unique operationId a client generator can use as a method name, a declared tag, and
 * its errors as problem+json; servers are named. Extend it in each service's tests with its {@code @QuarkusTest} resource.
 */
public abstract class ApiDocumentContract {

    private static final String PROBLEM = "#/components/schemas/Problem";

    private SwaggerParseResult parsed;

    @BeforeEach
    void parse() {
        String json = given().accept(ContentType.JSON).get("/q/openapi?format=json").then().statusCode(200)
                .extract().asString();
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        parsed = new OpenAPIV3Parser().readContents(json, null, options);
    }

    @Test
    void theDocumentIsValidOpenApi() {
        assertThat(parsed.getMessages()).as("validation messages").isEmpty();
        assertThat(parsed.getOpenAPI()).isNotNull();
        assertThat(parsed.getOpenAPI().getPaths()).isNotEmpty();
    }

    @Test
    void serversAreNamed() {
        OpenAPI api = parsed.getOpenAPI();
        assertThat(api.getServers()).isNotEmpty();
        api.getServers().forEach(server ->
                assertThat(URI.create(server.getUrl()).isAbsolute()).as("server %s", server.getUrl()).isTrue());
    }

    @Test
    void everyOperationHasAUniqueOperationIdAndADeclaredTag() {
        OpenAPI api = parsed.getOpenAPI();
        Set<String> declaredTags = api.getTags() == null ? Set.of()
                : api.getTags().stream().map(Tag::getName).collect(Collectors.toSet());
        Set<String> ids = new HashSet<>();
        operations().forEach((name, op) -> {
            assertThat(op.getOperationId()).as("operationId of %s", name).matches("[a-z][A-Za-z0-9]+");
            assertThat(ids.add(op.getOperationId())).as("operationId %s of %s is unique", op.getOperationId(), name)
                    .isTrue();
            assertThat(op.getTags()).as("tags of %s", name).isNotEmpty();
            assertThat(declaredTags).as("tags of %s are declared", name).containsAll(op.getTags());
        });
    }

    @Test
    void everyOperationDeclaresItsErrorsAsProblemDetails() {
        assertThat(parsed.getOpenAPI().getComponents().getSchemas()).containsKey("Problem");
        operations().forEach((name, op) -> {
            Map<String, ApiResponse> responses = op.getResponses();
            Set<String> expected = new HashSet<>(Set.of("400", "401", "403", "default"));
            if (name.contains("{")) {
                expected.add("404");
            }
            if (op.getRequestBody() != null) {
                expected.add("413");
            }
            assertThat(responses.keySet()).as("responses of %s", name).containsAll(expected);
            responses.forEach((code, response) -> {
                if (code.startsWith("4") || code.startsWith("5") || code.equals("default")) {
                    MediaType problem = response.getContent() == null ? null
                            : response.getContent().get("application/problem+json");
                    assertThat(problem).as("%s of %s is problem+json", code, name).isNotNull();
                    assertThat(problem.getSchema().get$ref()).as("%s of %s", code, name).isEqualTo(PROBLEM);
                }
            });
        });
    }

    /** Every operation, by "METHOD path". */
    private Map<String, Operation> operations() {
        Map<String, Operation> all = new LinkedHashMap<>();
        parsed.getOpenAPI().getPaths().forEach((path, item) -> item.readOperationsMap()
                .forEach((method, op) -> all.put(method + " " + path, op)));
        assertThat(all).isNotEmpty();
        return all;
    }
}
