package dev.baton.faults.workload;

import java.util.Map;

/**
 * What a command answered 2xx promises, as kinds of event. A kind is one lifecycle type, except {@link #HANDOFF}: a
 * qualified lead gets one handoff outcome, handed-off or handoff-refused; and {@link #RESPONSE}, sales' answer on
 * {@code sales.responses.v1}.
 */
public final class Bucket {

    public static final String IDENTIFIED = "identified";
    public static final String QUALIFIED = "qualified";
    public static final String HANDOFF = "handoff";
    public static final String ACCEPTED = "accepted";
    public static final String REJECTED = "rejected";
    public static final String RECYCLED = "recycled";
    public static final String CLOSED = "closed";
    public static final String RETAINED = "retained";
    public static final String REFERRAL_RECEIVED = "referral-received";
    public static final String RESPONSE = "response:handoff-response";

    private static final Map<String, String> OF_TYPE = Map.of("handed-off", HANDOFF, "handoff-refused", HANDOFF);

    private Bucket() {
    }

    /**
     * Whether the event is not an outcome: a refusal the handoff service retries ({@code retrying: true}) is followed
     * by the handoff's real outcome, which alone fills {@link #HANDOFF}.
     */
    public static boolean isInterim(dev.baton.faults.check.LifecycleRecord event) {
        return "handoff-refused".equals(event.type()) && event.details() != null
                && event.details().path("retrying").asBoolean(false);
    }

    /** The bucket of a lifecycle event type (its own name for most). */
    public static String ofLifecycleType(String type) {
        return OF_TYPE.getOrDefault(type, type);
    }
}
