package io.dive.kas.rewrap;

import static io.dive.kas.rewrap.RewrapFixtures.RSA_KEY;
import static io.dive.kas.rewrap.RewrapFixtures.envelope;
import static io.dive.kas.rewrap.RewrapFixtures.file;
import static io.dive.kas.rewrap.RewrapFixtures.keyPair;
import static io.dive.kas.rewrap.RewrapFixtures.keys;
import static org.assertj.core.api.Assertions.assertThat;

import io.dive.kas.admission.InFlightLimit;
import io.dive.opa.Decision;
import io.dive.opa.DecisionInput;
import io.dive.ztdf.KeyAlgorithm;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The rewrap's spans: OPA's decision and the key provider's operation, the traceparent to OPA, the request id. */
class RewrapSpansTest {

    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

    /** Records span names; the current span's id says which span is open (request span: 1). */
    private static final class Recording implements RewrapSpans {
        final List<String> spans = new ArrayList<>();
        private int open = 1;

        @Override
        public <T, E extends Exception> T in(String name, Step<T, E> step) throws E {
            spans.add(name);
            int parent = open;
            open = spans.size() + 1;
            try {
                return step.run();
            } finally {
                open = parent;
            }
        }

        @Override
        public String traceparent() {
            return "00-" + TRACE + "-" + String.format("%016x", open) + "-01";
        }
    }

    private final AtomicReference<Decision> answer = new AtomicReference<>(RewrapFixtures.PERMIT);
    private final List<String> tracedWith = new CopyOnWriteArrayList<>();
    private final KeyReleasePolicy policy = new KeyReleasePolicy() {
        @Override
        public Decision decide(DecisionInput input) {
            throw new AssertionError("the pipeline always says whether it traces");
        }

        @Override
        public KeyReleasePolicy traced(String traceparent) {
            return input -> {
                tracedWith.add(traceparent + " " + input.context().requestId());
                return answer.get();
            };
        }
    };
    private final RewrapPipeline pipeline = RewrapPipeline.of(policy, DecisionCache.OFF, new InFlightLimit(0, Duration.ofSeconds(1)),
            new UnwrappedKeyCache(Duration.ofSeconds(30), 100, Clock.systemUTC()), Duration.ofSeconds(30), Clock.systemUTC());

    @Test
    void aPermitRunsOpaThenTheKeyProviderEachInItsSpanAndOpaGetsItsOwnSpansTraceparent() throws Exception {
        Recording spans = new Recording();
        List<KasAudit.Entry> audit = new CopyOnWriteArrayList<>();
        try (AutoCloseable subscription = KasAudit.subscribe(audit::add)) {
            RewrapPipeline.Outcome outcome = pipeline.rewrap(RewrapFixtures.caller(keys(new AtomicInteger())),
                    envelope(keyPair(KeyAlgorithm.RSA_2048), file(RSA_KEY)), null, spans);
            assertThat(outcome.response().first().permitted()).isTrue();
        }
        assertThat(spans.spans).containsExactly("dive.kas.opa", "dive.kas.key_provider");
        // OPA is asked inside span 2 (dive.kas.opa); the request id is the request span's (1) trace and span id.
        String requestId = TRACE + "-0000000000000001";
        assertThat(tracedWith).containsExactly("00-" + TRACE + "-0000000000000002-01 " + requestId);
        assertThat(audit).singleElement().satisfies(entry -> assertThat(entry.requestId()).isEqualTo(requestId));
    }

    @Test
    void aDenialCostsNoKeyProviderSpanAndWithoutATraceTheRequestIdIsAUuid() throws Exception {
        answer.set(RewrapFixtures.deny("NOT_RELEASABLE"));
        Recording spans = new Recording();
        pipeline.rewrap(RewrapFixtures.caller(keys(new AtomicInteger())), envelope(keyPair(KeyAlgorithm.RSA_2048), file(RSA_KEY)),
                null, spans);
        assertThat(spans.spans).containsExactly("dive.kas.opa");

        tracedWith.clear();
        pipeline.rewrap(RewrapFixtures.caller(keys(new AtomicInteger())), envelope(keyPair(KeyAlgorithm.RSA_2048), file(RSA_KEY)));
        // Untraced: no traceparent for OPA, and the request id is a random UUID.
        assertThat(tracedWith).singleElement().asString().matches("null [0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    }
}
