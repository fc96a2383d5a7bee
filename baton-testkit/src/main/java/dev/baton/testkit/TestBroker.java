package dev.baton.testkit;

/** The Kafka broker of a test run, whichever infrastructure provides it ({@link InfrastructureChoice}). */
public interface TestBroker {

    String bootstrapServers();

    /** Makes the broker unreachable, for outage tests; {@link #start()} brings it back at the same address. */
    void stop();

    void start();

    /** The directory of the broker's segment files, when this JVM can read them (the embedded broker). */
    default java.util.Optional<java.nio.file.Path> logDirectory() {
        return java.util.Optional.empty();
    }
}
