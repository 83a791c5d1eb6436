package io.dive.ztdf.client;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ZtdfClientTest {

    private static String token(String issuer) {
        Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();
        return encoder.encodeToString("{\"alg\":\"RS256\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + encoder.encodeToString(("{\"iss\":\"" + issuer + "\"}").getBytes(StandardCharsets.UTF_8)) + ".sig";
    }

    @Test
    void theTokenGoesOnlyToKasOnItsIssuersOriginOrExplicitlyTrusted() {
        ZtdfClient client = new ZtdfClient(new KasClient(), Set.of("https://kas.gbr.example/realms/dive-gbr/kas/"));
        String usa = token("https://idp.example:443/realms/dive-broker");
        assertThatCode(() -> client.requireTrusted("https://idp.example/realms/dive-usa/kas", usa)).doesNotThrowAnyException();
        assertThatCode(() -> client.requireTrusted("https://kas.gbr.example/realms/dive-gbr/kas", usa)).doesNotThrowAnyException();
        assertThatThrownBy(() -> client.requireTrusted("https://evil.example/realms/dive-usa/kas", usa))
                .isInstanceOf(KasClientException.class).hasMessageContaining("token was not sent");
        assertThatThrownBy(() -> client.requireTrusted("http://idp.example/realms/dive-usa/kas", usa))
                .as("same host, other scheme").isInstanceOf(KasClientException.class);
        assertThatThrownBy(() -> client.requireTrusted("https://idp.example:8443/kas", usa))
                .as("same host, other port").isInstanceOf(KasClientException.class);
        assertThatThrownBy(() -> client.requireTrusted("https://idp.example/kas", "not-a-token"))
                .isInstanceOf(KasClientException.class);
    }
}
