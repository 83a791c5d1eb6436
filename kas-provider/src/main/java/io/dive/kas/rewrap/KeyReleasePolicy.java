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

    /** The OPA sidecar's {@code dive.kas} decision. */
    static KeyReleasePolicy opa(OpaClient opa) {
        return input -> opa.decide(DecisionPoint.KAS, input);
    }
}
