package dev.baton.platform.security;

import dev.baton.platform.BatonConfig;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import org.eclipse.microprofile.jwt.JsonWebToken;

import javax.crypto.SecretKey;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Verifies a bearer token once and remembers the result until the token expires, at most {@link #MAX_REMEMBERED_SECONDS}:
 * the RSA signature check and the claims parsing were a fifth of marketing's CPU under single-event load, where one
 * integration sends thousands of requests with the same token.
 *
 * <p>Only tokens that passed every check (signature, issuer, audience, expiry) are remembered, keyed by their SHA-256
 * digest (so the lookup's timing says nothing about the tokens held). A remembered token is forgotten when smallrye-jwt
 * would stop accepting it (expiry plus the allowed clock skew, or the maximum token age) or earlier; anything not
 * remembered goes to smallrye-jwt's own parser, which decides as before.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class VerifiedTokens implements JWTParser {

    /** Longest a verification is reused, even for a token that lives longer. */
    static final long MAX_REMEMBERED_SECONDS = 300;

    private record Verified(JsonWebToken token, long rememberedUntil) {
    }

    private final JWTParser verifier;
    private final int capacity;
    /** Seconds after {@code exp} that smallrye-jwt still accepts a token: its expiry grace if set, else the clock skew. */
    private final long allowance;
    /** The configured maximum token age ({@code iat} plus this), if any. */
    private final Long maxAge;
    private final Map<Digest, Verified> verified = new ConcurrentHashMap<>();

    public VerifiedTokens(JWTAuthContextInfo authContext, BatonConfig config) {
        this.verifier = new DefaultJWTParser(authContext);
        this.capacity = config.security().verifiedTokens();
        this.allowance = Math.max(0, authContext.getExpGracePeriodSecs() > 0 ? authContext.getExpGracePeriodSecs()
                : authContext.getClockSkew());
        this.maxAge = authContext.getTokenAge();
    }

    @Override
    public JsonWebToken parse(String bearerToken) throws ParseException {
        if (capacity <= 0) {
            return verifier.parse(bearerToken);
        }
        Digest key = Digest.of(bearerToken);
        long now = System.currentTimeMillis() / 1000;
        Verified known = verified.get(key);
        if (known != null) {
            if (now < known.rememberedUntil()) {
                return known.token();
            }
            verified.remove(key);
        }
        JsonWebToken token = verifier.parse(bearerToken);
        long expires = token.getExpirationTime() + allowance;
        if (maxAge != null) {
            expires = Math.min(expires, token.getIssuedAtTime() + maxAge);
        }
        if (expires > now) {
            if (verified.size() >= capacity) {
                forgetExpired(now);
            }
            if (verified.size() < capacity) {
                verified.put(key, new Verified(token, Math.min(expires, now + MAX_REMEMBERED_SECONDS)));
            }
        }
        return token;
    }

    private void forgetExpired(long now) {
        for (Iterator<Verified> it = verified.values().iterator(); it.hasNext(); ) {
            if (it.next().rememberedUntil() <= now) {
                it.remove();
            }
        }
    }

    @Override
    public JsonWebToken parse(String token, JWTAuthContextInfo context) throws ParseException {
        return verifier.parse(token, context);
    }

    @Override
    public JsonWebToken verify(String token, PublicKey key) throws ParseException {
        return verifier.verify(token, key);
    }

    @Override
    public JsonWebToken verify(String token, SecretKey key) throws ParseException {
        return verifier.verify(token, key);
    }

    @Override
    public JsonWebToken verify(String token, String secret) throws ParseException {
        return verifier.verify(token, secret);
    }

    @Override
    public JsonWebToken decrypt(String token, PrivateKey key) throws ParseException {
        return verifier.decrypt(token, key);
    }

    @Override
    public JsonWebToken decrypt(String token, SecretKey key) throws ParseException {
        return verifier.decrypt(token, key);
    }

    @Override
    public JsonWebToken decrypt(String token, String secret) throws ParseException {
        return verifier.decrypt(token, secret);
    }

    @Override
    public JsonWebToken parseOnly(String token) throws ParseException {
        return verifier.parseOnly(token);
    }

    /** A token's SHA-256. */
    private record Digest(byte[] bytes) {

        static Digest of(String token) {
            try {
                return new Digest(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII)));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is part of every JDK", e);
            }
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Digest d && MessageDigest.isEqual(bytes, d.bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            return "Digest";
        }
    }
}
