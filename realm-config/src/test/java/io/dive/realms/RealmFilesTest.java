package io.dive.realms;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Static checks on the realm files, so that a broken file fails the build, not the import. */
class RealmFilesTest {

    private static final Path REALMS = Path.of("target/classes/realms");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static List<JsonNode> realms() throws IOException {
        List<JsonNode> realms = new ArrayList<>();
        try (Stream<Path> files = Files.list(REALMS)) {
            for (Path file : files.filter(f -> f.toString().endsWith("-realm.json")).sorted().toList()) {
                realms.add(JSON.readTree(file.toFile()));
            }
        }
        return realms;
    }

    @Test
    void theBrokerRealmExistsAndUsesTheDiveLoginTheme() throws IOException {
        JsonNode broker = realms().stream().filter(r -> r.path("realm").asText().equals("dive-broker")).findFirst()
                .orElseThrow();
        assertThat(broker.path("enabled").asBoolean()).isTrue();
        assertThat(broker.path("loginTheme").asText()).isEqualTo("dive");
    }

    @Test
    void everyRealmDeclaresTheCoalitionAttributesInItsUserProfile() throws IOException {
        for (JsonNode realm : realms()) {
            JsonNode provider = realm.path("components").path("org.keycloak.userprofile.UserProfileProvider").get(0);
            JsonNode profile = JSON.readTree(provider.path("config").path("kc.user.profile.config").get(0).asText());
            List<String> names = profile.path("attributes").findValuesAsText("name");
            assertThat(names).as(realm.path("realm").asText()).contains("uniqueID", "clearance", "clearanceCountry",
                    "countryOfAffiliation", "acpCOI", "organizationType");
            for (JsonNode attribute : profile.path("attributes")) {
                if ("dive-coalition".equals(attribute.path("group").asText())) {
                    // Users must never be able to raise their own clearance or change their nation.
                    assertThat(attribute.path("permissions").path("edit").toString())
                            .as(attribute.path("name").asText()).isEqualTo("[\"admin\"]");
                }
            }
        }
    }

    @Test
    void everyUserAttributeIsDeclaredInTheUserProfile() throws IOException {
        for (JsonNode realm : realms()) {
            JsonNode provider = realm.path("components").path("org.keycloak.userprofile.UserProfileProvider").get(0);
            JsonNode profile = JSON.readTree(provider.path("config").path("kc.user.profile.config").get(0).asText());
            List<String> declared = profile.path("attributes").findValuesAsText("name");
            for (JsonNode user : realm.path("users")) {
                // Undeclared attributes are silently dropped on import by Keycloak's user profile.
                user.path("attributes").fieldNames().forEachRemaining(name ->
                        assertThat(declared).as(user.path("username").asText()).contains(name));
            }
        }
    }

    @Test
    void theBrokerFederatesNineNationsAndIndustryWithFranceOverSaml() throws IOException {
        JsonNode broker = realms().stream().filter(r -> r.path("realm").asText().equals("dive-broker")).findFirst()
                .orElseThrow();
        List<String> aliases = broker.path("identityProviders").findValuesAsText("alias");
        assertThat(aliases).containsExactlyInAnyOrder("usa", "gbr", "can", "fra", "deu", "ita", "esp", "pol", "nld",
                "industry");
        for (JsonNode idp : broker.path("identityProviders")) {
            assertThat(idp.path("providerId").asText()).as(idp.path("alias").asText())
                    .isEqualTo(idp.path("alias").asText().equals("fra") ? "saml" : "keycloak-oidc");
            // Attributes re-imported from the national IdP on every login.
            assertThat(idp.path("config").path("syncMode").asText()).isEqualTo("FORCE");
            assertThat(idp.path("config").path("validateSignature").asText()).isEqualTo("true");
        }
        assertThat(realms()).hasSize(11);
    }

    @Test
    void everyNationalRealmHasADemoUserAtEveryLevel() throws IOException {
        for (JsonNode realm : realms()) {
            String name = realm.path("realm").asText();
            if (name.equals("dive-broker")) {
                continue;
            }
            String alias = name.substring("dive-".length());
            assertThat(realm.path("users").findValuesAsText("username")).as(name).contains(alias + "-unclassified",
                    alias + "-restricted", alias + "-confidential", alias + "-secret", alias + "-top-secret");
        }
    }

    @Test
    void theBrokerRealmHasTheAuditorRoleOfTheAuditTrail() throws IOException {
        JsonNode broker = realms().stream().filter(r -> r.path("realm").asText().equals("dive-broker")).findFirst().orElseThrow();
        assertThat(broker.path("roles").path("realm").findValuesAsText("name")).contains("dive-auditor");
    }

    @Test
    void everyRealmGivesEveryUserKeycloaksDefaultRolesSoTheAccountConsoleWorks() throws IOException {
        for (JsonNode realm : realms()) {
            String name = realm.path("realm").asText();
            String defaultRole = "default-roles-" + name;
            assertThat(realm.path("defaultRole").path("name").asText()).as(name).isEqualTo(defaultRole);
            JsonNode role = realm.path("roles").path("realm").findParents("name").stream()
                    .filter(r -> r.path("name").asText().equals(defaultRole)).findFirst().orElseThrow();
            assertThat(role.path("composites").path("realm").toString()).as(name)
                    .contains("\"offline_access\"", "\"uma_authorization\"");
            assertThat(role.path("composites").path("client").path("account").toString()).as(name)
                    .contains("\"manage-account\"", "\"view-profile\"");
            // Keycloak grants the default role to users it creates, but not to users a realm file imports.
            for (JsonNode user : realm.path("users")) {
                assertThat(user.path("realmRoles").toString()).as(user.path("username").asText())
                        .contains("\"" + defaultRole + "\"");
            }
        }
    }

    @Test
    void theDemoBrokerChoosesTheOpenEnrollmentGateExplicitly() throws IOException {
        JsonNode broker = realms().stream().filter(r -> r.path("realm").asText().equals("dive-broker")).findFirst()
                .orElseThrow();
        JsonNode settings = broker.path("authenticatorConfig").findParents("alias").stream()
                .filter(config -> config.path("alias").asText().equals(BrokerFlows.OTP_SETTINGS)).findFirst().orElseThrow();
        // The product default is activation-code; the demo relaxes it on purpose and says so.
        assertThat(settings.path("config").path("enrollmentGate").asText()).isEqualTo("open");
    }

    @Test
    void onlyBrokerAdminHoldsRealmManagementRolesAmongTheDemoUsers() throws IOException {
        List<String> privileged = new ArrayList<>();
        for (JsonNode realm : realms()) {
            for (JsonNode user : realm.path("users")) {
                if (user.path("clientRoles").has("realm-management")) {
                    privileged.add(realm.path("realm").asText() + "/" + user.path("username").asText());
                }
            }
        }
        assertThat(privileged).containsExactly("dive-broker/broker-admin");
    }
}
