package dev.baton.testkit;

/**
 * The PostgreSQL server of a test run, whichever infrastructure provides it ({@link InfrastructureChoice}). Its
 * superuser is {@code postgres}/{@code postgres} in both ({@code EmbeddedPostgres.USER}, {@code PASSWORD}).
 */
public interface TestDatabase {

    String host();

    int port();

    /** Creates {@code database} owned by a login role of the same name (password = name), if missing. */
    void createDatabase(String database);

    String jdbcUrl(String database);
}
