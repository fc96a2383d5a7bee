package dev.baton.marketing;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A transaction whose client vanished must not hold its locks until TCP gives up: the service's sessions are ended by
 * PostgreSQL once idle inside a transaction for 20 s (before: 154 s of stall in a half-open database cut).
 */
@QuarkusTest
@MarketingTestResource
class AbandonedTransactionTest {

    @Inject
    Pool pool;

    @Test
    void theServicesSessionsEndATransactionLeftIdle() {
        String timeout = pool.query("SHOW idle_in_transaction_session_timeout").execute()
                .map(rows -> rows.iterator().next().getString(0)).await().atMost(Duration.ofSeconds(10));
        assertThat(timeout).isEqualTo("20s");
    }
}
