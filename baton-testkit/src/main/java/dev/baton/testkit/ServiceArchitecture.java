package dev.baton.testkit;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;

import java.util.List;

import static com.tngtech.archunit.core.domain.JavaCall.Predicates.target;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.nameMatching;
import static com.tngtech.archunit.core.domain.properties.HasOwner.Predicates.With.owner;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The package roles every Baton service follows, checked on its compiled classes (no application boot). A service
 * {@code dev.baton.<service>} is made of features ({@code dev.baton.<service>.<feature>}); inside a feature:
 * <ul>
 * <li>{@code api}: REST resources ({@code *Resource}) and their request and response types;</li>
 * <li>the feature's own package: application services ({@code *Service}) that run a change in one transaction;</li>
 * <li>{@code domain}: entities, values, events and rules, plain Java;</li>
 * <li>{@code persistence}: repositories ({@code *Repository}), the only classes that send SQL;</li>
 * <li>{@code messaging}: Kafka consumers ({@code *Consumer}), the only classes with {@code @Incoming} methods.</li>
 * </ul>
 * Dependencies point inwards (api and messaging → service → persistence → domain) and features form no cycle.
 */
public final class ServiceArchitecture {

    private ServiceArchitecture() {
    }

    /** Checks every rule on the service's main classes; the error lists every violation. */
    public static void check(String servicePackage) {
        JavaClasses classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(servicePackage);
        String featureRoots = servicePackage + ".*";
        List<ArchRule> rules = List.of(
                slices().matching(servicePackage + ".(*)..").namingSlices("feature $1")
                        .should().beFreeOfCycles()
                        .because("a feature that needs another's internals, and is needed back, is one feature"),
                noClasses().that().resideInAPackage("..domain..")
                        .should().dependOnClassesThat().resideInAnyPackage("..api..", "..persistence..", "..messaging..",
                                featureRoots)
                        .because("domain rules are plain Java that any layer may use"),
                noClasses().that().resideInAPackage("..persistence..")
                        .should().dependOnClassesThat().resideInAnyPackage("..api..", "..messaging..", featureRoots)
                        .because("repositories map rows to domain types and nothing else"),
                noClasses().that().resideInAPackage(featureRoots)
                        .should().dependOnClassesThat().resideInAnyPackage("..api..", "..messaging..")
                        .because("services are called by resources and consumers, not the other way round"),
                noClasses().that().resideInAPackage("..api..")
                        .should().dependOnClassesThat().resideInAPackage("..messaging..")
                        .because("REST and Kafka are two doors to the same services"),
                noClasses().that().resideInAPackage("..messaging..")
                        .should().dependOnClassesThat().resideInAPackage("..api..")
                        .because("REST and Kafka are two doors to the same services"),
                noClasses().that().resideOutsideOfPackage("..persistence..")
                        .should().callMethodWhere(target(nameMatching("preparedQuery|query|preparedBatch"))
                                .and(target(owner(assignableTo("io.vertx.mutiny.sqlclient.SqlClient")))))
                        .because("SQL lives in repositories only"),
                methods().that().areAnnotatedWith("org.eclipse.microprofile.reactive.messaging.Incoming")
                        .should().beDeclaredInClassesThat().haveSimpleNameEndingWith("Consumer")
                        .andShould().beDeclaredInClassesThat().resideInAPackage("..messaging..")
                        .because("every Kafka consumer is a *Consumer in messaging"),
                classes().that().areAnnotatedWith("jakarta.ws.rs.Path")
                        .should().haveSimpleNameEndingWith("Resource").andShould().resideInAPackage("..api..")
                        .because("every REST resource is a *Resource in api"),
                classes().that().haveSimpleNameEndingWith("Repository")
                        .should().resideInAPackage("..persistence..")
                        .because("every repository is in persistence"));
        StringBuilder violations = new StringBuilder();
        for (ArchRule rule : rules) {
            var result = rule.allowEmptyShould(true).evaluate(classes);
            if (result.hasViolation()) {
                violations.append(result.getFailureReport()).append('\n');
            }
        }
        if (!violations.isEmpty()) {
            throw new AssertionError(violations.toString());
        }
    }
}
