package io.dive.model;

import java.util.Set;

/**
 * The handling caveats a resource label may carry. Each is bound to a rule in the OPA bundle
 * ({@code data.dive.config.caveats}; an unknown caveat denies there), so a label naming any other is
 * refused before it is written or shown. {@code CaveatsTest} keeps this list and the bundle's equal.
 */
public final class Caveats {

    private static final Set<String> KNOWN = Set.of("NOFORN", "GOVONLY");

    private Caveats() {
    }

    public static boolean isKnown(String caveat) {
        return caveat != null && KNOWN.contains(caveat);
    }

    public static Set<String> known() {
        return KNOWN;
    }
}
