package io.dive.model;

import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of resolving a native clearance string: either the marking it matched (and so its
 * level), or the reason it is not a clearance. An unresolved clearance is never a default level.
 */
public final class ClearanceResolution {

    /** Why a string did not resolve. */
    public enum Failure {
        /** No clearance string at all. */
        MISSING,
        /** Not a valid marking key (blank, mixed scripts, control characters, too long). */
        MALFORMED,
        /** Well-formed, but no marking of this country (or NATO / the EU) matches it. */
        UNKNOWN
    }

    private final NationalMarking marking;
    private final Failure failure;
    private final String detail;

    private ClearanceResolution(NationalMarking marking, Failure failure, String detail) {
        this.marking = marking;
        this.failure = failure;
        this.detail = detail;
    }

    static ClearanceResolution resolved(NationalMarking marking) {
        return new ClearanceResolution(Objects.requireNonNull(marking), null, null);
    }

    static ClearanceResolution failed(Failure failure, String detail) {
        return new ClearanceResolution(null, Objects.requireNonNull(failure), detail);
    }

    public boolean isResolved() {
        return marking != null;
    }

    public Optional<ClearanceLevel> level() {
        return marking().map(NationalMarking::level);
    }

    public Optional<NationalMarking> marking() {
        return Optional.ofNullable(marking);
    }

    public Optional<Failure> failure() {
        return Optional.ofNullable(failure);
    }

    /** A sentence for logs and events saying why the string did not resolve; empty when it did. */
    public String detail() {
        return detail == null ? "" : detail;
    }

    @Override
    public String toString() {
        return isResolved() ? "resolved " + marking.country() + " '" + marking.marking() + "' = " + marking.level()
                : "unresolved (" + failure + ": " + detail + ")";
    }
}
