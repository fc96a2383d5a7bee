package dev.baton.platform.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.baton.platform.admission.Admission;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.JsonMappingException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Turns every failure of a REST call into an RFC 9457 problem+json answer. Client errors say what to fix; anything
 * unexpected is a bare 500 with an error id that is also in the log, never the exception's class, message or stack.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        return e.toProblem(uri.getPath()).toResponse();
    }

    /** Bulk work refused by admission control: 429 with {@code Retry-After}, nothing recorded. */
    @ServerExceptionMapper
    public Response overloaded(Admission.Overloaded e, UriInfo uri) {
        return Response.status(429).type(Problem.PROBLEM_JSON)
                .header(HttpHeaders.RETRY_AFTER, e.retryAfterSeconds())
                .entity(new Problem("overloaded", "Too many requests", 429, e.getMessage()
                        + "; nothing of this request was recorded, send it again later", uri.getPath())
                        .with("retryAfterSeconds", e.retryAfterSeconds()))
                .build();
    }

    @ServerExceptionMapper
    public Response invalid(ConstraintViolationException e, UriInfo uri) {
        List<Map<String, String>> violations = e.getConstraintViolations().stream()
                .map(v -> Map.of("field", fieldOf(v.getPropertyPath().toString()), "message", v.getMessage()))
                .sorted((a, b) -> a.get("field").compareTo(b.get("field")))
                .collect(Collectors.toList());
        // A missing or blank required value is a malformed request (400); a present value out of its bounds (too long,
        // negative...) is well-formed but unprocessable (422).
        boolean missingOnly = e.getConstraintViolations().stream().allMatch(v ->
                v.getConstraintDescriptor().getAnnotation() instanceof jakarta.validation.constraints.NotNull
                        || v.getConstraintDescriptor().getAnnotation() instanceof jakarta.validation.constraints.NotBlank);
        int status = missingOnly ? 400 : 422;
        return new Problem("invalid-request", status == 422 ? "Unprocessable content" : "Bad request", status,
                "the request is not valid: " + violations.stream().map(v -> v.get("field") + " " + v.get("message"))
                        .collect(Collectors.joining("; ")), uri.getPath())
                .with("violations", violations)
                .toResponse();
    }

    @ServerExceptionMapper
    public Response unknownField(UnrecognizedPropertyException e, UriInfo uri) {
        return new Problem("unknown-field", "Bad request", 400,
                "field '" + e.getPropertyName() + "' cannot be set by a client; writable fields: "
                        + e.getKnownPropertyIds().stream().map(Object::toString).sorted().collect(Collectors.joining(", ")),
                uri.getPath()).toResponse();
    }

    @ServerExceptionMapper
    public Response badValue(InvalidFormatException e, UriInfo uri) {
        Class<?> target = e.getTargetType();
        if (target != null && target.isEnum()) {
            List<String> allowed = java.util.Arrays.stream(target.getEnumConstants()).map(Object::toString).toList();
            return new Problem("unknown-value", "Bad request", 400, "field '" + path(e) + "' must be one of "
                    + String.join(", ", allowed), uri.getPath()).with("allowed", allowed).toResponse();
        }
        return new Problem("malformed-body", "Bad request", 400,
                "field '" + path(e) + "' has a value of the wrong form", uri.getPath()).toResponse();
    }

    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e, UriInfo uri) {
        String field = path(e);
        return new Problem("malformed-body", "Bad request", 400,
                field.isEmpty() ? "the body does not have the expected shape" : "field '" + field + "' has the wrong type",
                uri.getPath()).toResponse();
    }

    @ServerExceptionMapper
    public Response malformed(JsonProcessingException e, UriInfo uri) {
        return new Problem("malformed-body", "Bad request", 400, "the body is not valid JSON", uri.getPath())
                .toResponse();
    }

    @ServerExceptionMapper
    public Response unauthenticated(AuthenticationFailedException e, UriInfo uri) {
        return unauthorized(uri);
    }

    @ServerExceptionMapper
    public Response unauthenticated(UnauthorizedException e, UriInfo uri) {
        return unauthorized(uri);
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        return new Problem("forbidden", "Forbidden", 403, "your roles do not allow this call", uri.getPath())
                .toResponse();
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse().getStatus();
        Response.Status known = Response.Status.fromStatusCode(status);
        String title = known == null ? "Error" : known.getReasonPhrase();
        String detail = switch (status) {
            case 404 -> "no such resource";
            case 405 -> "method not allowed on this resource";
            case 406 -> "cannot answer in the requested media type";
            case 413 -> "the request body is too large";
            case 415 -> "unsupported media type; send application/json";
            default -> status >= 500 ? "the service could not complete the request" : title;
        };
        Problem problem = new Problem(null, title, status, detail, uri.getPath());
        Response.ResponseBuilder builder = Response.status(status).type(Problem.PROBLEM_JSON).entity(problem);
        e.getResponse().getHeaders().forEach((name, values) -> {
            if (!name.equalsIgnoreCase(HttpHeaders.CONTENT_TYPE) && !name.equalsIgnoreCase(HttpHeaders.CONTENT_LENGTH)) {
                values.forEach(v -> builder.header(name, v));
            }
        });
        return builder.build();
    }

    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER + 1000)
    public Response unexpected(Throwable e, UriInfo uri) {
        String errorId = UUID.randomUUID().toString();
        LOG.errorf(e, "unexpected failure %s on %s", errorId, uri.getPath());
        return new Problem("internal-error", "Internal error", 500,
                "the service could not complete the request; quote error id " + errorId, uri.getPath())
                .with("errorId", errorId).toResponse();
    }

    private static Response unauthorized(UriInfo uri) {
        return Response.status(401).type(Problem.PROBLEM_JSON)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .entity(new Problem("unauthorized", "Unauthorized", 401,
                        "a valid bearer token (JWT, audience baton) is required", uri.getPath()))
                .build();
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."));
    }

    private static String fieldOf(String propertyPath) {
        // "method.arg0.email" -> "email"; keep nested paths after the parameter.
        String[] parts = propertyPath.split("\\.", 3);
        return parts.length == 3 ? parts[2] : propertyPath;
    }
}
