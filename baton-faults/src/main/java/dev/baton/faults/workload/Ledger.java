package dev.baton.faults.workload;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the workload was promised: for every lead, how many events of each kind its 2xx commands call for, and how many
 * more its commands of unknown outcome may have caused; every engagement event answered RECORDED; every poison record
 * sent. The checks hold the topics against it.
 */
public final class Ledger {

    /** A lead's promised and possible events. */
    public static final class LeadEntry {
        private final Map<String, AtomicInteger> expected = new ConcurrentHashMap<>();
        private final Map<String, AtomicInteger> uncertain = new ConcurrentHashMap<>();

        public int expected(String bucket) {
            AtomicInteger n = expected.get(bucket);
            return n == null ? 0 : n.get();
        }

        public int uncertain(String bucket) {
            AtomicInteger n = uncertain.get(bucket);
            return n == null ? 0 : n.get();
        }

        public Set<String> buckets() {
            Set<String> all = ConcurrentHashMap.newKeySet();
            all.addAll(expected.keySet());
            all.addAll(uncertain.keySet());
            return all;
        }
    }

    private final Map<String, LeadEntry> leads = new ConcurrentHashMap<>();
    private final Set<String> touched = ConcurrentHashMap.newKeySet();
    private final Set<String> engagementRecorded = ConcurrentHashMap.newKeySet();
    private final Set<String> engagementUncertain = ConcurrentHashMap.newKeySet();
    private final Map<String, Poison.Sent> poison = new ConcurrentHashMap<>();
    private final Map<Outcome.Kind, LongAdder> commands = new ConcurrentHashMap<>();

    public void expect(String leadId, String... buckets) {
        LeadEntry entry = entry(leadId);
        for (String bucket : buckets) {
            entry.expected.computeIfAbsent(bucket, b -> new AtomicInteger()).incrementAndGet();
        }
    }

    public void uncertain(String leadId, String... buckets) {
        LeadEntry entry = entry(leadId);
        for (String bucket : buckets) {
            entry.uncertain.computeIfAbsent(bucket, b -> new AtomicInteger()).incrementAndGet();
        }
    }

    private LeadEntry entry(String leadId) {
        touched.add(leadId);
        return leads.computeIfAbsent(leadId, id -> new LeadEntry());
    }

    public LeadEntry lead(String leadId) {
        return leads.get(leadId);
    }

    public Set<String> leadIds() {
        return leads.keySet();
    }

    /** The leads commands touched since the last call. */
    public Set<String> drainTouched() {
        Set<String> drained = new java.util.HashSet<>();
        for (String id : touched) {
            touched.remove(id);
            drained.add(id);
        }
        return drained;
    }

    public void engagementRecorded(String eventId) {
        engagementRecorded.add(eventId);
    }

    public void engagementUncertain(String eventId) {
        engagementUncertain.add(eventId);
    }

    public Set<String> engagementRecorded() {
        return engagementRecorded;
    }

    public void poisonSent(Poison.Sent sent) {
        poison.put(sent.id(), sent);
    }

    public Map<String, Poison.Sent> poison() {
        return poison;
    }

    public void command(Outcome.Kind kind) {
        commands.computeIfAbsent(kind, k -> new LongAdder()).increment();
    }

    public long commands(Outcome.Kind kind) {
        LongAdder n = commands.get(kind);
        return n == null ? 0 : n.sum();
    }
}
