package io.dive.kas.rewrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.dive.opa.Decision;
import io.dive.opa.DecisionPoint;
import io.dive.ztdf.RewrapRequest;
import io.dive.support.metrics.TestMeters;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class KasMetersTest {

    @RegisterExtension
    final TestMeters meters = new TestMeters();
    private final SimpleMeterRegistry registry = meters.registry();
    private AutoCloseable subscription;

    @BeforeEach
    void subscribe() {
        subscription = KasAudit.subscribe(KasMeters::keyAccess);
    }

    @AfterEach
    void unsubscribe() throws Exception {
        subscription.close();
    }

    private static void record(String failure, List<Decision.Reason> reasons, KasFailure.Tamper tamper) {
        KasAudit.record(new KasAudit.Entry("dive-broker", "req-1", RewrapFixtures.requester(),
                KasAudit.Document.of(new RewrapRequest.Policy("p", "b64"), null), "rsa-1", "kao-0",
                failure == null ? "PERMIT" : "DENY", failure, reasons, "127.0.0.1", "software", "http://kas.test/kas", null, 3,
                tamper));
    }

    private double count(String name, String... tags) {
        var counter = registry.find(name).tags(tags).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void eachKeyAccessObjectIsCountedByOutcomeFailureKindAndKeyProvider() {
        record(null, List.of(), null);
        record("ACCESS_DENIED", List.of(new Decision.Reason("NOT_RELEASABLE", "m"), new Decision.Reason("CLEARANCE", "m")), null);
        assertThat(count("dive.kas.key.access", "outcome", "permit", "failure", "none", "key_provider", "software")).isEqualTo(1);
        assertThat(count("dive.kas.key.access", "outcome", "deny", "failure", "access_denied")).isEqualTo(1);
        assertThat(count("dive.kas.denial.reasons", "realm", "dive-broker", "reason", "NOT_RELEASABLE")).isEqualTo(1);
        assertThat(count("dive.kas.denial.reasons", "reason", "CLEARANCE")).isEqualTo(1);
        assertThat(registry.find("dive.kas.tamper").counters()).isEmpty();
        assertThat(registry.find("dive.kas.key.provider.unavailable").counters()).isEmpty();
    }

    @Test
    void tamperSignalsAreCountedBySignal() {
        record("BAD_REQUEST", List.of(), KasFailure.Tamper.BINDING_MISMATCH);
        record("WRONG_KAS", List.of(), new KasFailure(KasFailure.Kind.WRONG_KAS, "d").tamper());
        assertThat(count("dive.kas.tamper", "signal", "binding_mismatch")).isEqualTo(1);
        assertThat(count("dive.kas.tamper", "signal", "wrong_kas")).isEqualTo(1);
        assertThat(new KasFailure(KasFailure.Kind.ACCESS_DENIED, "d").tamper()).isNull();
    }

    @Test
    void admissionAndDpopRefusalsCountApartFromOtherRequestRefusalsByApi() {
        KasMeters.requestRefused("dive-broker", KasMeters.REST, KasFailure.Kind.RATE_LIMITED);
        KasMeters.requestRefused("dive-broker", KasMeters.CONNECT, KasFailure.Kind.OVERLOADED);
        KasMeters.requestRefused("dive-broker", KasMeters.CONNECT, KasFailure.Kind.UNAUTHENTICATED);
        KasMeters.dpopRefused("dive-broker", KasMeters.CONNECT, false);
        KasMeters.dpopRefused("dive-broker", KasMeters.REST, true);
        assertThat(count("dive.kas.admission.refusals", "api", "rest", "reason", "rate_limited")).isEqualTo(1);
        assertThat(count("dive.kas.admission.refusals", "api", "connect", "reason", "overloaded")).isEqualTo(1);
        assertThat(count("dive.kas.request.refusals", "api", "connect", "failure", "unauthenticated")).isEqualTo(1);
        assertThat(registry.find("dive.kas.request.refusals").counters()).hasSize(1);
        assertThat(count("dive.kas.dpop.refusals", "api", "connect", "reason", "invalid_proof")).isEqualTo(1);
        assertThat(count("dive.kas.dpop.refusals", "api", "rest", "reason", "replay_check_unavailable")).isEqualTo(1);
    }

    @Test
    void rareEventCountersAreDeclaredAtZeroBeforeTheirFirstEvent() {
        KasMeters.declare(java.util.stream.Stream.of("software", "pkcs11"));
        assertThat(registry.find("dive.kas.tamper").counters()).hasSize(KasFailure.Tamper.values().length);
        assertThat(registry.find("dive.opa.fail.closed").counters())
                .hasSize(DecisionPoint.values().length * Decision.FailClosedCause.values().length);
        assertThat(count("dive.kas.key.provider.unavailable", "key_provider", "pkcs11")).isZero();
        record("KEY_PROVIDER_UNAVAILABLE", List.of(), null);
        assertThat(count("dive.kas.key.provider.unavailable", "key_provider", "software")).isEqualTo(1);
    }

    @Test
    void failClosedDecisionsAreCountedByCauseAndTimedBySource() {
        Decision failClosed = new Decision(false, List.of(new Decision.Reason("OPA_TIMEOUT", "m")), List.of(),
                Decision.Source.FAIL_CLOSED, null);
        KasMeters.opaDecision(DecisionPoint.KAS, failClosed, 1_000_000);
        assertThat(count("dive.opa.fail.closed", "decision_point", "kas", "cause", "OPA_TIMEOUT")).isEqualTo(1);
        assertThat(registry.get("dive.opa.decision").tags("source", "fail_closed", "outcome", "deny").timer().count())
                .isEqualTo(1);
    }
}
