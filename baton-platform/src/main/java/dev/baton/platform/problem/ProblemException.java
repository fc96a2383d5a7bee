package dev.baton.platform.problem;

import java.util.LinkedHashMap;
import java.util.Map;

/** A refusal the caller can act on, answered as problem+json with the given status. Changes nothing. */
public class ProblemException extends RuntimeException {

    private final int status;
    private final String slug;
    private final String title;
    private final Map<String, Object> extensions = new LinkedHashMap<>();

    public ProblemException(int status, String slug, String title, String detail) {
        super(detail, null, false, false);
        this.status = status;
        this.slug = slug;
        this.title = title;
    }

    public static ProblemException badRequest(String slug, String detail) {
        return new ProblemException(400, slug, "Bad request", detail);
    }

    public static ProblemException notFound(String what, String id) {
        return new ProblemException(404, "not-found", "Not found", what + " " + id + " does not exist");
    }

    /**
     * The id in a path: a malformed id names nothing, so it is answered like an unknown one (404), with the text cut
     * to 64 characters.
     */
    public static java.util.UUID idOrNotFound(String what, String text) {
        try {
            return java.util.UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw notFound(what, text.length() > 64 ? text.substring(0, 64) : text);
        }
    }

    public static ProblemException conflict(String slug, String detail) {
        return new ProblemException(409, slug, "Conflict", detail);
    }

    public static ProblemException unprocessable(String slug, String detail) {
        return new ProblemException(422, slug, "Unprocessable content", detail);
    }

    public static ProblemException forbidden(String detail) {
        return new ProblemException(403, "forbidden", "Forbidden", detail);
    }

    public ProblemException with(String name, Object value) {
        extensions.put(name, value);
        return this;
    }

    public Problem toProblem(String instance) {
        Problem problem = new Problem(slug, title, status, getMessage(), instance);
        extensions.forEach(problem::with);
        return problem;
    }

    public int status() {
        return status;
    }
}
