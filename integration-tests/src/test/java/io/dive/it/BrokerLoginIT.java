package io.dive.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Coalition identity end to end: a national user logs in at their nation's IdP (a realm, over OIDC,
 * or SAML for FRA) through the broker's login pages, and the broker's tokens carry the normalized
 * coalition claims.
 */
@ExtendWith(DiveStackExtension.class)
class BrokerLoginIT {

    private static final String BROKER = "dive-broker";
    private static final String PASSWORD = "dive-demo-password";

    private static JsonNode accessTokenClaims(DiveStack stack, String idp, String username) {
        JsonNode tokens = new BrowserSession(stack).loginThroughBroker(BROKER, "dive-demo", idp, username, PASSWORD);
        JsonNode access = KeycloakClient.claims(tokens.path("access_token").asText());
        JsonNode id = KeycloakClient.claims(tokens.path("id_token").asText());
        // Same switches on both tokens: the ID token carries the same coalition claims.
        assertThat(id.path("clearance")).isEqualTo(access.path("clearance"));
        assertThat(id.path("acpCOI")).isEqualTo(access.path("acpCOI"));
        return access;
    }

    @ParameterizedTest(name = "{0}: {1} holds {3} = {2}")
    @CsvSource(delimiter = '|', value = {
        "usa|usa-secret|SECRET|SECRET|USA|MIL",
        "gbr|gbr-secret|SECRET|SECRET|GBR|MIL",
        "can|can-top-secret|TOP_SECRET|TOP SECRET|CAN|GOV",
        "fra|fra-secret|SECRET|SECRET DEFENSE|FRA|MIL",
        "deu|deu-secret|SECRET|GEHEIM|DEU|MIL",
        "ita|ita-restricted|RESTRICTED|RISERVATO|ITA|MIL",
        "esp|esp-secret|SECRET|RESERVADO|ESP|MIL",
        "pol|pol-confidential|CONFIDENTIAL|POUFNE|POL|GOV",
        "nld|nld-top-secret|TOP_SECRET|Stg. ZEER GEHEIM|NLD|GOV",
        "industry|industry-confidential|CONFIDENTIAL|VS — VERTRAULICH|DEU|INDUSTRY",
    })
    void aNationalUserLogsInThroughTheBrokerAndGetsNormalizedClaims(String idp, String username, String clearance,
            String original, String country, String organizationType, DiveStack stack) {
        JsonNode claims = accessTokenClaims(stack, idp, username);
        assertThat(claims.path("iss").asText()).endsWith("/realms/" + BROKER);
        assertThat(claims.path("clearance").asText()).isEqualTo(clearance);
        assertThat(claims.path("clearanceOriginal").asText()).isEqualTo(original);
        assertThat(claims.path("clearanceCountry").asText()).isEqualTo(country);
        assertThat(claims.path("countryOfAffiliation").asText()).isEqualTo(country);
        assertThat(claims.path("organizationType").asText()).isEqualTo(organizationType);
        // Namespaced by the broker: <the IdP's subject>@<IdP alias>, never the IdP's own value (issue 11).
        assertThat(claims.path("uniqueID").asText()).endsWith("@" + idp).isNotEqualTo(username + "@dive-" + idp);
        assertThat(claims.path("idp").asText()).isEqualTo(idp);
        assertThat(claims.path("acpCOI").isArray()).as("acpCOI is an array").isTrue();
        // CONFIDENTIAL and above log in with password + OTP (acr "2"), below with password (acr "1").
        boolean otp = List.of("CONFIDENTIAL", "SECRET", "TOP_SECRET").contains(clearance);
        assertThat(claims.path("acr").asText()).isEqualTo(otp ? "2" : "1");
        assertThat(claims.path("amr").toString()).isEqualTo(otp ? "[\"pwd\",\"otp\"]" : "[\"pwd\"]");
        assertThat(claims.path("auth_time").isNumber()).isTrue();
    }

    @Test
    void aSingleCoiIsStillAnArray(DiveStack stack) {
        JsonNode claims = accessTokenClaims(stack, "deu", "deu-confidential");
        assertThat(claims.path("acpCOI").isArray()).isTrue();
        assertThat(claims.path("acpCOI")).hasSize(1);
        assertThat(claims.path("acpCOI").get(0).asText()).isEqualTo("NATO");
        assertThat(claims.path("clearanceOriginal").asText()).isEqualTo("VS — VERTRAULICH");
    }

    @Test
    void anUnknownClearanceGivesNoClearanceClaimAndAWarning(DiveStack stack) throws Exception {
        JsonNode claims = accessTokenClaims(stack, "usa", "usa-unknown-clearance");
        assertThat(claims.has("clearance")).isFalse();
        assertThat(claims.has("clearanceOriginal")).isFalse();
        assertThat(claims.path("countryOfAffiliation").asText()).isEqualTo("USA");
        List<String> warnings = Files.readAllLines(stack.stateDir().resolve("logs/keycloak.log")).stream()
                .filter(line -> line.contains("WARN") && line.contains("DIVE claim omitted")
                        && line.contains("user=usa-unknown-clearance") && line.contains("'ULTRA SECRET'"))
                .toList();
        assertThat(warnings).isNotEmpty();
        assertThat(warnings.get(0)).contains("realm=" + BROKER).contains("treated as uncleared");
    }

    @Test
    void anAttributeChangedAtTheNationalIdpReachesTheBrokerTokenOnTheNextLogin(DiveStack stack, KeycloakClient keycloak) {
        String username = "pol-restricted";
        assertThat(accessTokenClaims(stack, "pol", username).path("clearance").asText()).isEqualTo("RESTRICTED");

        JsonNode found = keycloak.admin("/realms/dive-pol/users?exact=true&username=" + username).json();
        ObjectNode user = (ObjectNode) found.get(0);
        ((ObjectNode) user.path("attributes")).set("clearance", ((ArrayNode) user.path("attributes").path("clearance"))
                .removeAll().add("ŚCIŚLE TAJNE"));
        assertThat(keycloak.adminPut("/realms/dive-pol/users/" + user.path("id").asText(), user).status()).isEqualTo(204);

        JsonNode after = accessTokenClaims(stack, "pol", username);
        assertThat(after.path("clearance").asText()).isEqualTo("TOP_SECRET");
        assertThat(after.path("clearanceOriginal").asText()).isEqualTo("ŚCIŚLE TAJNE");
    }
}
