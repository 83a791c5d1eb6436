package io.dive.kas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.dive.kas.keys.KasKey;
import io.dive.kas.keys.KasKeyProvider;
import io.dive.kas.keys.KeyProviderException;
import io.dive.opa.OpaClient;
import io.dive.opa.OpaClientConfig;
import io.dive.ztdf.KasRecipient;
import io.dive.ztdf.KeyAccessObject;
import io.dive.ztdf.KeyAlgorithm;
import io.dive.ztdf.KeyWrapper;
import io.dive.ztdf.KeyWrapping;
import io.dive.ztdf.Pem;
import io.dive.ztdf.PolicyBinding;
import io.dive.ztdf.PolicyObject;
import io.dive.ztdf.RewrapRequest;
import io.dive.ztdf.RewrapResponse;
import io.dive.ztdf.SecurityLabel;
import io.dive.ztdf.SignedRequestToken;
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
    private record File(String policy, byte[] dataKey, KeyAccessObject kao) {
        File with(KeyAccessObject changed) {
            return new File(policy, dataKey, changed);
        }
    }

    private static File file(KasKey kasKey) throws Exception {
        String policy = new PolicyObject("p-1", new SecurityLabel("SECRET", List.of("USA"), List.of(), List.of(), "USA",
                "2026-01-01T00:00:00Z")).toBase64();
        byte[] dataKey = new byte[32];
        new java.security.SecureRandom().nextBytes(dataKey);
        KeyWrapper wrapper = kasKey == RSA_KEY ? KeyWrapper.rsaOaep(RSA.getPublic(), KeyWrapping.OaepHash.SHA1)
                : KeyWrapper.ecWrapped(EC.getPublic());
        return new File(policy, dataKey, KeyAccessObject.wrap(new KasRecipient(KAS_URL, kasKey.kid(), "", wrapper), dataKey, policy));
    }

    /** The rewrap body for {@code file}, naming {@code client}'s key, signed by {@code signer} at {@code issuedAt}. */
    private static String envelope(KeyPair client, KeyPair signer, File file, Instant issuedAt) throws Exception {
        return SignedRequestToken.sign(RewrapRequest.of(Pem.publicKey(client.getPublic()), KeyAlgorithm.of(client.getPublic()),
                file.policy(), List.of(file.kao())), signer.getPrivate(), issuedAt);
    }

    private RewrapResponse.KeyAccessResult result(RewrapService.Outcome outcome) {
        assertThat(outcome.status()).isEqualTo(200);
        return outcome.response().responses().get(0).results().get(0);
    }

    private String envelope(KeyPair client, File file) throws Exception {
        return envelope(client, client, file, Instant.now());
    }

    @Test
    void permitsAndRewrapsToAnRsaClientKey() throws Exception {
        File file = file(RSA_KEY);
        KeyPair client = rsa();
        RewrapResponse.KeyAccessResult result = result(service.rewrap(caller(), envelope(client, file)));
        assertThat(result.status().jsonName()).isEqualTo("permit");
        byte[] key = KeyWrapping.rsaOaepUnwrap(client.getPrivate(), KeyWrapping.OaepHash.SHA1,
                Base64.getDecoder().decode(result.kasWrappedKey()));
        assertThat(key).isEqualTo(file.dataKey());
    }

    @Test
    void permitsAnEcWrappedKeyAndRewrapsToAnEcClientThroughTheSessionKey() throws Exception {
        File file = file(EC_KEY);
        KeyPair client = ec();
        RewrapService.Outcome outcome = service.rewrap(caller(), envelope(client, file));
        RewrapResponse.KeyAccessResult result = result(outcome);
        PublicKey session = Pem.parsePublicKey(outcome.response().sessionPublicKey());
        byte[] key = KeyWrapping.open(KeyWrapping.deriveWrappingKey(KeyWrapping.ecdh(client.getPrivate(), session)),
                Base64.getDecoder().decode(result.kasWrappedKey()));
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
        RewrapResponse.KeyAccessResult result = result(service.rewrap(caller(), envelope(ec(), file(RSA_KEY))));
        assertThat(result.status().jsonName()).isEqualTo("fail");
        assertThat(result.kasWrappedKey()).isNull();
        assertThat(result.error()).isEqualTo("forbidden");
        assertThat(result.metadata().reasons().get(0).code()).isEqualTo("NOT_RELEASABLE");
    }

    @Test
    void anUnreachableOpaFailsClosed() throws Exception {
        opa.stop(0);
        RewrapResponse.KeyAccessResult result = result(service.rewrap(caller(), envelope(ec(), file(RSA_KEY))));
        assertThat(result.status().jsonName()).isEqualTo("fail");
        assertThat(result.metadata().failure()).isEqualTo("POLICY_UNAVAILABLE");
    }

    @Test
    void aWrongBindingAndAnUndecryptableKeyLookTheSame() throws Exception {
        File file = file(RSA_KEY);
        File forged = file.with(file.kao().withPolicyBinding(new PolicyBinding("HS256", Base64.getEncoder().encodeToString(new byte[32]))));
        RewrapResponse.KeyAccessResult binding = result(service.rewrap(caller(), envelope(ec(), forged)));
        File garbage = file(RSA_KEY);
        garbage = garbage.with(garbage.kao().withWrappedKey(Base64.getEncoder().encodeToString(new byte[256])));
        RewrapResponse.KeyAccessResult undecryptable = result(service.rewrap(caller(), envelope(ec(), garbage)));
        assertThat(binding.error()).isEqualTo("bad request").isEqualTo(undecryptable.error());
        assertThat(binding.metadata()).isEqualTo(undecryptable.metadata());
    }

    @Test
    void unknownKidWrongKasAndBadTypeAreRefused() throws Exception {
        File file = file(RSA_KEY);
        File unknown = file.with(file.kao().withKid("rsa-404"));
        assertThat(result(service.rewrap(caller(), envelope(ec(), unknown))).error()).isEqualTo("unknown key id");
        File elsewhere = file.with(file.kao().withUrl("http://other/kas"));
        assertThat(result(service.rewrap(caller(), envelope(ec(), elsewhere))).error())
                .isEqualTo("key access object is for another KAS");
        File mixed = file.with(file.kao().withKid(EC_KEY.kid()));
        assertThat(result(service.rewrap(caller(), envelope(ec(), mixed))).error()).isEqualTo("bad request");
    }

    @Test
    void signedRequestTokensMustBeSignedByTheNamedKeyAndCurrent() throws Exception {
        File file = file(RSA_KEY);
        assertThatThrownBy(() -> service.rewrap(caller(), envelope(ec(), ec(), file, Instant.now())))
                .isInstanceOfSatisfying(KasFailure.class,
                e -> assertThat(e.kind()).isEqualTo(KasFailure.Kind.INVALID_SIGNED_REQUEST));
        KeyPair client = ec();
        // Issued 3 minutes ago with the 60 s lifetime: expired 2 minutes ago.
        assertThatThrownBy(() -> service.rewrap(caller(), envelope(client, client, file, Instant.now().minusSeconds(180))))
                .isInstanceOfSatisfying(KasFailure.class,
                e -> assertThat(e.getMessage()).contains("expired"));
        for (String bad : List.of("", "nope", "{}", "{\"signedRequestToken\":1}", "{\"signedRequestToken\":\"a.b.c\"}")) {
            assertThatThrownBy(() -> service.rewrap(caller(), bad)).as(bad).isInstanceOf(KasFailure.class);
        }
    }

    @Test
    void aV1LegacyBodyIsOneRequestWithOneKeyAccessObject() throws Exception {
        File file = file(RSA_KEY);
        KeyPair client = rsa();
        RewrapRequest legacy = RewrapRequest.legacy(Pem.publicKey(client.getPublic()), KeyAlgorithm.RSA_2048, file.policy(),
                file.kao());
        String envelope = SignedRequestToken.sign(legacy, client.getPrivate(), Instant.now());
        RewrapService.Outcome outcome = service.rewrap(caller(), envelope);
        assertThat(outcome.status()).isEqualTo(200);
        byte[] key = KeyWrapping.rsaOaepUnwrap(client.getPrivate(), KeyWrapping.OaepHash.SHA1,
                Base64.getDecoder().decode(outcome.legacy().entityWrappedKey()));
        assertThat(key).isEqualTo(file.dataKey());
        opaAnswer.set("{\"result\":{\"allow\":false,\"reasons\":[{\"code\":\"INSUFFICIENT_CLEARANCE\",\"message\":\"m\"}],\"obligations\":[]}}");
        RewrapService.Outcome denied = service.rewrap(caller(), SignedRequestToken.sign(legacy, client.getPrivate(), Instant.now()));
        assertThat(denied.status()).isEqualTo(403);
        assertThat(denied.legacy().error()).isEqualTo("forbidden");
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
