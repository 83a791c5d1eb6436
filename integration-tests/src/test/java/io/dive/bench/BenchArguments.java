package io.dive.bench;

/**
 * A benchmark's positional command-line arguments, each with its default when absent: the
 * Keycloak URL first, then numbers or names in the order the benchmark's header lists them.
 */
record BenchArguments(String[] values) {

    static final String KEYCLOAK = "http://127.0.0.1:18080";

    /** The Keycloak URL (argument 0). */
    String keycloak() {
        return text(0, KEYCLOAK);
    }

    String text(int index, String fallback) {
        return values.length > index ? values[index] : fallback;
    }

    int number(int index, int fallback) {
        String value = text(index, null);
        try {
            return value == null ? fallback : Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("argument " + (index + 1) + " must be a whole number, not '" + value + "'");
        }
    }
}
