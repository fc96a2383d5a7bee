package dev.baton.contract;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The type-specific facts of a lifecycle event ({@link LifecycleEvent#details()}): one record per lifecycle type, each
 * the {@code details} object of its JSON Schema ({@code EventRecordsTest} checks the two against each other). Optional
 * facts are null and left out of the JSON. Which record belongs to which type is said once, in {@link EventTypes}.
 */
@com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
public sealed interface LifecycleDetails {

    /** The event type these details belong to. */
    default EventTypes type() {
        return TYPES.get(getClass());
    }

    /** The details record of a lifecycle {@code type}. */
    @SuppressWarnings("unchecked")
    static Class<? extends LifecycleDetails> classOf(EventTypes type) {
        if (!type.isLifecycle()) {
            throw new IllegalArgumentException(type + " is not a lifecycle event type");
        }
        return (Class<? extends LifecycleDetails>) type.dataType();
    }

    Map<Class<?>, EventTypes> TYPES = Arrays.stream(EventTypes.values()).filter(EventTypes::isLifecycle)
            .collect(Collectors.toUnmodifiableMap(EventTypes::dataType, Function.identity()));

    /** ANONYMOUS to KNOWN: a visitor converted. No device id: it stays in marketing, where an erasure reaches it. */
    record Identified(String conversionKind, String campaignId, String referrerLeadId,
            String referringRepId) implements LifecycleDetails {
    }

    /** What asks the handoff service to hand a lead to sales, with what it needs to assign it. */
    sealed interface HandoffAsked extends LifecycleDetails {
        Boolean consent();

        /** The person's consent per channel when asked (true granted, false withdrawn, absent never decided). */
        Map<ConsentChannel, Boolean> channels();

        /** Whether the person may be contacted: some channel granted (by {@code consent} before channels were sent). */
        default Boolean contactable() {
            Boolean byChannel = ConsentChannel.anyGranted(channels());
            return byChannel != null ? byChannel : consent();
        }

        String country();

        String referringRepId();
    }

    /** KNOWN to QUALIFIED: marketing asks for a handoff. */
    record Qualified(double score, String trigger, Boolean consent, String country, String referringRepId,
            String referrerLeadId, Map<ConsentChannel, Boolean> channels) implements HandoffAsked {
    }

    /** A marketer asks again for a refused handoff; answered like {@link Qualified}. */
    record HandoffRequested(String previousReasonCode, Boolean consent, String country, String referringRepId,
            Map<ConsentChannel, Boolean> channels) implements HandoffAsked {
    }

    record HandoffRefused(String refusal, String reasonCode, Boolean retrying, Instant nextAttemptAt)
            implements LifecycleDetails {
    }

    record HandedOff(String repId, String teamId, Instant slaDueAt, Instant slaAtRiskAt, String policy,
            String country, Integer attempts, Instant waitingSince) implements LifecycleDetails {
    }

    record Accepted(String repId, String opportunityId) implements LifecycleDetails {
    }

    record Rejected(String repId, RejectReason reasonCode, String opportunityId) implements LifecycleDetails {
    }

    /** Back to marketing after a rejection. */
    record Recycled(String reasonCode) implements LifecycleDetails {
    }

    record SlaAtRisk(String repId, Instant slaDueAt) implements LifecycleDetails {
    }

    record SlaBreached(String repId, Instant slaDueAt, Integer reassignments) implements LifecycleDetails {
    }

    record Reassigned(String fromRepId, String toRepId, String teamId, Instant slaDueAt, Instant slaAtRiskAt,
            Boolean escalated, String policy) implements LifecycleDetails {
    }

    record Closed(String outcome, BigDecimal amount, String opportunityId, String repId) implements LifecycleDetails {
    }

    record Retained(String kind, String repId) implements LifecycleDetails {
    }

    record Churned(String repId, String previousStatus) implements LifecycleDetails {
    }

    record ReferralReceived(String referrerLeadId, String repId, String referredLeadId) implements LifecycleDetails {
    }

    record MarketingSendBlocked(String sendKind, String owner) implements LifecycleDetails {
    }

    /** One channel changed; {@code channels} is the person's consent on every channel after it (as in a handoff). */
    record ConsentChanged(String channel, boolean granted, String source, Map<ConsentChannel, Boolean> channels)
            implements LifecycleDetails {
    }

    record Merged(String mergedInto) implements LifecycleDetails {
    }

    /** Marketing erased the person's data (erasure {@code erasureId}); every service must erase what it holds. */
    record Erased(String erasureId) implements LifecycleDetails {
    }

    /** {@code service} erased what it held of the lead for erasure {@code erasureId}. */
    record ErasureConfirmed(String erasureId, String service) implements LifecycleDetails {
    }
}
