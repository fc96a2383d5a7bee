package dev.baton.platform.kafka;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import java.util.concurrent.TimeUnit;

/** Ready when the broker answers and every topic exists. */
@Readiness
@ApplicationScoped
public class KafkaReadinessCheck implements HealthCheck {

    private final KafkaClients clients;
    private final TopicProvisioner topics;

    public KafkaReadinessCheck(KafkaClients clients, TopicProvisioner topics) {
        this.clients = clients;
        this.topics = topics;
    }

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("Kafka broker and Baton topics");
        try {
            int brokers = clients.admin().describeCluster().nodes().get(3, TimeUnit.SECONDS).size();
            response.withData("brokers", brokers).withData("topics", topics.isReady() ? "provisioned" : "pending");
            return response.status(brokers > 0 && topics.isReady()).build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return response.down().withData("error", "interrupted").build();
        } catch (Exception e) {
            return response.down().withData("error", "broker unreachable").build();
        }
    }
}
