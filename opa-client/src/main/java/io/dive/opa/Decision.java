package io.dive.opa;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A DIVE decision: {@code allow}, the reasons of a deny (stable {@code code} and a message), and the
 * obligations of an allow.
 *
 * @param allow true only when the policy said so
 * @param reasons every deny carries at least one
 * @param obligations what the caller must do when allowed
 * @param source where the decision came from
 * @param decisionId OPA's decision id when decision logging is on, else null
 */
public record Decision(boolean allow, List<Reason> reasons, List<Map<String, Object>> obligations, Source source,
        String decisionId) {

    /** Where a decision came from. */
    public enum Source {
        /** Evaluated by OPA for this call. */
        OPA,
        /** Reused from the decision cache for an identical input. */
        CACHE,
        /** Made by the client because OPA could not answer: always a deny. */
        FAIL_CLOSED
    }

    /** A deny reason. */
    public record Reason(String code, String message) {
    }

    public Decision {
        reasons = List.copyOf(reasons);
        obligations = List.copyOf(obligations);
        Objects.requireNonNull(source, "source");
        if (!allow && reasons.isEmpty()) {
            throw new IllegalArgumentException("a deny must carry a reason");
        }
    }

    /** Why the client denied without a decision from OPA: the reason code of a fail-closed deny. */
    public enum FailClosedCause {
        INPUT_NOT_SERIALIZABLE, OPA_TIMEOUT, OPA_UNAVAILABLE, OPA_UNAUTHORIZED, OPA_ERROR, OPA_BAD_RESPONSE, OPA_UNDEFINED
    }

    /** A client-side deny with one reason. */
    static Decision failClosed(FailClosedCause cause, String message) {
        return new Decision(false, List.of(new Reason(cause.name(), message)), List.of(), Source.FAIL_CLOSED, null);
    }

    Decision fromCache() {
        return new Decision(allow, reasons, obligations, Source.CACHE, decisionId);
    }

    /** True when a reason with this code is present. */
    public boolean hasReason(String code) {
        return reasons.stream().anyMatch(reason -> reason.code().equals(code));
    }
}
