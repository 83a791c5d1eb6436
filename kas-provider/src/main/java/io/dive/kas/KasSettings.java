package io.dive.kas;

import java.time.Duration;
import org.keycloak.Config;

/**
 * Server-wide KAS settings ({@code --spi-realm-restapi-extension--kas--*}); per-realm choices are
 * in {@link KasRealmSettings}.
 *
 * @param opaUrl the OPA sidecar (default {@code $DIVE_OPA_URL}, else {@code http://127.0.0.1:8181})
 * @param opaToken the bearer token OPA's authorization policy knows the KAS by (null: none); a
 *     secret, so given as {@code KC_SPI_REALM_RESTAPI_EXTENSION__KAS__OPA_TOKEN}, never on a command line
 * @param opaTimeout how long a decision may take before the KAS fails closed
 * @param decisionCacheTtl how long a key-release decision is reused for the same claims and policy label
 *     ({@code DecisionCache}; the time is not part of the key, so at most {@code clockSkew}; 0 = never)
 * @param unwrappedKeyCacheTtl how long an unwrapped data key stays in process memory (≤ 60 s)
 * @param unwrappedKeyCacheSize the most unwrapped keys held at once
 * @param clockSkew tolerance on token and signed-request-token times
 * @param jwksMinRefresh the shortest interval between two JWKS fetches for one federated issuer
 * @param serverTiming send per-stage durations in a {@code Server-Timing} header (for benchmarks;
 *     off by default: timings tell an observer about cache hits and unwrap time)
 * @param maxRewrapsInFlight the most rewraps this node works on at once; more are refused with 503
 *     and {@code Retry-After} (0 = unbounded)
 */
public record KasSettings(String opaUrl, String opaToken, Duration opaTimeout, Duration decisionCacheTtl, Duration unwrappedKeyCacheTtl,
        int unwrappedKeyCacheSize, Duration clockSkew, Duration jwksMinRefresh, boolean serverTiming, int maxRewrapsInFlight) {

    static final String OPA_URL = "opaUrl";
    static final String OPA_TOKEN = "opaToken";
    static final String OPA_TIMEOUT_MS = "opaTimeoutMs";
    static final String DECISION_CACHE_SECONDS = "decisionCacheSeconds";
    static final String KEY_CACHE_SECONDS = "unwrappedKeyCacheSeconds";
    static final String KEY_CACHE_SIZE = "unwrappedKeyCacheSize";
    static final String CLOCK_SKEW_SECONDS = "clockSkewSeconds";
    static final String JWKS_MIN_REFRESH_SECONDS = "jwksMinRefreshSeconds";
    static final String SERVER_TIMING = "serverTiming";
    static final String MAX_REWRAPS_IN_FLIGHT = "maxRewrapsInFlight";
    /**
     * Four per core: enough to keep the cores busy while OPA and the key provider answer, and well
     * below Keycloak's request threads (50 on a small machine), so the bound sheds before requests
     * queue in Keycloak.
     */
    static final int DEFAULT_MAX_REWRAPS_IN_FLIGHT = 4 * Runtime.getRuntime().availableProcessors();

    public KasSettings {
        if (unwrappedKeyCacheTtl.isNegative() || unwrappedKeyCacheTtl.compareTo(Duration.ofSeconds(60)) > 0) {
            throw new IllegalArgumentException(KEY_CACHE_SECONDS + " must be 0..60, was " + unwrappedKeyCacheTtl.toSeconds());
        }
        if (decisionCacheTtl.isNegative() || decisionCacheTtl.compareTo(Duration.ofSeconds(60)) > 0) {
            throw new IllegalArgumentException(DECISION_CACHE_SECONDS + " must be 0..60, was " + decisionCacheTtl.toSeconds());
        }
        if (decisionCacheTtl.compareTo(clockSkew) > 0) {
            throw new IllegalArgumentException(DECISION_CACHE_SECONDS + " must not exceed " + CLOCK_SKEW_SECONDS + " ("
                    + clockSkew.toSeconds() + "), was " + decisionCacheTtl.toSeconds());
        }
        if (unwrappedKeyCacheSize < 0) {
            throw new IllegalArgumentException(KEY_CACHE_SIZE + " must not be negative");
        }
        if (maxRewrapsInFlight < 0) {
            throw new IllegalArgumentException(MAX_REWRAPS_IN_FLIGHT + " must not be negative, was " + maxRewrapsInFlight);
        }
    }

    /** The settings before the bound on rewraps in flight existed: the default bound. */
    public KasSettings(String opaUrl, String opaToken, Duration opaTimeout, Duration decisionCacheTtl, Duration unwrappedKeyCacheTtl,
            int unwrappedKeyCacheSize, Duration clockSkew, Duration jwksMinRefresh, boolean serverTiming) {
        this(opaUrl, opaToken, opaTimeout, decisionCacheTtl, unwrappedKeyCacheTtl, unwrappedKeyCacheSize, clockSkew, jwksMinRefresh,
                serverTiming, DEFAULT_MAX_REWRAPS_IN_FLIGHT);
    }

    static KasSettings from(Config.Scope scope) {
        String envOpa = System.getenv("DIVE_OPA_URL");
        return new KasSettings(
                scope.get(OPA_URL, envOpa == null || envOpa.isBlank() ? "http://127.0.0.1:8181" : envOpa),
                scope.get(OPA_TOKEN),
                Duration.ofMillis(scope.getInt(OPA_TIMEOUT_MS, 500)),
                Duration.ofSeconds(scope.getInt(DECISION_CACHE_SECONDS, 0)),
                Duration.ofSeconds(scope.getInt(KEY_CACHE_SECONDS, 30)),
                scope.getInt(KEY_CACHE_SIZE, 10_000),
                Duration.ofSeconds(scope.getInt(CLOCK_SKEW_SECONDS, 30)),
                Duration.ofSeconds(scope.getInt(JWKS_MIN_REFRESH_SECONDS, 10)),
                scope.getBoolean(SERVER_TIMING, false),
                scope.getInt(MAX_REWRAPS_IN_FLIGHT, DEFAULT_MAX_REWRAPS_IN_FLIGHT));
    }

    public boolean hasOpaToken() {
        return opaToken != null && !opaToken.isBlank();
    }

    /** For logs: never the OPA token. */
    @Override
    public String toString() {
        return "KasSettings[opaUrl=" + opaUrl + ", opaToken " + (hasOpaToken() ? "set" : "unset")
                + ", opaTimeout=" + opaTimeout + ", decisionCacheTtl=" + decisionCacheTtl + ", unwrappedKeyCacheTtl="
                + unwrappedKeyCacheTtl + ", unwrappedKeyCacheSize=" + unwrappedKeyCacheSize + ", clockSkew=" + clockSkew
                + ", jwksMinRefresh=" + jwksMinRefresh + ", serverTiming=" + serverTiming + ", maxRewrapsInFlight=" + maxRewrapsInFlight
                + "]";
    }
}
