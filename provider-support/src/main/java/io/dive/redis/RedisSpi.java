package io.dive.redis;

import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;

/**
 * The DIVE Redis SPI ({@code dive-redis}): one connection for every DIVE provider that keeps state
 * shared by the cluster's nodes (the OTP flows' pending secrets, used codes and activation codes).
 */
public final class RedisSpi implements Spi {

    public static final String NAME = "dive-redis";

    @Override
    public boolean isInternal() {
        return false;
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public Class<? extends Provider> getProviderClass() {
        return RedisProvider.class;
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Class<? extends ProviderFactory> getProviderFactoryClass() {
        return RedisProviderFactory.class;
    }
}
