package dev.baton.testkit;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.HashMap;
import java.util.Map;

/**
 * Starts (once per JVM) a real Kafka broker and a real PostgreSQL, creates the service's database and points the
 * service at them, as an ops team would with environment variables. Also installs the throwaway JWT verification key.
 *
 * <p>Argument {@code database}: the service's database name (and login).
 */
public class BatonInfrastructureResource implements QuarkusTestResourceLifecycleManager {

    private String database = "baton";

    @Override
    public void init(Map<String, String> initArgs) {
        database = initArgs.getOrDefault("database", database);
    }

    @Override
    public Map<String, String> start() {
        TestDatabase postgres = SharedInfrastructure.postgres();
        postgres.createDatabase(database);
        Map<String, String> config = new HashMap<>();
        config.put("kafka.bootstrap.servers", SharedInfrastructure.kafka().bootstrapServers());
        config.put("baton.db.host", postgres.host());
        config.put("baton.db.port", Integer.toString(postgres.port()));
        config.put("baton.db.name", database);
        config.put("baton.db.user", database);
        config.put("baton.db.password", database);
        config.put("mp.jwt.verify.publickey.location", TestTokens.publicKeyLocation());
        config.put("mp.jwt.verify.issuer", TestTokens.ISSUER);
        config.put("quarkus.devservices.enabled", "false");
        return config;
    }

    @Override
    public void stop() {
        // The broker and the database outlive one test class; the JVM's exit stops them.
    }
}
