package io.dive.kas.rewrap;

import java.util.concurrent.ConcurrentHashMap;

/**
 * What a rewrap parses from its request that many requests repeat (issue 16): a file's policy (every
 * reader of one document sends it) and a client's public key (a client sends it with every request
 * of its session). Parsing is a pure function of the text, so the result for a text is kept, bounded
 * (at most {@code maxEntries} texts of at most {@code maxTextChars} each, emptied when full) and
 * only for texts that parsed: what is kept is the parse, never a decision,
 * a verification or a key the KAS unwraps. The signed request token is still verified with the kept
 * client key on every request, and a policy's binding still checked against each key.
 *
 * @param <T> the parsed value (immutable)
 */
final class ParsedOnce<T> {

    /** Parses a text, or throws. */
    @FunctionalInterface
    interface Parser<T, E extends Exception> {
        T parse(String text) throws E;
    }

    private final int maxEntries;
    private final int maxTextChars;
    private final ConcurrentHashMap<String, T> parsed = new ConcurrentHashMap<>();

    ParsedOnce(int maxEntries, int maxTextChars) {
        this.maxEntries = maxEntries;
        this.maxTextChars = maxTextChars;
    }

    /** The parse of {@code text}: the kept one, else {@code parser}'s (kept when it did not throw). */
    <E extends Exception> T get(String text, Parser<T, E> parser) throws E {
        if (text == null) {
            return parser.parse(null);
        }
        T value = parsed.get(text);
        if (value != null) {
            return value;
        }
        value = parser.parse(text);
        if (text.length() > maxTextChars) {
            return value;
        }
        if (parsed.size() >= maxEntries) {
            parsed.clear();
        }
        parsed.put(text, value);
        return value;
    }

    int size() {
        return parsed.size();
    }
}
