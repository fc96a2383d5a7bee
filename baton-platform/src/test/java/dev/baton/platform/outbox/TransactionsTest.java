package dev.baton.platform.outbox;

import io.vertx.pgclient.PgException;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

/** Which failures make {@link Transactions} run the work again: only a lost deadlock or a serialization failure. */
class TransactionsTest {

    @Test
    void aDeadlockVictimOrASerializationFailureIsRunAgain() {
        assertThat(Transactions.conflicted(pg("40P01"))).isTrue();
        assertThat(Transactions.conflicted(pg("40001"))).isTrue();
    }

    @Test
    void otherFailuresAreNot() {
        assertThat(Transactions.conflicted(pg("23505"))).isFalse();
        assertThat(Transactions.conflicted(pg("57P01"))).isFalse();
        assertThat(Transactions.conflicted(pg("55P03"))).isFalse();
        assertThat(Transactions.conflicted(new IOException("connection reset"))).isFalse();
    }

    private static PgException pg(String sqlState) {
        return new PgException("probe", "ERROR", sqlState, null);
    }
}
