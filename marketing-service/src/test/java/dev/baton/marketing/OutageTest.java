package dev.baton.marketing;

import dev.baton.contract.Stage;
import dev.baton.testkit.SharedInfrastructure;
import dev.baton.testkit.TestBroker;
import dev.baton.testkit.TestEvents;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static dev.baton.marketing.MarketingFixtures.asMarketer;
import static dev.baton.marketing.MarketingFixtures.convert;
import static dev.baton.marketing.MarketingFixtures.lifecycle;
import static dev.baton.marketing.PlatformFaults.metric;
import static dev.baton.marketing.PlatformFaults.sql;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;

/**
 * Outages are waited out: a database gone for longer than the messaging layer's 60-s unacknowledged-record limit does
 * not stop consumption, and a broker outage does not make the service unready (the outbox holds the events).
 */
@QuarkusTest
@MarketingTestResource
class OutageTest {

    @Test
    void aDatabaseOutageOfMoreThanAMinuteIsWaitedOutAndConsumptionGoesOn() {
        // Before: after 60 s without an acknowledgement SmallRye failed the channel, and nothing consumed again.
        String leadId = convert(Map.of());
        sql("ALTER ROLE marketing NOLOGIN");
        try {
            sql("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = 'marketing'");
            TestEvents.publish(lifecycle(leadId, "handed-off", Stage.QUALIFIED, Stage.QUALIFIED, 2,
                    Map.of("repId", "rep-ada", "slaDueAt", java.time.Instant.now().plusSeconds(3600).toString(),
                            "policy", "ROUND_ROBIN"), "handoff-service"));
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> metric("baton_consumer_stalled_seconds") >= 65);
            RestAssured.get("/q/health/live").then().statusCode(200)
                    .body("checks.find { it.name == 'Baton consumers' }.data.stalledPartitions", greaterThanOrEqualTo(1));
        } finally {
            sql("ALTER ROLE marketing LOGIN");
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> asMarketer().get("/leads/" + leadId).then()
                .statusCode(200).body("sequence", equalTo(2)));
        TestEvents.publish(lifecycle(leadId, "rejected", Stage.QUALIFIED, Stage.QUALIFIED, 3,
                Map.of("repId", "rep-ada", "reasonCode", "NO_NEED"), "handoff-service"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> asMarketer().get("/leads/" + leadId).then()
                .body("sequence", equalTo(3)));
        await().atMost(Duration.ofSeconds(30)).until(() -> metric("baton_consumer_stalled_partitions") == 0);
    }

    @Test
    void withTheBrokerDownTheServiceStaysReadyAndAcceptsWrites() {
        // Before: readiness failed with the broker, which takes every API out of service on Kubernetes.
        TestBroker kafka = SharedInfrastructure.kafka();
        kafka.stop();
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> metric("baton_kafka_broker_up") == 0);
            RestAssured.get("/q/health/ready").then().statusCode(200)
                    .body("checks.find { it.name.startsWith('Kafka broker') }.data.broker", equalTo("unreachable"));
            asMarketer().body(Map.of("email", "ready-" + UUID.randomUUID() + "@example.com", "kind", "FORM",
                    "consent", true)).post("/conversions").then().statusCode(201);
        } finally {
            kafka.start();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> metric("baton_kafka_broker_up") == 1);
    }
}
