package io.dive.kas;

import static org.assertj.core.api.Assertions.assertThat;

import io.dive.kas.rewrap.Requester;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.JsonWebToken;
import org.keycloak.util.JsonSerialization;

class AccessTokenVerifierTest {

    private static JsonWebToken token(String json) throws Exception {
        return JsonSerialization.readValue(json, JsonWebToken.class);
    }

    @Test
    void theAudienceMayBeAStringAnArrayOrTheAuthorizedParty() throws Exception {
        assertThat(AccessTokenVerifier.addressedTo(token("{\"aud\":\"dive-kas\"}"), List.of("dive-kas"))).isTrue();
        assertThat(AccessTokenVerifier.addressedTo(token("{\"aud\":[\"account\",\"dive-kas\"]}"), List.of("dive-kas"))).isTrue();
        assertThat(AccessTokenVerifier.addressedTo(token("{\"aud\":\"account\",\"azp\":\"dive-kas\"}"), List.of("dive-kas"))).isTrue();
        assertThat(AccessTokenVerifier.addressedTo(token("{\"aud\":[\"account\"],\"azp\":\"other\"}"), List.of("dive-kas"))).isFalse();
        assertThat(AccessTokenVerifier.addressedTo(token("{}"), List.of("dive-kas"))).isFalse();
    }

    @Test
    void theRequesterComesFromTheClaimsAlone() throws Exception {
        Requester requester = AccessTokenVerifier.requester(token("{\"iss\":\"http://kc/realms/r\",\"sub\":\"s-1\",\"azp\":\"dive-demo\",\"jti\":\"t-1\","
                + "\"uniqueID\":\"u@usa\",\"clearance\":\"SECRET\",\"countryOfAffiliation\":\"USA\",\"acpCOI\":[\"FVEY\"],"
                + "\"acr\":\"2\",\"amr\":[\"pwd\",\"otp\"],\"auth_time\":1800000000,\"clearanceCountry\":7}"));
        assertThat(requester.issuer()).isEqualTo("http://kc/realms/r");
        assertThat(requester.subjectId()).isEqualTo("u@usa");
        assertThat(requester.sub()).isEqualTo("s-1");
        assertThat(requester.authorizedParty()).isEqualTo("dive-demo");
        assertThat(requester.tokenId()).isEqualTo("t-1");
        assertThat(requester.subject().clearance()).isEqualTo("SECRET");
        assertThat(requester.subject().countryOfAffiliation()).isEqualTo("USA");
        assertThat(requester.subject().acpCOI()).isEqualTo(List.of("FVEY"));
        assertThat(requester.subject().amr()).isEqualTo(List.of("pwd", "otp"));
        assertThat(requester.subject().authTime()).isEqualTo(1_800_000_000L);
        assertThat(requester.subject().issuer()).isEqualTo("http://kc/realms/r");
        // A claim of the wrong type is absent, never its text.
        assertThat(requester.subject().clearanceCountry()).isNull();
        assertThat(AccessTokenVerifier.requester(token("{\"iss\":\"i\",\"sub\":\"s-1\"}")).subjectId()).isEqualTo("s-1");
        // The KAS verifies as AccessToken, which keeps acr and auth_time in fields: they still reach OPA.
        Requester fromAccessToken = AccessTokenVerifier.requester(JsonSerialization.readValue("{\"iss\":\"i\",\"sub\":\"s\","
                + "\"acr\":\"2\",\"auth_time\":1800000000,\"amr\":[\"otp\"],\"sid\":\"x\"}",
                org.keycloak.representations.AccessToken.class));
        assertThat(fromAccessToken.subject().acr()).isEqualTo("2");
        assertThat(fromAccessToken.subject().authTime()).isEqualTo(1_800_000_000L);
        assertThat(fromAccessToken.subject().amr()).isEqualTo(List.of("otp"));
    }
}
