package dev.baton.handoff.ownership.domain;

import dev.baton.contract.Actor;
import dev.baton.contract.LifecycleEvent;
import dev.baton.contract.Stage;
import dev.baton.testkit.TestEvents;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * One lead's lifecycle written for unit tests: each event folded into the row through {@link OwnershipProjection}, as
 * the service and the rebuild do. Events of other services unless {@link #own} says otherwise.
 */
public final class LeadHistory {

    public static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    public static final Actor MARKETER = Actor.user("marketer-mia");
    public static final Actor HANDOFF = Actor.system("handoff-service");

    private final String leadId = UUID.randomUUID().toString();
    private Ownership row;
    private OwnershipProjection.Step last;
    private int events;

    public Ownership row() {
        return row;
    }

    public OwnershipProjection.Step last() {
        return last;
    }

    public String leadId() {
        return leadId;
    }

    /** An event of another service (marketing, sales). */
    public LeadHistory foreign(String type, Stage to, long seq, Map<String, Object> details) {
        return apply(event(type, to, seq, MARKETER, details), false);
    }

    /** An event this service published. */
    public LeadHistory own(String type, Stage to, long seq, Map<String, Object> details) {
        return apply(event(type, to, seq, HANDOFF, details), true);
    }

    public LifecycleEvent event(String type, Stage to, long seq, Actor actor, Map<String, Object> details) {
        Stage from = TestEvents.stageBefore(type, to, row == null ? null : row.stage());
        return TestEvents.lifecycleEvent(leadId, type, from, to, actor, null, "cause-" + events, seq,
                T0.plusSeconds(events), details);
    }

    public LeadHistory apply(LifecycleEvent event, boolean own) {
        events++;
        last = OwnershipProjection.apply(row, event, "event-" + events, own);
        if (!last.ignored()) {
            row = last.after();
        }
        return this;
    }

    /** Identified, qualified (country FR) and handed off to {@code rep} of team-north: sales owns it, SLA running. */
    public static LeadHistory handedOffTo(String rep) {
        return new LeadHistory()
                .foreign("identified", Stage.KNOWN, 1, Map.of())
                .foreign("qualified", Stage.QUALIFIED, 2, Map.of("country", "fr"))
                .own("handed-off", Stage.QUALIFIED, 3, Map.of("repId", rep, "teamId", "team-north",
                        "slaDueAt", "2026-03-01T14:00:00Z", "slaAtRiskAt", "2026-03-01T13:00:00Z"));
    }
}
