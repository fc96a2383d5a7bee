package dev.baton.marketing.engagement;

import dev.baton.embedded.EmbeddedPostgres;
import dev.baton.marketing.MarketingTestResource;
import dev.baton.testkit.SharedInfrastructure;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How the engagement log is stored, on the migrated schema of a real PostgreSQL: identifiers compared bytewise (their
 * indexes still serve lookups by id), and statistics refreshed when the append-only table has doubled, not every 10%.
 */
@QuarkusTest
@MarketingTestResource
class EngagementStorageTest {

    @Test
    void eventAndVisitorIdsAreComparedBytewise() throws SQLException {
        assertThat(query("SELECT table_name || '.' || column_name || ' ' || coalesce(collation_name, 'default')"
                + " FROM information_schema.columns WHERE table_schema = 'public' AND column_name IN ('event_id', 'visitor_id')"
                + " AND table_name IN ('engagement', 'visitor') ORDER BY 1"))
                .containsExactly("engagement.event_id C", "engagement.visitor_id C", "visitor.visitor_id C");
    }

    @Test
    void lookupsByVisitorStillUseTheirIndexes() throws SQLException {
        // A parameter compared with a "C" column takes the column's collation, so the index on it serves the lookup;
        // with the collations mixed up this would be a scan of the whole log.
        try (Connection db = connect(); Statement s = db.createStatement()) {
            s.execute("SET enable_seqscan = off");
            s.execute("PREPARE stitch(text, uuid) AS UPDATE engagement SET lead_id = $2 WHERE visitor_id = $1 AND lead_id IS NULL");
            s.execute("PREPARE visitors(text[]) AS SELECT e.v, vis.lead_id FROM unnest($1::text[]) AS e(v)"
                    + " LEFT JOIN visitor vis ON vis.visitor_id = e.v");
            assertThat(plan(s, "EXPLAIN EXECUTE stitch('v-1', gen_random_uuid())")).contains("engagement_visitor");
            assertThat(plan(s, "EXPLAIN EXECUTE visitors(ARRAY['v-1', 'v-2'])")).contains("visitor_pkey");
        }
    }

    @Test
    void theLogIsReanalyzedWhenItHasDoubled() throws SQLException {
        assertThat(query("SELECT unnest(reloptions) FROM pg_class WHERE relname = 'engagement'"))
                .contains("autovacuum_analyze_scale_factor=1.0");
    }

    private static String plan(Statement s, String explain) throws SQLException {
        StringBuilder plan = new StringBuilder();
        try (ResultSet rs = s.executeQuery(explain)) {
            while (rs.next()) {
                plan.append(rs.getString(1)).append('\n');
            }
        }
        return plan.toString();
    }

    private static List<String> query(String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection db = connect(); Statement s = db.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
        }
        return rows;
    }

    private static Connection connect() throws SQLException {
        return DriverManager.getConnection(SharedInfrastructure.postgres().jdbcUrl("marketing"), EmbeddedPostgres.USER,
                EmbeddedPostgres.PASSWORD);
    }
}
