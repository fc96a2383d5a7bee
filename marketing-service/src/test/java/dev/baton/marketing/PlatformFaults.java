package dev.baton.marketing;

import dev.baton.embedded.EmbeddedPostgres;
import dev.baton.testkit.SharedInfrastructure;
import io.restassured.RestAssured;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/** What the fault tests do to the infrastructure from outside: SQL as the database's superuser, metrics as scraped. */
final class PlatformFaults {

    private PlatformFaults() {
    }

    static void sql(String statement) {
        try (Connection db = DriverManager.getConnection(SharedInfrastructure.postgres().jdbcUrl("marketing"),
                EmbeddedPostgres.USER, EmbeddedPostgres.PASSWORD);
             Statement sql = db.createStatement()) {
            sql.execute(statement);
        } catch (SQLException e) {
            throw new IllegalStateException("test SQL failed", e);
        }
    }

    /** A gauge's value as {@code /q/metrics} shows it. */
    static double metric(String name) {
        String metrics = RestAssured.get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines().filter(line -> line.startsWith(name + " ") || line.startsWith(name + "{"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).findFirst()
                .orElseThrow(() -> new AssertionError("no metric " + name));
    }
}
