package dev.baton.platform.kafka;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * The broker's state, probed every few seconds: a detail of readiness and the metric {@code baton_kafka_broker_up}.
 * It never makes the service unready: writes go to the outbox, which holds the events until the broker is back, so a
 * broker outage must not take the API out of service (readiness is the database's, checked by Quarkus).
 */
@Readiness
@ApplicationScoped
public class BrokerHealth implements HealthCheck {

    private static final long PROBE_EVERY_MS = 5_000;

    private final KafkaClients clients;
    private final TopicProvisioner topics;
    private volatile boolean up;
    private volatile int brokers;
    private volatile Instant since = Instant.now();
    private volatile Thread prober;

    public BrokerHealth(KafkaClients clients, TopicProvisioner topics, MeterRegistry registry) {
        this.clients = clients;
        this.topics = topics;
        Gauge.builder("baton.kafka.broker.up", this, b -> b.up ? 1 : 0)
                .description("1 while the Kafka broker answers, 0 while it does not").register(registry);
    }

    void onStart(@Observes StartupEvent event) {
        Thread thread = new Thread(this::probeForever, "broker-health");
        thread.setDaemon(true);
        prober = thread;
        thread.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        Thread current = prober;
        if (current != null) {
            current.interrupt();
        }
    }

    private void probeForever() {
        while (!Thread.currentThread().isInterrupted()) {
            probe();
            try {
                TimeUnit.MILLISECONDS.sleep(PROBE_EVERY_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    void probe() {
        boolean answered;
        try {
            brokers = clients.admin().describeCluster().nodes().get(3, TimeUnit.SECONDS).size();
            answered = brokers > 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (Exception e) {
            answered = false;
        }
        if (answered != up) {
            up = answered;
            since = Instant.now();
        }
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("Kafka broker (a detail: events wait in the outbox while it is away)")
                .up()
                .withData("broker", up ? "reachable" : "unreachable")
                .withData("since", since.toString())
                .withData("brokers", up ? brokers : 0)
                .withData("topics", topics.isReady() ? "provisioned" : "pending")
                .build();
    }
}
