package io.dive.kas.rewrap;

import static io.dive.kas.rewrap.RewrapFixtures.EC_KEY;
import static io.dive.kas.rewrap.RewrapFixtures.RSA_KEY;
import static io.dive.kas.rewrap.RewrapFixtures.caller;
import static io.dive.kas.rewrap.RewrapFixtures.envelope;
import static io.dive.kas.rewrap.RewrapFixtures.file;
import static io.dive.kas.rewrap.RewrapFixtures.keyPair;
import static io.dive.kas.rewrap.RewrapFixtures.keys;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dive.kas.admission.InFlightLimit;
import io.dive.kas.admission.RewrapLimits;
import io.dive.kas.admission.RewrapQuota;
import io.dive.kas.admission.WindowCounters;
import io.dive.opa.Decision;
import io.dive.opa.OpaClient;
import io.dive.opa.OpaClientSettings;
import io.dive.ztdf.KeyAlgorithm;
import io.dive.ztdf.KeyWrapping;
import io.dive.ztdf.OpenTdfJson;
import io.dive.ztdf.Pem;
import io.dive.ztdf.PolicyBinding;
import io.dive.ztdf.RewrapRequest;
import io.dive.ztdf.RewrapResponse;
import io.dive.ztdf.SignedRequestToken;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The whole rewrap pipeline without Keycloak or an OPA server: in-memory keys and a stand-in policy. */
class RewrapPipelineTest {

    private final AtomicReference<Decision> opaAnswer = new AtomicReference<>(RewrapFixtures.PERMIT);
    private final AtomicInteger unwraps = new AtomicInteger();
    private RewrapPipeline service = pipeline(input -> opaAnswer.get());

    private static RewrapPipeline pipeline(KeyReleasePolicy policy) {
        return pipeline(policy, new InFlightLimit(0, Duration.ofSeconds(1)));
    }

    private static RewrapPipeline pipeline(KeyReleasePolicy policy, InFlightLimit inFlight) {
        return RewrapPipeline.of(policy, DecisionCache.OFF, inFlight, new UnwrappedKeyCache(Duration.ofSeconds(30), 100,
                Clock.systemUTC()), Duration.ofSeconds(30), Clock.systemUTC());
    }

    private Caller caller() {
        return RewrapFixtures.caller(keys(unwraps));
    }

    private RewrapResponse.KeyAccessResult result(RewrapPipeline.Outcome outcome) {
        assertThat(outcome.status()).isEqualTo(200);
        return outcome.response().responses().get(0).results().get(0);
    }

    @Test
    void permitsAndRewrapsToAnRsaClientKey() throws Exception {
        RewrapFixtures.File file = file(RSA_KEY);
        KeyPair client = keyPair(KeyAlgorithm.RSA_2048);
        RewrapPipeline.Outcome outcome = service.rewrap(caller(), envelope(client, file));
        RewrapResponse.KeyAccessResult result = result(outcome);
        assertThat(result.status().jsonName()).isEqualTo("permit");
        byte[] key = KeyWrapping.rsaOaepUnwrap(client.getPrivate(), KeyWrapping.OaepHash.SHA1,
                Base64.getDecoder().decode(result.kasWrappedKey()));
        assertThat(key).isEqualTo(file.dataKey());
        // The body the KAS sends is the codec's, with no session key for an RSA client.
        assertThat(outcome.json()).isEqualTo(OpenTdfJson.writeRewrapResponse(outcome.response())).doesNotContain("sessionPublicKey");
    }

    @Test
    void permitsAnEcWrappedKeyAndRewrapsToAnEcClientThroughTheSessionKey() throws Exception {
        RewrapFixtures.File file = file(EC_KEY);
        KeyPair client = keyPair(KeyAlgorithm.EC_P256);
        RewrapPipeline.Outcome outcome = service.rewrap(caller(), envelope(client, file));
        RewrapResponse.KeyAccessResult result = result(outcome);
        PublicKey session = Pem.parsePublicKey(outcome.response().sessionPublicKey());
        byte[] key = KeyWrapping.open(KeyWrapping.deriveWrappingKey(KeyWrapping.ecdh(client.getPrivate(), session)),
                Base64.getDecoder().decode(result.kasWrappedKey()));
        assertThat(key).isEqualTo(file.dataKey());
    }

