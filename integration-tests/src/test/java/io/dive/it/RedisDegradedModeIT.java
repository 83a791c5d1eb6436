package io.dive.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.dive.redis.RedisConnections;
import io.dive.redis.RedisSettings;
import io.dive.redis.RedisUnavailableException;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 18 "must show" 3 and 4: what the replay check does while Redis is stopped, by the dive-redis
 * {@code replayCheck} setting, as the user and the health output see it; and bad Redis settings
 * reported at start with the setting to change. Restarts the stack's Keycloak with other settings
 * and puts the stack's back at the end. Users here are used by no other test class.
 */
@ExtendWith(DiveStackExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RedisDegradedModeIT {

    private static final String BROKER = "dive-broker";
    private static final String PASSWORD = "dive-demo-password";
    private static DiveStack stack;
    private static boolean restarted;

    @AfterAll
    static void restoreTheStacksKeycloak() {
        if (stack != null) {
            stack.startMissing();
            if (restarted) {
                stack.restartKeycloak(Map.of());
            }
        }
    }

    private static JsonNode redisHealth(KeycloakClient keycloak) {
        return keycloak.get(stack.keycloakUrl() + "/realms/" + BROKER + "/kas/health").json().path("redis");
    }

    /** Enrolls {@code username} (Redis up); returns the manual key. */
    private static String enroll(String username, String idp) {
        BrowserSession browser = new BrowserSession(stack);
        BrowserSession.Page enrollment = browser.passwordAt(BROKER, "dive-demo", idp, username, PASSWORD);
        String key = enrollment.text("dive-otp-manual-key");
        assertThat(key).as(enrollment.html().text()).isNotBlank();
        BrowserSession.Page done = browser.submit(enrollment, Map.of("otp", BrowserSession.freshCode(username, key)));
        assertThat(done.code()).as("enrolled").isNotNull();
        return key;
    }

    @Test
    @Order(1)
    void byDefaultAnEnrolledUserLogsInWithRedisStoppedAndTheSkippedCheckIsCounted(DiveStack diveStack, KeycloakClient keycloak) {
        stack = diveStack;
        String username = "pol-secret";
        String key = enroll(username, "pol");
        assertThat(redisHealth(keycloak).path("replayCheck").asText()).isEqualTo("best-effort");
        long skipped = redisHealth(keycloak).path("replayChecksSkipped").asLong();
        stack.stopRedis();
        try {
            BrowserSession browser = new BrowserSession(stack);
            BrowserSession.Page otp = browser.passwordAt(BROKER, "dive-demo", "pol", username, PASSWORD);
            assertThat(otp.hasElement("dive-otp-form")).as(otp.html().text()).isTrue();
            BrowserSession.Page done = browser.submit(otp, Map.of("otp", BrowserSession.freshCode(username, key)));
            assertThat(KeycloakClient.claims(browser.tokens(BROKER, "dive-demo", done).path("access_token").asText())
                    .path("acr").asText()).isEqualTo("2");
            JsonNode health = redisHealth(keycloak);
            assertThat(health.path("status").asText()).isEqualTo("DOWN");
            assertThat(health.path("replayChecksSkipped").asLong()).isEqualTo(skipped + 1);
            assertThat(health.path("replayChecksRefused").asLong()).isZero();
        } finally {
            stack.startMissing();
        }
    }

    @Test
    @Order(2)
    void withReplayCheckRequiredTheCodeIsRefusedWithAPageSayingItCannotBeCheckedAndCounted(KeycloakClient keycloak) {
        restarted = true;
        stack.restartKeycloak(Map.of("KC_SPI_DIVE_REDIS__JEDIS__REPLAY_CHECK", "required"));
        String username = "pol-top-secret";
        String key = enroll(username, "pol");
        assertThat(redisHealth(keycloak).path("replayCheck").asText()).isEqualTo("required");
        stack.stopRedis();
        try {
            BrowserSession browser = new BrowserSession(stack);
            BrowserSession.Page otp = browser.passwordAt(BROKER, "dive-demo", "pol", username, PASSWORD);
            BrowserSession.Page refused = browser.submit(otp, Map.of("otp", BrowserSession.freshCode(username, key)));
            assertThat(refused.code()).as("no login without the cluster-wide replay check").isNull();
            assertThat(refused.status()).isEqualTo(200);
            assertThat(refused.hasElement("dive-otp-form")).as(refused.html().text()).isTrue();
            assertThat(refused.html().text()).contains("Your second factor cannot be checked right now");
            JsonNode health = redisHealth(keycloak);
            assertThat(health.path("replayChecksRefused").asLong()).isEqualTo(1);
            assertThat(health.path("replayChecksSkipped").asLong()).isZero();
        } finally {
            stack.startMissing();
        }
    }

    @Test
    @Order(3)
    void noSentinelReachableIsReportedAtStartWithTheSettingAndTheFirstLoginGetsAClearPage(KeycloakClient keycloak) {
        restarted = true;
        long offset = stack.restartKeycloak(Map.of("KC_SPI_DIVE_REDIS__JEDIS__TOPOLOGY", "sentinel",
                "KC_SPI_DIVE_REDIS__JEDIS__MASTER_NAME", DiveStack.SENTINEL_MASTER,
                "KC_SPI_DIVE_REDIS__JEDIS__SENTINELS", "127.0.0.1:26398,127.0.0.1:26399"));
        // Ready means started: the line is there before any login.
        String start = stack.keycloakLog().substring((int) offset);
        assertThat(start).contains("DIVE Redis unusable at start (sentinel): no sentinel answers at "
                + "127.0.0.1:26398,127.0.0.1:26399: check spi-dive-redis--jedis--sentinels");
        assertThat(start).doesNotContainPattern("\\n\\s+at (io\\.dive|redis\\.clients)");
        assertThat(redisHealth(keycloak).path("error").asText()).contains("check spi-dive-redis--jedis--sentinels");

        BrowserSession browser = new BrowserSession(stack);
        BrowserSession.Page page = browser.passwordAt(BROKER, "dive-demo", "pol", "pol-confidential", PASSWORD);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.hasElement("dive-otp-error")).as(page.html().text()).isTrue();
        assertThat(stack.keycloakLog().substring((int) offset)).doesNotContainPattern("\\n\\s+at (io\\.dive|redis\\.clients)");
    }

    /** The same check Keycloak runs at start, against the real Sentinels and a dead seed. */
    @Test
    @Order(4)
    void aWrongMasterNameAndAnUnreachableClusterSeedNameTheirSetting() {
        stack.startSentinel();
        try {
            String password = stack.redisPassword(DiveStack.REDIS_DIVE_USER);
            String sentinels = "127.0.0.1:" + DiveStack.SENTINEL_PORTS.get(2) + ",127.0.0.1:" + DiveStack.SENTINEL_PORTS.get(3);
            Map<String, String> good = Map.of("topology", "sentinel", "masterName", DiveStack.SENTINEL_MASTER,
                    "sentinels", sentinels, "user", "dive", "password", password, "sentinelUser", "dive", "sentinelPassword", password);
            RedisConnections.open(RedisSettings.from(good::get)).close();

            Map<String, String> wrongName = new java.util.HashMap<>(good);
            wrongName.put("masterName", "dive-typo");
            assertThatThrownBy(() -> RedisConnections.open(RedisSettings.from(wrongName::get)))
                    .isInstanceOf(RedisUnavailableException.class)
                    .hasMessageContaining("monitors no master named 'dive-typo': check spi-dive-redis--jedis--master-name");

            Map<String, String> deadSeed = Map.of("topology", "cluster", "nodes", "127.0.0.1:27199", "user", "dive", "password", password);
            assertThatThrownBy(() -> RedisConnections.open(RedisSettings.from(deadSeed::get)))
                    .isInstanceOf(RedisUnavailableException.class)
                    .hasMessageContaining("no cluster seed node answers at 127.0.0.1:27199")
                    .hasMessageContaining("check spi-dive-redis--jedis--nodes");
        } finally {
            stack.stopSentinel();
        }
    }
}
