package dev.baton.platform.kafka;

import dev.baton.contract.Topics;
import dev.baton.platform.BatonConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Creates every Baton topic with its partitions and configs at start (the brokers' auto-create stays off). Runs in the
 * background and tries again until the broker answers; readiness stays DOWN until the topics exist.
 */
@ApplicationScoped
public class TopicProvisioner {

    private static final Logger LOG = Logger.getLogger(TopicProvisioner.class);

    private final KafkaClients clients;
    private final BatonConfig config;
    private volatile boolean ready;
    private volatile Thread worker;

    public TopicProvisioner(KafkaClients clients, BatonConfig config) {
        this.clients = clients;
        this.config = config;
    }

    void onStart(@Observes StartupEvent event) {
        if (!config.topics().provision()) {
            ready = true;
            return;
        }
        Thread thread = new Thread(this::provisionUntilDone, "topic-provisioner");
        thread.setDaemon(true);
        worker = thread;
        thread.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        Thread current = worker;
        if (current != null) {
            current.interrupt();
        }
    }

    public boolean isReady() {
        return ready;
    }

    public List<Topics.TopicSpec> catalog() {
        return Topics.catalog(config.topics().partitions(), config.topics().replicationFactor(),
                config.topics().minInsyncReplicas());
    }

    private void provisionUntilDone() {
        while (!ready && !Thread.currentThread().isInterrupted()) {
            try {
                provision();
                ready = true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                LOG.warnf("topics not provisioned yet (%s); trying again", e.getMessage());
                try {
                    TimeUnit.SECONDS.sleep(2);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    private void provision() throws Exception {
        Set<String> existing = clients.admin().listTopics().names().get(10, TimeUnit.SECONDS);
        List<NewTopic> missing = catalog().stream()
                .filter(spec -> !existing.contains(spec.name()))
                .map(spec -> new NewTopic(spec.name(), spec.partitions(), spec.replicationFactor()).configs(spec.configs()))
                .toList();
        if (missing.isEmpty()) {
            return;
        }
        var result = clients.admin().createTopics(missing);
        for (NewTopic topic : missing) {
            try {
                result.values().get(topic.name()).get(10, TimeUnit.SECONDS);
                LOG.infof("created topic %s (%d partitions)", topic.name(), topic.numPartitions());
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
        }
    }
}
