package io.dive.authenticators.redis;

import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;

/** The DIVE Redis SPI ({@code dive-redis}): the connection that holds pending OTP secrets. */
public final class DiveRedisSpi implements Spi {

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
        return DiveRedisProvider.class;
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Class<? extends ProviderFactory> getProviderFactoryClass() {
        return DiveRedisProviderFactory.class;
    }
}
