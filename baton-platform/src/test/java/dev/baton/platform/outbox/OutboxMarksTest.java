package dev.baton.platform.outbox;

import io.vertx.mutiny.sqlclient.SqlClient;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;

import static org.assertj.core.api.Assertions.assertThat;

/** Which transactions wake the relay after their commit: only those that wrote something it publishes. */
class OutboxMarksTest {

    private final Outbox outbox = new Outbox();
    private final SqlClient first = client();
    private final SqlClient second = client();

    /** A client that is only itself (identity equality), as a transaction's connection is. */
    private static SqlClient client() {
        Object delegate = Proxy.newProxyInstance(OutboxMarksTest.class.getClassLoader(),
                new Class<?>[] {io.vertx.sqlclient.SqlClient.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        return new SqlClient((io.vertx.sqlclient.SqlClient) delegate);
    }

    @Test
    void aTransactionThatWroteNothingToPublishWakesNobody() {
        assertThat(outbox.appendedIn(first)).isFalse();
        assertThat(outbox.appendedIn(null)).isFalse();
    }

    @Test
    void feedRowsMarkTheirTransactionOnlyUntilItIsForgotten() {
        outbox.wroteFeedRows(first);

        assertThat(outbox.appendedIn(first)).isTrue();
        assertThat(outbox.appendedIn(second)).isFalse();
        outbox.forget(first);
        assertThat(outbox.appendedIn(first)).isFalse();
    }
}
