package io.dive.it;

import static io.dive.it.KasIT.BROKER;
import static io.dive.it.KasIT.PASSWORD;
import static io.dive.it.KasIT.kasUrl;
import static io.dive.it.KasIT.refusal;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dive.kas.KasRealmSettings;
import io.dive.ztdf.KeyAccessObject;
import io.dive.ztdf.KeyAlgorithm;
import io.dive.ztdf.KeyWrapping;
import io.dive.ztdf.OpenTdfJson;
import io.dive.ztdf.Pem;
import io.dive.ztdf.RewrapRequest;
import io.dive.ztdf.RewrapResponse;
import io.dive.ztdf.SignedRequestToken;
import io.dive.ztdf.client.KasClient;
import io.dive.ztdf.client.KasClientException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The KAS refusals of the security review (issue 11): keys follow live sessions and DIVE clients
 * (item 4), request values forge no log line (item 5), a forged Host gets nothing (item 11), each
 * realm's KAS has its own keys (item 11). Each refusal was a release before the fix; the service
 * account test guards the one exception to "no session, no key". The KAS keeps the realm's token
 * verification keys between requests (issue 16): a realm key rotated in or disabled takes effect at
 * once.
 */
@ExtendWith(DiveStackExtension.class)
class KasHardeningIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** An UNCLASSIFIED file releasable to the USA, which the broker's local demo user may open, for {@code kas}. */
    private KasIT.Sample unclassified(String kas) throws Exception {
        return OpenTdfConnectIT.unclassifiedForUsa(kas, dir);
    }

    private static JsonNode demoUserTokens(KeycloakClient keycloak, String clientId) {
        KeycloakClient.Response response = keycloak.passwordGrant(BROKER, clientId, "dive-demo", PASSWORD);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    // ---------------------------------------------------------------------------------------
    // Item 4: keys after logout; tokens of other clients.
    // ---------------------------------------------------------------------------------------

    @Test
    void aTokenWhoseSessionWasLoggedOutGetsNoKey(DiveStack stack, KeycloakClient keycloak) throws Exception {
        KasIT.Sample sample = unclassified(kasUrl(stack));
        JsonNode tokens = demoUserTokens(keycloak, "dive-demo");
        String token = tokens.path("access_token").asText();
        assertThat(new KasClient().rewrap(kasUrl(stack), token, sample.policy(), sample.kao())).hasSize(32);

        KeycloakClient.Response logout = keycloak.logout(BROKER, "dive-demo", tokens.path("refresh_token").asText());
        assertThat(logout.status()).as(logout.body()).isEqualTo(204);
        KasClientException e = refusal(kasUrl(stack), token, sample.policy(), sample.kao());
        assertThat(e.kind()).isEqualTo(KasClientException.Kind.UNAUTHENTICATED);
        assertThat(e.getMessage()).contains("the token's session has ended");
        KeyPair client = client();
        HttpResponse<String> raw = KasIT.rawRewrap(stack, token, RewrapRequest.of(Pem.publicKey(client.getPublic()),
                KeyAlgorithm.EC_P256, sample.policy(), List.of(sample.kao())), client);
        assertThat(raw.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(raw.body()).path("error").asText()).isEqualTo("invalid_token");
    }

    @Test
    void aTokenOfAnotherClientOfTheRealmGetsNoKey(DiveStack stack, KeycloakClient keycloak) throws Exception {
        KasIT.Sample sample = unclassified(kasUrl(stack));
        // admin-cli: Keycloak's own public client, present in every realm, same user, same claims.
        String token = demoUserTokens(keycloak, "admin-cli").path("access_token").asText();
        assertThat(KeycloakClient.claims(token).path("azp").asText()).isEqualTo("admin-cli");
        KasClientException e = refusal(kasUrl(stack), token, sample.policy(), sample.kao());
        assertThat(e.kind()).isEqualTo(KasClientException.Kind.UNAUTHENTICATED);
        assertThat(e.getMessage()).contains("not issued to a DIVE client");
    }

    @Test
    void theServiceAccountOfADiveClientNeedsNoSessionButStillADecision(DiveStack stack, KeycloakClient keycloak)
            throws Exception {
        KasIT.Sample sample = unclassified(kasUrl(stack));
        KeycloakClient.Response response = keycloak.token(BROKER, "dive-resource-server", "dive-resource-server-secret",
                Map.of("grant_type", "client_credentials"));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        KasClientException e = refusal(kasUrl(stack), response.json().path("access_token").asText(), sample.policy(),
                sample.kao());
        // Past the token checks: OPA decides (the service account holds no clearance).
        assertThat(e.kind()).as(e.getMessage()).isEqualTo(KasClientException.Kind.DENIED);
    }

    @Test
    void aRealmKeyRotatedInOrDisabledTakesEffectAtOnce(DiveStack stack, KeycloakClient keycloak) throws Exception {
        KasIT.Sample sample = unclassified(kasUrl(stack));
        String before = demoUserTokens(keycloak, "dive-demo").path("access_token").asText();
        assertThat(new KasClient().rewrap(kasUrl(stack), before, sample.policy(), sample.kao())).hasSize(32);
        String realmId = keycloak.admin("/realms/" + BROKER).json().path("id").asText();
        String name = "rotation-" + System.nanoTime();
        var component = JSON.createObjectNode().put("name", name).put("providerId", "rsa-generated")
                .put("providerType", "org.keycloak.keys.KeyProvider").put("parentId", realmId);
        component.putObject("config").set("priority", JSON.createArrayNode().add("100000"));
        assertThat(keycloak.adminPost("/realms/" + BROKER + "/components", component).status()).isEqualTo(201);
        JsonNode created = keycloak.admin("/realms/" + BROKER + "/components?type=org.keycloak.keys.KeyProvider&name="
                + name).json().get(0);
        String path = "/realms/" + BROKER + "/components/" + created.path("id").asText();
        try {
            // Rotated in: a token signed with the new key verifies (the old key's kept entry is no obstacle).
            String rotated = demoUserTokens(keycloak, "dive-demo").path("access_token").asText();
            assertThat(kid(rotated)).isNotEqualTo(kid(before));
            assertThat(new KasClient().rewrap(kasUrl(stack), rotated, sample.policy(), sample.kao())).hasSize(32);
            // Disabled: the same token, verified a moment ago with the kept key, gets nothing.
            var disabled = (com.fasterxml.jackson.databind.node.ObjectNode) keycloak.admin(path).json();
            ((com.fasterxml.jackson.databind.node.ObjectNode) disabled.path("config")).set("enabled",
                    JSON.createArrayNode().add("false"));
            assertThat(keycloak.adminPut(path, disabled).status()).isEqualTo(204);
            KasClientException e = refusal(kasUrl(stack), rotated, sample.policy(), sample.kao());
            assertThat(e.kind()).isEqualTo(KasClientException.Kind.UNAUTHENTICATED);
            assertThat(e.getMessage()).contains("invalid or expired bearer token");
            assertThat(new KasClient().rewrap(kasUrl(stack), before, sample.policy(), sample.kao()))
                    .as("the realm's other key still verifies").hasSize(32);
        } finally {
            keycloak.adminDelete(path);
        }
    }

    private static String kid(String jwt) throws Exception {
        return JSON.readTree(Base64.getUrlDecoder().decode(jwt.substring(0, jwt.indexOf('.')))).path("kid").asText();
    }

    private static KeyPair client() throws Exception {
        return KeyWrapping.newEcKeyPair();
    }

    // ---------------------------------------------------------------------------------------
    // Item 5: request values with CR/LF forge no line in the Keycloak log.
    // ---------------------------------------------------------------------------------------

    @Test
    void lineBreaksInTokenAndRequestFieldsForgeNoLogLine(DiveStack stack, KeycloakClient keycloak) throws Exception {
        String forgedLine = "\r\n2026-01-01 00:00:00,000 INFO  [io.dive.kas.audit] (executor-thread-1) FORGED-";
        // An unsigned token with a forged issuer; then one naming the broker with a forged key id.
        String header = b64("{\"alg\":\"RS256\",\"kid\":\"k" + json(forgedLine + "KID") + "\"}");
        String token = header + "." + b64("{\"iss\":\"http://x" + json(forgedLine + "ISS") + "\",\"typ\":\"Bearer\"}") + ".c2ln";
        KasIT.Sample sample = unclassified(kasUrl(stack));
        KeyPair client = client();
        assertThat(KasIT.rawRewrap(stack, token, RewrapRequest.of(Pem.publicKey(client.getPublic()), KeyAlgorithm.EC_P256,
                sample.policy(), List.of(sample.kao())), client).statusCode()).isEqualTo(401);
        // A valid token, and a request whose policy id, key access object id and kid carry the forged line.
        RewrapRequest request = new RewrapRequest(Pem.publicKey(client.getPublic()), List.of(new RewrapRequest.PolicyRequest(
                new RewrapRequest.Policy("policy-0" + forgedLine + "POLICY", sample.policy()), KeyAlgorithm.EC_P256,
                List.of(new RewrapRequest.KeyAccessItem("kao-0" + forgedLine + "KAO", sample.kao().withKid("rsa-0"
                        + forgedLine + "KAOKID"))))), false);
        HttpResponse<String> response = KasIT.rawRewrap(stack, KasIT.token(stack, "usa", "usa-secret"), request, client);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(OpenTdfJson.readRewrapResponse(response.body()).first().metadata().failure()).isEqualTo("UNKNOWN_KEY");

        Path log = stack.stateDir().resolve("logs/keycloak.log");
        List<String> lines = List.of();
        for (int i = 0; i < 50 && lines.stream().noneMatch(line -> line.contains("FORGED-KAOKID")); i++) {
            Thread.sleep(100);
            lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        }
        for (String field : List.of("ISS", "POLICY", "KAO", "KAOKID")) {
            assertThat(lines).as(field).anyMatch(line -> line.contains("\\u000d\\u000a2026-01-01") && line.contains("FORGED-" + field));
        }
        assertThat(lines).noneMatch(line -> line.startsWith("2026-01-01 00:00:00,000"));
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    /** A JSON string's content for {@code text} (CR and LF escaped as JSON needs). */
    private static String json(String text) {
        return text.replace("\r", "\\r").replace("\n", "\\n");
    }

    // ---------------------------------------------------------------------------------------
    // Item 11: a forged Host; per-realm keys.
    // ---------------------------------------------------------------------------------------

    @Test
    void aTokenMintedWithAForgedHostAndAMatchingKeyAccessObjectUrlGetsNoKey(DiveStack stack) throws Exception {
        URI real = URI.create(stack.keycloakUrl());
        String forgedHost = "kas.attacker.example:" + real.getPort();
        RawHttp.Response minted = RawHttp.post(stack.keycloakUrl() + "/realms/" + BROKER + "/protocol/openid-connect/token",
                forgedHost, Map.of("Content-Type", "application/x-www-form-urlencoded"), "grant_type=password&client_id=dive-demo"
                        + "&username=dive-demo&password=" + URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8));
        assertThat(minted.status()).as(minted.body()).isEqualTo(200);
        String token = JSON.readTree(minted.body()).path("access_token").asText();
        // Keycloak without --hostname follows the Host header: the token names the attacker's host.
        assertThat(KeycloakClient.claims(token).path("iss").asText()).isEqualTo("http://" + forgedHost + "/realms/" + BROKER);

        KasIT.Sample sample = unclassified(kasUrl(stack));
        KeyAccessObject forgedKao = sample.kao().withUrl("http://" + forgedHost + "/realms/" + BROKER + "/kas");
        KeyPair client = client();
        String body = SignedRequestToken.sign(RewrapRequest.of(Pem.publicKey(client.getPublic()), KeyAlgorithm.EC_P256,
                sample.policy(), List.of(forgedKao)), client.getPrivate(), Instant.now());
        RawHttp.Response answer = RawHttp.post(kasUrl(stack) + "/v2/rewrap", forgedHost, Map.of("Authorization",
                "Bearer " + token, "Content-Type", "application/json"), body);
        assertThat(answer.status()).as(answer.body()).isEqualTo(401);
        assertThat(JSON.readTree(answer.body()).path("error_description").asText()).isEqualTo("token issuer not trusted by this KAS");
        assertThat(answer.body()).doesNotContain("kasWrappedKey");

        // A genuine token with the forged Host: the object naming the forged URL is for another KAS.
        String genuine = KasIT.token(stack, "usa", "usa-secret");
        RawHttp.Response other = RawHttp.post(kasUrl(stack) + "/v2/rewrap", forgedHost, Map.of("Authorization",
                "Bearer " + genuine, "Content-Type", "application/json"), body);
        assertThat(other.status()).as(other.body()).isEqualTo(200);
        RewrapResponse.KeyAccessResult result = OpenTdfJson.readRewrapResponse(other.body()).first();
        assertThat(result.permitted()).isFalse();
        assertThat(result.metadata().failure()).isEqualTo("WRONG_KAS");
    }

    @Test
    void eachRealmsKasHasItsOwnKeys(DiveStack stack, KeycloakClient keycloak) throws Exception {
        String italy = stack.keycloakUrl() + "/realms/dive-ita/kas";
        try (AutoCloseable restore = keycloak.realmAttributesRestoredOnClose("dive-ita")) {
            keycloak.setRealmAttribute("dive-ita", KasRealmSettings.ENABLED, "true");
            keycloak.setRealmAttribute("dive-ita", KasRealmSettings.TRUSTED_ISSUERS, stack.keycloakUrl() + "/realms/" + BROKER);
            KasClient kas = new KasClient();
            assertThat(kas.publicKey(italy, KeyAlgorithm.RSA_2048).kid())
                    .isNotEqualTo(kas.publicKey(kasUrl(stack), KeyAlgorithm.RSA_2048).kid());
            KasIT.Sample sample = unclassified(kasUrl(stack));
            String token = demoUserTokens(keycloak, "dive-demo").path("access_token").asText();
            // The broker's object, re-pointed at the Italian KAS (the url is not covered by the policy binding).
            KasClientException e = refusal(italy, token, sample.policy(), sample.kao().withUrl(italy));
            assertThat(e.kind()).isEqualTo(KasClientException.Kind.REJECTED);
            assertThat(e.getMessage()).contains("unknown key id");
            assertThat(kas.rewrap(kasUrl(stack), token, sample.policy(), sample.kao())).hasSize(32);
        }
    }
}
