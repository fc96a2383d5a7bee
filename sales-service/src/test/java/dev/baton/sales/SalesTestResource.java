package dev.baton.sales;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs a test class against the shared real broker, a real PostgreSQL database named {@code sales} and a stub of
 * marketing-service's conversions (see {@link SalesInfrastructure}).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@WithTestResource(value = SalesInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "sales"))
public @interface SalesTestResource {
}
