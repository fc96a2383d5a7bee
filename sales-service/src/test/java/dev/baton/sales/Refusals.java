package dev.baton.sales;

import dev.baton.platform.problem.ProblemException;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Asserts a rule's refusal: the HTTP status and problem type the caller gets. */
public final class Refusals {

    private Refusals() {
    }

    public static ProblemException refused(int status, String slug, ThrowingCallable call) {
        ProblemException problem = catchThrowableOfType(ProblemException.class, call);
        assertThat(problem).as("refusal %d %s", status, slug).isNotNull();
        assertThat(problem.status()).isEqualTo(status);
        assertThat(problem.toProblem("/test").type).isEqualTo("https://baton.dev/problems/" + slug);
        return problem;
    }
}
