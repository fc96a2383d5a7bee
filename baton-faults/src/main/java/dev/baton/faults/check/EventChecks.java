package dev.baton.faults.check;

import dev.baton.faults.workload.Bucket;
import dev.baton.faults.workload.Ledger;
import dev.baton.faults.workload.Poison;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The checks on the topics alone: every promised event there (lost), no effect twice (duplicated), per-lead sequences
 * gap-free and in order, and the dead-letter topics holding exactly the poison sent, once per consuming group.
 */
public final class EventChecks {

    private static final Set<String> TRACKED = Set.of(Bucket.IDENTIFIED, Bucket.QUALIFIED, Bucket.HANDOFF, Bucket.ACCEPTED,
            Bucket.REJECTED, Bucket.RECYCLED, Bucket.CLOSED, Bucket.RETAINED, Bucket.REFERRAL_RECEIVED);

    private EventChecks() {
    }

    public static List<Finding> leads(Collection<String> leads, TopicIndex index, Ledger ledger) {
        List<Finding> findings = new ArrayList<>();
        for (String lead : leads) {
            List<LifecycleRecord> events = index.lifecycle(lead);
            LeadFold fold = LeadFold.of(events);
            for (String duplicate : fold.duplicateSequences) {
                findings.add(new Finding(Finding.Category.DUPLICATED, "seq:" + lead + ":" + duplicate.split(":")[0],
                        "lead " + lead + " " + duplicate));
            }
            for (long missing : fold.missingSequences) {
                findings.add(new Finding(Finding.Category.SEQUENCE_GAP, "gap:" + lead + ":" + missing,
                        "lead " + lead + ": no event has sequence " + missing + " (last " + fold.lastSequence + ")"));
            }
            if (fold.reordered > 0) {
                findings.add(new Finding(Finding.Category.REORDERED, "order:" + lead,
                        "lead " + lead + ": " + fold.reordered + " event(s) read after a higher sequence"));
            }
            Ledger.LeadEntry entry = ledger.lead(lead);
            if (entry != null) {
                promises(lead, entry, events, index, findings);
            }
        }
        return findings;
    }

    private static void promises(String lead, Ledger.LeadEntry entry, List<LifecycleRecord> events, TopicIndex index,
            List<Finding> findings) {
        Map<String, Integer> actual = new HashMap<>();
        for (LifecycleRecord event : events) {
            if (!Bucket.isInterim(event)) {
                actual.merge(Bucket.ofLifecycleType(event.type()), 1, Integer::sum);
            }
        }
        actual.put(Bucket.RESPONSE, index.responses(lead, Bucket.RESPONSE));
        Set<String> buckets = new java.util.HashSet<>(entry.buckets());
        actual.keySet().stream().filter(TRACKED::contains).forEach(buckets::add);
        for (String bucket : buckets) {
            int found = actual.getOrDefault(bucket, 0);
            int expected = entry.expected(bucket);
            int possible = expected + entry.uncertain(bucket);
            if (found < expected) {
                findings.add(new Finding(Finding.Category.LOST, "lost:" + lead + ":" + bucket,
                        "lead " + lead + ": " + expected + " " + bucket + " promised by 2xx answers, " + found + " on the topic"));
            } else if (found > possible) {
                findings.add(new Finding(Finding.Category.DUPLICATED, "extra:" + lead + ":" + bucket,
                        "lead " + lead + ": " + found + " " + bucket + " on the topic (distinct ids), at most " + possible
                                + " from its commands"));
            }
        }
    }

    /** Engagement: every event answered RECORDED is on the topic, under one id. */
    public static List<Finding> engagement(TopicIndex index, Ledger ledger) {
        List<Finding> findings = new ArrayList<>();
        for (String eventId : ledger.engagementRecorded()) {
            if (!index.hasEngagement(eventId)) {
                findings.add(new Finding(Finding.Category.LOST, "lost-engagement:" + eventId,
                        "engagement " + eventId + " answered RECORDED, not on marketing.engagement.v1"));
            }
        }
        index.engagementDuplicates().forEach((eventId, ids) -> findings.add(new Finding(Finding.Category.DUPLICATED,
                "dup-engagement:" + eventId, "engagement " + eventId + " published under " + ids.size() + " ids " + ids)));
        return findings;
    }

    /** The dead-letter topics hold exactly the poison sent: each once at least per consuming group, nothing else. */
    public static List<Finding> deadLetters(TopicIndex index, Ledger ledger) {
        List<Finding> findings = new ArrayList<>();
        List<TopicIndex.DeadLetter> letters = index.deadLetters();
        Map<String, Poison.Sent> poison = ledger.poison();
        for (Poison.Sent sent : poison.values()) {
            for (String group : sent.groups()) {
                boolean there = letters.stream().anyMatch(l -> sent.id().equals(l.poisonId()) && group.equals(l.group()));
                if (!there) {
                    findings.add(new Finding(Finding.Category.DLQ_MISSING, "dlq-missing:" + sent.id() + ":" + group,
                            "poison " + sent.id() + " (" + sent.kind() + " on " + sent.topic() + ") not dead-lettered by " + group));
                }
            }
        }
        for (int i = 0; i < letters.size(); i++) {
            TopicIndex.DeadLetter letter = letters.get(i);
            Poison.Sent sent = letter.poisonId() == null ? null : poison.get(letter.poisonId());
            if (sent == null || !sent.groups().contains(letter.group())) {
                findings.add(new Finding(Finding.Category.DLQ_UNEXPECTED, "dlq-unexpected:" + i,
                        "dead letter of " + letter.group() + " from " + letter.originalTopic() + " key " + letter.key()
                                + ": " + letter.error()));
            }
        }
        return findings;
    }

    /** Dead letters beyond the first of each poison record and group (a consumer that re-read it after a crash). */
    public static long deadLetterRepeats(TopicIndex index) {
        Map<String, Integer> counts = new HashMap<>();
        for (TopicIndex.DeadLetter letter : index.deadLetters()) {
            if (letter.poisonId() != null) {
                counts.merge(letter.poisonId() + "/" + letter.group(), 1, Integer::sum);
            }
        }
        return counts.values().stream().mapToLong(n -> n - 1).sum();
    }
}
