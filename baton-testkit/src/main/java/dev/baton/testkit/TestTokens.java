package dev.baton.testkit;

import dev.baton.embedded.ThrowawayIssuer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;

/**
 * Throwaway test keys and tokens ({@link ThrowawayIssuer}, the same minting as the launcher's): a fresh RSA key pair
 * per test JVM, never written anywhere but a temporary file (the public half); nothing here is a real secret.
 */
public final class TestTokens {

    public static final String ISSUER = "https://baton.test/issuer";
    public static final String AUDIENCE = ThrowawayIssuer.AUDIENCE;

    private static final ThrowawayIssuer KEYS = new ThrowawayIssuer(ISSUER);
    private static final ThrowawayIssuer OTHER_KEYS = new ThrowawayIssuer(ISSUER);
    private static String publicKeyLocation;

    private TestTokens() {
    }

    /** A valid token for {@code subject} with {@code roles}, for one hour. */
    public static String token(String subject, String... roles) {
        return KEYS.token(subject, Duration.ofHours(1), roles);
    }

    public static String expired(String subject, String... roles) {
        return expiredSecondsAgo(3600, subject, roles);
    }

    /** A valid token that expired {@code secondsAgo} seconds ago (negative: expires in that many seconds). */
    public static String expiredSecondsAgo(long secondsAgo, String subject, String... roles) {
        long now = System.currentTimeMillis() / 1000;
        return KEYS.sign(KEYS.claims(subject, roles).issuedAt(now - secondsAgo - 60).expiresAt(now - secondsAgo));
    }

    public static String signedByAnotherKey(String subject, String... roles) {
        return OTHER_KEYS.token(subject, Duration.ofHours(1), roles);
    }

    public static String ofAnotherIssuer(String subject, String... roles) {
        return KEYS.sign(KEYS.claims(subject, roles).issuer("https://evil.example/issuer").expiresIn(3600));
    }

    public static String ofAnotherAudience(String subject, String... roles) {
        return KEYS.sign(KEYS.claims(subject, roles).audience("not-baton").expiresIn(3600));
    }

    /** An unsigned token ({@code alg: none}) with otherwise valid claims. */
    public static String unsigned(String subject, String... roles) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        long now = System.currentTimeMillis() / 1000;
        String header = b64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String claims = b64.encodeToString(("{\"iss\":\"" + ISSUER + "\",\"aud\":\"" + AUDIENCE + "\",\"sub\":\""
                + subject + "\",\"groups\":[" + String.join(",", java.util.Arrays.stream(roles).map(r -> "\"" + r + "\"").toList())
                + "],\"iat\":" + now + ",\"exp\":" + (now + 3600) + "}").getBytes(StandardCharsets.UTF_8));
        return header + "." + claims + ".";
    }

    /** The PEM file of the verification key, for {@code mp.jwt.verify.publickey.location}. */
    public static synchronized String publicKeyLocation() {
        if (publicKeyLocation == null) {
            try {
                Path file = Files.createTempFile("baton-test-jwt-", ".pem");
                file.toFile().deleteOnExit();
                publicKeyLocation = KEYS.writePublicKey(file).toUri().toString();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return publicKeyLocation;
    }

    public static String publicKeyPem() {
        return KEYS.publicKeyPem();
    }
}