    @Test
    void overTheBoundOfRewrapsInFlightTheRequestIsRefusedWithARetryTimeBeforeAnyWork() throws Exception {
        InFlightLimit inFlight = new InFlightLimit(1, Duration.ofMillis(1500));
        AtomicInteger asked = new AtomicInteger();
        RewrapPipeline bounded = pipeline(input -> {
            asked.incrementAndGet();
            return RewrapFixtures.PERMIT;
        }, inFlight);
        String body = envelope(keyPair(KeyAlgorithm.RSA_2048), file(RSA_KEY));
        try (InFlightLimit.Slot busy = inFlight.enter()) {
            assertThatThrownBy(() -> bounded.rewrap(caller(), body)).isInstanceOfSatisfying(KasFailure.class, failure -> {
                assertThat(failure.kind()).isEqualTo(KasFailure.Kind.OVERLOADED);
                assertThat(failure.kind().status()).isEqualTo(503);
                assertThat(failure.retryAfter()).contains(Duration.ofSeconds(2));
            });
        }
        assertThat(asked.get()).isZero();
        assertThat(unwraps.get()).isZero();
        // The place is free again: the next request is served, and frees its place when done.
        assertThat(result(bounded.rewrap(caller(), body)).status().jsonName()).isEqualTo("permit");
        assertThat(inFlight.inFlight()).isZero();
    }

    @Test
    void aSubjectOverTheRealmsRateLimitGets429WithARetryTime() throws Exception {
        Map<String, Long> counters = new HashMap<>();
        WindowCounters memory = (current, previous, ttl) -> new WindowCounters.Counts(counters.merge(current, 1L, Long::sum),
                counters.getOrDefault(previous, 0L));
        Caller limited = new Caller("r", RewrapFixtures.requester(), RewrapFixtures.KAS_URL, java.util.List.of(), "127.0.0.1", "test",
                keys(unwraps), new RewrapQuota(new RewrapLimits(2, 0, Duration.ofSeconds(60)), memory,
                        Clock.fixed(Instant.parse("2026-12-01T10:00:00Z"), java.time.ZoneOffset.UTC)));
        String body = envelope(keyPair(KeyAlgorithm.RSA_2048), file(RSA_KEY));
        service.rewrap(limited, body);
        service.rewrap(limited, body);
        assertThatThrownBy(() -> service.rewrap(limited, body)).isInstanceOfSatisfying(KasFailure.class, failure -> {
            assertThat(failure.kind()).isEqualTo(KasFailure.Kind.RATE_LIMITED);
            assertThat(failure.kind().status()).isEqualTo(429);
            assertThat(failure.retryAfter()).isPresent();
        });
        assertThat(unwraps.get()).isEqualTo(1);
    }

    @Test
    void theSecondRequestForTheSameKeyIsServedFromTheCache() throws Exception {
        RewrapFixtures.File file = file(RSA_KEY);
        KeyPair client = keyPair(KeyAlgorithm.EC_P256);
        service.rewrap(caller(), envelope(client, file));
        service.rewrap(caller(), envelope(client, file));
        assertThat(unwraps.get()).isEqualTo(1);
    }

    @Test
    void anOpaDenyGivesNoKeyButTheReasonCodes() throws Exception {
        opaAnswer.set(RewrapFixtures.deny("NOT_RELEASABLE"));
        RewrapResponse.KeyAccessResult result = result(service.rewrap(caller(), envelope(keyPair(KeyAlgorithm.EC_P256),
                file(RSA_KEY))));
        assertThat(result.status().jsonName()).isEqualTo("fail");
        assertThat(result.kasWrappedKey()).isNull();
        assertThat(result.error()).isEqualTo("forbidden");
        assertThat(result.metadata().reasons().get(0).code()).isEqualTo("NOT_RELEASABLE");
    }

