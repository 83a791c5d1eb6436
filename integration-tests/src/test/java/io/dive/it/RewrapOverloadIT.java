package io.dive.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.dive.ztdf.KeyAlgorithm;
import io.dive.ztdf.PolicyObject;
import io.dive.ztdf.SecurityLabel;
import io.dive.ztdf.client.KasClient;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Load shedding of the KAS (issue 16): a subject over its realm's rate limit gets 429, a node over
 * its bound of rewraps in flight 503, both with {@code Retry-After}, never a 500 or an OPA timeout
 * (a fail-closed key access object), and the requests that are admitted stay fast.
 */
@ExtendWith(DiveStackExtension.class)
class RewrapOverloadIT {

    /** The KAS's default bound on rewraps in flight per node (maxRewrapsInFlight: 4 per core; same machine). */
    private static final int BOUND = 4 * Runtime.getRuntime().availableProcessors();
    private static final String PER_SUBJECT = "dive.kas.rateLimit.perSubject";

    private static RewrapLoad load(DiveStack stack, String user) throws Exception {
        String kasUrl = KasIT.kasUrl(stack);
        String policy = new PolicyObject(UUID.randomUUID().toString(), new SecurityLabel("UNCLASSIFIED", List.of("USA"),
                List.of(), List.of(), "USA", "2026-11-22T00:00:00Z")).toBase64();
        return new RewrapLoad(kasUrl, KasIT.token(stack, "usa", user), new KasClient().publicKey(kasUrl, KeyAlgorithm.RSA_2048),
                policy);
    }

    private static List<List<RewrapLoad.Body>> clients(RewrapLoad load, List<KeyPair> keys, int clients, int each) throws Exception {
        List<List<RewrapLoad.Body>> all = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            all.add(load.fresh(keys.get(c % keys.size()), each));
        }
        return all;
    }

    private static void onlyPermitsOrRefusalsWithRetryAfter(RewrapLoad.Run run) {
        assertThat(run.errors()).as("answers other than a permit, 429 or 503: %s", run.statuses()).isZero();
        for (RewrapLoad.Answer answer : run.answers()) {
            if (!answer.permitted()) {
                assertThat(answer.status()).isIn(429, 503);
                assertThat(answer.retryAfter()).as("Retry-After of a %d", answer.status()).matches("[1-9][0-9]*");
                assertThat(answer.body()).doesNotContain("POLICY_UNAVAILABLE");
            }
        }
    }

    @Test
    void aSubjectOverItsRealmsRateLimitGets429WithRetryAfter(DiveStack stack, KeycloakClient admin) throws Exception {
        RewrapLoad load = load(stack, "usa-unclassified");
        List<KeyPair> keys = List.of(KeyAlgorithm.RSA_2048.newKeyPair());
        try (AutoCloseable restore = admin.realmAttributesRestoredOnClose(KasIT.BROKER)) {
            admin.setRealmAttribute(KasIT.BROKER, PER_SUBJECT, "5");
            RewrapLoad.Run run = load.run(clients(load, keys, 1, 8), 5);
            onlyPermitsOrRefusalsWithRetryAfter(run);
            assertThat(run.answers()).extracting(RewrapLoad.Answer::status).containsExactly(200, 200, 200, 200, 200, 429, 429, 429);
        }
        assertThat(load.run(clients(load, keys, 1, 1), 1).latencies()).hasSize(1);
    }

    @Test
    void aBurstAtFourTimesTheBoundIsShedWith503AndNothingTimesOut(DiveStack stack) throws Exception {
        RewrapLoad load = load(stack, "usa-unclassified");
        List<KeyPair> keys = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            keys.add(KeyAlgorithm.RSA_2048.newKeyPair());
        }
        load.run(clients(load, keys, BOUND, 4), 0); // warm-up
        RewrapLoad.Run atBound = load.run(clients(load, keys, BOUND, 12), 10);
        onlyPermitsOrRefusalsWithRetryAfter(atBound);
        RewrapLoad.Run burst = load.run(clients(load, keys, 4 * BOUND, 12), 10);
        System.out.printf("at the bound (%d clients): %s, p99 %.1f ms; burst (%d clients): %s, admitted p99 %.1f ms%n", BOUND,
                atBound.statuses(), atBound.ms(99), 4 * BOUND, burst.statuses(), burst.ms(99));
        onlyPermitsOrRefusalsWithRetryAfter(burst);
        assertThat(burst.statuses()).containsKey(503);
        assertThat(burst.latencies()).isNotEmpty();
        // The admitted p99 against the bound's is a speed figure: printed above and measured by the benchmark
        // (BENCHMARKS.md, issue 16), not asserted here, where a shared CI machine makes one run's p99 noise.
        // What queueing into the OPA timeout would show is asserted: no POLICY_UNAVAILABLE key access object.
    }
}
