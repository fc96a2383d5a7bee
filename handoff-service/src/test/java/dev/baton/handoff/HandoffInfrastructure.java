package dev.baton.handoff;

import dev.baton.testkit.TestTokens;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.Map;

/**
 * The real broker and PostgreSQL of this test JVM, shared by every Quarkus application the tests start, whatever its
 * test profile.
 *
 * <p>Quarkus loads each test profile's application, and the test kit with it, in a class loader of its own, so the test
 * kit's {@code SharedInfrastructure} singleton would start a new broker and database per profile: a service restarted
 * under another profile would find neither its database nor its topics. Here the singleton of the JVM's system class
 * loader (never closed) owns them, and every application is pointed at it, as ops would with environment variables.
 * The JWT verification key stays the current application's (tokens are signed in its class loader).
 */
public class HandoffInfrastructure implements QuarkusTestResourceLifecycleManager {

    static final String DATABASE = "handoff";

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>();
        config.put("kafka.bootstrap.servers", bootstrapServers());
        config.put("baton.db.host", postgresHost());
        config.put("baton.db.port", Integer.toString(postgresPort()));
        config.put("baton.db.name", DATABASE);
        config.put("baton.db.user", DATABASE);
        config.put("baton.db.password", DATABASE);
        config.put("mp.jwt.verify.publickey.location", TestTokens.publicKeyLocation());
        config.put("mp.jwt.verify.issuer", TestTokens.ISSUER);
        config.put("quarkus.devservices.enabled", "false");
        return config;
    }

    @Override
    public void stop() {
        // The broker and the database outlive one application; the JVM's exit stops them.
    }

    /** The shared broker's bootstrap servers (started on first use). */
    static synchronized String bootstrapServers() {
        return (String) call(shared("kafka"), "bootstrapServers");
    }

    /** The JDBC URL of the service's database. */
    static synchronized String jdbcUrl() {
        return "jdbc:postgresql://" + postgresHost() + ":" + postgresPort() + "/" + DATABASE;
    }

    private static synchronized String postgresHost() {
        return (String) call(shared("postgres"), "host");
    }

    private static synchronized int postgresPort() {
        Object postgres = shared("postgres");
        if (System.getProperty("handoff-tests.database-created") == null) {
            call(postgres, "createDatabase", DATABASE);
            System.setProperty("handoff-tests.database-created", "created");
        }
        return (Integer) call(postgres, "port");
    }

    private static Object shared(String what) {
        // The broker loads some of its classes by name through the context class loader: make it the system one too.
        Thread thread = Thread.currentThread();
        ClassLoader context = thread.getContextClassLoader();
        ClassLoader system = ClassLoader.getSystemClassLoader();
        thread.setContextClassLoader(system);
        try {
            Class<?> shared = Class.forName("dev.baton.testkit.SharedInfrastructure", true, system);
            return shared.getMethod(what).invoke(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot reach the shared test infrastructure", e);
        } finally {
            thread.setContextClassLoader(context);
        }
    }

    private static Object call(Object target, String method, Object... args) {
        try {
            Class<?>[] types = new Class<?>[args.length];
            for (int i = 0; i < args.length; i++) {
                types[i] = args[i].getClass();
            }
            Method m = target.getClass().getMethod(method, types);
            return m.invoke(target, args);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot use the shared test infrastructure", e);
        }
    }
}
