package io.dive.model;

import java.lang.Character.UnicodeScript;
import java.text.Normalizer;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How a clearance marking is compared: NFC, trimmed, runs of white space collapsed, case folded and
 * accents removed — so {@code SECRET DÉFENSE}, {@code secret defense} and {@code Secret  Défense}
 * are one key — and nothing else: no fuzzy matching, no abbreviations.
 *
 * <p>Strings that mix writing systems (a Latin {@code p} inside a Cyrillic word, the look-alike trick
 * seen in published tables) are rejected instead of guessed.
 */
public final class MarkingText {

    private static final Pattern WHITE_SPACE = Pattern.compile("\\s+");
    private static final Pattern COMBINING_MARKS = Pattern.compile("\\p{Mn}+");
    private static final int MAX_LENGTH = 200;

    private MarkingText() {
    }

    /** Why a string cannot be a marking key. */
    public enum Rejection {
        BLANK, TOO_LONG, MIXED_SCRIPT, CONTROL_CHARACTER
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
     *     mixes scripts
     */
    public static String key(String raw) {
        if (raw == null || raw.isBlank()) {
            throw new RejectedMarkingException(Rejection.BLANK, "empty marking");
        }
        if (raw.length() > MAX_LENGTH) {
            throw new RejectedMarkingException(Rejection.TOO_LONG, "marking longer than " + MAX_LENGTH + " characters");
        }
        String text = WHITE_SPACE.matcher(Normalizer.normalize(raw, Normalizer.Form.NFC).strip()).replaceAll(" ");
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
        String upper = text.toUpperCase(Locale.ROOT);
        String withoutAccents = COMBINING_MARKS.matcher(Normalizer.normalize(upper, Normalizer.Form.NFD)).replaceAll("");
        return Normalizer.normalize(withoutAccents, Normalizer.Form.NFC);
    }
}
