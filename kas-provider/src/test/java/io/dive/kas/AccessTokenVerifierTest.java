package io.dive.kas;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class AccessTokenVerifierTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theAudienceMayBeAStringAnArrayOrTheAuthorizedParty() throws Exception {
        assertThat(AccessTokenVerifier.addressedTo(JSON.readTree("{\"aud\":\"dive-kas\"}"), "dive-kas")).isTrue();
        assertThat(AccessTokenVerifier.addressedTo(JSON.readTree("{\"aud\":[\"account\",\"dive-kas\"]}"), "dive-kas")).isTrue();
        assertThat(AccessTokenVerifier.addressedTo(JSON.readTree("{\"aud\":\"account\",\"azp\":\"dive-kas\"}"), "dive-kas")).isTrue();
        assertThat(AccessTokenVerifier.addressedTo(JSON.readTree("{\"aud\":[\"account\"],\"azp\":\"other\"}"), "dive-kas")).isFalse();
        assertThat(AccessTokenVerifier.addressedTo(JSON.readTree("{}"), "dive-kas")).isFalse();
    }
}
