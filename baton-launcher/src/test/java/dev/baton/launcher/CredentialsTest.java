package dev.baton.launcher;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class CredentialsTest {

    @TempDir
    Path data;

    @Test
    void anOutsideIdentityProvidersKeyAndIssuerArePassedOnAndNoTokensAreMade() {
        List<String> said = new ArrayList<>();
        Map<String, String> env = new Credentials(data, Map.of(
                "MP_JWT_VERIFY_PUBLICKEY_LOCATION", "https://idp.example/keys.pem",
                "MP_JWT_VERIFY_ISSUER", "https://idp.example")).serviceEnvironment(said::add);

        assertThat(env).containsEntry("MP_JWT_VERIFY_PUBLICKEY_LOCATION", "https://idp.example/keys.pem")
                .containsEntry("MP_JWT_VERIFY_ISSUER", "https://idp.example");
        assertThat(data.resolve("tokens.env")).doesNotExist();
        assertThat(said).singleElement().asString().contains("from the environment");
    }

    @Test
    void withoutOneAThrowawayKeyAndATokenPerRoleAreMade() throws Exception {
        Map<String, String> env = new Credentials(data, Map.of()).serviceEnvironment(line -> { });

        assertThat(env.get("MP_JWT_VERIFY_ISSUER")).isEqualTo(Credentials.LOCAL_ISSUER);
        assertThat(Files.readString(data.resolve("jwt/public-key.pem"))).startsWith("-----BEGIN PUBLIC KEY-----");
        String tokens = Files.readString(data.resolve("tokens.env"));
        for (String role : List.of("MARKETER", "SALES_REP", "SALES_ASSISTANT", "SALES_MANAGER", "OPS", "INTEGRATION")) {
            assertThat(tokens).contains("TOKEN_" + role + "=ey");
        }
    }
}
