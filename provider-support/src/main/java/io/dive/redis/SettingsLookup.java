package io.dive.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Reads raw {@code dive-redis} SPI values (key → text or null) into typed values; a bad value is an
 * {@link IllegalArgumentException} naming the option as an operator writes it
 * ({@code spi-dive-redis--jedis--<option>}), so Keycloak's start says which setting to change.
 */
final class SettingsLookup {

    private final Function<String, String> lookup;

    SettingsLookup(Function<String, String> lookup) {
        this.lookup = lookup;
    }

    /** The option as written in keycloak.conf ({@code masterName} → {@code spi-dive-redis--jedis--master-name}). */
    static String option(String key) {
        return "spi-dive-redis--jedis--" + key.replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    String text(String key, String fallback) {
        String value = lookup.apply(key);
        return value == null || value.isBlank() ? fallback : value.strip();
    }

    /** Unset or blank: null (an empty environment variable means none). */
    String optional(String key) {
        String value = lookup.apply(key);
        return value == null || value.isBlank() ? null : value;
    }

    int number(String key, int fallback) {
        String value = lookup.apply(key);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option(key) + " must be a whole number, was '" + value + "'", e);
        }
    }

    boolean flag(String key) {
        String value = lookup.apply(key);
        if (value == null || value.isBlank()) {
            return false;
        }
        if (!value.strip().equalsIgnoreCase("true") && !value.strip().equalsIgnoreCase("false")) {
            throw new IllegalArgumentException(option(key) + " must be true or false, was '" + value + "'");
        }
        return Boolean.parseBoolean(value.strip());
    }

    /** {@code host:port,host:port}: at least one when set; empty when unset. */
    List<RedisAddress> addresses(String key) {
        String value = optional(key);
        List<RedisAddress> addresses = new ArrayList<>();
        if (value == null) {
            return addresses;
        }
        for (String part : value.split(",")) {
            if (part.isBlank()) {
                continue;
            }
            try {
                addresses.add(RedisAddress.parse(part.strip()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(option(key) + ": " + e.getMessage(), e);
            }
        }
        return addresses;
    }

    /** One of the values {@code choices} name (case-insensitive). */
    <E extends Enum<E>> E choice(String key, E fallback, Function<E, String> name) {
        String value = optional(key);
        if (value == null) {
            return fallback;
        }
        List<String> names = new ArrayList<>();
        for (E candidate : fallback.getDeclaringClass().getEnumConstants()) {
            if (name.apply(candidate).equalsIgnoreCase(value.strip())) {
                return candidate;
            }
            names.add(name.apply(candidate));
        }
        throw new IllegalArgumentException(option(key) + " must be one of " + String.join(", ", names) + ", was '" + value + "'");
    }
}
