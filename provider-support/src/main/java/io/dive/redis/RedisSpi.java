package io.dive.redis;

import io.dive.support.ExtensionSpi;

/**
 * The DIVE Redis SPI ({@code dive-redis}): one connection for every DIVE provider that keeps state
 * shared by the cluster's nodes (the OTP flows' pending secrets, used codes and activation codes).
 */
public final class RedisSpi extends ExtensionSpi {

    public static final String NAME = "dive-redis";

    public RedisSpi() {
        super(NAME, RedisProvider.class, RedisProviderFactory.class);
    }
}
