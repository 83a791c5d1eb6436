package io.dive.kas.admission;

import java.time.Duration;
import java.util.function.UnaryOperator;

/**
 * A realm's rewrap rate limits (realm attributes; unset or 0 = unlimited): at most
 * {@code dive.kas.rateLimit.perSubject} rewrap requests per subject and
 * {@code dive.kas.rateLimit.perAddress} per client address within a sliding window of
 * {@code dive.kas.rateLimit.windowSeconds} (default 60), counted cluster-wide in Redis.
 *
 * @param perSubject requests per window per subject (issuer and {@code sub}); 0 = unlimited
 * @param perAddress requests per window per client address; 0 = unlimited
 */
public record RewrapLimits(int perSubject, int perAddress, Duration window) {

    public static final String PER_SUBJECT = "dive.kas.rateLimit.perSubject";
    public static final String PER_ADDRESS = "dive.kas.rateLimit.perAddress";
    public static final String WINDOW_SECONDS = "dive.kas.rateLimit.windowSeconds";

    /** No limit: the default of every realm. */
    public static final RewrapLimits UNLIMITED = new RewrapLimits(0, 0, Duration.ofSeconds(60));

    public RewrapLimits {
        if (perSubject < 0 || perAddress < 0) {
            throw new IllegalArgumentException("rate limits must not be negative");
        }
        if (window.toSeconds() < 1 || window.toSeconds() > 86_400) {
            throw new IllegalArgumentException(WINDOW_SECONDS + " must be 1..86400, was " + window.toSeconds());
        }
    }

    /**
     * The limits named by {@code attribute} (a realm's attributes).
     *
     * @throws IllegalArgumentException naming the attribute when a value is not a whole number in range
     */
    public static RewrapLimits of(UnaryOperator<String> attribute) {
        return new RewrapLimits(number(attribute, PER_SUBJECT, 0), number(attribute, PER_ADDRESS, 0),
                Duration.ofSeconds(number(attribute, WINDOW_SECONDS, 60)));
    }

    public boolean unlimited() {
        return perSubject == 0 && perAddress == 0;
    }

    private static int number(UnaryOperator<String> attribute, String name, int fallback) {
        String value = attribute.apply(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int number = Integer.parseInt(value.trim());
            if (number < 0) {
                throw new IllegalArgumentException(name + " must not be negative, was " + number);
            }
            return number;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, was '" + value + "'", e);
        }
    }
}
