package io.dive.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dive.kas.connect.wire.GetWellKnownConfigurationResponse;
import io.dive.kas.connect.wire.ListKeyAccessServersResponse;
import io.dive.kas.connect.wire.PublicKeyRequest;
import io.dive.kas.connect.wire.PublicKeyResponse;
import io.dive.kas.connect.wire.RewrapResponse;
import io.dive.ztdf.KeyAlgorithm;
import io.dive.ztdf.Pem;
import io.dive.ztdf.RewrapRequest;
import io.dive.ztdf.SecurityLabel;
import io.dive.ztdf.SignedRequestToken;
import io.dive.ztdf.client.KasClient;
import io.dive.ztdf.client.ZtdfClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The KAS as OpenTDF clients reach it (issue 12): Connect RPC at the root of the KAS origin (nginx),
 * binary protobuf and JSON, Connect errors; DPoP-bound tokens of the {@code dive-opentdf} client
 * (must show 4: every refusal is a Connect {@code unauthenticated}, nothing released), the
 * platform discovery the SDK starts from. The jti replay is checked here on one node; replayed to the
 * second node of a cluster in {@link ClusterOtpIT}. Each refusal also moves its Connect-path meter
 * by exactly one (issue 15). Over 300 lines and not split: every test uses this class's Connect
 * request, DPoP proof and meter helpers, which a split would have to move into a shared fixture.
 */
@ExtendWith(DiveStackExtension.class)
class OpenTdfConnectIT {

    static final String CLIENT = "dive-opentdf";
    static final String SECRET = "dive-opentdf-secret";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    private DiveStack stack;
    private DpopKey dpop;
    private String token;
    private KasIT.Sample sample;

    /** Labels of the broker realm's Connect refusal meters (issue 15), matched one by one. */
    private static final String CONNECT = "api=\"connect\"";
    private static final String BROKER = "realm=\"" + KasIT.BROKER + "\"";

    /** A Connect answer: status, content type, {@code Retry-After} (or null) and body. */
    record Answer(int status, String contentType, String retryAfter, byte[] body) {
        JsonNode json() throws Exception {
            return JSON.readTree(body);
        }
    }

    @BeforeEach
    void setUp(DiveStack stack) throws Exception {
        this.stack = stack;
        dpop = new DpopKey();
        token = dpop.clientCredentials(tokenEndpoint(stack), CLIENT, SECRET).path("access_token").asText();
        sample = unclassifiedForUsa(stack.kasOriginUrl(), dir);
    }

    static String tokenEndpoint(DiveStack stack) {
        return stack.keycloakUrl() + "/realms/" + KasIT.BROKER + "/protocol/openid-connect/token";
    }

    /** An UNCLASSIFIED file releasable to the USA whose key access object names {@code kasUrl} (a KAS origin). */
    static KasIT.Sample unclassifiedForUsa(String kasUrl, Path dir) throws Exception {
        Path plain = dir.resolve("plain-" + System.nanoTime());
        Files.writeString(plain, "for USA eyes");
        Path file = dir.resolve(plain.getFileName() + ".ztdf");
        new ZtdfClient(new KasClient()).encrypt(plain, file, new SecurityLabel("UNCLASSIFIED", List.of("USA"), List.of(),
                List.of(), "USA", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString()), List.of(kasUrl),
                KeyAlgorithm.RSA_2048, done -> { });
        return KasIT.Sample.of(file);
    }

    private String rewrapUrl() {
        return stack.kasOriginUrl() + "/kas.AccessService/Rewrap";
    }

    private String signedRequestToken(KeyPair signer) throws Exception {
        return signedRequestToken(sample, signer);
    }

    /** A signed request token for {@code sample}, signed by {@code signer}, asking for the key wrapped to a fresh RSA key. */
    static String signedRequestToken(KasIT.Sample sample, KeyPair signer) throws Exception {
        RewrapRequest request = RewrapRequest.of(Pem.publicKey(KeyAlgorithm.RSA_2048.newKeyPair().getPublic()), KeyAlgorithm.RSA_2048,
                sample.policy(), List.of(sample.kao()));
        return JSON.readTree(SignedRequestToken.sign(request, signer.getPrivate(), Instant.now())).path("signedRequestToken").asText();
    }

