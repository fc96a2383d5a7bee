package dev.baton.embedded;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.Set;

/**
 * The local stand-in for an identity provider: a JWT issuer whose RSA key pair is made in memory for this process and
 * thrown away with it (only the public half is ever written, as PEM). The one place tokens are minted for a local run
 * (the launcher), the tests (baton-testkit) and the fault runs (baton-faults); nothing it signs is a real secret.
 */
public final class ThrowawayIssuer {

    /** The audience every Baton service requires. */
    public static final String AUDIENCE = "baton";
    /** The issuer of a local run's tokens ({@code ./baton}, the fault runs). */
    public static final String LOCAL_ISSUER = "https://baton.local/issuer";

    private final String issuer;
    private final KeyPair keys;

    public ThrowawayIssuer(String issuer) {
        this.issuer = issuer;
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            this.keys = generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public String issuer() {
        return issuer;
    }

    /** A signed token for {@code subject} (also its upn) with {@code roles} as groups, valid for {@code validity}. */
    public String token(String subject, Duration validity, String... roles) {
        return sign(claims(subject, roles).expiresIn(validity.toSeconds()));
    }

    /** The claims {@link #token} signs (issuer, audience, subject, upn, groups), for a test to change before signing. */
    public JwtClaimsBuilder claims(String subject, String... roles) {
        return Jwt.issuer(issuer).audience(AUDIENCE).subject(subject).upn(subject).groups(Set.of(roles));
    }

    /** Signs {@code claims} (RS256) with this issuer's private key. */
    public String sign(JwtClaimsBuilder claims) {
        return claims.jws().sign(keys.getPrivate());
    }

    /** The verification key, PEM-encoded, as {@code mp.jwt.verify.publickey.location} reads it. */
    public String publicKeyPem() {
        return "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(keys.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
    }

    /** Writes {@link #publicKeyPem} to {@code file} (creating its folder); returns {@code file}. */
    public Path writePublicKey(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, publicKeyPem());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
