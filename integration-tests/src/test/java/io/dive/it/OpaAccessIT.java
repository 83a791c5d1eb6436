package io.dive.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 11 item 10: the stack's OPA answers its API only to the clients ./dive made tokens for,
 * and them only for their decision document. Without a token (or with a wrong one) a decision is
 * 401; with the KAS token the key-release decision answers, but policy and data writes, other
 * documents, another client's decision and ad-hoc queries such as {@code opa.runtime()} are refused;
 * health and the bundle status stay open. OPA's environment holds no stack secret either.
 */
@ExtendWith(DiveStackExtension.class)
class OpaAccessIT {

    private static final String INPUT = "{\"input\":{\"action\":\"decrypt\"}}";

    private static String kasDecision(DiveStack stack) {
        return stack.opaUrl() + "/v1/data/dive/kas/decision";
    }

    @Test
    void withoutTheTokenADecisionIsRefused(DiveStack stack, KeycloakClient http) {
        assertThat(http.send("POST", kasDecision(stack), null, INPUT).status()).isEqualTo(401);
        assertThat(http.send("POST", kasDecision(stack), "guessed-token", INPUT).status()).isEqualTo(401);
        assertThat(http.send("POST", kasDecision(stack), stack.adminPassword(), INPUT).status()).isEqualTo(401);
    }

    @Test
    void withTheKasTokenTheKeyReleaseDecisionAnswers(DiveStack stack, KeycloakClient http) {
        KeycloakClient.Response decision = http.send("POST", kasDecision(stack), stack.opaToken(DiveStack.OPA_KAS), INPUT);
        assertThat(decision.status()).as(decision.body()).isEqualTo(200);
        assertThat(decision.json().path("result").path("allow").asBoolean(true)).isFalse();
        assertThat(decision.json().path("result").path("reasons").findValuesAsText("code")).contains("SUBJECT_MISSING");
    }

    @Test
    void noClientCanWritePoliciesOrDataQueryTheRuntimeOrReadOtherDocuments(DiveStack stack, KeycloakClient http) {
        String opa = stack.opaUrl();
        for (String token : Arrays.asList(stack.opaToken(DiveStack.OPA_KAS), stack.opaToken(DiveStack.OPA_RESOURCE_SERVER),
                null)) {
            List<KeycloakClient.Response> refused = List.of(
                    http.send("PUT", opa + "/v1/data/x", token, "{\"forged\":true}"),
                    http.send("PUT", opa + "/v1/data/dive/config", token, "{}"),
                    http.send("PATCH", opa + "/v1/data/dive", token, "[]"),
                    http.send("DELETE", opa + "/v1/data/dive", token, null),
                    http.send("PUT", opa + "/v1/policies/x", token, "\"package x\\nallow := true\""),
                    http.send("DELETE", opa + "/v1/policies/dive/kas/kas.rego", token, null),
                    http.send("GET", opa + "/v1/policies", token, null),
                    http.send("GET", opa + "/v1/data", token, null),
                    http.send("GET", opa + "/v1/query?q=opa.runtime()", token, null),
                    http.send("POST", opa + "/v1/query", token, "{\"query\":\"x := opa.runtime()\"}"),
                    http.send("POST", opa + "/v1/data/dive/kas/decision?explain=full", token, INPUT),
                    http.send("GET", opa + "/v1/config", token, null));
            assertThat(refused).as("token %s", token == null ? "none" : "of a DIVE client")
                    .allSatisfy(response -> assertThat(response.status()).as(response.body()).isEqualTo(401));
        }
        // Each client asks its own decision only.
        assertThat(http.send("POST", opa + "/v1/data/dive/authz/decision", stack.opaToken(DiveStack.OPA_KAS), INPUT)
                .status()).isEqualTo(401);
        assertThat(http.send("POST", kasDecision(stack), stack.opaToken(DiveStack.OPA_RESOURCE_SERVER), INPUT)
                .status()).isEqualTo(401);
    }

    @Test
    void healthAndTheBundleStatusStayOpen(DiveStack stack, KeycloakClient http) {
        assertThat(http.get(stack.opaUrl() + "/health").status()).isEqualTo(200);
        assertThat(http.get(stack.opaUrl() + "/health?bundles").status()).isEqualTo(200);
        assertThat(http.get(stack.opaUrl() + "/v1/data/system/bundles").status()).isEqualTo(200);
    }

    @Test
    void opasEnvironmentHoldsNoSecretOfTheStack(DiveStack stack) throws Exception {
        long pid = Long.parseLong(Files.readString(stack.stateDir().resolve("run/opa.pid")).strip());
        List<String> environment = Arrays.asList(new String(Files.readAllBytes(Path.of("/proc/" + pid + "/environ")),
                StandardCharsets.UTF_8).split("\0"));
        // bash itself adds SHLVL and _ to what it starts.
        assertThat(environment).extracting(variable -> variable.substring(0, variable.indexOf('=')))
                .contains("PATH", "DIVE_OPA_CLIENT_TOKENS_SHA256")
                .containsOnly("PATH", "DIVE_OPA_CLIENT_TOKENS_SHA256", "GOGC", "SHLVL", "_");
        assertThat(String.join("\n", environment)).doesNotContain(stack.opaToken(DiveStack.OPA_KAS))
                .doesNotContain(stack.adminPassword());
    }
}
