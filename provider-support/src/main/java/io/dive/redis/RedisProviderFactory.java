package io.dive.redis;

import org.keycloak.provider.ProviderFactory;

/** Factory type of the {@code dive-redis} SPI. */
public interface RedisProviderFactory extends ProviderFactory<RedisProvider> {
}
