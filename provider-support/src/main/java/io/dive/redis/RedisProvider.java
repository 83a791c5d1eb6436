package io.dive.redis;

import org.keycloak.provider.Provider;
import redis.clients.jedis.UnifiedJedis;

/**
 * Access to the DIVE Redis for one Keycloak session. Every DIVE key starts with
 * {@link RedisSettings#keyPrefix()}; what lives under it belongs to the feature that writes it
 * (today the OTP stores of the authenticators).
 */
public interface RedisProvider extends Provider {

    /** The settings in force (host, port, prefix, TTL, ...). */
    RedisSettings settings();

    /** The client, shared by all sessions; the first use opens the connection pool. */
    UnifiedJedis client();

    /** True when Redis answers PING now (for health endpoints); never throws. */
    boolean reachable();
}
