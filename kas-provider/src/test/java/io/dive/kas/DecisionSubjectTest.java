package io.dive.kas;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dive.opa.DecisionInput;
import java.util.Map;
import org.junit.jupiter.api.Test;
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
}
