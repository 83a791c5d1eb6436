package io.dive.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;

class RedisSpiTest {

    @Test
    void theSpiIsRegisteredUnderTheNameTheStackScriptConfigures() {
        // ./dive passes --spi-dive-redis--jedis--host/port: the name and provider id are public.
        Spi spi = ServiceLoader.load(Spi.class).stream().map(ServiceLoader.Provider::get)
                .filter(RedisSpi.class::isInstance).findFirst().orElseThrow();
        assertThat(spi.getName()).isEqualTo("dive-redis");
        assertThat(spi.isInternal()).isFalse();
        assertThat(spi.getProviderClass()).isEqualTo(RedisProvider.class);
        assertThat(spi.getProviderFactoryClass()).isEqualTo(RedisProviderFactory.class);
    }

    @Test
    void theJedisFactoryIsRegisteredForTheSpi() {
        assertThat(ServiceLoader.load(RedisProviderFactory.class).stream().map(ServiceLoader.Provider::get)
                .map(ProviderFactory::getId)).containsExactly("jedis");
    }
}
