package dev.baton.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Goes through every operation of the running service's OpenAPI document and proves the security contract: no token,
 * an expired token, one signed by another key, of another issuer or audience, or unsigned ({@code alg: none}) is 401
 * problem+json; a valid token of a role the operation does not allow is 403 problem+json. Extend it in each service's
 * tests with that service's {@code @QuarkusTest} test resource.
 */
public abstract class EndpointSecurityContract {

    public static final List<String> ALL_ROLES = List.of("marketer", "sales-rep", "sales-assistant", "sales-manager",
            "ops", "integration", "privacy-officer");

    protected record Operation(String method, String path, Set<String> roles) {
        String concretePath() {
            return path.replaceAll("\\{[^}]+}", UUID.randomUUID().toString());
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    protected List<Operation> operations() {
        String json = given().accept(ContentType.JSON).get("/q/openapi?format=json").then().statusCode(200)
                .extract().asString();
        List<Operation> operations = new ArrayList<>();
        try {
            JsonNode paths = new ObjectMapper().readTree(json).path("paths");
            for (Iterator<Map.Entry<String, JsonNode>> it = paths.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> path = it.next();
                for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
                    Map.Entry<String, JsonNode> op = ops.next();
                    Set<String> roles = new LinkedHashSet<>();
                    JsonNode security = op.getValue().path("security");
                    assertThat(security.isArray() && !security.isEmpty())
                            .as("%s %s declares a security requirement", op.getKey(), path.getKey()).isTrue();
                    for (JsonNode requirement : security) {
                        requirement.fields().forEachRemaining(scheme -> scheme.getValue().forEach(r -> roles.add(r.asText())));
                    }
                    operations.add(new Operation(op.getKey().toUpperCase(), path.getKey(), roles));
                }
            }
        } catch (java.io.IOException e) {
            throw new AssertionError("the OpenAPI document is not JSON", e);
        }
        assertThat(operations).as("operations in the OpenAPI document").isNotEmpty();
        return operations;
    }

    private static Response call(Operation op, String token) {
        RequestSpecification request = given().contentType(ContentType.JSON);
        if (token != null) {
            request = request.header("Authorization", "Bearer " + token);
        }
        if (op.method().equals("POST") || op.method().equals("PUT") || op.method().equals("PATCH")) {
            request = request.body("{}");
        }
        return request.request(op.method(), op.concretePath());
    }

    @Test
    void everyOperationRefusesACallWithoutAValidTokenWith401() {
        Map<String, String> badTokens = Map.of(
                "expired", TestTokens.expired("someone", ALL_ROLES.toArray(String[]::new)),
                "signed by another key", TestTokens.signedByAnotherKey("someone", ALL_ROLES.toArray(String[]::new)),
                "of another issuer", TestTokens.ofAnotherIssuer("someone", ALL_ROLES.toArray(String[]::new)),
                "of another audience", TestTokens.ofAnotherAudience("someone", ALL_ROLES.toArray(String[]::new)),
                "unsigned (alg none)", TestTokens.unsigned("someone", ALL_ROLES.toArray(String[]::new)),
                "garbage", "not.a.jwt");
        for (Operation op : operations()) {
            Response none = call(op, null);
            assertThat(none.statusCode()).as("%s without a token", op).isEqualTo(401);
            assertThat(none.contentType()).as("%s without a token", op).startsWith("application/problem+json");
            badTokens.forEach((kind, token) -> {
                Response response = call(op, token);
                assertThat(response.statusCode()).as("%s with a token %s", op, kind).isEqualTo(401);
                assertThat(response.contentType()).startsWith("application/problem+json");
                assertThat(response.asString()).doesNotContain("Exception", "at dev.baton", "at io.");
            });
        }
    }

    @Test
    void aTokenAcceptedBeforeIsRefusedFromTheMomentItExpires() {
        // Services remember verified tokens (VerifiedTokens): a remembered token must still stop working on time.
        Operation op = operations().stream().filter(o -> o.method().equals("GET")).findFirst().orElseThrow();
        String role = op.roles().iterator().next();
        long skew = ConfigProvider.getConfig().getOptionalValue("mp.jwt.verify.clock.skew", Long.class).orElse(60L);
        String token = TestTokens.expiredSecondsAgo(skew - 4, "user-" + role, role);
        for (int i = 0; i < 3; i++) {
            assertThat(call(op, token).statusCode()).as("%s with a token still inside the clock skew", op).isNotEqualTo(401);
        }
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> assertThat(call(op, token).statusCode()).as("%s once expired", op).isEqualTo(401));
    }

    @Test
    void everyOperationRefusesTheRolesItDoesNotAllowWith403() {
        for (Operation op : operations()) {
            assertThat(op.roles()).as("%s names its roles", op).isNotEmpty();
            for (String role : ALL_ROLES) {
                if (op.roles().contains(role)) {
                    continue;
                }
                Response response = call(op, TestTokens.token("user-" + role, role));
                assertThat(response.statusCode()).as("%s as %s", op, role).isEqualTo(403);
                assertThat(response.contentType()).startsWith("application/problem+json");
            }
        }
    }
}
