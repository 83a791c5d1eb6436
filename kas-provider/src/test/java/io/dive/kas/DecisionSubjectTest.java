package io.dive.kas;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dive.opa.DecisionInput;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.AccessToken;
import org.keycloak.representations.JsonWebToken;

/** The OPA subject is built from the token's claims, the clearance status included. */
class DecisionSubjectTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static DecisionInput.Subject subject(Map<String, Object> claims) {
        JsonWebToken token = new JsonWebToken().issuer("http://kc/realms/dive-broker");
        claims.forEach(token::setOtherClaims);
        return AccessTokenVerifier.requester(token).subject();
    }

    @Test
    void aLegacyClearanceReachesThePolicy() {
        DecisionInput.Subject subject = subject(Map.of("uniqueID", "u", "clearance", "CONFIDENTIAL",
                "clearanceOriginal", "CONFIDENTIAL", "clearanceCountry", "GBR", "clearanceStatus", "legacy"));
        assertThat(subject.clearanceStatus()).isEqualTo("legacy");
        assertThat(JSON.valueToTree(subject).path("clearanceStatus").asText()).isEqualTo("legacy");
    }

    @Test
    void aCurrentClearanceSendsNoStatus() {
        DecisionInput.Subject subject = subject(Map.of("uniqueID", "u", "clearance", "SECRET", "organizationType", "GOV"));
        assertThat(subject.clearanceStatus()).isNull();
        assertThat(JSON.valueToTree(subject).has("clearanceStatus")).isFalse();
        assertThat(subject.organizationType()).isEqualTo("GOV");
    }

    @Test
    void theIdpAliasReachesThePolicySoItCanCheckWhatThatIdpMayAssert() {
        DecisionInput.Subject brokered = subject(Map.of("uniqueID", "u", "countryOfAffiliation", "USA", "idp", "ita"));
        assertThat(JSON.valueToTree(brokered).path("idp").asText()).isEqualTo("ita");
        // A local broker user has no idp: nothing to check.
        assertThat(JSON.valueToTree(subject(Map.of("uniqueID", "u"))).has("idp")).isFalse();
    }

    @Test
    void anAccessTokensAcrAuthTimeAndSessionReachThePolicyAndTheAudit() {
        // Parsed from JSON, an AccessToken holds acr, auth_time and sid in fields, DIVE's claims in other claims.
        AccessToken token = JSON.convertValue(Map.of("iss", "http://kc/realms/dive-broker", "sub", "s-1", "acr", "2",
                "auth_time", 1_700_000_000L, "sid", "session-1", "amr", java.util.List.of("pwd", "otp"), "uniqueID", "u",
                "acpCOI", java.util.List.of("NATO")), AccessToken.class);
        io.dive.kas.rewrap.Requester requester = AccessTokenVerifier.requester(token);
        assertThat(requester.sessionId()).isEqualTo("session-1");
        assertThat(requester.subjectId()).isEqualTo("u");
        assertThat(requester.subject().acr()).isEqualTo("2");
        assertThat(requester.subject().authTime()).isEqualTo(1_700_000_000L);
        assertThat(requester.subject().amr()).containsExactly("pwd", "otp");
        assertThat(requester.subject().acpCOI()).containsExactly("NATO");
    }
}
