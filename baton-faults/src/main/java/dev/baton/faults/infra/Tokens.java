package dev.baton.faults.infra;

import dev.baton.embedded.ThrowawayIssuer;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A throwaway RSA key for one run and ready-made tokens for the demo team, minted as the launcher mints them
 * ({@link ThrowawayIssuer}: same issuer, audience, subjects and roles); the public half goes to the services as
 * {@code MP_JWT_VERIFY_PUBLICKEY_LOCATION}.
 */
public final class Tokens {

    public static final String ISSUER = ThrowawayIssuer.LOCAL_ISSUER;
    /** A fault run lasts hours; its tokens outlive it. */
    private static final Duration VALIDITY = Duration.ofHours(48);

    public final String marketer;
    public final String ops;
    private final Map<String, String> reps = new LinkedHashMap<>();
    private final Path publicKey;

    public Tokens(Path dir) {
        ThrowawayIssuer issuer = new ThrowawayIssuer(ISSUER);
        publicKey = issuer.writePublicKey(dir.resolve("public-key.pem"));
        marketer = issuer.token("marketer-mia", VALIDITY, "marketer");
        ops = issuer.token("ops-olga", VALIDITY, "ops");
        reps.put("rep-ada", issuer.token("rep-ada", VALIDITY, "sales-rep"));
        reps.put("rep-grace", issuer.token("rep-grace", VALIDITY, "sales-rep"));
        reps.put("assistant-alan", issuer.token("assistant-alan", VALIDITY, "sales-assistant"));
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
}
