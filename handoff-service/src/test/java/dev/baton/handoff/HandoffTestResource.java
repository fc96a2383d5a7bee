package dev.baton.handoff;

import io.quarkus.test.common.WithTestResource;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs a test class against the real broker and the real PostgreSQL database {@code handoff} of this test JVM, the same
 * for every test profile (see {@link HandoffInfrastructure}): a profile switch restarts the service against the same
 * data, as a real restart would.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@WithTestResource(HandoffInfrastructure.class)
public @interface HandoffTestResource {
}
