package dev.baton.contract;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The one transition table of the lifecycle: for each lifecycle type, the stage moves it may make. Every
 * {@link LifecycleEvent} is checked against it when it is built, so a producer cannot emit a move the table does not
 * allow and a consumer reading one gets a poison record (its dead-letter topic) instead of applying it.
 */
public final class LifecycleTransitions {

    /** A move from one stage to another ({@code from == to}: the type records something without moving the stage). */
    public record Move(Stage from, Stage to) {
    }

    private static final Set<Stage> ANY_LEAD = EnumSet.of(Stage.KNOWN, Stage.QUALIFIED, Stage.CLOSED, Stage.RETAINED);
    private static final Map<EventTypes, Set<Move>> TABLE = new EnumMap<>(EventTypes.class);

    static {
        // marketing: a visitor converts, a known lead is qualified or asked again for after a refusal
        allow(EventTypes.IDENTIFIED, move(Stage.ANONYMOUS, Stage.KNOWN));
        allow(EventTypes.QUALIFIED, move(Stage.KNOWN, Stage.QUALIFIED));
        allow(EventTypes.HANDOFF_REQUESTED, stay(Stage.QUALIFIED));
        // the handoff, its answers and its SLA happen while the lead is QUALIFIED; a rejection sends it back to KNOWN
        for (EventTypes type : EnumSet.of(EventTypes.HANDED_OFF, EventTypes.ACCEPTED, EventTypes.REJECTED,
                EventTypes.SLA_AT_RISK, EventTypes.SLA_BREACHED, EventTypes.REASSIGNED)) {
            allow(type, stay(Stage.QUALIFIED));
        }
        // back to marketing's nurture: after a rejection, or once a LOST or churned lead's cool-down is over
        allow(EventTypes.RECYCLED, move(Stage.QUALIFIED, Stage.KNOWN), move(Stage.CLOSED, Stage.KNOWN));
        // a refusal answers whatever the handoff service knows: ALREADY_OWNED_BY_SALES may come at any later stage
        allowStayingIn(EventTypes.HANDOFF_REFUSED, ANY_LEAD);
        // sales: closing (a customer won again after a churn closes from CLOSED), retention, churn, referrals
        allow(EventTypes.CLOSED, move(Stage.QUALIFIED, Stage.CLOSED), stay(Stage.CLOSED));
        allow(EventTypes.RETAINED, move(Stage.CLOSED, Stage.RETAINED));
        allow(EventTypes.CHURNED, move(Stage.RETAINED, Stage.CLOSED), stay(Stage.CLOSED));
        allow(EventTypes.REFERRAL_RECEIVED, stay(Stage.CLOSED), stay(Stage.RETAINED));
        // audit and identity: at any stage of a lead, without moving it
        allowStayingIn(EventTypes.MARKETING_SEND_BLOCKED, ANY_LEAD);
        allowStayingIn(EventTypes.CONSENT_CHANGED, ANY_LEAD);
        allowStayingIn(EventTypes.MERGED, ANY_LEAD);
        allowStayingIn(EventTypes.ERASED, ANY_LEAD);
        allowStayingIn(EventTypes.ERASURE_CONFIRMED, ANY_LEAD);
    }

    private LifecycleTransitions() {
    }

    /** Whether a {@code type} event may move a lead from {@code from} to {@code to}. */
    public static boolean allows(EventTypes type, Stage from, Stage to) {
        return TABLE.getOrDefault(type, Set.of()).contains(new Move(from, to));
    }

    /** The moves {@code type} may make. */
    public static Set<Move> movesOf(EventTypes type) {
        return Set.copyOf(TABLE.getOrDefault(type, Set.of()));
    }

    private static Move move(Stage from, Stage to) {
        return new Move(from, to);
    }

    private static Move stay(Stage stage) {
        return new Move(stage, stage);
    }

    private static void allow(EventTypes type, Move... moves) {
        TABLE.put(type, Set.of(moves));
    }

    private static void allowStayingIn(EventTypes type, Set<Stage> stages) {
        TABLE.put(type, Set.copyOf(stages.stream().map(LifecycleTransitions::stay).toList()));
    }
}
