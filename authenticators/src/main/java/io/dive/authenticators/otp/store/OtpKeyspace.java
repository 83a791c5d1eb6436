package io.dive.authenticators.otp.store;

import java.util.Objects;
import redis.clients.jedis.UnifiedJedis;

/**
 * What the OTP stores share: the Redis client and the one key layout,
 * {@code <prefix>otp:<kind>:<realm>:<user>[:...]} (parts never contain ':'). Keys read or written
 * together carry their parts as a hash tag, {@code <prefix>otp:<kind>:{<realm>:<user>:...}[:suffix]}: in a
 * Redis Cluster only the tag is hashed, so they share a slot and one command may touch them all.
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

    /** A key whose parts are its hash tag: every key made from the same parts lands in one slot. */
    final String taggedKey(String kind, String... parts) {
        return prefix + "otp:" + kind + ":{" + String.join(":", parts) + "}";
    }
}
