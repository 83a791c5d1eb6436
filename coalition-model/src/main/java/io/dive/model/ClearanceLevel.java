package io.dive.model;

import java.util.Locale;
import java.util.Optional;

/**
 * The five normalized clearance / classification levels, in ascending order.
 *
 * <p>Only these exact names are levels. National markings ({@code GEHEIM}, {@code SECRET DÉFENSE}, ...)
 * are translated into a level by the national-marking lookup, never by this enum, so that an
 * unknown string can never silently become a level.
 */
public enum ClearanceLevel {
    UNCLASSIFIED("NATO UNCLASSIFIED"),
    RESTRICTED("NATO RESTRICTED"),
    CONFIDENTIAL("NATO CONFIDENTIAL"),
    SECRET("NATO SECRET"),
    TOP_SECRET("COSMIC TOP SECRET");

    private final String natoMarking;

    ClearanceLevel(String natoMarking) {
        this.natoMarking = natoMarking;
    }

    /** The NATO marking that corresponds to this level, e.g. {@code COSMIC TOP SECRET}. */
    public String natoMarking() {
        return natoMarking;
    }

    /** True when a holder of this clearance may see data classified at {@code classification}. */
    public boolean dominates(ClearanceLevel classification) {
        return compareTo(classification) >= 0;
    }

    /** The level named exactly so ({@code SECRET}, not {@code secret}): for data files and wire formats. */
    public static Optional<ClearanceLevel> fromExactName(String name) {
        return fromName(name).filter(level -> level.name().equals(name));
    }

    /**
     * Parses a normalized level name ({@code SECRET}, {@code top_secret}); anything else is empty.
     * Surrounding white space is ignored, nothing else is forgiven.
     */
    public static Optional<ClearanceLevel> fromName(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String key = name.strip().toUpperCase(Locale.ROOT);
        for (ClearanceLevel level : values()) {
            if (level.name().equals(key)) {
                return Optional.of(level);
            }
        }
        return Optional.empty();
    }
}
