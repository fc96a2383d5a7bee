package dev.baton.embedded;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

class ThrowawayIssuerTest {

    @TempDir
    Path dir;

    @Test
    void aTokenCarriesTheClaimsTheServicesCheckAndVerifiesWithTheWrittenKeyOnly() throws Exception {
        ThrowawayIssuer issuer = new ThrowawayIssuer(ThrowawayIssuer.LOCAL_ISSUER);
        String token = issuer.token("rep-ada", Duration.ofHours(1), "sales-rep");

        String[] parts = token.split("\\.");
        String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        assertThat(claims).contains("\"iss\":\"https://baton.local/issuer\"", "\"aud\":\"baton\"", "\"sub\":\"rep-ada\"",
                "\"upn\":\"rep-ada\"", "\"groups\":[\"sales-rep\"]", "\"exp\":");
        Path pem = issuer.writePublicKey(dir.resolve("jwt/public-key.pem"));
        assertThat(verifies(token, Files.readString(pem))).isTrue();
        assertThat(verifies(token, new ThrowawayIssuer(ThrowawayIssuer.LOCAL_ISSUER).publicKeyPem())).isFalse();
    }

    private static boolean verifies(String token, String pem) throws Exception {
        String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        PublicKey key = KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
        int lastDot = token.lastIndexOf('.');
        Signature rs256 = Signature.getInstance("SHA256withRSA");
        rs256.initVerify(key);
        rs256.update(token.substring(0, lastDot).getBytes(StandardCharsets.US_ASCII));
        return rs256.verify(Base64.getUrlDecoder().decode(token.substring(lastDot + 1)));
    }
}
