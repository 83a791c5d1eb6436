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
        assertThat(settings.user()).isNull();
        assertThat(settings.password()).isNull();
    }

    @Test
    void readsEveryKey() {
        RedisSettings settings = RedisSettings.from(Map.ofEntries(Map.entry("host", "redis.internal"),
                Map.entry("port", "6380"), Map.entry("tls", "true"), Map.entry("user", "dive"), Map.entry("password", "s3cret"),
                Map.entry("database", "2"), Map.entry("keyPrefix", "kc1:"), Map.entry("pendingSecretTtlSeconds", "30"),
                Map.entry("connectTimeoutMillis", "100"), Map.entry("socketTimeoutMillis", "200"),
                Map.entry("maxConnections", "4"))::get);
        assertThat(settings.port()).isEqualTo(6380);
        assertThat(settings.tls()).isTrue();
        assertThat(settings.user()).isEqualTo("dive");
        assertThat(settings.password()).isEqualTo("s3cret");
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
    void aUserNeedsAPasswordAndAnEmptyValueIsNone() {
        assertThatThrownBy(() -> RedisSettings.from(Map.of("user", "dive")::get))
                .hasMessageContaining("user 'dive' needs a password");
        assertThatThrownBy(() -> RedisSettings.from(Map.of("user", "dive", "password", "")::get))
                .hasMessageContaining("needs a password");
    }

    @Test
    void thePasswordNeverReachesTheLogs() {
        RedisSettings settings = RedisSettings.from(Map.of("user", "dive", "password", "s3cret")::get);
        assertThat(settings.toString()).doesNotContain("s3cret").contains("user 'dive'").contains("password set");
    }
}
