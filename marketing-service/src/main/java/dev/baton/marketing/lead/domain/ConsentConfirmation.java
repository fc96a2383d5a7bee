package dev.baton.marketing.lead.domain;

import dev.baton.contract.ConsentChannel;
import dev.baton.platform.problem.ProblemException;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/**
 * A grant waiting for the person's own confirmation (double opt-in): a newsletter signup, or the way back to a channel
 * the person withdrew. Until it is confirmed nothing is granted, so nothing is sent. The token goes to the person (the
 * calling system mails the link); only its SHA-256 is kept, so the table cannot be used to confirm for anyone.
 */
public record ConsentConfirmation(UUID leadId, ConsentChannel channel, String source, ConsentProof.Purpose purpose,
        String textVersion, String requestedBy, Instant requestedAt, Instant expiresAt, Instant confirmedAt) {

    /** How long the person has to confirm. */
    public static final Duration VALIDITY = Duration.ofDays(7);

    private static final SecureRandom RANDOM = new SecureRandom();

    /** A new unguessable token (256 bits, URL-safe, 43 characters). */
    public static String newToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** What is stored of a token. */
    public static byte[] hash(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }

    /** A confirmation asked for now by {@code requestedBy}, for what {@code proof} says was shown. */
    public static ConsentConfirmation requested(UUID leadId, ConsentChannel channel, String source, ConsentProof proof,
            String requestedBy, Instant now) {
        return new ConsentConfirmation(leadId, channel, source, proof.purpose(), proof.textVersion(), requestedBy, now,
                now.plus(VALIDITY), null);
    }

    /** The proof of the grant: what was asked for, and the person's client when they confirmed. */
    public ConsentProof proofConfirmedFrom(String clientIp, String userAgent) {
        return new ConsentProof(purpose, textVersion, clientIp, userAgent);
    }

    /** The source the grant is recorded with: the person confirmed what {@code source} showed them. */
    public String grantSource() {
        return "confirmed:" + source;
    }

    public boolean confirmed() {
        return confirmedAt != null;
    }

    /** 409 confirmation-expired past its validity (unless already confirmed: confirming again changes nothing). */
    public void requireConfirmableAt(Instant now) {
        if (!confirmed() && !now.isBefore(expiresAt)) {
            throw ProblemException.conflict("confirmation-expired", "this confirmation expired at " + expiresAt
                    + "; ask for a new one");
        }
    }
}
