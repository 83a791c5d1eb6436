package io.dive.authenticators.redis;

import org.keycloak.provider.ProviderFactory;

/** Factory type of the {@code dive-redis} SPI. */
public interface DiveRedisProviderFactory extends ProviderFactory<DiveRedisProvider> {
}
