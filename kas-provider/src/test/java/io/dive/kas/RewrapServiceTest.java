package io.dive.kas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.dive.kas.keys.KasKey;
import io.dive.kas.keys.KasKeyProvider;
import io.dive.kas.keys.KeyAlgorithm;
import io.dive.kas.keys.KeyProviderException;
import io.dive.opa.OpaClient;
import io.dive.opa.OpaClientConfig;
import io.dive.ztdf.Jws;
import io.dive.ztdf.KeyWrapper;
import io.dive.ztdf.KeyWrapping;
import io.dive.ztdf.Pem;
import io.dive.ztdf.PolicyBinding;
import io.dive.ztdf.PolicyObject;
import io.dive.ztdf.SecurityLabel;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The rewrap pipeline without Keycloak: in-memory keys and a local HTTP stand-in for OPA's API. */
class RewrapServiceTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KAS_URL = "http://kas.test/realms/r/kas";
    private static final KeyPair RSA = rsa();
    private static final KeyPair EC = ec();
    private static final KasKey RSA_KEY = new KasKey("rsa-1", KeyAlgorithm.RSA_2048, RSA.getPublic(), KeyWrapping.OaepHash.SHA1, true);
    private static final KasKey EC_KEY = new KasKey("ec-1", KeyAlgorithm.EC_P256, EC.getPublic(), null, true);

    private HttpServer opa;
    private final AtomicReference<String> opaAnswer = new AtomicReference<>(
            "{\"result\":{\"allow\":true,\"reasons\":[],\"obligations\":[]}}");
    private final AtomicInteger unwraps = new AtomicInteger();
    private RewrapService service;

    private static KeyPair rsa() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair ec() {
        try {
            return KeyWrapping.newEcKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @BeforeEach
    void start() throws Exception {
        opa = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        opa.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            byte[] body = opaAnswer.get().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        opa.start();
        KasConfig config = new KasConfig("http://127.0.0.1:" + opa.getAddress().getPort(), Duration.ofMillis(500),
                Duration.ZERO, Duration.ofSeconds(30), 100, Duration.ofSeconds(30), Duration.ofSeconds(10), false);
        OpaClient client = new OpaClient(OpaClientConfig.builder(config.opaUrl()).requestTimeout(config.opaTimeout()).build());
        service = new RewrapService(client, new UnwrappedKeyCache(config.unwrappedKeyCacheTtl(), 100, Clock.systemUTC()),
                config, Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        opa.stop(0);
    }

    private final KasKeyProvider keys = new KasKeyProvider() {
        @Override
        public List<KasKey> keys() {
            return List.of(RSA_KEY, EC_KEY);
        }

        @Override
        public byte[] unwrapRsa(KasKey key, byte[] wrappedKey) throws KeyProviderException {
            unwraps.incrementAndGet();
            try {
                return KeyWrapping.rsaOaepUnwrap(RSA.getPrivate(), key.oaepHash(), wrappedKey);
            } catch (Exception e) {
                throw KeyProviderException.rejected("unwrap", e);
            }
        }

        @Override
        public byte[] agree(KasKey key, PublicKey peer) throws KeyProviderException {
            try {
                return KeyWrapping.ecdh(EC.getPrivate(), peer);
            } catch (Exception e) {
                throw KeyProviderException.rejected("ecdh", e);
            }
        }

        @Override
        public Map<String, Object> health() {
            return Map.of("status", "UP");
        }
    };

    private RewrapService.Caller caller() throws Exception {
        JsonNode claims = JSON.readTree("{\"uniqueID\":\"u@usa\",\"clearance\":\"SECRET\",\"countryOfAffiliation\":\"USA\","
                + "\"acpCOI\":[],\"acr\":\"2\",\"amr\":[\"pwd\",\"otp\"],\"auth_time\":" + Instant.now().getEpochSecond() + "}");
        return new RewrapService.Caller("r", new AccessTokenVerifier.VerifiedToken("http://kas.test/realms/r", claims), KAS_URL,
                "127.0.0.1", "test", keys);
    }

    /** A policy, its data key and a key access object for it. */
    private record File(String policy, byte[] dataKey, ObjectNode kao) {
    }

    private static File file(KasKey kasKey) throws Exception {
        String policy = new PolicyObject("p-1", new SecurityLabel("SECRET", List.of("USA"), List.of(), List.of(), "USA",
                "2026-01-01T00:00:00Z")).toBase64();
        byte[] dataKey = new byte[32];
        new java.security.SecureRandom().nextBytes(dataKey);
        KeyWrapper wrapper = kasKey == RSA_KEY ? KeyWrapper.rsaOaep(RSA.getPublic(), KeyWrapping.OaepHash.SHA1)
                : KeyWrapper.ecWrapped(EC.getPublic());
        KeyWrapper.Wrapped wrapped = wrapper.wrap(dataKey);
        ObjectNode kao = JSON.createObjectNode().put("type", wrapper.type()).put("url", KAS_URL).put("protocol", "kas")
                .put("wrappedKey", Base64.getEncoder().encodeToString(wrapped.wrappedKey())).put("kid", kasKey.kid());
        if (wrapped.ephemeralPublicKey() != null) {
            kao.put("ephemeralPublicKey", wrapped.ephemeralPublicKey());
        }
        kao.putObject("policyBinding").put("alg", "HS256").put("hash", PolicyBinding.compute(dataKey, policy));
        return new File(policy, dataKey, kao);
    }

    private static String envelope(KeyPair client, KeyPair signer, String policy, ObjectNode kao, long exp) throws Exception {
        ObjectNode body = JSON.createObjectNode().put("clientPublicKey", Pem.publicKey(client.getPublic()));
        ObjectNode request = body.putArray("requests").addObject();
        request.putObject("policy").put("id", "p").put("body", policy);
        request.putArray("keyAccessObjects").addObject().put("keyAccessObjectId", "k").set("keyAccessObject", kao);
        long now = Instant.now().getEpochSecond();
        return JSON.writeValueAsString(Map.of("signedRequestToken", Jws.sign(signer.getPrivate(),
                Map.of("requestBody", body.toString(), "iat", now, "exp", exp))));
    }

    private JsonNode result(RewrapService.Outcome outcome) {
        assertThat(outcome.status()).isEqualTo(200);
        return outcome.body().path("responses").get(0).path("results").get(0);
    }

    private String envelope(KeyPair client, File file) throws Exception {
        return envelope(client, client, file.policy(), file.kao(), Instant.now().getEpochSecond() + 60);
    }

    @Test
    void permitsAndRewrapsToAnRsaClientKey() throws Exception {
        File file = file(RSA_KEY);
        KeyPair client = rsa();
        JsonNode result = result(service.rewrap(caller(), envelope(client, file)));
        assertThat(result.path("status").asText()).isEqualTo("permit");
        byte[] key = KeyWrapping.rsaOaepUnwrap(client.getPrivate(), KeyWrapping.OaepHash.SHA1,
                Base64.getDecoder().decode(result.path("kasWrappedKey").asText()));
        assertThat(key).isEqualTo(file.dataKey());
    }

    @Test
    void permitsAnEcWrappedKeyAndRewrapsToAnEcClientThroughTheSessionKey() throws Exception {
        File file = file(EC_KEY);
        KeyPair client = ec();
        RewrapService.Outcome outcome = service.rewrap(caller(), envelope(client, file));
        JsonNode result = result(outcome);
        PublicKey session = Pem.parsePublicKey(outcome.body().path("sessionPublicKey").asText());
        byte[] key = KeyWrapping.open(KeyWrapping.deriveWrappingKey(KeyWrapping.ecdh(client.getPrivate(), session)),
                Base64.getDecoder().decode(result.path("kasWrappedKey").asText()));
        assertThat(key).isEqualTo(file.dataKey());
    }

    @Test
    void theSecondRequestForTheSameKeyIsServedFromTheCache() throws Exception {
        File file = file(RSA_KEY);
        KeyPair client = ec();
        service.rewrap(caller(), envelope(client, file));
        service.rewrap(caller(), envelope(client, file));
        assertThat(unwraps.get()).isEqualTo(1);
    }

    @Test
    void anOpaDenyGivesNoKeyButTheReasonCodes() throws Exception {
        opaAnswer.set("{\"result\":{\"allow\":false,\"reasons\":[{\"code\":\"NOT_RELEASABLE\",\"message\":\"m\"}],\"obligations\":[]}}");
        JsonNode result = result(service.rewrap(caller(), envelope(ec(), file(RSA_KEY))));
        assertThat(result.path("status").asText()).isEqualTo("fail");
        assertThat(result.has("kasWrappedKey")).isFalse();
        assertThat(result.path("error").asText()).isEqualTo("forbidden");
        assertThat(result.path("metadata").path("reasons").get(0).path("code").asText()).isEqualTo("NOT_RELEASABLE");
    }

    @Test
    void anUnreachableOpaFailsClosed() throws Exception {
        opa.stop(0);
        JsonNode result = result(service.rewrap(caller(), envelope(ec(), file(RSA_KEY))));
        assertThat(result.path("status").asText()).isEqualTo("fail");
        assertThat(result.path("metadata").path("failure").asText()).isEqualTo("POLICY_UNAVAILABLE");
    }

    @Test
    void aWrongBindingAndAnUndecryptableKeyLookTheSame() throws Exception {
        File file = file(RSA_KEY);
        ((ObjectNode) file.kao().path("policyBinding")).put("hash", Base64.getEncoder().encodeToString(new byte[32]));
        JsonNode binding = result(service.rewrap(caller(), envelope(ec(), file)));
        File garbage = file(RSA_KEY);
        garbage.kao().put("wrappedKey", Base64.getEncoder().encodeToString(new byte[256]));
        JsonNode undecryptable = result(service.rewrap(caller(), envelope(ec(), garbage)));
        assertThat(binding.path("error").asText()).isEqualTo("bad request").isEqualTo(undecryptable.path("error").asText());
        assertThat(binding.path("metadata")).isEqualTo(undecryptable.path("metadata"));
    }

    @Test
    void unknownKidWrongKasAndBadTypeAreRefused() throws Exception {
        File unknown = file(RSA_KEY);
        unknown.kao().put("kid", "rsa-404");
        assertThat(result(service.rewrap(caller(), envelope(ec(), unknown))).path("error").asText()).isEqualTo("unknown key id");
        File elsewhere = file(RSA_KEY);
        elsewhere.kao().put("url", "http://other/kas");
        assertThat(result(service.rewrap(caller(), envelope(ec(), elsewhere))).path("error").asText())
                .isEqualTo("key access object is for another KAS");
        File mixed = file(RSA_KEY);
        mixed.kao().put("kid", EC_KEY.kid());
        assertThat(result(service.rewrap(caller(), envelope(ec(), mixed))).path("error").asText()).isEqualTo("bad request");
    }

    @Test
    void signedRequestTokensMustBeSignedByTheNamedKeyAndCurrent() throws Exception {
        File file = file(RSA_KEY);
        assertThatThrownBy(() -> service.rewrap(caller(), envelope(ec(), ec(), file.policy(), file.kao(),
                Instant.now().getEpochSecond() + 60))).isInstanceOfSatisfying(KasFailure.class,
                e -> assertThat(e.kind()).isEqualTo(KasFailure.Kind.INVALID_SIGNED_REQUEST));
        KeyPair client = ec();
        assertThatThrownBy(() -> service.rewrap(caller(), envelope(client, client, file.policy(), file.kao(),
                Instant.now().getEpochSecond() - 120))).isInstanceOfSatisfying(KasFailure.class,
                e -> assertThat(e.getMessage()).contains("expired"));
        for (String bad : List.of("", "nope", "{}", "{\"signedRequestToken\":1}", "{\"signedRequestToken\":\"a.b.c\"}")) {
            assertThatThrownBy(() -> service.rewrap(caller(), bad)).as(bad).isInstanceOf(KasFailure.class);
        }
    }

    @Test
    void aV1LegacyBodyIsOneRequestWithOneKeyAccessObject() throws Exception {
        File file = file(RSA_KEY);
        KeyPair client = rsa();
        ObjectNode body = JSON.createObjectNode().put("clientPublicKey", Pem.publicKey(client.getPublic()))
                .put("policy", file.policy()).put("algorithm", "rsa:2048");
        body.set("keyAccess", file.kao());
        long now = Instant.now().getEpochSecond();
        String envelope = JSON.writeValueAsString(Map.of("signedRequestToken", Jws.sign(client.getPrivate(),
                Map.of("requestBody", body.toString(), "iat", now, "exp", now + 60))));
        RewrapService.Outcome outcome = service.rewrap(caller(), envelope);
        assertThat(outcome.status()).isEqualTo(200);
        byte[] key = KeyWrapping.rsaOaepUnwrap(client.getPrivate(), KeyWrapping.OaepHash.SHA1,
                Base64.getDecoder().decode(outcome.body().path("entityWrappedKey").asText()));
        assertThat(key).isEqualTo(file.dataKey());
        opaAnswer.set("{\"result\":{\"allow\":false,\"reasons\":[{\"code\":\"INSUFFICIENT_CLEARANCE\",\"message\":\"m\"}],\"obligations\":[]}}");
        RewrapService.Outcome denied = service.rewrap(caller(), JSON.writeValueAsString(Map.of("signedRequestToken",
                Jws.sign(client.getPrivate(), Map.of("requestBody", body.toString(), "iat", now, "exp", now + 60)))));
        assertThat(denied.status()).isEqualTo(403);
        assertThat(denied.body().path("error").asText()).isEqualTo("forbidden");
    }

    @Test
    void cacheAndConfigBoundsHold() {
        UnwrappedKeyCache cache = new UnwrappedKeyCache(Duration.ofSeconds(30), 2, Clock.systemUTC());
        cache.put("a", new byte[] {1});
        cache.put("b", new byte[] {2});
        cache.put("c", new byte[] {3});
        assertThat(cache.size()).isEqualTo(2);
        assertThat(cache.get("a")).isEmpty();
        assertThat(cache.get("c")).contains(new byte[] {3});
        assertThatThrownBy(() -> new KasConfig("http://x", Duration.ofMillis(1), Duration.ZERO, Duration.ofSeconds(61), 1,
                Duration.ZERO, Duration.ZERO, false)).hasMessageContaining("0..60");
    }
}
