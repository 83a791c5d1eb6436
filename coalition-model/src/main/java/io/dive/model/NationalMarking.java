package io.dive.model;

import java.util.Objects;
import java.util.Optional;

/**
 * One row of the national-markings data file: a nation's (or NATO's / the EU's) marking for a level,
 * with the evidence for it.
 *
 * @param country ISO 3166-1 alpha-3 code, or {@code NATO} / {@code EU} for international markings
 * @param level the normalized level the marking is equivalent to
 * @param marking the marking as written in the source (NFC, with diacritics)
 * @param asciiAlias an accepted ASCII spelling or transliteration, if any
 * @param source where the equivalence was read
 * @param confidence {@code high}, {@code medium} or {@code low}
 */
public record NationalMarking(String country, ClearanceLevel level, String marking, Optional<String> asciiAlias,
        String source, String confidence) {

    public NationalMarking {
        Objects.requireNonNull(country, "country");
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(marking, "marking");
        Objects.requireNonNull(asciiAlias, "asciiAlias");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(confidence, "confidence");
    }

    /** True for the NATO and EU rows, which any nation's user may hold. */
    public boolean isInternational() {
        return ClearanceReference.INTERNATIONAL_AUTHORITIES.contains(country);
    }
}
