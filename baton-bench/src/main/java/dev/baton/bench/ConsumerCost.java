package dev.baton.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What each service's consumers cost per record over a window (a step and the settling after it, so that every record
 * the step caused is consumed inside it): records handled and transactions committed by the consumers (the services'
 * {@code baton_consumer_*} counters), and the whole service's CPU and its database's statement time and commits, per
 * record. The last two cover everything the service did in the window (REST calls too), so they are upper bounds of
 * the consumers' own cost; for marketing, whose window holds the batch ingestion, they say little about its consumers.
 */
final class ConsumerCost {

    /** One service's counters at one moment. */
    record Sample(double records, double transactions, long cpuTicks, long dbCommits, double dbActiveMs) {
    }

    /** One service's cost over a window. */
    record Cost(String service, double records, double transactions, double cpuMs, long dbCommits, double dbActiveMs) {
        double transactionsPerRecord() {
            return records <= 0 ? Double.NaN : transactions / records;
        }

        double cpuMsPerRecord() {
            return records <= 0 ? Double.NaN : cpuMs / records;
        }

        double dbActiveMsPerRecord() {
            return records <= 0 ? Double.NaN : dbActiveMs / records;
        }

        double dbCommitsPerRecord() {
            return records <= 0 ? Double.NaN : dbCommits / records;
        }
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final Map<String, String> DATABASES = Map.of("marketing-service", "marketing",
            "handoff-service", "handoff", "sales-service", "sales");

    private final Connection admin;

    ConsumerCost(Connection admin) {
        this.admin = admin;
    }

    Map<String, Sample> take() {
        Map<String, Sample> samples = new LinkedHashMap<>();
        BatonRun.SERVICES.forEach((service, port) -> {
            String metrics = metrics(port + 1000);
            OptionalLong pid = Procs.servicePid(service);
            long[] db = database(DATABASES.get(service));
            samples.put(service, new Sample(counter(metrics, "baton_consumer_records_total"),
                    counter(metrics, "baton_consumer_transactions_total"),
                    pid.isPresent() ? Procs.cpuTicks(pid.getAsLong()) : 0, db[0], db[1] / 1000.0));
        });
        return samples;
    }

    static Map<String, Cost> between(Map<String, Sample> before, Map<String, Sample> after) {
        Map<String, Cost> costs = new LinkedHashMap<>();
        after.forEach((service, a) -> {
            Sample b = before.get(service);
            if (b != null) {
                costs.put(service, new Cost(service, a.records() - b.records(), a.transactions() - b.transactions(),
                        (a.cpuTicks() - b.cpuTicks()) * 1000.0 / Procs.CLOCK_TICKS, a.dbCommits() - b.dbCommits(),
                        a.dbActiveMs() - b.dbActiveMs()));
            }
        });
        return costs;
    }

    /** xact_commit and active_time (in microseconds) of one database. */
    private long[] database(String name) {
        try (Statement s = admin.createStatement();
             ResultSet rs = s.executeQuery("SELECT xact_commit, (active_time * 1000)::bigint FROM pg_stat_database"
                     + " WHERE datname = '" + name + "'")) {
            return rs.next() ? new long[] {rs.getLong(1), rs.getLong(2)} : new long[] {0, 0};
        } catch (SQLException e) {
            return new long[] {0, 0};
        }
    }

    private static String metrics(int port) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/q/metrics"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (Exception e) {
            return "";
        }
    }

    static double counter(String metrics, String name) {
        Matcher m = Pattern.compile("(?m)^" + name + "(\\{[^}]*})? ([0-9.eE+-]+)$").matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(2)) : Double.NaN;
    }
}
