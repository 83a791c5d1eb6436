package io.dive.model;

import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/** ISO 3166-1 alpha-3 country codes, exactly as written ({@code USA}, not {@code usa} or {@code US}). */
public final class Countries {

    private static final Set<String> ALPHA3 = java.util.Collections.unmodifiableSet(
            new TreeSet<>(Locale.getISOCountries(Locale.IsoCountryCode.PART1_ALPHA3)));

    private Countries() {
    }

    public static boolean isValid(String code) {
        return code != null && ALPHA3.contains(code);
    }

    /** Every assigned alpha-3 code, sorted. */
    public static Set<String> all() {
        return ALPHA3;
    }
}
