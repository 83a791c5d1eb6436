package io.dive.opa;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of an {@link OpaClient}. Defaults suit a sidecar on loopback: 500 ms to connect, 1 s
 * per decision, no cache. A cache, when enabled, keeps decisions at most {@link #MAX_CACHE_TTL}.
 * A bearer token, when set, goes with every decision ({@code Authorization: Bearer}): what an OPA
 * run with {@code --authentication=token} and DIVE's {@code system.authz} policy needs.
 */
public final class OpaClientSettings {

    /** Decisions may change with the bundle or time: never reuse one for long. */
    public static final Duration MAX_CACHE_TTL = Duration.ofSeconds(60);

    private final URI baseUrl;
    private final Duration connectTimeout;
    private final Duration requestTimeout;
    private final Duration cacheTtl;
    private final int cacheMaxEntries;
    private final String bearerToken;

    private OpaClientSettings(Builder builder) {
        this.baseUrl = Objects.requireNonNull(builder.baseUrl, "baseUrl");
        String scheme = baseUrl.getScheme();
        if (!"http".equals(scheme) && !"https".equals(scheme) || baseUrl.getHost() == null) {
            throw new IllegalArgumentException("OPA URL must be http(s)://host[:port], was '" + baseUrl + "'");
        }
        this.connectTimeout = positive(builder.connectTimeout, "connectTimeout");
        this.requestTimeout = positive(builder.requestTimeout, "requestTimeout");
        if (builder.cacheTtl.isNegative() || builder.cacheTtl.compareTo(MAX_CACHE_TTL) > 0) {
            throw new IllegalArgumentException("cacheTtl must be between 0 (off) and " + MAX_CACHE_TTL + ", was "
                    + builder.cacheTtl);
        }
        this.cacheTtl = builder.cacheTtl;
        if (builder.cacheMaxEntries < 1) {
            throw new IllegalArgumentException("cacheMaxEntries must be at least 1, was " + builder.cacheMaxEntries);
        }
        this.cacheMaxEntries = builder.cacheMaxEntries;
        this.bearerToken = token(builder.bearerToken);
    }

    /** Blank: none. Only visible ASCII: anything else would break (or inject into) the HTTP header. */
    private static String token(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (!value.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new IllegalArgumentException("bearerToken must be visible ASCII without spaces");
        }
        return value;
    }

    private static Duration positive(Duration value, String name) {
        if (value == null || value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
        return value;
    }

    public static Builder builder(String baseUrl) {
        return new Builder(URI.create(baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl));
    }

    public URI baseUrl() {
        return baseUrl;
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

    public Duration requestTimeout() {
        return requestTimeout;
    }

    public Duration cacheTtl() {
        return cacheTtl;
    }

    public boolean cacheEnabled() {
        return !cacheTtl.isZero();
    }

    public int cacheMaxEntries() {
        return cacheMaxEntries;
    }

    /** The token sent as {@code Authorization: Bearer}, or null for none. */
    public String bearerToken() {
        return bearerToken;
    }

    /** Builds an {@link OpaClientSettings}. */
    public static final class Builder {
        private final URI baseUrl;
        private Duration connectTimeout = Duration.ofMillis(500);
        private Duration requestTimeout = Duration.ofSeconds(1);
        private Duration cacheTtl = Duration.ZERO;
        private int cacheMaxEntries = 10_000;
        private String bearerToken;

        private Builder(URI baseUrl) {
            this.baseUrl = baseUrl;
        }

        public Builder connectTimeout(Duration value) {
            this.connectTimeout = value;
            return this;
        }

        public Builder requestTimeout(Duration value) {
            this.requestTimeout = value;
            return this;
        }

        /** Enables the decision cache with this time to live (at most 60 s); zero turns it off. */
        public Builder cacheTtl(Duration value) {
            this.cacheTtl = Objects.requireNonNull(value, "cacheTtl");
            return this;
        }

        public Builder cacheMaxEntries(int value) {
            this.cacheMaxEntries = value;
            return this;
        }

        /** The token OPA's authorization policy knows this client by; null or blank for none. */
        public Builder bearerToken(String value) {
            this.bearerToken = value;
            return this;
        }

        public OpaClientSettings build() {
            return new OpaClientSettings(this);
        }
    }
}
