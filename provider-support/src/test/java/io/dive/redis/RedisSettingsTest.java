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

    @Test
    void standaloneIsTheDefaultTopologyAndBestEffortTheDefaultReplayCheck() {
        RedisSettings settings = RedisSettings.from(Map.<String, String>of()::get);
        assertThat(settings.topology()).isInstanceOf(RedisTopology.Standalone.class);
        assertThat(settings.replayCheck()).isEqualTo(ReplayCheck.BEST_EFFORT);
    }

    @Test
    void sentinelNeedsAMasterNameAndSentinelsAndMayLogInToThem() {
        RedisSettings settings = RedisSettings.from(Map.of("topology", "sentinel", "masterName", "dive",
                "sentinels", "10.0.0.1:26379, 10.0.0.2:26379,[::1]:26380", "sentinelUser", "watcher",
                "sentinelPassword", "s3ntinel", "replayCheck", "required")::get);
        RedisTopology.Sentinel sentinel = (RedisTopology.Sentinel) settings.topology();
        assertThat(sentinel.masterName()).isEqualTo("dive");
        assertThat(sentinel.sentinels()).containsExactly(new RedisAddress("10.0.0.1", 26379),
                new RedisAddress("10.0.0.2", 26379), new RedisAddress("::1", 26380));
        assertThat(sentinel.user()).isEqualTo("watcher");
        assertThat(settings.replayCheck()).isEqualTo(ReplayCheck.REQUIRED);
        assertThat(settings.toString()).contains("sentinel master 'dive' via 10.0.0.1:26379,10.0.0.2:26379,[::1]:26380")
                .contains("sentinel password set").doesNotContain("s3ntinel").contains("replay check required");

        assertThatThrownBy(() -> RedisSettings.from(Map.of("topology", "sentinel", "sentinels", "h:1")::get))
                .hasMessageContaining("spi-dive-redis--jedis--master-name is required");
        assertThatThrownBy(() -> RedisSettings.from(Map.of("topology", "sentinel", "masterName", "dive")::get))
                .hasMessageContaining("spi-dive-redis--jedis--sentinels");
        assertThatThrownBy(() -> RedisSettings.from(Map.of("topology", "sentinel", "masterName", "dive",
                "sentinels", "h:1", "sentinelUser", "watcher")::get)).hasMessageContaining("spi-dive-redis--jedis--sentinel-password");
    }

    @Test
    void clusterNeedsSeedNodesAndDatabaseZero() {
        RedisSettings settings = RedisSettings.from(Map.of("topology", "cluster", "nodes", "r1:7000,r2:7000", "tls", "true",
                "user", "dive", "password", "p")::get);
        assertThat(((RedisTopology.Cluster) settings.topology()).nodes()).containsExactly(new RedisAddress("r1", 7000),
                new RedisAddress("r2", 7000));
        assertThat(settings.toString()).startsWith("rediss://cluster seeds r1:7000,r2:7000/0");
        assertThatThrownBy(() -> RedisSettings.from(Map.of("topology", "cluster")::get))
                .hasMessageContaining("spi-dive-redis--jedis--nodes");
        assertThatThrownBy(() -> RedisSettings.from(Map.of("topology", "cluster", "nodes", "r1:7000", "database", "1")::get))
                .hasMessageContaining("database must be 0");
        assertThatThrownBy(() -> RedisSettings.from(Map.of("topology", "cluster", "nodes", "r1")::get))
                .hasMessageContaining("spi-dive-redis--jedis--nodes: 'r1' is not host:port");
    }

    @Test
    void unknownTopologiesAndReplayChecksNameTheirSetting() {
        assertThatThrownBy(() -> RedisSettings.from(Map.of("topology", "sharded")::get))
                .hasMessageContaining("spi-dive-redis--jedis--topology must be standalone, sentinel or cluster");
        assertThatThrownBy(() -> RedisSettings.from(Map.of("replayCheck", "maybe")::get))
                .hasMessageContaining("spi-dive-redis--jedis--replay-check must be one of best-effort, required");
    }

    @Test
    void theSettingsShapeBeforeTopologiesStillBuildsAStandaloneRedis() {
        RedisSettings settings = new RedisSettings("h", 1, false, null, null, 0, "p:", Duration.ofSeconds(1),
                Duration.ofSeconds(1), Duration.ofSeconds(1), 1);
        assertThat(settings.topology()).isInstanceOf(RedisTopology.Standalone.class);
        assertThat(settings.replayCheck()).isEqualTo(ReplayCheck.BEST_EFFORT);
    }
}
