package io.dive.model;

import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of resolving a user's clearance: either the marking it matched (and so its level and
 * status), or the reason it is not a clearance; and the issuing country it was resolved for. An
 * unresolved clearance is never a default level.
 */
public final class ClearanceResolution {

    /** Why a string did not resolve. */
    public enum Failure {
        /** No clearance string at all. */
        MISSING,
        /** Not a valid marking key (blank, mixed scripts, control characters or other marks, too long). */
        MALFORMED,
        /** Well-formed, but no marking of this country (or NATO / the EU) matches it. */
        UNKNOWN
    }

    private final NationalMarking marking;
    private final Failure failure;
    private final String detail;
    private final String clearanceCountry;
    private final String invalidCountry;

    private ClearanceResolution(NationalMarking marking, Failure failure, String detail, String clearanceCountry,
            String invalidCountry) {
        this.marking = marking;
        this.failure = failure;
        this.detail = detail;
        this.clearanceCountry = clearanceCountry;
        this.invalidCountry = invalidCountry;
    }

    static ClearanceResolution resolved(NationalMarking marking, String clearanceCountry, String invalidCountry) {
        return new ClearanceResolution(Objects.requireNonNull(marking), null, null, clearanceCountry, invalidCountry);
    }

    static ClearanceResolution failed(Failure failure, String detail, String clearanceCountry, String invalidCountry) {
        return new ClearanceResolution(null, Objects.requireNonNull(failure), detail, clearanceCountry, invalidCountry);
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

    /** True when the clearance resolved to a legacy marking (no longer issued). */
    public boolean isLegacy() {
        return marking != null && marking.isLegacy();
    }

    public Optional<Failure> failure() {
        return Optional.ofNullable(failure);
    }

    /** A sentence for logs and events saying why the string did not resolve; empty when it did. */
    public String detail() {
        return detail == null ? "" : detail;
    }

    /** The valid ISO 3166-1 alpha-3 issuing country the clearance was resolved for, if there was one. */
    public Optional<String> clearanceCountry() {
        return Optional.ofNullable(clearanceCountry);
    }

    /** The issuing country as given when it is not ISO 3166-1 alpha-3 (then only NATO and EU markings apply). */
    public Optional<String> invalidCountry() {
        return Optional.ofNullable(invalidCountry);
    }

    @Override
    public String toString() {
        return isResolved() ? "resolved " + marking.country() + " '" + marking.marking() + "' = " + marking.level()
                + (isLegacy() ? " (legacy)" : "")
                : "unresolved (" + failure + ": " + detail + ")";
    }
}
