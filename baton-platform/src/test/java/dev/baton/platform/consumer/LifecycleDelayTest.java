package dev.baton.platform.consumer;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The lifecycle delay from record create times, with clocks the test moves. */
class LifecycleDelayTest {

    private final AtomicLong wall = new AtomicLong(1_000_000L);
    private final AtomicLong nanos = new AtomicLong(5_000_000_000L);
    private final LifecycleDelay delay = new LifecycleDelay(wall::get, nanos::get);

    @Test
    void theOldestRecordOfThePollBeingAppliedSaysHowLateTheLifecycleIs() {
        assertThat(delay.current()).isZero();
        long since = delay.applying(poll(wall.get() - 1_200, wall.get() - 300));
        assertThat(delay.current()).isEqualTo(Duration.ofMillis(1_200));
        advance(500);
        assertThat(delay.current()).as("grows while the poll is stuck").isEqualTo(Duration.ofMillis(1_700));

        delay.applied(since);
        advance(1_000);
        assertThat(delay.current()).as("a finished poll's delay still counts for a while")
                .isEqualTo(Duration.ofMillis(1_700));
        advance(LifecycleDelay.RECENT.toMillis());
        assertThat(delay.current()).as("an idle lifecycle is not late").isZero();

        delay.applied(delay.applying(poll(wall.get() - 20)));
        assertThat(delay.current()).isEqualTo(Duration.ofMillis(20));
    }

    private void advance(long millis) {
        wall.addAndGet(millis);
        nanos.addAndGet(millis * 1_000_000L);
    }

    private static ConsumerRecords<String, String> poll(long... timestamps) {
        List<ConsumerRecord<String, String>> records = new java.util.ArrayList<>();
        long offset = 0;
        for (long timestamp : timestamps) {
            records.add(new ConsumerRecord<>("lead.lifecycle.v1", 0, offset++, timestamp, TimestampType.CREATE_TIME,
                    -1, -1, "lead", "{}", new RecordHeaders(), Optional.empty()));
        }
        return new ConsumerRecords<>(Map.of(new TopicPartition("lead.lifecycle.v1", 0), records), Map.of());
    }
}
