package io.dive.model;

/**
 * Text from outside (a request, a file, a directory attribute) made safe to print in a log line or
 * on a terminal: control characters (CR, LF, ESC, ...) and invisible format characters (bidi
 * overrides, zero-width joiners) become {@code \\uXXXX}, and the length is bounded, so a hostile
 * value can neither forge a line nor repaint the screen. Used for every request-derived value that
 * reaches a log and for every human-readable output of the ZTDF tool.
 */
public final class SafeText {

    /** The default bound for one value in a log line, in code points. */
    public static final int LOG_LENGTH = 200;

    private SafeText() {
    }

    /** {@code value} escaped and cut to {@link #LOG_LENGTH} code points; {@code "null"} for null. */
    public static String of(Object value) {
        return of(value, LOG_LENGTH);
    }

    /** {@code value} escaped and cut to {@code maxLength} code points (an ellipsis marks a cut). */
    public static String of(Object value, int maxLength) {
        if (value == null) {
            return "null";
        }
        String text = value.toString();
        StringBuilder out = new StringBuilder(Math.min(text.length(), maxLength) + 8);
        int count = 0;
        for (int i = 0; i < text.length(); ) {
            int codePoint = text.codePointAt(i);
            i += Character.charCount(codePoint);
            if (count++ == maxLength) {
                return out.append('…').toString();
            }
            if (needsEscape(codePoint)) {
                out.append(String.format("\\u%04x", codePoint));
            } else {
                out.appendCodePoint(codePoint);
            }
        }
        return out.toString();
    }

    /** True for characters that must never reach a log or a terminal as they are. */
    public static boolean needsEscape(int codePoint) {
        int type = Character.getType(codePoint);
        return Character.isISOControl(codePoint) || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR || type == Character.SURROGATE || type == Character.UNASSIGNED;
    }

    /** True when {@code value} holds no character {@link #needsEscape} would change. */
    public static boolean isPrintable(String value) {
        return value != null && value.codePoints().noneMatch(SafeText::needsEscape);
    }
}
