package io.dive.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RedisSettingsTest {

    @Test
    void defaultsSuitALoopbackRedis() {
        RedisSettings settings = RedisSettings.from(Map.<String, String>of()::get);
        assertThat(settings.host()).isEqualTo("127.0.0.1");
        assertThat(settings.port()).isEqualTo(6379);
        assertThat(settings.tls()).isFalse();
        assertThat(settings.keyPrefix()).isEqualTo("dive:");
        assertThat(settings.pendingSecretTtl()).isEqualTo(Duration.ofSeconds(600));
        assertThat(settings.maxConnections()).isEqualTo(16);
    }

    @Test
    void readsEveryKey() {
        RedisSettings settings = RedisSettings.from(Map.of("host", "redis.internal", "port", "6380", "tls", "true",
                "password", "s3cret", "database", "2", "keyPrefix", "kc1:", "pendingSecretTtlSeconds", "30",
                "connectTimeoutMillis", "100", "socketTimeoutMillis", "200", "maxConnections", "4")::get);
        assertThat(settings.port()).isEqualTo(6380);
        assertThat(settings.tls()).isTrue();
        assertThat(settings.database()).isEqualTo(2);
        assertThat(settings.pendingSecretTtl()).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.socketTimeout()).isEqualTo(Duration.ofMillis(200));
    }

    @Test
    void badValuesNameTheirKey() {
        assertThatThrownBy(() -> RedisSettings.from(Map.of("port", "six")::get)).hasMessageContaining("port");
        assertThatThrownBy(() -> RedisSettings.from(Map.of("port", "70000")::get)).hasMessageContaining("port");
        assertThatThrownBy(() -> RedisSettings.from(Map.of("tls", "yes")::get)).hasMessageContaining("tls");
        assertThatThrownBy(() -> RedisSettings.from(Map.of("pendingSecretTtlSeconds", "0")::get))
                .hasMessageContaining("pendingSecretTtlSeconds");
    }

    @Test
    void thePasswordNeverReachesTheLogs() {
        RedisSettings settings = RedisSettings.from(Map.of("password", "s3cret")::get);
        assertThat(settings.toString()).doesNotContain("s3cret").contains("password set");
    }
}
