package io.dive.redis;

import org.keycloak.provider.Provider;
import redis.clients.jedis.UnifiedJedis;

/**
 * Access to the DIVE Redis for one Keycloak session. Every DIVE key starts with
 * {@link RedisSettings#keyPrefix()}; what lives under it belongs to the feature that writes it
 * (today the OTP stores of the authenticators). Keys a feature reads or writes together carry one
 * hash tag ({@code {...}}) so that they share a slot when the topology is a Redis Cluster.
 */
public interface RedisProvider extends Provider {

    /** The settings in force (topology, host, port, prefix, TTL, ...). */
    RedisSettings settings();

    /**
     * The client, shared by all sessions, whatever the topology; the first use opens the connection
     * pool. Throws {@link RedisUnavailableException} (saying which setting to check) when it cannot.
     */
    UnifiedJedis client();

    /** True when Redis answers PING now (for health endpoints); never throws. */
    boolean reachable();

    /** Status for health endpoints: reachability, why not, topology, replay-check counters. Never throws. */
    default RedisHealth health() {
        return new RedisHealth(reachable() ? "UP" : "DOWN", settings().topology().name(), null,
                settings().replayCheck().value(), 0, 0);
    }

    /**
     * A replay check named {@code check} could not ask Redis: counts it and says, after the
     * {@code replayCheck} setting, whether the caller skips the check or refuses the value.
     */
    default ReplayCheck.Outcome replayCheckUnavailable(String check) {
        return settings().replayCheck() == ReplayCheck.REQUIRED ? ReplayCheck.Outcome.REFUSED : ReplayCheck.Outcome.SKIPPED;
    }
}
