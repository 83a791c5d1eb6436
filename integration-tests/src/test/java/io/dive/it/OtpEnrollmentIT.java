package io.dive.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.RedisClient;

/**
 * Clearance-conditional OTP enrollment through the broker's pages with the real Redis (issue 5,
 * "must show" 1–3). Users here are used by no other test class.
 */
@ExtendWith(DiveStackExtension.class)
class OtpEnrollmentIT {

    private static final String BROKER = "dive-broker";
    private static final String PASSWORD = "dive-demo-password";

    private static List<String> pendingKeys(RedisClient redis, String userId) {
        return List.copyOf(redis.keys("dive:otp:pending:*:" + userId + ":*")).stream()
                .filter(key -> !key.endsWith(":failures")).toList();
    }

    @Test
    void aSecretUsersFirstLoginEnrollsThroughRedisAndTheNextAsksOnlyForTheCode(DiveStack stack, KeycloakClient keycloak) {
        String username = "can-secret";
        BrowserSession browser = new BrowserSession(stack);
        BrowserSession.Page enrollment = browser.passwordAt(BROKER, "dive-demo", "can", username, PASSWORD);
        assertThat(enrollment.hasElement("dive-otp-enroll-form")).as(enrollment.html().text()).isTrue();
        assertThat(enrollment.hasElement("dive-otp-qr")).isTrue();
        String manualKey = enrollment.text("dive-otp-manual-key");
        // The secret is shown for the app, never carried in a form field.
        assertThat(enrollment.html().select("input").eachAttr("value")).noneMatch(value ->
                value.replace(" ", "").equalsIgnoreCase(manualKey.replace(" ", "")));

        try (RedisClient redis = stack.redis(DiveStack.REDIS_OPERATOR)) {
            String userId = keycloak.userId(BROKER, username);
            List<String> keys = pendingKeys(redis, userId);
            assertThat(keys).hasSize(1);
            long ttl = redis.ttl(keys.get(0));
            assertThat(ttl).isGreaterThan(0).isLessThanOrEqualTo(600);
            String stored = redis.get(keys.get(0));
            String secret = new String(Totp.base32(manualKey), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(stored).doesNotContain(secret).doesNotContain(manualKey.replace(" ", ""));

            BrowserSession.Page done = browser.submit(enrollment,
                    Map.of("otp", BrowserSession.freshCode(username, manualKey)));
            JsonNode claims = KeycloakClient.claims(browser.tokens(BROKER, "dive-demo", done).path("access_token").asText());
            assertThat(claims.path("acr").asText()).isEqualTo("2");
            assertThat(claims.path("amr").toString()).contains("\"otp\"");
            assertThat(pendingKeys(redis, userId)).as("the pending secret is deleted").isEmpty();
        }

        BrowserSession again = new BrowserSession(stack);
        BrowserSession.Page second = again.passwordAt(BROKER, "dive-demo", "can", username, PASSWORD);
        assertThat(second.hasElement("dive-otp-form")).as("only the code is asked: %s", second.html().text()).isTrue();
        assertThat(second.hasElement("dive-otp-manual-key")).isFalse();
        BrowserSession.Page done = again.submit(second, Map.of("otp", BrowserSession.freshCode(username, manualKey)));
        assertThat(KeycloakClient.claims(again.tokens(BROKER, "dive-demo", done).path("access_token").asText())
                .path("acr").asText()).isEqualTo("2");
    }

    @Test
    void anUnclassifiedUserLogsInWithPasswordOnlyAndNoRedisCommand(DiveStack stack) {
        try (RedisClient redis = stack.redis(DiveStack.REDIS_OPERATOR)) {
            String before = dataCommands(redis.info("commandstats"));
            BrowserSession browser = new BrowserSession(stack);
            BrowserSession.Page done = browser.passwordAt(BROKER, "dive-demo", "nld", "nld-unclassified", PASSWORD);
            JsonNode claims = KeycloakClient.claims(browser.tokens(BROKER, "dive-demo", done).path("access_token").asText());
            assertThat(claims.path("acr").asText()).isEqualTo("1");
            assertThat(claims.path("amr").toString()).isEqualTo("[\"pwd\"]");
            // Connection housekeeping (PING) aside, Keycloak sent Redis nothing for this login.
            assertThat(dataCommands(redis.info("commandstats"))).isEqualTo(before);
        }
    }

    /** The counters of the commands a login could issue (not PING, INFO or CLIENT). */
    private static String dataCommands(String commandStats) {
        return commandStats.lines()
                .filter(line -> line.matches("cmdstat_(get|set|del|incr|pexpire|expire|ttl|exists|keys|scan):.*"))
                .map(line -> line.replaceAll(",usec=.*", ""))
                .sorted().reduce("", (a, b) -> a + b + "\n");
    }

    /** Keycloak's brute-force detection locks users who fail twice within a second; type like a person. */
    private static void pause() {
        try {
            Thread.sleep(1_100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void wrongCodesAreRefusedAndCountedAndPastTheLimitTheSecretChanges(DiveStack stack, KeycloakClient keycloak) {
        String username = "esp-confidential";
        BrowserSession browser = new BrowserSession(stack);
        BrowserSession.Page page = browser.passwordAt(BROKER, "dive-demo", "esp", username, PASSWORD);
        String firstKey = page.text("dive-otp-manual-key");
        assertThat(firstKey).isNotBlank();
        try (RedisClient redis = stack.redis(DiveStack.REDIS_OPERATOR)) {
            String userId = keycloak.userId(BROKER, username);
            for (int attempt = 1; attempt <= 4; attempt++) {
                pause();
                page = browser.submit(page, Map.of("otp", "000000".equals(Totp.code(firstKey, Totp.step(System.currentTimeMillis())))
                        ? "111111" : "000000"));
                assertThat(page.hasElement("dive-otp-enroll-form")).isTrue();
                assertThat(page.html().text()).contains("That code is not valid");
                assertThat(page.text("dive-otp-manual-key")).as("same secret while under the limit").isEqualTo(firstKey);
                String failures = redis.get(pendingKeys(redis, userId).get(0) + ":failures");
                assertThat(failures).isEqualTo(Integer.toString(attempt));
            }
            pause();
            page = browser.submit(page, Map.of("otp", "000000".equals(Totp.code(firstKey, Totp.step(System.currentTimeMillis())))
                    ? "111111" : "000000"));
            assertThat(page.html().text()).contains("Too many wrong codes");
            String secondKey = page.text("dive-otp-manual-key");
            assertThat(secondKey).isNotBlank().isNotEqualTo(firstKey);
            // The discarded secret no longer works; the new one does, once.
            pause();
            BrowserSession.Page stale = browser.submit(page, Map.of("otp", Totp.code(firstKey, Totp.step(System.currentTimeMillis()))));
            assertThat(stale.hasElement("dive-otp-enroll-form")).isTrue();
            String code = BrowserSession.freshCode(username, secondKey);
            pause();
            BrowserSession.Page done = browser.submit(stale, Map.of("otp", code));
            assertThat(browser.tokens(BROKER, "dive-demo", done).path("access_token").asText()).isNotBlank();

            // The same code again, on a fresh login: refused as already used.
            BrowserSession replay = new BrowserSession(stack);
            BrowserSession.Page otp = replay.passwordAt(BROKER, "dive-demo", "esp", username, PASSWORD);
            pause();
            BrowserSession.Page refused = replay.submit(otp, Map.of("otp", code));
            assertThat(refused.code()).isNull();
            assertThat(refused.html().text()).contains("already been used");
        }
    }
}
