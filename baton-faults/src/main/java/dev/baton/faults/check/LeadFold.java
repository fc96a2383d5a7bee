package dev.baton.faults.check;

import dev.baton.contract.EventTypes;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What a lead's lifecycle events (deduplicated) say its projections must show, folded in sequence order: the stage
 * and last sequence (marketing), owner, rep and handoff status (handoff), and the lead's opportunities with their
 * status (sales). Also what is wrong with the sequence itself: numbers taken twice, numbers missing, events read out
 * of order.
 */
public final class LeadFold {

    /** One opportunity sales must have: its rep and status. */
    public record Opportunity(String repId, String status) {
    }

    public String stage;
    public long lastSequence;
    public String owner = "MARKETING";
    public String repId;
    public String handoffStatus = "MARKETING";
    public final List<Opportunity> opportunities = new ArrayList<>();
    /** Advancing events sharing a sequence number with another of different id: "seq 4: accepted, accepted". */
    public final List<String> duplicateSequences = new ArrayList<>();
    /** Sequence numbers between 1 and the last that no advancing event has. */
    public final List<Long> missingSequences = new ArrayList<>();
    /** Advancing events read after one with a higher sequence (the topic's order is the consumers' order). */
    public int reordered;

    public static LeadFold of(List<LifecycleRecord> events) {
        LeadFold fold = new LeadFold();
        List<LifecycleRecord> advancing = events.stream()
                .filter(e -> EventTypes.fromShortName(e.type()).map(EventTypes::advancesSequence).orElse(true)).toList();
        long highest = 0;
        for (LifecycleRecord event : advancing) {
            if (event.sequence() < highest) {
                fold.reordered++;
            }
            highest = Math.max(highest, event.sequence());
        }
        List<LifecycleRecord> sorted = new ArrayList<>(advancing);
        sorted.sort(Comparator.comparingLong(LifecycleRecord::sequence));
        long expected = 1;
        LifecycleRecord previous = null;
        for (LifecycleRecord event : sorted) {
            if (previous != null && previous.sequence() == event.sequence()) {
                fold.duplicateSequences.add("seq " + event.sequence() + ": " + previous.type() + " " + previous.id()
                        + " and " + event.type() + " " + event.id());
                continue;
            }
            while (expected < event.sequence()) {
                fold.missingSequences.add(expected++);
            }
            expected = event.sequence() + 1;
            fold.apply(event);
            previous = event;
        }
        return fold;
    }

    private void apply(LifecycleRecord event) {
        stage = event.to();
        lastSequence = event.sequence();
        switch (event.type()) {
            case "handed-off" -> {
                owner = "SALES";
                repId = event.details().path("repId").asText(null);
                handoffStatus = "HANDED_OFF";
                opportunities.add(new Opportunity(repId, "AWAITING_RESPONSE"));
            }
            case "reassigned" -> {
                repId = event.details().path("toRepId").asText(null);
                handoffStatus = event.details().path("escalated").asBoolean(false) ? "ESCALATED" : "HANDED_OFF";
                setLast("REASSIGNED");
                opportunities.add(new Opportunity(repId, "AWAITING_RESPONSE"));
            }
            case "accepted" -> {
                handoffStatus = "ACCEPTED";
                setLast("OPEN");
            }
            case "rejected" -> setLast("REJECTED");
            case "recycled" -> {
                owner = "MARKETING";
                repId = null;
                handoffStatus = "MARKETING";
            }
            case "closed" -> {
                handoffStatus = "CLOSED";
                setLast(event.details().path("outcome").asText("?"));
            }
            default -> {
                // the stage and sequence are all the others change
            }
        }
    }

    private void setLast(String status) {
        if (!opportunities.isEmpty()) {
            Opportunity last = opportunities.remove(opportunities.size() - 1);
            opportunities.add(new Opportunity(last.repId(), status));
        }
    }
}