    @Test
    void anUnreachableOpaFailsClosed() throws Exception {
        // The real client against a port nobody listens on: it answers a fail-closed deny.
        service = pipeline(KeyReleasePolicy.opa(new OpaClient(OpaClientSettings.builder("http://127.0.0.1:1")
                .requestTimeout(Duration.ofMillis(500)).build())));
        RewrapResponse.KeyAccessResult result = result(service.rewrap(caller(), envelope(keyPair(KeyAlgorithm.EC_P256),
                file(RSA_KEY))));
        assertThat(result.status().jsonName()).isEqualTo("fail");
        assertThat(result.metadata().failure()).isEqualTo("POLICY_UNAVAILABLE");
    }

    @Test
    void aWrongBindingAndAnUndecryptableKeyLookTheSame() throws Exception {
        RewrapFixtures.File file = file(RSA_KEY);
        RewrapFixtures.File forged = file.with(file.kao().withPolicyBinding(new PolicyBinding("HS256",
                Base64.getEncoder().encodeToString(new byte[32]))));
        KeyPair client = keyPair(KeyAlgorithm.EC_P256);
        RewrapResponse.KeyAccessResult binding = result(service.rewrap(caller(), envelope(client, forged)));
        RewrapFixtures.File garbage = file.with(file.kao().withWrappedKey(Base64.getEncoder().encodeToString(new byte[256])));
        RewrapResponse.KeyAccessResult undecryptable = result(service.rewrap(caller(), envelope(client, garbage)));
        assertThat(binding.error()).isEqualTo("bad request").isEqualTo(undecryptable.error());
        assertThat(binding.metadata()).isEqualTo(undecryptable.metadata());
    }

    @Test
    void unknownKidWrongKasAndBadTypeAreRefused() throws Exception {
        RewrapFixtures.File file = file(RSA_KEY);
        KeyPair client = keyPair(KeyAlgorithm.EC_P256);
        RewrapFixtures.File unknown = file.with(file.kao().withKid("rsa-404"));
        assertThat(result(service.rewrap(caller(), envelope(client, unknown))).error()).isEqualTo("unknown key id");
        RewrapFixtures.File elsewhere = file.with(file.kao().withUrl("http://other/kas"));
        assertThat(result(service.rewrap(caller(), envelope(client, elsewhere))).error())
                .isEqualTo("key access object is for another KAS");
        RewrapFixtures.File mixed = file.with(file.kao().withKid(EC_KEY.kid()));
        assertThat(result(service.rewrap(caller(), envelope(client, mixed))).error()).isEqualTo("bad request");
    }

    @Test
    void oneRequestAnswersPerKeyAccessObjectAndAsksOpaOncePerPolicy() throws Exception {
        AtomicInteger decisions = new AtomicInteger();
        service = pipeline(input -> {
            decisions.incrementAndGet();
            return RewrapFixtures.PERMIT;
        });
        RewrapFixtures.File file = file(RSA_KEY);
        RewrapFixtures.File elsewhere = file.with(file.kao().withUrl("http://other/kas"));
        RewrapFixtures.File ec = file(EC_KEY); // the same policy, its own key
        KeyPair client = keyPair(KeyAlgorithm.RSA_2048);
        RewrapPipeline.Outcome outcome = service.rewrap(caller(), envelope(client, client, Instant.now(), file, elsewhere, ec));
        List<RewrapResponse.KeyAccessResult> results = outcome.response().responses().get(0).results();
        assertThat(results).extracting(RewrapResponse.KeyAccessResult::keyAccessObjectId).containsExactly("kao-0", "kao-1", "kao-2");
        assertThat(results).extracting(RewrapResponse.KeyAccessResult::permitted).containsExactly(true, false, true);
        assertThat(results.get(1).metadata().failure()).isEqualTo("WRONG_KAS");
        assertThat(decisions.get()).isEqualTo(1);
    }

