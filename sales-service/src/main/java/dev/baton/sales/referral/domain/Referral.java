package dev.baton.sales.referral.domain;

import dev.baton.platform.problem.ProblemException;

import java.time.Instant;
import java.util.UUID;

/** A customer's referral: the referred lead (created or found by marketing), attributed to the customer and its rep. */
public record Referral(UUID referralId, UUID referrerLeadId, UUID referredLeadId, String repId, String actorId,
        Instant createdAt) {

    /** 422 when marketing answers with the referring customer itself: a customer does not refer themselves. */
    public static void requireNotSelf(UUID referrerLeadId, UUID referredLeadId) {
        if (referredLeadId.equals(referrerLeadId)) {
            throw ProblemException.unprocessable("self-referral",
                    "the referred person is the referring customer " + referrerLeadId);
        }
    }
}
