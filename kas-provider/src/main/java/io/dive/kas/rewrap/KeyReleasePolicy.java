package io.dive.kas.rewrap;

import io.dive.opa.Decision;
import io.dive.opa.DecisionInput;
import io.dive.opa.DecisionPoint;
import io.dive.opa.OpaClient;

/**
 * Whoever decides whether a key may be released: OPA's {@code dive.kas} in the server, a stand-in
 * in tests (no HTTP server needed). Never throws for an unreachable decision point: it answers a
 * fail-closed deny ({@link Decision.Source#FAIL_CLOSED}).
 */
@FunctionalInterface
public interface KeyReleasePolicy {

    Decision decide(DecisionInput input);

    /** This policy asked within the trace of {@code traceparent} (null: none); a policy that is not remote ignores it. */
    default KeyReleasePolicy traced(String traceparent) {
        return this;
    }

    /** The OPA sidecar's {@code dive.kas} decision; traced, the {@code traceparent} goes to OPA as that header. */
    static KeyReleasePolicy opa(OpaClient opa) {
        return new KeyReleasePolicy() {
            @Override
            public Decision decide(DecisionInput input) {
                return opa.decide(DecisionPoint.KAS, input);
            }

            @Override
            public KeyReleasePolicy traced(String traceparent) {
                return traceparent == null ? this : input -> opa.decide(DecisionPoint.KAS, input, traceparent);
            }
        };
    }
}