    @Test
    void signedRequestTokensMustBeSignedByTheNamedKeyAndCurrent() throws Exception {
        RewrapFixtures.File file = file(RSA_KEY);
        assertThatThrownBy(() -> service.rewrap(caller(), envelope(keyPair(KeyAlgorithm.EC_P256), keyPair(KeyAlgorithm.EC_P256),
                Instant.now(), file))).isInstanceOfSatisfying(KasFailure.class,
                e -> assertThat(e.kind()).isEqualTo(KasFailure.Kind.INVALID_SIGNED_REQUEST));
        KeyPair client = keyPair(KeyAlgorithm.EC_P256);
        // Issued 3 minutes ago with the 60 s lifetime: expired 2 minutes ago.
        assertThatThrownBy(() -> service.rewrap(caller(), envelope(client, client, Instant.now().minusSeconds(180), file)))
                .isInstanceOfSatisfying(KasFailure.class, e -> assertThat(e.getMessage()).contains("expired"));
        for (String bad : List.of("", "nope", "{}", "{\"signedRequestToken\":1}", "{\"signedRequestToken\":\"a.b.c\"}")) {
            assertThatThrownBy(() -> service.rewrap(caller(), bad)).as(bad).isInstanceOf(KasFailure.class);
        }
    }

    @Test
    void aV1LegacyBodyIsOneRequestWithOneKeyAccessObject() throws Exception {
        RewrapFixtures.File file = file(RSA_KEY);
        KeyPair client = keyPair(KeyAlgorithm.RSA_2048);
        RewrapRequest legacy = RewrapRequest.legacy(Pem.publicKey(client.getPublic()), KeyAlgorithm.RSA_2048, file.policy(),
                file.kao());
        RewrapPipeline.Outcome outcome = service.rewrap(caller(), SignedRequestToken.sign(legacy, client.getPrivate(), Instant.now()));
        assertThat(outcome.status()).isEqualTo(200);
        byte[] key = KeyWrapping.rsaOaepUnwrap(client.getPrivate(), KeyWrapping.OaepHash.SHA1,
                Base64.getDecoder().decode(outcome.legacy().entityWrappedKey()));
        assertThat(key).isEqualTo(file.dataKey());
        assertThat(outcome.json()).startsWith("{\"entityWrappedKey\":");
        opaAnswer.set(RewrapFixtures.deny("INSUFFICIENT_CLEARANCE"));
        RewrapPipeline.Outcome denied = service.rewrap(caller(), SignedRequestToken.sign(legacy, client.getPrivate(), Instant.now()));
        assertThat(denied.status()).isEqualTo(403);
        assertThat(denied.legacy().error()).isEqualTo("forbidden");
    }

    @Test
    void aDeniedUserCostsNoPrivateKeyOperation() throws Exception {
        opaAnswer.set(RewrapFixtures.deny("INSUFFICIENT_CLEARANCE"));
        RewrapFixtures.File[] files = new RewrapFixtures.File[SignedRequestVerifier.MAX_KEY_ACCESS_OBJECTS];
        for (int i = 0; i < files.length; i++) {
            files[i] = file(RSA_KEY);
        }
        KeyPair client = keyPair(KeyAlgorithm.EC_P256);
        RewrapPipeline.Outcome outcome = service.rewrap(caller(), envelope(client, client, Instant.now(), files));
        assertThat(outcome.response().responses().get(0).results()).hasSize(files.length)
                .allSatisfy(result -> assertThat(result.metadata().failure()).isEqualTo("ACCESS_DENIED"));
        assertThat(unwraps.get()).isZero();
        // Permitted, the same objects are unwrapped (once each: the keys differ).
        opaAnswer.set(RewrapFixtures.PERMIT);
        service.rewrap(caller(), envelope(client, client, Instant.now(), files[0], files[1]));
        assertThat(unwraps.get()).isEqualTo(2);
    }
}
