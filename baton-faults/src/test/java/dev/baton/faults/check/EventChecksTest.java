package dev.baton.faults.check;

import dev.baton.faults.workload.Bucket;
import dev.baton.faults.workload.Ledger;
import dev.baton.faults.workload.Poison;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The checks on records made by hand: what counts once, what is lost, duplicated, out of sequence, unexpected. */
class EventChecksTest {

    private final TopicIndex index = new TopicIndex("127.0.0.1:1");
    private final Ledger ledger = new Ledger();
    private final String lead = UUID.randomUUID().toString();
    private long offset;

    @AfterEach
    void close() {
        index.close();
    }

    @Test
    void aRecordRepublishedWithItsIdCountsOnce() {
        String id = lifecycle("identified", 1, "KNOWN", null);
        lifecycle(id, "identified", 1, "KNOWN");
        ledger.expect(lead, Bucket.IDENTIFIED);

        assertThat(EventChecks.leads(Set.of(lead), index, ledger)).isEmpty();
        assertThat(index.republished()).isEqualTo(1);
    }

    @Test
    void aPromisedEventMissingIsLostAndASequenceTakenTwiceIsDuplicated() {
        lifecycle("identified", 1, "KNOWN", null);
        lifecycle("qualified", 2, "QUALIFIED", null);
        lifecycle("qualified", 2, "QUALIFIED", null);
        ledger.expect(lead, Bucket.IDENTIFIED, Bucket.QUALIFIED, Bucket.HANDOFF);

        List<Finding> findings = EventChecks.leads(Set.of(lead), index, ledger);

        assertThat(findings).extracting(Finding::category).containsExactlyInAnyOrder(
                Finding.Category.LOST, Finding.Category.DUPLICATED, Finding.Category.DUPLICATED);
        assertThat(findings).filteredOn(f -> f.category() == Finding.Category.LOST).singleElement()
                .extracting(Finding::key).isEqualTo("lost:" + lead + ":" + Bucket.HANDOFF);
    }

    @Test
    void aRefusalTheHandoffServiceRetriesIsNotTheOutcomeTheHandedOffAfterItIs() {
        lifecycle("identified", 1, "KNOWN", null);
        lifecycle("qualified", 2, "QUALIFIED", null);
        lifecycle("handoff-refused", 3, "QUALIFIED", "{\"reasonCode\":\"NO_REP_AVAILABLE\",\"retrying\":true}");
        lifecycle("handed-off", 4, "QUALIFIED", "{\"repId\":\"rep-ada\"}");
        ledger.expect(lead, Bucket.IDENTIFIED, Bucket.QUALIFIED, Bucket.HANDOFF);

        assertThat(EventChecks.leads(Set.of(lead), index, ledger)).isEmpty();
    }

    @Test
    void anUncertainCommandAllowsItsEventWithoutPromisingIt() {
        lifecycle("identified", 1, "KNOWN", null);
        lifecycle("qualified", 2, "QUALIFIED", null);
        ledger.expect(lead, Bucket.IDENTIFIED);
        ledger.uncertain(lead, Bucket.QUALIFIED, Bucket.HANDOFF);

        assertThat(EventChecks.leads(Set.of(lead), index, ledger)).isEmpty();
    }

    @Test
    void gapsAndDisorderAreFound() {
        lifecycle("identified", 1, "KNOWN", null);
        lifecycle("handed-off", 4, "QUALIFIED", "{\"repId\":\"rep-ada\"}");
        lifecycle("qualified", 2, "QUALIFIED", null);

        List<Finding> findings = EventChecks.leads(Set.of(lead), index, new Ledger());

        assertThat(findings).extracting(Finding::key).containsExactlyInAnyOrder("gap:" + lead + ":3", "order:" + lead);
    }

    @Test
    void theDeadLetterTopicsMustHoldExactlyThePoisonOncePerConsumingGroup() {
        ledger.poisonSent(new Poison.Sent("p1", "not JSON", "lead.ownership.v1", List.of("marketing-service", "sales-service")));
        deadLetter("p1", "marketing-service");
        deadLetter("p1", "marketing-service");
        deadLetter(null, "handoff-service");

        List<Finding> findings = EventChecks.deadLetters(index, ledger);

        assertThat(findings).extracting(Finding::category).containsExactlyInAnyOrder(
                Finding.Category.DLQ_MISSING, Finding.Category.DLQ_UNEXPECTED);
        assertThat(EventChecks.deadLetterRepeats(index)).isEqualTo(1);
    }

    @Test
    void anEngagementEventUnderTwoIdsIsDuplicatedAndOneNeverPublishedIsLost() {
        engagement("e1", "id-1");
        engagement("e1", "id-1");
        engagement("e2", "id-2");
        engagement("e2", "id-3");
        ledger.engagementRecorded("e1");
        ledger.engagementRecorded("e2");
        ledger.engagementRecorded("e3");

        assertThat(EventChecks.engagement(index, ledger)).extracting(Finding::key)
                .containsExactlyInAnyOrder("dup-engagement:e2", "lost-engagement:e3");
    }

    private String lifecycle(String type, long sequence, String to, String details) {
        String id = UUID.randomUUID().toString();
        return lifecycle(id, type, sequence, to, details);
    }

    private void lifecycle(String id, String type, long sequence, String to) {
        lifecycle(id, type, sequence, to, null);
    }

    private String lifecycle(String id, String type, long sequence, String to, String details) {
        String value = "{\"leadId\":\"" + lead + "\",\"type\":\"" + type + "\",\"to\":\"" + to + "\",\"sequence\":" + sequence
                + (details == null ? "" : ",\"details\":" + details) + "}";
        index.index(record("lead.lifecycle.v1", lead, value, "ce_id", id));
        return id;
    }

    private void engagement(String eventId, String id) {
        index.index(record("marketing.engagement.v1", "visitor", "{\"eventId\":\"" + eventId + "\"}", "ce_id", id));
    }

    private void deadLetter(String poisonId, String group) {
        ConsumerRecord<String, String> record = record(dev.baton.contract.Topics.deadLetter(group), "k", "x",
                "baton-dlq-consumer-group", group);
        if (poisonId != null) {
            record.headers().add(new RecordHeader(Poison.HEADER, poisonId.getBytes(StandardCharsets.UTF_8)));
        }
        index.index(record);
    }

    private ConsumerRecord<String, String> record(String topic, String key, String value, String header, String headerValue) {
        ConsumerRecord<String, String> record = new ConsumerRecord<>(topic, 0, offset++, key, value);
        record.headers().add(new RecordHeader(header, headerValue.getBytes(StandardCharsets.UTF_8)));
        return record;
    }
}
