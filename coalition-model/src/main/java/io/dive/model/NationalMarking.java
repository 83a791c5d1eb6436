package io.dive.model;

import java.util.List;
import java.util.Locale;
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
 * @param confidence how directly the source states it
 * @param status whether the marking is still issued
 */
public record NationalMarking(String country, ClearanceLevel level, String marking, Optional<String> asciiAlias,
        String source, Confidence confidence, Status status) {

    /** How the equivalence was established (the {@code confidence} column). */
    public enum Confidence {
        /** Read in a legal or official text. */
        HIGH,
        /** Official but indirect, or a secondary source. */
        MEDIUM,
        /** Not yet confirmed. */
        LOW;

        /** The value as written in the data file and exported to OPA: {@code high}, {@code medium}, {@code low}. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Whether a marking is still issued (the {@code status} column). */
    public enum Status {
        /** Issued today. */
        CURRENT,
        /** No longer issued but still found on existing clearances: resolved, and reported as legacy. */
        LEGACY;

        /** The value as written in the data file, the token and OPA: {@code current} or {@code legacy}. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public NationalMarking {
        Objects.requireNonNull(country, "country");
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(marking, "marking");
        Objects.requireNonNull(asciiAlias, "asciiAlias");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(confidence, "confidence");
        Objects.requireNonNull(status, "status");
    }

    /** True for the NATO and EU rows, which any nation's user may hold. */
    public boolean isInternational() {
        return ClearanceReference.INTERNATIONAL_AUTHORITIES.contains(country);
    }

    /** The marking, then its ASCII alias if it has one: the spellings the data file declares. */
    public List<String> forms() {
        return asciiAlias.map(alias -> List.of(marking, alias)).orElse(List.of(marking));
    }

    public boolean isLegacy() {
        return status == Status.LEGACY;
    }
}
