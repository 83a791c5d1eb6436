package io.dive.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 11, item 1: the broker's {@code ita} IdP may assert Italians only. A user of the Italian realm
 * whose directory entry claims another nation's country, clearance country, COI, organization type or
 * uniqueID is refused (countries) or has the value stripped or overwritten (the rest), at the first
 * broker login and at every re-sync login, and the broker's user record keeps no forged value.
 */
@ExtendWith(DiveStackExtension.class)
class IdpTrustIT {

    private static final String BROKER = "dive-broker";
    private static final String NATIONAL = "dive-ita";
    private static final String PASSWORD = "dive-demo-password";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** An honest Italian at RESTRICTED (no second factor), with {@code overrides} over its attributes. */
    private static String italian(KeycloakClient keycloak, Map<String, List<String>> overrides) {
        String username = "ita-trust-" + UUID.randomUUID().toString().substring(0, 8);
        ObjectNode user = JSON.createObjectNode().put("username", username).put("enabled", true)
                .put("email", username + "@ita.dive.example").put("emailVerified", true)
                .put("firstName", "Trust").put("lastName", "Test");
        ObjectNode attributes = user.putObject("attributes");
        Map<String, List<String>> honest = new java.util.LinkedHashMap<>(Map.of("countryOfAffiliation", List.of("ITA"),
                "clearanceCountry", List.of("ITA"), "clearance", List.of("RISERVATO"), "acpCOI", List.of("NATO"),
                "organizationType", List.of("MIL"), "uniqueID", List.of(username + "@dive-ita")));
        honest.putAll(overrides);
        honest.forEach((name, values) -> values.forEach(attributes.withArray(name)::add));
        user.putArray("credentials").addObject().put("type", "password").put("value", PASSWORD).put("temporary", false);
        assertThat(keycloak.adminPost("/realms/" + NATIONAL + "/users", user).status()).isEqualTo(201);
        return username;
    }

    /** Changes the national user's attributes at the Italian directory (admin API). */
    private static void change(KeycloakClient keycloak, String username, Map<String, List<String>> values) {
        String id = keycloak.userId(NATIONAL, username);
        ObjectNode user = (ObjectNode) keycloak.admin("/realms/" + NATIONAL + "/users/" + id).json();
        ObjectNode attributes = (ObjectNode) user.path("attributes");
        values.forEach((name, list) -> {
            ArrayNode array = attributes.putArray(name);
            list.forEach(array::add);
        });
        assertThat(keycloak.adminPut("/realms/" + NATIONAL + "/users/" + id, user).status()).isEqualTo(204);
    }

    /** The broker's user linked to the national user through the ita IdP, with its attributes. */
    private static JsonNode brokerUser(KeycloakClient keycloak, String username) {
        String subject = keycloak.userId(NATIONAL, username);
        JsonNode found = keycloak.admin("/realms/" + BROKER + "/users?briefRepresentation=false&idpAlias=ita&idpUserId="
                + subject).json();
        assertThat(found).as("broker users linked to %s", username).hasSize(1);
        return found.get(0);
    }

    private static List<String> attribute(JsonNode user, String name) {
        List<String> values = new java.util.ArrayList<>();
        user.path("attributes").path(name).forEach(value -> values.add(value.asText()));
        return values;
    }

    private static JsonNode login(DiveStack stack, String username) {
        JsonNode tokens = new BrowserSession(stack).loginThroughBroker(BROKER, "dive-demo", "ita", username, PASSWORD);
        return KeycloakClient.claims(tokens.path("access_token").asText());
    }

