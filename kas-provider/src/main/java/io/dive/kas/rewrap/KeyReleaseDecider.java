package io.dive.kas.rewrap;

import io.dive.opa.Decision;
import io.dive.opa.DecisionInput;
import io.dive.ztdf.PolicyObject;
import io.dive.ztdf.SecurityLabel;
import io.dive.ztdf.ZtdfException;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * Step 3: may the key of a policy be released to the requester? One decision per policy per
 * request, on the verified token's claims and the label the policy's attributes describe, asked
 * before any private-key operation (a denied user costs no unwrap); anything but a plain permit
 * (deny, fail-closed, invalid policy, a permit with obligations) releases nothing. The policy is not
 * yet authenticated when OPA sees it: a permit releases a key only after the policy binding verified.
 */
final class KeyReleaseDecider {

    private final KeyReleasePolicy policy;
    private final DecisionCache decisions;
    /** Every reader of a file sends its policy: decoded once (a policy of usual size; the decoding only). */
    private final ParsedOnce<PolicyObject> policies = new ParsedOnce<>(1_024, 16 * 1024);
    private final Clock clock;

    KeyReleaseDecider(KeyReleasePolicy policy, DecisionCache decisions, Clock clock) {
        this.policy = policy;
        this.decisions = decisions;
        this.clock = clock;
    }

    /** The decision for one policy of one request: the policy is decoded now, OPA asked when first needed. */
    PolicyRelease forPolicy(Requester requester, String requestId, String policyBody) {
        return forPolicy(requester, requestId, policyBody, RewrapSpans.NONE);
    }

    /** As {@link #forPolicy(Requester, String, String)}, OPA asked in a span of {@code spans}. */
    PolicyRelease forPolicy(Requester requester, String requestId, String policyBody, RewrapSpans spans) {
        return new PolicyRelease(requester, requestId, policyBody, spans);
    }

    /** Every field of the label reaches OPA (absent ones stay absent: no creation time in some producers' files). */
    private static DecisionInput.Resource resource(PolicyObject decoded) {
        SecurityLabel label = decoded.label();
        return new DecisionInput.Resource(decoded.uuid(), label.classification(), label.releasableTo(), label.coi(), null,
                label.caveats(), label.creationTime(), label.embargoUntil(), label.releasableToIndustry(), label.originator(),
                true, null);
    }

    /** The typed memo of one policy's decision within one request. */
    final class PolicyRelease {
        private final Requester requester;
        private final String requestId;
        private final PolicyObject decoded;
        private final RewrapSpans spans;
        private Decision decision;
        private KasFailure refusal;
        /** OPA's decision id of its answer, permit or deny (null: not asked, or OPA logs no decisions). */
        private String decisionId;

        private PolicyRelease(Requester requester, String requestId, String policyBody, RewrapSpans spans) {
            this.requester = requester;
            this.requestId = requestId;
            this.spans = spans;
            PolicyObject parsed = null;
            try {
                parsed = policies.get(policyBody, PolicyObject::parse);
            } catch (ZtdfException e) {
                // The client is told what: the policy is in its own file (e.g. attributes of another namespace).
                refusal = KasFailure.policyInvalid(e.getMessage());
            }
            this.decoded = parsed;
        }

        /** The policy as decoded (uuid and label), for the audit; empty when it cannot be evaluated. */
        Optional<PolicyObject> decoded() {
            return Optional.ofNullable(decoded);
        }

        /** The permit (OPA is asked on the first call only), or the refusal, the same on every call. */
        Decision permit() throws KasFailure {
            if (decision == null && refusal == null) {
                decide();
            }
            if (refusal != null) {
                throw refusal;
            }
            return decision;
        }

        /** OPA's decision id for this policy, a deny's as well as a permit's; null when OPA was not asked. */
        String decisionId() {
            return decisionId;
        }

        /** Whether OPA has been asked (for tests: once per policy, only for a key access object this KAS holds a key for). */
        boolean asked() {
            return decision != null || refusal != null && decoded != null;
        }

        private void decide() {
            DecisionInput input = new DecisionInput(requester.subject(), "decrypt", resource(decoded),
                    new DecisionInput.Context(Instant.now(clock).toString(), requestId, requester.sessionId()));
            Decision answer = spans.in("dive.kas.opa", () -> decisions.decide(policy.traced(spans.traceparent()), input));
            decisionId = answer.decisionId();
            if (!answer.allow()) {
                refusal = KasFailure.decided(answer.source() == Decision.Source.FAIL_CLOSED ? KasFailure.Kind.POLICY_UNAVAILABLE
                        : KasFailure.Kind.ACCESS_DENIED, "OPA: " + answer.reasons(), answer.reasons());
            } else if (!answer.obligations().isEmpty()) {
                // The KAS cannot carry out obligations (e.g. watermarking): a permit with any is no permit.
                refusal = KasFailure.decided(KasFailure.Kind.ACCESS_DENIED, "OPA permitted with obligations the KAS cannot "
                        + "fulfil: " + answer.obligations(), answer.reasons());
            } else {
                decision = answer;
            }
        }
    }
}
