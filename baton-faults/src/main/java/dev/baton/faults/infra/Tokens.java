package dev.baton.faults.infra;

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
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A throwaway RSA key for one run and ready-made tokens for the demo team, the way the launcher makes them (same issuer,
 * audience, subjects and roles); the public half goes to the services as {@code MP_JWT_VERIFY_PUBLICKEY_LOCATION}.
 */
public final class Tokens {

    public static final String ISSUER = "https://baton.local/issuer";

    public final String marketer;
    public final String ops;
    private final Map<String, String> reps = new LinkedHashMap<>();
    private final Path publicKey;

    public Tokens(Path dir) {
        KeyPair keys = generate();
        try {
            publicKey = Files.createDirectories(dir).resolve("public-key.pem");
            Files.writeString(publicKey, "-----BEGIN PUBLIC KEY-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(keys.getPublic().getEncoded())
                    + "\n-----END PUBLIC KEY-----\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        marketer = sign(keys, "marketer-mia", "marketer");
        ops = sign(keys, "ops-olga", "ops");
        reps.put("rep-ada", sign(keys, "rep-ada", "sales-rep"));
        reps.put("rep-grace", sign(keys, "rep-grace", "sales-rep"));
        reps.put("assistant-alan", sign(keys, "assistant-alan", "sales-assistant"));
    }

    /** The token of a rep (or of their assistant, who may act for rep-ada). */
    public String forRep(String repId, boolean assistant) {
        if (assistant && repId.equals("rep-ada")) {
            return reps.get("assistant-alan");
        }
        String token = reps.get(repId);
        if (token == null) {
            throw new IllegalArgumentException("no token for rep " + repId);
        }
        return token;
    }

    /** What the services need to verify these tokens. */
    public Map<String, String> serviceEnvironment() {
        return Map.of("MP_JWT_VERIFY_PUBLICKEY_LOCATION", publicKey.toUri().toString(), "MP_JWT_VERIFY_ISSUER", ISSUER);
    }

    private static String sign(KeyPair keys, String subject, String role) {
        return Jwt.issuer(ISSUER).audience("baton").subject(subject).upn(subject).groups(Set.of(role))
                .expiresIn(48 * 3600).jws().sign(keys.getPrivate());
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