    private static void assertRefused(DiveStack stack, KeycloakClient keycloak, String username, String attribute) {
        BrowserSession.Page page = new BrowserSession(stack).passwordAt(BROKER, "dive-demo", "ita", username, PASSWORD);
        assertThat(page.code()).as("a token was issued for the impersonation of %s", attribute).isNull();
        assertThat(page.hasElement("dive-trust-error")).as(page.html() == null ? "" : page.html().text()).isTrue();
        assertThat(page.html().text()).contains("ita").contains(attribute);
        JsonNode brokerUser = brokerUser(keycloak, username);
        assertThat(attribute(brokerUser, attribute)).as("forged %s on the broker user", attribute).isEmpty();
        // The event (Keycloak's jboss-logging listener writes error events to the log).
        List<String> events;
        try {
            events = Files.readAllLines(stack.stateDir().resolve("logs/keycloak.log")).stream()
                    .filter(line -> line.contains("IDENTITY_PROVIDER_LOGIN_ERROR") && line.contains(brokerUser.path("id").asText()))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(events).as("the refusal's event").isNotEmpty();
        assertThat(events.get(events.size() - 1)).contains("dive_trust_violation").contains(attribute);
    }

    @Test
    void anHonestItalianLogsInWithHisOwnClaimsAndABrokerUniqueId(DiveStack stack, KeycloakClient keycloak) {
        String username = italian(keycloak, Map.of());
        JsonNode claims = login(stack, username);
        assertThat(claims.path("countryOfAffiliation").asText()).isEqualTo("ITA");
        assertThat(claims.path("clearanceCountry").asText()).isEqualTo("ITA");
        assertThat(claims.path("clearance").asText()).isEqualTo("RESTRICTED");
        assertThat(claims.path("acpCOI").toString()).isEqualTo("[\"NATO\"]");
        assertThat(claims.path("organizationType").asText()).isEqualTo("MIL");
        assertThat(claims.path("idp").asText()).isEqualTo("ita");
        assertThat(claims.path("uniqueID").asText()).isEqualTo(keycloak.userId(NATIONAL, username) + "@ita");
    }

    @ParameterizedTest(name = "first login: ita asserting {0} = USA is refused")
    @CsvSource({"countryOfAffiliation", "clearanceCountry"})
    void aForeignCountryIsRefusedAtTheFirstLogin(String attribute, DiveStack stack, KeycloakClient keycloak) {
        String username = italian(keycloak, Map.of(attribute, List.of("USA")));
        assertRefused(stack, keycloak, username, attribute);
    }

    @ParameterizedTest(name = "re-sync: ita asserting {0} = USA is refused")
    @CsvSource({"countryOfAffiliation", "clearanceCountry"})
    void aForeignCountryIsRefusedAtAReSyncLogin(String attribute, DiveStack stack, KeycloakClient keycloak) {
        String username = italian(keycloak, Map.of());
        assertThat(login(stack, username).path(attribute).asText()).isEqualTo("ITA");
        change(keycloak, username, Map.of(attribute, List.of("USA")));
        assertRefused(stack, keycloak, username, attribute);
    }

    /** The impersonation, minus the country: what cannot refuse the login is stripped or overwritten. */
    private static final Map<String, List<String>> FORGED = Map.of("acpCOI", List.of("FVEY", "NATO"),
            "organizationType", List.of("INDUSTRY"), "uniqueID", List.of("usa-top-secret@dive-usa"));

    private static void assertNothingForged(KeycloakClient keycloak, String username, JsonNode claims) {
        String uniqueId = keycloak.userId(NATIONAL, username) + "@ita";
        assertThat(claims.path("acpCOI").toString()).isEqualTo("[\"NATO\"]");
        assertThat(claims.has("organizationType")).as("organizationType INDUSTRY from a national IdP").isFalse();
        assertThat(claims.path("uniqueID").asText()).isEqualTo(uniqueId);
        JsonNode user = brokerUser(keycloak, username);
        assertThat(attribute(user, "acpCOI")).containsExactly("NATO");
        assertThat(attribute(user, "organizationType")).isEmpty();
        assertThat(attribute(user, "uniqueID")).containsExactly(uniqueId);
    }

    @Test
    void forgedCoisOrganizationTypeAndUniqueIdAreStrippedAtTheFirstLogin(DiveStack stack, KeycloakClient keycloak) {
        String username = italian(keycloak, FORGED);
        assertNothingForged(keycloak, username, login(stack, username));
    }

    @Test
    void forgedCoisOrganizationTypeAndUniqueIdAreStrippedAtAReSyncLogin(DiveStack stack, KeycloakClient keycloak) {
        String username = italian(keycloak, Map.of());
        assertThat(login(stack, username).path("organizationType").asText()).isEqualTo("MIL");
        change(keycloak, username, FORGED);
        assertNothingForged(keycloak, username, login(stack, username));
    }
}
