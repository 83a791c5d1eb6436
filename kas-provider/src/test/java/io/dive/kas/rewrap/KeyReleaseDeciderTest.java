package io.dive.kas.rewrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dive.opa.Decision;
import io.dive.opa.DecisionInput;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KeyReleaseDeciderTest {

    private final List<DecisionInput> asked = new ArrayList<>();
    private Decision answer = RewrapFixtures.PERMIT;
    private final KeyReleaseDecider decider = new KeyReleaseDecider(input -> {
        asked.add(input);
        return answer;
    }, DecisionCache.OFF, Clock.fixed(Instant.parse("2026-12-01T10:00:00Z"), ZoneOffset.UTC));

    private KeyReleaseDecider.PolicyRelease release(String policy) {
        return decider.forPolicy(RewrapFixtures.requester(), "req-1", policy);
    }

    private static KasFailure refusal(KeyReleaseDecider.PolicyRelease release) {
        try {
            release.permit();
        } catch (KasFailure e) {
            return e;
        }
        throw new AssertionError("permitted");
    }

    @Test
    void opaIsAskedOnceOnFirstNeedOnTheTokensClaimsAndThePolicysLabel() throws Exception {
        KeyReleaseDecider.PolicyRelease release = release(RewrapFixtures.policy());
        assertThat(release.asked()).isFalse();
        assertThat(asked).isEmpty();
        assertThat(release.permit()).isEqualTo(RewrapFixtures.PERMIT);
        assertThat(release.permit()).isEqualTo(RewrapFixtures.PERMIT);
        assertThat(asked).hasSize(1);
        DecisionInput input = asked.get(0);
        assertThat(input.action()).isEqualTo("decrypt");
        assertThat(input.subject()).isEqualTo(RewrapFixtures.requester().subject());
        assertThat(input.resource().resourceId()).isEqualTo("p-1");
        assertThat(input.resource().classification()).isEqualTo("SECRET");
        assertThat(input.resource().releasableTo()).containsExactly("USA");
        assertThat(input.resource().originatingCountry()).isEqualTo("USA");
        assertThat(input.resource().encrypted()).isTrue();
        assertThat(input.context()).isEqualTo(new DecisionInput.Context("2026-12-01T10:00:00Z", "req-1"));
    }

    @Test
    void aDenyIsAccessDeniedWithOpasReasonsEveryTime() {
        answer = RewrapFixtures.deny("NOT_RELEASABLE");
        KeyReleaseDecider.PolicyRelease release = release(RewrapFixtures.policy());
        for (int i = 0; i < 2; i++) {
            KasFailure failure = refusal(release);
            assertThat(failure.kind()).isEqualTo(KasFailure.Kind.ACCESS_DENIED);
            assertThat(failure.reasons()).extracting(Decision.Reason::code).containsExactly("NOT_RELEASABLE");
            assertThat(failure.clientMessage()).isEqualTo("forbidden");
        }
        assertThat(asked).hasSize(1);
    }

    @Test
    void aFailClosedDecisionIsPolicyUnavailable() {
        answer = new Decision(false, List.of(new Decision.Reason("OPA_UNAVAILABLE", "m")), List.of(), Decision.Source.FAIL_CLOSED,
                null);
        KasFailure failure = refusal(release(RewrapFixtures.policy()));
        assertThat(failure.kind()).isEqualTo(KasFailure.Kind.POLICY_UNAVAILABLE);
        assertThat(failure.reasons()).extracting(Decision.Reason::code).containsExactly("OPA_UNAVAILABLE");
    }

    @Test
    void aPermitWithObligationsTheKasCannotFulfilReleasesNothing() {
        answer = new Decision(true, List.of(), List.of(Map.of("watermark", true)), Decision.Source.OPA, null);
        assertThat(refusal(release(RewrapFixtures.policy())).kind()).isEqualTo(KasFailure.Kind.ACCESS_DENIED);
    }

    @Test
    void aPolicyTheKasCannotEvaluateIsRefusedWithoutAskingOpa() {
        KeyReleaseDecider.PolicyRelease release = release("e30="); // {}
        assertThat(refusal(release).kind()).isEqualTo(KasFailure.Kind.POLICY_INVALID);
        assertThat(refusal(release).kind()).isEqualTo(KasFailure.Kind.POLICY_INVALID);
        assertThat(asked).isEmpty();
        assertThatThrownBy(() -> release("").permit()).isInstanceOf(KasFailure.class);
    }
}
