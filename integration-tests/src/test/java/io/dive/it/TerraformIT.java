package io.dive.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dive.ztdf.KeyAccessObject;
import io.dive.ztdf.KeyAlgorithm;
import io.dive.ztdf.ZtdfReader;
import io.dive.ztdf.client.KasClient;
import io.dive.ztdf.client.ZtdfClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Terraform for realm administrators (issue 14): the example root module applied with OpenTofu and the
 * Keycloak provider to the test stack's Keycloak, under the realm prefix {@code tf-} so that the
 * Terraform-made realms stand beside the imported realm files (one Keycloak per suite) and are
 * compared with them. The steps depend on each other (apply, plan, drift, destroy), hence the order.
 */
@ExtendWith(DiveStackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TerraformIT {

    private static final String EXAMPLE = "examples/local-demo";
    private static final String PREFIX = "tf-";
    private static final String BROKER = PREFIX + "dive-broker";
    private static final String PASSWORD = "dive-demo-password";
    private static final Duration APPLY = Duration.ofMinutes(15);

    private Tofu tofu;
    private Set<String> realmsBefore;
    private boolean applied;

    @BeforeAll
    void copyTheModules(DiveStack stack, KeycloakClient keycloak) throws Exception {
        Path work = stack.root().resolve("integration-tests/target/terraform-it");
        if (Files.exists(work)) {
            try (var files = Files.walk(work)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
            }
        }
        tofu = new Tofu(stack.root(), work, Map.of("TF_VAR_keycloak_url", stack.keycloakUrl(),
                "TF_VAR_admin_username", stack.adminUser(), "TF_VAR_admin_password", stack.adminPassword(),
                "TF_VAR_realm_prefix", PREFIX));
        // The provider is built from the Go module proxy; where the proxy refuses the module (as it
        // does on some machines: 403 "not available"), nothing here can be tested: say so and skip.
        Tofu.Run tools = tofu.run(".", Duration.ofMinutes(20), "version");
        Assumptions.assumeFalse(tools.exitCode() != 0 && tools.output().contains("could not download github.com/keycloak/"
                + "terraform-provider-keycloak"), () -> "the Keycloak Terraform provider cannot be built here:\n" + tools.output());
        assertThat(tools.exitCode()).as("OpenTofu and the provider are provided:%n%s", tools.output()).isZero();
        realmsBefore = realms(keycloak);
        assertThat(realmsBefore).contains("dive-broker").noneMatch(name -> name.startsWith(PREFIX));
    }

    @AfterAll
    void destroyWhatIsLeft() {
        if (applied) {
            tofu.run(EXAMPLE, APPLY, "destroy", "-auto-approve", "-no-color");
        }
    }

    private static Set<String> realms(KeycloakClient keycloak) {
        Set<String> names = new TreeSet<>();
        keycloak.admin("/realms").json().forEach(realm -> names.add(realm.path("realm").asText()));
        return names;
    }

    @Test
    @Order(1)
    void theModulesAreFormattedValidAndTheirValidationTestsPass() {
        assertThat(tofu.run(".", Duration.ofMinutes(2), "fmt", "-check", "-recursive", "-no-color").output())
                .as("tofu fmt -check lists no file").doesNotContain(".tf");
        for (String root : List.of(EXAMPLE, "modules/broker-realm")) {
            // With dev_overrides, init refuses the overridden provider; get installs the (local) modules.
            tofu.ok(root, Duration.ofMinutes(2), "get", "-no-color");
            assertThat(tofu.ok(root, Duration.ofMinutes(2), "validate", "-no-color")).contains("The configuration is valid");
            // Bad input (must show 6) with a mocked provider: each run expects the named variable to fail.
            assertThat(tofu.ok(root, Duration.ofMinutes(5), "test", "-no-color")).contains("0 failed");
        }
    }

    @Test
    @Order(2)
    void badInputFailsThePlanAgainstTheLiveKeycloakNamingTheVariableAndAppliesNothing(KeycloakClient keycloak) throws Exception {
        Path bad = tofu.dir(EXAMPLE).resolve("bad-input.json");
        Files.writeString(bad, """
                {"nations": {"xyz": {"country": "XYZ", "display_name": "Nowhere", "protocol": "oidc",
                  "trust": {"countries": ["XYZ"], "cois": [], "organization_types": ["GOV"]}}}, "demo_users": []}
                """);
        Tofu.Run nation = tofu.run(EXAMPLE, APPLY, "apply", "-auto-approve", "-no-color", "-var-file=" + bad);
        assertThat(nation.exitCode()).isNotZero();
        // tofu wraps its messages at the terminal width: compare with the spaces folded.
        assertThat(folded(nation.output())).contains("var.nations: country must be an ISO 3166-1 alpha-3 code");
        Tofu.Run threshold = tofu.run(EXAMPLE, APPLY, "plan", "-no-color",
                "-var=otp={minimum_clearance=\"SECRETISH\",max_attempts=5,enrollment_gate=\"open\"}");
        assertThat(threshold.exitCode()).isNotZero();
        assertThat(folded(threshold.output())).contains("var.otp.minimum_clearance must be a clearance level: UNCLASSIFIED,"
                + " RESTRICTED, CONFIDENTIAL, SECRET or TOP_SECRET");
        Files.delete(bad);
        assertThat(realms(keycloak)).isEqualTo(realmsBefore);
    }

    @Test
    @Order(3)
    void theExampleAppliesAndASecondPlanIsEmpty(KeycloakClient keycloak) {
        long started = System.nanoTime();
        applied = true;
        tofu.ok(EXAMPLE, APPLY, "apply", "-auto-approve", "-no-color");
        System.out.printf("[terraform] apply of the example: %d s%n", (System.nanoTime() - started) / 1_000_000_000L);
        assertThat(realms(keycloak)).contains(BROKER, PREFIX + "dive-usa", PREFIX + "dive-fra", PREFIX + "dive-industry");
        // Must show 2: flow execution order, authenticator configs and every mapper switch read back equal.
        assertThat(tofu.plannedChanges(EXAMPLE)).as("changes planned right after apply").isEmpty();
    }

    @Test
    @Order(4)
    void aSecretUserLogsInThroughTheTerraformBrokerWithOtpAndAnUnclassifiedOneWithout(DiveStack stack, KeycloakClient keycloak) {
        for (String idp : List.of("deu", "fra")) {
            JsonNode secret = accessToken(stack, BROKER, idp, idp + "-secret");
            assertThat(secret.path("iss").asText()).endsWith("/realms/" + BROKER);
            assertThat(secret.path("clearance").asText()).isEqualTo("SECRET");
            assertThat(secret.path("acr").asText()).isEqualTo("2");
            assertThat(secret.path("amr").toString()).isEqualTo("[\"pwd\",\"otp\"]");
        }
        JsonNode restricted = accessToken(stack, BROKER, "deu", "deu-restricted");
        assertThat(restricted.path("clearance").asText()).isEqualTo("RESTRICTED");
        assertThat(restricted.path("acr").asText()).isEqualTo("1");
        assertThat(restricted.path("amr").toString()).isEqualTo("[\"pwd\"]");
        // Below the threshold: no enrollment happened, the brokered user holds no OTP credential.
        String brokered = keycloak.userId(BROKER, restricted.path("preferred_username").asText());
        assertThat(keycloak.admin("/realms/" + BROKER + "/users/" + brokered + "/credentials").json().toString())
                .doesNotContain("\"otp\"");
    }

    @Test
    @Order(5)
    void theTerraformBrokerGivesTheSameDiveClaimsAsTheRealmFilesAndItsKasReleasesTheSameKey(DiveStack stack) throws Exception {
        for (String username : List.of("deu-secret", "deu-restricted", "fra-secret", "industry-confidential")) {
            String idp = username.substring(0, username.indexOf('-'));
            JsonNode terraform = accessToken(stack, BROKER, idp, username);
            JsonNode imported = accessToken(stack, "dive-broker", idp, username);
            for (String claim : List.of("clearance", "clearanceOriginal", "clearanceCountry", "countryOfAffiliation",
                    "acpCOI", "organizationType", "idp", "acr", "amr")) {
                assertThat(terraform.path(claim)).as("%s: %s", username, claim).isEqualTo(imported.path(claim));
            }
            // uniqueID is <the IdP's subject>@<IdP alias>: the subjects differ (two realms), the form does not.
            assertThat(terraform.path("uniqueID").asText()).endsWith("@" + idp);
            assertThat(imported.path("uniqueID").asText()).endsWith("@" + idp);
            assertThat(names(terraform)).as(username + ": the same claims").isEqualTo(names(imported));
        }

        Path dir = Files.createTempDirectory(stack.root().resolve("integration-tests/target"), "terraform-kas");
        Path plain = dir.resolve("plain.bin");
        Files.write(plain, new byte[70_000]);
        Path file = dir.resolve("both.ztdf");
        String importedKas = stack.keycloakUrl() + "/realms/dive-broker/kas";
        String terraformKas = stack.keycloakUrl() + "/realms/" + BROKER + "/kas";
        // One file, its key wrapped for each broker's KAS (alternatives): both must release the same key.
        new ZtdfClient(new KasClient()).encrypt(plain, file, KasIT.secretRelUsaGbr(), List.of(importedKas, terraformKas),
                KeyAlgorithm.RSA_2048, false, done -> { });
        try (ZtdfReader reader = ZtdfReader.open(file)) {
            KeyAccessObject forImported = kao(reader, importedKas);
            KeyAccessObject forTerraform = kao(reader, terraformKas);
            byte[] fromImported = new KasClient().rewrap(importedKas, token(stack, "dive-broker", "usa", "usa-secret"),
                    reader.policy(), forImported);
            byte[] fromTerraform = new KasClient().rewrap(terraformKas, token(stack, BROKER, "usa", "usa-secret"),
                    reader.policy(), forTerraform);
            assertThat(fromTerraform).hasSize(32).isEqualTo(fromImported);
        }
    }

    @Test
    @Order(6)
    void driftMadeThroughTheAdminApiIsPlannedExactlyAndRepaired(KeycloakClient keycloak) {
        String realm = "/realms/" + BROKER;
        // 1. Executions reordered: the OTP form raised above the clearance condition.
        String otpFlow = realm + "/authentication/flows/dive%20browser%20OTP%20when%20cleared/executions";
        Map<String, Integer> declared = priorities(keycloak.admin(otpFlow).json());
        JsonNode otpForm = find(keycloak.admin(otpFlow).json(), "providerId", "dive-otp-form");
        assertThat(keycloak.adminPost(realm + "/authentication/executions/" + otpForm.path("id").asText() + "/raise-priority",
                new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode()).status()).isEqualTo(204);
        Map<String, Integer> reordered = priorities(keycloak.admin(otpFlow).json());
        assertThat(reordered.get("dive-otp-form")).isLessThan(reordered.get("dive-condition-clearance-at-least"));
        // 2. An authenticator config value changed: the post-broker OTP's max attempts.
        JsonNode postBroker = keycloak.admin(realm + "/authentication/flows/dive%20post-broker%20OTP%20when%20cleared/executions").json();
        String configId = find(postBroker, "providerId", "dive-otp-form").path("authenticationConfig").asText();
        ObjectNode config = (ObjectNode) keycloak.admin(realm + "/authentication/config/" + configId).json();
        ((ObjectNode) config.path("config")).put("maxAttempts", "9");
        assertThat(keycloak.adminPut(realm + "/authentication/config/" + configId, config).status()).isEqualTo(204);
        // 3. A mapper's access-token switch flipped: the clearance claim out of access tokens.
        JsonNode scope = find(keycloak.admin(realm + "/client-scopes").json(), "name", "dive-claims");
        String mappers = realm + "/client-scopes/" + scope.path("id").asText() + "/protocol-mappers/models";
        ObjectNode clearance = (ObjectNode) find(keycloak.admin(mappers).json(), "name", "DIVE clearance");
        ((ObjectNode) clearance.path("config")).put("access.token.claim", "false");
        assertThat(keycloak.adminPut(mappers + "/" + clearance.path("id").asText(), clearance).status()).isEqualTo(204);

        String execution = "module.broker.keycloak_authentication_execution.this";
        String configAddress = "module.broker.keycloak_authentication_execution_config.this[\"post_broker_otp\"]";
        String mapper = "module.broker.keycloak_generic_protocol_mapper.dive[\"DIVE clearance\"]";
        // Keycloak renumbers what raise-priority moves: each execution whose priority changed is drift.
        Map<String, List<String>> expected = new java.util.TreeMap<>(Map.of(configAddress, List.of("update"),
                mapper, List.of("update")));
        Map<String, String> keys = Map.of("dive-otp-form", "browser_otp", "dive-condition-clearance-at-least", "browser_condition");
        keys.forEach((provider, key) -> {
            if (!reordered.get(provider).equals(declared.get(provider))) {
                expected.put(execution + "[\"" + key + "\"]", List.of("update"));
            }
        });
        assertThat(tofu.plannedChanges(EXAMPLE)).as("exactly the three changes made by hand").isEqualTo(expected);
        JsonNode plan = tofu.lastPlan(EXAMPLE);
        expected.keySet().stream().filter(address -> address.startsWith(execution)).forEach(address ->
                assertThat(Tofu.changedAttributes(plan, address)).as(address).containsExactly("priority"));
        assertThat(Tofu.changedAttributes(plan, configAddress)).containsExactly("config");
        assertThat(Tofu.changedAttributes(plan, mapper)).containsExactly("config");

        tofu.ok(EXAMPLE, APPLY, "apply", "-auto-approve", "-no-color");
        assertThat(tofu.plannedChanges(EXAMPLE)).as("changes planned after the repair").isEmpty();
        JsonNode repaired = keycloak.admin(realm + "/authentication/flows/dive%20browser%20OTP%20when%20cleared/executions").json();
        assertThat(repaired.get(0).path("providerId").asText()).isEqualTo("dive-condition-clearance-at-least");
        assertThat(find(keycloak.admin(mappers).json(), "name", "DIVE clearance").path("config").path("access.token.claim")
                .asText()).isEqualTo("true");
    }

    @Test
    @Order(7)
    void destroyPutsBackTheRealmListAsItWas(KeycloakClient keycloak) {
        tofu.ok(EXAMPLE, APPLY, "destroy", "-auto-approve", "-no-color");
        applied = false;
        assertThat(realms(keycloak)).isEqualTo(realmsBefore);
    }

    private static String folded(String text) {
        return text.replaceAll("\\s+", " ");
    }

    private static JsonNode accessToken(DiveStack stack, String broker, String idp, String username) {
        return KeycloakClient.claims(token(stack, broker, idp, username));
    }

    private static String token(DiveStack stack, String broker, String idp, String username) {
        return new BrowserSession(stack).loginThroughBroker(broker, "dive-demo", idp, username, PASSWORD)
                .path("access_token").asText();
    }

    /** The claim names (iss, sub, the times and the session differ in value between two realms, not in name). */
    private static Set<String> names(JsonNode claims) {
        Set<String> names = new TreeSet<>();
        claims.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static KeyAccessObject kao(ZtdfReader reader, String kasUrl) throws Exception {
        return reader.keyAccessObjects().stream().filter(kao -> kao.url().equals(kasUrl)).findFirst().orElseThrow();
    }

    /** Authenticator => priority of a flow's executions (Keycloak 25+ lists the priority). */
    private static Map<String, Integer> priorities(JsonNode executions) {
        Map<String, Integer> priorities = new java.util.HashMap<>();
        executions.forEach(execution -> priorities.put(execution.path("providerId").asText(), execution.path("priority").asInt()));
        return priorities;
    }

    private static JsonNode find(JsonNode items, String field, String value) {
        for (JsonNode item : items) {
            if (item.path(field).asText().equals(value)) {
                return item;
            }
        }
        throw new AssertionError("no " + field + "=" + value + " in " + items);
    }
}