    static Answer post(String url, String contentType, byte[] body, String authorization, String proof) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", contentType)
                .header("Connect-Protocol-Version", "1").POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (proof != null) {
            request.header("DPoP", proof);
        }
        HttpResponse<byte[]> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                response.headers().firstValue("Retry-After").orElse(null), response.body());
    }

    private Answer rewrap(String srt, String authorization, String proof) throws Exception {
        return rewrap(rewrapUrl(), srt, authorization, proof);
    }

    /** A Connect/proto rewrap of {@code srt} sent to {@code url}. */
    static Answer rewrap(String url, String srt, String authorization, String proof) throws Exception {
        return post(url, "application/proto",
                io.dive.kas.connect.wire.RewrapRequest.newBuilder().setSignedRequestToken(srt).build().toByteArray(),
                authorization, proof);
    }

    private Answer dpopRewrap(Consumer<ObjectNode[]> change) throws Exception {
        return rewrap(signedRequestToken(dpop.pair), "DPoP " + token, dpop.proof("POST", rewrapUrl(), token, change));
    }

    static void unauthenticated(Answer answer, String message) throws Exception {
        assertThat(answer.status()).as(new String(answer.body())).isEqualTo(401);
        assertThat(answer.contentType()).isEqualTo("application/json");
        assertThat(answer.json().path("code").asText()).isEqualTo("unauthenticated");
        assertThat(answer.json().path("message").asText()).contains(message);
    }

    @Test
    void aDpopBoundTokenWithAFreshProofGetsTheKeyOverConnectProto() throws Exception {
        JsonNode claims = JSON.readTree(java.util.Base64.getUrlDecoder().decode(token.split("\\.")[1]));
        assertThat(claims.path("cnf").path("jkt").asText()).as("Keycloak binds the token to the DPoP key").isNotEmpty();
        Answer answer = dpopRewrap(parts -> { });
        assertThat(answer.status()).as(new String(answer.body())).isEqualTo(200);
        assertThat(answer.contentType()).isEqualTo("application/proto");
        RewrapResponse response = RewrapResponse.parseFrom(answer.body());
        assertThat(response.getResponses(0).getResults(0).getStatus()).isEqualTo("permit");
        assertThat(response.getResponses(0).getResults(0).getKasWrappedKey().size()).isEqualTo(256);
    }

    @Test
    void eachDpopRefusalIsUnauthenticatedAndSaysWhatToDo() throws Exception {
        DpopKey other = new DpopKey();
        unauthenticated(rewrap(signedRequestToken(dpop.pair), "DPoP " + token, other.proof("POST", rewrapUrl(), token)),
                "not by the key the access token is bound to");
        unauthenticated(dpopRewrap(parts -> parts[1].put("htu", stack.kasOriginUrl() + "/kas.AccessService/PublicKey")), "htu");
        unauthenticated(dpopRewrap(parts -> parts[1].put("htm", "PUT")), "htm");
        unauthenticated(dpopRewrap(parts -> parts[1].put("iat", Instant.now().minusSeconds(300).getEpochSecond())), "iat");
        unauthenticated(dpopRewrap(parts -> parts[0].put("alg", "none")), "alg 'none'");
        unauthenticated(dpopRewrap(parts -> ((ObjectNode) parts[0].get("jwk")).put("d", "AAAA")), "private");
        unauthenticated(dpopRewrap(parts -> parts[1].put("ath", "x")), "ath");
        // The signed request token must be signed by the DPoP key, not by another (e.g. the clientPublicKey's).
        KeyPair stranger = KeyAlgorithm.RSA_2048.newKeyPair();
        unauthenticated(rewrap(signedRequestToken(stranger), "DPoP " + token, dpop.proof("POST", rewrapUrl(), token)),
                "signed request token");
    }

    @Test
    void aReplayedProofIsRefused() throws Exception {
        String proof = dpop.proof("POST", rewrapUrl(), token);
        assertThat(rewrap(signedRequestToken(dpop.pair), "DPoP " + token, proof).status()).isEqualTo(200);
        DiveMetrics before = DiveMetrics.scrape(stack);
        unauthenticated(rewrap(signedRequestToken(dpop.pair), "DPoP " + token, proof), "used before");
        // Through the Keycloak path of the same KAS too: one replay store.
        Answer direct = rewrap(stack.keycloakUrl() + "/realms/" + KasIT.BROKER + "/kas/kas.AccessService/Rewrap",
                signedRequestToken(dpop.pair), "DPoP " + token, proof);
        unauthenticated(direct, "used before");
        assertThat(DiveMetrics.scrape(stack).movedSince(before, "dive_kas_dpop_refusals_total", CONNECT, BROKER,
                "reason=\"invalid_proof\"")).as("both replays counted on the Connect path").isEqualTo(2);
    }

    /** Admission control over Connect: over the realm's rate limit, {@code resource_exhausted} with {@code Retry-After}. */
    @Test
    void aRewrapOverTheRateLimitIsResourceExhaustedWithRetryAfter(KeycloakClient admin) throws Exception {
        try (AutoCloseable restore = admin.realmAttributesRestoredOnClose(KasIT.BROKER)) {
            admin.setRealmAttribute(KasIT.BROKER, io.dive.kas.admission.RewrapLimits.PER_SUBJECT, "1");
            assertThat(dpopRewrap(parts -> { }).status()).isEqualTo(200);
            DiveMetrics before = DiveMetrics.scrape(stack);
            Answer refused = dpopRewrap(parts -> { });
            assertThat(DiveMetrics.scrape(stack).movedSince(before, "dive_kas_admission_refusals_total", CONNECT, BROKER,
                    "reason=\"rate_limited\"")).isEqualTo(1);
            assertThat(refused.status()).as(new String(refused.body())).isEqualTo(429);
            assertThat(refused.contentType()).isEqualTo("application/json");
            assertThat(refused.json().path("code").asText()).isEqualTo("resource_exhausted");
            assertThat(refused.retryAfter()).as("Retry-After").matches("[1-9][0-9]*");
        }
        assertThat(dpopRewrap(parts -> { }).status()).as("unlimited again").isEqualTo(200);
    }

    @Test
    void tokensPresentedTheWrongWayAreRefused() throws Exception {
        String bearer = KasIT.token(stack, "usa", "usa-secret");
        DiveMetrics before = DiveMetrics.scrape(stack);
        unauthenticated(rewrap(signedRequestToken(dpop.pair), "Bearer " + token, null), "DPoP-bound");
        unauthenticated(rewrap(signedRequestToken(dpop.pair), "DPoP " + bearer, dpop.proof("POST", rewrapUrl(), bearer)),
                "not DPoP-bound");
        unauthenticated(rewrap(signedRequestToken(dpop.pair), null, null), "");
        // The first two are DPoP refusals (the token's binding and its presentation disagree), the third has no token.
        DiveMetrics after = DiveMetrics.scrape(stack);
        assertThat(after.movedSince(before, "dive_kas_dpop_refusals_total", CONNECT, BROKER, "reason=\"invalid_proof\"")).isEqualTo(2);
        assertThat(after.movedSince(before, "dive_kas_request_refusals_total", CONNECT, BROKER)).isEqualTo(1);
        assertThat(after.movedSince(before, "dive_kas_request_refusals_total", "api=\"rest\"")).as("none on REST").isZero();
    }

    @Test
    void aBearerTokenKeepsTodaysRuleOverConnectJson() throws Exception {
        KeyPair client = KeyAlgorithm.RSA_2048.newKeyPair();
        RewrapRequest request = RewrapRequest.of(Pem.publicKey(client.getPublic()), KeyAlgorithm.RSA_2048, sample.policy(),
                List.of(sample.kao()));
        String srt = JSON.readTree(SignedRequestToken.sign(request, client.getPrivate(), Instant.now())).path("signedRequestToken")
                .asText();
        Answer answer = post(rewrapUrl(), "application/json", JSON.writeValueAsBytes(JSON.createObjectNode()
                .put("signedRequestToken", srt)), "Bearer " + KasIT.token(stack, "usa", "usa-secret"), null);
        assertThat(answer.status()).as(new String(answer.body())).isEqualTo(200);
        assertThat(answer.contentType()).isEqualTo("application/json");
        assertThat(answer.json().path("responses").get(0).path("results").get(0).path("status").asText()).isEqualTo("permit");
    }

    @Test
    void aDenialIsPermissionDeniedPerKeyAccessObject() throws Exception {
        Path plain = dir.resolve("gbr-only");
        Files.writeString(plain, "GBR eyes only");
        Path file = dir.resolve("gbr-only.ztdf");
        new ZtdfClient(new KasClient()).encrypt(plain, file, new SecurityLabel("UNCLASSIFIED", List.of("GBR"), List.of(),
                List.of(), "GBR", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString()), List.of(stack.kasOriginUrl()),
                KeyAlgorithm.RSA_2048, done -> { });
        sample = KasIT.Sample.of(file);
        Answer answer = dpopRewrap(parts -> { });
        assertThat(answer.status()).isEqualTo(200);
        io.dive.kas.connect.wire.KeyAccessRewrapResult result = RewrapResponse.parseFrom(answer.body()).getResponses(0).getResults(0);
        assertThat(result.getStatus()).isEqualTo("fail");
        assertThat(result.getError()).isEqualTo("rpc error: code = PermissionDenied desc = forbidden");
        assertThat(result.hasKasWrappedKey()).isFalse();
        assertThat(result.getMetadataOrThrow("failure").getStringValue()).isEqualTo("ACCESS_DENIED");
    }

    @Test
    void malformedOrOversizedMessagesAreInvalidArgumentNever500() throws Exception {
        Answer truncated = post(rewrapUrl(), "application/proto", new byte[] {0x0a, 0x7f, 'x'}, "DPoP " + token, null);
        assertThat(truncated.status()).isEqualTo(400);
        assertThat(truncated.json().path("code").asText()).isEqualTo("invalid_argument");
        Answer oversized = post(rewrapUrl(), "application/proto", new byte[3 << 20], "DPoP " + token, null);
        assertThat(oversized.status()).as("nginx or the KAS refuses it, never a 500").isIn(400, 413);
        Answer json = post(rewrapUrl(), "application/json", "{\"signedRequestToken\":".getBytes(), null, null);
        assertThat(json.json().path("code").asText()).isEqualTo("invalid_argument");
        Answer garbageToken = rewrap("not.a.jwt", "DPoP " + token, dpop.proof("POST", rewrapUrl(), token));
        assertThat(garbageToken.status()).isLessThan(500);
        assertThat(post(rewrapUrl(), "text/plain", new byte[0], null, null).status()).isEqualTo(415);
        Answer unknown = post(stack.kasOriginUrl() + "/kas.AccessService/Nope", "application/proto", new byte[0], null, null);
        assertThat(unknown.json().path("code").asText()).isEqualTo("unimplemented");
    }

    @Test
    void publicKeyWellKnownAndRegistryAnswerWithoutSpecialOptions() throws Exception {
        Answer rsa = post(stack.kasOriginUrl() + "/kas.AccessService/PublicKey", "application/proto",
                PublicKeyRequest.newBuilder().setAlgorithm("rsa:2048").build().toByteArray(), null, null);
        assertThat(rsa.status()).isEqualTo(200);
        PublicKeyResponse key = PublicKeyResponse.parseFrom(rsa.body());
        assertThat(Pem.parsePublicKey(key.getPublicKey()).getAlgorithm()).isEqualTo("RSA");
        assertThat(key.getKid()).startsWith("rsa-");
        Answer ec = post(stack.kasOriginUrl() + "/kas.AccessService/PublicKey", "application/json",
                "{\"algorithm\":\"ec:secp256r1\"}".getBytes(), null, null);
        assertThat(ec.contentType()).isEqualTo("application/json");
        assertThat(ec.json().path("kid").asText()).startsWith("ec-");
        HttpResponse<String> get = HTTP.send(HttpRequest.newBuilder(URI.create(stack.kasOriginUrl()
                + "/kas.AccessService/PublicKey?connect=v1&encoding=json&message=%7B%22algorithm%22%3A%22ec%3Asecp256r1%22%7D"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(JSON.readTree(get.body()).path("kid").asText()).as("Connect GET").startsWith("ec-");
        Answer unknown = post(stack.kasOriginUrl() + "/kas.AccessService/PublicKey", "application/json",
                "{\"algorithm\":\"dsa:1024\"}".getBytes(), null, null);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().path("code").asText()).isEqualTo("not_found");

        String issuer = stack.keycloakUrl() + "/realms/" + KasIT.BROKER;
        GetWellKnownConfigurationResponse wellKnown = GetWellKnownConfigurationResponse.parseFrom(post(stack.kasOriginUrl()
                + "/wellknownconfiguration.WellKnownService/GetWellKnownConfiguration", "application/proto", new byte[0], null, null)
                .body());
        assertThat(wellKnown.getConfiguration().getFieldsOrThrow("platform_issuer").getStringValue()).isEqualTo(issuer);
        assertThat(wellKnown.getConfiguration().getFieldsOrThrow("idp").getStructValue().getFieldsOrThrow("token_endpoint")
                .getStringValue()).isEqualTo(tokenEndpoint(stack));
        HttpResponse<String> document = HTTP.send(HttpRequest.newBuilder(URI.create(stack.kasOriginUrl()
                + "/.well-known/opentdf-configuration")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(JSON.readTree(document.body()).path("configuration").path("platform_issuer").asText()).isEqualTo(issuer);
        ListKeyAccessServersResponse registry = ListKeyAccessServersResponse.parseFrom(post(stack.kasOriginUrl()
                + "/policy.kasregistry.KeyAccessServerRegistryService/ListKeyAccessServers", "application/proto", new byte[0],
                null, null).body());
        assertThat(registry.getKeyAccessServers(0).getUri()).isEqualTo(stack.kasOriginUrl());
        assertThat(registry.getKeyAccessServers(0).getPublicKey().getCached().getKeysCount()).isEqualTo(2);
    }
}
