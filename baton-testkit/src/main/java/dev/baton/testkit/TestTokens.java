package dev.baton.testkit;

import io.smallrye.jwt.build.Jwt;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Set;

/**
 * Throwaway test keys and tokens. A fresh RSA key pair is generated per test JVM and never written anywhere but a
 * temporary file (the public half); nothing here is a real secret.
 */
public final class TestTokens {

    public static final String ISSUER = "https://baton.test/issuer";
    public static final String AUDIENCE = "baton";

    private static final KeyPair KEYS = generate();
    private static final KeyPair OTHER_KEYS = generate();
    private static String publicKeyLocation;

    private TestTokens() {
    }

    /** A valid token for {@code subject} with {@code roles}, for one hour. */
    public static String token(String subject, String... roles) {
        return Jwt.issuer(ISSUER).audience(AUDIENCE).subject(subject).upn(subject).groups(Set.of(roles))
                .expiresIn(3600).jws().sign(KEYS.getPrivate());
    }

    public static String expired(String subject, String... roles) {
        long now = System.currentTimeMillis() / 1000;
        return Jwt.issuer(ISSUER).audience(AUDIENCE).subject(subject).groups(Set.of(roles))
                .issuedAt(now - 7200).expiresAt(now - 3600).jws().sign(KEYS.getPrivate());
    }

    /** A valid token that expired {@code secondsAgo} seconds ago (negative: expires in that many seconds). */
    public static String expiredSecondsAgo(long secondsAgo, String subject, String... roles) {
        long now = System.currentTimeMillis() / 1000;
        return Jwt.issuer(ISSUER).audience(AUDIENCE).subject(subject).upn(subject).groups(Set.of(roles))
                .issuedAt(now - secondsAgo - 60).expiresAt(now - secondsAgo).jws().sign(KEYS.getPrivate());
    }

    public static String signedByAnotherKey(String subject, String... roles) {
        return Jwt.issuer(ISSUER).audience(AUDIENCE).subject(subject).groups(Set.of(roles))
                .expiresIn(3600).jws().sign(OTHER_KEYS.getPrivate());
    }

    public static String ofAnotherIssuer(String subject, String... roles) {
        return Jwt.issuer("https://evil.example/issuer").audience(AUDIENCE).subject(subject).groups(Set.of(roles))
                .expiresIn(3600).jws().sign(KEYS.getPrivate());
    }

    public static String ofAnotherAudience(String subject, String... roles) {
        return Jwt.issuer(ISSUER).audience("not-baton").subject(subject).groups(Set.of(roles))
                .expiresIn(3600).jws().sign(KEYS.getPrivate());
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
                Files.writeString(file, pem(KEYS));
                publicKeyLocation = file.toUri().toString();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return publicKeyLocation;
    }

    public static String publicKeyPem() {
        return pem(KEYS);
    }

    private static String pem(KeyPair keys) {
        return "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(keys.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
    }

    private static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
