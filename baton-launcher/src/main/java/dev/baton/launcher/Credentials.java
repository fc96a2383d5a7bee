package dev.baton.launcher;

import dev.baton.embedded.ThrowawayIssuer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The services' JWT verification settings for a local run. When the environment names a key and an issuer
 * ({@code MP_JWT_VERIFY_PUBLICKEY_LOCATION}, {@code MP_JWT_VERIFY_ISSUER}) they are passed on as they are, so that an
 * outside identity provider's tokens work. Otherwise a throwaway RSA key pair is generated at every start: the public
 * half goes to {@code DATA/jwt/public-key.pem}, the private half never leaves memory, and ready-made tokens (12 h) for
 * one user of each role are written to {@code DATA/tokens.env}.
 */
final class Credentials {

    static final String LOCAL_ISSUER = ThrowawayIssuer.LOCAL_ISSUER;

    /** The demo users: the sales team matches the services' default team configuration. */
    static final List<User> USERS = List.of(
            new User("MARKETER", "marketer-mia", "marketer"),
            new User("SALES_REP", "rep-ada", "sales-rep"),
            new User("SALES_REP_2", "rep-grace", "sales-rep"),
            new User("SALES_ASSISTANT", "assistant-alan", "sales-assistant"),
            new User("SALES_MANAGER", "manager-barbara", "sales-manager"),
            new User("OPS", "ops-olga", "ops"),
            new User("INTEGRATION", "integration-web", "integration"),
            new User("PRIVACY_OFFICER", "privacy-paula", "privacy-officer"));

    record User(String variable, String subject, String role) {
    }

    private final Path data;
    private final Map<String, String> env;

    Credentials(Path data, Map<String, String> env) {
        this.data = data;
        this.env = env;
    }

    Map<String, String> serviceEnvironment(Consumer<String> say) {
        Map<String, String> vars = new LinkedHashMap<>();
        String location = env.get("MP_JWT_VERIFY_PUBLICKEY_LOCATION");
        String issuer = env.get("MP_JWT_VERIFY_ISSUER");
        if (location != null && !location.isBlank() && issuer != null && !issuer.isBlank()) {
            say.accept("JWT: verifying with " + location + " and issuer " + issuer + " from the environment");
            vars.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", location);
            vars.put("MP_JWT_VERIFY_ISSUER", issuer);
            return vars;
        }
        try {
            ThrowawayIssuer local = new ThrowawayIssuer(LOCAL_ISSUER);
            Path publicKey = local.writePublicKey(data.resolve("jwt").resolve("public-key.pem"));
            StringBuilder tokens = new StringBuilder("# Throwaway tokens for this local run only (12 h); a new key is made at"
                    + " every start.\n# Use: source " + data.resolve("tokens.env") + "; curl -H \"Authorization: Bearer"
                    + " $TOKEN_MARKETER\" ...\n");
            for (User user : USERS) {
                String token = local.token(user.subject(), Duration.ofHours(12), user.role());
                tokens.append("# ").append(user.subject()).append(" (").append(user.role()).append(")\n")
                        .append("TOKEN_").append(user.variable()).append('=').append(token).append('\n');
            }
            Path tokenFile = data.resolve("tokens.env");
            Files.writeString(tokenFile, tokens);
            try {
                Files.setPosixFilePermissions(tokenFile, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system
            }
            say.accept("JWT: throwaway key generated; tokens for every role in " + tokenFile);
            vars.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", publicKey.toUri().toString());
            vars.put("MP_JWT_VERIFY_ISSUER", LOCAL_ISSUER);
            return vars;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads a token written by {@link #serviceEnvironment} (for the demo). */
    static String token(Path data, String variable) throws IOException {
        String prefix = "TOKEN_" + variable + "=";
        return Files.readAllLines(data.resolve("tokens.env")).stream().filter(l -> l.startsWith(prefix))
                .map(l -> l.substring(prefix.length())).findFirst()
                .orElseThrow(() -> new IllegalStateException("no token " + variable + " (external identity provider?)"));
    }
}
