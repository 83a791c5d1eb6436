package io.dive.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.keycloak.Config;

/** The provider with nothing listening where the settings point (port 1 on loopback): no server needed. */
class JedisRedisProviderFactoryTest {

    private static final String PREFIX = "dive.test.redis.";
    private final JedisRedisProviderFactory factory = new JedisRedisProviderFactory();

    private RedisProvider provider(String replayCheck) {
        System.setProperty(PREFIX + "port", "1");
        System.setProperty(PREFIX + "connectTimeoutMillis", "200");
        System.setProperty(PREFIX + "replayCheck", replayCheck);
        factory.init(new Config.SystemPropertiesScope(PREFIX));
        factory.postInit(null); // logs the reason; Keycloak's start goes on
        return factory.create(null);
    }

    @AfterEach
    void clear() {
        factory.close();
        for (String key : new String[] {"port", "connectTimeoutMillis", "replayCheck"}) {
            System.clearProperty(PREFIX + key);
        }
    }

    @Test
    void anUnreachableRedisIsDownInHealthWithTheSettingToCheck() {
        RedisProvider redis = provider("best-effort");
        assertThat(redis.reachable()).isFalse();
        RedisHealth health = redis.health();
        assertThat(health.status()).isEqualTo("DOWN");
        assertThat(health.topology()).isEqualTo("standalone");
        assertThat(health.error()).contains("Redis at 127.0.0.1:1 does not answer")
                .contains("check spi-dive-redis--jedis--host and spi-dive-redis--jedis--port");
        assertThatThrownBy(redis::client).isInstanceOf(RedisUnavailableException.class)
                .hasMessageContaining("spi-dive-redis--jedis--port");
    }

    @Test
    void bestEffortSkipsAndCounts() {
        RedisProvider redis = provider("best-effort");
        assertThat(redis.replayCheckUnavailable("otp")).isEqualTo(ReplayCheck.Outcome.SKIPPED);
        assertThat(redis.replayCheckUnavailable("otp")).isEqualTo(ReplayCheck.Outcome.SKIPPED);
        assertThat(redis.health()).extracting(RedisHealth::replayCheck, RedisHealth::replayChecksSkipped,
                RedisHealth::replayChecksRefused).containsExactly("best-effort", 2L, 0L);
    }

    @Test
    void requiredRefusesAndCounts() {
        RedisProvider redis = provider("required");
        assertThat(redis.replayCheckUnavailable("otp")).isEqualTo(ReplayCheck.Outcome.REFUSED);
        assertThat(redis.health()).extracting(RedisHealth::replayCheck, RedisHealth::replayChecksSkipped,
                RedisHealth::replayChecksRefused).containsExactly("required", 0L, 1L);
    }
}
