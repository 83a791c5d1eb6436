package io.dive.model;

import java.lang.Character.UnicodeScript;
import java.text.Normalizer;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How a clearance marking is compared: NFC, trimmed, runs of white space collapsed, the dashes
 * {@code - ‐ – —} with or without spaces around them one separator, Turkish {@code İ}/{@code ı}
 * folded to {@code I}, case folded and accents removed — so {@code SECRET DÉFENSE},
 * {@code secret defense} and {@code Secret  Défense} are one key, as are {@code VS — VERTRAULICH}
 * and {@code VS-VERTRAULICH} — and nothing else: no fuzzy matching, no abbreviations.
 *
 * <p>Rejected instead of guessed: strings that mix writing systems (a Latin {@code p} inside a
 * Cyrillic word, the look-alike trick seen in published tables), control and invisible formatting
 * characters, and combining marks that are not accents (a struck-through {@code T̶O̶P̶ ̶S̶E̶C̶R̶E̶T̶}
 * is not {@code TOP SECRET}).
 */
public final class MarkingText {

    private static final Pattern WHITE_SPACE = Pattern.compile("\\s+");
    /** Hyphen-minus, hyphen, en dash, em dash; the spaces printed around a dash do not count. */
    private static final Pattern DASH = Pattern.compile(" ?[-\u2010\u2013\u2014] ?");
    /**
     * The accents of the European Latin, Greek and Cyrillic alphabets, as combining marks after
     * NFD: grave, acute, circumflex, tilde, macron, breve, dot above, diaeresis, ring, double acute,
     * caron, Greek psili and dasia, comma below (Romanian Ș, Ț), cedilla (Ş, Ţ, Ç, Ķ), ogonek, Greek
     * perispomeni and ypogegrammeni. Because both comma below and cedilla are removed, Romanian
     * comma-below and cedilla spellings fold together.
     */
    private static final Set<Integer> ACCENTS = Set.of(0x0300, 0x0301, 0x0302, 0x0303, 0x0304, 0x0306, 0x0307,
            0x0308, 0x030A, 0x030B, 0x030C, 0x0313, 0x0314, 0x0326, 0x0327, 0x0328, 0x0342, 0x0345);
    private static final int MAX_LENGTH = 200;

    private MarkingText() {
    }

    /** Why a string cannot be a marking key. */
    public enum Rejection {
        BLANK, TOO_LONG, MIXED_SCRIPT, CONTROL_CHARACTER, COMBINING_MARK
    }

    /** Thrown by {@link #key(String)} for strings that can never match a marking. */
    public static final class RejectedMarkingException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        private final Rejection rejection;

        RejectedMarkingException(Rejection rejection, String message) {
            super(message);
            this.rejection = rejection;
        }

        public Rejection rejection() {
            return rejection;
        }
    }

    /**
     * The comparison key of a marking.
     *
     * @throws RejectedMarkingException if the string is blank, too long, holds control characters or
     *     combining marks other than accents, or mixes scripts
     */
    public static String key(String raw) {
        return fold(raw, false);
    }

    /**
     * The key of the German transliteration of a marking: {@code Ä Ö Ü} written {@code AE OE UE}
     * ({@code VS-NUR FUER DEN DIENSTGEBRAUCH}). Used for the markings of German-speaking nations
     * only, alongside {@link #key}; the result is the plain key when the marking has no umlaut.
     */
    public static String germanKey(String raw) {
        return fold(raw, true);
    }

    private static String fold(String raw, boolean germanUmlauts) {
        if (raw == null || raw.isBlank()) {
            throw new RejectedMarkingException(Rejection.BLANK, "empty marking");
        }
        if (raw.length() > MAX_LENGTH) {
            throw new RejectedMarkingException(Rejection.TOO_LONG, "marking longer than " + MAX_LENGTH + " characters");
        }
        String text = WHITE_SPACE.matcher(Normalizer.normalize(raw, Normalizer.Form.NFC).strip()).replaceAll(" ");
        checkCharacters(text);
        text = DASH.matcher(text).replaceAll("-");
        // Explicitly, before any case mapping: Locale.ROOT would lower-case İ to i + a combining dot.
        text = text.replace('İ', 'I').replace('ı', 'I');
        String upper = text.toUpperCase(Locale.ROOT);
        if (germanUmlauts) {
            upper = upper.replace("Ä", "AE").replace("Ö", "OE").replace("Ü", "UE");
        }
        String decomposed = Normalizer.normalize(upper, Normalizer.Form.NFD);
        StringBuilder folded = new StringBuilder(decomposed.length());
        decomposed.codePoints().forEach(codePoint -> {
            if (!isCombiningMark(codePoint)) {
                folded.appendCodePoint(codePoint);
            } else if (!ACCENTS.contains(codePoint)) {
                throw new RejectedMarkingException(Rejection.COMBINING_MARK, String.format(
                        "marking contains the combining mark U+%04X, which is not an accent", codePoint));
            }
        });
        return Normalizer.normalize(folded, Normalizer.Form.NFC);
    }

    private static void checkCharacters(String text) {
        Set<UnicodeScript> scripts = EnumSet.noneOf(UnicodeScript.class);
        for (int i = 0; i < text.length(); ) {
            int codePoint = text.codePointAt(i);
            i += Character.charCount(codePoint);
            if (Character.isISOControl(codePoint) || Character.getType(codePoint) == Character.FORMAT) {
                throw new RejectedMarkingException(Rejection.CONTROL_CHARACTER, "marking contains a control character");
            }
            if (Character.isLetter(codePoint)) {
                UnicodeScript script = UnicodeScript.of(codePoint);
                if (script != UnicodeScript.COMMON && script != UnicodeScript.INHERITED) {
                    scripts.add(script);
                }
            }
        }
        if (scripts.size() > 1) {
            throw new RejectedMarkingException(Rejection.MIXED_SCRIPT, "marking mixes scripts " + scripts);
        }
    }

    private static boolean isCombiningMark(int codePoint) {
        int type = Character.getType(codePoint);
        return type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK
                || type == Character.COMBINING_SPACING_MARK;
    }
}
