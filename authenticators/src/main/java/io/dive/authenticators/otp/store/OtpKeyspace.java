package io.dive.authenticators.otp.store;

import java.util.Objects;
import redis.clients.jedis.UnifiedJedis;

/**
 * What the OTP stores share: the Redis client and the one key layout,
 * {@code <prefix>otp:<kind>:<realm>:<user>[:...]} (parts never contain ':').
 */
abstract class OtpKeyspace {

    final UnifiedJedis redis;
    private final String prefix;

    OtpKeyspace(UnifiedJedis redis, String keyPrefix) {
        this.redis = Objects.requireNonNull(redis, "redis");
        this.prefix = Objects.requireNonNull(keyPrefix, "keyPrefix");
    }

    final String key(String kind, String... parts) {
        return prefix + "otp:" + kind + ":" + String.join(":", parts);
    }
}
